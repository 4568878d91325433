"""The chart note: severity per day, trend, day-3 reminder, drugs with ALDEN, next steps."""

from __future__ import annotations

from reports import chart_note, wording
from reports.assessment import assess
from tests.reports.cases import WORKED_INPUTS, drug_case, make_case


def test_chart_note_contents():
    case = make_case()
    note = chart_note.chart_note(case, assess(case))
    assert "Assessment day 1" in note
    assert "BUN (urea nitrogen) 34 mg/dL (= 12.1 mmol/L urea)" in note
    assert (
        "SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    ) in note
    assert "✗ Heart rate 118 /min ≤ 120 /min — 0 points" in note
    assert "✓ BUN 34 mg/dL (= 12.1 mmol/L urea) > 10 mmol/L (BUN 28 mg/dL) — 1 point" in note
    assert "ABCD-10 4-7 of 8 (dialysis before admission missing)" in note
    assert "Extent: SJS/TEN overlap (18 % detached)" in note
    assert wording.DAY3_REMINDER in note
    assert wording.CALIBRATION_NOTE in note  # the one note the pages show, word for word
    assert "doi:10.1046/j.1523-1747.2000.00061.x" in note
    assert "not a substitute for clinical judgement" in note


def test_chart_note_trend_and_no_day3_reminder_once_day3_exists():
    case = make_case(None, (3, {"age_years": 67.0}))
    note = chart_note.chart_note(case, assess(case))
    assert "SCORTEN trend: day 1: 4; day 3: 1-7" in note
    assert wording.DAY3_REMINDER not in note


def test_chart_note_with_impossible_value_gives_no_score():
    case = make_case({**WORKED_INPUTS, "age_years": -3.0})
    note = chart_note.chart_note(case, assess(case))
    assert "No score" in note
    assert "Age: -3 years is impossible" in note  # the on-screen name
    assert "SCORTEN 4" not in note


def test_chart_note_with_impossible_glucose_withholds_scorten_only():
    case = make_case({**WORKED_INPUTS, "glucose_mmol_l": -5.0})
    note = chart_note.chart_note(case, assess(case))
    assert "  Error: Glucose: -5 mmol/L is impossible: it must be above 0." in note
    assert "  SCORTEN: no score" in note
    assert "ABCD-10 4-7 of 8 (dialysis before admission missing)" in note
    assert "Extent: SJS/TEN overlap (18 % detached)" in note
    assert "SCORTEN 4" not in note


def test_chart_note_holds_drugs_alden_flags_and_next_steps():
    case = drug_case()
    note = chart_note.chart_note(case, assess(case))
    assert "1. “lamotrigine” — ALDEN 6, very probable; first intake 2024-03-17; still taken" in note
    assert (
        "3. “paracetamol” — ALDEN -2, very unlikely; first intake 2024-03-28; last intake" in note
    )
    assert "Criteria: delay +3, presence +0, prechallenge +0, dechallenge +0, notoriety +3" in note
    assert "Flag (“lamotrigine”): Valproate is in the same drug list" in note
    assert "1. Stop lamotrigine now: Withdraw now: lamotrigine (ALDEN 6, very probable)." in note
    assert "2. Burn centre or ICU now:" in note
    assert "Why: Detached BSA 35 % (day 1) > 10 %." in note
    assert (
        "Source: UK BAD adult guideline 2016, Summary of recommendations: Care setting — "
        "Strength of recommendation D (GPP)"
    ) in note
    assert "doi:10.1111/bjd.14530" in note and "doi:10.1038/clpt.2009.252" in note


def test_chart_note_without_drugs_says_work_up_missing():
    note = chart_note.chart_note(make_case(), assess(make_case()))
    assert "Drugs: none entered — culprit work-up missing." in note
    assert "1. Culprit work-up missing:" in note
