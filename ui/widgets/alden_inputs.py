"""Case-level ALDEN inputs: the index day and a non-drug cause.

Each widget owns its key and copies its value into the session case in `on_change`, so
the value survives a visit to another page (widget state does not) and the case only
changes when the user changes the widget.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from scoring.alden import OTHER_CAUSE_PENALTY
from ui.state import get_case
from ui.widgets.drug_table import parse_date

INDEX_DAY_LABEL = "Index day: first day of skin or mucosal signs (not the admission day)"
INDEX_DAY_HELP = (
    "ALDEN counts every delay from this day. Use the first day of the rash or mucosal "
    "lesions, not the day of admission or diagnosis, and not a day of prodromal fever: "
    "a later day lengthens every delay and can change a drug's points."
)
OTHER_CAUSE_LABEL = "Non-drug cause proven (e.g. Mycoplasma infection)"
OTHER_CAUSE_HELP = (
    f"ALDEN criterion 6: every drug then gets {OTHER_CAUSE_PENALTY} (another cause is more "
    "likely). This is the project's convention, not part of Sassolas 2010 Table 1."
)


def _copy_index_day(key: str) -> None:
    # The case is looked up at call time: it may have been replaced since the last run.
    case = get_case()
    typed = str(st.session_state.get(key) or "").strip()
    parsed = parse_date(typed) if typed else None
    # An unreadable date is kept as typed: the engine then names it ("Index day ... is
    # not a valid date"), rather than it silently vanishing.
    case["index_day"] = parsed.isoformat() if parsed else (typed or None)


def index_day(case: dict[str, Any], *, key: str = "drugs_index_day") -> date | None:
    """Typed date (YYYY-MM-DD) seeded from the case; the index day, or None if not given.

    Plain text, not a date picker: a typed full date must not leave a calendar open over
    the fields below it.
    """
    if key not in st.session_state:
        st.session_state[key] = str(case.get("index_day") or "")
    value = st.text_input(
        INDEX_DAY_LABEL,
        key=key,
        placeholder="YYYY-MM-DD",
        help=INDEX_DAY_HELP,
        on_change=_copy_index_day,
        args=(key,),
    )
    return parse_date(value.strip()) if value else None


def _copy_other_cause(key: str) -> None:
    case = get_case()
    case["other_cause_non_drug"] = bool(st.session_state.get(key))


def other_cause(case: dict[str, Any], *, key: str = "drugs_other_cause_non_drug") -> bool:
    if key not in st.session_state:
        st.session_state[key] = bool(case.get("other_cause_non_drug"))
    return st.checkbox(
        OTHER_CAUSE_LABEL,
        key=key,
        help=OTHER_CAUSE_HELP,
        on_change=_copy_other_cause,
        args=(key,),
    )
