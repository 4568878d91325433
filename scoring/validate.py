"""How SCORTEN performs on a cohort: discrimination, calibration, recalibration.

Figures as fixed in shared/contract.md (`python -m scoring validate`). Records with an
incomplete SCORTEN, an invalid value or an unknown outcome are left out and counted.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from scoring import scorten
from scoring.batch import BatchResult, Column

MIN_DEATHS = 2  # contract: fewer than 2 deaths or 2 survivors is an error, not a number
MIN_SURVIVORS = 2


@dataclass(frozen=True)
class CohortArrays:
    """The scored records of a cohort: SCORTEN and outcome (deaths as 1)."""

    score: np.ndarray  # int
    died: np.ndarray  # int 0/1

    @property
    def predicted(self) -> np.ndarray:
        return np.asarray(scorten.LOGISTIC_BY_SCORE)[self.score]


def select_scored(result: BatchResult, died: Column) -> tuple[CohortArrays, dict[str, int]]:
    """Records with a valid, complete SCORTEN and a known outcome; counts of the rest."""
    invalid = ~result.valid
    invalid[list(died.errors)] = True
    incomplete = ~invalid & np.isnan(result.scorten_score)
    unknown = ~invalid & ~incomplete & np.isnan(died.values)
    keep = ~invalid & ~incomplete & ~unknown
    arrays = CohortArrays(
        score=result.scorten_score[keep].astype(np.int64),
        died=died.values[keep].astype(np.int64),
    )
    left_out = {
        "invalid": int(invalid.sum()),
        "incomplete_scorten": int(incomplete.sum()),
        "unknown_outcome": int(unknown.sum()),
    }
    return arrays, left_out


def by_score(cohort: CohortArrays) -> list[dict[str, Any]]:
    rows = []
    for s in range(scorten.MAX_SCORE + 1):
        in_group = cohort.score == s
        n = int(in_group.sum())
        if n == 0:
            continue
        deaths = int(cohort.died[in_group].sum())
        rows.append(
            {
                "score": s,
                "n": n,
                "deaths": deaths,
                "observed": deaths / n,
                "expected": scorten.LOGISTIC_BY_SCORE[s],
            }
        )
    return rows


def recalibrate(cohort: CohortArrays) -> dict[str, float] | None:
    """Unpenalised maximum-likelihood logit(died) = intercept + slope x score.

    None when the scores separate deaths from survivors perfectly: the likelihood then
    has no maximum and any printed slope would be an artefact of the optimiser.
    """
    deaths = cohort.score[cohort.died == 1]
    survivors = cohort.score[cohort.died == 0]
    if deaths.min() > survivors.max() or survivors.min() > deaths.max():
        return None
    model = LogisticRegression(C=np.inf, solver="lbfgs", max_iter=10_000, tol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model.fit(cohort.score.reshape(-1, 1).astype(float), cohort.died)
    return {"intercept": float(model.intercept_[0]), "slope": float(model.coef_[0][0])}


def figures(cohort: CohortArrays) -> dict[str, Any]:
    """The contract's figures; raises ValueError when the cohort cannot support them."""
    deaths = int(cohort.died.sum())
    survivors = int(cohort.died.size - deaths)
    if deaths < MIN_DEATHS or survivors < MIN_SURVIVORS:
        raise ValueError(
            f"died: {deaths} deaths and {survivors} survivors among the scored records; "
            f"validation needs at least {MIN_DEATHS} of each."
        )
    predicted = cohort.predicted
    n = cohort.died.size
    return {
        "deaths": deaths,
        "observed_mortality": deaths / n,
        "expected_mortality": float(predicted.mean()),
        "o_e_ratio": deaths / float(predicted.sum()),
        "auroc": float(roc_auc_score(cohort.died, predicted)),
        "brier": float(np.mean((predicted - cohort.died) ** 2)),
        "by_score": by_score(cohort),
        "recalibrated": recalibrate(cohort),
    }
