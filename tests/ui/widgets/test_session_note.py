"""The session note on the Case and Drugs pages, and the warning after a lost case.

A real server restart is driven in tests/e2e/test_restart.py; here the same state (widget
values arrive, no case is stored) is made by deleting the case between two runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.widgets.session_note import LOST, NOTE

PAGES = Path(__file__).resolve().parents[3] / "ui" / "pages"


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


def _lost_shown(at: AppTest) -> bool:
    return any(w.value == LOST for w in at.warning)


@pytest.mark.parametrize("page", ["case_page.py", "drugs_page.py"])
def test_note_and_download_on_both_case_pages(page: str) -> None:
    at = _run(AppTest.from_file(str(PAGES / page), default_timeout=30))
    assert NOTE in [c.value for c in at.caption]
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download case file (JSON)" in labels
    assert not _lost_shown(at)  # a first visit is not a lost case


def test_widget_values_without_a_case_say_what_was_lost() -> None:
    at = _run(AppTest.from_file(str(PAGES / "case_page.py"), default_timeout=30))
    at.number_input(key="case_age_years").set_value(67)
    _run(at)
    assert not _lost_shown(at)
    del at.session_state["case"]  # what a restart leaves: widget values, no case
    _run(at)
    assert _lost_shown(at)
    _run(at)
    assert _lost_shown(at)  # it stays until acknowledged
    at.button(key="case_restart_ack").click()
    _run(at)
    assert not _lost_shown(at)


def test_clearing_the_case_is_not_a_lost_case() -> None:
    at = _run(AppTest.from_file(str(PAGES / "case_page.py"), default_timeout=30))
    at.number_input(key="case_age_years").set_value(67)
    _run(at)
    at.button(key="case_clear").click()
    _run(at)
    assert not _lost_shown(at)
