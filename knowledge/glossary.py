"""The Korean terms the app uses and where each was read (knowledge/data/glossary_ko.yaml).

One entry per term: the English term, the Korean term the app shows, its source (a key of
the file's `sources` table and the exact Korean wording read there) or `project
translation` with a note saying what was looked for, and `synonyms`: other spellings seen in
Korean sources, each with its source, so that a search in Korean finds them all. The file
is validated at load like the other knowledge files (frozen pydantic models, unknown
fields refused); a bad entry raises `KnowledgeError` naming the entry and the field.

`search_synonyms()` maps every Korean spelling to the English words it should also find
(the Evidence page's search); `english_for()` does the same for a typed word, whatever its
spacing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import Field, model_validator

from knowledge.korean_sources import (
    FrozenModel,
    KoreanSource,
    Reading,
    Spelling,
    check_read,
    parse_sourced_file,
    unspaced,
)
from knowledge.loading import KnowledgeError, load_yaml

GLOSSARY_FILE = "glossary_ko.yaml"
PROJECT_TRANSLATION = "project translation"

Group = Literal[
    "disease", "reporting", "score", "unit", "drug history", "alden", "care", "treatment",
    "evidence", "app",
]  # fmt: skip


class Term(FrozenModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: Group
    english: str = Field(min_length=2)
    abbreviation: str | None = None
    korean: str = Field(min_length=1)
    source: Reading | Literal["project translation"]
    note: str | None = None
    synonyms: tuple[Spelling, ...] = ()
    # English words (besides `english` and `abbreviation`) a Korean search should also find.
    also_finds: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _sourced_or_explained(self) -> Term:
        if self.source == PROJECT_TRANSLATION:
            if not self.note:
                raise ValueError("a project translation needs a note saying what was looked for")
        else:
            assert isinstance(self.source, Reading)
            check_read(self.korean, self.source)
        return self

    @property
    def is_project_translation(self) -> bool:
        return self.source == PROJECT_TRANSLATION

    @property
    def spellings(self) -> tuple[str, ...]:
        """The app's Korean term, then the spellings read in Korean sources."""
        return (self.korean, *(s.korean for s in self.synonyms))

    @property
    def english_words(self) -> tuple[str, ...]:
        abbreviation = (self.abbreviation,) if self.abbreviation else ()
        return (self.english, *abbreviation, *self.also_finds)

    @property
    def readings(self) -> tuple[Reading, ...]:
        own = (self.source,) if isinstance(self.source, Reading) else ()
        return (*own, *self.synonyms)


def search_key(text: str) -> str:
    """A Korean word as the search compares it: NFC, lowercase, no spaces or hyphens."""
    return unspaced(unicodedata.normalize("NFC", text)).lower().replace("-", "").replace("‐", "")


class Glossary:
    def __init__(self, terms: tuple[Term, ...], sources: Mapping[str, KoreanSource]):
        self.terms = terms
        self.sources = dict(sources)
        self._by_id = {t.id: t for t in terms}
        self._by_key = {search_key(s): t for t in terms for s in t.spellings}

    def __len__(self) -> int:
        return len(self.terms)

    def term(self, term_id: str) -> Term:
        return self._by_id[term_id]

    def find(self, korean: str) -> Term | None:
        """The term a Korean word (the app's term or a synonym, any spacing) names."""
        return self._by_key.get(search_key(korean))

    def search_synonyms(self) -> dict[str, tuple[str, ...]]:
        return {s: t.english_words for t in self.terms for s in t.spellings}


def _check_unique(terms: tuple[Term, ...]) -> None:
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for term in terms:
        if term.id in ids:
            raise KnowledgeError(f"{GLOSSARY_FILE}: {term.id!r}: field 'id': duplicate term")
        ids.add(term.id)
        for spelling in term.spellings:
            key = search_key(spelling)
            if owner.get(key, term.id) != term.id:
                raise KnowledgeError(
                    f"{GLOSSARY_FILE}: {term.id!r}: {spelling!r} already names {owner[key]!r}"
                )
            owner[key] = term.id


def parse_glossary(data: Any) -> Glossary:
    terms, sources = parse_sourced_file(GLOSSARY_FILE, data, "terms", Term.model_validate, "id")
    _check_unique(terms)
    return Glossary(terms, sources)


def load_glossary(name: str = GLOSSARY_FILE) -> Glossary:
    return parse_glossary(load_yaml(name))


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The shipped glossary, loaded once (terms are frozen, so sharing is safe)."""
    return load_glossary()


def korean_term(term_id: str) -> str:
    """The Korean term the app uses for a glossary id (e.g. "ten" -> "독성표피괴사용해")."""
    return default_glossary().term(term_id).korean


def search_synonyms() -> dict[str, tuple[str, ...]]:
    """Every Korean spelling (the app's term and its synonyms) -> the English words a search
    for it should also find, e.g. "시클로스포린" -> ("ciclosporin", "cyclosporine", ...)."""
    return default_glossary().search_synonyms()


def english_for(word: str) -> tuple[str, ...]:
    """English words for a Korean search word, whatever its spacing; () if not a term."""
    term = default_glossary().find(word)
    return term.english_words if term else ()
