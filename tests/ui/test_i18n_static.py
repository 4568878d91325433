"""No words on screen bypass the catalogue: ui/ and app.py hold no English text of their own.

Every string a page shows comes from `ui.i18n.t(key)` (the catalogue,
knowledge/data/messages/) or is an engine `Text` rendered with `ui.i18n.say`; what is left in
the code is keys, CSS, formats and symbols. This reads the code with `ast` and fails on a
string literal that reads like words ("Heart rate", "Add drug") anywhere in ui/ or app.py,
docstrings aside. Static CSS and HTML scaffolding passed to `st.html` is not words.
The e2e suite checks the same on the rendered pages (tests/e2e/test_korean.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py")])
# Two words of letters (each two or more) in a row, or one capitalised word alone as a whole
# string ("Cancel"): what a reader would read.
WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:'’-]+[A-Za-z]{2,}|^\s*[A-Z][a-z]+[.!?:]?\s*$")
# Strings that are markup or style, not prose: CSS rules and HTML tags only.
MARKUP = re.compile(r"^\s*(<style>|<(span|div|p|a|br|small|strong|em)\b[^>]*>?\s*$|[.#\[@])")
# CSS declarations or braces, in a piece of an f-string that builds a style rule.
CSS = re.compile(r"[{}]|^\s*\)?\s*,\s*\.st-key-")
# Calls whose string arguments are scaffolding, not text: CSS, keys, formats, logging off.
SCAFFOLD_CALLS = {"html", "strftime", "strptime", "compile", "get", "pop", "setdefault"}
# Keyword arguments whose values are codes, not text ("single-row" is a selection mode), a
# format ("YYYY-MM-DD") or a Plotly text position ("top right").
SCAFFOLD_KEYWORDS = {
    "key", "type", "icon", "url_path", "mime", "file_name", "anchor", "selection_mode",
    "format", "textposition",
}  # fmt: skip


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _scaffold(tree: ast.AST) -> set[int]:
    """Strings inside scaffold calls, keyword `key=`/`type=`/`icon=` values (and a format or a
    Plotly text position: "YYYY-MM-DD", "top right"), subscripts."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SCAFFOLD_CALLS:
                ids.update(id(n) for n in ast.walk(node))
            for kw in node.keywords:
                if kw.arg in SCAFFOLD_KEYWORDS:
                    ids.update(id(n) for n in ast.walk(kw.value))
        elif isinstance(node, ast.Subscript):
            ids.update(id(n) for n in ast.walk(node.slice))
    return ids


def words_in(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _scaffold(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if (
            id(node) in skip
            or not isinstance(node, ast.Constant)
            or not isinstance(node.value, str)
        ):
            continue
        text = node.value
        if MARKUP.match(text) or CSS.search(text) or (" " not in text.strip() and ":" in text):
            continue
        if WORDS.search(text):
            found.append((node.lineno, text.strip()[:60]))
    return sorted(found)


def test_no_english_text_in_ui_code() -> None:
    offenders = {
        name: hits
        for path in FILES
        if (hits := words_in(path)) and (name := str(path.relative_to(ROOT)))
    }
    assert offenders == {}, (
        "text on screen must come from the catalogue (ui.i18n.t):\n"
        + "\n".join(
            f"{file}:{line}: {text!r}" for file, hits in offenders.items() for line, text in hits
        )
    )


def test_the_check_finds_english_words(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'import streamlit as st\nst.button("Add drug", key="drugs_add")\n'
        'st.caption(f"{3} missing values")\nst.button("Cancel")\n'
        'st.html("<style>.st-key-x { display: none }</style>")\n',
        encoding="utf-8",
    )
    assert [text for _, text in words_in(sample)] == ["Add drug", "missing values", "Cancel"]
