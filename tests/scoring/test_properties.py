"""Hostile input to the severity engine, the batch path and the CLI (issue 7).

Hypothesis feeds arbitrary JSON values of every type (unicode, huge and non-finite
numbers, nested lists/objects), missing, unknown and duplicated fields. The engine must
never raise, never score an invalid record and name the field in every error (one case =
one row of a batch: tests/scoring/test_batch.py).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring import cli
from scoring.case import score_case
from scoring.fields import FIELDS
from scoring.tabular import FORMULA_TRIGGERS, JsonObject, neutralise_formula

FIELD_NAMES = [f.name for f in FIELDS]
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Batches hold up to 8 records each: fewer examples, as many records (tests/scoring/
# test_batch.py holds the same equality on fixed frames).

# --- strategies ---------------------------------------------------------------------

numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),  # beyond float range
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 10, 10.0, 20, 40, 120, 14, 30, 100, 1e308, -0.0, 5e-324]),
)
numeric_text = st.one_of(
    numbers.map(str),
    st.sampled_from(
        [
            "",
            " ",
            "\t",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e999",
            "1,5",
            "1_0",
            "٣",
            "４２",
            "0x1A",
            " 12 ",
            "+3.",
            ".5",
            "yes",
            "No",
            "TRUE",
            "=1+1",
            "@SUM(A1)",
            "-2",
        ]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    numeric_text,
    st.text(max_size=30),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))


@st.composite
def records(draw: st.DrawFn) -> Any:
    """A decoded record: usually an object (maybe with duplicated keys), sometimes not."""
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values)  # not an object at all
    obj = JsonObject(draw(st.dictionaries(keys, json_values, max_size=len(FIELD_NAMES) + 2)))
    if obj and draw(st.booleans()):
        obj.duplicate_keys = tuple(draw(st.lists(st.sampled_from(sorted(obj)), max_size=2)))
    return obj


@st.composite
def plausible_records(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly valid records, so the scored path (not only errors) is exercised."""
    ranges = {
        "age_years": (0, 110),
        "heart_rate_bpm": (30, 220),
        "bsa_detached_pct": (0, 100),
        "urea_mmol_l": (0.5, 60),
        "bun_mg_dl": (1, 150),
        "bicarbonate_mmol_l": (5, 40),
        "glucose_mmol_l": (1, 40),
        "glucose_mg_dl": (20, 700),
    }
    record: dict[str, Any] = {}
    for name, (low, high) in ranges.items():
        if draw(st.booleans()):
            value = draw(st.floats(low, high) | st.integers(int(low), int(high)))
            record[name] = str(value) if draw(st.booleans()) else value
    for name in ("malignancy", "dialysis_before_admission"):
        if draw(st.booleans()):
            record[name] = draw(st.sampled_from([True, False, "yes", "no", "1", "0", 1, 0]))
    if draw(st.booleans()):
        record["assessment_day"] = draw(st.integers(1, 60))
    if draw(st.booleans()):
        record["id"] = draw(st.text(max_size=10))
    return record


any_record = st.one_of(records(), plausible_records())


# --- checks -------------------------------------------------------------------------


def assert_result_sound(record: Any, result: dict[str, Any]) -> None:
    """The contract's rules for one output object."""
    known = set(FIELD_NAMES) | (set(map(str, record)) if isinstance(record, dict) else set())
    for issue in result["errors"] + result["warnings"]:
        assert isinstance(issue["message"], str) and issue["message"]
        if issue["field"] is None:
            assert not isinstance(record, dict), issue  # only "not an object" is fieldless
            continue
        assert issue["field"] in known, issue
        assert issue["message"].startswith(f"{issue['field']}:"), issue
    for name in ("scorten", "abcd10"):
        score = result[name]
        assert 0 <= score["min"] <= score["max"]
        if result["errors"]:
            assert score["score"] is None, (name, result)
            assert score["mortality_logistic"] is None
        elif not score["missing"]:
            assert score["score"] is not None
            assert score["min"] == score["score"] == score["max"]
        else:
            assert score["score"] is None
    if result["errors"]:
        assert result["classification"] is None
        assert result["scorten"]["mortality_observed"] is None
    json.dumps(result, allow_nan=False)  # the output is strict JSON: no NaN leaks out


# --- one case -----------------------------------------------------------------------


@PROPERTY
@given(any_record)
@example({"age_years": float("nan")})
@example({"age_years": 10**400})
@example({"glucose_mmol_l": "1e999"})
@example({"urea_mmol_l": 20, "bun_mg_dl": 1})
@example(["not", "an", "object"])
def test_score_case_never_raises_and_follows_the_contract(record: Any) -> None:
    result = score_case(record)
    assert_result_sound(record, result.to_contract())
    if not result.valid:
        assert all(row.points is None for row in result.scorten.criteria)


