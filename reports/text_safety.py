"""Free text typed or imported by the user (drug names), on its way into an export.

Control characters (newline, tab, NUL, the escape that starts a terminal code, ...) have
no place in a drug name: one newline would let a name forge a line of the chart note
("paracetamol\\n\\nSCORTEN 0 of 7"). They are refused at input and on import
(`control_character_problem`), and every export quotes user text (`quoted`), so even a
name that got through can never pass for a line the app wrote.
"""

from __future__ import annotations

import json
import unicodedata

CONTROL_MESSAGE = (
    "contains a control character (a line break, tab, NUL or escape code); "
    "type the name on one line, without special characters"
)


def has_control_characters(text: str) -> bool:
    # Unicode category Cc: C0 and C1 controls, DEL (newline, tab, NUL and ESC among them).
    return any(unicodedata.category(char) == "Cc" for char in text)


def control_character_problem(label: str, text: object) -> str | None:
    """'<label> contains a control character ...' or None when `text` is clean."""
    if isinstance(text, str) and has_control_characters(text):
        return f"{label} {CONTROL_MESSAGE}."
    return None


def visible(text: str) -> str:
    """`text` with each control character written as an escape (\\n, \\u001b): one line."""
    return "".join(
        json.dumps(char)[1:-1] if unicodedata.category(char) == "Cc" else char for char in text
    )


def quoted(text: object) -> str:
    """User text as an export shows it: in quotes, on one line."""
    return f"“{visible(str(text))}”"
