"""The language: from the URL, kept for the session and in the URL, switched in the sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import i18n

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


pytestmark = pytest.mark.usefixtures("navigation_in_apptest")  # tests/ui/conftest.py


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def test_english_by_default_and_written_into_the_url() -> None:
    at = _app()
    assert at.session_state[i18n.LANG_KEY] == "en"
    assert at.query_params[i18n.LANG_PARAM] == "en"
    assert at.selectbox(key=i18n.SELECTOR_KEY).value == "en"


def test_lang_ko_in_the_url_gives_korean_and_stays_in_the_url() -> None:
    at = _app(lang="ko")
    assert at.session_state[i18n.LANG_KEY] == "ko"
    assert at.query_params[i18n.LANG_PARAM] == "ko"
    assert at.selectbox(key=i18n.SELECTOR_KEY).label == "언어 · Language"
    # "원문 보기" is offered only in Korean: English readers see the original already.
    assert at.toggle(key=i18n.ORIGINAL_KEY).label == "원문 보기"


@pytest.mark.parametrize("bad", ["fr", "KO", "ko-KR", "", "en;drop"])
def test_an_unknown_language_in_the_url_falls_back_and_is_corrected(bad: str) -> None:
    at = _app(lang=bad)
    assert at.session_state[i18n.LANG_KEY] == "en"
    assert at.query_params[i18n.LANG_PARAM] == "en"


def test_the_selector_switches_the_language_and_the_url() -> None:
    at = _app()
    at.selectbox(key=i18n.SELECTOR_KEY).set_value("ko").run()
    assert not at.exception
    assert at.session_state[i18n.LANG_KEY] == "ko"
    assert at.query_params[i18n.LANG_PARAM] == "ko"
    assert at.selectbox(key=i18n.SELECTOR_KEY).label == "언어 · Language"
    at.selectbox(key=i18n.SELECTOR_KEY).set_value("en").run()
    assert at.session_state[i18n.LANG_KEY] == "en"
    assert at.query_params[i18n.LANG_PARAM] == "en"
    assert len(at.toggle) == 0 or all(t.key != i18n.ORIGINAL_KEY for t in at.toggle)


def test_the_session_keeps_its_language_when_a_url_has_none() -> None:
    at = _app(lang="ko")
    del at.query_params[i18n.LANG_PARAM]  # a page link without the parameter
    at.run()
    assert at.session_state[i18n.LANG_KEY] == "ko"
    assert at.query_params[i18n.LANG_PARAM] == "ko"
