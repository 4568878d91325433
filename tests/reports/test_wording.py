"""The caveats and disclaimers, each written once (reports/wording.py), with their values."""

from __future__ import annotations

import pytest

from reports import case_file, wording
from tests.reports.cases import WORKED_INPUTS, make_case


def test_calibration_note_says_what_the_sources_say():
    assert wording.CALIBRATION_NOTE == (
        "SCORTEN's calibration differs between cohorts and eras. Its predictions come from a "
        "1990s French cohort (n = 165, Bastuji-Garin 2000). A meta-analysis of 64 studies "
        "found a pooled log SMR (observed/predicted) of -0.0889 (95 % CI -0.2023 to 0.0245), "
        "read by its authors as a reasonable behaviour of SCORTEN (Torres-Navarro 2020): SMR "
        "0.91, 95 % CI 0.82-1.02 (our exponentiation; includes 1). In RegiSCAR, SCORTEN "
        "under-estimated in-hospital deaths by 11 % (Sekula 2011); in a US cohort where "
        "70.7 % had pharmacologic therapy, 54 deaths were observed vs 77.7 predicted "
        "(SMR 0.70, 95 % CI 0.58-0.79; Micheletti 2018). For one patient the number is a "
        "cohort estimate: escalate on the clinical picture, not on the score alone."
    )


def test_calibration_note_never_claims_over_prediction_under_modern_care():
    text = wording.CALIBRATION_NOTE + wording.CALIBRATION_SOURCES_MD
    assert "over-predict" not in text
    assert "modern care" not in text


def test_method_sources_link_the_papers_and_name_the_table_not_read():
    text = wording.CALIBRATION_SOURCES_MD
    assert "[doi:10.1111/jdv.16137](https://doi.org/10.1111/jdv.16137)" in text
    assert "[PMID 21228709](" in text
    assert "PMC7578915" in text
    assert "could not be read in full text" in text


def test_disclaimer_starts_with_the_one_sentence_the_chart_note_prints():
    assert wording.DISCLAIMER.startswith(wording.NOT_A_SUBSTITUTE + " ")
    assert wording.NOT_A_SUBSTITUTE == (
        "Decision support for clinicians — not a substitute for clinical judgement."
    )


def test_the_ui_banner_shows_the_wording_disclaimer():
    from ui.widgets import disclaimer

    assert disclaimer.DISCLAIMER is wording.DISCLAIMER


def test_headline_complete_case():
    result = case_file.score_assessments(make_case())[1]
    assert wording.score_headline(result.scorten) == (
        "SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    )


def test_headline_partial_case_names_the_missing_input():
    inputs = {k: v for k, v in WORKED_INPUTS.items() if k != "glucose_mmol_l"}
    result = case_file.score_assessments(make_case(inputs))[1]
    assert wording.score_headline(result.scorten) == (
        "SCORTEN 4-5 of 7 (glucose missing) · predicted mortality 62.2-85.0 %"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("bun_mg_dl", 34.0, "= 12.1 mmol/L urea"),
        ("urea_mmol_l", 12.1, "= 34 mg/dL BUN"),
        ("glucose_mg_dl", 252.2, "= 14.0 mmol/L"),
        ("glucose_mmol_l", 14.0, "= 252 mg/dL"),
        ("bicarbonate_mmol_l", 22.0, None),
    ],
)
def test_converted_text(field, value, expected):
    assert wording.converted_text(field, value) == expected


def test_score_differences_names_weights_and_cutoffs():
    case = make_case({**WORKED_INPUTS, "age_years": 45.0, "dialysis_before_admission": True})
    result = case_file.score_assessments(case)[1]
    notes = wording.score_differences(result.scorten, result.abcd10)
    assert "Malignancy: 1 SCORTEN point, 2 ABCD-10 points." in notes
    assert "Dialysis before admission: 3 ABCD-10 points; not part of SCORTEN." in notes
    assert any(n.startswith("Age: counts in SCORTEN") for n in notes)


def _day(day: int, **inputs: object):
    from scoring.case import score_case

    return score_case({"assessment_day": day, **inputs})


def test_change_since_first_day_states_the_difference_of_complete_scores() -> None:
    from reports.wording import change_since_first_day

    full = dict(
        age_years=67, malignancy=True, heart_rate_bpm=118, bsa_detached_pct=18,
        urea_mmol_l=12.1, bicarbonate_mmol_l=22, glucose_mmol_l=10,
    )  # fmt: skip
    day1 = _day(1, **full)  # SCORTEN 4 (design.md worked case)
    day3 = _day(3, **{**full, "heart_rate_bpm": 130, "glucose_mmol_l": 16})  # 6
    assert change_since_first_day({1: day1}, 1) is None
    assert change_since_first_day({1: day1, 3: day3}, 1) is None  # day 1 shown: nothing
    assert change_since_first_day({1: day1, 3: day3}, 3) == ("SCORTEN day 1: 4 → day 3: 6 (up 2)")
    assert change_since_first_day({1: day3, 3: day1}, 3) == ("SCORTEN day 1: 6 → day 3: 4 (down 2)")
    assert change_since_first_day({1: day1, 2: day1}, 2).endswith("(no change)")
    partial = _day(3, age_years=67)  # a range: both readings, no subtraction
    assert change_since_first_day({1: day1, 3: partial}, 3) == "SCORTEN day 1: 4 → day 3: 1-7"
