"""The field registry (scoring.fields) is the one source of every field's facts."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import BaseModel, ValidationError

from scoring import abcd10, bounds, classification, scorten
from scoring.case import units_disagree
from scoring.criteria import Criterion, is_met, is_on_cutoff
from scoring.fields import (
    CANONICAL_PAIR,
    CASE_FILE_INPUTS,
    FIELD_BY_NAME,
    FIELDS,
    LAB_PAIRS,
    field_constraints,
    input_model,
    points_help,
)
from scoring.models import CaseInput
from scoring.screen_labels import SCREEN_LABELS


def test_each_field_feeds_exactly_the_scores_whose_criteria_read_it() -> None:
    for spec in FIELDS:
        key = spec.canonical or spec.name
        fed = tuple(
            score
            for score, criteria in (("SCORTEN", scorten.CRITERIA), ("ABCD-10", abcd10.CRITERIA))
            if any(c.key == key for c in criteria)
        )
        assert spec.feeds == fed, spec.name


def test_lab_pairs_are_the_registry_alternates() -> None:
    alternates = {f.name: f.canonical for f in FIELDS if f.canonical}
    assert alternates == {p.alternate: p.canonical for p in LAB_PAIRS}
    assert set(CANONICAL_PAIR) == {"urea_mmol_l", "glucose_mmol_l"}


def test_bounds_are_the_registry_limits() -> None:
    assert list(bounds.BOUNDS) == [f.name for f in FIELDS if f.kind in ("number", "integer")]
    for name, b in bounds.BOUNDS.items():
        spec = FIELD_BY_NAME[name]
        assert (b.error_below, b.error_above, b.warn_below, b.warn_above, b.positive) == (
            spec.error_below,
            spec.error_above,
            spec.warn_below,
            spec.warn_above,
            spec.positive,
        )
    assert bounds.BSA.unit == "%"  # the limit messages' unit (the field's is "% BSA")


def test_case_input_has_exactly_the_registry_fields() -> None:
    assert list(CaseInput.model_fields) == [f.name for f in FIELDS]
    assert CaseInput(age_years=-3).age_years == -3  # the engine judges it, naming the field


def test_input_model_enforces_the_hard_limits_it_is_asked_for() -> None:
    model = input_model("Day", BaseModel, ["assessment_day"], hard_limits=["assessment_day"])
    assert model(assessment_day=1000).assessment_day == 1000
    for bad in (0, 1001):
        with pytest.raises(ValidationError):
            model(assessment_day=bad)
    assert field_constraints("assessment_day") == {"ge": 1, "le": 1000}
    assert field_constraints("heart_rate_bpm") == {"gt": 0, "le": 600}
    finite = input_model("Inputs", BaseModel, CASE_FILE_INPUTS, finite=True)
    with pytest.raises(ValidationError):
        finite(age_years=float("nan"))
    assert "assessment_day" not in finite.model_fields


def test_screen_labels_and_help_come_from_the_registry() -> None:
    assert SCREEN_LABELS["bun_mg_dl"] == "BUN"
    assert SCREEN_LABELS["age_years"] == "Age"
    assert points_help("malignancy") == (
        "Active cancer at admission (SCORTEN 1 point; ABCD-10 2 points)."
    )
    assert points_help("dialysis_before_admission") == (
        "ABCD-10 only (3 points); not part of SCORTEN."
    )


@pytest.mark.parametrize("module", [scorten, abcd10, classification])
def test_reference_naming_is_the_same_in_every_rule_module(module) -> None:
    assert isinstance(module.REFERENCE, str)
    assert module.REFERENCES[0] == module.REFERENCE


def test_criterion_takes_keywords_only() -> None:
    with pytest.raises(TypeError):
        Criterion("age_years", "Age", "gt", 1)


def test_each_rule_gives_the_same_answer_for_a_value_and_a_column() -> None:
    values = [0.0, 9.999999, 10.0, 10.0000000001, 10.1, 40.0, 41.0, 200.0, 601.0, -1.0]
    column = np.array(values)
    for criterion in scorten.CRITERIA + abcd10.CRITERIA:
        assert list(is_met(criterion, column)) == [is_met(criterion, v) for v in values]
        assert list(is_on_cutoff(criterion, column)) == [is_on_cutoff(criterion, v) for v in values]
    for b in bounds.BOUNDS.values():
        assert list(bounds.impossible(b, column)) == [bounds.impossible(b, v) for v in values]
        assert list(bounds.suspicious(b, column)) == [bounds.suspicious(b, v) for v in values]
        for v in values:
            assert bounds.impossible(b, v) == (bounds.error_message(b, v) is not None)
            assert bounds.suspicious(b, v) == (bounds.warning_message(b, v) is not None)
    other = column[::-1] + 0.3
    assert list(units_disagree(column, other)) == [
        bool(units_disagree(a, b)) for a, b in zip(values, other.tolist(), strict=True)
    ]
    assert list(classification.classify_array(column)) == [
        classification.classify(v) for v in values
    ]
