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
from scoring.screen_labels import on_screen
from ui.widgets import disclaimer
from ui.widgets.markdown_text import escape

COHORT_KEY = "cohort"  # {"name": str, "data": bytes, "synthetic": bool, "serial": int}
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
        st.session_state[ERROR_KEY] = f"{escape(name)}: {escape(exc)}"  # both quote the file
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
    st.markdown(
        "Upload a CSV with one row per patient: the `score` fields (`age_years`, "
        "`heart_rate_bpm`, `malignancy`, `bsa_detached_pct`, `urea_mmol_l` or `bun_mg_dl`, "
        "`bicarbonate_mmol_l`, `glucose_mmol_l` or `glucose_mg_dl`; optional `id`) and "
        "`died` (true/false, yes/no or 1/0: death in hospital or within 30 days, as your "
        "cohort defines it). Code `malignancy` the same way: true/yes/1 for an active solid "
        "or haematological malignancy, false/no/0 for none, an empty cell if not known "
        "(never counted as no). The same rules as `python -m scoring validate` apply."
    )
    st.caption(
        f"Limits: {MAX_UPLOAD_MB} MB and {MAX_ROWS:,} rows per file. "
        "A larger file is marked red in the box below and not read. "
        "The file is kept only in this browser session's memory and is discarded when you "
        "clear it or close the tab."
    )
    st.file_uploader(
        "Upload a cohort CSV",
        type=["csv"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=MAX_UPLOAD_MB,
    )
    left, right = st.columns(2)
    left.button("Load the synthetic demo cohort", key=DEMO_KEY, on_click=_load_demo)
    right.button("Clear cohort", key=CLEAR_KEY, on_click=_clear)


def _scored(stored: dict) -> ScoredUpload:
    """The stored file's scoring: kept from when it was stored, or scored again (a file put
    in the session some other way is checked like an upload)."""
    kept = st.session_state.get(SCORED_KEY)
    if kept is not None and kept[0] == stored.get("serial"):
        return kept[1]
    return score_upload(stored["data"])


st.title("Cohort validation")
disclaimer.show()
_inputs()
if ERROR_KEY in st.session_state:
    st.error(st.session_state[ERROR_KEY])

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
            st.error(
                f"{escape(stored_cohort['name'])}: {escape(on_screen(str(exc), with_key=True))}"
            )
        else:
            cohort_results.show(upload, stored_cohort)
