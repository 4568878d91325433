"""Typed inputs and results of the severity engine (pydantic v2).

A result shows its basis: the value, each criterion with the input as given, its unit,
the cut-off in both units and the points, what is missing, warnings, errors and the
citation of the rule. `to_contract()` gives the object fixed by docs/cli-contract.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from knowledge.i18n import Text
from scoring import scores as registry
from scoring.fields import input_model


@dataclass(frozen=True)
class FieldRef:
    """Where an issue is, as data: a field key, and for a drug of ALDEN its index.

    `path` is the contract's text for it ("age_years", "drugs[1].start", "drugs[1]")."""

    key: str | None
    drug: int | None = None

    @property
    def path(self) -> str | None:
        if self.drug is None:
            return self.key
        return f"drugs[{self.drug}]" + (f".{self.key}" if self.key else "")


class Issue(BaseModel):
    """An error or a warning. `field` is the contract's path; `key` and `drug` say the same
    as data, so no caller parses the path or the message."""

    model_config = ConfigDict(frozen=True)

    field: str | None
    message: str  # in English, as the CLI writes it (the contract's text)
    key: str | None = None  # the field's own key ("start"); None: the record as a whole
    drug: int | None = None  # the drug's index, for an issue about one drug
    # The same message as data (knowledge/i18n.py): the page renders it in the reader's
    # language, with the field named as on screen. Every engine message has one (issue 23).
    text: Text

    @model_validator(mode="before")
    @classmethod
    def _key_of_a_plain_field(cls, data: Any) -> Any:
        # A plain field ("age_years") is its own key; a drug's issue comes from `at`.
        if isinstance(data, dict) and "key" not in data and data.get("drug") is None:
            return {**data, "key": data.get("field")}
        return data

    @classmethod
    def at(cls, where: FieldRef, message: str, text: Text) -> Issue:
        return cls(field=where.path, message=message, key=where.key, drug=where.drug, text=text)

    def to_contract(self) -> dict[str, Any]:
        """The contract's object: field path and message only."""
        return {"field": self.field, "message": self.message}


class CaseInputBase(BaseModel):
    """One case in canonical field names; every value may be unknown (None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def as_record(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


# Its fields are the registry's (scoring.fields), each optional; limits are the engine's to
# judge, with a message naming the field, so the model takes any value of the right type.
CaseInput = input_model("CaseInput", CaseInputBase)


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str  # canonical field, e.g. "urea_mmol_l"
    label: str
    rule: str  # e.g. "Urea > 10 mmol/L (BUN 28 mg/dL)"
    source: str
    field: str  # the field as the input gave it, e.g. "bun_mg_dl"
    input_value: float | bool | None
    input_unit: str
    value: float | bool | None  # in the rule's unit
    unit: str
    points_if_met: int
    met: bool | None  # None: not known
    points: int | None  # None: not known
    on_cutoff: bool


class ObservedBandResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    deaths: int
    n: int
    mortality: float
    ci_low_pct: float
    ci_high_pct: float


class ScoreResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str  # the registry's key, e.g. "scorten"
    name: str
    score: int | None
    min: int
    max: int
    max_possible: int
    missing: list[str]
    criteria: list[CriterionResult]
    mortality_logistic: float | None = None
    mortality_logistic_min: float | None = None  # over the partial range
    mortality_logistic_max: float | None = None
    mortality_observed: float | None = None
    band: ObservedBandResult | None = None
    reference: str
    # An impossible input this score reads (or one about the whole record): no score and no
    # breakdown. The contract withholds every score of such a record; the app only the
    # scores that read the input (scoring.case.score_case, withhold="score").
    withheld: bool = False

    @property
    def complete(self) -> bool:
        return self.score is not None

    def figures(self) -> ScoreFigures:
        return (
            self.score,
            self.min,
            self.max,
            list(self.missing),
            self.mortality_logistic,
            self.mortality_observed,
        )


class CaseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str | None
    assessment_day: int | None
    classification: str | None
    scores: dict[str, ScoreResult]  # by registry key, in the registry's order
    errors: list[Issue]
    warnings: list[Issue]

    @property
    def valid(self) -> bool:
        return not self.errors

    # Convenience for the two scores most callers name.
    @property
    def scorten(self) -> ScoreResult:
        return self.scores["scorten"]

    @property
    def abcd10(self) -> ScoreResult:
        return self.scores["abcd10"]

    def validated_for_day(self, key: str) -> bool:
        """Whether the score `key` is validated for this case's assessment day."""
        return registry.by_key(key).is_validated_for_day(self.assessment_day)

    def to_contract(self) -> dict[str, Any]:
        return contract_record(
            id=self.id,
            assessment_day=self.assessment_day,
            classification=self.classification,
            scores={key: result.figures() for key, result in self.scores.items()},
            errors=[(issue.field, issue.message) for issue in self.errors],
            warnings=[(issue.field, issue.message) for issue in self.warnings],
        )


# (score, min, max, missing, mortality_logistic, mortality_observed) of one score.
ScoreFigures = tuple[int | None, int, int, list[str], float | None, float | None]


def contract_record(
    *,
    id: str | None,
    assessment_day: int | None,
    classification: str | None,
    scores: dict[str, ScoreFigures],
    errors: Any,
    warnings: Any,
) -> dict[str, Any]:
    """The object fixed by docs/cli-contract.md, built once for the one-case path
    (`CaseResult.to_contract`) and for each row of a batch (`BatchResult.row`).

    One entry per registry score; `mortality_observed` only for a score with observed
    bands (SCORTEN's derivation cohort), as the contract fixes it."""
    record: dict[str, Any] = {
        "id": id,
        "assessment_day": assessment_day,
        "classification": classification,
    }
    for score in registry.SCORES:
        value, low, high, missing, logistic, observed = scores[score.key]
        entry: dict[str, Any] = {
            "score": value,
            "min": low,
            "max": high,
            "missing": missing,
            "mortality_logistic": logistic,
        }
        if score.observed_bands:
            entry["mortality_observed"] = observed
        record[score.key] = entry
    # (field, message) pairs, or a batch's RowIssue (field, message, text): the contract
    # carries the field and the English message only.
    record["errors"] = [{"field": f, "message": m} for f, m, *_ in errors]
    record["warnings"] = [{"field": f, "message": m} for f, m, *_ in warnings]
    return record
