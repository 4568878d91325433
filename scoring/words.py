"""The engine's English, read from the engine's own catalogue files.

The engine's words are catalogue entries (knowledge/data/messages/fields.yaml, engine.yaml,
alden.yaml): it returns `Text` values, the page renders them in the reader's language
(`Text.render`), and the CLI and the English attributes (`Field.label`, `Limit.reason`,
`Criterion.rule`, every English message) render them here, in English. So each English
string is written once, in the catalogue.

Why not `Text.render("en")`: that loads the whole catalogue, every page's words, on first
use; a CLI run needs the engine's three files only, read once with the C YAML parser when
there is one (tests/scoring/test_engine_words.py holds `english(t) == t.render("en")`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from knowledge.i18n import MESSAGES_DIR, LocalizedNote, Text

# The catalogue files the engine's keys live in (a key starts with its file's stem).
ENGINE_AREAS: tuple[str, ...] = ("fields", "engine", "alden")
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _english(area: str) -> dict[str, str]:
    """The English of every entry of one engine catalogue file (static text, no user data)."""
    with (MESSAGES_DIR / f"{area}.yaml").open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=_LOADER)
    return {key: entry["en"] for key, entry in raw.items()}


def template(key: str) -> str:
    """The English template of an engine key ("fields.age_years.label" -> "Age")."""
    area = key.split(".", 1)[0]
    if area not in ENGINE_AREAS:
        raise KeyError(f"{key!r} is not an engine key ({', '.join(ENGINE_AREAS)})")
    try:
        return _english(area)[key]
    except KeyError:
        raise KeyError(f"no catalogue entry {key!r} in knowledge/data/messages/") from None


def english(text: Text | str) -> str:
    """A `Text` of the engine in English (a plain string is returned as it is)."""
    if isinstance(text, str):
        return text
    if isinstance(text, LocalizedNote):  # a data file's text: its English is its own
        return text.en
    pattern = template(text.key)
    if not text.params:
        return pattern
    return pattern.format(
        **{name: english(v) if isinstance(v, Text) else v for name, v in text.params.items()}
    )


def joined(items: list[Text | str], key: str = "fields.joined") -> Text | str:
    """Items as one list in words, each pair joined by the entry `key`
    ("{first}; {second}", "{first} and {second}"): "" for none, the item itself for one."""
    if not items:
        return ""
    result = items[0]
    for item in items[1:]:
        result = Text(key, {"first": result, "second": item})
    return result


def quantity_text(value: str, unit: str) -> Text:
    """A value with its unit, as a message shows it: "40 years" (40세), "12 mmol/L", "3".
    Units stay as written in both languages; "years" is a word."""
    if not unit:
        return Text("fields.value.plain", {"value": value})
    if unit == "years":
        return Text("fields.value.years", {"value": value})
    return Text("fields.value.unit", {"value": value, "unit": unit})
