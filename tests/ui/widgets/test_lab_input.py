"""Lab value with its unit selector (ui/widgets/lab_input.py), driven through AppTest.

Exact values: urea 1 mmol/L = 2.8 mg/dL BUN (urea nitrogen, 28 g/mol N per mol urea);
glucose 1 mmol/L = 18.016 mg/dL; "check the unit" limits from scoring/bounds.py (urea
above 60 mmol/L, glucose above 50 mmol/L)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _app(analyte_name: str) -> None:
    import streamlit as st

    from ui.widgets import lab_input

    analyte = getattr(lab_input, analyte_name)
    lab = lab_input.show(analyte, None, lab_input.MMOL_L)
    st.session_state["out"] = (lab.field, lab.value, lab.unit)


def _run(analyte_name: str) -> AppTest:
    at = AppTest.from_function(_app, args=(analyte_name,), default_timeout=30)
    at.run()
    assert not at.exception
    return at


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_urea_in_mmol_l_gives_the_urea_field_and_the_bun_reading() -> None:
    at = _run("UREA")
    assert at.session_state["out"] == ("urea_mmol_l", None, "mmol/L")
    at.number_input(key="case_urea_value").set_value(10.0).run()
    assert at.session_state["out"] == ("urea_mmol_l", 10.0, "mmol/L")
    assert "= 28 mg/dL BUN" in _captions(at)
    assert len(at.button) == 0  # 10 mmol/L is plausible: no unit switch offered


def test_the_number_is_converted_when_the_unit_changes_and_restored_when_back() -> None:
    # Issue 19: a unit switch keeps the measurement; it never re-reads the number.
    at = _run("UREA")
    at.number_input(key="case_urea_value").set_value(12.0).run()
    at.radio(key="case_urea_unit").set_value("mg/dL").run()
    assert at.session_state["out"] == ("bun_mg_dl", pytest.approx(33.6), "mg/dL")
    assert "= 12.0 mmol/L urea" in _captions(at)
    assert at.number_input(key="case_urea_value").label == "Urea / BUN (mg/dL (BUN, urea nitrogen))"
    at.radio(key="case_urea_unit").set_value("mmol/L").run()
    assert at.session_state["out"] == ("urea_mmol_l", 12.0, "mmol/L")  # as typed, exactly


def test_a_number_typed_after_a_switch_is_converted_from_what_was_typed() -> None:
    at = _run("GLUCOSE")
    at.number_input(key="case_glucose_value").set_value(9.0).run()
    at.radio(key="case_glucose_unit").set_value("mg/dL").run()
    assert at.session_state["out"] == ("glucose_mg_dl", pytest.approx(162.144), "mg/dL")
    at.number_input(key="case_glucose_value").set_value(180.16).run()
    at.radio(key="case_glucose_unit").set_value("mmol/L").run()
    assert at.session_state["out"] == ("glucose_mmol_l", 10.0, "mmol/L")


def test_a_bun_typed_as_urea_offers_the_one_click_switch() -> None:
    at = _run("UREA")
    at.number_input(key="case_urea_value").set_value(84.0).run()  # > 60 mmol/L
    switch = at.button(key="case_urea_value_switch")
    assert switch.label == "84 looks like mg/dL: read it as mg/dL (BUN, urea nitrogen)"
    switch.click().run()
    assert at.session_state["out"] == ("bun_mg_dl", 84.0, "mg/dL")
    assert "= 30.0 mmol/L urea" in _captions(at)


def test_glucose_above_the_limit_offers_mg_dl_and_converts_exactly() -> None:
    at = _run("GLUCOSE")
    at.number_input(key="case_glucose_value").set_value(14.0).run()
    assert at.session_state["out"] == ("glucose_mmol_l", 14.0, "mmol/L")
    assert "= 252 mg/dL" in _captions(at)
    at.number_input(key="case_glucose_value").set_value(252.0).run()  # > 50 mmol/L
    at.button(key="case_glucose_value_switch").click().run()
    assert at.session_state["out"] == ("glucose_mg_dl", 252.0, "mg/dL")
    assert "= 14.0 mmol/L" in _captions(at)
