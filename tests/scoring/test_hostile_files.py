"""Hostile case files (tests/data/hostile/): each is refused with a clear message, whatever
breaks inside (RecursionError, overflow, wrong types), and nothing of it is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.case_file import (
    MAX_IMPORT_DEPTH,
    CaseImportError,
    case_from_json,
    case_to_json,
    json_depth_exceeds,
)
from scoring import alden
from scoring.bounds import MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
CASE_FILES = sorted(HOSTILE.glob("case_*.json"))

# What each file's message must say (the screen's words, not internal keys).
EXPECTED = {
    "case_active_day_text.json": "active day",
    "case_age_10pow400.json": "assessment 1, Age",
    "case_deep_name.json": f"more than {MAX_IMPORT_DEPTH} levels deep",
    "case_deep_object.json": f"more than {MAX_IMPORT_DEPTH} levels deep",
    "case_drug_not_object.json": "drug 1",
    "case_half_life_10pow400.json": "drug 1, half-life (h)",
    "case_half_life_1e400.json": "drug 1, half-life (h): Input should be a finite number",
    "case_half_life_text.json": "drug 1, half-life (h)",
    "case_half_life_too_long.json": "drug 1, half-life (h): Input should be less than or equal",
    # before the date fields' minimum: the Drugs page's date field could not even show it
    "case_index_day_1800.json": "index day: 1800-01-01 is before 1900-01-01",
    "case_long_name.json": f"drug 1, drug name: String should have at most {MAX_DRUG_NAME_CHARS}",
    "case_markdown_key.json": "Extra inputs are not permitted",
    "case_name_number.json": "drug 1, drug name",
    "case_notoriety_out_of_range.json": "drug 1, notoriety",
    "case_start_not_a_date.json": "2024-02-30 is not a date of the calendar",
}


def test_every_hostile_file_has_an_expectation():
    assert {f.name for f in CASE_FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_hostile_case_file_gives_a_clear_message(path: Path):
    with pytest.raises(CaseImportError) as caught:
        case_from_json(path.read_bytes())
    message = str(caught.value)
    assert EXPECTED[path.name] in message
    assert len(message) < 600  # a 190 kB name or key is never quoted back whole
    assert "Traceback" not in message and "/" + "work" not in message


def test_the_fixed_file_imports():
    # The same file as case_half_life_1e400.json with a plain half-life imports, and the
    # drug row comes back in full (every column of the Drugs page's table).
    data = json.loads((HOSTILE / "case_half_life_too_long.json").read_text())
    data["drugs"][0]["half_life_hours"] = 12
    case = case_from_json(json.dumps(data))
    assert case["drugs"] == [
        {
            "name": "amoxicillin",
            "start": "2024-03-01",
            "stop": None,
            "continued_after_onset": None,
            "half_life_hours": 12.0,
            "organ_impairment_or_interaction": False,
            "previous_exposure": "unknown",
            "notoriety": None,
        }
    ]
    assert case_from_json(case_to_json(case)) == case


@pytest.mark.parametrize(
    ("text", "limit", "deeper"),
    [
        ("{}", 1, False),
        ("{}", 0, True),
        ('{"a": [[1]]}', 3, False),
        ('{"a": [[1]]}', 2, True),
        ('{"a": "[[[[[[[[[[[["}', 1, False),  # brackets inside a string do not count
        ('{"a\\"[[[": 1}', 1, False),  # nor after an escaped quote
        ("[" * 10_000, 8, True),
    ],
)
def test_json_depth(text: str, limit: int, deeper: bool):
    assert json_depth_exceeds(text, limit) is deeper


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4000), st.sampled_from(["[", '{"k":']))
def test_any_nesting_depth_gives_a_case_or_a_message(depth: int, opener: str):
    closer = "]" if opener == "[" else "}"
    value = opener * depth + ("1" if opener != "[" else "") + closer * depth
    text = json.dumps({"format": "sjsten-case", "version": 1}).replace("}", f', "x": {value}}}')
    with pytest.raises(CaseImportError):
        case_from_json(text)


def _alden(drug: dict) -> dict:
    record = {"index_day": "2024-03-10", "drugs": [{"start": "2024-03-01", **drug}]}
    return alden.assess(record)


def test_alden_refuses_a_half_life_longer_than_a_life():
    ok = _alden({"name": "amoxicillin", "stop": "2024-03-05", "half_life_hours": 1000})
    assert not ok["errors"]
    result = _alden({"name": "amoxicillin", "half_life_hours": MAX_HALF_LIFE_HOURS * 2})
    assert [e["field"] for e in result["errors"]] == ["drugs[0].half_life_hours"]
    assert "longer than a human life (125 years" in result["errors"][0]["message"]


def test_alden_refuses_an_over_long_name_with_its_length():
    result = _alden({"name": "x" * (MAX_DRUG_NAME_CHARS + 1)})
    assert result["errors"] == [
        {
            "field": "drugs[0].name",
            "message": f"drug 1: the name has {MAX_DRUG_NAME_CHARS + 1} characters; the limit "
            f"is {MAX_DRUG_NAME_CHARS} (enter the generic or brand name only)",
        }
    ]
    assert not _alden({"name": "x" * MAX_DRUG_NAME_CHARS})["errors"]


def test_alden_quotes_a_deeply_nested_value_without_recursing():
    deep: list = []
    inner = deep
    for _ in range(5000):
        inner.append([])
        inner = inner[0]
    result = _alden({"name": "amoxicillin", "previous_exposure": deep})
    assert "previous_exposure [[[[...]]]] is not one of" in result["errors"][0]["message"]
