"""Does a lab value look like it was typed in the other unit? (pure; the Case page offers
a one-click switch when it does.)

The limits are the bounds' own "check the unit" limits (scoring/fields.py), written once:
urea above 60 mmol/L is usually a BUN in mg/dL; glucose above 50 mmol/L is usually a
mg/dL value; glucose below 2 mmol/L typed as mg/dL (36 mg/dL) is usually a mmol/L value.
"""

from __future__ import annotations

from knowledge.i18n import Text
from scoring import units
from scoring.fields import (
    GLUCOSE_WARN_ABOVE_MMOL_L,
    GLUCOSE_WARN_BELOW_MMOL_L,
    LAB_PAIRS,
    UREA_WARN_ABOVE_MMOL_L,
)

MMOL_L = "mmol/L"
MG_DL = "mg/dL"


def other_unit_suspected(analyte: str, unit: str, value: float | None) -> str | None:
    """The unit `value` more likely is in, or None. `analyte`: "urea" or "glucose"."""
    if value is None or value <= 0:
        return None
    if analyte == "urea" and unit == MMOL_L and value > UREA_WARN_ABOVE_MMOL_L:
        return MG_DL
    if analyte == "glucose" and unit == MMOL_L and value > GLUCOSE_WARN_ABOVE_MMOL_L:
        return MG_DL
    low_mg_dl = units.glucose_mmol_l_to_mg_dl(GLUCOSE_WARN_BELOW_MMOL_L)
    if analyte == "glucose" and unit == MG_DL and value < low_mg_dl:
        return MMOL_L
    return None


def other_unit_text(analyte: str, unit: str, value: float | None) -> Text | None:
    """The one-click switch's words when `value` more likely is in the other unit, or None:
    "70 looks like mg/dL: read it as mg/dL (BUN, urea nitrogen)" / "70: mg/dL 값으로 보임 — ..."."""
    other = other_unit_suspected(analyte, unit, value)
    if other is None:
        return None
    pair = next(p for p in LAB_PAIRS if p.name == analyte)
    return Text(
        "engine.unit_suspected",
        {"value": f"{value:g}", "unit": other, "option": pair.option_text(other)},
    )
