"""Teaching cases: every stated answer recomputed by the engine; loader, quiz, what-if, link."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from knowledge import loading
from knowledge.drugs import default_catalogue
from knowledge.loading import KnowledgeError
from scoring import scorten
from teaching.cases import (
    FICTIONAL_LABEL,
    QUERY_PARAM,
    TeachingSet,
    criterion_explanation,
    culprit_ranking,
    load_teaching,
    parse_teaching,
    score_assessment,
)
from teaching.classroom import (
    case_from_link,
    culprit_display_name,
    empty_tally,
    grade_quiz,
    presenter_slides,
    share_query,
    tally_text,
    update_tally,
)
from teaching.whatif import what_if, whatif_start

TEACHING = load_teaching()
CASE_DAYS = [(c.id, a.day) for c in TEACHING.cases for a in c.assessments]


@pytest.fixture
def raw() -> dict[str, Any]:
    with (loading.DATA_DIR / "teaching_cases.yaml").open(encoding="utf-8") as handle:
        return copy.deepcopy(yaml.safe_load(handle))


# --- the shipped cases ----------------------------------------------------------------------


def test_at_least_eight_fictional_cases_with_unique_ids():
    assert len(TEACHING.cases) >= 8
    assert len(set(TEACHING.ids)) == len(TEACHING.ids)
    assert {c.label for c in TEACHING.cases} == {FICTIONAL_LABEL}


@pytest.mark.parametrize(("case_id", "day"), CASE_DAYS)
def test_stated_severity_answers_equal_the_engine(case_id, day):
    case = TEACHING.get(case_id)
    expected = case.assessment(day).expected
    result = score_assessment(case, day)
    assert result.errors == []
    assert result.scorten.score == expected.scorten
    assert result.abcd10.score == expected.abcd10
    assert result.classification == expected.classification


@pytest.mark.parametrize("case_id", TEACHING.ids)
def test_stated_culprit_is_alden_top_drug(case_id):
    case = TEACHING.get(case_id)
    ranking = culprit_ranking(case)
    assert ranking.errors == ()
    top = ranking.drugs[0]
    assert top.normalized_name == case.culprit.drug
    assert top.score == case.culprit.alden_score
    assert top.category == case.culprit.alden_category
    # The culprit is unambiguous: the runner-up scores strictly lower.
    assert ranking.drugs[1].score < top.score


@pytest.mark.parametrize("case_id", TEACHING.ids)
def test_every_drug_of_a_case_is_in_the_catalogue(case_id):
    catalogue = default_catalogue()
    for name in TEACHING.get(case_id).drug_names():
        assert catalogue.lookup(name).known, name


def test_cases_cover_every_scorten_value_from_0_to_7():
    stated = {a.expected.scorten for c in TEACHING.cases for a in c.assessments}
    assert stated == set(range(scorten.MAX_SCORE + 1))


def _by_tag(tag: str):
    return [c for c in TEACHING.cases if tag in c.tags]


def test_classic_scenarios_are_present():
    (ltg,) = _by_tag("lamotrigine-valproate")
    assert {d.name for d in ltg.drugs} == {"lamotrigine", "valproate"}
    assert ltg.assessments[0].inputs["age_years"] >= 18
    (allo,) = _by_tag("hla-b5801")
    assert allo.culprit.drug == "allopurinol"
    assert "Korean" in allo.steps[0].text or "Han Chinese" in allo.steps[0].text
    (cbz,) = _by_tag("hla-b1502")
    assert cbz.culprit.drug == "carbamazepine"
    assert "HLA-B*15:02" in cbz.steps[0].text
    (child,) = _by_tag("child")
    assert child.assessments[0].inputs["age_years"] < 18
    assert all(c.assessments[0].inputs["malignancy"] for c in _by_tag("cancer"))
    assert len(_by_tag("cancer")) >= 1


def test_the_disagreement_case_really_disagrees():
    (case,) = _by_tag("scores-disagree")
    result = score_assessment(case, 1)
    # SCORTEN in the bottom third of its range, ABCD-10 at half of its range or more.
    assert result.scorten.score / scorten.MAX_SCORE < 1 / 3
    assert result.abcd10.score / 8 >= 1 / 2


def test_the_day3_case_changes_score_between_day_1_and_day_3():
    (case,) = _by_tag("day3-change")
    assert case.days == [1, 3]
    assert [score_assessment(case, d).scorten.score for d in case.days] == [3, 5]


# --- the loader fails loudly ----------------------------------------------------------------


def test_a_case_not_labelled_fictional_is_refused(raw):
    raw["cases"][0]["label"] = "Teaching case"
    with pytest.raises(KnowledgeError, match=r"case lamotrigine-valproate: label: "):
        parse_teaching(raw)


def test_an_unknown_input_field_is_refused(raw):
    raw["cases"][1]["assessments"][0]["inputs"]["lactate"] = 3
    with pytest.raises(KnowledgeError, match=r"case allopurinol-hla-b5801: assessments.0.inputs"):
        parse_teaching(raw)


def test_an_unknown_source_is_refused(raw):
    raw["cases"][2]["teaching_points"][0]["sources"] = ["nobody2099"]
    with pytest.raises(KnowledgeError, match="case carbamazepine-hla-b1502: unknown source"):
        parse_teaching(raw)


def test_a_source_without_doi_or_pmid_is_refused(raw):
    del raw["sources"]["scar1995"]["pmid"]
    with pytest.raises(KnowledgeError, match="a source needs a DOI or a PMID"):
        parse_teaching(raw)


def test_a_duplicated_case_id_is_refused(raw):
    raw["cases"][1]["id"] = raw["cases"][0]["id"]
    with pytest.raises(KnowledgeError, match="case id 'lamotrigine-valproate' is used twice"):
        parse_teaching(raw)


def test_an_alden_category_that_does_not_match_the_score_is_refused(raw):
    raw["cases"][0]["culprit"]["alden_category"] = "probable"
    with pytest.raises(KnowledgeError, match="ALDEN 6 is 'very probable', not 'probable'"):
        parse_teaching(raw)


def test_a_step_on_a_day_without_assessment_is_refused(raw):
    raw["cases"][0]["steps"][0]["day"] = 3
    with pytest.raises(KnowledgeError, match="every step's day must be an assessment day"):
        parse_teaching(raw)


def test_a_malformed_case_id_is_refused(raw):
    raw["cases"][0]["id"] = "Lamotrigine Case"
    with pytest.raises(KnowledgeError, match=r"case Lamotrigine Case: id: "):
        parse_teaching(raw)


def test_a_file_without_cases_is_refused():
    with pytest.raises(KnowledgeError, match="expected a mapping with keys 'sources' and 'cases'"):
        parse_teaching({"cases": []})


# --- explanations, quiz and tally -----------------------------------------------------------


def test_criterion_explanations_are_exact():
    case = TEACHING.get("lamotrigine-valproate")
    rows = {c.key: c for c in score_assessment(case, 1).scorten.criteria}
    assert criterion_explanation(rows["heart_rate_bpm"]) == (
        "Heart rate 124 /min meets the rule Heart rate > 120 /min: 1 point."
    )
    assert criterion_explanation(rows["age_years"]) == (
        "Age 29 years does not meet the rule Age > 40 years: 0 points."
    )
    assert criterion_explanation(rows["malignancy"]) == (
        "Malignancy no does not meet the rule Malignancy present: 0 points."
    )
    assert criterion_explanation(rows["bicarbonate_mmol_l"]) == (
        "Bicarbonate 20 mmol/L does not meet the rule Bicarbonate < 20 mmol/L "
        "(mEq/L is the same): 0 points. Exactly at the cut-off: no point in the original; "
        "some calculators count it."
    )


def test_explanation_of_a_value_given_in_mg_dl_shows_the_conversion():
    case = TEACHING.get("dialysis-scores-disagree")
    rows = {c.key: c for c in score_assessment(case, 1).scorten.criteria}
    assert criterion_explanation(rows["urea_mmol_l"]) == (
        "Urea 69 mg/dL (= 24.6 mmol/L) meets the rule Urea > 10 mmol/L (BUN 28 mg/dL): 1 point."
    )


def test_quiz_feedback_for_right_answers():
    case = TEACHING.get("lamotrigine-valproate")
    feedback = grade_quiz(case, 1, 2, "lamotrigine")
    assert (feedback.scorten_correct, feedback.culprit_correct) == (True, True)
    assert feedback.headline == "SCORTEN correct · culprit correct"
    assert feedback.scorten_reasoning[-1] == "Total: SCORTEN 2 of 7."
    assert len(feedback.scorten_reasoning) == 8
    assert feedback.culprit_reasoning == case.culprit.reasoning


def test_quiz_feedback_for_wrong_answers_names_the_right_ones():
    case = TEACHING.get("child-cotrimoxazole")
    feedback = grade_quiz(case, 1, 1, "paracetamol")
    assert (feedback.scorten_correct, feedback.culprit_correct) == (False, False)
    assert (feedback.scorten_answer, feedback.culprit_answer) == (0, "co-trimoxazole")
    assert feedback.headline == "SCORTEN not quite · culprit not quite"


def test_quiz_on_day_3_uses_day_3_values():
    feedback = grade_quiz(TEACHING.get("day3-progression"), 3, 5, "nevirapine")
    assert (feedback.scorten_answer, feedback.scorten_correct) == (5, True)


def test_culprit_display_name_is_the_case_own_name():
    assert culprit_display_name(TEACHING.get("child-cotrimoxazole")) == "co-trimoxazole"
    assert culprit_display_name(TEACHING.get("allopurinol-hla-b5801")) == "allopurinol"


def test_tally_counts_the_first_answer_per_case_only():
    ltg, child = TEACHING.get("lamotrigine-valproate"), TEACHING.get("child-cotrimoxazole")
    tally = empty_tally()
    assert tally_text(tally) == "No cases answered yet this session."
    tally = update_tally(tally, grade_quiz(ltg, 1, 2, "valproate"))
    tally = update_tally(tally, grade_quiz(ltg, 1, 2, "lamotrigine"))  # re-check: not counted
    tally = update_tally(tally, grade_quiz(child, 1, 0, "co-trimoxazole"))
    assert tally == {
        "answered": ["lamotrigine-valproate@1", "child-cotrimoxazole@1"],
        "scorten_correct": 2,
        "culprit_correct": 1,
    }
    assert tally_text(tally) == "2 cases answered · SCORTEN 2/2 · culprit 1/2"


# --- what-if --------------------------------------------------------------------------------


def test_what_if_shows_the_flipped_criterion_and_the_mortality_move():
    case = TEACHING.get("lamotrigine-valproate")
    change = what_if(case, 1, {"bicarbonate_mmol_l": 19})
    assert [(f.label, f.before, f.after) for f in change.flips] == [("Bicarbonate", False, True)]
    assert (change.score_before, change.score_after) == (2, 3)
    assert round(change.mortality_before_pct, 1) == 12.2
    assert round(change.mortality_after_pct, 1) == 32.4
    assert change.errors == []


def test_what_if_in_mmol_l_replaces_a_value_given_in_mg_dl():
    case = TEACHING.get("dialysis-scores-disagree")
    start = whatif_start(case, 1)
    assert round(start["urea_mmol_l"], 2) == 24.64
    change = what_if(case, 1, {"urea_mmol_l": 9.0})
    assert change.errors == []
    assert [(f.label, f.before, f.after) for f in change.flips] == [("Urea", True, False)]
    assert (change.score_before, change.score_after) == (2, 1)


def test_what_if_from_the_start_values_changes_nothing():
    case = TEACHING.get("dialysis-scores-disagree")
    change = what_if(case, 1, whatif_start(case, 1))
    assert (change.flips, change.errors, change.score_after) == ([], [], 2)


def test_what_if_with_no_change_flips_nothing():
    change = what_if(TEACHING.get("myeloma-meloxicam"), 1, {})
    assert change.flips == []
    assert change.score_before == change.score_after == 7


def test_what_if_with_an_impossible_value_gives_no_score_and_says_why():
    change = what_if(TEACHING.get("lamotrigine-valproate"), 1, {"age_years": -1})
    assert change.score_after is None
    assert change.errors == ["age_years: -1 years is impossible: below 0 (age cannot be negative)."]


# --- presenter and link ---------------------------------------------------------------------


def test_presenter_slides_one_idea_each():
    case = TEACHING.get("day3-progression")
    slides = presenter_slides(case, TEACHING)
    headings = [s.heading for s in slides]
    assert headings == [
        "Day 1 versus day 3",
        "Presentation",
        "Day 1",
        "Day 3",
        "Day 1: SCORTEN 3 of 7",
        "Day 3: SCORTEN 5 of 7",
        "Likely culprit: nevirapine",
        "Teaching point 1",
        "Teaching point 2",
    ]
    assert slides[0].body[0] == FICTIONAL_LABEL
    assert slides[5].body[0] == "Predicted mortality 85.0 %"


def test_share_query_carries_only_the_case_id():
    case = TEACHING.get("carbamazepine-hla-b1502")
    assert share_query(case) == {QUERY_PARAM: "carbamazepine-hla-b1502"}


def test_link_to_a_known_case_opens_it():
    lookup = case_from_link("child-cotrimoxazole", TEACHING)
    assert lookup.case is TEACHING.get("child-cotrimoxazole")
    assert lookup.message is None


def test_link_to_an_unknown_case_says_so():
    lookup = case_from_link("no-such-case", TEACHING)
    assert lookup.case is None
    assert lookup.message == "No teaching case is called 'no-such-case'. Pick one below."


@pytest.mark.parametrize("value", ["<script>", "Lamotrigine", "a" * 61, "x--y"])
def test_a_malformed_link_is_not_echoed(value):
    lookup = case_from_link(value, TEACHING)
    assert lookup.case is None
    assert lookup.message == "The link does not name a teaching case (malformed case id)."


def test_no_link_means_no_message():
    assert case_from_link(None, TEACHING) == case_from_link("", TEACHING)
    assert case_from_link(None, TEACHING).message is None


def test_a_repeated_parameter_uses_the_last_value():
    assert case_from_link(["x", "child-cotrimoxazole"], TEACHING).case.id == "child-cotrimoxazole"


def test_teaching_set_get_unknown_raises():
    with pytest.raises(KeyError):
        TeachingSet(cases=(), sources={}).get("x")
