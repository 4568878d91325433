"""Presenter view for a lecture room (1280 × 720): one idea per screen, large type, no
app chrome, and the slide navigation fixed in one place (a bar at the top, the same on
every slide, so the Next button never moves).

Keys: ← / → (Previous / Next), Page Up / Page Down (what a presentation clicker sends)
and Space (next), through Streamlit's own button shortcuts; a shortcut never fires while
the focus is in a text field.

Owns `teaching_slide` (the slide index); `reset()` goes back to the first slide. The
slides come in the reader's language (teaching.classroom); the bar's words are the
catalogue's (knowledge/data/messages/presenter.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from teaching.classroom import Slide
from ui import i18n
from ui.i18n import t
from ui.widgets import page_style
from ui.widgets.chart_config import PLOTLY_CONFIG, for_presenter

SLIDE_KEY = "teaching_slide"
PREV_KEY = "teaching_prev_slide"
NEXT_KEY = "teaching_next_slide"
PAGE_UP_KEY = "teaching_prev_slide_page_up"
PAGE_DOWN_KEY = "teaching_next_slide_page_down"
SPACE_KEY = "teaching_next_slide_space"
EXIT_KEY = "teaching_exit_presenter"
NAV_KEY = "teaching_presenter_nav"
SLIDE_NUMBER_MAX_DIGITS = 3  # a link's slide number: at most 999 (a case has about ten)
_ASCII_DIGITS = re.compile(f"[0-9]{{1,{SLIDE_NUMBER_MAX_DIGITS}}}")


def current(count: int) -> int:
    """The slide on screen (clamped to the slides there are), stored back."""
    index = min(max(st.session_state.get(SLIDE_KEY, 0), 0), count - 1)
    st.session_state[SLIDE_KEY] = index
    return index


def reset() -> None:
    st.session_state[SLIDE_KEY] = 0


def slide_from_link(value: str | None) -> tuple[int, str | None]:
    """The 0-based slide a link's 1-based `slide=` names, and a message if it names none.

    Out-of-range numbers are clamped when the slides are known (`show`); text that is not
    a small positive whole number opens the first slide and is not echoed back.
    """
    if value is None or value == "":
        return 0, None
    # ASCII digits only: str.isdigit() also accepts "²" (int() refuses it) and Arabic-Indic
    # digits (int() reads them), neither of which a link of ours contains (issue 21).
    if not _ASCII_DIGITS.fullmatch(value) or int(value) < 1:
        return 0, t("presenter.bad_slide")
    return int(value) - 1, None


def _move(step: int, count: int) -> None:
    current = st.session_state.get(SLIDE_KEY, 0)
    st.session_state[SLIDE_KEY] = min(max(current + step, 0), count - 1)


_KEY_ONLY_BUTTONS = (  # (widget key, label's catalogue key, slides to move, shortcut)
    (PAGE_UP_KEY, "presenter.previous", -1, "PageUp"),
    (PAGE_DOWN_KEY, "presenter.next", 1, "PageDown"),
    (SPACE_KEY, "presenter.next", 1, "space"),
)


def _nav(
    index: int, count: int, on_exit: Callable[[], None] | None, *, arrows: bool = True
) -> None:
    """One bar at the top: nothing above it changes height, so it never moves.

    `arrows=False` (a slide with sliders): ← and → belong to the focused slider there,
    so they do not also change the slide; Page Up / Page Down and the buttons still do.
    """
    first, last = index == 0, index == count - 1
    back, forward = {"args": (-1, count)}, {"args": (1, count)}
    with st.container(horizontal=True, vertical_alignment="center", key=NAV_KEY):
        st.button(
            t("presenter.previous"),
            key=PREV_KEY,
            on_click=_move,
            **back,
            disabled=first,
            icon=":material/arrow_back:",
            shortcut="left" if arrows else None,
        )
        st.button(
            t("presenter.next"),
            key=NEXT_KEY,
            on_click=_move,
            **forward,
            disabled=last,
            icon=":material/arrow_forward:",
            shortcut="right" if arrows else None,
            type="primary",
        )
        st.caption(t("presenter.slide_of", n=index + 1, count=count))
        # Keys only, hidden (issue 22: they showed as "Previous PageUp · Next PageDown"): a
        # clicker sends Page Up / Page Down, and Space is the usual "next" key.
        page_style.hide_keyed(*(key for key, *_ in _KEY_ONLY_BUTTONS))
        for key, label, step, shortcut in _KEY_ONLY_BUTTONS:
            st.button(
                t(label),
                key=key,
                on_click=_move,
                args=(step, count),
                disabled=first if step < 0 else last,
                shortcut=shortcut,
                type="tertiary",
            )
        if on_exit is not None:
            st.button(t("presenter.exit"), key=EXIT_KEY, on_click=on_exit, icon=":material/close:")


def _text(slide: Slide) -> None:
    """Large type from Streamlit's own heading elements (no raw HTML: case text is data).

    The idea is a title; each line of it a header, readable from the back of a lecture
    room; citations, which are long and secondary, stay body-sized, and so does the English
    original of Korean case text when the reader asked for it ("원문 보기").
    """
    st.title(slide.heading, anchor=False)
    lines = [line for line in slide.body if line]
    for number, line in enumerate(lines):
        if slide.cited and number > 0:
            st.markdown(line)
        else:
            st.header(line, anchor=False)
    if slide.original and i18n.show_original():
        st.caption(t("teaching.original", text=" · ".join(slide.original)))


def _render(slide: Slide, chart: go.Figure | None) -> None:
    if chart is None:
        _text(slide)
        return
    words, figure = st.columns([2, 3])
    with words:
        _text(slide)
    figure.plotly_chart(for_presenter(chart), key="teaching_presenter_chart", config=PLOTLY_CONFIG)


def show(
    slides: list[Slide],
    *,
    charts: dict[int, go.Figure] | None = None,
    interactive: dict[int, Callable[[], object]] | None = None,
    on_exit: Callable[[], None] | None = None,
) -> int:
    """The navigation bar, then the current slide (with its chart, if any); returns its
    index. A slide in `interactive` shows its heading, its first line and then draws its
    live controls (what-if, quiz)."""
    count = len(slides)
    index = current(count)
    page_style.presenter_margins()
    live = (interactive or {}).get(index)
    _nav(index, count, on_exit, arrows=live is None)
    if live is not None:
        slide = slides[index]
        st.header(slide.heading, anchor=False)
        for line in slide.body:
            st.markdown(line)
        live()
    else:
        _render(slides[index], (charts or {}).get(index))
    return index
