"""Curated drug knowledge for SJS/TEN culprit assessment (knowledge/data/drugs.yaml).

The YAML is validated entry by entry when it is loaded: a bad entry raises
`KnowledgeError` naming the entry and the field, so a broken file can never reach a
score. `DrugCatalogue` turns free-text drug names (brands, doses, combinations) into
catalogue entries; an unknown name is reported (with a "did you mean"), never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from knowledge.loading import KnowledgeError, load_yaml

DATA_FILE = "drugs.yaml"

# ALDEN criterion 5 ("type of drug / notoriety") runs from -1 to +3
# (Sassolas et al., Clin Pharmacol Ther 2010;88:60-8, Table 1; reproduced in PMC9124451 Table 1).
NOTORIETY_MIN = -1
NOTORIETY_MAX = 3
NOTORIETY_LABELS: Mapping[int, str] = {
    3: "strongly associated",
    2: "associated",
    1: "suspected",
    0: "unknown",
    -1: "not suspected",
}

# A near miss must be this similar (difflib ratio) to be offered as "did you mean";
# lower values start suggesting unrelated drugs (e.g. "lamivudine" for "lamotrigine").
SUGGESTION_CUTOFF = 0.8

_NAME_PATTERN = r"^[a-z0-9][a-z0-9 ,()'.-]*(/[a-z0-9][a-z0-9 ,()'.-]*)*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """A citation. `verified: false` = not read in primary full text (drugs.md "[verify]")."""

    citation: str = Field(min_length=5)
    verified: bool


class Sourced(_Frozen):
    """A fact with its sources (keys of the file's `sources` table)."""

    source: tuple[str, ...] = Field(min_length=1)
    # None = as verified as its sources; False marks a fact we could not confirm even
    # though its source was read (e.g. a class extension the source does not name).
    verified: bool | None = None

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class Notoriety(Sourced):
    value: int = Field(ge=NOTORIETY_MIN, le=NOTORIETY_MAX)
    note: str | None = None

    @property
    def label(self) -> str:
        return NOTORIETY_LABELS[self.value]


class HalfLifeCondition(Sourced):
    condition: str = Field(min_length=3)
    hours: float | None = Field(default=None, gt=0)
    effect: str = Field(min_length=3)


class HalfLife(Sourced):
    """The single adult value ALDEN criterion 2 uses, and what changes it."""

    hours: float = Field(gt=0)
    substance: str = Field(min_length=3)  # the species timed: parent or active metabolite
    note: str | None = None
    conditions: tuple[HalfLifeCondition, ...] = ()


class OnsetWindow(Sourced):
    min_days: int = Field(ge=0)
    max_days: int = Field(ge=1)
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> OnsetWindow:
        if self.min_days > self.max_days:
            raise ValueError("min_days is after max_days")
        return self


class RiskNote(Sourced):
    topic: Literal["dose", "titration", "co-medication", "age", "timing", "other"]
    text: str = Field(min_length=10)


class HlaAssociation(Sourced):
    allele: str = Field(pattern=r"^HLA-[A-Z0-9]+\*\d{2}:\d{2}$")
    phenotype: str = Field(min_length=3)
    strength: Literal["strong", "moderate", "weak"]
    populations: str = Field(min_length=5)
    guideline: str | None = None  # CPIC guideline citation; None = no guideline exists
    recommendation: str = Field(min_length=5)


class DrugEntry(_Frozen):
    name: str = Field(pattern=_NAME_PATTERN, description="normalized_name: lowercase INN")
    aliases: tuple[str, ...] = ()
    drug_class: str = Field(alias="class", min_length=3)
    notoriety: Notoriety
    half_life: HalfLife | None  # None = not curated: ALDEN presence scores 0 with a warning
    onset: OnsetWindow | None = None
    risk_notes: tuple[RiskNote, ...] = ()
    hla: tuple[HlaAssociation, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("name")
    @classmethod
    def _components_sorted(cls, value: str) -> str:
        parts = value.split("/")
        if parts != sorted(parts):
            raise ValueError(f"combination components must be in alphabetical order: {value!r}")
        return value

    @property
    def normalized_name(self) -> str:
        return self.name

    @property
    def components(self) -> tuple[str, ...]:
        return tuple(self.name.split("/"))

    def facts(self) -> Iterable[tuple[str, Sourced]]:
        """Every sourced fact with its field path (for provenance checks)."""
        yield "notoriety", self.notoriety
        if self.half_life is not None:
            yield "half_life", self.half_life
            for i, cond in enumerate(self.half_life.conditions):
                yield f"half_life.conditions[{i}]", cond
        if self.onset is not None:
            yield "onset", self.onset
        for i, note in enumerate(self.risk_notes):
            yield f"risk_notes[{i}]", note
        for i, assoc in enumerate(self.hla):
            yield f"hla[{i}]", assoc


# --- name normalisation -----------------------------------------------------------------

# Dose and form words carry no identity: "Lamictal XR 100 mg tablets" is lamotrigine.
FORM_WORDS = frozenset(
    {
        "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps",
        "oral", "suspension", "solution", "syrup", "drops", "injection", "infusion",
        "iv", "im", "po", "sc", "inj", "cream", "gel", "ointment",
        "xr", "er", "sr", "cr", "xl", "la", "mr", "ds", "ec", "dr", "odt", "cd",
        "forte", "retard", "chrono", "depot", "extended", "release", "modified",
        "delayed", "prolonged", "chewable", "dispersible", "film", "coated",
        "mg", "g", "mcg", "ug", "µg", "ml", "iu", "units", "daily", "bid", "tid",
        "qd", "od", "once", "twice",
    }
)  # fmt: skip
_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|ug|µg|ml|iu|%)?\b")
_COMBINATION_SPLIT = re.compile(r"\s*(?:/|\+|&|,|\band\b)\s*")
_NON_WORD = re.compile(r"[^a-z0-9/+&, ]+")


def _fold(text: str) -> str:
    """Lowercase, accents removed, hyphens/punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("-", " ").replace("_", " ")
    return _NON_WORD.sub(" ", text)


def _strip_forms(text: str) -> str:
    text = _DOSE.sub(" ", text)
    return " ".join(w for w in text.split() if w not in FORM_WORDS)


def name_key(text: str) -> str:
    """Lookup key of one (non-split) name: no spaces, so "co-trimoxazole" = "cotrimoxazole"."""
    return re.sub(r"[ /+&,]", "", _strip_forms(_fold(text)))


def split_combination(text: str) -> list[str]:
    """Parts of "a/b", "a + b", "a and b"; a single name gives one part."""
    folded = _fold(text)
    return [p for p in (_strip_forms(x) for x in _COMBINATION_SPLIT.split(folded)) if p]


@dataclass(frozen=True)
class DrugMatch:
    """Result of a name lookup. `entry` is None when the name is not known."""

    query: str
    entry: DrugEntry | None
    normalized_name: str | None  # None when unknown
    suggestion: str | None = None  # "did you mean" for a near miss, never applied
    how: str = ""  # how the name was matched, for notes shown to the user

    @property
    def known(self) -> bool:
        return self.entry is not None


class DrugCatalogue:
    """All curated drugs, indexed by generic name, brands and synonyms."""

    def __init__(self, entries: Sequence[DrugEntry], sources: Mapping[str, Source]):
        self.entries: tuple[DrugEntry, ...] = tuple(entries)
        self.sources: Mapping[str, Source] = dict(sources)
        self._by_name = {e.name: e for e in self.entries}
        self._index: dict[str, DrugEntry] = {}
        self._display: dict[str, str] = {}  # key -> name as written in the data file
        # Components of curated combinations ("clavulanic acid"), so that "trimethoprim +
        # sulfamethoxazole" finds its product even though neither part is an entry alone.
        self._components: dict[str, str] = {}
        for entry in self.entries:
            for written in (entry.name, *entry.aliases):
                self._index[name_key(written)] = entry
                # "Lamictal" and "Lamictal XR" share a key: show the first spelling.
                self._display.setdefault(name_key(written), written)
            for component in entry.components:
                self._components[name_key(component)] = component

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    def get(self, normalized_name: str) -> DrugEntry | None:
        return self._by_name.get(normalized_name)

    def lookup(self, name: str) -> DrugMatch:
        """Catalogue entry for a free-text name; unknown names get None and a suggestion."""
        key = name_key(name)
        if not key:
            return DrugMatch(query=name, entry=None, normalized_name=None)
        direct = self._index.get(key)
        if direct is not None:
            return DrugMatch(name, direct, direct.name, how=self._how(key, direct))
        parts = split_combination(name)
        if len(parts) > 1:
            return self._lookup_combination(name, parts)
        return DrugMatch(name, None, None, suggestion=self.suggest(key))

    def _how(self, key: str, entry: DrugEntry) -> str:
        written = self._display[key]
        return "generic name" if written == entry.name else f"'{written}' is {entry.name}"

    def _lookup_combination(self, query: str, parts: list[str]) -> DrugMatch:
        found = [self._component_names(name_key(p)) for p in parts]
        unknown = [p for p, names in zip(parts, found, strict=True) if not names]
        if unknown:
            hints = [s for s in (self.suggest(name_key(p)) for p in unknown) if s]
            return DrugMatch(query, None, None, suggestion=", ".join(hints) or None)
        joined = "/".join(sorted({n for names in found for n in names}))
        entry = self._by_name.get(joined)
        if entry is None:
            # Every component is known but the product is not curated: report, don't guess.
            return DrugMatch(query, None, joined, suggestion=None, how="uncurated combination")
        return DrugMatch(query, entry, joined, how=f"combination {joined}")

    def _component_names(self, key: str) -> tuple[str, ...]:
        entry = self._index.get(key)
        if entry is not None:
            return entry.components
        component = self._components.get(key)
        return (component,) if component else ()

    def suggest(self, key: str) -> str | None:
        """Closest known name ("Lamictal (lamotrigine)") for a near miss, or None."""
        close = difflib.get_close_matches(key, list(self._index), n=1, cutoff=SUGGESTION_CUTOFF)
        if not close:
            return None
        written, entry = self._display[close[0]], self._index[close[0]]
        return written if written == entry.name else f"{written} ({entry.name})"

    def similar(self, normalized_name: str) -> tuple[DrugEntry, ...]:
        """Other drugs of the same class (ALDEN "similar drug" for prechallenge)."""
        entry = self.get(normalized_name)
        if entry is None:
            return ()
        return tuple(
            e for e in self.entries if e.drug_class == entry.drug_class and e.name != entry.name
        )

    def is_verified(self, fact: Sourced) -> bool:
        """A fact is verified if not marked otherwise and all its sources were read."""
        if fact.verified is not None:
            return fact.verified and all(self.sources[s].verified for s in fact.source)
        return all(self.sources[s].verified for s in fact.source)

    def citations(self, fact: Sourced) -> str:
        return "; ".join(self.sources[s].citation for s in fact.source)


# --- loading and validation -------------------------------------------------------------


def _loc(error: Mapping[str, Any]) -> str:
    return ".".join(str(p) for p in error["loc"]) or "(entry)"


def _validation_message(where: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: field '{_loc(first)}': {first['msg']}{more}"


def _entry_label(index: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, Mapping) else None
    return f"{DATA_FILE}: drugs[{index}] ({name!r})" if name else f"{DATA_FILE}: drugs[{index}]"


def _parse_sources(raw: Any) -> dict[str, Source]:
    if not isinstance(raw, Mapping) or not raw:
        raise KnowledgeError(f"{DATA_FILE}: 'sources' must be a non-empty mapping")
    sources = {}
    for key, value in raw.items():
        try:
            sources[str(key)] = Source.model_validate(value)
        except ValidationError as exc:
            raise KnowledgeError(_validation_message(f"{DATA_FILE}: sources.{key}", exc)) from exc
    return sources


def _parse_entry(index: int, raw: Any, sources: Mapping[str, Source]) -> DrugEntry:
    label = _entry_label(index, raw)
    try:
        entry = DrugEntry.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(_validation_message(label, exc)) from exc
    for path, fact in entry.facts():
        missing = [s for s in fact.source if s not in sources]
        if missing:
            raise KnowledgeError(f"{label}: field '{path}.source': unknown source {missing[0]!r}")
    return entry


def _check_unique(entries: Sequence[DrugEntry]) -> None:
    owner: dict[str, str] = {}
    for entry in entries:
        for written in (entry.name, *entry.aliases):
            key = name_key(written)
            if not key:
                raise KnowledgeError(f"{DATA_FILE}: {entry.name!r}: alias {written!r} is empty")
            if key in owner and owner[key] != entry.name:
                raise KnowledgeError(
                    f"{DATA_FILE}: {entry.name!r}: field 'aliases': {written!r} "
                    f"already names {owner[key]!r}"
                )
            if written == entry.name and key in owner:
                raise KnowledgeError(f"{DATA_FILE}: {entry.name!r}: field 'name': duplicate entry")
            owner[key] = entry.name


def parse_catalogue(data: Any) -> DrugCatalogue:
    """Validate the decoded YAML document; raise KnowledgeError on the first bad entry."""
    if not isinstance(data, Mapping) or set(data) != {"sources", "drugs"}:
        raise KnowledgeError(f"{DATA_FILE}: top level must have exactly 'sources' and 'drugs'")
    sources = _parse_sources(data["sources"])
    raw_entries = data["drugs"]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(f"{DATA_FILE}: 'drugs' must be a non-empty list")
    entries = [_parse_entry(i, raw, sources) for i, raw in enumerate(raw_entries)]
    _check_unique(entries)
    return DrugCatalogue(entries, sources)


def load_catalogue(name: str = DATA_FILE) -> DrugCatalogue:
    return parse_catalogue(load_yaml(name))


@lru_cache(maxsize=1)
def default_catalogue() -> DrugCatalogue:
    """The shipped catalogue, loaded once (entries are frozen, so sharing is safe)."""
    return load_catalogue()
