"""A lab value with its unit selector (mmol/L or mg/dL) -> contract field name and value.

The number is kept as typed when the unit changes: a user who notices the wrong unit
after typing wants the number re-read in the right unit, not converted. The converted
value is shown under the field ("= 34 mg/dL BUN") so the reading is always visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from reports.wording import converted_text
from scoring.fields import FIELD_BY_NAME, LAB_PAIRS, LabPair
from scoring.unit_check import other_unit_suspected
from ui.widgets.case_fields import NUMBER_FORMAT, seed


@dataclass(frozen=True)
class Analyte:
    name: str  # "urea" or "glucose": the key in the assessment's "units"
    label: str
    field_by_unit: dict[str, str]  # unit -> contract field
    unit_labels: dict[str, str]  # unit -> radio option text
    unit_help: str | None = None
    note: str | None = None  # shown under the unit selector

    def unit_label(self, unit: str) -> str:
        return self.unit_labels[unit]


def _analyte(pair: LabPair) -> Analyte:
    """The Case page's input for a lab pair of the field registry (scoring.fields)."""
    units = {
        FIELD_BY_NAME[pair.canonical].unit: pair.canonical,
        FIELD_BY_NAME[pair.alternate].unit: pair.alternate,
    }
    return Analyte(
        name=pair.name,
        label=pair.label,
        field_by_unit=units,
        unit_labels={
            FIELD_BY_NAME[pair.canonical].unit: pair.canonical_option,
            FIELD_BY_NAME[pair.alternate].unit: pair.alternate_option,
        },
        unit_help=pair.note,
        note=pair.note,
    )


ANALYTES: dict[str, Analyte] = {pair.name: _analyte(pair) for pair in LAB_PAIRS}
UREA = ANALYTES["urea"]
GLUCOSE = ANALYTES["glucose"]
MMOL_L, MG_DL = tuple(UREA.field_by_unit)  # the rule's unit first
UNITS: tuple[str, ...] = (MMOL_L, MG_DL)


@dataclass(frozen=True)
class LabValue:
    field: str  # contract field of the chosen unit, e.g. "bun_mg_dl"
    value: float | None
    unit: str
    slot: DeltaGenerator  # where the page puts this field's messages


def value_key(analyte: Analyte) -> str:
    return f"case_{analyte.name}_value"


def unit_key(analyte: Analyte) -> str:
    return f"case_{analyte.name}_unit"


def _switch_unit(analyte: Analyte, unit: str) -> None:
    # A callback: the only time a rendered widget's value may be set. The number stays as
    # typed and is re-read in the other unit.
    st.session_state[unit_key(analyte)] = unit


def show(analyte: Analyte, stored_value: float | None, stored_unit: str) -> LabValue:
    seed(unit_key(analyte), stored_unit)
    seed(value_key(analyte), stored_value)
    unit = st.radio(
        f"{analyte.label} unit",
        UNITS,
        format_func=analyte.unit_label,
        horizontal=True,
        key=unit_key(analyte),
        help=analyte.unit_help,
    )
    if analyte.note:
        st.caption(analyte.note)
    field = analyte.field_by_unit[unit]
    value = st.number_input(
        f"{analyte.label} ({analyte.unit_labels[unit]})",
        value=None,
        step=0.1,
        format=NUMBER_FORMAT,
        key=value_key(analyte),
        placeholder="not known",
    )
    converted = converted_text(field, value) if value is not None and value > 0 else None
    if converted:
        st.caption(converted)
    other = other_unit_suspected(analyte.name, unit, value)
    if other is not None:
        st.button(
            f"{value:g} looks like {other}: read it as {analyte.unit_labels[other]}",
            key=f"{value_key(analyte)}_switch",
            on_click=_switch_unit,
            args=(analyte, other),
            icon=":material/swap_horiz:",
        )
    return LabValue(field=field, value=value, unit=unit, slot=st.container())
