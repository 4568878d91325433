"""Evidence base for SJS/TEN management: validated at load, queried by the Evidence page.

Data: knowledge/data/evidence.yaml (fields documented in knowledge/README.md, "## Evidence").
Sources: the project's reference notes on evidence plus look-ups recorded per entry
(check_note).

Safety rules the model enforces, so a bad edit to the YAML fails at load instead of reaching
a clinician:
- every entry cites at least one source with a DOI or PMID;
- experimental or preclinical entries carry no dose, neither in `dose` nor as dose-like text;
- entries known to be harmful (thalidomide) must be flagged harmful.

Korean (issue 23): an entry may carry `ko`, the Korean of its text fields (`TRANSLATED`)
beside the verified English, and `ko_checked`, the second reader's record
(knowledge/i18n.py, "Korean beside the English of a data entry"). The Korean obeys the same
safety rules: no dose-like text on an experimental entry, a trial dose labelled
(`DOSE_LABEL_KO`), the SCORTEN caveat with every SMR figure (`SCORTEN_CAVEAT_KO`). The
labels (tier, category, GRADE level, section title) are catalogue words keyed by their codes
(knowledge/data/messages/evidence_page.yaml), so the page names them in the reader's language
and the English constants here are read from the same entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge.citations import STRICT, Citation
from knowledge.i18n import KoreanFields, Lang, TranslationCheck, check_korean, localized, tr
from knowledge.loading import KnowledgeError, by_id, load_yaml

EVIDENCE_FILE = "evidence.yaml"


class Tier(StrEnum):
    """Evidence tiers, strongest first (a project decision; see reference/evidence.md §4)."""

    GUIDELINE = "guideline"
    RCT = "rct"
    OBSERVATIONAL = "observational"
    CASE_SERIES = "case_series"
    PRECLINICAL = "preclinical"


class Category(StrEnum):
    SUPPORTIVE_CARE = "supportive_care"
    EYE_CARE = "eye_care"
    POST_ACUTE_CARE = "post_acute_care"
    SYSTEMIC_THERAPY = "systemic_therapy"
    CELL_THERAPY = "cell_therapy"


class Grade(StrEnum):
    """GRADE certainty, only where a review (e.g. Cochrane 2022) graded the comparison."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"


TIER_ORDER: tuple[Tier, ...] = tuple(Tier)

# Labels in words: the design forbids bare codes such as "L4" or "OBS" on screen. The words
# live in the catalogue (knowledge/data/messages/evidence_page.yaml), in English and Korean,
# under each code's key; the constants below are their English, for the CLI-side readers
# (reports, tests). A page shows `tr(key, lang)`.
LABELS = "evidence_page"  # the catalogue file of the Evidence page's words


LabelKind = Literal["tier", "category", "grade", "section", "label", "certainty"]


def label_key(kind: LabelKind, code: str) -> str:
    """The catalogue key of a label's words ("tier", Tier.RCT -> "evidence_page.tier.rct")."""
    return f"{LABELS}.{kind}.{code}"


HARMFUL_KEY = label_key("label", "harmful")
EXPERIMENTAL_KEY = label_key("label", "experimental")
ONGOING_KEY = label_key("label", "ongoing")
NOT_GRADED_KEY = label_key("certainty", "not_graded")
GRADED_KEY = label_key("certainty", "graded")  # "GRADE: {grade} ({graded_by})"

TIER_LABELS: dict[Tier, str] = {tier: tr(label_key("tier", tier), "en") for tier in Tier}
HARMFUL_LABEL = tr(HARMFUL_KEY, "en")
EXPERIMENTAL_LABEL = tr(EXPERIMENTAL_KEY, "en")
ONGOING_LABEL = tr(ONGOING_KEY, "en")
CATEGORY_LABELS: dict[Category, str] = {c: tr(label_key("category", c), "en") for c in Category}
GRADE_LABELS: dict[Grade, str] = {grade: tr(label_key("grade", grade), "en") for grade in Grade}

