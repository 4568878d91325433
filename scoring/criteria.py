"""A points score as data: each criterion a cut-off with its strictness and weight.

SCORTEN and ABCD-10 are both sums of such criteria; each function here serves one case
(a Python value) and a cohort (a numpy column) alike, so each rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Comparison = Literal["gt", "lt", "ge", "true"]

# Converted values (28 mg/dL / 2.8) may miss a cut-off by one float rounding step;
# anything closer than this counts as exactly on the cut-off.
CUTOFF_TOLERANCE = 1e-9

SYMBOL = {"gt": ">", "lt": "<", "ge": "≥"}


# Keyword-only: nine fields of which several are strings are unreadable by position.
@dataclass(frozen=True, kw_only=True)
class Criterion:
    key: str  # input field in canonical units, e.g. "urea_mmol_l"
    label: str
    comparison: Comparison
    points: int
    cutoff: float | None = None
    unit: str = ""
    alt_unit_cutoff: str | None = None  # the same cut-off in the other unit, for display
    source: str = ""  # where the cut-off is written
    on_cutoff_note: str | None = None  # warning when a value sits exactly on the cut-off

    @property
    def rule(self) -> str:
        if self.comparison == "true":
            return f"{self.label} present"
        alt = f" ({self.alt_unit_cutoff})" if self.alt_unit_cutoff else ""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} {SYMBOL[self.comparison]} {self.cutoff:g}{unit}{alt}"


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
