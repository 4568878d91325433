"""One-case path: partial scores, unit pairs, bad input, warnings."""

from __future__ import annotations

import pytest

from scoring.case import score_case
from scoring.models import CaseInput
from scoring.tabular import loads
from tests.scoring.conftest import case

SCORTEN_FIELDS = [
    "age_years",
    "heart_rate_bpm",
    "malignancy",
    "bsa_detached_pct",
    "urea_mmol_l",
    "bicarbonate_mmol_l",
    "glucose_mmol_l",
]


def test_empty_record_is_fully_missing_never_zero() -> None:
    result = score_case({})
    assert result.errors == []
    assert result.scorten.score is None
    assert (result.scorten.min, result.scorten.max) == (0, 7)
    assert result.scorten.missing == SCORTEN_FIELDS
    assert result.scorten.mortality_logistic is None
    assert result.scorten.mortality_observed is None
    assert (result.abcd10.min, result.abcd10.max) == (0, 8)
    assert result.classification is None


@pytest.mark.parametrize(
    ("removed", "extra", "expected_range"),
    [
        ("glucose_mmol_l", {}, (0, 1)),
        ("malignancy", {"age_years": 60}, (1, 2)),
        ("bicarbonate_mmol_l", {"heart_rate_bpm": 130, "age_years": 50}, (2, 3)),
    ],
)
def test_one_missing_input_gives_a_range_of_one(removed, extra, expected_range) -> None:
    result = score_case(case(**{removed: None}, **extra))
    assert result.scorten.score is None
    assert (result.scorten.min, result.scorten.max) == expected_range
    assert result.scorten.missing == [removed]


def test_lab_given_in_mg_dl_is_not_missing_and_missing_lab_is_named_in_mmol_l() -> None:
    given_in_mg = score_case(case(urea_mmol_l=None, bun_mg_dl=14))
    assert given_in_mg.scorten.score == 0
    neither = score_case(case(glucose_mmol_l=None, urea_mmol_l=None))
    assert neither.scorten.missing == ["urea_mmol_l", "glucose_mmol_l"]


@pytest.mark.parametrize("blank", [None, "", "   ", float("nan")])
def test_blank_values_are_not_known(blank) -> None:
    result = score_case({**case(), "heart_rate_bpm": blank})
    assert result.errors == []
    assert result.scorten.missing == ["heart_rate_bpm"]


def test_both_units_that_agree_within_5_percent_are_accepted() -> None:
    # urea 10.0 vs BUN 29 mg/dL = 10.357 mmol/L: 3.4 % apart; the mmol/L value is used.
    result = score_case(case(urea_mmol_l=10.0, bun_mg_dl=29))
    assert result.errors == []
    urea = next(c for c in result.scorten.criteria if c.key == "urea_mmol_l")
    assert (urea.field, urea.value, urea.points) == ("urea_mmol_l", 10.0, 0)


def test_both_units_that_disagree_are_an_error_naming_the_mg_dl_field() -> None:
    result = score_case(case(urea_mmol_l=5.0, bun_mg_dl=30))
    assert [e.field for e in result.errors] == ["bun_mg_dl"]
    assert "disagrees with urea_mmol_l" in result.errors[0].message
    assert result.scorten.score is None
    glucose = score_case(case(glucose_mmol_l=6.0, glucose_mg_dl=200))
    assert [e.field for e in glucose.errors] == ["glucose_mg_dl"]


def test_agreement_limit_is_5_percent_of_the_larger_value() -> None:
    # 10 vs 10.5 mmol/L: difference 0.5 = 4.76 % of 10.5 -> agree; 10 vs 10.6: 5.66 % -> not.
    assert score_case(case(urea_mmol_l=10.0, bun_mg_dl=10.5 * 2.8)).errors == []
    assert score_case(case(urea_mmol_l=10.0, bun_mg_dl=10.6 * 2.8)).errors != []


