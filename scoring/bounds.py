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

from knowledge.i18n import Text
from scoring.fields import (  # noqa: F401  (the limits' constants, re-exported)
    FIELDS,
    GLUCOSE_ERROR_ABOVE_MMOL_L,
    GLUCOSE_WARN_ABOVE_MMOL_L,
    GLUCOSE_WARN_BELOW_MMOL_L,
    UREA_ERROR_ABOVE_MMOL_L,
    UREA_WARN_ABOVE_MMOL_L,
    Limit,
)
from scoring.words import english, quantity_text

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
    screen_text: Text | None = None  # the field's name on screen (the key when None)


def _fmt(value: float) -> str:
    return f"{value:g}"


# Each check once: a test that serves a value and a column, the message's catalogue key
# (engine.yaml) and the limit it names (None: "it must be above 0").
@dataclass(frozen=True)
class Check:
    test: Callable[[Any], Any]
    key: str
    limit: Limit | None = None
    below: bool = False


def _limit_checks(limits: list[tuple[Limit | None, bool, str]]) -> list[Check]:
    """(limit, broken below it?, message key) -> checks, for the limits a field has."""
    checks: list[Check] = []
    for limit, below, key in limits:
        if limit is None:
            continue

        def test(v: Any, cut: float = limit.value, below: bool = below) -> Any:
            return v < cut if below else v > cut

        checks.append(Check(test, key, limit, below))
    return checks


def _error_checks(bounds: FieldBounds) -> list[Check]:
    checks: list[Check] = []
    if bounds.positive:
        checks.append(Check(lambda v: v <= 0, "engine.bounds.not_positive"))
    limits = [
        (bounds.error_below, True, "engine.bounds.error_below"),
        (bounds.error_above, False, "engine.bounds.error_above"),
    ]
    return checks + _limit_checks(limits)


def _warning_checks(bounds: FieldBounds) -> list[Check]:
    return _limit_checks(
        [
            (bounds.warn_below, True, "engine.bounds.warn_below"),
            (bounds.warn_above, False, "engine.bounds.warn_above"),
        ]
    )


def _any(checks: list[Check], value: V) -> V:
    hit: Any = np.zeros(value.shape, dtype=bool) if isinstance(value, np.ndarray) else False
    with np.errstate(invalid="ignore"):
        for check in checks:
            hit = hit | check.test(value)
    return hit


# A lab limit converted to the other unit would read as a raw conversion ("9 mg/dL is below
# 36.032", issue 22). On screen it is rounded as the lab is reported (mg/dL whole, mmol/L to
# one decimal) and carries its unit; the CLI keeps the engine's figure.
LIMIT_DECIMALS: dict[str, int] = {"mg/dL": 0, "mmol/L": 1}


def rounded_limit(value: float, limit: float, below: bool, decimals: int) -> str:
    """The limit with the fewest decimals (from the unit's) that keeps the sentence true:
    36.01 mg/dL "is below 36" would be false, so that one reads "below 36.03"."""
    for places in range(decimals, 4):
        shown = round(limit, places)
        if (value < shown) if below else (value > shown):
            return f"{shown:g}"
    return f"{limit:g}"


def _screen_limit(bounds: FieldBounds, check: Check, value: float) -> Text | str:
    limit = check.limit.value  # type: ignore[union-attr]
    if bounds.unit in LIMIT_DECIMALS:
        # As the message reads them: the value and the limit as printed.
        decimals = LIMIT_DECIMALS[bounds.unit]
        shown = rounded_limit(float(_fmt(value)), float(_fmt(limit)), check.below, decimals)
        return quantity_text(shown, bounds.unit)
    if bounds.unit == "years":
        return Text("fields.value.limit_years", {"value": _fmt(limit)})
    return _fmt(limit)


def _text(bounds: FieldBounds, check: Check, value: float, on_screen: bool) -> Text:
    """The message of a broken check: on screen (the field's name, the limit rounded with
    its unit) or as the CLI writes it (the field's key, the limit as computed)."""
    params: dict[str, Any] = {
        "field": (bounds.screen_text or bounds.field) if on_screen else bounds.field,
        "value": quantity_text(_fmt(value), bounds.unit),
    }
    if check.limit is not None:
        params["limit"] = (
            _screen_limit(bounds, check, value) if on_screen else _fmt(check.limit.value)
        )
        params["reason"] = check.limit.reason_text
    return Text(check.key, params)


def _first(checks: list[Check], value: float) -> Check | None:
    return next((check for check in checks if check.test(value)), None)


def impossible(bounds: FieldBounds, value: V) -> V:
    """Whether a value (or each value of a column) cannot be true of a living patient."""
    return _any(_error_checks(bounds), value)


def suspicious(bounds: FieldBounds, value: V) -> V:
    """Whether a value (or each of a column) is possible but suspicious."""
    return _any(_warning_checks(bounds), value)


def error_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` cannot be true of a living patient (the CLI's English), or None."""
    check = _first(_error_checks(bounds), value)
    return None if check is None else english(_text(bounds, check, value, on_screen=False))


def error_text(bounds: FieldBounds, value: float) -> Text | None:
    """`error_message` as the screen says it, in the reader's language, or None."""
    check = _first(_error_checks(bounds), value)
    return None if check is None else _text(bounds, check, value, on_screen=True)


def warning_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` is possible but suspicious (the CLI's English), or None."""
    check = _first(_warning_checks(bounds), value)
    return None if check is None else english(_text(bounds, check, value, on_screen=False))


def warning_text(bounds: FieldBounds, value: float) -> Text | None:
    """`warning_message` as the screen says it, in the reader's language, or None."""
    check = _first(_warning_checks(bounds), value)
    return None if check is None else _text(bounds, check, value, on_screen=True)


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
        screen_text=f.screen_text,
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
HALF_LIFE_REASON_TEXT = Text(
    "alden.half_life_reason",
    {
        "years": f"{AGE.error_above.value:g}",  # type: ignore[union-attr]
        "hours": f"{MAX_HALF_LIFE_HOURS:,.0f}",
    },
)
HALF_LIFE_REASON = english(HALF_LIFE_REASON_TEXT)

# The earliest date the app's date fields take (their `min_value`): a first intake or an
# index day before 1900 is an entry error, and a date widget cannot even show it.
EARLIEST_DATE = date(1900, 1, 1)
