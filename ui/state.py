"""The case of this browser session: one plain, serialisable dict under a permanent key.

Pages read and write it through these helpers only. Nothing here is cached, global or
logged: a case lives in `st.session_state` and leaves it only by an explicit download.

Shape (every value may be None = not known):
    {
      "assessments": [               # one per assessment day, sorted by day
          {"assessment_day": 1,
           "inputs": {<scoring field>: value, ...},   # canonical contract field names
           "units": {"urea": "mmol/L" | "mg/dL", "glucose": "mmol/L" | "mg/dL"}},
      ],
      "active_day": 1,
      "index_day": "YYYY-MM-DD" | None,   # first day of skin/mucosal signs (ALDEN)
      "other_cause_non_drug": False,
      "drugs": [ {<alden contract drug fields>} , ...],
    }
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

CASE_KEY = "case"

EMPTY_ASSESSMENT: dict[str, Any] = {
    "assessment_day": 1,
    "inputs": {},
    "units": {"urea": "mmol/L", "glucose": "mmol/L"},
}
EMPTY_CASE: dict[str, Any] = {
    "assessments": [EMPTY_ASSESSMENT],
    "active_day": 1,
    "index_day": None,
    "other_cause_non_drug": False,
    "drugs": [],
}


def get_case() -> dict[str, Any]:
    """The session's case, created empty on first use."""
    if CASE_KEY not in st.session_state:
        st.session_state[CASE_KEY] = copy.deepcopy(EMPTY_CASE)
    return st.session_state[CASE_KEY]


def clear_case() -> None:
    """Forget the case and every widget value that could still hold part of it."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[CASE_KEY] = copy.deepcopy(EMPTY_CASE)
