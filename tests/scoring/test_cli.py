"""`python -m scoring score|validate` per docs/cli-contract.md: formats, output, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.cli import main

HEADER = (
    "id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,bun_mg_dl,"
    "bicarbonate_mmol_l,glucose_mg_dl"
)
# Row 1: SCORTEN 7 in mg/dL (BUN 40 = 14.3 mmol/L; glucose 300 mg/dL = 16.7 mmol/L).
# Row 2: SCORTEN 0. Row 3: a bad age. Row 4: glucose unknown.
CSV_TEXT = "\n".join(
    [
        HEADER,
        "p1,67,130,yes,35,40,18,300",
        "p2,30,80,no,5,10,25,100",
        "p3,abc,80,no,5,10,25,100",
        "p4,45,80,no,5,10,25,",
    ]
)


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cohort_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CSV_TEXT + "\n", encoding="utf-8")
    return path


def test_csv_in_jsonl_out_with_exact_values(cohort_csv: Path) -> None:
    code, out, _ = run(["score", str(cohort_csv)])
    assert code == 1  # row p3 carries an error
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2", "p3", "p4"]
    assert rows[0]["scorten"]["score"] == 7
    assert round(rows[0]["scorten"]["mortality_logistic"], 3) == 0.985
    assert rows[0]["scorten"]["mortality_observed"] == 0.9
    assert rows[0]["classification"] == "TEN"
    assert rows[1]["scorten"]["score"] == 0
    assert rows[1]["scorten"]["mortality_observed"] == 1 / 31
    assert rows[2]["scorten"]["score"] is None
    assert rows[2]["errors"] == [
        {"field": "age_years", "message": "age_years: expected a number, got 'abc'."}
    ]
    assert rows[3]["scorten"]["missing"] == ["glucose_mmol_l"]
    assert (rows[3]["scorten"]["min"], rows[3]["scorten"]["max"]) == (1, 2)


def test_all_valid_records_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text('{"id": "a", "age_years": 50}\n\n{"id": "b"}\n', encoding="utf-8")
    code, out, _ = run(["score", str(path)])
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b"]


def test_stdin_is_jsonl_for_score() -> None:
    code, out, _ = run(["score", "-"], stdin='{"id": "x", "age_years": 41}\n{"id": "y"}\n')
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["scorten"]["min"] == 1
    assert rows[1]["id"] == "y"


def test_json_file_with_one_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"id": "solo", "bsa_detached_pct": 31}', encoding="utf-8")
    code, out, _ = run(["score", str(path)])
    assert code == 0
    assert json.loads(out)["classification"] == "TEN"


def test_csv_out_is_flat_and_formula_safe(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'id,age_years,=evil\n=HYPERLINK("x"),50,1\n+cmd,30,2\n-1,abc,3\n@sum,40,4\n',
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    code, out, _ = run(["score", str(source), "--out", str(target)])
    assert code == 1
    assert out == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ['\'=HYPERLINK("x")', "'+cmd", "'-1", "'@sum"]
    assert rows[0]["scorten_min"] == "1"
    assert rows[0]["scorten_score"] == ""
    assert rows[0]["warnings"].startswith("'=evil: unknown field")
    assert rows[2]["errors"] == "age_years: expected a number, got 'abc'."
    assert rows[3]["warnings"].endswith(
        "some published calculators count it (rule: Age > 40 years)."
    )


def test_jsonl_and_json_out_files(tmp_path: Path, cohort_csv: Path) -> None:
    jsonl, js = tmp_path / "o.jsonl", tmp_path / "o.json"
    assert run(["score", str(cohort_csv), "--out", str(jsonl)])[0] == 1
    assert len(jsonl.read_text().splitlines()) == 4
    assert run(["score", str(cohort_csv), "--out", str(js)])[0] == 1
    assert [r["id"] for r in json.loads(js.read_text())] == ["p1", "p2", "p3", "p4"]


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("cases.txt", "x", "unknown input format"),
        ("missing.csv", None, "cannot read"),
        ("bad.jsonl", '{"age_years": 5\n', "malformed JSON"),
        ("nan.jsonl", '{"age_years": NaN}\n', "malformed JSON"),
        ("ragged.csv", "id,age_years\n1,2,3\n", "malformed CSV"),
        ("short.csv", "id,age_years\n1\n", "malformed CSV"),
        ("twice.csv", "id,age_years,age_years\n1,2,3\n", "column given twice"),
        ("empty.csv", "", "no header"),
        ("latin1.csv", b"id,age_years\n\xe9,50\n", "not UTF-8"),
    ],
)
def test_usage_problems_exit_2(tmp_path: Path, name: str, content, phrase: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(["score", str(path)])
    assert code == 2
    assert out == ""
    assert phrase in err
    assert "Traceback" not in err


def test_unknown_output_format_and_unknown_command_exit_2(cohort_csv: Path) -> None:
    assert run(["score", str(cohort_csv), "--out", "x.xlsx"])[0] == 2
    assert run(["rank", str(cohort_csv)])[0] == 2
    assert run([])[0] == 2


def test_record_that_is_not_an_object_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('[1, 2]\n{"id": "ok"}\n', encoding="utf-8")
    code, out, _ = run(["score", str(path)])
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert rows[0]["errors"][0]["field"] is None
    assert rows[1]["errors"] == []


def test_module_entry_point_runs_as_a_user_would(cohort_csv: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "score", str(cohort_csv)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 4
    assert done.stderr == ""
