"""Cohort statistics, checked against scipy and scikit-learn computed independently here."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve

from scoring import scorten
from scoring.cohort_stats import (
    BOOTSTRAP_SEED,
    auroc_from_counts,
    bootstrap_counts,
    calibration_table,
    cell_counts,
    clopper_pearson,
    cohort_report,
    oe_from_counts,
    recalibrated_by_score,
    roc_curve_points,
)
from scoring.cohort_validation import CohortArrays, figures

# Floating-point agreement between two exact computations of the same number.
EXACT = 1e-12
# The derivation table prints one decimal; two of its limits (19.8, 99.8) are 19.746 and
# 99.747 rounded half-up twice, so agreement is to 0.06 percentage points.
PUBLISHED_ROUNDING_PP = 0.06

# (score, patients, deaths): a unit-sized cohort with every score present.
GROUPS = [
    (0, 20, 0),
    (1, 30, 1),
    (2, 25, 3),
    (3, 15, 5),
    (4, 8, 5),
    (5, 4, 3),
    (6, 2, 2),
    (7, 1, 1),
]


def make_cohort(groups: list[tuple[int, int, int]]) -> CohortArrays:
    score, died = [], []
    for s, n, deaths in groups:
        score += [s] * n
        died += [1] * deaths + [0] * (n - deaths)
    return CohortArrays(score=np.array(score, dtype=np.int64), died=np.array(died, dtype=np.int64))


def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cell counts back to one row per patient (score, died)."""
    score, died = [], []
    for s in range(counts.shape[0]):
        for outcome in (0, 1):
            score += [s] * int(counts[s, outcome])
            died += [outcome] * int(counts[s, outcome])
    return np.array(score), np.array(died)


@pytest.fixture(scope="module")
def cohort() -> CohortArrays:
    return make_cohort(GROUPS)


@pytest.mark.parametrize(
    ("deaths", "n", "low_pct", "high_pct"),
    [(1, 31, 0.1, 16.7), (8, 66, 5.4, 22.5), (12, 34, 19.8, 53.5), (14, 24, 36.6, 77.9),
     (9, 10, 55.5, 99.8)],
)  # fmt: skip
def test_clopper_pearson_reproduces_the_scorten_derivation_table(deaths, n, low_pct, high_pct):
    low, high = clopper_pearson(deaths, n)
    assert abs(low * 100 - low_pct) <= PUBLISHED_ROUNDING_PP
    assert abs(high * 100 - high_pct) <= PUBLISHED_ROUNDING_PP


@pytest.mark.parametrize(("deaths", "n"), [(0, 5), (1, 31), (3, 25), (5, 8), (7, 7), (14, 24)])
def test_clopper_pearson_equals_scipy_exact_binomial_interval(deaths, n):
    expected = binomtest(deaths, n).proportion_ci(confidence_level=0.95, method="exact")
    low, high = clopper_pearson(deaths, n)
    assert low == pytest.approx(expected.low, abs=EXACT)
    assert high == pytest.approx(expected.high, abs=EXACT)


def test_clopper_pearson_is_bit_for_bit_the_scipy_stats_beta_quantile():
    """Issue 22 reads the quantile from scipy.special (no scipy.stats import on the page):
    the same floats as scipy.stats.beta.ppf, not merely close ones."""
    from scipy.stats import beta

    alpha = 1.0 - 0.95  # as clopper_pearson computes it (0.050000000000000044)
    for n in (*range(1, 60), 100, 397, 1000, 20_000):
        for deaths in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            low, high = clopper_pearson(deaths, n)
            if deaths > 0:
                assert low == float(beta.ppf(alpha / 2, deaths, n - deaths + 1))
            if deaths < n:
                assert high == float(beta.ppf(1 - alpha / 2, deaths + 1, n - deaths))


def test_the_statistics_do_not_import_scipy_stats():
    """A second of the Cohort page's first load (issue 22); a fresh interpreter tells."""
    import subprocess
    import sys

    code = "import sys, scoring.cohort_stats; print('scipy.stats' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_clopper_pearson_edges_stay_inside_zero_one():
    assert clopper_pearson(0, 20)[0] == 0.0
    assert clopper_pearson(20, 20)[1] == 1.0


@pytest.mark.parametrize(("deaths", "n"), [(1, 0), (-1, 5), (6, 5)])
def test_clopper_pearson_rejects_impossible_counts(deaths, n):
    with pytest.raises(ValueError, match="0 <= deaths <= n"):
        clopper_pearson(deaths, n)


def test_cell_counts(cohort):
    counts = cell_counts(cohort)
    assert counts.tolist() == [[n - d, d] for _, n, d in GROUPS]


def test_auroc_by_hand_counts_ties_as_half():
    # Deaths at 3 and 5, survivors at 1, 3, 4: pairs 6, concordant 1 + 0.5 + 0 + 3 = 4.5.
    tiny = CohortArrays(score=np.array([3, 5, 1, 3, 4]), died=np.array([1, 1, 0, 0, 0]))
    assert float(auroc_from_counts(cell_counts(tiny))) == 0.75


def test_auroc_from_counts_equals_sklearn(cohort):
    expected = roc_auc_score(cohort.died, cohort.predicted)
    assert float(auroc_from_counts(cell_counts(cohort))) == pytest.approx(expected, abs=EXACT)


def test_auroc_without_both_outcomes_is_nan():
    counts = np.zeros((8, 2), dtype=np.int64)
    counts[3, 1] = 4
    assert np.isnan(auroc_from_counts(counts))


