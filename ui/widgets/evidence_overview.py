"""The Evidence page's overview: one row per entry, from the same entries as the cards.

Therapy or source × evidence (tier in words, harm first) × certainty × bottom line × date
checked. Therapies first, then guidelines and the other sources (issue 22: nine guideline
rows came before any therapy). Harmful and preclinical or experimental rows are set apart
twice: a word before the name ("Harmful:", "Preclinical:"; in Korean "유해:", "전임상:") and
a tinted row, so neither colour alone nor a skim of the names can miss them. A static table
(st.table): it wraps long lines and is read as a real table by screen readers. Its column
widths (ui/widgets/page_style.py) give the bottom line the most room: two lines for most rows
at 1440 px, three at most (issue 22: four), in English and in Korean.

Every word is the reader's language: headers, labels and flags from the catalogue, the entry's
name and bottom line from its `ko` text; with "원문 보기" on, the English original follows the
Korean name and bottom line in small type.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from knowledge.evidence import Category, EvidenceEntry, Tier, label_key
from knowledge.i18n import localized
from ui.i18n import lang, show_original, t
from ui.widgets import page_style

COLUMN_KEYS = ("name", "evidence", "certainty", "bottom_line", "date_checked")
THERAPY_CATEGORIES = frozenset({Category.SYSTEMIC_THERAPY, Category.CELL_THERAPY})
# Row tints, light enough for #111 text (contrast > 12:1), named in the caption.
HARMFUL_TINT = "#fde2e1"  # light red
CAUTION_TINT = "#fff1c9"  # light amber
FLAG_TINTS = {"harmful": HARMFUL_TINT, "preclinical": CAUTION_TINT, "experimental": CAUTION_TINT}


def columns() -> tuple[str, ...]:
    """The table's headers in the reader's language."""
    return tuple(t(f"evidence_page.overview.column.{key}") for key in COLUMN_KEYS)


def flag(entry: EvidenceEntry) -> str | None:
    """The code of the word that sets a row apart, or None for an ordinary row."""
    if entry.harmful:
        return "harmful"
    if entry.tier is Tier.PRECLINICAL:
        return "preclinical"
    if entry.experimental:
        return "experimental"
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
        return entry.certainty_label_in(lang())
    return t(
        "evidence_page.overview.certainty_cell",
        grade=t(label_key("grade", certainty.grade)),
        graded_by=localized(entry, "certainty_graded_by", lang()),
    )


def _with_original(entry: EvidenceEntry, field: str, shown: str) -> str:
    """`shown`, and its English original in small type when the reader asked for it."""
    english = getattr(entry, field)
    if not show_original() or not english or shown == english:
        return shown
    return f"{shown} :small[{t('evidence_page.original', text=english)}]"


def _name_cell(entry: EvidenceEntry) -> str:
    name = _with_original(entry, "name", localized(entry, "name", lang()))
    word = flag(entry)
    return f"{t(f'evidence_page.overview.flag.{word}')}: {name}" if word else name


def _bottom_line_cell(entry: EvidenceEntry) -> str:
    if not entry.bottom_line:  # an entry added before its bottom line was written
        return t("evidence_page.overview.no_bottom_line")
    return _with_original(entry, "bottom_line", localized(entry, "bottom_line", lang()))


def rows(entries: Iterable[EvidenceEntry]) -> list[dict[str, str]]:
    headers = columns()
    out = []
    for entry in in_overview_order(entries):
        values = (
            _name_cell(entry),  # "Harmful: Thalidomide", "유해: Thalidomide"
            entry.label_in(lang()),  # "Harmful · Randomised trial", "Preclinical — not for ..."
            certainty_cell(entry),
            _bottom_line_cell(entry),
            entry.date_checked.isoformat(),
        )
        out.append(dict(zip(headers, values, strict=True)))
    return out


def tints(entries: Iterable[EvidenceEntry]) -> list[str]:
    """Each row's background, in the table's order ("" for an ordinary row)."""
    return [FLAG_TINTS.get(flag(entry) or "", "") for entry in in_overview_order(entries)]


def show(entries: Iterable[EvidenceEntry], *, filtered: bool = False) -> None:
    st.subheader(t("evidence_page.overview.heading"), anchor=False)
    entries = list(entries)
    table = rows(entries)
    st.caption(
        t(
            "evidence_page.overview.caption_filtered"
            if filtered
            else "evidence_page.overview.caption"
        )
    )
    if not table:
        st.markdown(t("evidence_page.overview.no_match"))
        return
    frame = pd.DataFrame(table, columns=list(columns()))
    row_tints = tints(entries)

    def tint(row: pd.Series) -> list[str]:
        colour = row_tints[int(row.name)]  # the row's position: the frame's default index
        return [f"background-color: {colour}" if colour else ""] * len(row)

    page_style.evidence_overview_columns()  # the bottom line widest (issue 22)
    with st.container(key=page_style.EVIDENCE_OVERVIEW_KEY):
        st.table(frame.style.apply(tint, axis=1), hide_index=True)
