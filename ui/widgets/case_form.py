"""The input column of the Case page: patient, vital signs, skin, labs.

Returns the assessment's inputs in contract field names (None = not known), the unit
choices, and one message slot per field so the page can show the engine's errors and
warnings next to the field that caused them.

Widget keys (stable, for tests and e2e): see `NUMBER_KEYS`, `TRISTATE_KEYS`, and
`lab_input.value_key/unit_key` ("case_urea_value", "case_urea_unit", ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from knowledge.i18n import Lang, tr
from scoring.fields import (
    FIELD_BY_NAME,
    FIELDS,
    LAB_PAIRS,
    SECTIONS,
    points_help_text,
    section_text,
)
from ui.i18n import lang, say, t
from ui.widgets import bsa_helper, lab_input
from ui.widgets.case_fields import TRISTATE_VALUE, number_field, tristate_field, tristate_label

# The inputs, their sections, labels, help and steps are the field registry's
# (scoring.fields), in the reader's language: a new field there appears here with no change
# to this module.
_LAB_FIELDS = {f for p in LAB_PAIRS for f in (p.canonical, p.alternate)}
# The section that holds the labs: the unit switch for the whole case sits under its heading.
LAB_SECTION = FIELD_BY_NAME[LAB_PAIRS[0].canonical].section_key
NUMBER_KEYS: dict[str, str] = {
    f.name: f"case_{f.name}"
    for f in FIELDS
    if f.section_key and f.kind == "number" and f.name not in _LAB_FIELDS
}
TRISTATE_KEYS: dict[str, str] = {
    f.name: f"case_{f.name}" for f in FIELDS if f.section_key and f.kind == "boolean"
}
LABS: tuple[lab_input.Analyte, ...] = tuple(lab_input.ANALYTES.values())
_ANALYTE_BY_CANONICAL = {p.canonical: lab_input.ANALYTES[p.name] for p in LAB_PAIRS}

# One "SI / US units" choice for the whole case. The user's choice is kept for the session
# under a permanent key (widget state is dropped when another page is shown; Clear case
# keeps it too). Each lab's own unit selector still overrides it.
UNIT_SYSTEM_KEY = "unit_system"
UNIT_SYSTEM_WIDGET_KEY = "case_unit_system"
UNIT_SYSTEMS: dict[str, str] = {"SI": lab_input.MMOL_L, "US": lab_input.MG_DL}
# Until the user chooses, a new case starts in the units the reader's labs report: Korean
# labs report BUN and glucose in mg/dL (issue 23). The start is fixed once per case (this
# key is case state: Clear case and import drop it), so switching the language never
# changes a case already entered.
CASE_UNIT_START_KEY = "case_units_start"
LANGUAGE_UNIT_SYSTEM: dict[str, str] = {"en": "SI", "ko": "US"}


def unit_system() -> str:
    """The case's unit system: the user's choice, else the one the case started in."""
    chosen = st.session_state.get(UNIT_SYSTEM_KEY)
    if chosen in UNIT_SYSTEMS:
        return chosen
    if st.session_state.get(CASE_UNIT_START_KEY) not in UNIT_SYSTEMS:
        st.session_state[CASE_UNIT_START_KEY] = LANGUAGE_UNIT_SYSTEM[lang()]
    return st.session_state[CASE_UNIT_START_KEY]


def preferred_unit() -> str:
    return UNIT_SYSTEMS[unit_system()]


# Every option widget of the form (radio, select box): their words follow the language.
OPTION_KEYS: tuple[str, ...] = (
    *TRISTATE_KEYS.values(),
    UNIT_SYSTEM_WIDGET_KEY,
    *(lab_input.unit_key(analyte) for analyte in LABS),
    bsa_helper.CHART_KEY,
)


def _labs_entered(case: Mapping[str, Any]) -> bool:
    lab_fields = {name for analyte in LABS for name in analyte.field_by_unit.values()}
    return any(
        assessment.get("inputs", {}).get(name) is not None
        for assessment in case.get("assessments", [])
        for name in lab_fields
    )


def follow_language_while_empty(case: Mapping[str, Any]) -> None:
    """A case with no lab value yet, whose units the user has not chosen, starts in the
    units of the reader's language: switching to Korean before any lab is entered gives
    mg/dL. Once a lab value is entered, the language never changes a unit (issue 23).

    Call before the form is drawn: it sets the unit widgets of this run.
    """
    if st.session_state.get(UNIT_SYSTEM_KEY) in UNIT_SYSTEMS:
        return  # the user chose
    start, wanted = st.session_state.get(CASE_UNIT_START_KEY), LANGUAGE_UNIT_SYSTEM[lang()]
    if start not in UNIT_SYSTEMS or start == wanted or _labs_entered(case):
        return
    shown = {st.session_state.get(lab_input.unit_key(analyte)) for analyte in LABS}
    if not shown <= {None, UNIT_SYSTEMS[start]}:
        return  # the user chose a lab's unit
    st.session_state[CASE_UNIT_START_KEY] = wanted
    st.session_state[UNIT_SYSTEM_WIDGET_KEY] = wanted
    for analyte in LABS:
        st.session_state[lab_input.unit_key(analyte)] = UNIT_SYSTEMS[wanted]
        lab_input.forget_shown(analyte)


def _unit_system_label(system: str, lang: Lang) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state);
    # the language bound when drawn (see ui/pages/case_page.py `_day_label`).
    return tr(f"case.unit_system_{system.lower()}", lang)


def _set_unit_system() -> None:
    # Every lab's number is converted to the new unit, never re-read in it.
    system = st.session_state[UNIT_SYSTEM_WIDGET_KEY]
    st.session_state[UNIT_SYSTEM_KEY] = system
    for analyte in LABS:
        lab_input.convert_to(analyte, UNIT_SYSTEMS[system])


@dataclass
class FormValues:
    inputs: dict[str, Any] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    slots: dict[str, DeltaGenerator] = field(default_factory=dict)


def _lab_stored(assessment: dict[str, Any], analyte: lab_input.Analyte) -> tuple[Any, str]:
    unit = assessment.get("units", {}).get(analyte.name, lab_input.MMOL_L)
    value = assessment.get("inputs", {}).get(analyte.field_by_unit[unit])
    if value is None:
        # Nothing entered for this lab yet: start in the case's unit system.
        unit = preferred_unit()
    return value, unit


def load_into_widgets(assessment: dict[str, Any]) -> None:
    """Overwrite every input widget with an assessment's values (day switch, import).

    Call from a callback only: a widget's value cannot be set once it is rendered.
    """
    inputs = assessment.get("inputs", {})
    for name, key in NUMBER_KEYS.items():
        st.session_state[key] = inputs.get(name)
    for name, key in TRISTATE_KEYS.items():
        st.session_state[key] = tristate_label(inputs.get(name))
    for analyte in LABS:
        value, unit = _lab_stored(assessment, analyte)
        st.session_state[lab_input.unit_key(analyte)] = unit
        st.session_state[lab_input.value_key(analyte)] = value
        lab_input.forget_shown(analyte)


def store_widgets(assessment: dict[str, Any]) -> None:
    """Copy what the input widgets hold now into `assessment` (ui/case_sync.py calls it
    at the top of a run, before anything is rendered or offered for download).

    A field whose widget is not in the session (never shown, or dropped by Streamlit
    after a visit to another page) keeps its stored value.
    """
    inputs = dict(assessment.get("inputs", {}))
    units = dict(assessment.get("units", {}))
    widgets = st.session_state
    for name, key in NUMBER_KEYS.items():
        if key in widgets:
            inputs[name] = widgets[key]
    for name, key in TRISTATE_KEYS.items():
        if key in widgets:
            inputs[name] = TRISTATE_VALUE.get(widgets[key])
    for analyte in LABS:
        v_key, u_key = lab_input.value_key(analyte), lab_input.unit_key(analyte)
        if v_key not in widgets or u_key not in widgets:
            continue
        for name in analyte.field_by_unit.values():
            inputs.pop(name, None)
        inputs[analyte.field_by_unit[widgets[u_key]]] = widgets[v_key]
        units[analyte.name] = widgets[u_key]
    assessment["inputs"] = {k: v for k, v in inputs.items() if v is not None}
    assessment["units"] = units


def _number(form: FormValues, name: str, stored: dict) -> None:
    spec = FIELD_BY_NAME[name]  # label, help and step: the field registry's
    help_text = say(spec.help_text) if spec.help_text else None
    label = say(spec.input_text or spec.label_text)
    value, slot = number_field(
        label, NUMBER_KEYS[name], stored.get(name), step=spec.step, help=help_text
    )
    form.inputs[name] = value
    form.slots[name] = slot


def _tristate(form: FormValues, name: str, stored: dict) -> None:
    # The help names the points it earns in each score, read from the criteria.
    spec = FIELD_BY_NAME[name]
    label = say(spec.input_text or spec.label_text)
    value, slot = tristate_field(
        label, TRISTATE_KEYS[name], stored.get(name), help=say(points_help_text(name))
    )
    form.inputs[name] = value
    form.slots[name] = slot


def _lab(form: FormValues, analyte: lab_input.Analyte, assessment: dict[str, Any]) -> None:
    value, unit = _lab_stored(assessment, analyte)
    lab = lab_input.show(analyte, value, unit)
    form.inputs[lab.field] = lab.value
    form.units[analyte.name] = lab.unit
    for name in analyte.field_by_unit.values():
        form.slots[name] = lab.slot


def _unit_system() -> None:
    if UNIT_SYSTEM_WIDGET_KEY not in st.session_state:
        st.session_state[UNIT_SYSTEM_WIDGET_KEY] = unit_system()
    st.radio(
        t("case.unit_system"),
        list(UNIT_SYSTEMS),
        format_func=partial(_unit_system_label, lang=lang()),
        horizontal=True,
        key=UNIT_SYSTEM_WIDGET_KEY,
        on_change=_set_unit_system,
        help=t("case.unit_system_help"),
    )


def show(assessment: dict[str, Any]) -> FormValues:
    stored = assessment.get("inputs", {})
    form = FormValues()
    for section in SECTIONS:
        # No anchor link in the tab order.
        st.markdown(f"#### {say(section_text(section))}", anchors=False)
        if section == LAB_SECTION:
            _unit_system()
        for spec in FIELDS:
            if spec.section_key != section:
                continue
            if spec.name in _ANALYTE_BY_CANONICAL:
                _lab(form, _ANALYTE_BY_CANONICAL[spec.name], assessment)
            elif spec.name in TRISTATE_KEYS:
                _tristate(form, spec.name, stored)
            elif spec.name in NUMBER_KEYS:
                _number(form, spec.name, stored)
            # (the other unit of a lab is the lab's unit selector's)
            if spec.name == "bsa_detached_pct":
                with st.expander(t("bsa.expander")):
                    bsa_helper.show(NUMBER_KEYS["bsa_detached_pct"])
    return form
