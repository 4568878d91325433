"""The one escaping step for user/file text: markdown (Streamlit) and Plotly labels.

The browser test tests/e2e/test_hostile_text.py checks the same in Streamlit's renderer."""

from __future__ import annotations

import re
import string

from hypothesis import given
from hypothesis import strategies as st

from ui.widgets.markdown_text import (
    ELLIPSIS,
    MAX_SHOWN_CHARS,
    WORD_JOINER,
    escape,
    plotly_text,
)

HOSTILE = (
    "see www.beacon.invalid/x http://beacon.invalid/h me@beacon.invalid "
    "![i](http://beacon.invalid/i.png) [l](http://beacon.invalid/l) "
    '<a href="http://beacon.invalid/a">A</a> :material/home: :red[RED] :smile: $x$ **b**'
)


def rendered_text(markdown: str) -> str:
    """What CommonMark shows for escaped text: backslash escapes resolved, joiners unseen."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


MARKDOWN_CONTROL = "\\`*_[]<>#|~$&"


def test_markdown_characters_are_escaped_and_sentences_left_alone():
    assert escape(MARKDOWN_CONTROL) == "".join("\\" + c for c in MARKDOWN_CONTROL)
    message = "drug 2 ('Depakote'): start 2024-03-01 is after stop 2024-02-01."
    assert escape(message) == message
    assert rendered_text(escape(string.punctuation)) == string.punctuation


def test_a_block_marker_at_the_start_is_escaped():
    assert escape("- a") == "\\- a"
    assert escape("12. a") == "12\\. a"
    assert escape("+a") == "\\+a"
    assert escape("a - b 1. c") == "a - b 1. c"


def test_auto_links_and_shortcodes_are_broken_by_an_invisible_joiner():
    out = escape(HOSTILE)
    assert "www\u2060.beacon" in out
    assert "http:\u2060//beacon" in out
    assert "me@\u2060beacon" in out
    assert ":\u2060material/home: :\u2060red\\[RED\\]" in out
    assert rendered_text(out) == HOSTILE  # it still reads exactly as typed


def test_line_breaks_and_layout_characters_become_spaces():
    assert escape("a\n\n# b\r\n- c\u2028d\u202ee") == "a  \\# b  - c d e"


def test_long_text_is_shortened():
    out = escape("x" * (MAX_SHOWN_CHARS + 50))
    assert out == "x" * MAX_SHOWN_CHARS + ELLIPSIS
    assert escape("x" * 10, max_chars=None) == "x" * 10


def test_plotly_text_escapes_html_only():
    assert plotly_text('<a href="u">x</a> & <b>b</b><br>') == (
        '&lt;a href="u"&gt;x&lt;/a&gt; &amp; &lt;b&gt;b&lt;/b&gt;&lt;br&gt;'
    )
    assert plotly_text("1. lamotrigine (Lamictal)") == "1. lamotrigine (Lamictal)"


@given(st.text(max_size=60))
def test_escaped_text_has_no_live_markup(text: str):
    out = escape(text)
    unescaped = re.sub(r"\\.", "", out)  # what is left once escaped characters are dropped
    assert not any(c in MARKDOWN_CONTROL for c in unescaped)
    assert not re.search(r"[:@](?=[^\s\u2060])", out)  # a : or @ before text has the joiner
    assert not re.search(r"(?i)www\.", out.replace("\\", ""))
    assert "\n" not in out and "\r" not in out
    assert len(rendered_text(out)) == len(text.replace(WORD_JOINER, ""))


@given(st.text(max_size=60))
def test_plotly_text_has_no_tag(text: str):
    out = plotly_text(text)
    assert "<" not in out and ">" not in out
