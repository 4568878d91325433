"""Hostile input to the ALDEN engine and `python -m scoring alden` (issue 7).

Arbitrary JSON values in every field of the record and of each drug (unicode, huge and
non-finite numbers, nested values, missing and duplicated fields): `assess` never raises,
every error names its field, an invalid record scores no drug, a valid one follows the
contract's arithmetic; the CLI never raises and exits 0/1/2 as the contract says.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scoring import cli
from scoring.alden import assess, category
from scoring.alden_input import DRUG_FIELDS, RECORD_FIELDS
from scoring.tabular import JsonObject

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CRITERIA = ("delay", "presence", "prechallenge", "dechallenge", "notoriety", "other_cause")
EXPOSURES = [
    "none",
    "unknown",
    "sjs_ten_same_drug",
    "sjs_ten_similar_drug",
    "other_reaction_same_drug",
    "other_reaction_similar_drug",
    "tolerated",
]
INDEX = date(2024, 3, 10)
FLOAT_MAX = 1.7976931348623157e308

numbers = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=20))
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)
days = st.integers(-200, 60).map(lambda d: (INDEX + timedelta(days=d)).isoformat())
dates = st.one_of(
    days,
    st.sampled_from(["2024-02-30", "2024-3-1", "0000-01-01", "9999-12-31", "", " 2024-03-01 "]),
    json_values,
)
plausible_drug = st.fixed_dictionaries(
    {"name": st.sampled_from(["lamotrigine", "Bactrim", "allopurinol", "zzunknownzz"])},
    optional={
        "start": days,
        "stop": st.none() | days,
        "continued_after_onset": st.none() | st.booleans(),
        "half_life_hours": st.none() | st.floats(0.1, 200),
        "organ_impairment_or_interaction": st.booleans(),
        "previous_exposure": st.sampled_from(EXPOSURES),
        "notoriety": st.none() | st.integers(-1, 3),
    },
)
hostile_drug = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=15) | json_values,
        "start": dates,
        "stop": dates,
        "continued_after_onset": json_values,
        "half_life_hours": json_values,
        "organ_impairment_or_interaction": json_values,
        "previous_exposure": st.sampled_from(EXPOSURES) | json_values,
        "notoriety": json_values,
        "dose": json_values,  # unknown field
    },
)


@st.composite
def records(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values)
    drug = plausible_drug if draw(st.booleans()) else hostile_drug | plausible_drug
    obj = JsonObject(
        draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": json_values,
                    "index_day": st.just(INDEX.isoformat()) | dates,
                    "other_cause_non_drug": st.booleans() | json_values,
                    "drugs": st.lists(drug, max_size=4) | json_values,
                    "comment": json_values,
                },
            )
        )
    )
    if obj and draw(st.booleans()):
        obj.duplicate_keys = (draw(st.sampled_from(sorted(obj))),)
    return obj


def allowed_fields(record: Any) -> set[str]:
    fields = set(RECORD_FIELDS) | (set(map(str, record)) if isinstance(record, dict) else set())
    drugs = record.get("drugs") if isinstance(record, dict) else None
    for i, drug in enumerate(drugs if isinstance(drugs, list) else []):
        fields.add(f"drugs[{i}]")
        for key in {*DRUG_FIELDS, *(drug if isinstance(drug, dict) else ())}:
            fields.add(f"drugs[{i}].{key}")
    return fields


def assert_sound(record: Any, out: dict[str, Any]) -> None:
    assert set(out) == {"id", "drugs", "errors", "warnings"}
    fields = allowed_fields(record)
    for issue in out["errors"]:
        assert isinstance(issue["message"], str) and issue["message"]
        if issue["field"] is None:
            assert not isinstance(record, dict), issue  # only "not an object" is fieldless
        else:
            assert issue["field"] in fields, issue
    drugs = out["drugs"]
    if out["errors"]:
        scored = [d for d in drugs if d["score"] is not None]
        for drug in drugs[len(scored) :]:  # broken drugs come last, never scored
            assert drug["score"] is None and drug["criteria"] is None and drug["category"] is None
        if scored:  # an error for one drug is an error for that drug only
            assert all(str(e["field"]).startswith("drugs[") for e in out["errors"])
        drugs = scored
    scores = [d["score"] for d in drugs]
    assert scores == sorted(scores, reverse=True)
    for drug in drugs:
        criteria = drug["criteria"]
        assert set(criteria) == set(CRITERIA)
        assert drug["score"] == sum(criteria.values())
        assert drug["category"] == category(drug["score"])
        assert criteria["other_cause"] in (-1, 0)
        assert -1 <= criteria["notoriety"] <= 3
    json.dumps(out, allow_nan=False)


@PROPERTY
@given(records())
def test_assess_never_raises_and_follows_the_contract(record: Any) -> None:
    assert_sound(record, assess(record))


@PROPERTY
@given(st.lists(plausible_drug.filter(lambda d: "start" in d), min_size=1, max_size=4))
def test_plausible_cases_score_every_drug(drugs: list[dict]) -> None:
    for drug in drugs:
        if drug.get("stop") and drug["stop"] < drug["start"]:
            drug["stop"] = drug["start"]
        if drug.get("continued_after_onset") and (drug.get("stop") or "9") < INDEX.isoformat():
            drug["continued_after_onset"] = None
    record = {"id": "p", "index_day": INDEX.isoformat(), "drugs": drugs}
    out = assess(record)
    assert out["errors"] == [], out["errors"]
    assert len(out["drugs"]) == len(drugs)
    assert_sound(record, out)


@PROPERTY
@given(st.sampled_from(sorted(DRUG_FIELDS - {"name"})), json_values)
def test_a_bad_drug_value_is_an_error_naming_drug_and_field(key: str, value: Any) -> None:
    assume(not (isinstance(value, int) and abs(value) > FLOAT_MAX))
    drug = {"name": "lamotrigine", "start": "2024-02-20", key: value}
    out = assess({"index_day": INDEX.isoformat(), "drugs": [drug]})
    assert_sound({"index_day": INDEX.isoformat(), "drugs": [drug]}, out)
    for issue in out["errors"]:
        assert issue["field"].startswith("drugs[0]")


def test_huge_integer_half_life_is_an_error_not_a_crash() -> None:
    drug = {"name": "lamotrigine", "start": "2024-02-20", "half_life_hours": 10**400}
    out = assess({"index_day": INDEX.isoformat(), "drugs": [drug]})
    assert [e["field"] for e in out["errors"]] == ["drugs[0].half_life_hours"]


# --- the CLI ------------------------------------------------------------------------


def run_alden(text: str) -> tuple[int, str]:
    stdout = io.StringIO()
    code = cli.main(["alden", "-"], stdin=io.StringIO(text), stdout=stdout, stderr=io.StringIO())
    return code, stdout.getvalue()


@PROPERTY
@given(st.one_of(st.lists(records(), max_size=3), records()))
def test_cli_alden_never_raises_and_exits_per_contract(value: Any) -> None:
    items = value if isinstance(value, list) else [value]
    text = json.dumps(value, ensure_ascii=False)
    if any(isinstance(x, float) and not math.isfinite(x) for x in _leaves(value)):
        assert run_alden(text)[0] == 2  # NaN/Infinity are not JSON: a usage problem
        return
    code, out = run_alden(text)
    results = json.loads(out)
    results = results if isinstance(value, list) else [results]
    assert len(results) == len(items)
    for record, result in zip(items, results, strict=True):
        assert_sound(json.loads(json.dumps(record)), result)
    assert code == (1 if any(r["errors"] for r in results) else 0)


@PROPERTY
@given(st.text(max_size=30))
def test_cli_alden_on_garbage_text_never_raises(text: str) -> None:
    try:
        json.loads(text)
    except ValueError:
        assert run_alden(text)[0] == 2
    else:
        assert run_alden(text)[0] in (0, 1, 2)


def test_cli_alden_usage_error_goes_to_the_given_stderr(capsys) -> None:
    stderr = io.StringIO()
    code = cli.main(["alden", "-"], stdin=io.StringIO("{"), stdout=io.StringIO(), stderr=stderr)
    assert code == 2
    assert stderr.getvalue().startswith("error: ")


def _leaves(value: Any):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value
