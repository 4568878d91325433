"""The input column of the Case page: patient, vital signs, skin, labs.

Returns the assessment's inputs in contract field names (None = not known), the unit
choices, and one message slot per field so the page can show the engine's errors and
warnings next to the field that caused them.

Widget keys (stable, for tests and e2e): see `NUMBER_KEYS`, `TRISTATE_KEYS`, and
`lab_input.value_key/unit_key` ("case_urea_value", "case_urea_unit", ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from scoring.fields import FIELD_BY_NAME, FIELDS, LAB_PAIRS, points_help
from ui.widgets import bsa_helper, lab_input
from ui.widgets.case_fields import (
    TRISTATE_VALUE,
    number_field,
    seed,
    tristate_field,
    tristate_label,
)

# The inputs, their sections, labels, help and steps are the field registry's
# (scoring.fields): a new field there appears here with no change to this module.
SECTIONS: tuple[str, ...] = ("Patient", "Vital signs", "Skin", "Labs")
_LAB_FIELDS = {f for p in LAB_PAIRS for f in (p.canonical, p.alternate)}
NUMBER_KEYS: dict[str, str] = {
    f.name: f"case_{f.name}"
    for f in FIELDS
    if f.section and f.kind == "number" and f.name not in _LAB_FIELDS
}
TRISTATE_KEYS: dict[str, str] = {
    f.name: f"case_{f.name}" for f in FIELDS if f.section and f.kind == "boolean"
}
LABS: tuple[lab_input.Analyte, ...] = tuple(lab_input.ANALYTES.values())
_ANALYTE_BY_CANONICAL = {p.canonical: lab_input.ANALYTES[p.name] for p in LAB_PAIRS}

# One "SI / US units" choice for the whole case, kept for the session under a permanent
# key (widget state is dropped when another page is shown; Clear case keeps it too).
# Each lab's own unit selector still overrides it.
UNIT_SYSTEM_KEY = "unit_system"
UNIT_SYSTEM_WIDGET_KEY = "case_unit_system"
UNIT_SYSTEMS: dict[str, str] = {"SI": lab_input.MMOL_L, "US": lab_input.MG_DL}
UNIT_SYSTEM_LABELS: dict[str, str] = {"SI": "SI units (mmol/L)", "US": "US units (mg/dL)"}


def preferred_unit() -> str:
    return UNIT_SYSTEMS[st.session_state.get(UNIT_SYSTEM_KEY, "SI")]


def _unit_system_label(system: str) -> str:
    return UNIT_SYSTEM_LABELS[system]


def _set_unit_system() -> None:
    system = st.session_state[UNIT_SYSTEM_WIDGET_KEY]
    st.session_state[UNIT_SYSTEM_KEY] = system
    for analyte in LABS:
        st.session_state[lab_input.unit_key(analyte)] = UNIT_SYSTEMS[system]


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


def current_values(assessment: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(inputs, units) as the widgets hold them now, read before the widgets are drawn.

    Lets the page score and draw the bedside summary first (issue 22): a keyed widget's
    value is in `st.session_state` at the start of the run, before the widget renders.
    Seeds absent keys from the stored assessment exactly as `show()` would.
    """
    stored = assessment.get("inputs", {})
    inputs: dict[str, Any] = {}
    units: dict[str, str] = {}
    for name, key in NUMBER_KEYS.items():
        seed(key, stored.get(name))
        inputs[name] = st.session_state[key]
    for name, key in TRISTATE_KEYS.items():
        seed(key, tristate_label(stored.get(name)))
        inputs[name] = TRISTATE_VALUE[st.session_state[key]]
    for analyte in LABS:
        value, unit = _lab_stored(assessment, analyte)
        seed(lab_input.unit_key(analyte), unit)
        seed(lab_input.value_key(analyte), value)
        unit = st.session_state[lab_input.unit_key(analyte)]
        inputs[analyte.field_by_unit[unit]] = st.session_state[lab_input.value_key(analyte)]
        units[analyte.name] = unit
    return inputs, units


def _number(form: FormValues, name: str, stored: dict) -> None:
    spec = FIELD_BY_NAME[name]  # label, help and step: the field registry's
    value, slot = number_field(
        spec.input_label, NUMBER_KEYS[name], stored.get(name), step=spec.step, help=spec.help
    )
    form.inputs[name] = value
    form.slots[name] = slot


def _tristate(form: FormValues, name: str, stored: dict) -> None:
    # The help names the points it earns in each score, read from the criteria.
    label = FIELD_BY_NAME[name].input_label
    value, slot = tristate_field(
        label, TRISTATE_KEYS[name], stored.get(name), help=points_help(name)
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
        st.session_state[UNIT_SYSTEM_WIDGET_KEY] = st.session_state.get(UNIT_SYSTEM_KEY, "SI")
    st.radio(
        "Lab units for the whole case",
        list(UNIT_SYSTEMS),
        format_func=_unit_system_label,
        horizontal=True,
        key=UNIT_SYSTEM_WIDGET_KEY,
        on_change=_set_unit_system,
        help="Sets urea/BUN and glucose together; each lab's own selector can still differ.",
    )


def show(assessment: dict[str, Any]) -> FormValues:
    stored = assessment.get("inputs", {})
    form = FormValues()
    for section in SECTIONS:
        st.markdown(f"#### {section}", anchors=False)  # no anchor link in the tab order
        if section == "Labs":
            _unit_system()
        for spec in FIELDS:
            if spec.section != section:
                continue
            if spec.name in _ANALYTE_BY_CANONICAL:
                _lab(form, _ANALYTE_BY_CANONICAL[spec.name], assessment)
            elif spec.name in TRISTATE_KEYS:
                _tristate(form, spec.name, stored)
            elif spec.name in NUMBER_KEYS:
                _number(form, spec.name, stored)
            # (the other unit of a lab is the lab's unit selector's)
            if spec.name == "bsa_detached_pct":
                with st.expander("Body-surface helper (rule of nines / Lund-Browder)"):
                    bsa_helper.show(NUMBER_KEYS["bsa_detached_pct"])
    return form
