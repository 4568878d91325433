"""Body-surface helper (ui/widgets/bsa_helper.py), driven through AppTest.

Exact values from knowledge/data/body_surface.yaml: rule of nines (Wallace 1951) trunk
front 18 %, left arm 9 %; Lund-Browder under 1 year head 19 %."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app() -> None:
    import streamlit as st

    from ui.widgets import bsa_helper

    st.number_input("Detached BSA (%)", value=None, key="target")
    st.session_state["total"] = bsa_helper.show("target")


def _run() -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_nothing_filled_gives_no_total_and_no_button() -> None:
    at = _run()
    assert at.session_state["total"] is None
    assert len(at.button) == 0


def test_rule_of_nines_total_and_apply_to_the_field() -> None:
    at = _run()
    at.number_input(key="case_bsa_rule_of_nines_trunk_front").set_value(50.0).run()
    at.number_input(key="case_bsa_rule_of_nines_arm_left").set_value(100.0).run()
    # 18 % x 50 % + 9 % x 100 % = 18.0 % of the body surface.
    assert at.session_state["total"] == 18.0
    assert "**Total detached: 18.0 % of body surface**" in [m.value for m in at.markdown]
    apply = at.button(key="case_bsa_apply")
    assert apply.label == "Use 18.0 % in the detachment field"
    apply.click().run()
    assert at.number_input(key="target").value == 18.0


def test_lund_browder_chart_for_an_infant() -> None:
    at = _run()
    at.selectbox(key="case_bsa_chart").set_value("lund_browder_under_1").run()
    at.number_input(key="case_bsa_lund_browder_under_1_head").set_value(50.0).run()
    assert at.session_state["total"] == 9.5  # 19 % x 50 %
