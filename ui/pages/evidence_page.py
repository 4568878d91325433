"""Evidence page: an overview table, then supportive care and therapies by evidence tier.

Static reference content from knowledge/evidence.py (cached as static data only).
Harmful and experimental entries sit in their own tabs, never beside recommendations.
The search runs across every tier: each tab says how many of its entries match, the
first tab with a match opens, and the matches are listed across tiers above the tabs.
"""

import streamlit as st

from ui.widgets import disclaimer, evidence_card, evidence_filters, evidence_overview
from ui.widgets.markdown_text import escape

st.title("Evidence", anchor=False)
disclaimer.show()
st.markdown(
    "Supportive care and therapies for SJS/TEN, grouped by the strength of the evidence. "
    "Each entry says what its source is, what it found (numbers as the source states them), "
    "how certain that is, what is missing, and when it was checked. Below guideline level "
    "the page reports associations, not recommendations."
)

base = evidence_filters.evidence_base()
sections = base.sections()
# The search first: the overview table and the tabs below both follow it (issue 22).
filters = evidence_filters.show(key="evidence")
found = [
    (title, entries, [e for e in entries if evidence_filters.matches(e, filters)])
    for title, entries in sections
]
evidence_overview.show((entry for _, _, shown in found for entry in shown), filtered=filters.active)

st.subheader("Entries by evidence tier", anchor=False)
labels = [
    evidence_filters.tab_label(title, len(shown), len(entries), filters)
    for title, entries, shown in found
]
if filters.active:
    hits = [(label, e) for label, (_, _, shown) in zip(labels, found, strict=True) for e in shown]
    if not hits:
        st.info("No entry in any tier matches. Try a shorter word or clear the category.")
    else:
        st.markdown(
            f"**{len(hits)} {'entry matches' if len(hits) == 1 else 'entries match'} "
            "across all tiers:**\n"
            + "\n".join(
                f"- {escape(e.name)} — {e.label} (tab “{escape(label)}”)" for label, e in hits
            )
        )
# The first tab with a match opens (the labels change with the counts, so the tabs are new).
default = evidence_filters.first_with_matches(labels, [len(shown) for _, _, shown in found])
tabs = st.tabs(labels, default=default)
for tab, (title, entries, shown) in zip(tabs, found, strict=True):
    with tab:
        st.caption(f"{title}: {len(shown)} of {len(entries)} entries match the filters.")
        for entry in shown:
            evidence_card.show(entry)

from ui.widgets import differential_section  # noqa: E402 (issue 11: one appended section)

differential_section.show()
