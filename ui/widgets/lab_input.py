"""A lab value with its unit selector (mmol/L or mg/dL) -> contract field name and value.

Changing the unit converts the number (urea 12 mmol/L shows as BUN 33.6 mg/dL): the same
measurement, never a number re-read in the other unit (reports.case_units). Only the
"looks like mg/dL: read it as mg/dL" button re-reads a number, when the user asks. The
converted value is shown under the field ("= 34 mg/dL BUN") so the reading is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from knowledge.i18n import Lang
from reports.case_units import PAIR_BY_NAME, LabReading, switch_unit
from reports.wording import converted_text
from scoring.fields import FIELD_BY_NAME, LAB_PAIRS, LabPair
from scoring.unit_check import other_unit_suspected
from ui.i18n import lang, say, t
from ui.widgets.case_fields import NUMBER_FORMAT, seed


@dataclass(frozen=True)
class Analyte:
    """The Case page's input for a lab pair of the field registry (scoring.fields): its
    words (label, unit options, the unit trap) are the registry's, in the reader's language."""

    name: str  # "urea" or "glucose": the key in the assessment's "units"
    field_by_unit: dict[str, str]  # unit -> contract field

    @property
    def pair(self) -> LabPair:
        return PAIR_BY_NAME[self.name]

    @property
    def label(self) -> str:
        return say(self.pair.label_text)

    @property
    def note(self) -> str | None:
        return say(self.pair.note_text) if self.pair.note_text else None

    def unit_label(self, unit: str) -> str:
        return say(self.pair.option_text(unit))


def _analyte(pair: LabPair) -> Analyte:
    units = {
        FIELD_BY_NAME[pair.canonical].unit: pair.canonical,
        FIELD_BY_NAME[pair.alternate].unit: pair.alternate,
    }
    return Analyte(name=pair.name, field_by_unit=units)


def _unit_option(unit: str, analyte: str, lang: Lang) -> str:
    # Module-level, not a lambda: widget options must pickle; the language bound when drawn
    # (see ui/pages/case_page.py `_day_label`).
    return PAIR_BY_NAME[analyte].option_text(unit).render(lang)


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


def shown_key(analyte: Analyte) -> str:
    # [unit, number, number-as-typed] last shown: what a unit switch converts from.
    return f"_case_{analyte.name}_shown"


def forget_shown(analyte: Analyte) -> None:
    """After the widgets were loaded with another assessment (day switch, import)."""
    st.session_state.pop(shown_key(analyte), None)


def _reading_on_screen(analyte: Analyte) -> LabReading | None:
    shown = st.session_state.get(shown_key(analyte))
    if shown is None:  # not rendered since it was loaded: what the widgets hold
        unit = st.session_state.get(unit_key(analyte))
        return None if unit is None else LabReading(unit, st.session_state.get(value_key(analyte)))
    unit, value, entered = shown
    if st.session_state.get(value_key(analyte)) != value:
        return LabReading(unit, st.session_state.get(value_key(analyte)))
    return LabReading(unit, value, tuple(entered) if entered else None)  # type: ignore[arg-type]


def convert_to(analyte: Analyte, unit: str) -> None:
    """Show the lab's number in `unit`, converted (from a callback only)."""
    reading = _reading_on_screen(analyte)
    if reading is not None:
        reading = switch_unit(PAIR_BY_NAME[analyte.name], reading, unit)
        st.session_state[value_key(analyte)] = reading.value
        st.session_state[shown_key(analyte)] = [reading.unit, reading.value, reading.entered]
    st.session_state[unit_key(analyte)] = unit


def _unit_changed(analyte: Analyte) -> None:
    convert_to(analyte, st.session_state[unit_key(analyte)])


def _reread_in(analyte: Analyte, unit: str) -> None:
    # The user asked: the number stays as typed and is read in the other unit.
    st.session_state[unit_key(analyte)] = unit
    forget_shown(analyte)


def _remember_shown(analyte: Analyte, unit: str, value: float | None) -> None:
    shown = st.session_state.get(shown_key(analyte))
    if shown is None or shown[0] != unit or shown[1] != value:
        st.session_state[shown_key(analyte)] = [unit, value, None]


def show(analyte: Analyte, stored_value: float | None, stored_unit: str) -> LabValue:
    seed(unit_key(analyte), stored_unit)
    seed(value_key(analyte), stored_value)
    unit = st.radio(
        t("case.lab_unit", lab=analyte.label),
        UNITS,
        format_func=partial(_unit_option, analyte=analyte.name, lang=lang()),
        horizontal=True,
        key=unit_key(analyte),
        help=analyte.note,
        on_change=_unit_changed,
        args=(analyte,),
    )
    if analyte.note:
        st.caption(analyte.note)
    field = analyte.field_by_unit[unit]
    value = st.number_input(
        t("case.lab_value", lab=analyte.label, unit=analyte.unit_label(unit)),
        value=None,
        step=0.1,
        format=NUMBER_FORMAT,
        key=value_key(analyte),
        placeholder=t("case.not_known"),
    )
    _remember_shown(analyte, unit, value)
    converted = (
        converted_text(field, value, lang=lang()) if value is not None and value > 0 else None
    )
    if converted:
        st.caption(converted)
    other = other_unit_suspected(analyte.name, unit, value)
    if other is not None:
        st.button(
            t(
                "case.lab_other_unit",
                value=f"{value:g}",
                unit=other,
                option=analyte.unit_label(other),
            ),
            key=f"{value_key(analyte)}_switch",
            on_click=_reread_in,
            args=(analyte, other),
            icon=":material/swap_horiz:",
        )
    return LabValue(field=field, value=value, unit=unit, slot=st.container())
