"""Presenter view: one idea per screen, large type, previous/next.

Owns `teaching_slide` (the slide index); `reset()` goes back to the first slide.
"""

from __future__ import annotations

import streamlit as st

from knowledge.teaching import Slide

SLIDE_KEY = "teaching_slide"
PREV_KEY = "teaching_prev_slide"
NEXT_KEY = "teaching_next_slide"


def reset() -> None:
    st.session_state[SLIDE_KEY] = 0


def _move(step: int, count: int) -> None:
    current = st.session_state.get(SLIDE_KEY, 0)
    st.session_state[SLIDE_KEY] = min(max(current + step, 0), count - 1)


def _render(slide: Slide) -> None:
    """Large type from Streamlit's own heading elements (no raw HTML: case text is data).

    The idea is a title; each line of it a header, readable from the back of a lecture
    room; citations, which are long and secondary, stay body-sized.
    """
    st.title(slide.heading, anchor=False)
    lines = [line for line in slide.body if line]
    is_point = slide.heading.startswith("Teaching point")
    for number, line in enumerate(lines):
        if is_point and number > 0:
            st.markdown(line)
        else:
            st.header(line, anchor=False)


def show(slides: list[Slide]) -> int:
    """Render the current slide; returns its index."""
    count = len(slides)
    index = min(st.session_state.get(SLIDE_KEY, 0), count - 1)
    st.session_state[SLIDE_KEY] = index
    _render(slides[index])
    left, middle, right = st.columns([1, 2, 1])
    left.button("Previous", key=PREV_KEY, on_click=_move, args=(-1, count), disabled=index == 0)
    middle.caption(f"Slide {index + 1} of {count}")
    right.button("Next", key=NEXT_KEY, on_click=_move, args=(1, count), disabled=index == count - 1)
    return index
