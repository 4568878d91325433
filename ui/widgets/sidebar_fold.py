"""Folds the sidebar after a page is picked in it, on any window narrow enough that
Streamlit draws the sidebar over the page (issue 22).

Streamlit does this itself only for a phone's user agent: on a narrow desktop window, or a
tablet that reports a desktop browser, the open sidebar stayed over the new page and took
the taps meant for it ("Add drug"). One static script (ui/static/fold_sidebar.js), read
from its file, watches the sidebar's page links and presses the sidebar's own fold button
when the sidebar covers the page. No user or case text goes in. A deployment's
Content-Security-Policy allows it by its SHA-256 (deploy/nginx_conf.py hashes the file).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

SCRIPT_FILE = Path(__file__).resolve().parents[1] / "static" / "fold_sidebar.js"
SCRIPT = SCRIPT_FILE.read_text(encoding="utf-8")
KEY = "sidebar_fold"
# The script's element is hidden, with the wrapper Streamlit puts around a container: it
# draws nothing and takes no room (not even the gap between two elements) on the page.
HIDDEN = f'[data-testid="stLayoutWrapper"]:has(> .st-key-{KEY}), .st-key-{KEY} {{ display: none; }}'
HTML = f"<style>{HIDDEN}</style><script>{SCRIPT}</script>"


def install() -> None:
    """Once per run, on every page (app.py); the script installs its listener once per tab."""
    with st.container(key=KEY):
        st.html(HTML, unsafe_allow_javascript=True)
