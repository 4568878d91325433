"""Evidence page: supportive care and therapies grouped by evidence tier, in words.

Static reference content from knowledge/evidence.py (cached as static data only).
Harmful and experimental entries sit in their own tabs, never beside recommendations.
"""

import streamlit as st

from ui.widgets import disclaimer, evidence_card, evidence_filters

st.title("Evidence")
disclaimer.show()
st.markdown(
    "Supportive care and therapies for SJS/TEN, grouped by the strength of the evidence. "
    "Each entry says what its source is, what it found (numbers as the source states them), "
    "how certain that is, what is missing, and when it was checked. Below guideline level "
    "the page reports associations, not recommendations."
)

base = evidence_filters.evidence_base()
filters = evidence_filters.show(key="evidence")
sections = [(title, entries) for title, entries in base.sections() if title in filters.sections]
if not sections:
    st.info("Choose at least one evidence tier.")
    st.stop()

tabs = st.tabs([title for title, _ in sections])
for tab, (title, entries) in zip(tabs, sections, strict=True):
    with tab:
        shown = [e for e in entries if evidence_filters.matches(e, filters)]
        st.caption(f"{title}: {len(shown)} of {len(entries)} entries match the filters.")
        for entry in shown:
            evidence_card.show(entry)

from ui.widgets import differential_section  # noqa: E402 (issue 11: one appended section)

differential_section.show()
