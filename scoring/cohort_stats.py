"""Uncertainty around `python -m scoring validate`: confidence intervals and plot data.

Pure functions over `scoring.cohort_validation.CohortArrays` (numpy/scipy only; no UI, no I/O).
Every random draw comes from a seeded generator, so one cohort always gives one answer.

Methods, each named where it is used:
- Per score group, the observed mortality's 95 % CI is the Clopper-Pearson exact interval
  (Clopper CJ, Pearson ES. Biometrika 1934;26(4):404-13, doi:10.1093/biomet/26.4.404). It is
  the interval the SCORTEN derivation table prints: 1/31 gives 0.1-16.7 % and 14/24 gives
  36.6-77.9 % (Bastuji-Garin 2000), so a unit's table reads
  like the published one. It never falls outside 0-1, even for 0/n or n/n.
- AUROC and the O/E ratio get percentile bootstrap intervals (Efron B, Tibshirani RJ. An
  Introduction to the Bootstrap. Chapman & Hall 1993, ch. 13): resample patients with
  replacement, recompute, take the 2.5th and 97.5th percentiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# The beta quantile straight from scipy.special: the same function scipy.stats.beta.ppf
# calls (identical results), without importing scipy.stats, which cost the Cohort page
# about a second on a cold server (issue 22).
from scipy.special import betaincinv

from scoring import scorten

# cell_counts and auroc_from_counts live in validate (one implementation); the page and
# tests import them from here too.
from scoring.cohort_validation import (
    N_SCORES,
    CohortArrays,
    auroc_from_counts,
    by_score,
    cell_counts,
    figures_from_counts,
)

CONFIDENCE = 0.95
# 2,000 replicates: enough for stable 2.5/97.5 percentiles (Efron & Tibshirani 1993,
# ch. 19, suggest >= 1,000 for percentile intervals) and well under a second here.
N_BOOTSTRAP = 2000
# Fixed so the same file always shows the same intervals (a re-run must not change a report).
BOOTSTRAP_SEED = 20000149  # the SCORTEN paper's journal volume and first page, 115:149

CLOPPER_PEARSON_REFERENCE = (
    "Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the "
    "case of the binomial. Biometrika 1934;26(4):404-13. doi:10.1093/biomet/26.4.404"
)
BOOTSTRAP_REFERENCE = (
    "Efron B, Tibshirani RJ. An Introduction to the Bootstrap. Chapman & Hall 1993, "
    "ch. 13 (percentile intervals)"
)


def clopper_pearson(deaths: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact binomial interval for deaths/n (proportions 0..1)."""
    if n <= 0 or not 0 <= deaths <= n:
        raise ValueError(f"need 0 <= deaths <= n and n > 0, got {deaths}/{n}")
    alpha = 1.0 - confidence
    low = 0.0 if deaths == 0 else float(betaincinv(deaths, n - deaths + 1, alpha / 2))
    high = 1.0 if deaths == n else float(betaincinv(deaths + 1, n - deaths, 1 - alpha / 2))
    return low, high


def oe_from_counts(counts: np.ndarray) -> np.ndarray:
    """Observed deaths / sum of SCORTEN predictions, from (..., 8, 2) cell counts."""
    predicted = np.asarray(scorten.LOGISTIC_BY_SCORE)
    expected = (counts.sum(axis=-1) * predicted).sum(axis=-1)
    return counts[..., 1].sum(axis=-1) / expected


def bootstrap_counts(
    cohort: CohortArrays, n_boot: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> np.ndarray:
    """Cell counts of `n_boot` resamples of the cohort's patients: shape (n_boot, 8, 2).

    Drawing n patients with replacement and counting them per (score, outcome) is the same
    as one multinomial draw over the 16 cells with the observed proportions: exact, and
    O(n_boot x 16) instead of O(n_boot x n), so 20,000-row cohorts stay fast.
    """
    return bootstrap_from_counts(cell_counts(cohort), n_boot, seed)


def bootstrap_from_counts(
    counts: np.ndarray, n_boot: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> np.ndarray:
    """`bootstrap_counts` from the (8, 2) counts themselves (no rows needed)."""
    n = int(counts.sum())
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, counts.ravel() / n, size=n_boot)
    return draws.reshape(n_boot, N_SCORES, 2)


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    replicates_used: int  # bootstrap replicates where the statistic exists

    def as_dict(self) -> dict[str, float | int]:
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "replicates_used": self.replicates_used,
        }


