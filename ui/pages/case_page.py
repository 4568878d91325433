"""Case page: bedside inputs -> the registry's scores and extent, per assessment day; exports.

Thin: widgets in (ui/widgets/case_form.py, synced into the case at the top of each run by
ui/case_sync.py), one assessment of the case (reports.assessment.assess), render. The case
lives in st.session_state only (ui/state.py) and leaves it only by the download buttons.
"""

from __future__ import annotations

import streamlit as st

from reports.assessment import CaseAssessment, assess
from reports.case_file import MAX_IMPORT_MB, CaseImportError, case_from_json
from reports.wording import DAY3_REMINDER
from scoring.models import CaseResult, Issue
from scoring.screen_labels import on_screen
from ui import case_sync, state
from ui.widgets import (
    bedside_summary,
    case_form,
    disclaimer,
    export_buttons,
    next_steps_panel,
    page_style,
    score_card,
    session_note,
)
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.markdown_text import escape
from ui.widgets.trend_chart import trend_chart

ACTIVE_DAY_KEY = "case_active_day"
NEW_DAY_KEY = "case_new_day"
IMPORT_KEY = "case_import_file"
IMPORT_MESSAGE_KEY = "case_import_message"
CONFIRM_CLEAR_KEY = "case_confirm_clear"
MAX_OFFERED_DAY = 30  # days offered for a new assessment (Guégan 2006 studied days 1-5)


# --- callbacks: they run before the next render, the only time widget values may be set


def _switch_day() -> None:
    case = state.get_case()
    case["active_day"] = st.session_state[ACTIVE_DAY_KEY]
    case_form.load_into_widgets(state.active_assessment(case))


def _add_day() -> None:
    case = state.get_case()
    day = st.session_state.get(NEW_DAY_KEY)
    if day is None:
        return
    case_form.load_into_widgets(state.add_assessment(case, day))
    st.session_state[ACTIVE_DAY_KEY] = day


def _remove_day() -> None:
    case = state.get_case()
    state.remove_assessment(case, case["active_day"])
    st.session_state[ACTIVE_DAY_KEY] = case["active_day"]
    case_form.load_into_widgets(state.active_assessment(case))


def _ask_clear() -> None:
    st.session_state[CONFIRM_CLEAR_KEY] = True


def _cancel_clear() -> None:
    st.session_state[CONFIRM_CLEAR_KEY] = False


def _import_case() -> None:
    uploaded = st.session_state.get(IMPORT_KEY)
    # Applied once: replacing the case drops the uploader's state, so the browser's file
    # arrives again as "new" on the next run; the file's id says it was applied already.
    if uploaded is None or st.session_state.get(state.IMPORTED_FILE_KEY) == uploaded.file_id:
        return
    st.session_state[state.IMPORTED_FILE_KEY] = uploaded.file_id
    try:
        new_case = case_from_json(uploaded.getvalue())
    except CaseImportError as exc:
        # The current case is left exactly as it was. The message quotes the file: escaped.
        st.session_state[IMPORT_MESSAGE_KEY] = ["error", escape(exc)]
        return
    state.replace_case(new_case)
    st.session_state[ACTIVE_DAY_KEY] = new_case["active_day"]
    case_form.load_into_widgets(state.active_assessment(new_case))
    st.session_state[IMPORT_MESSAGE_KEY] = ["success", "Case imported."]
    st.session_state[FULL_RERUN_KEY] = True


# --- layout


def _day_label(day: int) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state).
    return f"Day {day}"


