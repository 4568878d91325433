"""Teaching cases: every stated answer recomputed by the engine; the loader; explanations."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml

from knowledge import loading
from knowledge.drugs import default_catalogue
from knowledge.i18n import catalogue, entry_fingerprint
from knowledge.loading import KnowledgeError
from scoring import scorten
from teaching.cases import (
    FICTIONAL_LABEL,
    TeachingSet,
    case_text,
    criterion_explanation,
    culprit_ranking,
    english_originals,
    load_teaching,
    parse_teaching,
    score_assessment,
)

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


# --- explanations ----------------------------------------------------------------------


def test_criterion_explanations_are_exact():
    case = TEACHING.get("lamotrigine-valproate")
    rows = {c.key: c for c in score_assessment(case, 1).scorten.criteria}
    assert criterion_explanation(rows["heart_rate_bpm"], lang="en") == (
        "Heart rate 124 /min meets the rule Heart rate > 120 /min: 1 point."
    )
    assert criterion_explanation(rows["age_years"], lang="en") == (
        "Age 29 years does not meet the rule Age > 40 years: 0 points."
    )
    assert criterion_explanation(rows["malignancy"], lang="en") == (
        "Malignancy no does not meet the rule Malignancy present: 0 points."
    )
    assert criterion_explanation(rows["bicarbonate_mmol_l"], lang="en") == (
        "Bicarbonate 20 mmol/L does not meet the rule Bicarbonate < 20 mmol/L "
        "(mEq/L is the same): 0 points. Note: exactly at the cut-off: no point in the original "
        "SCORTEN, which requires a value below it (Bastuji-Garin 2000)."
    )


def test_explanation_of_a_value_given_in_mg_dl_shows_the_conversion():
    case = TEACHING.get("dialysis-scores-disagree")
    rows = {c.key: c for c in score_assessment(case, 1).scorten.criteria}
    assert criterion_explanation(rows["urea_mmol_l"], lang="en") == (
        "Urea 69 mg/dL (= 24.6 mmol/L) meets the rule Urea > 10 mmol/L (BUN 28 mg/dL): 1 point."
    )


def test_teaching_set_get_unknown_raises():
    with pytest.raises(KeyError):
        TeachingSet(cases=(), sources={}).get("x")


# --- Korean beside the English (issue 23) ------------------------------------------------


def _parts(teaching: TeachingSet) -> list[tuple[str, Any]]:
    """Every part of every case that may carry Korean, named for a failure message."""
    found: list[tuple[str, Any]] = []
    for case in teaching.cases:
        found.append((case.id, case))
        found += [(f"{case.id} step {n}", s) for n, s in enumerate(case.steps, start=1)]
        found.append((f"{case.id} culprit", case.culprit))
        found += [
            (f"{case.id} teaching point {n}", p)
            for n, p in enumerate(case.teaching_points, start=1)
        ]
    return found


def _stale(teaching: TeachingSet) -> list[str]:
    """Parts whose Korean was read against an English that has changed since. (Korean not
    yet read at all is the lead's final check, across every clinical text.)"""
    return [
        name
        for name, part in _parts(teaching)
        if part.ko
        and part.ko_checked is not None
        and part.ko_checked.en_sha != entry_fingerprint(part, part.ko)
    ]


def test_every_reading_of_the_cases_korean_is_of_the_current_english():
    assert _stale(TEACHING) == []


def test_a_reading_of_an_english_that_has_changed_is_named(raw):
    case = raw["cases"][0]
    del case["ko_checked"]  # the shipped reading is of the shipped Korean; this test writes its own
    case["ko"] = {"title": "발프로산에 라모트리진 추가"}
    case["steps"][0]["ko"] = {"title": "내원 시 소견"}
    case["steps"][0]["ko_checked"] = {"date": "2026-12-07", "en_sha": "0" * 12}  # stale
    teaching = parse_teaching(raw)
    assert _stale(teaching) == ["lamotrigine-valproate step 1"]
    title_only = {"title": case["ko"]["title"]}
    case["ko_checked"] = {
        "date": "2026-12-07",
        "en_sha": entry_fingerprint(teaching.cases[0], title_only),
    }
    case["steps"][0]["title"] = "Presentation"  # unchanged English: its reading holds
    case["steps"][0]["ko_checked"]["en_sha"] = entry_fingerprint(
        teaching.cases[0].steps[0], {"title": "내원 시 소견"}
    )
    assert _stale(parse_teaching(raw)) == []
    case["title"] = "Lamotrigine added to valproic acid"  # the English changed
    assert _stale(parse_teaching(raw)) == ["lamotrigine-valproate"]


def test_korean_is_shown_where_written_and_the_english_otherwise(raw):
    case = raw["cases"][0]
    case["ko"] = {"title": "발프로산에 라모트리진 추가"}
    korean = parse_teaching(raw).cases[0]
    assert case_text(korean, "title", "ko") == "발프로산에 라모트리진 추가"
    assert case_text(korean, "title", "en") == "Lamotrigine added to valproate"
    assert case_text(korean, "summary", "ko") == korean.summary  # no Korean: the English
    assert english_originals("ko", (korean, "title"), (korean, "summary")) == [
        "Lamotrigine added to valproate"
    ]
    assert english_originals("en", (korean, "title"), (korean, "summary")) == []


def test_korean_of_a_field_that_is_not_text_is_refused(raw):
    raw["cases"][0]["steps"][0]["ko"] = {"day": "1일째"}
    with pytest.raises(KnowledgeError, match="'day' is not a text field here"):
        parse_teaching(raw)


def test_an_empty_korean_text_is_refused(raw):
    raw["cases"][0]["culprit"]["ko"] = {"reasoning": " "}
    with pytest.raises(KnowledgeError, match="an empty Korean text"):
        parse_teaching(raw)


def test_criterion_explanations_in_korean():
    """The engine's words (labels, rules, "29세") inside the teaching sentence."""
    case = TEACHING.get("lamotrigine-valproate")
    rows = {c.key: c for c in score_assessment(case, 1).scorten.criteria}
    assert criterion_explanation(rows["heart_rate_bpm"], lang="ko") == (
        "심박수 124 /min: 기준 심박수 > 120 /min 충족, 1점."
    )
    assert criterion_explanation(rows["age_years"], lang="ko") == (
        "나이 29세: 기준 나이 > 40세 미충족, 0점."
    )
    assert criterion_explanation(rows["malignancy"], lang="ko") == (
        "악성 종양 아니요: 기준 악성 종양 있음 미충족, 0점."
    )
    assert criterion_explanation(rows["bicarbonate_mmol_l"], lang="ko") == (
        "중탄산염 20 mmol/L: 기준 중탄산염 < 20 mmol/L (mEq/L도 같음) 미충족, 0점. "
        "참고: 정확히 기준값입니다. 원래의 SCORTEN은 기준값 미만이어야 점수를 주므로 "
        "0점입니다(Bastuji-Garin 2000)."
    )


def test_explanations_in_korean_of_a_value_in_mg_dl_and_of_abcd10():
    case = TEACHING.get("dialysis-scores-disagree")
    result = score_assessment(case, 1)
    urea = next(c for c in result.scorten.criteria if c.key == "urea_mmol_l")
    assert criterion_explanation(urea, lang="ko") == (
        "혈청 요소 69 mg/dL (= 24.6 mmol/L): 기준 혈청 요소 > 10 mmol/L (BUN 28 mg/dL) 충족, 1점."
    )
    dialysis = next(c for c in result.abcd10.criteria if c.key == "dialysis_before_admission")
    assert criterion_explanation(dialysis, lang="ko", score="abcd10") == (
        "입원 전 투석 예: 기준 입원 전 투석 있음 충족, 3점."
    )
    assert criterion_explanation(dialysis, lang="en", score="abcd10") == (
        "Dialysis before admission yes meets the rule Dialysis before admission present: 3 points."
    )


# --- the shipped Korean (issue 23) --------------------------------------------------------


def test_every_text_field_of_every_case_has_korean():
    """Titles, summaries, steps, culprit reasoning and teaching points: each part of each
    case carries Korean for every one of its text fields."""
    missing = [
        f"{name}: {field}"
        for name, part in _parts(TEACHING)
        for field in part.TRANSLATED
        if field not in (part.ko or {})
    ]
    assert missing == []


def test_the_korean_of_a_case_title_and_its_first_step_is_exact():
    case = TEACHING.get("lamotrigine-valproate")
    step = case.steps[0]
    assert case_text(case, "title", "ko") == "Valproate에 lamotrigine 추가"
    assert case_text(step, "title", "ko") == "병력"
    assert case_text(step, "text", "ko") == (
        "전신 뇌전증이 있는 29세 여성으로, 3년 동안 valproate로 잘 조절되어 왔으며 16일 전 "
        "lamotrigine이 추가되었습니다. 용량은 허가사항에 제시된 valproate 복용 환자용 일정보다 "
        "빠르게 증량되었습니다."
    )


def test_the_korean_of_a_culprit_and_a_teaching_point_is_exact():
    case = TEACHING.get("dialysis-scores-disagree")
    assert case_text(case.culprit, "reasoning", "ko") == (
        "Amoxicillin은 발병 7일 전에 시작했습니다(지연 기간 '시사적'). 아미노페니실린은 "
        "SJS/TEN과 연관이 있지만, 위험도는 '고위험' 약물보다 낮습니다. Bisoprolol은 수년간 "
        "복용해 왔고 계속 복용했으나 해가 없었습니다."
    )
    assert case_text(case.teaching_points[2], "text", "ko") == (
        "BUN은 요소 질소(urea nitrogen)입니다. 요소 mmol/L = BUN mg/dL ÷ 2.8이므로, "
        "69 mg/dL는 약 24.6 mmol/L입니다. 질량으로 보고한 요소(요소의 mg/dL)는 다른 "
        "수치입니다."
    )


def test_the_english_is_unchanged_beside_the_korean():
    case = TEACHING.get("lamotrigine-valproate")
    assert case_text(case, "title", "en") == "Lamotrigine added to valproate"
    assert case_text(case.steps[0], "title", "en") == "Presentation"
    assert case_text(case.steps[0], "text", "en") == (
        "A 29-year-old woman with generalised epilepsy, well controlled on valproate for "
        "three years, had lamotrigine added 16 days ago. The dose was increased faster than "
        "the label's schedule for patients on valproate."
    )
    assert english_originals("ko", (case, "title"), (case.steps[0], "text")) == [
        case.title,
        case.steps[0].text,
    ]


def test_korean_keeps_the_numbers_and_codes_of_its_english():
    """Every figure, allele, score name and source abbreviation of the English is in its
    Korean (number words counted as figures: "two days" reads "이틀", "the two scores"
    "두 점수")."""
    words = {"two": "2", "three": "3", "four": "4", "five": "5", "이틀": "2", "두": "2"}
    number_word = r"\b(two|three|four|five)\b|이틀|(?<![가-힣])두(?= )"
    codes = ("HLA-B*58:01", "HLA-B*15:02", "SCORTEN", "ABCD-10", "ALDEN", "CPIC", "SCAR", "%")

    def figures(text: str) -> set[str]:
        text = re.sub(number_word, lambda m: words[m[0]], text.lower())
        return set(re.findall(r"\d+(?:\.\d+)?", text))

    for name, part in _parts(TEACHING):
        for field in part.TRANSLATED:
            english, korean = getattr(part, field), part.ko[field]
            assert figures(english) <= figures(korean), f"{name}: {field}"
            for code in codes:
                assert english.count(code) == korean.count(code), f"{name}: {field}: {code}"


# --- the second reading (issue 23) ---------------------------------------------------------

# Catalogue entries of the Teaching page that state a clinical fact or carry a clinical
# qualifier ("predicted", "likely", "fictional"): each carries a current second reading.
CLINICAL_CATALOGUE_KEYS = (
    "teaching.extent_note",
    "teaching.on_cutoff",
    "teaching.band",
    "teaching.criterion_met",
    "teaching.criterion_not_met",
    "teaching.criterion_unknown",
    "teaching.score_heading",
    "teaching.whatif_change",
    "teaching.culprit",
    "teaching.fictional_label",
    "quiz.culprit_wrong",
    "presenter.predicted",
)


def test_every_korean_text_of_the_cases_carries_a_current_second_reading():
    """Each of the 63 parts with Korean (8 cases, 25 steps, 8 culprits, 22 teaching points)
    was read against the English it translates, and that English has not changed since."""
    parts = [(name, part) for name, part in _parts(TEACHING) if part.ko]
    assert len(parts) == 63
    unread = [
        name
        for name, part in parts
        if part.ko_checked is None or part.ko_checked.en_sha != entry_fingerprint(part, part.ko)
    ]
    assert unread == []


def test_every_clinical_catalogue_entry_of_the_teaching_page_carries_a_current_reading():
    entries = catalogue().entries
    assert [key for key in CLINICAL_CATALOGUE_KEYS if not entries[key].check_is_current] == []


def test_the_second_readings_corrections_are_shipped():
    """Three Korean texts corrected by the second reading (wording only, same facts)."""
    lamotrigine = TEACHING.get("lamotrigine-valproate")
    assert case_text(lamotrigine.teaching_points[0], "text", "ko") == (
        "중탄산염이 정확히 20 mmol/L입니다. 원래 SCORTEN은 20 미만인 값을 요구하므로 이 값은 "
        "점수를 받지 못합니다."
    )
    allopurinol = case_text(TEACHING.get("allopurinol-hla-b5801").teaching_points[0], "text", "ko")
    assert "누구를 검사할지는 미국류마티스학회(ACR)가 권고합니다. ACR 2020은" in allopurinol
    phenytoin = case_text(TEACHING.get("cancer-phenytoin").culprit, "reasoning", "ko")
    assert phenytoin.endswith("반응을 치료하는 동안 계속 투여해도 해가 없었습니다.")