# Entry ids whose harm is established (Wolkenstein 1998 RCT stopped for excess deaths):
# the flag is enforced so that an edit can never show thalidomide as a neutral option.
KNOWN_HARMFUL_IDS: frozenset[str] = frozenset({"thalidomide"})

# Dose-like text. Deliberately broad: a false alarm costs an edit, a missed dose on an
# experimental therapy could read as a regimen to follow.
DOSE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bmg\b",
        r"\bmcg\b",
        r"µg",
        r"\bg/kg\b",
        r"/\s*kg\b",
        r"/\s*m(2|²)\b",
        r"cells?\s*/",
        r"[×x]\s*10\s*(\^|[⁰¹²³⁴⁵⁶⁷⁸⁹])",
        r"\b10\s*\^\s*\d",
        r"\bIU\b",
        r"\d\s*m[lL]\b",
        # Korean unit words (a Korean text may spell a unit out).
        r"밀리그램|마이크로그램|킬로그램|밀리리터|국제단위",
    )
)
# Korean particles stick to a unit ("25 mg를"), which defeats `\b`: Hangul is blanked out
# and the patterns run again, so "mg를" is read as "mg ".
HANGUL_SYLLABLES = re.compile(r"[가-힣]")

# --- benefit figures measured against SCORTEN's prediction --------------------------------
# A standardised mortality ratio (observed / SCORTEN-predicted deaths) below 1 is not by
# itself a benefit: it compares with a prediction, not with a control group, and SCORTEN's
# calibration differs between cohorts and eras (pooled SMR 0.91, 95 % CI 0.82-1.02: our
# exponentiation of the published pooled log SMR, Torres-Navarro 2020; 54 observed vs 77.7
# predicted deaths in a US cohort where 70.7 % received pharmacologic therapy, Micheletti
# 2018, PMID 29758282). Every entry with such a
# figure declares `comparators: [scorten_predicted]` and carries this caveat word for word
# in `effect`, so the page can never show the figure without it.


class Comparator(StrEnum):
    """What a benefit figure of the entry is measured against (a benefit needs one)."""

    SCORTEN_PREDICTED = "scorten_predicted"  # observed vs SCORTEN-predicted deaths (SMR, O/E)
    ACTIVE_TREATMENT = "active_treatment"  # e.g. etanercept vs corticosteroids
    SUPPORTIVE_CARE = "supportive_care"  # treated vs supportive care only / no treatment
    PLACEBO = "placebo"
    NONE = "none"  # no benefit figure (guidance, ongoing trial, uncontrolled series)


SCORTEN_CAVEAT = (
    "Caveat: figures measured against SCORTEN-predicted deaths (SMR, observed/expected) "
    "compare with a prediction, not with a control group, and SCORTEN's calibration "
    "differs between cohorts and eras (pooled SMR 0.91, 95 % CI 0.82-1.02, derived here by "
    "exponentiating the published pooled log SMR of -0.0889, 95 % CI -0.2023 to 0.0245, "
    "Torres-Navarro 2020; 54 observed vs 77.7 predicted deaths in a US cohort where 70.7 % "
    "received pharmacologic therapy, Micheletti 2018, PMID 29758282)."
)
# Wording that marks a figure as relative to SCORTEN's prediction.
SCORTEN_RELATIVE = re.compile(
    r"\bSMR\b|standardi[sz]ed mortality|observed/expected|\bO/E\b|predicted by SCORTEN",
    re.IGNORECASE,
)
# A dose shown is the dose of a trial, never a recommendation (issue 11).
DOSE_LABEL = "As used in that trial; off-label:"

