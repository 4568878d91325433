"""The app's own static scripts, sent on every page (app.py), each read from its file.

- ui/static/fold_sidebar.js (issue 22): folds the sidebar after a page is picked in it, on
  any window narrow enough that Streamlit draws the sidebar over the page. Streamlit does
  this itself only for a phone's user agent: on a narrow desktop window, or a tablet that
  reports a desktop browser, the open sidebar stayed over the new page and took the taps
  meant for it ("Add drug").
- ui/static/page_lang.js (issue 23): sets the document's `lang` to the reader's language
  (from the URL's `lang`), for screen readers and the browser's Korean line breaking.

No user or case text goes in. A deployment's Content-Security-Policy allows each script by
the SHA-256 of its file (deploy/nginx_conf.py hashes the same files).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STATIC = Path(__file__).resolve().parents[1] / "static"
SCRIPT_FILES = (STATIC / "fold_sidebar.js", STATIC / "page_lang.js")
SCRIPTS = tuple(path.read_text(encoding="utf-8") for path in SCRIPT_FILES)
KEY = "page_scripts"
# The scripts' element is hidden, with the wrapper Streamlit puts around a container: it
# draws nothing and takes no room (not even the gap between two elements) on the page.
HIDDEN = f'[data-testid="stLayoutWrapper"]:has(> .st-key-{KEY}), .st-key-{KEY} {{ display: none; }}'
# Korean breaks lines between words, not inside them (page_lang.js sets the page's lang);
# a word longer than its line still wraps rather than running out of its box.
KOREAN_LINES = "html:lang(ko) body { word-break: keep-all; overflow-wrap: break-word; }"
STYLE = f"<style>{HIDDEN} {KOREAN_LINES}</style>"
HTML = STYLE + "".join(f"<script>{script}</script>" for script in SCRIPTS)


def install() -> None:
    """Once per run, on every page (app.py); each script installs its listener once per tab."""
    with st.container(key=KEY):
        st.html(HTML, unsafe_allow_javascript=True)