@PROPERTY
@given(st.sampled_from([f for f in FIELDS if f.kind != "text"]), json_values)
def test_an_invalid_value_is_an_error_naming_its_field(field, value: Any) -> None:
    result = score_case({field.name: value}).to_contract()
    named = [e for e in result["errors"] if e["field"] == field.name]
    if result["errors"]:
        assert named, result["errors"]
        assert result["scorten"]["score"] is None and result["abcd10"]["score"] is None
    if isinstance(value, list | dict) or (isinstance(value, float) and math.isinf(value)):
        assert named  # a container or an infinite number is never a value


@PROPERTY
@given(st.sampled_from(FIELD_NAMES), json_values, json_values)
def test_a_duplicated_field_is_an_error_and_scores_nothing(name: str, a: Any, b: Any) -> None:
    record = JsonObject({name: b})  # as scoring.tabular.loads decodes {name: a, name: b}
    record.duplicate_keys = (name,)
    result = score_case(record).to_contract()
    assert {"field": name, "message": f"{name}: given more than once."} in result["errors"]
    assert result["scorten"]["score"] is None


# --- batch = one case ---------------------------------------------------------------


# --- the CLI ------------------------------------------------------------------------

jsonl_lines = st.one_of(
    any_record.map(lambda r: json.dumps(r, ensure_ascii=False)),  # NaN/Infinity: not JSON
    st.text(max_size=20),  # garbage
    st.just(""),
)


def run_cli(argv: list[str], text: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.main(argv, stdin=io.StringIO(text), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def _decodes(line: str) -> bool:
    try:
        cli.tabular.loads(line, "x")
    except cli.tabular.UsageError:
        return False
    return True


@PROPERTY
@given(st.lists(jsonl_lines, max_size=6))
def test_cli_score_never_raises_and_exits_per_contract(lines: list[str]) -> None:
    text = "\n".join(lines)
    code, out, err = run_cli(["score", "-"], text)
    assert code in (0, 1, 2)
    records = [ln for ln in text.splitlines() if ln.strip()]
    if not all(_decodes(ln) for ln in records):
        assert code == 2 and err.startswith("error: ") and "malformed JSON" in err
        return
    results = [json.loads(ln) for ln in out.splitlines()]
    assert len(results) == len(records)  # a bad record never stops the batch
    for raw, result in zip(records, results, strict=True):
        assert_result_sound(json.loads(raw), result)
    assert code == (1 if any(r["errors"] for r in results) else 0)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["score"],
        ["nonsense", "-"],
        ["score", "missing-file.jsonl"],
        ["score", "input.txt"],
        ["score", "-", "--out", "x.xlsx"],
    ],
)
def test_cli_usage_problems_exit_2_without_traceback(argv: list[str]) -> None:
    code, _, err = run_cli(argv, "")
    assert code == 2
    assert "Traceback" not in err


formula_text = st.builds(
    lambda trigger, rest: trigger + rest, st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=15)
)


@PROPERTY
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": formula_text | st.text(max_size=10)},
            optional={
                "age_years": formula_text | numeric_text,
                "malignancy": formula_text,
                "=cmd|' /C calc'!A0": formula_text,  # an unknown field echoed in warnings
            },
        ),
        min_size=1,
        max_size=5,
    )
)
def test_cli_csv_out_neutralises_formula_cells(tmp_path_factory, rows: list[dict]) -> None:
    folder: Path = tmp_path_factory.mktemp("csv")
    source, target = folder / "in.jsonl", folder / "out.csv"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    code = cli.main(["score", str(source), "--out", str(target)], stdout=io.StringIO())
    assert code in (0, 1)
    with open(target, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert len(table) == len(rows) + 1
    for line in table:
        for cell in line:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    ids = [line[table[0].index("id")] for line in table[1:]]
    for row, shown in zip(rows, ids, strict=True):
        expected = row["id"]
        expected = neutralise_formula(expected)  # also blank/invisible prefixes (SECURITY.md)
        # the id survives, quoted when risky (a CSV reader turns \r\n into \n inside cells)
        assert shown.replace("\r\n", "\n") == expected.replace("\r\n", "\n") or expected == ""


def test_csv_out_neutralises_every_trigger_in_a_csv_input(tmp_path: Path) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "age_years"])
        for trigger in FORMULA_TRIGGERS:
            writer.writerow([f'{trigger}HYPERLINK("http://x")', f"{trigger}1"])
    assert cli.main(["score", str(source), "--out", str(target)], stdout=io.StringIO()) == 1
    with open(target, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    cells = [cell for line in table for cell in line]
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
    assert [line[0] for line in table[1:]] == [
        f'\'{t}HYPERLINK("http://x")' for t in FORMULA_TRIGGERS
    ]
