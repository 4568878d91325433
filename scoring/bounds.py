"""Plausibility bounds for every numeric input, each limit with its reason.

Two tiers (docs/cli-contract.md): a value no living patient can have is an *error*
(no score for that record); a value that is possible but suspicious is a *warning*
(the score is still given). The limits and their reasons are written once, in the field
registry (scoring.fields); here each check is written once for a value and a column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import numpy as np

from scoring.fields import (  # noqa: F401  (the limits' constants, re-exported)
    FIELDS,
    GLUCOSE_ERROR_ABOVE_MMOL_L,
    GLUCOSE_WARN_ABOVE_MMOL_L,
    GLUCOSE_WARN_BELOW_MMOL_L,
    UREA_ERROR_ABOVE_MMOL_L,
    UREA_WARN_ABOVE_MMOL_L,
    Limit,
)

# A value or a column of values (NaN = not known: no limit is broken).
V = TypeVar("V", float, np.ndarray)


@dataclass(frozen=True)
class FieldBounds:
    field: str
    label: str
    unit: str
    positive: bool = False  # a concentration or a rate: 0 or below is an error
    error_below: Limit | None = None  # value < limit -> error
    error_above: Limit | None = None  # value > limit -> error
    warn_below: Limit | None = None  # value < limit -> warning
    warn_above: Limit | None = None  # value > limit -> warning


def _fmt(value: float) -> str:
    return f"{value:g}"


# Each check once: a test that serves a value and a column, and the message it gives.
Check = tuple[Callable[[Any], Any], Callable[[str], str]]
_ERROR_BELOW = "{shown} is impossible: below {value} ({reason})."
_ERROR_ABOVE = "{shown} is impossible: above {value} ({reason})."
_WARN_BELOW = "{shown} is below {value}: {reason}."
_WARN_ABOVE = "{shown} is above {value}: {reason}."


def _limit_checks(limits: list[tuple[Limit | None, bool, str]]) -> list[Check]:
    """(limit, broken below it?, message) -> checks, for the limits a field has."""
    checks: list[Check] = []
    for limit, below, template in limits:
        if limit is None:
            continue

        def test(v: Any, cut: float = limit.value, below: bool = below) -> Any:
            return v < cut if below else v > cut

        def message(shown: str, limit: Limit = limit, template: str = template) -> str:
            return template.format(shown=shown, value=_fmt(limit.value), reason=limit.reason)

        checks.append((test, message))
    return checks


def _error_checks(bounds: FieldBounds) -> list[Check]:
    checks: list[Check] = []
    if bounds.positive:
        checks.append(
            (lambda v: v <= 0, lambda shown: f"{shown} is impossible: it must be above 0.")
        )
    limits = [(bounds.error_below, True, _ERROR_BELOW), (bounds.error_above, False, _ERROR_ABOVE)]
    return checks + _limit_checks(limits)


def _warning_checks(bounds: FieldBounds) -> list[Check]:
    return _limit_checks(
        [(bounds.warn_below, True, _WARN_BELOW), (bounds.warn_above, False, _WARN_ABOVE)]
    )


def _any(checks: list[Check], value: V) -> V:
    hit: Any = np.zeros(value.shape, dtype=bool) if isinstance(value, np.ndarray) else False
    with np.errstate(invalid="ignore"):
        for test, _ in checks:
            hit = hit | test(value)
    return hit


def _first_message(bounds: FieldBounds, checks: list[Check], value: float) -> str | None:
    shown = f"{bounds.field}: {_fmt(value)} {bounds.unit}".rstrip()
    for test, message in checks:
        if test(value):
            return message(shown)
    return None


def impossible(bounds: FieldBounds, value: V) -> V:
    """Whether a value (or each value of a column) cannot be true of a living patient."""
    return _any(_error_checks(bounds), value)


def suspicious(bounds: FieldBounds, value: V) -> V:
    """Whether a value (or each of a column) is possible but suspicious."""
    return _any(_warning_checks(bounds), value)


def error_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` cannot be true of a living patient, or None."""
    return _first_message(bounds, _error_checks(bounds), value)


def warning_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` is possible but suspicious, or None."""
    return _first_message(bounds, _warning_checks(bounds), value)


# Derived from the field registry (scoring.fields), where each limit and reason is written.
BOUNDS: dict[str, FieldBounds] = {
    f.name: FieldBounds(
        field=f.name,
        label=f.label,
        unit=f.limit_unit if f.limit_unit is not None else f.unit,
        positive=f.positive,
        error_below=f.error_below,
        error_above=f.error_above,
        warn_below=f.warn_below,
        warn_above=f.warn_above,
    )
    for f in FIELDS
    if f.has_limits
}
AGE = BOUNDS["age_years"]
HEART_RATE = BOUNDS["heart_rate_bpm"]
BSA = BOUNDS["bsa_detached_pct"]
UREA = BOUNDS["urea_mmol_l"]
BUN = BOUNDS["bun_mg_dl"]
BICARBONATE = BOUNDS["bicarbonate_mmol_l"]
GLUCOSE = BOUNDS["glucose_mmol_l"]
GLUCOSE_MG_DL = BOUNDS["glucose_mg_dl"]
ASSESSMENT_DAY = BOUNDS["assessment_day"]

# --- drugs (ALDEN inputs, typed or imported) -------------------------------------------

# A drug name is a label: the longest INN combination products run to a few dozen
# characters. 200 leaves room for brand + strength as typed and keeps a hostile name from
# stalling the browser (a 190 kB name took minutes to render).
MAX_DRUG_NAME_CHARS = 200

HOURS_PER_YEAR = 365.25 * 24
# A half-life longer than a human life cannot be a measurement: the same 125-year limit as
# age. Any half-life this long scores the drug present anyway (5 half-lives > any stay).
MAX_HALF_LIFE_HOURS = AGE.error_above.value * HOURS_PER_YEAR  # type: ignore[union-attr]
HALF_LIFE_REASON = (
    f"longer than a human life ({AGE.error_above.value:g} years, "  # type: ignore[union-attr]
    f"{MAX_HALF_LIFE_HOURS:,.0f} h): an entry error"
)

# The earliest date the app's date fields take (their `min_value`): a first intake or an
# index day before 1900 is an entry error, and a date widget cannot even show it.
EARLIEST_DATE = date(1900, 1, 1)
