"""Fictional teaching cases (knowledge/data/teaching_cases.yaml) and the logic around them.

The file is validated case by case when it is loaded: a bad case raises `KnowledgeError`
naming the case and the field, so a broken case never reaches a classroom. Each case's
stated answers are data; tests/knowledge/test_teaching.py recomputes them with the engine.

Beyond loading, this module holds the teaching logic the page only renders (no UI here):
scoring a case's assessment day, which criteria flip in a what-if, quiz feedback and the
session tally, presenter slides, and the shareable link (a case id, never patient data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from knowledge.loading import KnowledgeError, load_yaml
from scoring import alden, scorten
from scoring.case import LAB_PAIRS, score_case
from scoring.models import CaseInput, CaseResult, CriterionResult

DATA_FILE = "teaching_cases.yaml"
FICTIONAL_LABEL = "Fictional teaching case"
CASE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CASE_ID_MAX_LENGTH = 60  # a slug, short enough to read aloud from a URL
QUERY_PARAM = "case"  # ?case=<teaching case id> (the presenter view adds mode and slide)

Classification = Literal["SJS", "SJS/TEN overlap", "TEN"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    citation: str = Field(min_length=20)
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$")

    @model_validator(mode="after")
    def _identified(self) -> Source:
        if self.doi is None and self.pmid is None:
            raise ValueError("a source needs a doi or a pmid")
        return self

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


class Step(_Frozen):
    title: str = Field(min_length=3)
    text: str = Field(min_length=10)
    day: int = Field(default=1, ge=1)  # the assessment day this step belongs to


class Expected(_Frozen):
    scorten: int = Field(ge=0, le=scorten.MAX_SCORE)
    abcd10: int = Field(ge=0, le=8)
    classification: Classification


class Assessment(_Frozen):
    day: int = Field(ge=1)
    inputs: dict[str, float | bool]
    expected: Expected

    @field_validator("inputs")
    @classmethod
    def _contract_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        CaseInput(**value)  # unknown field names and wrong types fail here, at load
        if "assessment_day" in value or "id" in value:
            raise ValueError("inputs hold score fields only; the day is `day`")
        return value

    def record(self, case_id: str) -> dict[str, Any]:
        """The `score` contract record of this assessment."""
        return {"id": case_id, "assessment_day": self.day, **self.inputs}


class Culprit(_Frozen):
    drug: str = Field(min_length=3)  # normalized (INN) name, as ALDEN reports it
    alden_score: int = Field(ge=alden.SCORE_MIN, le=alden.SCORE_MAX)
    alden_category: alden.Category
    reasoning: str = Field(min_length=20)

    @model_validator(mode="after")
    def _category_matches_score(self) -> Culprit:
        if alden.category(self.alden_score) != self.alden_category:
            raise ValueError(
                f"ALDEN {self.alden_score} is '{alden.category(self.alden_score)}', "
                f"not '{self.alden_category}'"
            )
        return self


class TeachingPoint(_Frozen):
    text: str = Field(min_length=20)
    sources: tuple[str, ...] = Field(min_length=1)


class TeachingCase(_Frozen):
    id: str = Field(pattern=CASE_ID_PATTERN, max_length=CASE_ID_MAX_LENGTH)
    title: str = Field(min_length=5)
    label: Literal["Fictional teaching case"]  # every case says it is invented
    summary: str = Field(min_length=10)
    tags: tuple[str, ...] = ()
    steps: tuple[Step, ...] = Field(min_length=2)
    index_day: date  # first day of skin or mucosal signs (ALDEN)
    other_cause_non_drug: bool = False
    drugs: tuple[alden.DrugExposure, ...] = Field(min_length=1)
    assessments: tuple[Assessment, ...] = Field(min_length=1)
    culprit: Culprit
    teaching_points: tuple[TeachingPoint, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> TeachingCase:
        days = [a.day for a in self.assessments]
        if days != sorted(set(days)):
            raise ValueError("assessment days must be unique and in order")
        if any(step.day not in days for step in self.steps):
            raise ValueError("every step's day must be an assessment day")
        return self

    @property
    def days(self) -> list[int]:
        return [a.day for a in self.assessments]

    def assessment(self, day: int) -> Assessment:
        for a in self.assessments:
            if a.day == day:
                return a
        raise KeyError(f"{self.id}: no assessment on day {day}")

    def steps_until(self, day: int) -> list[Step]:
        return [s for s in self.steps if s.day <= day]

    def drug_names(self) -> list[str]:
        return [d.name for d in self.drugs]

    def alden_case(self) -> alden.AldenCase:
        return alden.AldenCase(
            id=self.id,
            index_day=self.index_day,
            other_cause_non_drug=self.other_cause_non_drug,
            drugs=self.drugs,
        )


@dataclass(frozen=True)
class TeachingSet:
    cases: tuple[TeachingCase, ...]
    sources: Mapping[str, Source]

    def get(self, case_id: str) -> TeachingCase:
        for case in self.cases:
            if case.id == case_id:
                return case
        raise KeyError(case_id)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cases]


# --- loading ---------------------------------------------------------------------------


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(case)"
    return f"{where}: {first['msg']}"


def parse_teaching(data: Any) -> TeachingSet:
    """Validate the whole file; KnowledgeError names the case and the field."""
    if not isinstance(data, Mapping) or set(data) != {"sources", "cases"}:
        raise KnowledgeError(f"{DATA_FILE}: expected a mapping with keys 'sources' and 'cases'")
    try:
        sources = {key: Source.model_validate(raw) for key, raw in data["sources"].items()}
    except (ValidationError, AttributeError) as exc:
        detail = _describe(exc) if isinstance(exc, ValidationError) else str(exc)
        raise KnowledgeError(f"{DATA_FILE}: sources: {detail}") from exc
    raw_cases = data["cases"]
    if not isinstance(raw_cases, list) or not raw_cases:
        raise KnowledgeError(f"{DATA_FILE}: 'cases' must be a non-empty list")
    cases = []
    for position, raw in enumerate(raw_cases, start=1):
        name = raw.get("id", f"#{position}") if isinstance(raw, Mapping) else f"#{position}"
        try:
            case = TeachingCase.model_validate(raw)
        except ValidationError as exc:
            raise KnowledgeError(f"{DATA_FILE}: case {name}: {_describe(exc)}") from exc
        unknown = sorted({s for p in case.teaching_points for s in p.sources} - set(sources))
        if unknown:
            raise KnowledgeError(f"{DATA_FILE}: case {name}: unknown source '{unknown[0]}'")
        cases.append(case)
    ids = [c.id for c in cases]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise KnowledgeError(f"{DATA_FILE}: case id '{duplicated[0]}' is used twice")
    return TeachingSet(cases=tuple(cases), sources=sources)


def load_teaching(name: str = DATA_FILE) -> TeachingSet:
    return parse_teaching(load_yaml(name))


@lru_cache(maxsize=1)
def default_teaching() -> TeachingSet:
    """The shipped cases, loaded once (frozen models: safe to share)."""
    return load_teaching()


# --- scoring a case --------------------------------------------------------------------


def score_assessment(case: TeachingCase, day: int) -> CaseResult:
    return score_case(case.assessment(day).record(case.id))


def culprit_ranking(case: TeachingCase) -> alden.AldenResult:
    return alden.assess_case(case.alden_case())


def mortality_pct(score: int) -> float:
    """SCORTEN logistic prediction in percent (Bastuji-Garin 2000 equation)."""
    return scorten.LOGISTIC_BY_SCORE[score] * 100


def _value_text(row: CriterionResult) -> str:
    if isinstance(row.input_value, bool):
        return "yes" if row.input_value else "no"
    text = f"{row.input_value:g} {row.input_unit}".strip()
    if row.field != row.key and row.value is not None:
        text += f" (= {row.value:.1f} {row.unit})"
    return text


def criterion_explanation(row: CriterionResult) -> str:
    """One criterion in words: its value, the rule and the points it earns."""
    if row.met is None:
        return f"{row.label}: not known — rule: {row.rule}."
    points = f"{row.points} point" + ("" if row.points == 1 else "s")
    verdict = "meets" if row.met else "does not meet"
    text = f"{row.label} {_value_text(row)} {verdict} the rule {row.rule}: {points}."
    if row.on_cutoff:
        text += " Exactly at the cut-off: no point in the original; some calculators count it."
    return text


# --- what-if ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    label: str
    before: bool | None
    after: bool | None


@dataclass(frozen=True)
class WhatIf:
    score_before: int | None
    score_after: int | None
    mortality_before_pct: float | None
    mortality_after_pct: float | None
    flips: list[Flip]
    errors: list[str]


def whatif_start(case: TeachingCase, day: int) -> dict[str, float | bool | None]:
    """The day's SCORTEN inputs in the rule's units (mmol/L), where what-if controls start."""
    return {c.key: c.value for c in score_assessment(case, day).scorten.criteria}


def what_if(case: TeachingCase, day: int, changes: Mapping[str, Any]) -> WhatIf:
    """Re-score the day with some inputs changed; report which SCORTEN criteria flipped."""
    base = score_assessment(case, day)
    record = {**case.assessment(day).record(case.id), **changes}
    for pair in LAB_PAIRS:  # a value changed in mmol/L replaces the case's mg/dL value
        if pair.canonical in changes:
            record.pop(pair.alternate, None)
    changed = score_case(record)
    before = {c.key: c for c in base.scorten.criteria}
    flips = [
        Flip(c.label, before[c.key].met, c.met)
        for c in changed.scorten.criteria
        if c.key in before and before[c.key].met != c.met
    ]
    return WhatIf(
        score_before=base.scorten.score,
        score_after=changed.scorten.score,
        mortality_before_pct=_pct(base.scorten.mortality_logistic),
        mortality_after_pct=_pct(changed.scorten.mortality_logistic),
        flips=flips,
        errors=[e.message for e in changed.errors],
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100


# --- quiz ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizFeedback:
    case_id: str
    day: int
    scorten_guess: int
    scorten_answer: int
    culprit_guess: str
    culprit_answer: str  # the drug as the case names it
    scorten_correct: bool
    culprit_correct: bool
    scorten_reasoning: list[str]  # one line per criterion
    culprit_reasoning: str

    @property
    def headline(self) -> str:
        score = "SCORTEN correct" if self.scorten_correct else "SCORTEN not quite"
        drug = "culprit correct" if self.culprit_correct else "culprit not quite"
        return f"{score} · {drug}"


def culprit_display_name(case: TeachingCase) -> str:
    """The case's own name for the culprit (e.g. "co-trimoxazole"), as the quiz offers it."""
    ranking = culprit_ranking(case)
    for drug in ranking.drugs:
        if drug.normalized_name == case.culprit.drug:
            return drug.name
    return case.culprit.drug


