"""ABCD-10 (Noe 2019): inclusive cut-offs, weights 1/1/2/3/1, every value 0-8."""

from __future__ import annotations

import pytest

from scoring.case import score_case
from tests.scoring.conftest import case

# Combinations giving each total 0..8: age(1) bicarbonate(1) cancer(2) dialysis(3) BSA(1).
AGE = {"age_years": 50}
BICARB = {"bicarbonate_mmol_l": 19}
CANCER = {"malignancy": True}
DIALYSIS = {"dialysis_before_admission": True}
BSA = {"bsa_detached_pct": 10.5}
COMBINATIONS = {
    0: [],
    1: [AGE],
    2: [CANCER],
    3: [DIALYSIS],
    4: [DIALYSIS, AGE],
    5: [DIALYSIS, CANCER],
    6: [DIALYSIS, CANCER, AGE],
    7: [DIALYSIS, CANCER, AGE, BICARB],
    8: [DIALYSIS, CANCER, AGE, BICARB, BSA],
}


@pytest.mark.parametrize("total", range(9))
def test_every_value_from_0_to_8(total: int) -> None:
    changes: dict = {}
    for part in COMBINATIONS[total]:
        changes.update(part)
    result = score_case(case(**changes)).abcd10
    assert result.score == total
    assert (result.min, result.max, result.max_possible) == (total, total, 8)
    assert result.mortality_logistic is None  # no verified equation per score


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"age_years": 49.9}, 0),
        ({"age_years": 50}, 1),  # >= 50: on the cut-off counts
        ({"age_years": 50.1}, 1),
        ({"bicarbonate_mmol_l": 19.9}, 1),
        ({"bicarbonate_mmol_l": 20}, 0),  # < 20: on the cut-off does not
        ({"bicarbonate_mmol_l": 20.1}, 0),
        ({"bsa_detached_pct": 9.9}, 0),
        ({"bsa_detached_pct": 10}, 1),  # >= 10 %
        ({"bsa_detached_pct": 10.1}, 1),
    ],
)
def test_cutoffs_on_and_around(changes: dict, expected: int) -> None:
    assert score_case(case(**changes)).abcd10.score == expected


def test_bsa_exactly_10_warns_about_the_other_printed_cutoff() -> None:
    warnings = score_case(case(bsa_detached_pct=10)).warnings
    abcd_notes = [w for w in warnings if "ABCD-10 cut-off" in w.message]
    assert [w.field for w in abcd_notes] == ["bsa_detached_pct"]
    assert "> 10 %" in abcd_notes[0].message


def test_dialysis_unknown_leaves_abcd10_partial_but_scorten_complete() -> None:
    result = score_case(case(dialysis_before_admission=None, age_years=60))
    assert result.scorten.score == 1
    assert result.abcd10.score is None
    assert (result.abcd10.min, result.abcd10.max) == (1, 4)
    assert result.abcd10.missing == ["dialysis_before_admission"]


def test_scorten_and_abcd10_can_disagree() -> None:
    """Dialysis and cancer weigh 5 of 8 in ABCD-10 but 1 of 7 in SCORTEN."""
    result = score_case(case(dialysis_before_admission=True, malignancy=True))
    assert (result.scorten.score, result.abcd10.score) == (1, 5)


# --- ABCD-10 is an admission model ------------------------------------------------------


def test_abcd10_is_flagged_not_validated_after_day_1() -> None:
    from scoring import abcd10
    from scoring.case import score_case

    day1 = score_case({"age_years": 60, "assessment_day": 1})
    day3 = score_case({"age_years": 60, "assessment_day": 3})
    assert day1.validated_for_day("abcd10") and abcd10.day_note(1) is None
    assert not day3.validated_for_day("abcd10")
    note = abcd10.day_note(3)
    assert note is not None and "not validated for assessment day 3" in note
    assert "admission model" in note and "day 3" in note
    # The points are still computed (same as day 1): flagged, not rescored or hidden.
    assert day3.abcd10.min == day1.abcd10.min and day3.abcd10.max == day1.abcd10.max
    # SCORTEN keeps its day-3 rescoring: no flag on it.
    assert score_case({"assessment_day": 3}).to_contract()["scorten"]["max"] == 7


def test_no_assessment_day_reads_as_day_1() -> None:
    from scoring import abcd10

    assert abcd10.is_validated_for_day(None)