# --- Korean (issue 23) ---------------------------------------------------------------------
# The caveat and the dose label in Korean: a Korean `effect` or `dose` must carry them exactly
# as its English carries SCORTEN_CAVEAT and DOSE_LABEL (same numbers; citations as published).
SCORTEN_CAVEAT_KO = (
    "주의: SCORTEN 예측 사망자 수와 비교한 수치(SMR, 관찰/기대)는 대조군이 아니라 예측값과 "
    "비교한 것이며, SCORTEN의 보정은 코호트와 시기에 따라 다릅니다(통합 SMR 0.91, 95 % CI "
    "0.82-1.02: 발표된 통합 log SMR -0.0889(95 % CI -0.2023에서 0.0245)를 여기서 지수 변환하여 "
    "구한 값, Torres-Navarro 2020; 70.7 %가 약물 치료를 받은 미국 코호트에서 관찰 사망 수 54 대 "
    "예측 사망 수 77.7, Micheletti 2018, PMID 29758282)."
)
DOSE_LABEL_KO = "해당 시험에서 사용된 용량(허가 외 사용):"
BOTTOM_LINE_MAX = 140


def find_dose_text(text: str) -> str | None:
    """Return the first dose-like fragment in `text` (English or Korean), or None."""
    blanked = HANGUL_SYLLABLES.sub(" ", text)
    for candidate in dict.fromkeys((text, blanked)):
        for pattern in DOSE_PATTERNS:
            match = pattern.search(candidate)
            if match:
                return match.group(0)
    return None


def iter_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, string) for every string inside a model dump, for whole-entry scans."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from iter_strings(item, f"{path}.{index}")


class Certainty(BaseModel):
    """GRADE where a review graded it; otherwise None with the reason said in words."""

    model_config = STRICT

    grade: Grade | None = None
    graded_by: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _grade_or_reason(self) -> Certainty:
        if self.grade is not None and not self.graded_by:
            raise ValueError("certainty.graded_by is required when a GRADE level is given")
        if self.grade is None and not self.note:
            raise ValueError("certainty.note must say why there is no GRADE level")
        return self

    @property
    def label(self) -> str:
        return self.label_in("en", self.graded_by)

    def label_in(self, lang: Lang, graded_by: str | None) -> str:
        """The GRADE level and who graded what, or "Not graded", in `lang`; `graded_by` as
        shown (an entry gives its Korean as `certainty_graded_by`)."""
        if self.grade is None:
            return tr(NOT_GRADED_KEY, lang)
        return tr(
            GRADED_KEY, lang, grade=tr(label_key("grade", self.grade), lang), graded_by=graded_by
        )


class RelatedReport(BaseModel):
    """A further study on the same intervention (trial registration, pilot, case report)."""

    model_config = STRICT

    name: str = Field(min_length=1)
    design: str = Field(min_length=1)
    findings: str = Field(min_length=1)
    citations: tuple[Citation, ...] = Field(min_length=1)