BAD_INPUTS = [
    ({"age_years": -1}, "age_years", "cannot be negative"),
    ({"age_years": 130}, "age_years", "oldest documented human"),
    ({"bsa_detached_pct": 100.5}, "bsa_detached_pct", "cannot exceed 100"),
    ({"bsa_detached_pct": -2}, "bsa_detached_pct", "cannot be negative"),
    ({"glucose_mmol_l": 300}, "glucose_mmol_l", "147.6 mmol/L"),
    ({"heart_rate_bpm": 0}, "heart_rate_bpm", "must be above 0"),
    ({"heart_rate_bpm": 700}, "heart_rate_bpm", "600/min"),
    ({"urea_mmol_l": 250}, "urea_mmol_l", "entry error"),
    ({"bicarbonate_mmol_l": 0}, "bicarbonate_mmol_l", "must be above 0"),
    ({"age_years": "abc"}, "age_years", "expected a number, got 'abc'"),
    ({"age_years": "12,5"}, "age_years", "use a dot as the decimal mark"),
    ({"age_years": True}, "age_years", "expected a number, got true"),
    ({"age_years": [40]}, "age_years", "expected a number, got a list"),
    ({"age_years": float("inf")}, "age_years", "finite"),
    ({"age_years": 10**400}, "age_years", "finite"),
    ({"age_years": "1e999"}, "age_years", "finite"),
    ({"age_years": "nan"}, "age_years", "expected a number"),
    ({"malignancy": "maybe"}, "malignancy", "expected true/false"),
    ({"malignancy": 2}, "malignancy", "expected true/false"),
    ({"assessment_day": 2.5}, "assessment_day", "whole number"),
    ({"assessment_day": 0}, "assessment_day", "first 24 hours"),
    ({"assessment_day": "day 3"}, "assessment_day", "whole number"),
]


@pytest.mark.parametrize(("changes", "field", "phrase"), BAD_INPUTS)
def test_bad_input_is_an_error_naming_the_field_and_no_score(changes, field, phrase) -> None:
    result = score_case({**case(), **changes})
    assert [e.field for e in result.errors] == [field]
    assert result.errors[0].message.startswith(f"{field}: ")
    assert phrase in result.errors[0].message
    assert result.scorten.score is None
    assert result.scorten.mortality_logistic is None
    assert result.abcd10.score is None
    assert result.classification is None
    assert result.scorten.criteria == []


def test_not_an_object_and_duplicated_fields_are_errors() -> None:
    assert [e.field for e in score_case([1, 2]).errors] == [None]  # type: ignore[arg-type]
    duplicated = loads('{"age_years": 30, "age_years": 70}', "test")
    result = score_case(duplicated)
    assert [e.field for e in result.errors] == ["age_years"]
    assert "more than once" in result.errors[0].message


def test_unknown_field_is_a_warning_and_scoring_goes_on() -> None:
    result = score_case({**case(), "weight_kg": 70})
    assert result.scorten.score == 0
    assert [(w.field, w.message) for w in result.warnings] == [
        ("weight_kg", "weight_kg: unknown field, ignored.")
    ]


SUSPICIOUS = [
    ({"age_years": 17}, "age_years", "derived in adults", 0),
    ({"glucose_mmol_l": 60}, "glucose_mmol_l", "looks like a mg/dL value", 1),
    ({"glucose_mmol_l": None, "glucose_mg_dl": 20}, "glucose_mg_dl", "mmol/L value", 0),
    ({"urea_mmol_l": 70}, "urea_mmol_l", "BUN in mg/dL", 1),
    ({"heart_rate_bpm": 260}, "heart_rate_bpm", "rarely sustained", 1),
    ({"assessment_day": 7}, "assessment_day", "days 1 to 5", 0),
]


@pytest.mark.parametrize(("changes", "field", "phrase", "score"), SUSPICIOUS)
def test_suspicious_value_is_a_warning_and_still_scored(changes, field, phrase, score) -> None:
    result = score_case(case(**changes))
    assert result.errors == []
    assert [w.field for w in result.warnings] == [field]
    assert phrase in result.warnings[0].message
    assert result.scorten.score == score


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("Yes", True), (" 1 ", True), ("FALSE", False), ("no", False), ("0", False)],
)
def test_boolean_words(text: str, expected: bool) -> None:
    result = score_case(case(malignancy=text))
    assert result.errors == []
    assert result.scorten.score == int(expected)


@pytest.mark.parametrize("text", ["41", " 41 ", "41.0", "+41", "4.1e1", "41."])
def test_numbers_written_as_text(text: str) -> None:
    assert score_case(case(age_years=text)).scorten.score == 1


def test_typed_input_model_gives_the_same_result() -> None:
    typed = CaseInput(id="t", age_years=67, malignancy=True, bsa_detached_pct=18)
    assert score_case(typed) == score_case({"id": "t", "age_years": 67, "malignancy": True,
                                            "bsa_detached_pct": 18})  # fmt: skip


def test_id_is_echoed_as_text() -> None:
    assert score_case({"id": 17}).id == "17"
    assert score_case({"id": "A-1"}).id == "A-1"
    assert score_case({}).id is None


def test_contract_object_shape() -> None:
    out = score_case(case(id="x")).to_contract()
    assert list(out) == [
        "id", "assessment_day", "classification", "scorten", "abcd10", "errors", "warnings",
    ]  # fmt: skip
    assert list(out["scorten"]) == [
        "score", "min", "max", "missing", "mortality_logistic", "mortality_observed",
    ]  # fmt: skip
    assert list(out["abcd10"]) == ["score", "min", "max", "missing", "mortality_logistic"]
