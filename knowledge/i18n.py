"""The one message catalogue: every string the app shows or exports, in English and Korean.

The catalogue is data (`knowledge/data/messages/<area>.yaml`), one entry per key:

    case.title:
      en: Case
      ko: 증례

A key starts with its file's name (`case.` in `case.yaml`), so two files cannot define
the same key. Every entry has both languages, and both use the same placeholders
(`{value}`), checked when the catalogue loads: a missing translation or a placeholder that
one language lacks stops the app at start-up, never on a user's screen.

The engine returns `Text` values (a key and its data), not sentences; the page renders them
in the reader's language (`Text.render(lang)`), the CLI in English. A `Text` parameter may
itself be a `Text` (a field's label inside a message): it is rendered in the same language.

Clinical entries (next steps, flags) carry `checked`: the date a second reader compared the
Korean with the English and a fingerprint of the English read (`en_sha`). When the English
changes, the fingerprint no longer matches and a test names the entry to read again.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from knowledge.loading import DATA_DIR, KnowledgeError, load_yaml

Lang = Literal["en", "ko"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"
# Each language named in itself, for the selector ("Language · 언어").
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "ko": "한국어"}
MESSAGES_DIR = DATA_DIR / "messages"
# The URL's query parameter for the language (?lang=ko): the app reads it (ui/i18n.py) and
# the teaching links write it (teaching/classroom.py).
LANG_PARAM = "lang"


def as_lang(value: object) -> Lang | None:
    """`value` if it names a language of the app ("ko"), else None."""
    return value if isinstance(value, str) and value in LANGUAGES else None


def lang_of_locale(locale: str | None) -> Lang:
    """The app's language for a browser locale ("ko-KR" -> "ko"); English otherwise."""
    primary = (locale or "").replace("_", "-").split("-", 1)[0].lower()
    return as_lang(primary) or DEFAULT_LANG


