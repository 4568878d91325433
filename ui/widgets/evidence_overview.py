"""The Evidence page's overview: one row per entry, from the same entries as the cards.

Therapy or source × evidence (tier in words, harm first) × certainty × bottom line × date
checked. A static table (st.table): it wraps long lines and is read as a real table by
screen readers, where a canvas grid would cut the bottom line off.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from knowledge.evidence import EvidenceEntry

COLUMNS = ("Therapy or source", "Evidence", "Certainty", "Bottom line", "Date checked")
NO_BOTTOM_LINE = "See the entry below."  # an entry added before its bottom line was written


def rows(entries: Iterable[EvidenceEntry]) -> list[dict[str, str]]:
    return [
        dict(
            zip(
                COLUMNS,
                (
                    entry.name,
                    entry.label,  # "Harmful · Randomised trial", "Preclinical — not for ..."
                    entry.certainty.label,
                    entry.bottom_line or NO_BOTTOM_LINE,
                    entry.date_checked.isoformat(),
                ),
                strict=True,
            )
        )
        for entry in entries
    ]


def show(entries: Iterable[EvidenceEntry]) -> None:
    st.subheader("At a glance", anchor=False)
    st.caption(
        "One line per entry, in the order of the tabs below: what the evidence is, how "
        "certain, and what it found against its comparator. Details and sources are in the "
        "entries."
    )
    st.table(rows(entries), hide_index=True)
