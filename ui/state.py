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

The Case page keeps `inputs` free of None (a field absent = not known) and holds exactly
one of `urea_mmol_l` / `bun_mg_dl` (and of `glucose_mmol_l` / `glucose_mg_dl`): the field
of the unit chosen in `units`. `active_day` is always the day of one assessment.
The case leaves the session only through the Case page's downloads (reports.case_file:
chart note, case JSON that `case_from_json` reads back, FHIR bundle).
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


# Preferences, not case data: kept when the case is cleared.
KEPT_ON_CLEAR: tuple[str, ...] = ("unit_system",)


def clear_case() -> None:
    """Forget the case and every widget value that could still hold part of it."""
    for key in list(st.session_state.keys()):
        if key not in KEPT_ON_CLEAR:
            del st.session_state[key]
    st.session_state[CASE_KEY] = copy.deepcopy(EMPTY_CASE)


# Facts about the patient that do not change between assessment days; a new day starts
# with them (the clinician sees and can change them), the bedside values start unknown.
CARRIED_OVER_FIELDS: tuple[str, ...] = ("age_years", "malignancy", "dialysis_before_admission")


def assessment_days(case: dict[str, Any]) -> list[int]:
    return sorted(a["assessment_day"] for a in case["assessments"])


def assessment_for(case: dict[str, Any], day: int) -> dict[str, Any] | None:
    return next((a for a in case["assessments"] if a["assessment_day"] == day), None)


def active_assessment(case: dict[str, Any]) -> dict[str, Any]:
    """The assessment being edited; repairs an `active_day` that names no assessment."""
    found = assessment_for(case, case.get("active_day", 1))
    if found is None:
        found = min(case["assessments"], key=lambda a: a["assessment_day"])
        case["active_day"] = found["assessment_day"]
    return found


def add_assessment(case: dict[str, Any], day: int) -> dict[str, Any]:
    """Add (or return) the assessment of `day`, seeded from the active one; make it active."""
    existing = assessment_for(case, day)
    if existing is None:
        source = active_assessment(case)
        existing = {
            "assessment_day": day,
            "inputs": {
                k: v for k, v in source.get("inputs", {}).items() if k in CARRIED_OVER_FIELDS
            },
            "units": dict(source.get("units", EMPTY_ASSESSMENT["units"])),
        }
        case["assessments"].append(existing)
        case["assessments"].sort(key=lambda a: a["assessment_day"])
    case["active_day"] = day
    return existing


def remove_assessment(case: dict[str, Any], day: int) -> None:
    """Drop one day (never the last one left); the earliest remaining becomes active."""
    if len(case["assessments"]) <= 1:
        return
    case["assessments"] = [a for a in case["assessments"] if a["assessment_day"] != day]
    if case.get("active_day") == day:
        case["active_day"] = case["assessments"][0]["assessment_day"]


def replace_case(new_case: dict[str, Any]) -> dict[str, Any]:
    """Start over with `new_case` (an import): nothing of the previous case stays."""
    clear_case()
    st.session_state[CASE_KEY] = new_case
    return new_case
