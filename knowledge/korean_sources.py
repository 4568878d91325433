"""Where a Korean word was read: the source records shared by the Korean knowledge files.

`glossary_ko.yaml` (terms, `glossary.py`) and `drug_names_ko.yaml` (drug names,
`drug_names_ko.py`) each keep a `sources` table of the Korean pages read (publisher, page
title, URL, kind, date read) and, for every Korean spelling, the source key and the exact
Korean wording read there. A spelling must appear in the wording it cites (spaces aside:
Korean sources space compound terms freely, "독성 표피 괴사용해" / "독성표피괴사용해").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.loading import KnowledgeError, parse_sources, validation_message

# What kind of page a spelling was read on, so that a reader can weigh it: the regulator's
# own pages (MFDS nedrug, KIDS drugsafe), third-party pages reproducing an MFDS product
# record (they show its 품목기준코드), journals and societies, hospitals, companies, news,
# encyclopedias and blogs.
SourceKind = Literal[
    "regulator",
    "regulator record copy",
    "research consortium",
    "journal",
    "academic society",
    "hospital",
    "health information",
    "company",
    "news",
    "encyclopedia",
    "blog",
]

_SPACES = re.compile(r"\s+")


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KoreanSource(FrozenModel):
    publisher: str = Field(min_length=2)
    title: str = Field(min_length=2)
    url: str = Field(pattern=r"^https?://\S+$")
    kind: SourceKind
    read: date
    note: str | None = None


def unspaced(text: str) -> str:
    """NFC text without whitespace: how a spelling is compared with the wording read."""
    return _SPACES.sub("", unicodedata.normalize("NFC", text))


class Reading(FrozenModel):
    """What was read: the source key and the exact Korean wording."""

    ref: str = Field(min_length=2)
    wording: str = Field(min_length=1)


class Spelling(Reading):
    """A Korean spelling with the wording it was read in."""

    korean: str = Field(min_length=1)

    @model_validator(mode="after")
    def _read_in_wording(self) -> Spelling:
        check_read(self.korean, self)
        return self


def check_read(korean: str, reading: Reading) -> None:
    if unspaced(korean) not in unspaced(reading.wording):
        raise ValueError(f"{korean!r} does not appear in the wording read {reading.wording!r}")


class _Cites(Protocol):
    @property
    def readings(self) -> tuple[Reading, ...]: ...


EntryT = TypeVar("EntryT", bound=_Cites)


def parse_sourced_file(
    file: str, data: Any, section: str, validate: Callable[[Any], EntryT], key: str
) -> tuple[tuple[EntryT, ...], dict[str, KoreanSource]]:
    """The `sources` table and the entries of `section` of a Korean knowledge file, each
    entry validated by `validate` (a model's `model_validate`; errors name the entry by its
    `key` field); every source key an entry cites must exist, and every source be cited."""
    if not isinstance(data, Mapping) or set(data) != {"sources", section}:
        raise KnowledgeError(f"{file}: top level must have exactly 'sources' and '{section}'")
    sources = parse_sources(file, data["sources"], KoreanSource)
    raw_entries = data[section]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(f"{file}: '{section}' must be a non-empty list")
    entries = []
    for index, raw in enumerate(raw_entries):
        name = raw.get(key) if isinstance(raw, Mapping) else None
        where = f"{file}: {section}[{index}]" + (f" ({name!r})" if name else "")
        try:
            entries.append(validate(raw))
        except ValidationError as exc:
            raise KnowledgeError(validation_message(where, exc)) from exc
    for entry in entries:
        for reading in entry.readings:
            if reading.ref not in sources:
                name = getattr(entry, key)
                raise KnowledgeError(f"{file}: {name!r}: unknown source {reading.ref!r}")
    unused = sorted(set(sources) - {r.ref for e in entries for r in e.readings})
    if unused:
        raise KnowledgeError(f"{file}: source {unused[0]!r} is cited by no entry")
    return tuple(entries), sources
