"""Evidence filters (category, search text) and the cached, static evidence base.

The tier is chosen with the page's tabs only (one way to choose a tier); the tabs carry
each tier's match count.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from knowledge.evidence import (
    CATEGORY_LABELS,
    EvidenceBase,
    EvidenceEntry,
    iter_strings,
    load_evidence,
)


@st.cache_data(show_spinner=False)
def evidence_base() -> EvidenceBase:
    """Static knowledge from knowledge/data/evidence.yaml; no patient data is cached."""
    return load_evidence()


@dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...]  # category labels; empty = all
    text: str  # case-insensitive search; empty = all

    @property
    def active(self) -> bool:
        return bool(self.categories or self.text)


def show(*, key: str = "evidence") -> Filters:
    search, categories = st.columns([3, 2])
    with search:
        text = st.text_input(
            "Search all tiers",
            key=f"{key}_search",
            placeholder="e.g. cyclosporine, eye, Cochrane, MSC",
        )
    with categories:
        chosen = st.multiselect(
            "Category",
            options=list(CATEGORY_LABELS.values()),
            default=[],
            placeholder="All categories",
            key=f"{key}_categories",
        )
    return Filters(tuple(chosen), text.strip())


def matches(entry: EvidenceEntry, filters: Filters) -> bool:
    if filters.categories and entry.category_label not in filters.categories:
        return False
    if not filters.text:
        return True
    needle = filters.text.casefold()
    haystack = (text for _, text in iter_strings(entry.model_dump(mode="json")))
    return any(needle in text.casefold() for text in haystack)


def tab_label(title: str, shown: int, total: int, filters: Filters) -> str:
    """The tab's title with its count: matches while filtering, entries otherwise."""
    if filters.active:
        return f"{title} · {shown} of {total}"
    return f"{title} · {total}"


def first_with_matches(labels: list[str], counts: list[int]) -> str | None:
    """The label of the first tab with a match: the tab that opens after a search."""
    return next((label for label, n in zip(labels, counts, strict=True) if n), None)
