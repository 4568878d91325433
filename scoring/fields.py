"""The input fields of `score` (shared/contract.md) and how one raw value is read.

The same readers serve the one-case path and, for values that are not plain text,
the batch path, so both give the same value and the same message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["number", "integer", "boolean", "text"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    unit: str
    label: str


FIELDS: tuple[Field, ...] = (
    Field("id", "text", "", "Identifier"),
    Field("age_years", "number", "years", "Age"),
    Field("heart_rate_bpm", "number", "/min", "Heart rate"),
    Field("malignancy", "boolean", "", "Malignancy"),
    Field("bsa_detached_pct", "number", "% BSA", "Detached body surface area"),
    Field("urea_mmol_l", "number", "mmol/L", "Urea"),
    Field("bun_mg_dl", "number", "mg/dL", "BUN (urea nitrogen)"),
    Field("bicarbonate_mmol_l", "number", "mmol/L", "Bicarbonate"),
    Field("glucose_mmol_l", "number", "mmol/L", "Glucose"),
    Field("glucose_mg_dl", "number", "mg/dL", "Glucose"),
    Field("dialysis_before_admission", "boolean", "", "Dialysis before admission"),
    Field("assessment_day", "integer", "", "Assessment day"),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
DEFAULT_ASSESSMENT_DAY = 1

# Plain decimal notation, ASCII only (Python's float() would also take "1_0", "nan",
# "inf" and non-ASCII digits, which no lab system writes).
NUMBER_PATTERN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
NUMBER_RE = re.compile(NUMBER_PATTERN)
PADDING = " \t"  # the only padding stripped from text cells
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_missing(value: Any) -> bool:
    """Not known: absent, null, an empty CSV cell, or a NaN a data frame put there."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    return isinstance(value, float) and math.isnan(value)


class FieldError(ValueError):
    """A raw value that cannot be read as its field's type."""


def _describe(raw: Any) -> str:
    text = repr(raw) if isinstance(raw, str) else type(raw).__name__
    return text if len(text) <= 40 else text[:37] + "...'"


def not_a_number_message(field: str, raw: Any) -> str:
    hint = " (use a dot as the decimal mark)" if isinstance(raw, str) and "," in raw else ""
    return f"{field}: expected a number, got {_describe(raw)}{hint}."


def not_finite_message(field: str) -> str:
    return f"{field}: expected a finite number."


def not_a_boolean_message(field: str, raw: Any) -> str:
    return f"{field}: expected true/false, yes/no or 1/0, got {_describe(raw)}."


def not_an_integer_message(field: str, raw: Any) -> str:
    return f"{field}: expected a whole number of days, got {_describe(raw)}."


def is_blank(raw: Any) -> bool:
    """Not known: missing, null, NaN, or text that is empty after padding is stripped."""
    return is_missing(raw) or (isinstance(raw, str) and raw.strip(PADDING) == "")


def parse_number_text(text: str) -> float | None:
    """A decimal number written as text, or None when the text is not one."""
    stripped = text.strip(PADDING)
    if not NUMBER_RE.fullmatch(stripped):
        return None
    return float(stripped)


def read_number(field: str, raw: Any) -> float | None:
    """A finite float, None when not known; FieldError otherwise."""
    if is_missing(raw):
        return None
    if isinstance(raw, str):
        if raw.strip(PADDING) == "":
            return None
        value = parse_number_text(raw)
        if value is None:
            raise FieldError(not_a_number_message(field, raw))
    elif isinstance(raw, bool) or not isinstance(raw, int | float):
        raise FieldError(not_a_number_message(field, raw))
    else:
        try:
            value = float(raw)
        except OverflowError:
            raise FieldError(not_finite_message(field)) from None
    if not math.isfinite(value):
        raise FieldError(not_finite_message(field))
    return value


def read_integer(field: str, raw: Any) -> int | None:
    try:
        value = read_number(field, raw)
    except FieldError:
        raise FieldError(not_an_integer_message(field, raw)) from None
    if value is None:
        return None
    if not value.is_integer():
        raise FieldError(not_an_integer_message(field, raw))
    return int(value)


def boolean_word(text: str) -> bool | None:
    word = text.strip(PADDING).translate(ASCII_UPPER)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def read_boolean(field: str, raw: Any) -> bool | None:
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        if raw.strip(PADDING) == "":
            return None
        value = boolean_word(raw)
        if value is None:
            raise FieldError(not_a_boolean_message(field, raw))
        return value
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    raise FieldError(not_a_boolean_message(field, raw))


def read_text(raw: Any) -> str | None:
    """The record's identifier, echoed back as text."""
    if is_missing(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return raw if isinstance(raw, str) else str(raw)