def fingerprint(text: str) -> str:
    """A short fingerprint of an English text, recorded when its translation was checked."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def placeholders(template: str) -> set[str]:
    """The names a template fills in ("{value:g} of {max}" -> {"value", "max"})."""
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


class TranslationCheck(BaseModel):
    """A second reader compared the Korean with the English on `date`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date
    en_sha: str  # fingerprint of the English that was read
    # Fingerprint of the Korean that was read: a Korean text edited after its reading is
    # as stale as a changed English (None only in a record written before it existed).
    ko_sha: str | None = None

    def matches(self, english: str, korean: str) -> bool:
        """Whether this reading was of exactly this English and this Korean."""
        return self.en_sha == fingerprint(english) and (
            self.ko_sha is None or self.ko_sha == fingerprint(korean)
        )


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    en: str
    ko: str
    checked: TranslationCheck | None = None

    @model_validator(mode="after")
    def _same_placeholders(self) -> Entry:
        if not self.en.strip() or not self.ko.strip():
            raise ValueError("both 'en' and 'ko' must be non-empty")
        en, ko = placeholders(self.en), placeholders(self.ko)
        if en != ko:
            raise ValueError(
                f"'en' and 'ko' fill in different placeholders: {sorted(en)} vs {sorted(ko)}"
            )
        return self

    def text(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.en

    @property
    def check_is_current(self) -> bool:
        return self.checked is not None and self.checked.matches(self.en, self.ko)


@dataclass(frozen=True)
class Text:
    """A message as data: the catalogue key and the values it fills in."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        return tr(self.key, lang, **self.params)


class Catalogue:
    """Every entry of `knowledge/data/messages/*.yaml`, by key."""

    def __init__(self, entries: Mapping[str, Entry], files: Mapping[str, str]) -> None:
        self.entries = dict(entries)
        self.file_of = dict(files)  # key -> the file that defines it

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def entry(self, key: str) -> Entry:
        try:
            return self.entries[key]
        except KeyError:
            raise KeyError(f"no catalogue entry {key!r} in knowledge/data/messages/") from None

    def keys(self, prefix: str = "") -> list[str]:
        return [key for key in self.entries if key.startswith(prefix)]


def _render_param(value: Any, lang: Lang) -> Any:
    if isinstance(value, Text):
        return value.render(lang)
    return value


def tr(key: str, lang: Lang, /, **params: Any) -> str:
    """The entry `key` in `lang`, its placeholders filled in (a `Text` value rendered too)."""
    template = catalogue().entry(key).text(lang)
    if not params:
        return template
    return template.format(**{name: _render_param(v, lang) for name, v in params.items()})


def _load_file(path: Path) -> dict[str, Entry]:
    area = path.stem
    relative = f"messages/{path.name}"
    raw = load_yaml(relative)
    if not isinstance(raw, dict):
        raise KnowledgeError(f"knowledge/data/{relative}: expected a mapping of keys to entries")
    entries: dict[str, Entry] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key.startswith(f"{area}."):
            raise KnowledgeError(
                f"knowledge/data/{relative}: key {key!r} must start with '{area}.' (its file)"
            )
        try:
            entries[key] = Entry.model_validate(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise KnowledgeError(
                f"knowledge/data/{relative}: {key!r}: {where}: {first['msg']}"
            ) from exc
    return entries


def load_catalogue(paths: Iterable[Path] | None = None) -> Catalogue:
    """Read and validate every catalogue file (pure; `catalogue()` keeps the shipped one)."""
    entries: dict[str, Entry] = {}
    files: dict[str, str] = {}
    for path in sorted(paths if paths is not None else MESSAGES_DIR.glob("*.yaml")):
        for key, entry in _load_file(path).items():
            entries[key] = entry
            files[key] = path.name
    return Catalogue(entries, files)


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded once (static text, no user data)."""
    return load_catalogue()


# --- Korean beside the English of a data entry (evidence, drugs, differential, teaching) ---
#
# A data file's entry carries its Korean next to the verified English, field by field, and
# the record of the second reading:
#
#   bottom_line: "Guideline: withdraw the culprit drug, ..."
#   ko:
#     bottom_line: "진료지침: 원인 약물을 중단하고, ..."
#   ko_checked: {date: 2026-12-07, en_sha: 1a2b3c4d5e6f}
#
# `en_sha` is `entry_fingerprint` of the English fields the Korean translates: when one of
# them changes, the check is stale and a test names the entry.

KoreanFields = dict[str, str | list[str]]


def english_fields(entry: BaseModel, korean: KoreanFields) -> str:
    """The English the Korean translates, field by field in a fixed order (for the check)."""
    parts: list[str] = []
    for name in sorted(korean):
        value = getattr(entry, name)
        parts.append(" ".join(value) if isinstance(value, list | tuple) else str(value))
    return "\n".join(parts)


def entry_fingerprint(entry: BaseModel, korean: KoreanFields) -> str:
    return fingerprint(english_fields(entry, korean))


def korean_fields(korean: KoreanFields) -> str:
    """The Korean of a `ko:` block, field by field in the same order as `english_fields`."""
    return "\n".join(
        " ".join(value) if isinstance(value, list | tuple) else str(value)
        for _, value in sorted(korean.items())
    )


def entry_check_is_current(entry: Any) -> bool:
    """Whether a data entry's `ko_checked` is a reading of its English and Korean as they
    are now (False without a `ko:` block or a reading)."""
    korean: KoreanFields | None = getattr(entry, "ko", None)
    check: TranslationCheck | None = getattr(entry, "ko_checked", None)
    if not korean or check is None:
        return False
    return check.matches(english_fields(entry, korean), korean_fields(korean))


def localized(entry: Any, field_name: str, lang: Lang) -> Any:
    """An entry's field in `lang`: the Korean beside it when asked for and present, else the
    English (the verified original)."""
    korean: KoreanFields | None = getattr(entry, "ko", None)
    if lang == "ko" and korean and field_name in korean:
        return korean[field_name]
    return getattr(entry, field_name)


def check_korean(entry: Any, korean: KoreanFields | None, translated: tuple[str, ...]) -> None:
    """Raise ValueError naming the `ko` field that does not match the English beside it.

    `translated` lists the entry's text fields (or properties) a Korean text may translate.
    Each Korean text must be non-empty, translate an English text that is there, and have the
    English's shape: a list for a list, of the same length.
    """
    for name, value in (korean or {}).items():
        if name not in translated:
            raise ValueError(
                f"ko.{name}: not a translated field here (one of: {', '.join(translated)})"
            )
        english = getattr(entry, name)
        if english is None or (isinstance(english, list | tuple) and not english):
            raise ValueError(f"ko.{name}: the English field is empty, nothing to translate")
        if isinstance(english, list | tuple) != isinstance(value, list):
            shape = "a list" if isinstance(english, list | tuple) else "a text"
            raise ValueError(f"ko.{name}: must be {shape}, like the English")
        items = value if isinstance(value, list) else [value]
        if any(not item.strip() for item in items):
            raise ValueError(f"ko.{name}: an empty Korean text")
        if isinstance(english, list | tuple) and len(items) != len(english):
            raise ValueError(
                f"ko.{name}: {len(items)} Korean item(s) for {len(english)} English item(s)"
            )


@dataclass(frozen=True)
class LocalizedNote(Text):
    """A text of a data file in both languages: its English and the Korean beside it (a
    drugs.yaml note, a half-life's substance). A `Text` without a catalogue entry, so that it
    can be a parameter of an engine message; it renders the language asked for itself."""

    key: str = "data file"  # where the words come from; never looked up in the catalogue
    en: str = ""
    ko: str = ""

    def render(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.en

    @classmethod
    def of(cls, item: Any, field: str) -> LocalizedNote:
        """A field of a data-file item in both languages (the English where no Korean is
        written yet, as `localized` gives it)."""
        return cls(en=localized(item, field, "en"), ko=localized(item, field, "ko"))
