"""Case-level ALDEN inputs: the index day and a non-drug cause.

Each widget owns its key and copies its value into the session case in `on_change`, so
the value survives a visit to another page (widget state does not) and the case only
changes when the user changes the widget. Keyed, so a language switch keeps the values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from scoring.alden import OTHER_CAUSE_PENALTY
from ui.i18n import t
from ui.state import get_case
from ui.widgets.drug_table import parse_date


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
        t("drugs_page.index_day_label"),
        key=key,
        placeholder=t("drugs_page.date_placeholder"),
        help=t("drugs_page.index_day_help"),
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
        t("drugs_page.other_cause_label"),
        key=key,
        help=t("drugs_page.other_cause_help", penalty=OTHER_CAUSE_PENALTY),
        on_change=_copy_other_cause,
        args=(key,),
    )
