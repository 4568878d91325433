"""Evidence filters (tier, category, search text) and the cached, static evidence base."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from knowledge.evidence import (
    CATEGORY_LABELS,
    SECTION_TITLES,
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
    sections: tuple[str, ...]  # section titles to show
    categories: tuple[str, ...]  # category labels; empty = all
    text: str  # case-insensitive search; empty = all


def show(*, key: str = "evidence") -> Filters:
    tiers, categories, search = st.columns([2, 2, 2])
    with tiers:
        sections = st.multiselect(
            "Evidence tier",
            options=list(SECTION_TITLES.values()),
            default=list(SECTION_TITLES.values()),
            key=f"{key}_tiers",
        )
    with categories:
        chosen = st.multiselect(
            "Category",
            options=list(CATEGORY_LABELS.values()),
            default=[],
            placeholder="All categories",
            key=f"{key}_categories",
        )
    with search:
        text = st.text_input(
            "Search", key=f"{key}_search", placeholder="e.g. cyclosporine, eye, Cochrane"
        )
    return Filters(tuple(sections), tuple(chosen), text.strip())


def matches(entry: EvidenceEntry, filters: Filters) -> bool:
    if filters.categories and entry.category_label not in filters.categories:
        return False
    if not filters.text:
        return True
    needle = filters.text.casefold()
    haystack = (text for _, text in iter_strings(entry.model_dump(mode="json")))
    return any(needle in text.casefold() for text in haystack)
