"""Presenter view: one idea per screen, large type, previous/next.

Owns `teaching_slide` (the slide index); `reset()` goes back to the first slide.
"""

from __future__ import annotations

import html

import streamlit as st

from knowledge.teaching import Slide

SLIDE_KEY = "teaching_slide"
PREV_KEY = "teaching_prev_slide"
NEXT_KEY = "teaching_next_slide"

# Readable from the back of a lecture room; sizes in rem so browser zoom still works.
HEADING_STYLE = "font-size:3rem;font-weight:700;line-height:1.2;margin:0.5rem 0 1.5rem 0"
BODY_STYLE = "font-size:2rem;line-height:1.45;margin:0 0 1rem 0"
SOURCE_STYLE = "font-size:1.1rem;line-height:1.4;color:#333333;margin:0 0 0.5rem 0"


def reset() -> None:
    st.session_state[SLIDE_KEY] = 0


def _move(step: int, count: int) -> None:
    current = st.session_state.get(SLIDE_KEY, 0)
    st.session_state[SLIDE_KEY] = min(max(current + step, 0), count - 1)


def slide_html(slide: Slide) -> str:
    """The slide as escaped HTML: case text is data, never markup."""
    parts = [f'<p style="{HEADING_STYLE}">{html.escape(slide.heading)}</p>']
    for line in slide.body:
        if not line:
            continue
        # Citations are long and secondary: smaller type, so the idea stays the big text.
        style = (
            SOURCE_STYLE if slide.heading.startswith("Teaching point") and parts[1:] else BODY_STYLE
        )
        parts.append(f'<p style="{style}">{html.escape(line)}</p>')
    return "\n".join(parts)


def show(slides: list[Slide]) -> int:
    """Render the current slide; returns its index."""
    count = len(slides)
    index = min(st.session_state.get(SLIDE_KEY, 0), count - 1)
    st.session_state[SLIDE_KEY] = index
    st.markdown(slide_html(slides[index]), unsafe_allow_html=True)
    left, middle, right = st.columns([1, 2, 1])
    left.button("Previous", key=PREV_KEY, on_click=_move, args=(-1, count), disabled=index == 0)
    middle.caption(f"Slide {index + 1} of {count}")
    right.button("Next", key=NEXT_KEY, on_click=_move, args=(1, count), disabled=index == count - 1)
    return index
