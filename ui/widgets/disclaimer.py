"""Shared disclaimer banner: one sentence, the same on every page that shows results."""

from __future__ import annotations

import streamlit as st

from reports import wording

DISCLAIMER = wording.DISCLAIMER  # written once, in reports/wording.py


def show() -> None:
    """Render the banner. No key: it holds no state."""
    st.info(DISCLAIMER, icon=":material/info:")
