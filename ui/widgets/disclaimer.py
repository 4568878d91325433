"""Shared disclaimer banner: one sentence, the same on every page that shows results."""

from __future__ import annotations

import streamlit as st

DISCLAIMER = (
    "Decision support for clinicians — not a substitute for clinical judgement. "
    "Every number shows its basis (inputs, rule and source) so it can be reviewed "
    "independently; see the Method page."
)


def show() -> None:
    """Render the banner. No key: it holds no state."""
    st.info(DISCLAIMER, icon=":material/info:")
