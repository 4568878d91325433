"""Differential diagnosis of SJS/TEN: what else detaches skin, and what tells it apart.

Data: knowledge/data/differential.yaml (fields below; checked facts only, each with a source
that has a DOI or PMID). Shown at the end of the Evidence page by
ui/widgets/differential_section.py. Validated at load like the other knowledge files: a bad
entry raises KnowledgeError naming the entry and the field.

Provenance rules the model enforces (so a clinician never sees an unsourced mimic):
- every entry names at least one source key, and every key exists in `sources`;
- every entry has at least one source with a DOI or PMID;
- an entry is verified only if all its sources were read (`verified: true`) and it is not
  itself marked `verified: false`.

Korean (issue 23): an entry may carry `ko`, the Korean of its text fields (`TRANSLATED`:
name, who, distinguishing, biopsy_dif, note), and the file may carry `ko` for
`reference_pattern` (`DifferentialBase.TRANSLATED`); `ko_checked` is the second reader's record
(knowledge/i18n.py, "Korean beside the English of a data entry"). Source citations stay as
published.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from knowledge.citations import STRICT, DifferentialSource
from knowledge.i18n import KoreanFields, TranslationCheck, check_korean
from knowledge.loading import KnowledgeError, by_id, load_yaml

DIFFERENTIAL_FILE = "differential.yaml"

# The mimics the issues ask for (issues 11 and 20); the test checks the file covers each.
REQUIRED_IDS: frozenset[str] = frozenset(
    {
        "ssss",
        "gbfde",
        "agep",
        "labd",
        "pnp",
        "em_major",
        "mirm",
        "ten_like_lupus",
        "acute_gvhd",
        "bullous_pemphigoid",
        "pemphigus_vulgaris",
    }
)


class DifferentialEntry(BaseModel):
    """One mimic of SJS/TEN."""

    model_config = STRICT

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=3)
    who: str | None = Field(default=None, description="Who typically has it")
    distinguishing: str = Field(min_length=20, description="What tells it apart from SJS/TEN")
    biopsy_dif: str = Field(
        min_length=20, description="Skin biopsy / direct immunofluorescence (or test) finding"
    )
    sources: tuple[str, ...] = Field(min_length=1)
    verified: bool | None = None  # False marks a statement its sources do not state
    note: str | None = Field(default=None, description="What was checked, what is open")
    ko: KoreanFields | None = Field(default=None, description="Korean of the TRANSLATED fields")
    ko_checked: TranslationCheck | None = None

    # The text fields the page shows, which `ko` may translate.
    TRANSLATED: ClassVar[tuple[str, ...]] = ("name", "who", "distinguishing", "biopsy_dif", "note")

    @model_validator(mode="after")
    def _korean_matches_the_english(self) -> DifferentialEntry:
        check_korean(self, self.ko, self.TRANSLATED)
        return self


class DifferentialBase(BaseModel):
    model_config = STRICT

    reference_pattern: str = Field(min_length=20, description="What SJS/TEN itself shows")
    reference_sources: tuple[str, ...] = Field(min_length=1)
    sources: dict[str, DifferentialSource]
    entries: tuple[DifferentialEntry, ...] = Field(min_length=1)
    ko: KoreanFields | None = Field(default=None, description="Korean of reference_pattern")
    ko_checked: TranslationCheck | None = None

    TRANSLATED: ClassVar[tuple[str, ...]] = ("reference_pattern",)

    @model_validator(mode="after")
    def _korean_matches_the_english(self) -> DifferentialBase:
        check_korean(self, self.ko, self.TRANSLATED)
        return self

    @model_validator(mode="after")
    def _sources_exist_and_ids_unique(self) -> DifferentialBase:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                raise ValueError(f"duplicate entry id '{entry.id}'")
            seen.add(entry.id)
            unknown = [key for key in entry.sources if key not in self.sources]
            if unknown:
                raise ValueError(f"entry '{entry.id}': unknown source(s) {unknown}")
        unknown = [key for key in self.reference_sources if key not in self.sources]
        if unknown:
            raise ValueError(f"reference_sources: unknown source(s) {unknown}")
        return self

    def get(self, entry_id: str) -> DifferentialEntry:
        return by_id(self.entries, entry_id)

    def sources_of(self, entry: DifferentialEntry) -> tuple[DifferentialSource, ...]:
        return tuple(self.sources[key] for key in entry.sources)

    def is_verified(self, entry: DifferentialEntry) -> bool:
        if entry.verified is False:
            return False
        return all(source.verified for source in self.sources_of(entry))


def parse_differential(data: Any, source: str = DIFFERENTIAL_FILE) -> DifferentialBase:
    """Validate the whole file; on failure raise KnowledgeError naming entry and field."""
    if not isinstance(data, dict):
        raise KnowledgeError(f"{source}: expected a mapping")
    try:
        return DifferentialBase.model_validate(data)
    except ValidationError as exc:
        parts = []
        for error in exc.errors():
            location = list(error["loc"])
            if len(location) >= 2 and location[0] == "entries" and isinstance(location[1], int):
                raw = data.get("entries", [])
                index = location[1]
                entry_id = raw[index].get("id", "?") if isinstance(raw[index], dict) else "?"
                location[1] = f"{index} ('{entry_id}')"
            where = ".".join(str(part) for part in location)
            message = error["msg"].removeprefix("Value error, ")
            parts.append(f"{where}: {message}" if where else message)
        raise KnowledgeError(f"{source}: " + "; ".join(parts)) from exc


def load_differential(name: str = DIFFERENTIAL_FILE) -> DifferentialBase:
    """Load and validate knowledge/data/<name> (pure)."""
    return parse_differential(load_yaml(name), source=name)


@lru_cache(maxsize=1)
def default_differential() -> DifferentialBase:
    """The shipped file, loaded once (frozen models: safe to share; no patient data)."""
    return load_differential()
