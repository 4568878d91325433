"""A points score as data: each criterion a cut-off with its strictness and weight, and
the score itself (`PointsScore`) as one frozen value.

Every score the app knows is a sum of such criteria (the registry: scoring.scores); each
function here serves one case (a Python value) and a cohort (a numpy column) alike, so
each rule is written once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from knowledge.i18n import Text
from scoring.words import english, quantity_text

Comparison = Literal["gt", "lt", "ge", "true"]

# Converted values (28 mg/dL / 2.8) may miss a cut-off by one float rounding step;
# anything closer than this counts as exactly on the cut-off.
CUTOFF_TOLERANCE = 1e-9

SYMBOL = {"gt": ">", "lt": "<", "ge": "≥"}


# Keyword-only: nine fields of which several are strings are unreadable by position.
@dataclass(frozen=True, kw_only=True)
class Criterion:
    """One criterion. Its words are catalogue entries (`Text`, engine.yaml), rendered in the
    reader's language on screen; `label`, `rule` and the notes give the English."""

    key: str  # input field in canonical units, e.g. "urea_mmol_l"
    label_text: Text  # the criterion's name, e.g. "Age"
    comparison: Comparison
    points: int
    cutoff: float | None = None
    unit: str = ""
    # The same cut-off in the other unit, for display: text that reads the same in every
    # language ("BUN 28 mg/dL") or a `Text` ("mEq/L is the same").
    alt_cutoff_text: Text | str | None = None
    # Where the cut-off is written: a `Text` when it carries words ("abstract"), else a
    # source named as published.
    source: Text | str = ""
    on_cutoff_note_text: Text | None = None  # warning when a value sits exactly on the cut-off

    @property
    def rule_text(self) -> Text:
        """ "Age > 40 years", "Malignancy present": the rule in words."""
        if self.comparison == "true":
            return Text("engine.rule.present", {"label": self.label_text})
        params = {
            "label": self.label_text,
            "symbol": SYMBOL[self.comparison],
            "value": quantity_text(f"{self.cutoff:g}", self.unit),
        }
        if self.alt_cutoff_text:
            return Text("engine.rule.with_alt", {**params, "alt": self.alt_cutoff_text})
        return Text("engine.rule.compare", params)

    # The English of each, as every caller has read it.
    @property
    def label(self) -> str:
        return english(self.label_text)

    @property
    def rule(self) -> str:
        return english(self.rule_text)

    @property
    def alt_unit_cutoff(self) -> str | None:
        return english(self.alt_cutoff_text) if self.alt_cutoff_text else None

    @property
    def on_cutoff_note(self) -> str | None:
        return english(self.on_cutoff_note_text) if self.on_cutoff_note_text else None


def is_met(criterion: Criterion, value: Any) -> Any:
    """Whether a known value earns the criterion's points: one value (float or bool) or
    a column (float64, booleans as 0/1; NaN gives False, to be masked by the caller)."""
    if criterion.comparison == "true":
        return value == 1  # True == 1; a column holds booleans as 0.0/1.0
    cut = float(criterion.cutoff)  # type: ignore[arg-type]
    if criterion.comparison == "gt":
        return value > cut + CUTOFF_TOLERANCE
    if criterion.comparison == "lt":
        return value < cut - CUTOFF_TOLERANCE
    return value >= cut - CUTOFF_TOLERANCE


def is_on_cutoff(criterion: Criterion, value: Any) -> Any:
    """Whether a value (or each value of a column) sits exactly on the cut-off."""
    if criterion.comparison == "true":
        return np.zeros(value.shape, dtype=bool) if isinstance(value, np.ndarray) else False
    return abs(value - float(criterion.cutoff)) <= CUTOFF_TOLERANCE  # type: ignore[arg-type]


def max_points(criteria: tuple[Criterion, ...]) -> int:
    return sum(c.points for c in criteria)


@dataclass(frozen=True)
class Logistic:
    """A published mortality equation: logit = intercept + slope x score."""

    intercept: float
    slope: float

    def probability(self, score: int) -> float:
        """Predicted probability of death: e^logit / (1 + e^logit)."""
        logit = self.intercept + self.slope * score
        return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class ObservedBand:
    """Observed mortality in a derivation cohort for a band of scores."""

    low: int
    high: int  # inclusive
    deaths: int
    n: int
    ci_low_pct: float  # 95 % CI as published
    ci_high_pct: float
    open_ended: bool = False  # the top band, printed "≥ low"

    @property
    def label(self) -> str:
        if self.open_ended:
            return f"≥ {self.low}"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @property
    def mortality(self) -> float:
        return self.deaths / self.n


def _always_validated(assessment_day: int | None) -> Text | None:
    return None


# Keyword-only, like Criterion: a score is read by its names, never by position.
@dataclass(frozen=True, kw_only=True)
class PointsScore:
    """One points score as a value: everything that lists, scores, explains, exports or
    draws a score reads it from here (the registry of them: scoring.scores.SCORES)."""

    key: str  # the contract's key and the CSV column prefix, e.g. "scorten"
    name: str  # as printed, e.g. "SCORTEN"
    criteria: tuple[Criterion, ...]
    references: tuple[str, ...]  # the primary source first
    citation: str  # the primary source in running text, e.g. "Bastuji-Garin 2000"
    logistic: Logistic | None = None  # a verified mortality equation, else None
    observed_bands: tuple[ObservedBand, ...] = ()  # observed mortality by band, if published
    # The last assessment day the score was validated for (None: any day), and why a later
    # day is not: the score's own words.
    validated_through_day: int | None = None
    measured_text: Text | None = None  # when its inputs are taken: "at admission"
    # The score's conventions where sources disagree (the Method page lists them).
    convention_texts: tuple[Text, ...] = ()
    day_note_text: Callable[[int | None], Text | None] = field(default=_always_validated)

    # The English of each, as every caller has read it.
    @property
    def measured(self) -> str:
        return english(self.measured_text) if self.measured_text else ""

    @property
    def conventions(self) -> tuple[str, ...]:
        return tuple(english(text) for text in self.convention_texts)

    def day_note(self, assessment_day: int | None) -> str | None:
        """Why the score is not validated for this assessment day, or None."""
        text = self.day_note_text(assessment_day)
        return None if text is None else english(text)

    @property
    def max_score(self) -> int:
        return max_points(self.criteria)

    @property
    def reference(self) -> str:
        return self.references[0]

    @property
    def logistic_by_score(self) -> tuple[float, ...] | None:
        """Predicted mortality for each score 0..max (a table the batch looks values up in)."""
        if self.logistic is None:
            return None
        return tuple(self.logistic.probability(s) for s in range(self.max_score + 1))

    def band(self, score: int) -> ObservedBand | None:
        """The observed band holding `score`, or None when the score has no bands."""
        if not self.observed_bands:
            return None
        for band in self.observed_bands:
            if band.low <= score <= band.high:
                return band
        raise ValueError(f"{self.name} {score} is outside 0-{self.max_score}")

    @property
    def observed_by_score(self) -> tuple[float, ...] | None:
        if not self.observed_bands:
            return None
        return tuple(self.band(s).mortality for s in range(self.max_score + 1))  # type: ignore[union-attr]

    def is_validated_for_day(self, assessment_day: int | None) -> bool:
        """No day given reads as day 1 (the contract's default)."""
        limit = self.validated_through_day
        return limit is None or assessment_day is None or assessment_day <= limit
