"""How SCORTEN performs on a cohort: discrimination, calibration, recalibration.

Figures as fixed in docs/cli-contract.md (`python -m scoring validate`). Records with an
incomplete SCORTEN, an invalid value or an unknown outcome are left out and counted.

SCORTEN takes 8 values and its prediction is fixed per value, so the patients and deaths
per score (an 8 x 2 table of counts) are a sufficient statistic for every figure: AUROC
with ties, Brier, O/E, the per-score table and the recalibration as a grouped binomial
fit. The command line accumulates those counts chunk by chunk, in constant memory
(issue 14); tests/scoring/test_validate.py holds them equal to scikit-learn on the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge.i18n import Text
from scoring import scorten
from scoring.batch import BatchResult, Column
from scoring.words import english

# The outcome column of a cohort file (docs/cli-contract.md, `validate`): died yes/no.
OUTCOME_FIELD = "died"
MIN_DEATHS = 2  # contract: fewer than 2 deaths or 2 survivors is an error, not a number
MIN_SURVIVORS = 2
N_SCORES = scorten.MAX_SCORE + 1
# Peduzzi P, Concato J, Kemper E, Holford TR, Feinstein AR. A simulation study of the number
# of events per variable in logistic regression analysis. J Clin Epidemiol
# 1996;49(12):1373-9 (PMID 8970487): below 10 events per variable the coefficients were
# biased and their confidence intervals unreliable. The recalibration has one variable (the
# score), and the "events" are the rarer outcome, deaths or survivors.
MIN_EVENTS_PER_VARIABLE = 10
EPV_REFERENCE = (
    "Peduzzi et al., J Clin Epidemiol 1996;49:1373-9, doi:10.1016/s0895-4356(96)00236-3, "
    "PMID 8970487"
)
_NEWTON_STEPS = 100


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
    incomplete = ~invalid & np.isnan(result.scores["scorten"].value)
    unknown = ~invalid & ~incomplete & np.isnan(died.values)
    keep = ~invalid & ~incomplete & ~unknown
    arrays = CohortArrays(
        score=result.scores["scorten"].value[keep].astype(np.int64),
        died=died.values[keep].astype(np.int64),
    )
    left_out = {
        "invalid": int(invalid.sum()),
        "incomplete_scorten": int(incomplete.sum()),
        "unknown_outcome": int(unknown.sum()),
    }
    return arrays, left_out


def cell_counts(cohort: CohortArrays) -> np.ndarray:
    """Patients per (score, outcome): shape (8, 2), column 0 survivors, column 1 deaths."""
    counts = np.zeros((N_SCORES, 2), dtype=np.int64)
    np.add.at(counts, (cohort.score, cohort.died), 1)
    return counts


def auroc_from_counts(counts: np.ndarray) -> np.ndarray:
    """AUROC of the SCORTEN prediction from (..., 8, 2) cell counts; NaN without both outcomes.

    The prediction rises with the score, so AUROC = P(a death's score > a survivor's) plus
    half the probability of a tie (Mann-Whitney form, as sklearn's roc_auc_score counts ties).
    """
    survivors = counts[..., 0].astype(np.float64)
    deaths = counts[..., 1].astype(np.float64)
    below = np.cumsum(survivors, axis=-1) - survivors  # survivors with a lower score
    pairs = deaths.sum(axis=-1) * survivors.sum(axis=-1)
    concordant = (deaths * below).sum(axis=-1) + 0.5 * (deaths * survivors).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, concordant / pairs, np.nan)


def by_score(counts: np.ndarray) -> list[dict[str, Any]]:
    rows = []
    for s in range(N_SCORES):
        n = int(counts[s].sum())
        if n == 0:
            continue
        deaths = int(counts[s, 1])
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


def _t(key: str, **params: Any) -> Text:
    """A word of the cohort validation (engine.yaml `engine.cohort.<key>`)."""
    return Text(f"engine.cohort.{key}", params)


def separation_text(counts: np.ndarray) -> Text | None:
    """Why the recalibration has no maximum-likelihood estimate, or None when it has one.

    With one predictor, the MLE exists unless a score threshold puts every death on one
    side and every survivor on the other (complete separation) or on the threshold itself
    (quasi-complete separation, which includes every patient having the same score): the
    likelihood then keeps rising as the slope grows, and any printed slope would be an
    artefact of the optimiser (Albert A, Anderson JA. Biometrika 1984;71:1-10).
    """
    death_scores = np.flatnonzero(counts[:, 1])
    survivor_scores = np.flatnonzero(counts[:, 0])
    present = np.flatnonzero(counts.sum(axis=1))
    if present.size == 1:
        return _t("one_score", score=int(present[0]))
    deaths_high = survivor_scores.max() <= death_scores.min()
    deaths_low = death_scores.max() <= survivor_scores.min()
    if not (deaths_high or deaths_low):
        return None
    if deaths_high:
        deaths_side = _t("deaths_at_least", score=int(death_scores.min()))
        survivors_side = _t("survivors_at_most", score=int(survivor_scores.max()))
        complete = survivor_scores.max() < death_scores.min()
    else:
        deaths_side = _t("deaths_at_most", score=int(death_scores.max()))
        survivors_side = _t("survivors_at_least", score=int(survivor_scores.min()))
        complete = death_scores.max() < survivor_scores.min()
    return _t(
        "separation",
        kind=_t("completely" if complete else "quasi_completely"),
        deaths_side=deaths_side,
        survivors_side=survivors_side,
    )


def separation_message(counts: np.ndarray) -> str | None:
    """`separation_text` in English (the CLI's)."""
    text = separation_text(counts)
    return None if text is None else english(text)


def few_events_text(counts: np.ndarray) -> Text | None:
    deaths, survivors = int(counts[:, 1].sum()), int(counts[:, 0].sum())
    events = min(deaths, survivors)
    if events >= MIN_EVENTS_PER_VARIABLE:
        return None
    return _t(
        "few_events",
        events=events,
        rarer=_t("deaths" if deaths <= survivors else "survivors"),
        minimum=MIN_EVENTS_PER_VARIABLE,
        reference=EPV_REFERENCE,
    )


def few_events_message(counts: np.ndarray) -> str | None:
    """`few_events_text` in English (the CLI's)."""
    text = few_events_text(counts)
    return None if text is None else english(text)


class TooFewOutcomesError(ValueError):
    """The cohort cannot support the figures (< 2 deaths or survivors): the CLI's English
    (`str(exc)`) and the same message for the screen (`text`)."""

    def __init__(self, text: Text) -> None:
        super().__init__(english(text))
        self.text = text


def grouped_logistic(counts: np.ndarray) -> tuple[float, float] | None:
    """Maximum-likelihood (intercept, slope) of logit(died) = a + b x score from counts.

    Newton-Raphson on the grouped binomial likelihood (the same estimate as a logistic
    regression on the rows), with step halving; None if it fails to converge.
    """
    scores = np.arange(N_SCORES, dtype=np.float64)
    m = counts.sum(axis=1).astype(np.float64)
    y = counts[:, 1].astype(np.float64)
    x = np.column_stack([np.ones(N_SCORES), scores])
    beta = np.array([np.log(y.sum() / (m.sum() - y.sum())), 0.0])

    def loglik(b: np.ndarray) -> float:
        eta = x @ b
        return float(np.sum(y * eta - m * np.logaddexp(0.0, eta)))

    current = loglik(beta)
    for _ in range(_NEWTON_STEPS):
        mu = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (y - m * mu)
        hessian = (x * (m * mu * (1 - mu))[:, None]).T @ x
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            return None
        scale = 1.0
        while scale > 1e-10:
            candidate = beta + scale * step
            value = loglik(candidate)
            if value >= current - 1e-12 * abs(current):
                break
            scale /= 2
        beta, current = candidate, value
        if np.max(np.abs(scale * step)) < 1e-13 * max(1.0, float(np.max(np.abs(beta)))):
            return float(beta[0]), float(beta[1])
    return None


def recalibration(counts: np.ndarray) -> tuple[dict[str, float] | None, list[Text]]:
    """The cohort's own logit = intercept + slope x score, and why it may not be trusted.

    None (with the reason) when the MLE does not exist; numbers with a warning when the
    events per variable are few.
    """
    reason = separation_text(counts)
    if reason is not None:
        return None, [reason]
    fit = grouped_logistic(counts)
    if fit is None:
        return None, [_t("not_converged")]
    few = few_events_text(counts)
    return {"intercept": fit[0], "slope": fit[1]}, [few] if few else []


def recalibrate(counts: np.ndarray) -> tuple[dict[str, float] | None, list[str]]:
    """`recalibration`, its doubts in English (the CLI's)."""
    fit, doubts = recalibration(counts)
    return fit, [english(doubt) for doubt in doubts]


def figures_from_counts(counts: np.ndarray) -> dict[str, Any]:
    """The contract's figures plus `warnings` (messages about the recalibration, in English)
    and `warning_texts` (the same for the screen; not part of the contract).

    Raises TooFewOutcomesError (a ValueError) when the cohort cannot support them (< 2 deaths or
    survivors).
    """
    deaths = int(counts[:, 1].sum())
    survivors = int(counts[:, 0].sum())
    if deaths < MIN_DEATHS or survivors < MIN_SURVIVORS:
        raise TooFewOutcomesError(
            _t(
                "too_few_outcomes",
                field=OUTCOME_FIELD,
                deaths=deaths,
                survivors=survivors,
                minimum=MIN_DEATHS,
            )
        )
    predicted = np.asarray(scorten.LOGISTIC_BY_SCORE)
    per_score = counts.sum(axis=1)
    n = deaths + survivors
    expected_deaths = float(per_score @ predicted)
    brier = float(counts[:, 0] @ predicted**2 + counts[:, 1] @ (1.0 - predicted) ** 2) / n
    recalibrated, doubts = recalibration(counts)
    return {
        "deaths": deaths,
        "observed_mortality": deaths / n,
        "expected_mortality": expected_deaths / n,
        "o_e_ratio": deaths / expected_deaths,
        "auroc": float(auroc_from_counts(counts)),
        "brier": brier,
        "by_score": by_score(counts),
        "recalibrated": recalibrated,
        "warnings": [english(doubt) for doubt in doubts],
        "warning_texts": doubts,
    }


def figures(cohort: CohortArrays) -> dict[str, Any]:
    """As `figures_from_counts`, from the rows of a cohort."""
    return figures_from_counts(cell_counts(cohort))
