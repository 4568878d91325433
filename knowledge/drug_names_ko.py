"""Korean names of the curated drugs as Korean sources write them (data/drug_names_ko.yaml).

One entry per drug of drugs.yaml that a Korean source names: `korean` is the name the app
shows (the MFDS name: the base name the product record gives as "X(으)로서", else its 성분명),
`also_read` other sources writing the same name, `synonyms` the other spellings read in
Korean sources (the salt 성분명, KoDARC's and hospitals' spellings), and for a combination
`components`: each part's Korean name, so that "설파메톡사졸/트리메토프림" finds its product in
either order. Every spelling carries its source and the exact wording read (see
`korean_sources.py`). A drug no Korean source was found for is left out, never guessed.

This module validates the file's own structure; `drugs.py` checks it against the catalogue
(every entry names a drug in drugs.yaml, a Korean spelling names one drug only) and indexes
the spellings for `DrugCatalogue.lookup`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from knowledge.korean_sources import (
    FrozenModel,
    KoreanSource,
    Reading,
    Spelling,
    check_read,
    parse_sourced_file,
)
from knowledge.loading import KnowledgeError

KOREAN_NAMES_FILE = "drug_names_ko.yaml"


class ComponentName(Spelling):
    """The Korean name of one part of a combination ("clavulanic acid" -> 클라불란산)."""

    component: str = Field(min_length=2)


class KoreanDrugName(FrozenModel):
    drug: str = Field(min_length=2, description="normalized_name in drugs.yaml")
    korean: str = Field(min_length=1)
    source: Reading
    also_read: tuple[Reading, ...] = ()  # other sources writing the same name
    note: str | None = None
    synonyms: tuple[Spelling, ...] = ()
    components: tuple[ComponentName, ...] = ()

    @model_validator(mode="after")
    def _name_read_in_source(self) -> KoreanDrugName:
        for reading in (self.source, *self.also_read):
            check_read(self.korean, reading)
        return self

    @property
    def spellings(self) -> tuple[str, ...]:
        """The app's Korean name, then the other spellings read (components not included)."""
        return (self.korean, *(s.korean for s in self.synonyms))

    @property
    def readings(self) -> tuple[Reading, ...]:
        return (self.source, *self.also_read, *self.synonyms, *self.components)


class KoreanDrugNames:
    def __init__(self, entries: tuple[KoreanDrugName, ...], sources: Mapping[str, KoreanSource]):
        self.entries = entries
        self.sources = dict(sources)

    def __len__(self) -> int:
        return len(self.entries)


def parse_korean_names(data: Any) -> KoreanDrugNames:
    """Validate the decoded YAML's own structure (the catalogue checks are in drugs.py)."""
    entries, sources = parse_sourced_file(
        KOREAN_NAMES_FILE, data, "drugs", KoreanDrugName.model_validate, "drug"
    )
    seen: set[str] = set()
    for entry in entries:
        if entry.drug in seen:
            raise KnowledgeError(
                f"{KOREAN_NAMES_FILE}: {entry.drug!r}: field 'drug': duplicate entry"
            )
        seen.add(entry.drug)
    return KoreanDrugNames(entries, sources)
