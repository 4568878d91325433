"""Escaping for user-typed text shown through markdown-rendering elements."""

from __future__ import annotations

_MARKDOWN_CONTROL = "\\`*_[]<>#|~$"


def escape(text: str) -> str:
    """Neutralise markdown control characters so a drug name renders as typed."""
    for char in _MARKDOWN_CONTROL:
        text = text.replace(char, "\\" + char)
    return text
