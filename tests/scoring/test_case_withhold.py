"""Issue 22: on the app's screens an impossible input withholds only the scores that read it
(`score_case(..., withhold="score")`); the contract's rule, every score of the record
withheld, stays the default and what the CLI writes (docs/cli-contract.md).

The worked case: age 67, malignancy, heart rate 118, detachment 18 %, urea 12.1 mmol/L,
bicarbonate 22, glucose 10, no dialysis before admission.
ABCD-10 (Noe 2019): age >= 50 (1) + malignancy (2) + detachment >= 10 % (1) = 4 of 8;
bicarbonate 22 is not < 20 (0), no dialysis (0). SCORTEN reads glucose, ABCD-10 does not.
"""

from __future__ import annotations

import pytest

from scoring.case import score_case

WORKED = {
    "age_years": 67,
    "malignancy": True,
    "heart_rate_bpm": 118,
    "bsa_detached_pct": 18,
    "urea_mmol_l": 12.1,
    "bicarbonate_mmol_l": 22,
    "glucose_mmol_l": 10,
    "dialysis_before_admission": False,
}


def test_the_worked_case_scores_4_and_4():
    result = score_case(WORKED, withhold="score")
    assert (result.scorten.score, result.abcd10.score) == (4, 4)
    assert not result.scorten.withheld and not result.abcd10.withheld


@pytest.mark.parametrize(
    "impossible", [{"glucose_mmol_l": -5}, {"glucose_mg_dl": -5, "glucose_mmol_l": None}]
)
def test_a_glucose_error_withholds_scorten_and_leaves_abcd10(impossible):
    record = {**WORKED, **impossible}
    result = score_case(record, withhold="score")
    assert [e.key for e in result.errors] == [next(iter(impossible))]
    assert result.scorten.withheld and result.scorten.score is None
    assert result.scorten.criteria == []  # nothing of a withheld score is shown
    assert not result.abcd10.withheld
    assert (result.abcd10.score, result.abcd10.min, result.abcd10.max) == (4, 4, 4)
    assert [c.points for c in result.abcd10.criteria] == [1, 0, 2, 0, 1]
    assert result.classification == "SJS/TEN overlap"  # 18 %: detachment is possible


def test_two_urea_units_that_disagree_withhold_scorten_only():
    # BUN 28 mg/dL = 10.0 mmol/L against urea 20 mmol/L: more than 5 % apart.
    record = {**WORKED, "urea_mmol_l": 20, "bun_mg_dl": 28}
    result = score_case(record, withhold="score")
    assert [e.key for e in result.errors] == ["bun_mg_dl"]
    assert result.scorten.withheld
    assert result.abcd10.score == 4


def test_an_impossible_detachment_withholds_both_scores_and_the_extent():
    result = score_case({**WORKED, "bsa_detached_pct": 150}, withhold="score")
    assert result.scorten.withheld and result.abcd10.withheld
    assert result.classification is None


def test_an_error_that_no_score_reads_withholds_everything():
    # An impossible assessment day is about the record as a whole.
    result = score_case({**WORKED, "assessment_day": 0}, withhold="score")
    assert [e.key for e in result.errors] == ["assessment_day"]
    assert all(s.withheld and s.score is None for s in result.scores.values())
    assert result.classification is None


def test_the_contract_rule_withholds_every_score_of_the_record():
    record = {**WORKED, "glucose_mmol_l": -5}
    default = score_case(record)
    assert default == score_case(record, withhold="record")
    assert all(s.withheld and s.score is None for s in default.scores.values())
    assert default.classification is None
    contract = default.to_contract()  # what the CLI writes: unchanged
    assert contract["abcd10"]["score"] is None and contract["scorten"]["score"] is None
    assert "withheld" not in contract["abcd10"]


def test_without_errors_both_rules_give_the_same_result():
    assert score_case(WORKED) == score_case(WORKED, withhold="score")
