"""Evidence page section: the differential diagnosis of SJS/TEN (knowledge/differential.py).

One call, `show()`, at the end of the Evidence page. The text comes from the curated file
knowledge/data/differential.yaml (no patient data); it is still escaped, so a stray `*` or
`$` in a citation cannot turn into markdown or LaTeX.
"""

from __future__ import annotations

import streamlit as st

from knowledge.differential import DifferentialBase, DifferentialEntry, default_differential
from ui.widgets.markdown_text import escape

TITLE = "Differential diagnosis: what else can look like SJS/TEN"
UNVERIFIED_LABEL = "Partly unverified: a statement below was not found in a read source"


@st.cache_resource
def _base() -> DifferentialBase:
    # Curated, frozen, read-only knowledge: safe to share across sessions.
    return default_differential()


def _sources_line(base: DifferentialBase, keys: tuple[str, ...]) -> str:
    links = [f"[{escape(base.sources[k].citation)}]({base.sources[k].link})" for k in keys]
    return "Sources: " + " · ".join(links)


def _entry(base: DifferentialBase, entry: DifferentialEntry) -> None:
    with st.expander(entry.name):
        if not base.is_verified(entry):
            st.warning(UNVERIFIED_LABEL, icon=":material/help:")
        if entry.who:
            st.markdown(f"**Who:** {escape(entry.who)}")
        st.markdown(f"**What tells it apart:** {escape(entry.distinguishing)}")
        st.markdown(f"**Skin biopsy / direct immunofluorescence:** {escape(entry.biopsy_dif)}")
        st.caption(_sources_line(base, entry.sources))
        if entry.note:
            st.caption(f"Checked: {escape(entry.note)}")


def show() -> None:
    """Render the differential-diagnosis section."""
    base = _base()
    st.header(TITLE)
    st.markdown(
        "Each condition below says what tells it apart from SJS/TEN and what skin biopsy "
        "and direct immunofluorescence show. " + escape(base.reference_pattern)
    )
    st.caption(_sources_line(base, base.reference_sources))
    for entry in base.entries:
        _entry(base, entry)
