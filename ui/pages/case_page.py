"""Case page: bedside inputs -> the registry's scores and extent, per assessment day; exports.

Thin: widgets in (ui/widgets/case_form.py, synced into the case at the top of each run by
ui/case_sync.py), one assessment of the case (reports.assessment.assess), render. The case
lives in st.session_state only (ui/state.py) and leaves it only by the download buttons.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from knowledge.i18n import Lang, tr
from reports.assessment import CaseAssessment, assess
from reports.case_file import MAX_IMPORT_MB, CaseImportError, case_from_json
from reports.wording import day3_reminder
from scoring.models import CaseResult, Issue
from ui import case_sync, state
from ui.i18n import issue_text, lang, t
from ui.widgets import (
    bedside_summary,
    case_fields,
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
        st.session_state[IMPORT_MESSAGE_KEY] = ["error", escape(exc.message(lang()))]
        return
    state.replace_case(new_case)
    st.session_state[ACTIVE_DAY_KEY] = new_case["active_day"]
    case_form.load_into_widgets(state.active_assessment(new_case))
    st.session_state[IMPORT_MESSAGE_KEY] = ["success", t("case.imported")]
    st.session_state[FULL_RERUN_KEY] = True


# --- layout


def _day_label(day: int, lang: Lang) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state).
    # The language is bound when the widget is drawn (`partial`): a format function is also
    # called where no session is at hand (AppTest computes a widget's state with it).
    return tr("case.day", lang, day=day)


def _day_bar(case: dict) -> None:
    days = state.assessment_days(case)
    if ACTIVE_DAY_KEY not in st.session_state or st.session_state[ACTIVE_DAY_KEY] not in days:
        st.session_state[ACTIVE_DAY_KEY] = case["active_day"]
    pick, add, add_button, remove, clear = st.columns(
        [1.2, 1.2, 1, 1, 1], vertical_alignment="bottom"
    )
    with pick:
        st.selectbox(
            t("case.assessment_day"),
            days,
            format_func=partial(_day_label, lang=lang()),
            key=ACTIVE_DAY_KEY,
            on_change=_switch_day,
            help=t("case.assessment_day_help"),
        )
    offered = [d for d in range(1, MAX_OFFERED_DAY + 1) if d not in days]
    preferred = 3 if 3 in offered else next((d for d in offered if d > max(days)), None)
    if NEW_DAY_KEY in st.session_state and st.session_state[NEW_DAY_KEY] not in offered:
        del st.session_state[NEW_DAY_KEY]  # that day was just added: offer the next one
    # A value kept in the session (or sent again after a language switch) is the default;
    # a widget given both logs Streamlit's "default value but also ... Session State" warning.
    kept = NEW_DAY_KEY in st.session_state
    with add:
        st.selectbox(
            t("case.day_to_add"),
            offered,
            index=None if kept else offered.index(preferred) if preferred in offered else 0,
            format_func=partial(_day_label, lang=lang()),
            key=NEW_DAY_KEY,
        )
    with add_button:
        st.button(
            t("case.add_assessment"), key="case_add_day", on_click=_add_day, disabled=not offered
        )
    with remove:
        st.button(
            t("case.remove_day"),
            key="case_remove_day",
            on_click=_remove_day,
            disabled=len(days) < 2,
            help=t("case.remove_day_help"),
        )
    with clear:
        st.button(
            t("case.clear"),
            key="case_clear",
            on_click=_ask_clear,
            type="secondary",
            help=t("case.clear_help"),
        )
    if st.session_state.get(CONFIRM_CLEAR_KEY):
        with st.container(border=True):
            st.markdown(t("case.clear_question"))
            yes, no = st.columns(2)
            with yes:
                st.button(t("case.clear_yes"), key="case_clear_confirm", on_click=_clear_case)
            with no:
                st.button(t("case.cancel"), key="case_clear_cancel", on_click=_cancel_clear)


def _place_messages(result: CaseResult, slots: dict, fallback) -> None:
    """Each engine error/warning next to the field it names; others at the results top."""
    groups: list[tuple[str, list[Issue]]] = [("error", result.errors), ("warning", result.warnings)]
    for kind, issues in groups:
        for issue in issues:
            target = slots.get(issue.field, fallback)
            getattr(target, kind)(issue_text(issue))


def _exports(case: dict, assessment: CaseAssessment) -> None:
    st.markdown(f"#### {t('case.exports')}", anchors=False)
    export_buttons.show(case, assessment, key_prefix="case")
    st.file_uploader(
        t("case.import_label"),
        type=["json"],
        key=IMPORT_KEY,
        on_change=_import_case,
        max_upload_size=MAX_IMPORT_MB,
    )
    st.caption(t("case.limit_caption", mb=MAX_IMPORT_MB))
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
    # A language switch: the option widgets' values are sent again in the new words.
    case_fields.redraw_options_in_language((*case_form.OPTION_KEYS, ACTIVE_DAY_KEY, NEW_DAY_KEY))
    case = case_sync.sync()  # a fragment rerun does not pass the page's sync above
    # One assessment of the case: the summary, the results and the exports all read it.
    assessed = assess(case)
    results, result, steps = assessed.results, assessed.result, list(assessed.steps)
    bedside_summary.show(result, assessed.alden, len(case.get("drugs") or []), steps, results)
    _day_bar(case)
    assessment = state.active_assessment(case)

    case_form.follow_language_while_empty(case)
    inputs_col, results_col = st.columns([1, 1.4], gap="large")
    with inputs_col:
        form = case_form.show(assessment)
    with results_col:
        fallback = st.container()
        score_card.show(result)
        st.divider()
        if len(results) > 1:
            st.plotly_chart(
                trend_chart(results, lang=lang()), key="case_trend_chart", config=PLOTLY_CONFIG
            )
        if not any(day >= 3 for day in results):
            st.info(day3_reminder(lang=lang()), icon=":material/event_repeat:")
    _place_messages(result, form.slots, fallback)

    st.divider()
    next_steps_panel.show(steps)
    st.divider()
    _exports(case, assessed)


def main() -> None:
    page_style.phone_layout()
    st.title(t("case.title"), anchor=False)
    disclaimer.show()
    session_note.show("case")  # before the case is read: notices a restart
    case_body()


main()