def percentile_interval(
    estimate: float, replicates: np.ndarray, confidence: float = CONFIDENCE
) -> Interval:
    """Percentile interval; replicates where the statistic does not exist (NaN) are dropped.

    A resample with no deaths or no survivors has no AUROC: dropping it (rather than
    counting it as 0.5) is the usual choice, and the count says how many remained.
    """
    kept = replicates[~np.isnan(replicates)]
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(kept, [tail, 100 - tail])
    return Interval(float(estimate), float(low), float(high), int(kept.size))


@dataclass(frozen=True)
class CalibrationRow:
    score: int
    n: int
    deaths: int
    observed: float
    observed_low: float  # Clopper-Pearson
    observed_high: float
    expected: float  # SCORTEN logistic prediction (Bastuji-Garin 2000)
    recalibrated: float | None  # this cohort's own equation, when it exists


def logistic(intercept: float, slope: float, score: int) -> float:
    return float(1.0 / (1.0 + np.exp(-(intercept + slope * score))))


def recalibrated_by_score(recalibrated: dict[str, float] | None) -> list[float] | None:
    """The cohort's recalibrated mortality for every score 0-7 (None if not estimable)."""
    if recalibrated is None:
        return None
    return [logistic(recalibrated["intercept"], recalibrated["slope"], s) for s in range(N_SCORES)]


def calibration_table(
    cohort: CohortArrays, recalibrated: dict[str, float] | None = None
) -> list[CalibrationRow]:
    """Observed vs expected mortality per SCORTEN value present in the cohort."""
    curve = recalibrated_by_score(recalibrated)
    rows = []
    for row in by_score(cell_counts(cohort)):  # the validate command's per-score table
        score, n, deaths = row["score"], row["n"], row["deaths"]
        low, high = clopper_pearson(deaths, n)
        rows.append(
            CalibrationRow(
                score=score,
                n=n,
                deaths=deaths,
                observed=row["observed"],
                observed_low=low,
                observed_high=high,
                expected=row["expected"],
                recalibrated=curve[score] if curve else None,
            )
        )
    return rows


@dataclass(frozen=True)
class RocCurve:
    """Operating points of "SCORTEN >= threshold predicts death", from strictest to none."""

    thresholds: list[int]  # score cut-offs; the first (8) flags nobody
    fpr: list[float]
    tpr: list[float]


def roc_curve_points(cohort: CohortArrays) -> RocCurve:
    """One point per possible cut-off 8, 7, ..., 0 (a cut-off of 8 flags nobody).

    Scores absent from the cohort repeat the previous point, which keeps the curve's
    shape and lets the table be read against every score.
    """
    counts = cell_counts(cohort)
    survivors, deaths = counts[:, 0], counts[:, 1]
    thresholds = list(range(N_SCORES, -1, -1))
    fpr = [float(survivors[t:].sum() / survivors.sum()) for t in thresholds]
    tpr = [float(deaths[t:].sum() / deaths.sum()) for t in thresholds]
    return RocCurve(thresholds=thresholds, fpr=fpr, tpr=tpr)


@dataclass(frozen=True)
class CohortReport:
    """`validate`'s figures plus intervals and the data for the two plots."""

    figures: dict[str, Any]  # exactly scoring.cohort_validation.figures (incl. its warnings)
    auroc: Interval
    o_e_ratio: Interval
    calibration: list[CalibrationRow]
    roc: RocCurve
    n_boot: int
    seed: int


def cohort_report(
    cohort: CohortArrays, n_boot: int = N_BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> CohortReport:
    """Everything the Cohort page shows; ValueError when the cohort cannot support it."""
    # One pass over the rows: every figure and interval comes from the 8 x 2 counts.
    counts = cell_counts(cohort)
    base = figures_from_counts(counts)  # raises with the contract's message on < 2 each
    resampled = bootstrap_from_counts(counts, n_boot, seed)
    return CohortReport(
        figures=base,
        auroc=percentile_interval(base["auroc"], auroc_from_counts(resampled)),
        o_e_ratio=percentile_interval(base["o_e_ratio"], oe_from_counts(resampled)),
        calibration=calibration_table(cohort, base["recalibrated"]),
        roc=roc_curve_points(cohort),
        n_boot=n_boot,
        seed=seed,
    )
