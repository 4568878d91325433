"""The reader's language: chosen once per session, kept in the URL, used by every string.

Where the language comes from, first match wins:
1. `?lang=ko` / `?lang=en` in the URL (a shared link, a presenter link, a bookmark);
2. the session's earlier choice (the sidebar's "Language · 언어" selector);
3. the browser's language (`st.context.locale`, e.g. "ko-KR"); English otherwise.

`init()` runs in app.py before any page: it settles the language and writes it back to
the URL, so every link copied from the address bar carries it. Pages call `t(key, ...)`
for a catalogue string and `say(text)` for an engine `Text`; nothing on screen is written
in a page (tests/ui/test_i18n_static.py).

The language is a preference, not case data: it is kept when the case is cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from knowledge.i18n import (
    LANG_PARAM,
    LANGUAGE_NAMES,
    LANGUAGES,
    Lang,
    Text,
    as_lang,
    lang_of_locale,
    tr,
)
from scoring.models import Issue

LANG_KEY = "ui_lang"  # the session's language
SELECTOR_KEY = "ui_lang_selector"  # the sidebar selector's widget
ORIGINAL_KEY = "ui_show_original"  # "원문 보기": the English original beside clinical text


def lang() -> Lang:
    """The session's language (set by `init()`; English before it has run)."""
    return as_lang(st.session_state.get(LANG_KEY)) or "en"


def t(key: str, /, **params: Any) -> str:
    """The catalogue entry `key` in the reader's language."""
    return tr(key, lang(), **params)


def say(text: Text | str) -> str:
    """An engine `Text` in the reader's language (a plain string is user or source text:
    a drug name, a quotation, a citation, shown as it is)."""
    return text.render(lang()) if isinstance(text, Text) else text


def _from_browser() -> Lang:
    try:
        return lang_of_locale(st.context.locale)
    except Exception:  # no browser context (AppTest, a bare script run)
        return "en"


def init() -> Lang:
    """Settle this run's language and keep it in the URL; call before the page runs."""
    asked = as_lang(st.query_params.get(LANG_PARAM))
    chosen = asked or as_lang(st.session_state.get(LANG_KEY)) or _from_browser()
    st.session_state[LANG_KEY] = chosen
    if st.query_params.get(LANG_PARAM) != chosen:
        st.query_params[LANG_PARAM] = chosen
    return chosen


def with_lang(query: dict[str, str]) -> dict[str, str]:
    """`query` with the session's language, for pages that rewrite the whole URL."""
    return {**query, LANG_PARAM: lang()}


def _chosen() -> None:
    choice = as_lang(st.session_state.get(SELECTOR_KEY))
    if choice is not None:
        st.session_state[LANG_KEY] = choice
        st.query_params[LANG_PARAM] = choice


def selector() -> None:
    """The sidebar's language selector ("Language · 언어": both, so either reader finds it)."""
    st.session_state[SELECTOR_KEY] = lang()
    st.sidebar.selectbox(
        t("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=SELECTOR_KEY,
        on_change=_chosen,
    )
    if lang() == "ko":
        st.sidebar.toggle(
            t("app.show_original"), key=ORIGINAL_KEY, help=t("app.show_original_help")
        )


def show_original() -> bool:
    """Whether the reader asked to see the English original beside clinical text."""
    return lang() == "ko" and bool(st.session_state.get(ORIGINAL_KEY))


def issue_text(issue: Issue) -> str:
    """An engine error or warning in the reader's words (its `Text`, which names the field
    as on screen)."""
    return say(issue.text)


def redraw_options_in_language(keys: Iterable[str], *, shown_key: str) -> None:
    """After a language switch, send each option widget's value again, in the new words.

    A radio or select box travels between the browser and the server as its option's words
    ("아니요"). When the words change with the language, the server still reads the value
    right on this run, but the browser keeps showing the old words, which match no option
    now: it shows nothing chosen, and its next message would reset the value to the default.
    Setting each value again before the widget is drawn makes Streamlit send it in the new
    words. Call at the top of the run, before the widgets `keys` are drawn; `shown_key`
    remembers the language the page's option widgets were last drawn in (one per page).
    """
    shown = st.session_state.get(shown_key)
    st.session_state[shown_key] = lang()
    if shown is None or shown == lang():
        return
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
