"""Next-step rules: each one triggered and not triggered, on and around its threshold."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.guidelines import default_statements, load_statements
from knowledge.loading import KnowledgeError
from reports.assessment import assess
from reports.case_file import score_assessments
from scoring.next_steps import (
    CARE_SETTING_BSA_GT_PCT,
    CHILDREN_GUIDELINE_AGE_LT_YEARS,
    next_steps,
    steps_text,
)

INDEX = "2024-03-31"


def make_case(*days: dict[str, Any], drugs: list[dict[str, Any]] | None = None) -> dict:
    assessments = [
        {"assessment_day": d.pop("day", 1), "inputs": d, "units": {}} for d in (days or ({},))
    ]
    return {
        "assessments": assessments,
        "active_day": assessments[0]["assessment_day"],
        "index_day": INDEX if drugs else None,
        "other_cause_non_drug": False,
        "drugs": drugs or [],
    }


def steps_of(case: dict) -> dict[str, Any]:
    steps = next_steps(case, score_assessments(case), assess(case).alden)
    return {s.key: s for s in steps}


# --- withdraw ---------------------------------------------------------------------------


def test_no_drugs_says_culprit_work_up_missing_and_links_drugs_page() -> None:
    steps = steps_of(make_case({"age_years": 52}))
    assert "withdraw" not in steps
    step = steps["culprit_workup"]
    assert step.link_drugs_page
    assert "No drugs entered" in step.action.render("en")
    assert step.sources[0].grade == "Strength of recommendation D"


def test_withdraw_leads_with_top_alden_drug_still_taken_and_names_all_suspects() -> None:
    drugs = [
        {"name": "valproate", "start": "2023-01-01"},  # long-standing: delay -1
        {"name": "lamotrigine", "start": "2024-03-17"},  # 14 days: delay +3, notoriety 3
    ]
    step = steps_of(make_case({"age_years": 52}, drugs=drugs))["withdraw"]
    assert step.title.render("en") == "Stop lamotrigine now"
    assert step.action.render("en").startswith("Withdraw now: lamotrigine (ALDEN ")
    assert "valproate" in step.action.render("en")
    assert step.link_drugs_page


def test_withdraw_skips_stopped_drugs_for_the_lead() -> None:
    drugs = [
        {"name": "lamotrigine", "start": "2024-03-17", "stop": "2024-03-20"},
        {"name": "allopurinol", "start": "2024-03-10"},
    ]
    step = steps_of(make_case({}, drugs=drugs))["withdraw"]
    assert step.title.render("en") == "Stop allopurinol now"
    assert "lamotrigine" not in step.action.render("en").split(" Also")[0]


@pytest.mark.parametrize(
    ("start", "firm_title"),
    [
        ("2024-03-17", "Stop valproate now"),  # 14 days: ALDEN 4, probable
        # ALDEN 0: still firm, but no source read says to stop every drug, so it names suspects.
        (
            "2023-01-01",
            "Withdraw the culprit: every drug still taken is a suspect (valproate first)",
        ),
    ],
)
def test_withdraw_never_goes_soft_either_side_of_possible(start: str, firm_title: str) -> None:
    """Issue 20: with nothing ranked 'possible', the step still says withdraw, not 'review'."""
    step = steps_of(make_case({}, drugs=[{"name": "valproate", "start": start}]))["withdraw"]
    assert step.title.render("en") == firm_title
    assert "Review" not in step.title.render("en")
    assert step.sources[0].text == "Identify causative agent and withdraw immediately."


def test_withdraw_with_nothing_possible_says_why_alden_does_not_clear_the_drugs() -> None:
    drugs = [
        {"name": "valproate", "start": "2023-01-01"},
        {"name": "zzunlisted", "start": "2023-01-01"},
    ]
    step = steps_of(make_case({}, drugs=drugs))["withdraw"]
    assert step.action.render("en").startswith(
        "Identify the causative agent and withdraw it immediately."
    )
    assert "a drug missing from the knowledge base scores notoriety 0" in step.action.render("en")
    assert "valproate (ALDEN 0, unlikely)" in step.action.render("en")
    assert "zzunlisted (ALDEN -1, very unlikely)" in step.action.render("en")
    assert [s.statement_id for s in step.sources] == ["withdraw_culprit", "ashm_all_drugs_suspect"]
    ashm = step.sources[1]
    assert "including all drugs the patient is receiving" in ashm.text
    assert ashm.verified.render("en") == "read on the society's own guidance page; no grade stated"


def test_withdraw_with_unscorable_drugs_lists_them_without_ranking() -> None:
    case = make_case({}, drugs=[{"name": "lamotrigine", "start": None}])
    step = steps_of(case)["withdraw"]
    assert step.title.render("en") == "Withdraw the suspected drugs"
    action = step.action.render("en")
    assert "lamotrigine" in action and "ALDEN cannot rank" in action


# --- care setting: > 10 % -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bsa", "burn_centre"), [(9.9, False), (10.0, False), (10.1, True), (35.0, True)]
)
def test_care_setting_burn_centre_strictly_above_10_pct(bsa: float, burn_centre: bool) -> None:
    assert CARE_SETTING_BSA_GT_PCT == 10.0
    step = steps_of(make_case({"bsa_detached_pct": bsa}))["care_setting"]
    assert (step.title.render("en") == "Burn centre or ICU now") is burn_centre
    first = step.sources[0]
    if burn_centre:
        assert first.statement_id == "burn_centre_gt10"
        assert first.grade == "Strength of recommendation D (GPP)"
        assert first.section == "Summary of recommendations: Care setting"
        assert step.why.render("en") == f"Detached BSA {bsa:g} % (day 1) > 10 %."
    else:
        assert step.title.render("en") == "Multidisciplinary team"
        assert step.why.render("en").startswith(f"Detached BSA {bsa:g} % (day 1) ≤ 10 %")


def test_care_setting_uses_the_worst_day() -> None:
    case = make_case({"day": 1, "bsa_detached_pct": 8}, {"day": 3, "bsa_detached_pct": 12})
    step = steps_of(case)["care_setting"]
    assert step.title.render("en") == "Burn centre or ICU now"
    assert step.why.render("en") == "Detached BSA 12 % (day 3) > 10 %."


def test_care_setting_without_bsa_says_it_is_missing() -> None:
    step = steps_of(make_case({}))["care_setting"]
    assert step.title.render("en") == "Multidisciplinary team"
    assert step.why.render("en").startswith("Detached BSA not entered")


# --- children: < 18 ------------------------------------------------------------------------


@pytest.mark.parametrize(("age", "shown"), [(17, True), (17.9, True), (18, False), (52, False)])
def test_children_guideline_below_18(age: float, shown: bool) -> None:
    assert CHILDREN_GUIDELINE_AGE_LT_YEARS == 18
    steps = steps_of(make_case({"age_years": age}))
    assert ("children" in steps) is shown
    if shown:
        assert steps["children"].sources[0].section == "1.0 Purpose and scope"
        assert steps["children"].why.render("en") == f"Age {age:g} years < 18."


def test_children_step_cites_the_plain_language_summary_and_names_no_test() -> None:
    step = steps_of(make_case({"age_years": 10}))["children"]
    assert "consider infection as the trigger" in step.action.render("en")
    # A children's test was not read in the guideline.
    assert "Mycoplasma" not in step.action.render("en")
    pls = step.sources[1]
    assert pls.statement_id == "children_infection"
    assert "doi:10.1111/bjd.18062" in pls.citation
    assert pls.verified.render("en").startswith("read in the plain-language summary")


def test_children_step_asks_when_age_missing() -> None:
    step = steps_of(make_case({}))["children"]
    assert step.title.render("en") == "If under 18: children's guideline"
    assert step.why.render("en") == "Age not entered."


# --- SCORTEN timing: until a day-3 assessment exists -----------------------------------------


def test_scorten_timing_until_day_3() -> None:
    assert "scorten_timing" in steps_of(make_case({"day": 1}))
    assert "scorten_timing" in steps_of(make_case({"day": 1}, {"day": 2}))
    assert "scorten_timing" not in steps_of(make_case({"day": 1}, {"day": 3}))


def test_scorten_timing_says_what_is_missing() -> None:
    step = steps_of(make_case({"age_years": 52}))["scorten_timing"]
    assert (
        step.why.render("en")
        == "SCORTEN incomplete on day 1 (6 input(s) missing); no day-3 assessment yet."
    )
    grades = [s.grade for s in step.sources]
    assert grades[0] == "Strength of recommendation C"


# --- every case: eyes, mucosa, supportive care, discharge ------------------------------------


def test_reviews_and_supportive_care_are_always_shown_with_sources() -> None:
    steps = steps_of(make_case({}))
    eye = steps["eye_review"]
    assert "ophthalmologist" in eye.action.render("en") and "daily" in eye.action.render("en")
    assert "audit standard" in eye.sources[0].verified.render("en")
    assert "urinary catheter" in steps["mucosal_review"].action.render("en")
    assert "25-28 °C" in steps["supportive_care"].action.render("en")
    assert [s.statement_id for s in steps["supportive_care"].sources] == [
        "environment",
        "venous_access",
        "nasogastric_feeding",
        "ashm_supportive_measures",
    ]
    assert "mycoplasma serology" in steps["initial_workup"].action.render("en")
    assert steps["initial_workup"].sources[0].section == (
        "Summary of recommendations: Initial assessment on presentation"
    )
    assert (
        steps["discharge"].why.render("en")
        == "Every patient; name the culprit once ALDEN is scored."
    )


def test_discharge_names_the_suspects() -> None:
    drugs = [{"name": "lamotrigine", "start": "2024-03-17"}]
    step = steps_of(make_case({}, drugs=drugs))["discharge"]
    assert "(lamotrigine)" in step.action.render("en")


def test_discharge_contraindicates_culprit_and_chemically_similar_drugs_for_life() -> None:
    step = steps_of(make_case({}))["discharge"]
    assert (
        "The French national protocol (PNDS) contraindicates the culprit and chemically "
        "similar drugs for life." in step.action.render("en")
    )
    pnds = step.sources[1]
    assert pnds.statement_id == "culprit_similar_lifelong"
    assert pnds.text == (
        "Only the culprit drug and chemically similar molecules must be lifelong contraindicated."
    )
    assert "doi:10.1186/s13023-018-0793-7" in pnds.citation


# --- report the reaction: UK, US, Korea ------------------------------------------------------


def test_report_step_names_the_four_systems_and_korean_relief_each_with_its_agency_page() -> None:
    step = steps_of(make_case({}))["report_reaction"]
    assert "UK: the Yellow Card scheme (MHRA)" in step.action.render("en")
    assert "USA: MedWatch (FDA; Form FDA 3500 for health professionals)" in step.action.render("en")
    assert "Korea: KAERS, run by KIDS" in step.action.render("en")
    assert (
        "Japan: the Drug and Medical Device Safety Information Reporting System (to PMDA)"
        in step.action.render("en")
    )
    assert [s.statement_id for s in step.sources] == [
        "report_uk_yellowcard",
        "report_us_medwatch",
        "report_kr_kaers",
        "report_jp_pmda",
        "report_kr_relief",
    ]
    pmda = step.sources[3]
    assert "https://www.pmda.go.jp/safety/reports/hcp/pmd-act/0003.html" in pmda.citation
    assert "報告窓口はPMDAに変わりました" in pmda.text
    assert "drug-injury relief programme (MFDS; 1644-6223 or 14-3330)" in step.action.render("en")
    assert "1644-6223(14-3330)" in step.sources[-1].text
    for source in step.sources:
        assert (
            source.verified.render("en")
            == "read on the agency's own page; not a guideline recommendation"
        )
        assert "https://" in source.citation
    assert (
        step.why.render("en")
        == "Every suspected drug reaction; name the drug once ALDEN is scored."
    )


def test_report_step_names_ranked_suspects_only() -> None:
    drugs = [
        {"name": "lamotrigine", "start": "2024-03-17"},  # probable or higher
        {"name": "valproate", "start": "2023-01-01"},  # long-standing: below possible
    ]
    step = steps_of(make_case({}, drugs=drugs))["report_reaction"]
    assert step.action.render("en").startswith(
        "Report the suspected reaction to lamotrigine to your"
    )
    assert "valproate" not in step.action.render("en")
    assert step.why.render("en") == "ALDEN ranks 1 drug(s) possible or higher."


def test_report_step_without_ranked_drug_names_none() -> None:
    drugs = [{"name": "valproate", "start": "2023-01-01"}]
    step = steps_of(make_case({}, drugs=drugs))["report_reaction"]
    assert step.action.render("en").startswith("Report the suspected drug reaction to your")
    assert step.why.render("en") == "ALDEN ranks 0 drug(s) possible or higher."


# --- drug history within 24 h (audit standard) ------------------------------------------------


def test_culprit_work_up_asks_for_drug_timelines_within_24_h() -> None:
    step = steps_of(make_case({}))["culprit_workup"]
    assert "within 24 h of the diagnosis being made or suspected" in step.action.render("en")
    assert [s.statement_id for s in step.sources] == ["withdraw_culprit", "drug_history_24h"]
    assert "audit standard" in step.sources[1].verified.render("en")


def test_ranked_withdraw_step_does_not_repeat_the_24_h_history() -> None:
    drugs = [{"name": "lamotrigine", "start": "2024-03-17"}]
    step = steps_of(make_case({}, drugs=drugs))["withdraw"]
    assert [s.statement_id for s in step.sources] == ["withdraw_culprit"]


def test_unscorable_drugs_ask_for_dates_within_24_h() -> None:
    step = steps_of(make_case({}, drugs=[{"name": "lamotrigine", "start": None}]))["withdraw"]
    assert "within 24 h" in step.action.render("en")
    assert step.sources[-1].statement_id == "drug_history_24h"


def test_order_puts_withdraw_care_setting_eyes_first() -> None:
    keys = [s.key for s in next_steps(make_case({"age_years": 52}), {}, None)]
    assert keys[:3] == ["culprit_workup", "care_setting", "eye_review"]
    assert keys[-3:] == ["discharge", "follow_up", "report_reaction"]


def test_steps_text_carries_why_and_sources() -> None:
    lines = steps_text(next_steps(make_case({"bsa_detached_pct": 35}), {}, None))
    text = "\n".join(lines)
    assert "2. Burn centre or ICU now" in text
    assert "Why: Detached BSA 35 % (day 1) > 10 %." in text
    assert "Source: UK BAD adult guideline 2016" in text


# --- the supportive-care pathway (issue 20) --------------------------------------------------


def test_eye_step_gives_the_24_h_target_from_the_review_and_the_french_eye_care() -> None:
    eye = steps_of(make_case({}))["eye_review"]
    assert eye.title.render("en") == "Ophthalmologist within 24 h, then daily"
    ids = [s.statement_id for s in eye.sources]
    assert ids == ["eye_assessment", "eye_within_24h_review", "eye_acute_french_practice"]
    review = eye.sources[1]
    assert "within 24 h after symptoms have started" in review.text
    assert review.verified.render("en") == "read in a review article's abstract; not a guideline"
    assert "doi:10.1055/a-2543-9811" in review.citation
    # Identified on the publisher's page: authors, title, journal, year, pages.
    assert "Maier PC, Reinhard T." in review.citation
    assert "Klin Monbl Augenheilkd 2025;242(6):644-52" in review.citation
    eye_care = eye.action.render("en")
    assert "pseudomembrane removal, artificial tears and vitamin A ointment" in eye_care
    assert "PMC7510143" in eye.sources[2].citation


def test_infection_step_says_no_prophylactic_antibiotics_with_its_sources() -> None:
    step = steps_of(make_case({}))["infection"]
    assert step.action.render("en").startswith("Prophylactic antibiotics are not recommended.")
    # The society page's own words, labelled as a society page with no grade.
    society = step.sources[0]
    assert society.text == (
        "The use of systemic corticosteroids is controversial and prophylactic antibiotics are "
        "not recommended."
    )
    assert "hiv.guidelines.org.au" in society.citation
    assert (
        society.verified.render("en") == "read on the society's own guidance page; no grade stated"
    )
    assert society.grade == "Society guidance page (no grade stated in the text read)"
    assert society.guideline.render("en") == (
        "ASHM HIV management guide, SJS/TEN section (society web page, no grade)"
    )
    assert "superinfection" not in step.action.render("en")  # not on the page read
    assert "the prevention and treatment of infections" in step.sources[1].text
    assert "doi:10.1186/s13023-018-0793-7" in step.sources[1].citation


def test_supportive_step_names_what_no_source_was_read_for() -> None:
    step = steps_of(make_case({}))["supportive_care"]
    assert "maintain fluid, electrolyte and temperature homeostasis" in step.action.render("en")
    assert step.sources[-1].text.startswith("Supportive measures include wound care, maintenance")
    not_read = step.action.render("en").split("Not stated here")[1]
    for missing in (
        "analgesia and pain scoring",
        "fluid targets guided by urine output",
        "thromboprophylaxis",
        "stress-ulcer prophylaxis",
    ):
        assert missing in not_read
    # Nothing of these appears as an instruction before the "not stated" sentence.
    stated = step.action.render("en").split("Not stated here")[0]
    for word in ("analgesia", "heparin", "thromboprophylaxis", "proton pump", "urine output"):
        assert word not in stated


def test_discharge_states_no_provocation_test_only_if_a_source_was_read() -> None:
    # The provocation-test sentence was not on the society page that could be read.
    step = steps_of(make_case({}))["discharge"]
    assert "provocation" not in step.action.render("en")
    assert [s.statement_id for s in step.sources] == [
        "discharge_advice",
        "culprit_similar_lifelong",
    ]


def test_follow_up_step_from_the_post_acute_delphi_table_with_medians() -> None:
    step = steps_of(make_case({}))["follow_up"]
    assert step.title.render("en") == "After discharge: follow-up at 1-2 months"
    assert all("PMC9945700" in s.citation for s in step.sources)
    assert all(s.section.startswith("Table 1") for s in step.sources)
    first = step.sources[0]
    assert first.grade == "Delphi consensus: rated appropriate, median 9, disagreement index 0"
    assert "1-2 months after discharge" in first.text
    lead = step.sources[1]
    assert lead.grade.endswith("median 8, disagreement index 0.531")
    assert "gynaecologist" in step.action.render("en") and "synechiae" in step.action.render("en")
    ent = step.sources[-2]
    assert ent.statement_id == "followup_ent_pulmonology"
    assert ent.grade == (
        "Delphi consensus: rated appropriate, median 9, disagreement index 0.132 (each)"
    )
    assert "nasopharyngeal and/or laryngeal involvement in the acute phase" in ent.text
    assert "an ENT specialist if the nasopharynx or larynx" in step.action.render("en")


def bedside_ten_case() -> dict:
    """The e2e bedside case: adult, TEN (35 % detached), lamotrigine started 14 days ago."""
    return make_case(
        {"age_years": 67, "bsa_detached_pct": 35},
        drugs=[{"name": "lamotrigine", "start": "2024-03-17"}],
    )


def test_bedside_ten_case_gets_the_whole_pathway_each_step_sourced() -> None:
    case = bedside_ten_case()
    steps = next_steps(case, score_assessments(case), assess(case).alden)
    keys = [s.key for s in steps]
    assert keys == [
        "withdraw",
        "care_setting",
        "eye_review",
        "breathing",
        "scorten_timing",
        "mucosal_review",
        "vulvovaginal",
        "infection",
        "initial_workup",
        "supportive_care",
        "discharge",
        "follow_up",
        "report_reaction",
    ]
    by_key = {s.key: s for s in steps}
    # Lamotrigine still taken and ranked: the aromatic-antiepileptic cross-reactivity shows.
    discharge = by_key["discharge"].action.render("en")
    assert "Cross-reactivity (lamotrigine: aromatic antiepileptic)" in discharge
    assert by_key["withdraw"].title.render("en") == "Stop lamotrigine now"
    assert by_key["care_setting"].title.render("en") == "Burn centre or ICU now"
    statements = default_statements()
    for step in steps:
        assert step.why.render("en") and step.sources, step.key
        for source in step.sources:
            statement = statements.get(source.statement_id)
            assert source.text == statement.text.strip()
            assert source.section and source.grade and source.date_checked, source.statement_id


# --- the data file ------------------------------------------------------------------------


def test_every_statement_has_section_grade_text_and_date() -> None:
    statements = default_statements()
    for s in statements.statements:
        assert s.section and s.grade and s.text
        assert s.date_checked.isoformat() in ("2026-11-30", "2026-12-06", "2026-12-07")
        assert s.source in statements.sources


def test_loader_rejects_an_unknown_source() -> None:
    bad = {
        "sources": {"a": {"citation": "x" * 30, "short": "abc"}},
        "statements": [
            {
                "id": "one",
                "source": "b",
                "section": "sec",
                "grade": "D (GPP)",
                "verified_in": "guideline_text",
                "text": "some long enough text",
                "date_checked": "2026-11-30",
            }
        ],
    }
    with pytest.raises(KnowledgeError, match="unknown source"):
        load_statements(bad)


# --- issue 20, round 3: breathing, vulvovaginal care, children's SCORTEN, cross-reactivity ----


def test_breathing_step_gives_the_prospective_series_and_names_triggers_not_read() -> None:
    step = steps_of(make_case({"bsa_detached_pct": 8}))["breathing"]
    assert step.title.render("en") == "Breathing: look for bronchial involvement"
    assert (
        "10 had early respiratory signs (dyspnoea in 10, hypoxaemia in 10, bronchial "
        "hypersecretion in 7)" in step.action.render("en")
    )
    # The abstract does not attribute the 9 ventilated and 7 deaths to the 10 (second reading).
    assert "in that group" not in step.action.render("en")
    assert (
        "The abstract reports 9 patients needing mechanical ventilation and 7 deaths but does "
        "not say how many were among those 10." in step.action.render("en")
    )
    assert [s.statement_id for s in step.sources] == [
        "bronchial_involvement",
        "initial_investigations",
    ]
    lebargy = step.sources[0]
    assert lebargy.verified.render("en") == "read in the study's own text; not a guideline"
    assert "PMID 9470079" in lebargy.citation and "PMC7095164" in lebargy.citation
    assert "Mechanical ventilation was required in 9 patients." in lebargy.text
    # No intensive-care trigger beyond > 10 % detachment is invented: named as not read.
    not_read = step.action.render("en").split("Not stated here")[1]
    assert "a high SCORTEN, rapid progression" in not_read


@pytest.mark.parametrize(("bsa", "scorten_inputs"), [(8, True), (12, True), (None, False)])
def test_care_setting_is_decided_by_detachment_alone_whatever_the_scorten(
    bsa: float | None, scorten_inputs: bool
) -> None:
    """8 % detachment with SCORTEN 4 stays 'Multidisciplinary team': no source read makes a
    high SCORTEN an ICU trigger; 12 % is 'Burn centre or ICU now'."""
    inputs: dict[str, Any] = {}
    if bsa is not None:
        inputs["bsa_detached_pct"] = bsa
    if scorten_inputs:  # age > 40, malignancy, heart rate > 120, urea > 10: 4 points with 8 %
        inputs |= {"age_years": 67, "malignancy": True, "heart_rate_bpm": 125, "urea_mmol_l": 12}
    case = make_case(inputs)
    step = steps_of(case)["care_setting"]
    results = score_assessments(case)
    if bsa == 8:
        assert results[1].scorten.min == 4  # SCORTEN at least 4 without glucose and bicarbonate
        assert step.title.render("en") == "Multidisciplinary team"
    elif bsa == 12:
        assert step.title.render("en") == "Burn centre or ICU now"
    else:
        assert step.why.render("en").startswith("Detached BSA not entered")


def test_vulvovaginal_step_gives_expert_opinion_beside_the_series_that_questions_it() -> None:
    step = steps_of(make_case({}))["vulvovaginal"]
    assert step.title.render("en") == "Women: look for vulvovaginal involvement"
    assert "can reach 70 % in TEN, and up to 28 % of female patients" in step.action.render("en")
    assert (
        "In a burn-centre series of 34 female patients, the 8 with confirmed lesions had no "
        "direct sequelae of SJS/TEN requiring intervention" in step.action.render("en")
    )
    assert "(avoid in prepubertal adolescents)" in step.action.render("en")
    assert "The review combines the literature with expert opinion." in step.action.render("en")
    assert "in women of reproductive age until the lesions heal" in step.action.render("en")
    review, series = step.sources
    assert review.statement_id == "vulvovaginal_expert_care"
    assert review.verified.render("en") == "read in a review article's abstract; not a guideline"
    assert review.grade == "Review with expert opinion (not a guideline; no grade)"
    assert "PMID 31437544" in review.citation
    assert series.statement_id == "vulvovaginal_burn_centre_series"
    assert "interventions such as steroids may not be needed" in series.text
    # No source's wording read for it.
    assert "gynaecological review" not in step.action.render("en")


@pytest.mark.parametrize(("age", "shown"), [(17, True), (18, False)])
def test_children_step_carries_the_paediatric_scorten_caveat_below_18(
    age: float, shown: bool
) -> None:
    steps = steps_of(make_case({"age_years": age}))
    assert ("children" in steps) is shown
    if shown:
        step = steps["children"]
        assert step.action.render("en").endswith(
            "SCORTEN was derived in adults; in children two retrospective series disagree: one "
            "found it predicted outcome, one of 24 children found it unrelated to outcome "
            "measures."
        )
        ids = [s.statement_id for s in step.sources]
        assert ids[-2:] == ["children_scorten_predicts", "children_scorten_not_useful"]
        assert "has not been tested in children" in step.sources[-2].text
        assert "doi:10.1093/jbcr/irae140" in step.sources[-1].citation


def test_children_step_with_age_missing_carries_the_caveat_too() -> None:
    step = steps_of(make_case({}))["children"]
    assert "in children two retrospective series disagree" in step.action.render("en")


@pytest.mark.parametrize(
    ("drug", "start", "shown"),
    [
        ("lamotrigine", "2024-03-17", True),  # aromatic anticonvulsant, probable or higher
        ("phenytoin", "2024-03-17", True),
        ("allopurinol", "2024-03-10", False),  # ranked, but not an aromatic anticonvulsant
        ("lamotrigine", "2023-01-01", True),  # long-standing: ALDEN 2, still "possible"
        ("carbamazepine", "2023-01-01", False),  # stopped 2023-06-01: ALDEN -1, very unlikely
    ],
)
def test_discharge_names_aromatic_antiepileptic_cross_reactivity_only_for_a_ranked_one(
    drug: str, start: str, shown: bool
) -> None:
    entered = {"name": drug, "start": start}
    if drug == "carbamazepine":
        entered["stop"] = "2023-06-01"
    step = steps_of(make_case({}, drugs=[entered]))["discharge"]
    text = f"Cross-reactivity ({drug}: aromatic antiepileptic): in 663 adults with epilepsy"
    assert (text in step.action.render("en")) is shown
    ids = [s.statement_id for s in step.sources]
    assert ("aromatic_aed_cross_reactivity" in ids) is shown
    if shown:
        assert (
            "phenytoin, carbamazepine and oxcarbazepine caused a rash in 27-35 % and "
            "lamotrigine in 17 % (rashes of any kind, not SJS/TEN only)" in step.action.render("en")
        )
        assert "PMID 18490142" in step.sources[-1].citation
