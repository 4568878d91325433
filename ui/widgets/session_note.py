"""Where the case lives, said on the Case and Drugs pages; and what a server restart lost.

The case lives only in this browser session's `st.session_state`, in the server's memory.
A server restart (or an expired session) discards it. The browser then reconnects to a
new session and re-sends the values of the widgets on screen; without a word the user
could not tell a blank or partly filled page from a case that never had more. `show()`
notices that session (widget values arrived, no case is stored) and says what was lost,
until the user acknowledges it; and it always offers the case file for download.

Call `show()` once at the top of the page, before anything reads the case: it returns
the case, synced with the widgets on screen (ui/case_sync.py).

The first action after a restart may also be moving to another page: the browser then
sends no widget values, only the page it asks for. `notice_restart()`, called by app.py
before the navigation runs a page, notices that too (a new session whose first run is a
move from a page, which a fresh visit never is) and `warning()` says it on any page.
"""

from __future__ import annotations

import functools

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.common import user_key_from_element_id

from knowledge.i18n import tr
from reports.case_file import CASE_FILE_MIME, CASE_FILE_NAME, CaseDict, case_to_json
from ui import case_sync, state
from ui.i18n import t

RESUMED_KEY = "session_resumed_without_case"
# Widgets whose values belong to the case (ui/pages/case_page.py, drugs_page.py).
CASE_WIDGET_PREFIXES = ("case_", "drugs_")

# The one name of the case file, wherever it is offered (issue 22: it had two): the
# catalogue's "session.download"; the English constants are for tests and other pages.
CASE_FILE_LABEL = tr("session.download", "en")
NOTE = tr("session.note", "en")
LOST = tr("session.lost", "en")


def _browser_resent_case_widgets() -> bool:
    """Whether this run received case-widget values from the browser.

    The widget values of a resumed session are not yet visible through `st.session_state`
    (no widget has registered its key in the new session), so this reads Streamlit's
    pending widget state; any change in that internal API reads as "not resumed".
    """
    ctx = get_script_run_ctx()
    try:
        pending = ctx.session_state._state._new_widget_state  # type: ignore[union-attr]
        widget_ids = list(pending.keys())
    except AttributeError:
        return False
    return any(
        (user_key_from_element_id(widget_id) or "").startswith(CASE_WIDGET_PREFIXES)
        for widget_id in widget_ids
    )


def _browser_resent_any_widgets() -> bool:
    """Whether this run received any widget value (a fresh visit sends none)."""
    ctx = get_script_run_ctx()
    try:
        return bool(ctx.session_state._state._new_widget_state.keys())  # type: ignore[union-attr]
    except AttributeError:
        return False


def _first_run_moves_from_a_page() -> bool:
    """Whether this first run of a session asks for a page by its hash, as a click in the
    navigation of an open tab does (a fresh visit asks for the app, by URL). Read from
    Streamlit's page manager before the navigation resolves the page; any change in that
    internal API reads as "no"."""
    ctx = get_script_run_ctx()
    try:
        pages = ctx.pages_manager  # type: ignore[union-attr]
        asked = pages.current_page_script_hash
        return bool(asked) and asked != pages.main_script_hash
    except AttributeError:
        return False


def notice_restart() -> None:
    """From app.py, before the navigation runs the page: a session that came back from a
    server restart by moving to a page, or with widget values, is remembered as resumed."""
    first_run = state.SESSION_SEEN_KEY not in st.session_state
    st.session_state[state.SESSION_SEEN_KEY] = True
    if first_run and (_first_run_moves_from_a_page() or _browser_resent_any_widgets()):
        st.session_state[RESUMED_KEY] = True


def resumed_without_case() -> bool:
    """True (and remembered) when the session came back with widget values but no case."""
    if state.CASE_KEY not in st.session_state and _browser_resent_case_widgets():
        st.session_state[RESUMED_KEY] = True
    return bool(st.session_state.get(RESUMED_KEY))


def _acknowledge() -> None:
    st.session_state.pop(RESUMED_KEY, None)


def warning(page: str) -> None:
    """The restart warning with its acknowledgement, if a restart lost the case."""
    if not st.session_state.get(RESUMED_KEY):
        return
    with st.container(border=True):
        st.warning(t("session.lost"), icon=":material/restart_alt:")
        st.button(t("session.acknowledge"), key=f"{page}_restart_ack", on_click=_acknowledge)


def show(page: str) -> CaseDict:
    """The restart warning (if any) and the persistent note with the case download; the
    case as the widgets on screen hold it."""
    resumed = resumed_without_case()
    case = case_sync.sync()
    if resumed:
        warning(page)
    note = st.container(key=f"{page}_session_note")  # styled by key on a phone
    # 3:1: the button label fits at 1280 px in Korean (tests/e2e/test_korean_fit.py).
    text, download = note.columns([3, 1], vertical_alignment="center")
    text.caption(t("session.note"))
    download.download_button(
        t("session.download"),
        # Built on click, from the session's case as it is then (the Drugs page stores its
        # table further down; the Case page redraws its inputs in a fragment, without this
        # note): the file is the case on screen, never the one before.
        data=functools.partial(case_to_json, case),
        file_name=CASE_FILE_NAME,
        mime=CASE_FILE_MIME,
        key=f"{page}_session_download",
        on_click="ignore",
    )
    return case
