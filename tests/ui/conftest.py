"""Shared fixtures of the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def navigation_in_apptest() -> Iterator[None]:
    """For an AppTest of the whole app (app.py): AppTest keeps its navigation bookkeeping
    (functions) in session state, which the app's serializable-session-state setting
    refuses; the pages' own tests keep it on."""
    from streamlit import config

    option = "runner.enforceSerializableSessionState"
    before = config.get_option(option)
    config.set_option(option, False)
    yield
    config.set_option(option, before)
