"""Drugs page: the patient's drugs and index day in; ranked ALDEN first, then timeline,
flags and the case's exports.

Thin: widgets collect the inputs into the session case; reports.assessment.assess gives
the run's one assessment of it (ALDEN, partial ranking, flags), the same the Case page,
the summary and the exports read; this page only arranges the results. In the reader's
language (knowledge/data/messages/drugs_page.yaml, the engine's Text for its messages); a
language switch keeps the drug list, the dates and the index day.
"""

from typing import Any

import streamlit as st

from reports.assessment import assess
from scoring.models import Issue
from ui import i18n
from ui.i18n import issue_text, t
from ui.widgets import (
    alden_card,
    alden_inputs,
    disclaimer,
    drug_names,
    drug_table,
    export_buttons,
    flag_callouts,
    session_note,
    timeline,
)
from ui.widgets.markdown_text import escape

EDITOR_KEY = "drugs_editor"
PICKER_KEY = "drugs_add"
FORM_KEY = "drugs_form"
# The language the page's option widgets and table were last drawn in (drugs_ prefix).
SHOWN_LANG_KEY = "drugs_options_lang"


def _is_missing(record: dict[str, Any], error: Issue) -> bool:
    """Whether an engine error is about a value not entered yet (a drug's start = None),
    which is a step still to do, not a mistake."""
    if error.key is None:
        return False
    if error.drug is None:
        return record.get(error.key) is None
    drugs = record.get("drugs") or []
    return error.drug < len(drugs) and drugs[error.drug].get(error.key) is None


def _follow_the_language() -> None:
    """After a language switch: the picker's and the form's choices sent again in the new
    words, and the table reseeded from the case (it holds every edit so far), whose new
    column words would otherwise start the grid over from its old base."""
    shown = st.session_state.get(SHOWN_LANG_KEY)
    if shown is not None and shown != i18n.lang():
        drug_table.reset(EDITOR_KEY)
    i18n.redraw_options_in_language(
        (PICKER_KEY, *drug_names.option_keys(FORM_KEY)), shown_key=SHOWN_LANG_KEY
    )


_follow_the_language()
st.title(t("drugs_page.title"))
disclaimer.show()
case = session_note.show("drugs")  # notices a restart; the case synced with the widgets

left, right = st.columns([1, 1], gap="large")
with left:
    index_day = alden_inputs.index_day(case, key="drugs_index_day")
with right:
    alden_inputs.other_cause(case, key="drugs_other_cause_non_drug")
    drug_names.show_picker(key=PICKER_KEY, editor_key=EDITOR_KEY)

st.subheader(t("drugs_page.drugs_heading"))
drug_names.show_form(key=FORM_KEY, editor_key=EDITOR_KEY)
st.caption(t("drugs_page.table_note", still_taken=drug_table.still_taken_words()))
case["drugs"] = drug_names.refuse_control_characters(drug_table.show(case["drugs"], key=EDITOR_KEY))
drugs = case["drugs"]
drug_names.check(drugs, key="drugs_names", editor_key=EDITOR_KEY)

if not drugs:
    st.info(t("drugs_page.add_drugs_first"))
    st.stop()

assessed = assess(case)  # the run's one assessment: the same the Case page and exports read
record = assessed.alden_record
for error in assessed.alden_errors:
    # Engine messages name the drug ("drug 2 ('Depakote'): First intake ... is after last
    # intake ..."), as typed: escaped so a name cannot turn into markdown.
    message = escape(issue_text(error))
    if _is_missing(record, error):
        st.info(message, icon=":material/edit_calendar:")
    else:
        st.error(message, icon=":material/error:")

# The answer first: the ranked ALDEN result directly under the drug list.
st.subheader(t("drugs_page.alden_heading"))
# One drug's error is that drug's: the others are still ranked (engine rule, Method page).
result = assessed.alden
ranks: dict[int, int] = {}
if result is None:
    st.info(t("drugs_page.alden_waits"), icon=":material/pending:")
else:
    if assessed.alden_partial:
        st.info(t("drugs_page.alden_partial"), icon=":material/pending:")
    for warning in result.warnings:
        if not (warning.field or "").endswith(".name"):  # unknown names: shown under the table
            st.warning(escape(issue_text(warning)), icon=":material/warning:")
    alden_card.show(result)
    st.caption(t("drugs_page.alden_caption"))
    ranks = {a.input_index: rank for rank, a in enumerate(result.drugs, start=1)}

st.subheader(t("drugs_page.timeline_heading"))
st.caption(
    t(
        "drugs_page.timeline_note",
        before=-timeline.WINDOW_BEFORE_DAYS,
        after=timeline.WINDOW_AFTER_DAYS,
    )
)
timeline.show(drugs, index_day, key="drugs_timeline", ranks=ranks)

st.subheader(t("drugs_page.flags_heading"))
flag_callouts.show(assessed.flags)

st.subheader(t("case.exports"))
export_buttons.show(case, assessed, key_prefix="drugs")