class EvidenceEntry(BaseModel):
    model_config = STRICT

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1)
    category: Category
    tier: Tier
    harmful: bool
    experimental: bool
    ongoing: bool = False
    # One line for the overview table: neutral, a benefit stated against its comparator,
    # taken from `effect`. Optional so that a new entry loads before its line is written;
    # tests/knowledge/test_evidence.py requires one on every shipped entry.
    bottom_line: str | None = Field(default=None, min_length=1, max_length=BOTTOM_LINE_MAX)
    summary: str = Field(min_length=1, description="What the source is, in plain words")
    effect: str = Field(min_length=1, description="What the source found, numbers as stated")
    certainty: Certainty
    comparators: tuple[Comparator, ...] = Field(
        default=(),
        description="What the benefit figures are measured against; scorten_predicted "
        "requires SCORTEN_CAVEAT in effect",
    )
    dose: str | None = Field(
        default=None,
        description="Dose as tested in the cited study; must be null when experimental",
    )
    gaps: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    related_reports: tuple[RelatedReport, ...] = ()
    citations: tuple[Citation, ...] = Field(min_length=1)
    verified: bool
    date_checked: date
    check_method: Literal["lookup", "reference_notes"]
    check_note: str = Field(min_length=1)
    ko: KoreanFields | None = Field(
        default=None, description="Korean of the TRANSLATED fields, beside the English"
    )
    ko_checked: TranslationCheck | None = None

    # The text fields the Evidence page shows in words, which `ko` may translate. Six are
    # properties of the entry rather than its own fields, so that `localized(entry, name, lang)`
    # and the second reader's fingerprint (`entry_fingerprint`) treat them like the others:
    #   certainty_note    certainty.note (the reason there is no GRADE level);
    #   certainty_graded_by
    #                     certainty.graded_by (which review graded which comparison);
    #   related_names, related_designs, related_findings
    #                     one item per related report, in the file's order;
    #   citation_notes    the note of each citation that has one ("Conflicting study (no
    #                     benefit)."), the entry's citations first, then its related reports'.
    # `check_note` ("How this was checked") is translated too: the record of what the project
    # read, in Korean beside the English it was written in.
    # Not translated: ids and codes (tier, category, grade, comparators: the page's labels,
    # from the catalogue), citations as published (authors, title, journal, identifiers), and
    # the check's date and method (the page names the method in words).
    TRANSLATED: ClassVar[tuple[str, ...]] = (
        "name",
        "bottom_line",
        "summary",
        "effect",
        "certainty_note",
        "certainty_graded_by",
        "dose",
        "gaps",
        "conflicts",
        "related_names",
        "related_designs",
        "related_findings",
        "citation_notes",
        "check_note",
    )

    @field_validator("citations")
    @classmethod
    def _one_citation_with_doi_or_pmid(cls, citations: tuple[Citation, ...]) -> tuple:
        if not any(c.has_doi_or_pmid for c in citations):
            raise ValueError("at least one citation needs a DOI or PMID")
        return citations

    @model_validator(mode="after")
    def _no_dose_when_experimental(self) -> EvidenceEntry:
        if not self.is_experimental_or_preclinical:
            return self
        if self.dose is not None:
            raise ValueError("dose must be null for experimental/preclinical entries")
        for path, text in iter_strings(self.model_dump(mode="json", exclude={"citations"})):
            fragment = find_dose_text(text)
            if fragment:
                raise ValueError(
                    f"{path}: dose-like text {fragment!r} in an experimental/preclinical entry"
                )
        return self

    @model_validator(mode="after")
    def _scorten_relative_figures_carry_the_caveat(self) -> EvidenceEntry:
        texts = [self.effect, *(r.findings for r in self.related_reports)]
        relative = any(SCORTEN_RELATIVE.search(text) for text in texts)
        declared = Comparator.SCORTEN_PREDICTED in self.comparators
        if relative and not declared:
            raise ValueError(
                "effect reports a figure against SCORTEN-predicted deaths (SMR, O/E): "
                "comparators must include 'scorten_predicted'"
            )
        if declared and SCORTEN_CAVEAT not in self.effect:
            raise ValueError(
                "comparators include 'scorten_predicted': effect must carry SCORTEN_CAVEAT "
                "(an SMR compares with a prediction, not with a control group)"
            )
        return self

    @model_validator(mode="after")
    def _trial_dose_is_labelled(self) -> EvidenceEntry:
        if self.dose is not None and not self.dose.startswith(DOSE_LABEL):
            raise ValueError(f"dose must start with {DOSE_LABEL!r} (a trial's dose, off-label)")
        return self

    @model_validator(mode="after")
    def _known_harm_is_flagged(self) -> EvidenceEntry:
        if self.id in KNOWN_HARMFUL_IDS and not self.harmful:
            raise ValueError(f"harmful must be true for '{self.id}' (known harm)")
        return self

    @model_validator(mode="after")
    def _korean_matches_the_english(self) -> EvidenceEntry:
        check_korean(self, self.ko, self.TRANSLATED)
        korean = self.ko or {}
        line = korean.get("bottom_line")
        if isinstance(line, str) and len(line) > BOTTOM_LINE_MAX:
            raise ValueError(f"ko.bottom_line: longer than {BOTTOM_LINE_MAX} characters")
        dose = korean.get("dose")
        if isinstance(dose, str) and not dose.startswith(DOSE_LABEL_KO):
            raise ValueError(f"ko.dose must start with {DOSE_LABEL_KO!r} (a trial's dose)")
        effect = korean.get("effect")
        if (
            isinstance(effect, str)
            and Comparator.SCORTEN_PREDICTED in self.comparators
            and SCORTEN_CAVEAT_KO not in effect
        ):
            raise ValueError(
                "ko.effect must carry SCORTEN_CAVEAT_KO, as the English carries SCORTEN_CAVEAT"
            )
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _name_the_entry(cls, data: Any, handler: ModelWrapValidatorHandler) -> EvidenceEntry:
        # Defined last so it wraps the other validators (pydantic nests later ones outside).
        # Every failure names the entry id, whether it comes from the YAML loader or from
        # EvidenceEntry.model_validate(dict) in a test or an editor tool.
        try:
            return handler(data)
        except ValidationError as exc:
            entry_id = data.get("id", "?") if isinstance(data, dict) else "?"
            raise ValueError(f"entry '{entry_id}': {_describe(exc)}") from exc

    # The translated texts that are not plain fields (see TRANSLATED).
    @property
    def certainty_note(self) -> str | None:
        return self.certainty.note

    @property
    def certainty_graded_by(self) -> str | None:
        return self.certainty.graded_by

    @property
    def related_names(self) -> tuple[str, ...]:
        return tuple(report.name for report in self.related_reports)

    @property
    def related_designs(self) -> tuple[str, ...]:
        return tuple(report.design for report in self.related_reports)

    @property
    def related_findings(self) -> tuple[str, ...]:
        return tuple(report.findings for report in self.related_reports)

    @property
    def citation_notes(self) -> tuple[str, ...]:
        every = (*self.citations, *(c for r in self.related_reports for c in r.citations))
        return tuple(c.note for c in every if c.note)

    def citation_note_in(self, citation: Citation, lang: Lang) -> str | None:
        """A citation's note in `lang` (the note is the project's words; the rest of the
        citation stays as published)."""
        if citation.note is None:
            return None
        korean = dict(
            zip(self.citation_notes, localized(self, "citation_notes", lang), strict=True)
        )
        return korean[citation.note]

    @property
    def is_experimental_or_preclinical(self) -> bool:
        return self.experimental or self.tier is Tier.PRECLINICAL

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]

    @property
    def label_keys(self) -> tuple[str, ...]:
        """The catalogue keys of the labels to show, most important first (harm outranks
        everything)."""
        keys: list[str] = []
        if self.harmful:
            keys.append(HARMFUL_KEY)
        keys.append(label_key("tier", self.tier))
        # Preclinical already says "not for clinical use"; repeat nothing.
        if self.experimental and self.tier is not Tier.PRECLINICAL:
            keys.append(EXPERIMENTAL_KEY)
        if self.ongoing:
            keys.append(ONGOING_KEY)
        return tuple(keys)

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels to show, in English, most important first."""
        return tuple(tr(key, "en") for key in self.label_keys)

    def label_in(self, lang: Lang) -> str:
        return " · ".join(tr(key, lang) for key in self.label_keys)

    @property
    def label(self) -> str:
        return self.label_in("en")

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    def certainty_label_in(self, lang: Lang) -> str:
        """The certainty in words, in `lang`: a GRADE level and who graded what, or none."""
        graded_by = localized(self, "certainty_graded_by", lang)
        return self.certainty.label_in(lang, graded_by)


# Evidence page sections (design.md): harmful and experimental get their own tabs so they
# never sit beside recommendations. Their titles are in the catalogue (`label_key("section", key)`).
SECTION_KEYS: tuple[str, ...] = (
    "guideline",
    "rct",
    "observational",
    "case_series",
    "experimental",
    "harmful",
)
SECTION_TITLES: dict[str, str] = {key: tr(label_key("section", key), "en") for key in SECTION_KEYS}


def section_key(entry: EvidenceEntry) -> str:
    if entry.harmful:
        return "harmful"
    if entry.is_experimental_or_preclinical:
        return "experimental"
    return entry.tier.value


class EvidenceBase(BaseModel):
    model_config = STRICT

    entries: tuple[EvidenceEntry, ...] = Field(min_length=1)

    @field_validator("entries")
    @classmethod
    def _unique_ids(cls, entries: tuple[EvidenceEntry, ...]) -> tuple[EvidenceEntry, ...]:
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise ValueError(f"duplicate entry id '{entry.id}'")
            seen.add(entry.id)
        return entries

    def get(self, entry_id: str) -> EvidenceEntry:
        return by_id(self.entries, entry_id)

    def filter(
        self,
        *,
        tier: Tier | str | None = None,
        category: Category | str | None = None,
        include_experimental: bool = False,
        include_harmful: bool = True,
    ) -> tuple[EvidenceEntry, ...]:
        """Entries matching all given criteria.

        Experimental/preclinical entries are opt-in (safe by default: they must never show up
        in a list that reads as options); harmful entries are shown by default because the
        warning is the point.
        """
        wanted_tier = Tier(tier) if tier is not None else None
        wanted_category = Category(category) if category is not None else None
        return tuple(
            entry
            for entry in self.entries
            if (wanted_tier is None or entry.tier is wanted_tier)
            and (wanted_category is None or entry.category is wanted_category)
            and (include_experimental or not entry.is_experimental_or_preclinical)
            and (include_harmful or not entry.harmful)
        )

    def by_tier(self) -> dict[Tier, tuple[EvidenceEntry, ...]]:
        """All entries grouped by tier, strongest tier first; empty tiers omitted."""
        grouped = {tier: tuple(e for e in self.entries if e.tier is tier) for tier in TIER_ORDER}
        return {tier: entries for tier, entries in grouped.items() if entries}

    def sections_by_key(self) -> list[tuple[str, tuple[EvidenceEntry, ...]]]:
        """(section key, entries) in page order; each entry in exactly one section."""
        out = []
        for key in SECTION_KEYS:
            entries = tuple(e for e in self.entries if section_key(e) == key)
            if entries:
                out.append((key, entries))
        return out

    def sections(self) -> list[tuple[str, tuple[EvidenceEntry, ...]]]:
        """(English title, entries) in page order."""
        return [(SECTION_TITLES[key], entries) for key, entries in self.sections_by_key()]


def _describe(exc: ValidationError) -> str:
    """'field.path: message' for each error, so the YAML line is easy to find."""
    parts = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        location = ".".join(str(part) for part in error["loc"])
        parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts)


def parse_entry(raw: Any, position: int = 0, source: str = EVIDENCE_FILE) -> EvidenceEntry:
    """Validate one raw entry; on failure raise KnowledgeError naming the entry and field."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{source}: entry #{position} is not a mapping")
    try:
        return EvidenceEntry.model_validate(raw)
    except ValidationError as exc:
        # The entry's own wrap validator has already put "entry '<id>': " in front.
        raise KnowledgeError(f"{source}: {_describe(exc)}") from exc


def parse_evidence(data: Any, source: str = EVIDENCE_FILE) -> EvidenceBase:
    """Validate the whole file content (a mapping with `entries`)."""
    if not isinstance(data, dict) or set(data) != {"entries"}:
        raise KnowledgeError(f"{source}: expected a mapping with exactly one key 'entries'")
    raw_entries = data["entries"]
    if not isinstance(raw_entries, list):
        raise KnowledgeError(f"{source}: 'entries' must be a list")
    entries = [parse_entry(raw, i, source) for i, raw in enumerate(raw_entries)]
    try:
        return EvidenceBase(entries=tuple(entries))
    except ValidationError as exc:
        raise KnowledgeError(f"{source}: {_describe(exc)}") from exc


def load_evidence(name: str = EVIDENCE_FILE) -> EvidenceBase:
    """Load and validate knowledge/data/<name>. Pure: the UI caches it, not this module."""
    return parse_evidence(load_yaml(name), source=name)


def unverified(entries: Iterable[EvidenceEntry]) -> tuple[EvidenceEntry, ...]:
    return tuple(entry for entry in entries if not entry.verified)