def test_oe_from_counts_equals_direct_sum(cohort):
    expected = cohort.died.sum() / cohort.predicted.sum()
    assert float(oe_from_counts(cell_counts(cohort))) == pytest.approx(expected, abs=EXACT)


def test_bootstrap_replicates_are_resamples_of_the_patients(cohort):
    draws = bootstrap_counts(cohort, n_boot=50, seed=1)
    assert draws.shape == (50, 8, 2)
    assert set(draws.sum(axis=(1, 2)).tolist()) == {cohort.score.size}
    # A resample can only contain (score, outcome) cells the cohort has: no deaths at 0.
    assert draws[:, 0, 1].sum() == 0


def test_bootstrap_is_seeded(cohort):
    first = bootstrap_counts(cohort, n_boot=20, seed=BOOTSTRAP_SEED)
    again = bootstrap_counts(cohort, n_boot=20, seed=BOOTSTRAP_SEED)
    other = bootstrap_counts(cohort, n_boot=20, seed=BOOTSTRAP_SEED + 1)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_bootstrap_intervals_equal_percentiles_of_sklearn_replicates(cohort):
    n_boot, seed = 300, 7
    report = cohort_report(cohort, n_boot=n_boot, seed=seed)
    aurocs, ratios = [], []
    for counts in bootstrap_counts(cohort, n_boot=n_boot, seed=seed):
        score, died = expand(counts)
        predicted = np.asarray(scorten.LOGISTIC_BY_SCORE)[score]
        ratios.append(died.sum() / predicted.sum())
        if 0 < died.sum() < died.size:
            aurocs.append(roc_auc_score(died, predicted))
    low, high = np.percentile(aurocs, [2.5, 97.5])
    assert report.auroc.low == pytest.approx(low, abs=EXACT)
    assert report.auroc.high == pytest.approx(high, abs=EXACT)
    assert report.auroc.replicates_used == len(aurocs)
    low, high = np.percentile(ratios, [2.5, 97.5])
    assert report.o_e_ratio.low == pytest.approx(low, abs=EXACT)
    assert report.o_e_ratio.high == pytest.approx(high, abs=EXACT)
    assert report.o_e_ratio.replicates_used == n_boot


def test_report_estimates_are_the_validate_figures(cohort):
    report = cohort_report(cohort, n_boot=200)
    assert report.figures == figures(cohort)
    assert report.auroc.estimate == report.figures["auroc"]
    assert report.o_e_ratio.estimate == report.figures["o_e_ratio"]
    assert report.auroc.low < report.auroc.estimate < report.auroc.high
    assert report.o_e_ratio.low < report.o_e_ratio.estimate < report.o_e_ratio.high
    assert (report.n_boot, report.seed) == (200, BOOTSTRAP_SEED)


def test_report_refuses_a_cohort_with_one_death():
    with pytest.raises(ValueError, match="1 deaths and 9 survivors"):
        cohort_report(make_cohort([(2, 10, 1)]))


def test_calibration_table_exact_rows(cohort):
    rows = calibration_table(cohort)
    assert [(r.score, r.n, r.deaths) for r in rows] == GROUPS
    four = rows[4]
    assert four.observed == 5 / 8
    assert four.expected == scorten.LOGISTIC_BY_SCORE[4]
    assert (four.observed_low, four.observed_high) == clopper_pearson(5, 8)
    assert four.recalibrated is None


def test_calibration_table_skips_empty_scores():
    rows = calibration_table(make_cohort([(1, 10, 1), (4, 6, 3)]))
    assert [r.score for r in rows] == [1, 4]


def test_recalibrated_curve_equals_sklearn_fit(cohort):
    model = LogisticRegression(C=np.inf, solver="lbfgs", max_iter=10_000, tol=1e-12)
    model.fit(cohort.score.reshape(-1, 1).astype(float), cohort.died)
    expected = model.predict_proba(np.arange(8).reshape(-1, 1).astype(float))[:, 1]
    curve = recalibrated_by_score(figures(cohort)["recalibrated"])
    assert curve == pytest.approx(expected.tolist(), abs=1e-6)
    rows = calibration_table(cohort, figures(cohort)["recalibrated"])
    assert [r.recalibrated for r in rows] == curve


def test_recalibrated_curve_absent_when_not_estimable():
    assert recalibrated_by_score(None) is None


def test_roc_points_match_sklearn_and_its_area(cohort):
    roc = roc_curve_points(cohort)
    assert roc.thresholds == [8, 7, 6, 5, 4, 3, 2, 1, 0]
    fpr, tpr, _ = roc_curve(cohort.died, cohort.predicted, drop_intermediate=False)
    assert sorted(set(zip(roc.fpr, roc.tpr, strict=True))) == sorted(
        set(zip(fpr.tolist(), tpr.tolist(), strict=True))
    )
    area = np.trapezoid(roc.tpr, roc.fpr)
    assert area == pytest.approx(roc_auc_score(cohort.died, cohort.predicted), abs=EXACT)


def test_roc_points_by_hand():
    tiny = CohortArrays(score=np.array([3, 5, 1, 3, 4]), died=np.array([1, 1, 0, 0, 0]))
    roc = roc_curve_points(tiny)
    assert roc.tpr == [0.0, 0.0, 0.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0]
    assert roc.fpr == [0.0, 0.0, 0.0, 0.0, 1 / 3, 2 / 3, 2 / 3, 1.0, 1.0]
