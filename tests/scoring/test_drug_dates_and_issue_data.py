"""One reader of drug dates for every place that reads one, and issues that say where
they are as data (field key, drug index), not only as a path string."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reports.case_file import iso_date
from scoring import alden
from scoring.alden_input import read_date
from scoring.case import score_case

CASE = {"index_day": "2024-03-10", "drugs": [{"name": "lamotrigine", "start": "2024-02-20"}]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        (" 2024-03-01 ", date(2024, 3, 1)),
        (date(2024, 3, 1), date(2024, 3, 1)),
        (datetime(2024, 3, 1, 14, 30), date(2024, 3, 1)),
        # Python's fromisoformat takes these; the engine does not, so nobody does.
        ("20240301", None),
        ("2024-W09-5", None),
        ("2024-03-01T10:00", None),
        ("2024-02-30", None),
        ("", None),
        (None, None),
        (20240301, None),
    ],
)
def test_one_date_reader_for_engine_timeline_and_flags(value, expected):
    assert read_date(value) == expected
    assert iso_date(value) == expected  # the chart note's flags and the case file
    drug = {**CASE["drugs"][0], "start": value}
    _, errors = alden.parse({**CASE, "drugs": [drug]})
    start_errors = [e for e in errors if e.key == "start"]
    assert bool(start_errors) == (expected is None)


def test_a_drug_issue_carries_its_key_and_drug_index():
    drugs = [CASE["drugs"][0], {"name": "allopurinol", "start": "2024-03-01", "stop": "x"}]
    _, errors = alden.parse({**CASE, "drugs": drugs})
    (error,) = errors
    assert (error.field, error.key, error.drug) == ("drugs[1].stop", "stop", 1)
    assert error.to_contract() == {"field": "drugs[1].stop", "message": error.message}


def test_a_drug_that_is_not_an_object_is_the_drug_itself():
    _, errors = alden.parse({**CASE, "drugs": [CASE["drugs"][0], 3]})
    (error,) = errors
    assert (error.field, error.key, error.drug) == ("drugs[1]", None, 1)


def test_alden_output_keeps_the_contract_shape_of_issues():
    out = alden.assess({**CASE, "drugs": [CASE["drugs"][0], {"name": "x", "start": "bad"}]})
    assert all(set(issue) == {"field", "message"} for issue in out["errors"] + out["warnings"])


def test_a_severity_issue_is_keyed_by_its_field():
    (error,) = score_case({"age_years": -3}).errors
    assert (error.field, error.key, error.drug) == ("age_years", "age_years", None)
