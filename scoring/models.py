"""Typed inputs and results of the severity engine (pydantic v2).

A result shows its basis: the value, each criterion with the input as given, its unit,
the cut-off in both units and the points, what is missing, warnings, errors and the
citation of the rule. `to_contract()` gives the object fixed by shared/contract.md.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str | None
    message: str


class CaseInput(BaseModel):
    """One case in canonical field names; every value may be unknown (None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = None
    age_years: float | None = None
    heart_rate_bpm: float | None = None
    malignancy: bool | None = None
    bsa_detached_pct: float | None = None
    urea_mmol_l: float | None = None
    bun_mg_dl: float | None = None
    bicarbonate_mmol_l: float | None = None
    glucose_mmol_l: float | None = None
    glucose_mg_dl: float | None = None
    dialysis_before_admission: bool | None = None
    assessment_day: int | None = None

    def as_record(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


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
        return {
            "id": self.id,
            "assessment_day": self.assessment_day,
            "classification": self.classification,
            "scorten": {
                "score": self.scorten.score,
                "min": self.scorten.min,
                "max": self.scorten.max,
                "missing": list(self.scorten.missing),
                "mortality_logistic": self.scorten.mortality_logistic,
                "mortality_observed": self.scorten.mortality_observed,
            },
            "abcd10": {
                "score": self.abcd10.score,
                "min": self.abcd10.min,
                "max": self.abcd10.max,
                "missing": list(self.abcd10.missing),
                "mortality_logistic": self.abcd10.mortality_logistic,
            },
            "errors": [issue.model_dump() for issue in self.errors],
            "warnings": [issue.model_dump() for issue in self.warnings],
        }
