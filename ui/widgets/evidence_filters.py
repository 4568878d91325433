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
            placeholder="e.g. ciclosporin, IVIG, TNF, eye, Cochrane, MSC",
            help="Spellings and names are matched together: ciclosporin = cyclosporine, "
            "IVIG = immunoglobulin, TNF = etanercept or infliximab.",
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


# Spellings and names that mean the same search (issue 22: "ciclosporin", the UK and INN
# spelling, found only the German guideline). Search words, not clinical claims: a search
# for one finds the entries that use any of them.
SEARCH_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"ciclosporin", "cyclosporin", "cyclosporine", "ciclosporine"}),
    frozenset({"ivig", "immunoglobulin", "immune globulin", "immunoglobulins"}),
    frozenset({"tnf", "anti-tnf", "etanercept", "infliximab"}),
)
MIN_SYNONYM_PREFIX = 3  # "cic" already means ciclosporin; "ci" could be a CI


def search_terms(text: str) -> frozenset[str]:
    """The typed text and every spelling or name it stands for, case-folded.

    A synonym group joins when the typed text starts one of its words ("ciclo") or one of
    its words starts the typed text ("cyclosporine a").
    """
    needle = text.strip().casefold()
    terms = {needle}
    if len(needle) >= MIN_SYNONYM_PREFIX:
        for group in SEARCH_SYNONYMS:
            if any(word.startswith(needle) or needle.startswith(word) for word in group):
                terms |= group
    return frozenset(terms)


def matches(entry: EvidenceEntry, filters: Filters) -> bool:
    if filters.categories and entry.category_label not in filters.categories:
        return False
    if not filters.text:
        return True
    terms = search_terms(filters.text)
    haystack = (text.casefold() for _, text in iter_strings(entry.model_dump(mode="json")))
    return any(term in text for text in haystack for term in terms)


def tab_label(title: str, shown: int, total: int, filters: Filters) -> str:
    """The tab's title with its count: matches while filtering, entries otherwise."""
    if filters.active:
        return f"{title} · {shown} of {total}"
    return f"{title} · {total}"


def first_with_matches(labels: list[str], counts: list[int]) -> str | None:
    """The label of the first tab with a match: the tab that opens after a search."""
    return next((label for label, n in zip(labels, counts, strict=True) if n), None)
