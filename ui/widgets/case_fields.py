"""Bedside input widgets of the Case page: a number that may stay unknown, a tri-state.

Each widget owns its key: it seeds the key from the stored case value when the key is
absent (first visit, or back from another page, where Streamlit dropped the widget
state), renders with a visible label, and returns the value (None = not known). An empty
`st.container()` right under each field (the "slot") is returned too, so the page can
put the engine's message for that field next to it after scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from knowledge.i18n import Lang, tr
from ui import i18n
from ui.i18n import lang, t

# Unknown is the first option and the default: a missing finding is never "No". The options
# are codes (the radio's value in session state, in the case's widget state and in tests),
# written as keyword names so they read as the identifiers they are; on screen each is its
# catalogue entry (`tristate_text`).
TRISTATE_VALUE: dict[str, bool | None] = dict(Unknown=None, No=False, Yes=True)
TRISTATE_OPTIONS: tuple[str, ...] = tuple(TRISTATE_VALUE)
_TRISTATE_CODE: dict[bool | None, str] = {value: code for code, value in TRISTATE_VALUE.items()}


# printf "%g": whole numbers without decimals (52, not 52.00), others as typed (12.1).
NUMBER_FORMAT = "%g"


def tristate_label(value: bool | None) -> str:
    """The radio's option (code) for a stored value."""
    return _TRISTATE_CODE[value]


def tristate_text(code: str, lang: Lang) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state);
    # the language bound when drawn (see ui/pages/case_page.py `_day_label`).
    return tr(f"case.tristate_{code.lower()}", lang)


# The language the option widgets were last drawn in (case_ prefix: Clear case drops it).
SHOWN_LANG_KEY = "case_options_lang"


def redraw_options_in_language(keys: Iterable[str]) -> None:
    """The Case page's option widgets, sent again in the reader's words after a switch."""
    i18n.redraw_options_in_language(keys, shown_key=SHOWN_LANG_KEY)


def seed(key: str, value: Any) -> None:
    """Give a widget its stored value, once; later runs keep what the user entered."""
    if key not in st.session_state:
        st.session_state[key] = value


def number_field(
    label: str, key: str, stored: float | None, *, step: float = 1.0, help: str | None = None
) -> tuple[float | None, DeltaGenerator]:
    """A number input that starts empty (value=None), never at 0."""
    seed(key, stored)
    # No min/max here: impossible values are the engine's to judge (scoring/bounds.py),
    # with a message naming the field, rather than a silent clamp by the widget.
    value = st.number_input(
        label,
        value=None,
        step=step,
        format=NUMBER_FORMAT,
        key=key,
        help=help,
        placeholder=t("case.not_known"),
    )
    return value, st.container()


def tristate_field(
    label: str, key: str, stored: bool | None, *, help: str | None = None
) -> tuple[bool | None, DeltaGenerator]:
    seed(key, tristate_label(stored))
    choice = st.radio(
        label,
        TRISTATE_OPTIONS,
        format_func=partial(tristate_text, lang=lang()),
        horizontal=True,
        key=key,
        help=help,
    )
    return TRISTATE_VALUE[choice], st.container()
