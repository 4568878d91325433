"""Drugs page: the patient's drugs and index day in; ranked ALDEN first, then timeline,
flags and the case's exports.

Thin: widgets collect the inputs into the session case; reports.assessment.assess gives
the run's one assessment of it (ALDEN, partial ranking, flags), the same the Case page,
the summary and the exports read; this page only arranges the results.
"""

from typing import Any

import streamlit as st

from reports.assessment import assess
from scoring.models import Issue
from scoring.screen_labels import on_screen_drug
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
TIMELINE_NOTE = (
    "About 90 days before to 7 days after the index day (dashed red line: the first day of "
    "skin or mucosal signs); rows numbered by ALDEN rank. ◀ marks a drug started earlier "
    "(long-standing), with its first-intake day."
)
TABLE_NOTE = (
    "One row per drug. Dates are first and last intake (YYYY-MM-DD); a drug still taken on "
    f"the index day has “{drug_table.STILL_TAKEN}” as its last intake. Add a drug with the "
    "form above, or rows with + at the bottom of the table; edit any value in the table."
)


def _is_missing(record: dict[str, Any], error: Issue) -> bool:
    """Whether an engine error is about a value not entered yet (a drug's start = None),
    which is a step still to do, not a mistake."""
    if error.key is None:
        return False
    if error.drug is None:
        return record.get(error.key) is None
    drugs = record.get("drugs") or []
    return error.drug < len(drugs) and drugs[error.drug].get(error.key) is None


st.title("Drugs")
disclaimer.show()
case = session_note.show("drugs")  # notices a restart; the case synced with the widgets

left, right = st.columns([1, 1], gap="large")
with left:
    index_day = alden_inputs.index_day(case, key="drugs_index_day")
with right:
    alden_inputs.other_cause(case, key="drugs_other_cause_non_drug")
    drug_names.show_picker(key="drugs_add", editor_key=EDITOR_KEY)

st.subheader("Drugs taken before the index day")
drug_names.show_form(key="drugs_form", editor_key=EDITOR_KEY)
st.caption(TABLE_NOTE)
case["drugs"] = drug_names.refuse_control_characters(drug_table.show(case["drugs"], key=EDITOR_KEY))
drugs = case["drugs"]
drug_names.check(drugs, key="drugs_names", editor_key=EDITOR_KEY)

if not drugs:
    st.info("Add the drugs the patient took before the index day to score ALDEN.")
    st.stop()

assessed = assess(case)  # the run's one assessment: the same the Case page and exports read
record = assessed.alden_record
for error in assessed.alden_errors:
    # Engine messages name the drug ("drug 2 ('Depakote'): start ... is after stop ..."),
    # as typed: escaped so a name cannot turn into markdown.
    message = escape(on_screen_drug(error.message))  # on-screen field names
    if _is_missing(record, error):
        st.info(message, icon=":material/edit_calendar:")
    else:
        st.error(message, icon=":material/error:")

# The answer first: the ranked ALDEN result directly under the drug list.
st.subheader("ALDEN: drug causality, ranked")
# One drug's error is that drug's: the others are still ranked (engine rule, Method page).
result = assessed.alden
ranks: dict[int, int] = {}
if result is None:
    st.info("ALDEN is scored once the messages above are resolved.", icon=":material/pending:")
else:
    if assessed.alden_partial:
        st.info(
            "Drugs with a message above are left out of this ranking until it is resolved; "
            "the other drugs are ranked.",
            icon=":material/pending:",
        )
    for warning in result.warnings:
        if not (warning.field or "").endswith(".name"):  # unknown names: shown under the table
            st.warning(escape(on_screen_drug(warning.message)), icon=":material/warning:")
    alden_card.show(result)
    st.caption(
        "ALDEN (Sassolas 2010) ranks drugs for a clinician to weigh; it does not prove "
        "causality. Rules, cut-offs and this app's readings: Method page."
    )
    ranks = {a.input_index: rank for rank, a in enumerate(result.drugs, start=1)}

st.subheader("Timeline")
st.caption(TIMELINE_NOTE)
timeline.show(drugs, index_day, key="drugs_timeline", ranks=ranks)

st.subheader("Flags")
flag_callouts.show(assessed.flags)

st.subheader("Exports")
export_buttons.show(case, assessed, key_prefix="drugs")
