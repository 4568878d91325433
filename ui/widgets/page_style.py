"""Page-level style rules, static CSS only (no user or case text ever goes in here).

Streamlit gives every keyed element a `st-key-<key>` class; these rules address elements by
that class, so they touch nothing else.
"""

from __future__ import annotations

import streamlit as st


def hide_keyed(*keys: str) -> None:
    """Hide keyed elements from view while they keep working (a button's shortcut key).

    `display: none` removes them from the layout and the accessibility tree as well: a
    key-only button is a keyboard shortcut, its visible twin is the one to read and click.
    """
    selectors = ", ".join(f".st-key-{key}" for key in keys)
    st.html(f"<style>{selectors} {{ display: none !important; }}</style>")


def presenter_margins() -> None:
    """Slim page margins for the presenter view: a slide fills 1280 × 720 with no scroll.

    The top keeps room for Streamlit's fixed header (3.75 rem), which would cover the bar.
    """
    st.html(
        "<style>[data-testid='stMainBlockContainer'] "
        "{ padding-top: 4rem !important; padding-bottom: 1rem !important; }</style>"
    )


# A phone (390 × 844): the bedside summary's mortality, extent, top drug and first step on
# the first screen (issue 22). Narrow screens only: less margin above the title, the banner
# and the session note in small type, and in the summary only the first next step (the
# panel below lists all of them, with their sources).
PHONE_MAX_WIDTH_PX = 640


def phone_layout() -> None:
    """The Case page's narrow-screen rules (static CSS)."""
    st.html(
        f"""<style>
        @media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
          [data-testid='stMainBlockContainer'] {{ padding-top: 3.5rem !important; }}
          [data-testid='stMainBlockContainer'] h1 {{ font-size: 2rem; padding-bottom: 0.25rem; }}
          [data-testid='stAlertContainer'] {{ padding: 0.5rem 0.75rem; }}
          [data-testid='stAlertContainer'] p, .st-key-case_session_note p {{ font-size: 0.8rem; }}
          .st-key-bedside_summary .summary-more {{ display: none; }}
          .st-key-summary_later_steps, .st-key-summary_all_steps {{ display: none; }}
          .st-key-bedside_risk h3 {{ padding: 0; }}
          .st-key-bedside_summary, .st-key-bedside_summary [data-testid='stVerticalBlock'],
          .st-key-bedside_summary [data-testid='stHorizontalBlock'] {{ gap: 0.5rem; }}
        }}
        </style>"""
    )


# The Evidence page's at-a-glance table (ui/widgets/evidence_overview.py draws it in the
# container of this key): shares of its width per column, in per cent (issue 22: with the
# browser's own widths the bottom line wrapped to four lines at 1440 px). The bottom line
# gets the most, the date the least. A phone keeps the browser's own table layout.
EVIDENCE_OVERVIEW_KEY = "evidence_overview"
EVIDENCE_COLUMN_WIDTHS_PCT = (21, 12, 15, 44, 8)
TABLE_WIDTHS_MIN_PX = 700
_EVIDENCE_COLUMNS = " ".join(
    f".st-key-{EVIDENCE_OVERVIEW_KEY} th:nth-child({n}) {{ width: {pct}%; }}"
    for n, pct in enumerate(EVIDENCE_COLUMN_WIDTHS_PCT, start=1)
)
# Korean wraps at spaces, as Korean is typeset (issue 23): a browser may otherwise break it
# between any two syllables, and on a phone the table then squeezes a column of Korean to
# one syllable a line. English text is not affected.
_EVIDENCE_RULES = (
    f"<style>.st-key-{EVIDENCE_OVERVIEW_KEY} [data-testid=stTable] :is(th, td, th *, td *) "
    "{ word-break: keep-all; } "
    f"@media (min-width: {TABLE_WIDTHS_MIN_PX}px) {{ "
    f".st-key-{EVIDENCE_OVERVIEW_KEY} table {{ table-layout: fixed; width: 100%; }} "
    f"{_EVIDENCE_COLUMNS} }}</style>"
)


def evidence_overview_columns() -> None:
    """The at-a-glance table's column widths (static CSS)."""
    st.html(_EVIDENCE_RULES)