def _day_bar(case: dict) -> None:
    days = state.assessment_days(case)
    if ACTIVE_DAY_KEY not in st.session_state or st.session_state[ACTIVE_DAY_KEY] not in days:
        st.session_state[ACTIVE_DAY_KEY] = case["active_day"]
    pick, add, add_button, remove, clear = st.columns(
        [1.2, 1.2, 1, 1, 1], vertical_alignment="bottom"
    )
    with pick:
        st.selectbox(
            "Assessment day",
            days,
            format_func=_day_label,
            key=ACTIVE_DAY_KEY,
            on_change=_switch_day,
            help="Day 1 = first 24 hours of the stay.",
        )
    offered = [d for d in range(1, MAX_OFFERED_DAY + 1) if d not in days]
    preferred = 3 if 3 in offered else next((d for d in offered if d > max(days)), None)
    with add:
        st.selectbox(
            "Day to add",
            offered,
            index=offered.index(preferred) if preferred in offered else 0,
            format_func=_day_label,
            key=NEW_DAY_KEY,
        )
    with add_button:
        st.button("Add assessment", key="case_add_day", on_click=_add_day, disabled=not offered)
    with remove:
        st.button(
            "Remove this day",
            key="case_remove_day",
            on_click=_remove_day,
            disabled=len(days) < 2,
            help="Deletes the inputs of the day shown.",
        )
    with clear:
        st.button(
            "Clear case",
            key="case_clear",
            on_click=_ask_clear,
            type="secondary",
            help="Forget every input of this session (all days). Asks first.",
        )
    if st.session_state.get(CONFIRM_CLEAR_KEY):
        with st.container(border=True):
            st.markdown(
                "**Clear the whole case?** Every day's inputs and the drug list are forgotten; "
                "nothing is stored elsewhere. Download the case JSON first to keep it."
            )
            yes, no = st.columns(2)
            with yes:
                st.button("Yes, clear the case", key="case_clear_confirm", on_click=_clear_case)
            with no:
                st.button("Cancel", key="case_clear_cancel", on_click=_cancel_clear)


def _place_messages(result: CaseResult, slots: dict, fallback) -> None:
    """Each engine error/warning next to the field it names; others at the results top."""
    groups: list[tuple[str, list[Issue]]] = [("error", result.errors), ("warning", result.warnings)]
    for kind, issues in groups:
        for issue in issues:
            target = slots.get(issue.field, fallback)
            getattr(target, kind)(on_screen(issue.message))


def _exports(case: dict, assessment: CaseAssessment) -> None:
    st.markdown("#### Exports", anchors=False)
    export_buttons.show(case, assessment, key_prefix="case")
    st.file_uploader(
        "Import a case (JSON file exported by this app; replaces the current case)",
        type=["json"],
        key=IMPORT_KEY,
        on_change=_import_case,
        max_upload_size=MAX_IMPORT_MB,
    )
    st.caption(
        f"Limit: {MAX_IMPORT_MB} MB per case file (a larger file is marked red and not read)."
    )
    message = st.session_state.pop(IMPORT_MESSAGE_KEY, None)
    if message:
        getattr(st, message[0])(message[1])


# Case edits that replace the whole case (clear, import): everything outside the fragment
# (the session note's download) must redraw too, so the fragment asks for a full rerun.
FULL_RERUN_KEY = "case_full_rerun"


def _clear_case() -> None:
    state.clear_case()
    st.session_state[FULL_RERUN_KEY] = True


@st.fragment
def case_body() -> None:
    """Day bar, summary, inputs, results, next steps and exports: one fragment (issue 22).

    An input change reruns this function only, so the browser redraws what depends on the
    inputs, not the title, the banner and the session note above it. The widgets' current
    values are stored in the case (ui/case_sync.py) and the case is assessed before any
    widget is drawn, so the bedside summary is the first thing this run sends.
    """
    if st.session_state.pop(FULL_RERUN_KEY, False):
        st.rerun()  # a fragment's st.rerun() reruns the whole page
    case = case_sync.sync()  # a fragment rerun does not pass the page's sync above
    # One assessment of the case: the summary, the results and the exports all read it.
    assessed = assess(case)
    results, result, steps = assessed.results, assessed.result, list(assessed.steps)
    bedside_summary.show(result, assessed.alden, len(case.get("drugs") or []), steps, results)
    _day_bar(case)
    assessment = state.active_assessment(case)

    inputs_col, results_col = st.columns([1, 1.4], gap="large")
    with inputs_col:
        form = case_form.show(assessment)
    with results_col:
        fallback = st.container()
        score_card.show(result)
        st.divider()
        if len(results) > 1:
            st.plotly_chart(trend_chart(results), key="case_trend_chart", config=PLOTLY_CONFIG)
        if not any(day >= 3 for day in results):
            st.info(DAY3_REMINDER, icon=":material/event_repeat:")
    _place_messages(result, form.slots, fallback)

    st.divider()
    next_steps_panel.show(steps)
    st.divider()
    _exports(case, assessed)


def main() -> None:
    page_style.phone_layout()
    st.title("Case", anchor=False)
    disclaimer.show()
    session_note.show("case")  # before the case is read: notices a restart
    case_body()


main()
