"""Fictional teaching cases (knowledge/data/teaching_cases.yaml): models, loader, scoring.

The file is validated case by case when it is loaded: a bad case raises `KnowledgeError`
naming the case and the field, so a broken case never reaches a classroom. Each case's
stated answers are data; tests/teaching/test_cases.py recomputes them with the engine.
The models live here, not in knowledge/, because they validate against the engine's
contract (`CaseInput`, ALDEN categories): knowledge/ imports nothing of the project.

Korean beside the English (issue 23): a case, a step, the culprit and a teaching point may
each carry a `ko:` block with the Korean of their own text fields, and `ko_checked`, the
record of the second reading (knowledge/i18n.py):

    - id: lamotrigine-valproate
      title: "Lamotrigine added to valproate"
      summary: "..."
      ko: {title: "...", summary: "..."}
      ko_checked: {date: 2026-12-08, en_sha: <entry_fingerprint(case, ko)>}
      steps:
        - title: Presentation
          text: >- ...
          ko: {title: "...", text: "..."}
          ko_checked: {...}
      culprit: {..., ko: {reasoning: "..."}, ko_checked: {...}}
      teaching_points:
        - {text: ..., sources: [...], ko: {text: "..."}, ko_checked: {...}}

Text fields only (`TRANSLATED`); drug names, ids and citations stay as written. The page
shows the Korean where it exists and the verified English otherwise (`case_text`), the
English original beside it on request (`english_originals`); tests/teaching/test_cases.py
names every Korean text whose reading is missing or older than its English. The chrome
around the cases (labels, explanations) is the catalogue's.

What-if: `teaching.whatif`; quiz, tally, presenter slides and links: `teaching.classroom`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from knowledge.citations import TeachingSource
from knowledge.i18n import Lang, Text, TranslationCheck, localized, tr
from knowledge.loading import KnowledgeError, by_id, load_yaml
from scoring import alden, scorten
from scoring import scores as registry
from scoring.case import score_case
from scoring.classification import category_text
from scoring.criteria import Criterion
from scoring.models import CaseInput, CaseResult, CriterionResult
from scoring.words import quantity_text

DATA_FILE = "teaching_cases.yaml"
FICTIONAL_LABEL = "Fictional teaching case"  # the data's own label; on screen: FICTIONAL_TEXT
FICTIONAL_TEXT = Text("teaching.fictional_label")
CASE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CASE_ID_MAX_LENGTH = 60  # a slug, short enough to read aloud from a URL
QUERY_PARAM = "case"  # ?case=<teaching case id> (the presenter view adds mode and slide)

Classification = Literal["SJS", "SJS/TEN overlap", "TEN"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Translatable(_Frozen):
    """A part of a case whose text fields (`TRANSLATED`) may carry Korean beside them."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    ko: dict[str, str] | None = None  # field -> its Korean, beside the verified English
    ko_checked: TranslationCheck | None = None  # the second reading of that Korean

    @model_validator(mode="after")
    def _korean_of_text_fields_only(self) -> _Translatable:
        unknown = sorted(set(self.ko or {}) - set(self.TRANSLATED))
        if unknown:
            raise ValueError(
                f"ko: {unknown[0]!r} is not a text field here ({', '.join(self.TRANSLATED)})"
            )
        if any(not text.strip() for text in (self.ko or {}).values()):
            raise ValueError("ko: an empty Korean text")
        return self


class Step(_Translatable):
    TRANSLATED = ("title", "text")

    title: str = Field(min_length=3)
    text: str = Field(min_length=10)
    day: int = Field(default=1, ge=1)  # the assessment day this step belongs to