def grade_quiz(
    case: TeachingCase, day: int, scorten_guess: int, culprit_guess: str
) -> QuizFeedback:
    """Immediate feedback: right or not, with the engine's reasoning per criterion."""
    result = score_assessment(case, day)
    answer = result.scorten.score
    if answer is None:
        raise ValueError(f"{case.id} day {day}: SCORTEN is incomplete; it cannot be a quiz")
    culprit_name = culprit_display_name(case)
    lines = [criterion_explanation(c) for c in result.scorten.criteria]
    lines.append(f"Total: SCORTEN {answer} of {scorten.MAX_SCORE}.")
    return QuizFeedback(
        case_id=case.id,
        day=day,
        scorten_guess=scorten_guess,
        scorten_answer=answer,
        culprit_guess=culprit_guess,
        culprit_answer=culprit_name,
        scorten_correct=scorten_guess == answer,
        culprit_correct=culprit_guess == culprit_name,
        scorten_reasoning=lines,
        culprit_reasoning=case.culprit.reasoning,
    )


def empty_tally() -> dict[str, Any]:
    """Session tally; plain types so Session State stays serialisable."""
    return {"answered": [], "scorten_correct": 0, "culprit_correct": 0}


def update_tally(tally: Mapping[str, Any], feedback: QuizFeedback) -> dict[str, Any]:
    """Count a case's first answer only: checking again after the feedback is not a score."""
    key = f"{feedback.case_id}@{feedback.day}"
    if key in tally["answered"]:
        return dict(tally)
    return {
        "answered": [*tally["answered"], key],
        "scorten_correct": tally["scorten_correct"] + int(feedback.scorten_correct),
        "culprit_correct": tally["culprit_correct"] + int(feedback.culprit_correct),
    }


