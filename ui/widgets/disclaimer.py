"""Shared disclaimer banner: one sentence, the same on every page that shows results."""

from __future__ import annotations

import streamlit as st

from reports import wording
from ui.i18n import lang

DISCLAIMER = wording.DISCLAIMER  # written once, in reports/wording.py (the English)


def show(*, method_page: bool = False) -> None:
    """Render the banner. No key: it holds no state. On the Method page it does not point
    to the Method page."""
    st.info(wording.disclaimer(lang=lang(), method_page=method_page), icon=":material/info:")
