"""Evidence page section: the differential diagnosis of SJS/TEN (knowledge/differential.py).

One call, `show()`, at the end of the Evidence page. The text comes from the curated file
knowledge/data/differential.yaml (no patient data), in the reader's language (its `ko` text
beside the English; with "원문 보기" on, the English original follows); it is still escaped,
so a stray `*` or `$` in a citation cannot turn into markdown or LaTeX. Sources stay as
published.
"""

from __future__ import annotations

import streamlit as st

from knowledge.differential import DifferentialBase, DifferentialEntry, default_differential
from knowledge.i18n import localized
from ui.i18n import lang, show_original, t
from ui.widgets.markdown_text import escape


@st.cache_resource
def _base() -> DifferentialBase:
    # Curated, frozen, read-only knowledge: safe to share across sessions.
    return default_differential()


def _sources_line(base: DifferentialBase, keys: tuple[str, ...]) -> str:
    links = [f"[{escape(base.sources[k].citation)}]({base.sources[k].link})" for k in keys]
    return t("evidence_page.differential.sources", links=" · ".join(links))


def _text(item: DifferentialEntry | DifferentialBase, field: str) -> str | None:
    return localized(item, field, lang())


def _original(item: DifferentialEntry | DifferentialBase, field: str) -> None:
    """The English original of a Korean text, when the reader asked for it ("원문 보기")."""
    english = getattr(item, field)
    if show_original() and english and _text(item, field) != english:
        st.caption(t("evidence_page.original", text=escape(english, max_chars=None)))


def _entry(base: DifferentialBase, entry: DifferentialEntry) -> None:
    with st.expander(_text(entry, "name") or entry.name):
        _original(entry, "name")
        if not base.is_verified(entry):
            st.warning(t("evidence_page.differential.unverified"), icon=":material/help:")
        for field in ("who", "distinguishing", "biopsy_dif"):
            text = _text(entry, field)
            if text:
                title = t(f"evidence_page.differential.{field}")
                st.markdown(f"**{title}** {escape(text, max_chars=None)}")
                _original(entry, field)
        st.caption(_sources_line(base, entry.sources))
        note = _text(entry, "note")
        if note:
            st.caption(t("evidence_page.differential.checked", note=escape(note, max_chars=None)))
            _original(entry, "note")


def show() -> None:
    """Render the differential-diagnosis section."""
    base = _base()
    st.header(t("evidence_page.differential.title"))
    pattern = escape(_text(base, "reference_pattern"), max_chars=None)
    st.markdown(t("evidence_page.differential.intro", pattern=pattern))
    _original(base, "reference_pattern")
    st.caption(_sources_line(base, base.reference_sources))
    for entry in base.entries:
        _entry(base, entry)
