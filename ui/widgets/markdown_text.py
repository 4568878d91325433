"""One escaping step for every piece of user- or file-derived text the app shows.

Drug names (typed or imported), uploaded file names, CSV column names and messages that
quote them go through `escape` before any markdown-rendering element (st.markdown,
st.caption, st.error/warning/info/success, st.subheader, st.table cells...), and through
`plotly_text` before any Plotly label. Both are total: any text comes out inert.

What Streamlit's markdown would otherwise do with such text, and how it is stopped:
- markdown syntax (links `[x](url)`, images `![x](url)`, emphasis, headings, tables,
  HTML tags, LaTeX `$...$`, entities `&#58;`): its characters are backslash-escaped,
  which CommonMark renders as the character itself; so is a list or heading marker
  that opens the text (`- `, `+ `, `1. `, `= `);
- bare auto-links (`www.example.org`, `http://...`, `name@example.org`), `:color[...]`
  directives and `:name:` shortcodes (`:material/...:`, emoji): some of these are found
  in the *decoded* text, after the backslashes are gone, so a WORD JOINER (U+2060,
  invisible, zero width) goes after every `:` and `@` that a non-space follows, and
  between `www` and `.`, which breaks each pattern. `: ` in a sentence stays as it is;
- line breaks and other control characters (a new paragraph, list or heading): spaces.
Very long text is shortened (`MAX_SHOWN_CHARS`): it is a label, and megabytes of it would
stall the browser.

What the user reads is unchanged: the escapes and joiners do not show.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
MAX_SHOWN_CHARS = 1_000
ELLIPSIS = "…"

_MARKDOWN_CONTROL = frozenset("\\`*_[]<>#|~$&")
_WWW_DOT = re.compile(r"(www)(\.)", re.IGNORECASE)
_JOINED = re.compile(r"([:@])(?=\S)")  # ":" or "@" with something right after it
_BLOCK_MARKER = re.compile(r"^(\s*)([-+=]|\d+[.)])")  # a list, setext or rule at the start
# Line/paragraph separators and bidirectional overrides change the layout, not the text.
_LAYOUT_CHARACTERS = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _shorten(text: str, max_chars: int | None) -> str:
    if max_chars is not None and len(text) > max_chars:
        return text[:max_chars] + ELLIPSIS
    return text


def _plain(text: object, max_chars: int | None) -> str:
    """The text on one line: control and layout characters become spaces."""
    raw = _shorten(str(text), max_chars)
    return "".join(" " if _is_control(c) or c in _LAYOUT_CHARACTERS else c for c in raw)


def _is_control(char: str) -> bool:
    """Unicode's control characters (category Cc): C0, DEL and C1."""
    code = ord(char)
    return code <= 0x1F or 0x7F <= code <= 0x9F


def escape(text: object, *, max_chars: int | None = MAX_SHOWN_CHARS) -> str:
    """`text` as inert markdown: it renders as the characters typed, never as a link,
    image, icon, colour, HTML or layout."""
    plain = _plain(text, max_chars)
    escaped = "".join("\\" + c if c in _MARKDOWN_CONTROL else c for c in plain)
    # Only the marker's last character needs the backslash ("\\-", "12\\.").
    escaped = _BLOCK_MARKER.sub(
        lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", escaped
    )
    escaped = _WWW_DOT.sub(rf"\1{WORD_JOINER}\2", escaped)
    return _JOINED.sub(rf"\1{WORD_JOINER}", escaped)


def plotly_text(text: object, *, max_chars: int | None = MAX_SHOWN_CHARS) -> str:
    """`text` for a Plotly label (axis category, trace name, hover text, annotation).

    Plotly reads a subset of HTML in every label (`<a href>`, `<b>`, `<span style>`,
    `<br>`) and decodes entities: `&`, `<` and `>` become entities, so a tag shows as
    typed. Plotly does not read markdown, so nothing else is changed.
    """
    plain = _plain(text, max_chars)
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