def tally_text(tally: Mapping[str, Any]) -> str:
    n = len(tally["answered"])
    if n == 0:
        return "No cases answered yet this session."
    cases = "case" if n == 1 else "cases"
    return (
        f"{n} {cases} answered · SCORTEN {tally['scorten_correct']}/{n} · "
        f"culprit {tally['culprit_correct']}/{n}"
    )


# --- presenter view --------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    heading: str
    body: list[str] = field(default_factory=list)


def presenter_slides(case: TeachingCase, teaching: TeachingSet) -> list[Slide]:
    """One idea per slide: the case, each step, each day's score, the culprit, each point."""
    slides = [Slide(case.title, [FICTIONAL_LABEL, case.summary])]
    slides += [Slide(step.title, [step.text]) for step in case.steps]
    for day in case.days:
        result = score_assessment(case, day)
        score = result.scorten.score
        met = [c.label for c in result.scorten.criteria if c.met]
        slides.append(
            Slide(
                f"Day {day}: SCORTEN {score} of {scorten.MAX_SCORE}",
                [
                    f"Predicted mortality {mortality_pct(score):.1f} %"
                    if score is not None
                    else "",
                    "Points for: " + (", ".join(met) if met else "none"),
                    f"ABCD-10 {result.abcd10.score} of 8 · extent: {result.classification}",
                ],
            )
        )
    slides.append(
        Slide(
            f"Likely culprit: {culprit_display_name(case)}",
            [
                f"ALDEN {case.culprit.alden_score} — {case.culprit.alden_category}",
                case.culprit.reasoning,
            ],
        )
    )
    for number, point in enumerate(case.teaching_points, start=1):
        cites = [teaching.sources[s].citation for s in point.sources]
        slides.append(Slide(f"Teaching point {number}", [point.text, *cites]))
    return slides


# --- shareable link --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkLookup:
    case: TeachingCase | None
    message: str | None  # shown when the link does not open a case


def case_from_link(value: str | Sequence[str] | None, teaching: TeachingSet) -> LinkLookup:
    """The teaching case a `?case=<id>` link names; a clear message if it names none.

    Only a well-formed id is echoed back, so a crafted link cannot put text on the page.
    """
    if value is None or value == "":
        return LinkLookup(None, None)
    if not isinstance(value, str):
        value = value[-1] if value else ""
    if len(value) > CASE_ID_MAX_LENGTH or not re.fullmatch(CASE_ID_PATTERN, value):
        return LinkLookup(None, "The link does not name a teaching case (malformed case id).")
    try:
        return LinkLookup(teaching.get(value), None)
    except KeyError:
        return LinkLookup(None, f"No teaching case is called '{value}'. Pick one below.")


def share_query(case: TeachingCase) -> dict[str, str]:
    """The whole query string of a shareable link: the case id and nothing else."""
    return {QUERY_PARAM: case.id}
