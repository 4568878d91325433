"""The case of this browser session, stored under a permanent key of `st.session_state`.

Pages read and write it through these helpers only. Nothing here is cached, global or
logged: a case lives in `st.session_state` and leaves it only by an explicit download.

The case's shape is `reports.case_file.CaseDict` (that module owns it, with the edits that
add or remove an assessment day, re-exported here for the pages). The case leaves the
session only through the Case page's downloads (`reports.chart_note`, the case JSON that
`reports.case_file.case_from_json` reads back, `reports.fhir`).
"""

from __future__ import annotations

import streamlit as st

from reports.case_file import (
    CARRIED_OVER_FIELDS,
    EMPTY_ASSESSMENT,
    EMPTY_CASE,
    CaseDict,
    active_assessment,
    add_assessment,
    assessment_days,
    assessment_for,
    new_case,
    remove_assessment,
)
from ui import i18n

__all__ = [
    "CARRIED_OVER_FIELDS",
    "CASE_KEY",
    "EMPTY_ASSESSMENT",
    "EMPTY_CASE",
    "IMPORTED_FILE_KEY",
    "KEPT_ON_CLEAR",
    "SESSION_SEEN_KEY",
    "CaseDict",
    "active_assessment",
    "add_assessment",
    "assessment_days",
    "assessment_for",
    "clear_case",
    "get_case",
    "remove_assessment",
    "replace_case",
]

CASE_KEY = "case"


def get_case() -> CaseDict:
    """The session's case, created empty on first use."""
    if CASE_KEY not in st.session_state:
        st.session_state[CASE_KEY] = new_case()
    return st.session_state[CASE_KEY]


# The id of the last case file applied (ui/pages/case_page.py): a file is applied once.
IMPORTED_FILE_KEY = "imported_case_file_id"
# Preferences and bookkeeping, not case data: kept when the case is cleared.
# Set on every run (ui/widgets/session_note.py): its absence marks a session's first run.
SESSION_SEEN_KEY = "session_seen"
# The reader's language and "원문 보기" (ui/i18n.py) are preferences too.
KEPT_ON_CLEAR: tuple[str, ...] = (
    "unit_system",
    IMPORTED_FILE_KEY,
    SESSION_SEEN_KEY,
    i18n.LANG_KEY,
    i18n.SELECTOR_KEY,
    i18n.ORIGINAL_KEY,
)


def clear_case() -> None:
    """Forget the case and every widget value that could still hold part of it."""
    for key in list(st.session_state.keys()):
        if key not in KEPT_ON_CLEAR:
            del st.session_state[key]
    st.session_state[CASE_KEY] = new_case()


def replace_case(new_case: CaseDict) -> CaseDict:
    """Start over with `new_case` (an import): nothing of the previous case stays."""
    clear_case()
    st.session_state[CASE_KEY] = new_case
    return new_case