class Expected(BaseModel):
    """The stated answers: the extent and one score per registry score, by its key
    (`scorten: 3`), each within 0..its maximum."""

    model_config = ConfigDict(frozen=True, extra="allow")

    classification: Classification

    @model_validator(mode="after")
    def _one_answer_per_score(self) -> Expected:
        answers = dict(self.model_extra or {})
        keys = [score.key for score in registry.SCORES]
        if sorted(answers) != sorted(keys):
            raise ValueError(f"expected answers for exactly {', '.join(keys)}")
        for score in registry.SCORES:
            value = answers[score.key]
            if type(value) is not int or not 0 <= value <= score.max_score:
                raise ValueError(f"{score.key}: a whole number 0-{score.max_score}")
        return self

    def score(self, key: str) -> int:
        return int((self.model_extra or {})[key])


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


class Culprit(_Translatable):
    TRANSLATED = ("reasoning",)

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


class TeachingPoint(_Translatable):
    TRANSLATED = ("text",)

    text: str = Field(min_length=20)
    sources: tuple[str, ...] = Field(min_length=1)


class TeachingCase(_Translatable):
    TRANSLATED = ("title", "summary")

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
    sources: Mapping[str, TeachingSource]

    def get(self, case_id: str) -> TeachingCase:
        return by_id(self.cases, case_id)

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
        sources = {key: TeachingSource.model_validate(raw) for key, raw in data["sources"].items()}
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


def case_text(entry: _Translatable, name: str, lang: Lang) -> str:
    """A case's text field in `lang`: its Korean where written, else the verified English."""
    return str(localized(entry, name, lang))


CasePart = tuple[_Translatable, str]  # a part of a case and one of its text fields


def english_originals(lang: Lang, *parts: CasePart) -> list[str]:
    """The English that the shown Korean of `parts` translates, in order ("원문 보기");
    empty where the English itself is shown."""
    english = [str(getattr(entry, name)) for entry, name in parts]
    shown = [case_text(entry, name, lang) for entry, name in parts]
    return [text for text, seen in zip(english, shown, strict=True) if text != seen]


def criterion_of(row: CriterionResult, score: str = scorten.SCORTEN.key) -> Criterion:
    """The registry's criterion behind a result row of the score `score` (its words as
    `Text`: `label_text`, `rule_text`)."""
    return next(c for c in registry.by_key(score).criteria if c.key == row.key)


def extent_text(classification: str | None, lang: Lang) -> str:
    """The extent category in words ("SJS/TEN overlap" -> "SJS/TEN 중첩반응")."""
    return "" if classification is None else category_text(classification).render(lang)


def _value_text(row: CriterionResult, lang: Lang) -> str:
    if isinstance(row.input_value, bool):
        return tr("teaching.yes" if row.input_value else "teaching.no", lang)
    text = quantity_text(f"{row.input_value:g}", row.input_unit).render(lang)
    if row.field != row.key and row.value is not None:
        text += f" (= {quantity_text(f'{row.value:.1f}', row.unit).render(lang)})"
    return text


def points_text(points: int, lang: Lang) -> str:
    """ "1 point", "0 points" ("1점", "0점")."""
    return tr("teaching.point_one" if points == 1 else "teaching.point_many", lang, n=points)


def criterion_explanation(
    row: CriterionResult, *, lang: Lang, score: str = scorten.SCORTEN.key
) -> str:
    """One criterion of the score `score` in words: its value, the rule and the points it
    earns."""
    criterion = criterion_of(row, score)
    label, rule = criterion.label_text, criterion.rule_text
    if row.met is None:
        return tr("teaching.criterion_unknown", lang, label=label, rule=rule)
    text = tr(
        "teaching.criterion_met" if row.met else "teaching.criterion_not_met",
        lang,
        label=label,
        value=_value_text(row, lang),
        rule=rule,
        points=points_text(row.points or 0, lang),
    )
    # The criterion's own note on its cut-off (what the source and other calculators do
    # with that exact value); a criterion without one, such as ABCD-10's age >= 50, says
    # nothing more: its line already says whether the point was earned.
    if row.on_cutoff and criterion.on_cutoff_note_text is not None:
        text += " " + tr("teaching.on_cutoff", lang, note=criterion.on_cutoff_note_text)
    return text
