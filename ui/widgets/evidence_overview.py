"""The Evidence page's overview: one row per entry, from the same entries as the cards.

Therapy or source × evidence (tier in words, harm first) × certainty × bottom line × date
checked. Therapies first, then guidelines and the other sources (issue 22: nine guideline
rows came before any therapy). Harmful and preclinical or experimental rows are set apart
twice: a word before the name ("Harmful:", "Preclinical:") and a tinted row, so neither
colour alone nor a skim of the names can miss them. A static table (st.table): it wraps
long lines and is read as a real table by screen readers. Its column widths
(ui/widgets/page_style.py) give the bottom line the most room: two lines for most rows at
1440 px, three at most (issue 22: four).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from knowledge.evidence import GRADE_LABELS, Category, EvidenceEntry, Tier
from ui.widgets import page_style

COLUMNS = ("Therapy or source", "Evidence", "Certainty", "Bottom line", "Date checked")
NO_BOTTOM_LINE = "See the entry below."  # an entry added before its bottom line was written
THERAPY_CATEGORIES = frozenset({Category.SYSTEMIC_THERAPY, Category.CELL_THERAPY})
# Row tints, light enough for #111 text (contrast > 12:1), named in the caption.
HARMFUL_TINT = "#fde2e1"  # light red
CAUTION_TINT = "#fff1c9"  # light amber


def flag(entry: EvidenceEntry) -> str | None:
    """The word that sets a row apart, or None for an ordinary row."""
    if entry.harmful:
        return "Harmful"
    if entry.tier is Tier.PRECLINICAL:
        return "Preclinical"
    if entry.experimental:
        return "Experimental"
    return None


def in_overview_order(entries: Iterable[EvidenceEntry]) -> list[EvidenceEntry]:
    """Therapies first, then the rest, each part in the given (tab) order."""
    entries = list(entries)
    therapies = [e for e in entries if e.category in THERAPY_CATEGORIES]
    return therapies + [e for e in entries if e.category not in THERAPY_CATEGORIES]


def certainty_cell(entry: EvidenceEntry) -> str:
    """The GRADE level, then who graded what in small type (markdown: st.table reads it)."""
    certainty = entry.certainty
    if certainty.grade is None:
        return certainty.label
    return f"GRADE: {GRADE_LABELS[certainty.grade]} :small[({certainty.graded_by})]"


def rows(entries: Iterable[EvidenceEntry]) -> list[dict[str, str]]:
    out = []
    for entry in in_overview_order(entries):
        word = flag(entry)
        values = (
            f"{word}: {entry.name}" if word else entry.name,
            entry.label,  # "Harmful · Randomised trial", "Preclinical — not for ..."
            certainty_cell(entry),
            entry.bottom_line or NO_BOTTOM_LINE,
            entry.date_checked.isoformat(),
        )
        out.append(dict(zip(COLUMNS, values, strict=True)))
    return out


def _tint(row: pd.Series) -> list[str]:
    name = str(row[COLUMNS[0]])
    if name.startswith("Harmful:"):
        colour = HARMFUL_TINT
    elif name.startswith(("Preclinical:", "Experimental:")):
        colour = CAUTION_TINT
    else:
        return [""] * len(row)
    return [f"background-color: {colour}"] * len(row)


def show(entries: Iterable[EvidenceEntry], *, filtered: bool = False) -> None:
    st.subheader("At a glance", anchor=False)
    table = rows(entries)
    st.caption(
        ("The entries matching the search, " if filtered else "One line per entry, ")
        + "therapies first, then guidelines and other sources: what the evidence is, how "
        "certain, and what it found against its comparator. Rows marked Harmful (red) or "
        "Preclinical / Experimental (amber) are not options to follow. Details and sources "
        "are in the entries below."
    )
    if not table:
        st.markdown("No entry matches the search.")
        return
    frame = pd.DataFrame(table, columns=list(COLUMNS))
    page_style.evidence_overview_columns()  # the bottom line widest (issue 22)
    with st.container(key=page_style.EVIDENCE_OVERVIEW_KEY):
        st.table(frame.style.apply(_tint, axis=1), hide_index=True)
