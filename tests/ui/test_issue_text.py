"""An engine message reaches the screen in the reader's language (ui.i18n.issue_text)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from scoring.case import score_case
    from ui.i18n import issue_text

    result = score_case({"age_years": -3, "glucose_mg_dl": 9})
    for issue in [*result.errors, *result.warnings]:
        st.write(issue_text(issue))


def _shown(lang: str) -> list[str]:
    at = AppTest.from_function(_script, default_timeout=30)
    at.session_state["ui_lang"] = lang
    at.run()
    assert not at.exception
    return [element.value for element in at.markdown]


def test_issue_text_in_korean_and_in_english() -> None:
    assert _shown("ko") == [
        "나이: -3세 — 0세 미만이므로 불가능한 값입니다(나이는 음수일 수 없음).",
        "혈당: 9 mg/dL — 36 mg/dL 미만입니다. 심한 저혈당이거나 mmol/L 값을 mg/dL로 입력했을 수 "
        "있습니다. 단위를 확인하십시오.",
    ]
    assert _shown("en") == [
        "Age: -3 years is impossible: below 0 (age cannot be negative).",
        "Glucose: 9 mg/dL is below 36 mg/dL: severe hypoglycaemia, or a mmol/L value entered as "
        "mg/dL; check the unit.",
    ]
