"""The unit of a lab on the Case page: switching it converts the number, never re-reads it.

Urea 12 mmol/L switched to US units shows as BUN 33.6 mg/dL: the same measurement. The
number as typed is remembered with the conversion (`LabReading.entered`), so switching
back shows exactly what was typed (12, not 11.999999999999998) while the shown number is
still the converted one; a number typed after the switch is the new "as typed". Pure: no
Streamlit (ui/widgets/case_form.py keeps a reading per lab in the session).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.fields import FIELD_BY_NAME, LAB_PAIRS, LabPair

PAIR_BY_NAME: dict[str, LabPair] = {pair.name: pair for pair in LAB_PAIRS}


def unit_of(field: str) -> str:
    return FIELD_BY_NAME[field].unit


def field_for(pair: LabPair, unit: str) -> str:
    """The contract field of `pair` in `unit` ("mmol/L" -> "urea_mmol_l")."""
    return pair.canonical if unit == unit_of(pair.canonical) else pair.alternate


def convert(pair: LabPair, value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit` (same analyte)."""
    if from_unit == to_unit:
        return value
    if to_unit == unit_of(pair.canonical):
        return float(pair.to_canonical(value))
    # Not rounded: the engine's bounds and cut-offs convert with the same factor, so an exact
    # conversion lands on a limit exactly when the typed number did (the screen shows %g).
    return float(pair.from_canonical(value))


@dataclass(frozen=True)
class LabReading:
    """What one lab field shows: its unit and number, and the number as typed when the
    shown number is a conversion of it."""

    unit: str
    value: float | None
    entered: tuple[str, float] | None = None  # (unit, number) as typed


def switch_unit(pair: LabPair, reading: LabReading, unit: str) -> LabReading:
    """The same measurement shown in `unit`."""
    if unit == reading.unit:
        return reading
    if reading.value is None:
        return LabReading(unit, None)
    if reading.entered is not None and reading.entered[0] == unit:
        return LabReading(unit, reading.entered[1])  # back to what was typed, exactly
    entered = reading.entered or (reading.unit, reading.value)
    return LabReading(unit, convert(pair, reading.value, reading.unit, unit), entered)
