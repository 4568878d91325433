"""Evidence page: an overview table, then supportive care and therapies by evidence tier.

Static reference content from knowledge/evidence.py (cached as static data only).
Harmful and experimental entries sit in their own tabs, never beside recommendations.
The search runs across every tier: each tab says how many of its entries match, the
first tab with a match opens, and the matches are listed across tiers above the tabs.
Every word in the reader's language (issue 23): the page's from the catalogue, the
entries' from their Korean beside the English.
"""

import streamlit as st

from knowledge.evidence import label_key
from knowledge.i18n import localized
from ui.i18n import lang, redraw_options_in_language, t
from ui.widgets import disclaimer, evidence_card, evidence_filters, evidence_overview
from ui.widgets.markdown_text import escape

# The category choice is sent again in the new words after a language switch.
redraw_options_in_language(("evidence_categories",), shown_key="evidence_options_lang")

st.title(t("evidence_page.title"), anchor=False)
disclaimer.show()
st.markdown(t("evidence_page.intro"))

base = evidence_filters.evidence_base()
sections = [(t(label_key("section", key)), entries) for key, entries in base.sections_by_key()]
# The search first: the overview table and the tabs below both follow it (issue 22).
filters = evidence_filters.show(key="evidence")
found = [
    (title, entries, [e for e in entries if evidence_filters.matches(e, filters)])
    for title, entries in sections
]
evidence_overview.show((entry for _, _, shown in found for entry in shown), filtered=filters.active)

st.subheader(t("evidence_page.tiers_heading"), anchor=False)
labels = [
    evidence_filters.tab_label(title, len(shown), len(entries), filters)
    for title, entries, shown in found
]
if filters.active:
    hits = [(label, e) for label, (_, _, shown) in zip(labels, found, strict=True) for e in shown]
    if not hits:
        st.info(t("evidence_page.no_match_any_tier"))
    else:
        count = "evidence_page.matches_one" if len(hits) == 1 else "evidence_page.matches_many"
        items = (
            t(
                "evidence_page.match_item",
                name=escape(localized(e, "name", lang())),
                label=e.label_in(lang()),
                tab=escape(label),
            )
            for label, e in hits
        )
        st.markdown(f"**{t(count, count=len(hits))}**\n" + "\n".join(f"- {i}" for i in items))
# The first tab with a match opens (the labels change with the counts, so the tabs are new).
default = evidence_filters.first_with_matches(labels, [len(shown) for _, _, shown in found])
tabs = st.tabs(labels, default=default)
for tab, (title, entries, shown) in zip(tabs, found, strict=True):
    with tab:
        st.caption(
            t("evidence_page.tab_caption", title=title, shown=len(shown), total=len(entries))
        )
        for entry in shown:
            evidence_card.show(entry)

from ui.widgets import differential_section  # noqa: E402 (issue 11: one appended section)

differential_section.show()
