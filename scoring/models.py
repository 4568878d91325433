"""Typed inputs and results of the severity engine (pydantic v2).

A result shows its basis: the value, each criterion with the input as given, its unit,
the cut-off in both units and the points, what is missing, warnings, errors and the
citation of the rule. `to_contract()` gives the object fixed by docs/cli-contract.md.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from scoring.fields import input_model


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str | None
    message: str


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

    @property
    def complete(self) -> bool:
        return self.score is not None


class CaseResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str | None
    assessment_day: int | None
    classification: str | None
    scorten: ScoreResult
    abcd10: ScoreResult
    errors: list[Issue]
    warnings: list[Issue]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def abcd10_validated_for_day(self) -> bool:
        """False after day 1: ABCD-10 is an admission model (scoring.abcd10.day_note)."""
        from scoring import abcd10  # local: abcd10 -> criteria, models stays import-light

        return abcd10.is_validated_for_day(self.assessment_day)

    def to_contract(self) -> dict[str, Any]:
        s, a = self.scorten, self.abcd10
        return contract_record(
            id=self.id,
            assessment_day=self.assessment_day,
            classification=self.classification,
            scorten=(s.score, s.min, s.max, list(s.missing), s.mortality_logistic),
            scorten_observed=s.mortality_observed,
            abcd10=(a.score, a.min, a.max, list(a.missing), a.mortality_logistic),
            errors=[(issue.field, issue.message) for issue in self.errors],
            warnings=[(issue.field, issue.message) for issue in self.warnings],
        )


# (score, min, max, missing, mortality_logistic) of one score, as the contract gives them.
ScoreFigures = tuple[int | None, int, int, list[str], float | None]


def contract_record(
    *,
    id: str | None,
    assessment_day: int | None,
    classification: str | None,
    scorten: ScoreFigures,
    scorten_observed: float | None,
    abcd10: ScoreFigures,
    errors: Any,
    warnings: Any,
) -> dict[str, Any]:
    """The object fixed by docs/cli-contract.md, built once for the one-case path
    (`CaseResult.to_contract`) and for each row of a batch (`BatchResult.row`)."""

    def score(figures: ScoreFigures) -> dict[str, Any]:
        value, low, high, missing, logistic = figures
        return {
            "score": value,
            "min": low,
            "max": high,
            "missing": missing,
            "mortality_logistic": logistic,
        }

    scorten_dict = score(scorten)
    scorten_dict["mortality_observed"] = scorten_observed
    return {
        "id": id,
        "assessment_day": assessment_day,
        "classification": classification,
        "scorten": scorten_dict,
        "abcd10": score(abcd10),
        "errors": [{"field": f, "message": m} for f, m in errors],
        "warnings": [{"field": f, "message": m} for f, m in warnings],
    }
