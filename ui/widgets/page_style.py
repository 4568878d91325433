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
