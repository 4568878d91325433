"""SCORTEN against Bastuji-Garin 2000: cut-offs, every score, logistic values, bands."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from scipy.stats import beta

from scoring import scorten
from scoring.case import score_case
from tests.scoring.conftest import case

# Published logistic predictions per score, in %, one decimal (scores.md).
PUBLISHED_LOGISTIC_PCT = [1.2, 3.9, 12.2, 32.4, 62.2, 85.0, 95.1, 98.5]
# Published observed mortality per band: (deaths, n, %, CI low %, CI high %).
PUBLISHED_BANDS = [
    ("0-1", 1, 31, 3.2, 0.1, 16.7),
    ("2", 8, 66, 12.1, 5.4, 22.5),
    ("3", 12, 34, 35.3, 19.8, 53.5),
    ("4", 14, 24, 58.3, 36.6, 77.9),
    ("≥ 5", 9, 10, 90.0, 55.5, 99.8),
]


@pytest.mark.parametrize("score", range(8))
def test_logistic_equation_matches_published_table(score: int) -> None:
    expected = 1 / (1 + math.exp(-(-4.448 + 1.237 * score)))
    assert scorten.logistic_mortality(score) == expected
    assert scorten.LOGISTIC_BY_SCORE[score] == expected
    assert round(100 * expected, 1) == PUBLISHED_LOGISTIC_PCT[score]


def test_observed_bands_match_published_counts_and_cover_165_patients() -> None:
    assert sum(b.n for b in scorten.OBSERVED_BANDS) == 165
    got = [
        (b.label, b.deaths, b.n, round(100 * b.mortality, 1), b.ci_low_pct, b.ci_high_pct)
        for b in scorten.OBSERVED_BANDS
    ]
    assert got == PUBLISHED_BANDS


def _half_up(value: float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("band", scorten.OBSERVED_BANDS, ids=lambda b: b.label)
def test_published_confidence_intervals_are_exact_clopper_pearson(band) -> None:
    """The stored CIs are the exact binomial intervals of the stored counts.

    Two published bounds (19.8, 99.8) come from rounding twice, half up (19.746 -> 19.75
    -> 19.8; 99.747 -> 99.75 -> 99.8): the counts are right, the paper rounded twice.
    """
    k, n = band.deaths, band.n
    low = 100 * beta.ppf(0.025, k, n - k + 1)
    high = 100 * beta.ppf(0.975, k + 1, n - k)
    assert abs(low - band.ci_low_pct) < 0.06
    assert abs(high - band.ci_high_pct) < 0.06
    assert _half_up(float(_half_up(low, 2)), 1) == Decimal(str(band.ci_low_pct))
    assert _half_up(float(_half_up(high, 2)), 1) == Decimal(str(band.ci_high_pct))


def test_top_band_is_exactly_90_percent_not_above() -> None:
    assert scorten.observed_band(5).mortality == 0.9
    assert scorten.observed_band(7).mortality == 0.9


# Cases that meet the first `score` criteria of SCORTEN, in the paper's order.
CRITERIA_MET = [
    {"age_years": 41},
    {"heart_rate_bpm": 121},
    {"malignancy": True},
    {"bsa_detached_pct": 11},
    {"urea_mmol_l": 10.5},
    {"bicarbonate_mmol_l": 19},
    {"glucose_mmol_l": 14.5},
]
EXPECTED_OBSERVED = [1 / 31, 1 / 31, 8 / 66, 12 / 34, 14 / 24, 0.9, 0.9, 0.9]


@pytest.mark.parametrize("score", range(8))
def test_every_score_from_0_to_7(score: int) -> None:
    changes: dict = {}
    for met in CRITERIA_MET[:score]:
        changes.update(met)
    result = score_case(case(**changes))
    assert result.errors == []
    assert result.scorten.score == score
    assert (result.scorten.min, result.scorten.max) == (score, score)
    assert result.scorten.missing == []
    assert result.scorten.mortality_logistic == scorten.LOGISTIC_BY_SCORE[score]
    assert result.scorten.mortality_observed == EXPECTED_OBSERVED[score]
    assert [c.points for c in result.scorten.criteria] == [1] * score + [0] * (7 - score)


# (field, below, on, above): the value on the cut-off earns no point (strict rule).
STRICT_ABOVE = [
    ("age_years", 39.9, 40, 40.1),
    ("heart_rate_bpm", 119, 120, 121),
    ("bsa_detached_pct", 9.9, 10, 10.1),
    ("urea_mmol_l", 9.9, 10, 10.1),
    ("glucose_mmol_l", 13.9, 14, 14.1),
    # mg/dL: BUN 28 = urea 10.0 mmol/L; glucose 252.224 mg/dL = 14.0 mmol/L (x 18.016)
    ("bun_mg_dl", 27.9, 28, 28.1),
    ("glucose_mg_dl", 252.0, 252.224, 252.5),
]


def _only(field: str, value: float) -> dict:
    """The normal case with one input set, in the unit the field names."""
    if field == "bun_mg_dl":
        return case(urea_mmol_l=None, bun_mg_dl=value)
    if field == "glucose_mg_dl":
        return case(glucose_mmol_l=None, glucose_mg_dl=value)
    return case(**{field: value})


@pytest.mark.parametrize(("field", "below", "on", "above"), STRICT_ABOVE)
def test_cutoff_is_strictly_greater_than(field: str, below: float, on: float, above: float):
    assert score_case(_only(field, below)).scorten.score == 0
    assert score_case(_only(field, on)).scorten.score == 0
    assert score_case(_only(field, above)).scorten.score == 1


@pytest.mark.parametrize(("field", "below", "on", "above"), STRICT_ABOVE)
def test_value_exactly_on_cutoff_warns_and_names_the_field(field, below, on, above) -> None:
    on_result = score_case(_only(field, on))
    cutoff_warnings = [w for w in on_result.warnings if "exactly at the cut-off" in w.message]
    assert [w.field for w in cutoff_warnings] == [field]
    # Age, heart rate, detachment and glucose: some published calculators count the cut-off
    # (MSD Manual's >=); urea and bicarbonate: none found does (MDCalc scores them 0).
    claims_calculators = "some published calculators count it" in cutoff_warnings[0].message
    assert claims_calculators == (field not in ("urea_mmol_l", "bun_mg_dl", "bicarbonate_mmol_l"))
    for value in (below, above):
        assert not any("cut-off" in w.message for w in score_case(_only(field, value)).warnings)


def test_bicarbonate_cutoff_is_strictly_below_20() -> None:
    assert score_case(case(bicarbonate_mmol_l=19.9)).scorten.score == 1
    on = score_case(case(bicarbonate_mmol_l=20))
    assert on.scorten.score == 0
    assert [w.field for w in on.warnings] == ["bicarbonate_mmol_l"]
    assert score_case(case(bicarbonate_mmol_l=20.1)).scorten.score == 0


def test_malignancy_scores_one_point() -> None:
    assert score_case(case(malignancy=True)).scorten.score == 1
    assert score_case(case(malignancy="yes")).scorten.score == 1
    assert score_case(case(malignancy="No")).scorten.score == 0


def test_breakdown_shows_input_unit_and_rule_in_both_units() -> None:
    result = score_case(case(urea_mmol_l=None, bun_mg_dl=33.88))
    urea = next(c for c in result.scorten.criteria if c.key == "urea_mmol_l")
    assert urea.field == "bun_mg_dl"
    assert urea.input_value == 33.88
    assert urea.input_unit == "mg/dL"
    assert urea.value == pytest.approx(12.1, abs=1e-12)
    assert urea.unit == "mmol/L"
    assert urea.rule == "Urea > 10 mmol/L (BUN 28 mg/dL)"
    assert (urea.met, urea.points) == (True, 1)
    glucose = next(c for c in result.scorten.criteria if c.key == "glucose_mmol_l")
    assert glucose.rule == "Glucose > 14 mmol/L (252.2 mg/dL)"


def test_worked_case_from_design_sketch() -> None:
    """design.md: age 67, malignancy, HR 118, 18 %, urea 12.1, bicarbonate 22, glucose ?"""
    record = {
        "age_years": 67,
        "malignancy": True,
        "heart_rate_bpm": 118,
        "bsa_detached_pct": 18,
        "urea_mmol_l": 12.1,
        "bicarbonate_mmol_l": 22,
    }
    partial = score_case(record).scorten
    assert (partial.score, partial.min, partial.max) == (None, 4, 5)
    assert partial.missing == ["glucose_mmol_l"]
    assert partial.mortality_logistic is None
    assert round(100 * partial.mortality_logistic_min, 1) == 62.2
    assert round(100 * partial.mortality_logistic_max, 1) == 85.0
    full = score_case({**record, "glucose_mmol_l": 8}).scorten
    assert full.score == 4
    assert round(100 * full.mortality_logistic, 1) == 62.2
    assert full.band is not None
    assert (full.band.deaths, full.band.n, full.band.ci_low_pct, full.band.ci_high_pct) == (
        14,
        24,
        36.6,
        77.9,
    )


def test_assessment_day_is_carried_and_defaults_to_day_1() -> None:
    assert score_case(case()).assessment_day == 1
    assert score_case(case(assessment_day=3)).assessment_day == 3
    assert score_case(case(assessment_day="3")).assessment_day == 3


def test_later_calibration_figures_as_published() -> None:
    """Micheletti 2018: 54 observed vs 77.7 expected, 266/376 treated; Torres-Navarro 2020:
    log SMR -0.0889 (-0.2023 to 0.0245); RegiSCAR (Sekula 2011): 11 % under-estimation."""
    assert (scorten.MICHELETTI_2018_OBSERVED_DEATHS, scorten.MICHELETTI_2018_EXPECTED_DEATHS) == (
        54,
        77.7,
    )
    assert scorten.MICHELETTI_2018_PHARMACOLOGIC_THERAPY_PCT == round(266 / 376 * 100, 1) == 70.7
    # The published SMR and CI (abstract, issue 20): 0.70 (0.58-0.79), the CI below 1. It is
    # shown as published; 54 / 77.7 = 0.6950 is within 0.01 of it (the expected count is
    # itself rounded).
    assert scorten.MICHELETTI_2018_SMR == 0.70
    assert scorten.MICHELETTI_2018_SMR_CI == (0.58, 0.79)
    assert abs(54 / 77.7 - scorten.MICHELETTI_2018_SMR) < 0.01
    assert scorten.MICHELETTI_2018_SMR_CI[1] < 1
    assert round(scorten.TORRES_NAVARRO_2020_SMR, 2) == 0.91
    low, high = scorten.TORRES_NAVARRO_2020_SMR_CI
    # Derived: exp(-0.2023) = 0.8168, exp(0.0245) = 1.0248, so 0.82-1.02 (not 1.03).
    assert (round(low, 4), round(high, 4)) == (0.8168, 1.0248)
    assert (round(low, 2), round(high, 2)) == (0.82, 1.02)
    assert low < 1 < high  # the pooled CI includes 1: no systematic over-prediction shown
    assert scorten.SEKULA_2011_UNDERESTIMATION_PCT == 11
