"""Cohort page: how SCORTEN performs in your own unit.

Thin: an uploaded CSV (or the synthetic demo cohort) -> cohort.upload.score_upload ->
ui/widgets/cohort_results.py (scoring.cohort_stats.cohort_report, charts) -> render. The
file's bytes live in st.session_state only (never st.cache_*, never the URL, never on disk)
and leave it only by the download. A file that cannot be used leaves nothing behind but
the message saying why.

The title and instructions come first and need nothing heavy: the statistics and charts
are imported after them (issue 22: the first line took about 3 s).
"""

from __future__ import annotations

import streamlit as st

from cohort.demo import demo_cohort
from cohort.upload import (
    MAX_ROWS,
    MAX_UPLOAD_MB,
    ScoredUpload,
    UploadError,
    release_memory,
    score_upload,
)
from knowledge.i18n import Text
from ui.i18n import say, t
from ui.widgets import disclaimer
from ui.widgets.markdown_text import escape

COHORT_KEY = "cohort"  # {"name": str, "data": bytes, "synthetic": bool, "serial": int}
# A refused file: (its name, why) - the message kept as a Text, so that it is shown in the
# language of each run (a language switch translates it too).
ERROR_KEY = "cohort_error"
UPLOAD_KEY = "cohort_upload"
DEMO_KEY = "cohort_load_demo"
CLEAR_KEY = "cohort_clear"
# Counts the files stored this session: the results of each sit in a container keyed by
# it, so a new file's container replaces the previous file's charts at once instead of
# leaving them on screen while the new figures are computed (issue 22).
SERIAL_KEY = "cohort_serial"
RESULTS_KEY_PREFIX = "cohort_results_"
# The stored file's scoring, kept with its serial: scored once when stored, not again on
# every run of the page (this session's memory only, like the file; dropped with it).
SCORED_KEY = "cohort_scored"


# --- callbacks: they run before the next render ------------------------------------------


def _store(name: str, data: bytes, synthetic: bool) -> None:
    """Keep a file only if it can be used; otherwise keep only the message (no partial state)."""
    for key in (COHORT_KEY, ERROR_KEY, SCORED_KEY):
        st.session_state.pop(key, None)
    try:
        upload = score_upload(data)
    except UploadError as exc:
        st.session_state[ERROR_KEY] = (name, exc.text)
        return
    serial = st.session_state.get(SERIAL_KEY, 0) + 1
    st.session_state[SERIAL_KEY] = serial
    st.session_state[COHORT_KEY] = {
        "name": name,
        "data": data,
        "synthetic": synthetic,
        "serial": serial,
    }
    st.session_state[SCORED_KEY] = (serial, upload)


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    _store(uploaded.name, uploaded.getvalue(), synthetic=False)


def _load_demo() -> None:
    name, data = demo_cohort()
    _store(name, data, synthetic=True)


def _clear() -> None:
    for key in (COHORT_KEY, ERROR_KEY, SCORED_KEY):
        st.session_state.pop(key, None)
    release_memory()  # the forgotten cohort's memory goes back to the system (issue 21)


# --- rendering ----------------------------------------------------------------------------


def _inputs() -> None:
    st.markdown(t("cohort.instructions"))
    st.caption(t("cohort.limits", mb=MAX_UPLOAD_MB, rows=MAX_ROWS))
    st.file_uploader(
        t("cohort.upload_label"),
        type=["csv"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=MAX_UPLOAD_MB,
    )
    left, right = st.columns(2)
    left.button(t("cohort.load_demo"), key=DEMO_KEY, on_click=_load_demo)
    right.button(t("cohort.clear"), key=CLEAR_KEY, on_click=_clear)


def _file_error(name: str, message: Text) -> str:
    """Why a file cannot be used, after its name (both escaped: both may quote the file)."""
    return t("cohort.file_error", name=escape(name), message=escape(say(message)))


def _scored(stored: dict) -> ScoredUpload:
    """The stored file's scoring: kept from when it was stored, or scored again (a file put
    in the session some other way is checked like an upload)."""
    kept = st.session_state.get(SCORED_KEY)
    if kept is not None and kept[0] == stored.get("serial"):
        return kept[1]
    return score_upload(stored["data"])


st.title(t("cohort.title"))
disclaimer.show()
_inputs()
if ERROR_KEY in st.session_state:
    st.error(_file_error(*st.session_state[ERROR_KEY]))

# The heavy part (statistics, charts), imported once the title and the instructions are on
# screen (issue 22: the first line took about 3 s on a fresh server); Python imports it
# once per server, so later runs pay nothing here.
from ui.widgets import cohort_results  # noqa: E402

if COHORT_KEY in st.session_state:
    stored_cohort = st.session_state[COHORT_KEY]
    with st.container(key=f"{RESULTS_KEY_PREFIX}{stored_cohort.get('serial', 0)}"):
        try:
            upload = _scored(stored_cohort)
        except UploadError as exc:  # a stored file is re-checked: never show partial results
            _clear()
            st.error(_file_error(stored_cohort["name"], exc.text))
        else:
            cohort_results.show(upload, stored_cohort)
