"""Curated drug knowledge for SJS/TEN culprit assessment (knowledge/data/drugs.yaml).

The YAML is validated entry by entry when it is loaded: a bad entry raises
`KnowledgeError` naming the entry and the field, so a broken file can never reach a
score. `DrugCatalogue` turns free-text drug names (brands, doses, combinations) into
catalogue entries; an unknown name is reported (with a "did you mean"), never guessed.
Korean names (knowledge/data/drug_names_ko.yaml, `drug_names_ko.py`) are indexed too: the
MFDS name and the other spellings Korean sources use find the drug, whose name stays its INN.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from knowledge.drug_names_ko import KOREAN_NAMES_FILE, KoreanDrugNames, parse_korean_names
from knowledge.i18n import KoreanFields, TranslationCheck
from knowledge.loading import KnowledgeError, load_yaml, parse_sources, validation_message

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


class WithKorean(_Frozen):
    """The Korean beside the English of the fields a page shows (knowledge/i18n.py, "Korean
    beside the English of a data entry"): `ko` maps a field of `TRANSLATED` to its Korean,
    `ko_checked` is the second reader's record. Read a field with `localized(item, field, lang)`.
    """

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    ko: KoreanFields | None = None
    ko_checked: TranslationCheck | None = None

    @model_validator(mode="after")
    def _korean_beside_english(self) -> WithKorean:
        for name, korean in (self.ko or {}).items():
            if name not in self.TRANSLATED:
                raise ValueError(
                    f"ko.{name}: not a translated field (one of: {', '.join(self.TRANSLATED)})"
                )
            english = getattr(self, name)
            if english is None:
                raise ValueError(f"ko.{name}: the English field is empty")
            if isinstance(english, str) != isinstance(korean, str):
                raise ValueError(f"ko.{name}: must be a {type(english).__name__} like the English")
            if isinstance(korean, list) and len(korean) != len(english):
                raise ValueError(f"ko.{name}: {len(korean)} items, the English has {len(english)}")
            if any(not text.strip() for text in ([korean] if isinstance(korean, str) else korean)):
                raise ValueError(f"ko.{name}: empty Korean text")
        return self


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


class HalfLife(Sourced, WithKorean):
    """The single adult value ALDEN criterion 2 uses, and what changes it. `substance` is shown
    with the value ALDEN used (Drugs page): Korean beside it where it is more than the drug's
    own name."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("substance",)

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


class HlaAssociation(Sourced, WithKorean):
    """An HLA allele's association with a reaction to the drug: the HLA flag shows its
    phenotype, populations, recommendation and guideline (Korean beside each; the guideline's
    citation stays as published)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = (
        "phenotype",
        "populations",
        "guideline",
        "recommendation",
    )

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
_NON_WORD = re.compile(r"[^a-z0-9/+&, 가-힣]+")

# Korean prescriptions write doses and forms in Hangul, often glued to the name
# ("라모트리진정100밀리그램"); these are dropped like the English ones. Korean text only: none
# of this can match an English name.
KOREAN_FORM_WORDS = frozenset(
    {
        "정", "정제", "필름코팅정", "서방정", "장용정", "씨알정", "캡슐", "캅셀", "연질캡슐",
        "경질캡슐", "서방캡슐", "주", "주사", "주사액", "주사제", "시럽", "건조시럽", "현탁액",
        "점안액", "경구", "밀리그램", "밀리그람", "마이크로그램", "그램", "그람", "밀리리터",
        "유전자재조합", "미분화", "수출용",
    }
)  # fmt: skip
_KOREAN_UNITS = "밀리그램|밀리그람|마이크로그램|그램|그람|밀리리터"
_KOREAN_DOSE = re.compile(rf"\d+(?:[.,]\d+)?\s*(?:{_KOREAN_UNITS})")
_GLUED_DOSE = re.compile(r"(?<=[가-힣])\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|ug|µg|ml|iu)?(?![a-z0-9])")
# A form glued to the name ("라모트리진정", "세푸록심나트륨주"), tried only when the name misses.
_GLUED_FORM = re.compile(
    "(?:" + "|".join(sorted(KOREAN_FORM_WORDS - {"경구"}, key=len, reverse=True)) + ")$"
)
# Salt and hydrate words of MFDS ingredient names: "세프트리악손나트륨수화물" is also found as
# "세프트리악손". Only stems that name a single drug are indexed (see DrugCatalogue).
_KOREAN_SALT_SUFFIXES = tuple(
    sorted(
        (
            "수화물", "일수화물", "이수화물", "삼수화물", "무수물", "나트륨", "칼륨", "칼슘",
            "마그네슘", "염산염", "황산염", "베실산염", "말레산염", "푸마르산염", "타르타르산염",
            "숙신산염", "메실산염", "아세테이트", "하이클레이트", "세스키히드레이트",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_KOREAN_SALT_PREFIXES = ("염산", "무수", "묽은")
_HANGUL = re.compile(r"[가-힣]")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def _fold(text: str) -> str:
    """Lowercase, accents removed, hyphens/punctuation to spaces (Hangul kept, NFC)."""
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))
    text = text.lower().replace("-", " ").replace("_", " ")
    return _NON_WORD.sub(" ", text)


def _strip_forms(text: str) -> str:
    text = _KOREAN_DOSE.sub(" ", text)
    text = _GLUED_DOSE.sub(" ", text)
    text = _DOSE.sub(" ", text)
    return " ".join(w for w in text.split() if w not in FORM_WORDS and w not in KOREAN_FORM_WORDS)


def name_key(text: str) -> str:
    """Lookup key of one (non-split) name: no spaces, so "co-trimoxazole" = "cotrimoxazole"."""
    return re.sub(r"[ /+&,]", "", _strip_forms(_fold(text)))


def split_combination(text: str) -> list[str]:
    """Parts of "a/b", "a + b", "a and b"; a single name gives one part."""
    folded = _fold(text)
    return [p for p in (_strip_forms(x) for x in _COMBINATION_SPLIT.split(folded)) if p]


def korean_stems(key: str) -> tuple[str, ...]:
    """The key of a Korean ingredient name without its salt/hydrate words, shortest last
    ("세프트리악손나트륨수화물" -> "세프트리악손나트륨", "세프트리악손"); () if none apply."""
    stems: list[str] = []
    stem = key
    while True:
        for prefix in _KOREAN_SALT_PREFIXES:
            if stem.startswith(prefix) and len(stem) - len(prefix) >= 2:
                stem = stem[len(prefix) :]
                break
        else:
            suffix = next((s for s in _KOREAN_SALT_SUFFIXES if stem.endswith(s)), None)
            if suffix is None or len(stem) - len(suffix) < 2:
                return tuple(stems)
            stem = stem[: -len(suffix)]
        stems.append(stem)


# How a name was matched, as a code a page words in the reader's language: its INN
# ("generic"), a brand or synonym of drugs.yaml ("alias"), a Korean spelling of
# drug_names_ko.yaml ("korean"), a curated combination found by its components
# ("combination"), components known but the product not curated ("uncurated_combination");
# "" when nothing matched.
MatchKind = Literal["", "generic", "alias", "korean", "combination", "uncurated_combination"]


@dataclass(frozen=True)
class DrugMatch:
    """Result of a name lookup. `entry` is None when the name is not known."""

    query: str
    entry: DrugEntry | None
    normalized_name: str | None  # None when unknown
    suggestion: str | None = None  # "did you mean" for a near miss, never applied
    kind: MatchKind = ""  # how the name was matched
    written: str = ""  # the spelling it matched, as the data file writes it ("Lamictal")

    @property
    def known(self) -> bool:
        return self.entry is not None

    @property
    def how(self) -> str:
        """How the name was matched, in English ("'Lamictal' is lamotrigine"); a page words
        `kind` and `written` in the reader's language instead."""
        if self.kind in ("alias", "korean"):
            return f"'{self.written}' is {self.normalized_name}"
        if self.kind == "combination":
            return f"combination {self.normalized_name}"
        return {"generic": "generic name", "uncurated_combination": "uncurated combination"}.get(
            self.kind, ""
        )


class DrugCatalogue:
    """All curated drugs, indexed by generic name, brands and synonyms."""

    def __init__(
        self,
        entries: Sequence[DrugEntry],
        sources: Mapping[str, Source],
        korean: KoreanDrugNames | None = None,
    ):
        self.entries: tuple[DrugEntry, ...] = tuple(entries)
        self.sources: Mapping[str, Source] = dict(sources)
        self._by_name = {e.name: e for e in self.entries}
        self._index: dict[str, DrugEntry] = {}
        self._display: dict[str, str] = {}  # key -> name as written in the data file
        # Components of curated combinations ("clavulanic acid"), so that "trimethoprim +
        # sulfamethoxazole" finds its product even though neither part is an entry alone.
        self._components: dict[str, str] = {}
        self._korean_keys: set[str] = set()  # the keys of Korean spellings (drug_names_ko)
        for entry in self.entries:
            for written in (entry.name, *entry.aliases):
                self._index[name_key(written)] = entry
                # "Lamictal" and "Lamictal XR" share a key: show the first spelling.
                self._display.setdefault(name_key(written), written)
            for component in entry.components:
                self._components[name_key(component)] = component
        self.korean = korean
        self._korean_names: dict[str, str] = {}  # normalized_name -> the app's Korean name
        if korean is not None:
            self._index_korean(korean)

    def _index_korean(self, korean: KoreanDrugNames) -> None:
        """Index every Korean spelling (checked by `_check_korean` first), then the salt-free
        stems of those spellings that name one drug only."""
        stems: dict[str, set[str]] = {}
        for names in korean.entries:
            entry = self._by_name[names.drug]
            self._korean_names[entry.name] = names.korean
            for written in names.spellings:
                self._index[name_key(written)] = entry
                self._display.setdefault(name_key(written), written)
                self._korean_keys.add(name_key(written))
            for part in names.components:
                self._components[name_key(part.korean)] = part.component
            for written in (*names.spellings, *(p.korean for p in names.components)):
                for stem in korean_stems(name_key(written)):
                    stems.setdefault(stem, set()).add(entry.name)
        for names in korean.entries:
            for part in names.components:
                for stem in korean_stems(name_key(part.korean)):
                    if stem not in self._index:
                        self._components.setdefault(stem, part.component)
        for stem, owners in stems.items():
            if len(owners) == 1 and stem not in self._index and stem not in self._components:
                self._index[stem] = self._by_name[owners.pop()]
                self._display[stem] = stem
                self._korean_keys.add(stem)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    def get(self, normalized_name: str) -> DrugEntry | None:
        return self._by_name.get(normalized_name)

    def korean_name(self, normalized_name: str) -> str | None:
        """The Korean name the app shows for a drug (MFDS name), None if none was sourced."""
        return self._korean_names.get(normalized_name)

    def lookup(self, name: str) -> DrugMatch:
        """Catalogue entry for a free-text name; unknown names get None and a suggestion."""
        key = name_key(name)
        if not key:
            return DrugMatch(query=name, entry=None, normalized_name=None)
        direct = self._index.get(key)
        if direct is not None:
            return self._matched(name, key, direct)
        if _HANGUL.search(key):
            korean = self._lookup_korean(name, key)
            if korean is not None:
                return korean
        parts = split_combination(name)
        if len(parts) > 1:
            return self._lookup_combination(name, parts)
        return DrugMatch(name, None, None, suggestion=self.suggest(key))

    def _lookup_korean(self, name: str, key: str) -> DrugMatch | None:
        """How Korean orders write a drug besides its name: a form glued to it
        ("라모트리진정") or an MFDS product name with the ingredient in brackets
        ("자이로릭정100밀리그램(알로푸리놀)")."""
        unglued = _GLUED_FORM.sub("", key)
        entry = self._index.get(unglued) if unglued != key else None
        if entry is not None:
            return self._matched(name, unglued, entry)
        for inner in reversed(_PARENTHESISED.findall(name)):
            match = self.lookup(inner.replace(",", " "))
            if match.known or match.normalized_name is not None:
                return DrugMatch(
                    name, match.entry, match.normalized_name, kind=match.kind, written=match.written
                )
        return None

    def _matched(self, name: str, key: str, entry: DrugEntry) -> DrugMatch:
        written = self._display[key]
        kind: MatchKind = "generic" if written == entry.name else "alias"
        if kind == "alias" and key in self._korean_keys:
            kind = "korean"
        return DrugMatch(name, entry, entry.name, kind=kind, written=written)

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
            return DrugMatch(query, None, joined, kind="uncurated_combination", written=query)
        return DrugMatch(query, entry, joined, kind="combination", written=query)

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


def _entry_label(index: int, raw: Any) -> str:
    name = raw.get("name") if isinstance(raw, Mapping) else None
    return f"{DATA_FILE}: drugs[{index}] ({name!r})" if name else f"{DATA_FILE}: drugs[{index}]"


def _parse_entry(index: int, raw: Any, sources: Mapping[str, Source]) -> DrugEntry:
    label = _entry_label(index, raw)
    try:
        entry = DrugEntry.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(validation_message(label, exc)) from exc
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


def _check_korean(entries: Sequence[DrugEntry], korean: KoreanDrugNames) -> None:
    """Every Korean entry names a drug of drugs.yaml; a Korean spelling names one drug only
    (and no English name); a component is a part of its combination."""
    by_name = {e.name: e for e in entries}
    owner = {name_key(w): e.name for e in entries for w in (e.name, *e.aliases)}
    parts: dict[str, str] = {}
    for names in korean.entries:
        where = f"{KOREAN_NAMES_FILE}: {names.drug!r}"
        entry = by_name.get(names.drug)
        if entry is None:
            raise KnowledgeError(f"{where}: field 'drug': not a drug in {DATA_FILE}")
        for written in names.spellings:
            key = name_key(written)
            if not key:
                raise KnowledgeError(f"{where}: {written!r} is only dose or form words")
            if owner.get(key, entry.name) != entry.name:
                raise KnowledgeError(f"{where}: {written!r} already names {owner[key]!r}")
            owner[key] = entry.name
        for part in names.components:
            if part.component not in entry.components or len(entry.components) < 2:
                raise KnowledgeError(
                    f"{where}: field 'components': {part.component!r} is not a part of "
                    f"{entry.name!r}"
                )
            key = name_key(part.korean)
            if parts.get(key, part.component) != part.component:
                raise KnowledgeError(f"{where}: {part.korean!r} already names {parts[key]!r}")
            parts[key] = part.component
    for key, component in parts.items():
        if key in owner:
            raise KnowledgeError(
                f"{KOREAN_NAMES_FILE}: component {component!r}: its Korean name also names "
                f"{owner[key]!r}"
            )


def _parse_drugs(data: Any) -> tuple[list[DrugEntry], dict[str, Source]]:
    if not isinstance(data, Mapping) or set(data) != {"sources", "drugs"}:
        raise KnowledgeError(f"{DATA_FILE}: top level must have exactly 'sources' and 'drugs'")
    sources = parse_sources(DATA_FILE, data["sources"], Source)
    raw_entries = data["drugs"]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(f"{DATA_FILE}: 'drugs' must be a non-empty list")
    entries = [_parse_entry(i, raw, sources) for i, raw in enumerate(raw_entries)]
    _check_unique(entries)
    return entries, sources


def _with_korean(
    entries: list[DrugEntry], sources: dict[str, Source], korean_data: Any
) -> DrugCatalogue:
    korean = parse_korean_names(korean_data)
    _check_korean(entries, korean)
    return DrugCatalogue(entries, sources, korean)


def parse_catalogue(data: Any, korean_data: Any = None) -> DrugCatalogue:
    """Validate the decoded YAML document (and the decoded Korean names, if given); raise
    KnowledgeError on the first bad entry."""
    entries, sources = _parse_drugs(data)
    if korean_data is None:
        return DrugCatalogue(entries, sources)
    return _with_korean(entries, sources, korean_data)


def load_catalogue(name: str = DATA_FILE, korean: str | None = KOREAN_NAMES_FILE) -> DrugCatalogue:
    """The catalogue from knowledge/data/ with its Korean names (`korean=None`: without).
    drugs.yaml is checked first, so its errors are reported whatever the Korean file holds."""
    entries, sources = _parse_drugs(load_yaml(name))
    if korean is None:
        return DrugCatalogue(entries, sources)
    return _with_korean(entries, sources, load_yaml(korean))


@lru_cache(maxsize=1)
def default_catalogue() -> DrugCatalogue:
    """The shipped catalogue, loaded once (entries are frozen, so sharing is safe)."""
    return load_catalogue()


def korean_name(normalized_name: str) -> str | None:
    """The Korean name the pages show for a drug of the shipped catalogue (the MFDS name,
    e.g. "lamotrigine" -> "라모트리진"); None when no Korean source named it."""
    return default_catalogue().korean_name(normalized_name)
