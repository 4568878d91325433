"""Evidence filters (category, search text) and the cached, static evidence base.

The tier is chosen with the page's tabs only (one way to choose a tier); the tabs carry
each tier's match count. The search (knowledge/evidence_search.py) reads English and Korean:
an entry's Korean text is part of what it searches, and a Korean term of the glossary also
finds the English words it stands for (시클로스포린 -> ciclosporin, cyclosporine).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from knowledge.evidence import Category, EvidenceBase, EvidenceEntry, load_evidence
from knowledge.evidence_search import entry_matches
from knowledge.i18n import Lang, tr
from ui.i18n import lang, t


@st.cache_data(show_spinner=False)
def evidence_base() -> EvidenceBase:
    """Static knowledge from knowledge/data/evidence.yaml; no patient data is cached."""
    return load_evidence()


@dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...]  # category codes (Category values); empty = all
    text: str  # case-insensitive search; empty = all

    @property
    def active(self) -> bool:
        return bool(self.categories or self.text)


CATEGORY_CODES: tuple[str, ...] = tuple(category.value for category in Category)


def category_text(code: str, lang: Lang) -> str:
    return tr(f"evidence_page.category.{code}", lang)


def _category_shown(code: str) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state).
    return category_text(code, lang())


def show(*, key: str = "evidence") -> Filters:
    search, categories = st.columns([3, 2])
    with search:
        text = st.text_input(
            t("evidence_page.filters.search"),
            key=f"{key}_search",
            placeholder=t("evidence_page.filters.search_placeholder"),
            help=t("evidence_page.filters.search_help"),
        )
    with categories:
        chosen = st.multiselect(
            t("evidence_page.filters.category"),
            options=CATEGORY_CODES,
            format_func=_category_shown,
            default=[],
            placeholder=t("evidence_page.filters.all_categories"),
            key=f"{key}_categories",
        )
    return Filters(tuple(chosen), text.strip())


def matches(entry: EvidenceEntry, filters: Filters) -> bool:
    if filters.categories and entry.category.value not in filters.categories:
        return False
    if not filters.text:
        return True
    return entry_matches(entry, filters.text)


def tab_label(title: str, shown: int, total: int, filters: Filters) -> str:
    """The tab's title with its count: matches while filtering, entries otherwise."""
    if filters.active:
        return t("evidence_page.tab_label_filtered", title=title, shown=shown, total=total)
    return t("evidence_page.tab_label", title=title, total=total)


def first_with_matches(labels: list[str], counts: list[int]) -> str | None:
    """The label of the first tab with a match: the tab that opens after a search."""
    return next((label for label, n in zip(labels, counts, strict=True) if n), None)
