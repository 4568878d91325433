"""`python -m scoring alden` through alden_io.run: formats, output shape, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from scoring.alden_io import EXIT_OK, EXIT_RECORD_ERRORS, EXIT_USAGE, run

GOOD = {
    "id": "a",
    "index_day": "2024-03-31",
    "drugs": [{"name": "Lamictal", "start": "2024-03-21"}],
}
BAD = {"id": "b", "index_day": "2024-03-31", "drugs": [{"name": "x", "start": "2024-02-30"}]}


def run_on(tmp_path: Path, name: str, text: str) -> tuple[int, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = run(str(path), None, None, out)
    return code, json.loads(out.getvalue()) if out.getvalue() else None


def test_single_object_gives_single_object(tmp_path: Path) -> None:
    code, out = run_on(tmp_path, "case.json", json.dumps(GOOD))
    assert code == EXIT_OK
    assert out["id"] == "a"
    assert out["drugs"][0]["normalized_name"] == "lamotrigine"
    assert out["drugs"][0]["score"] == 6


def test_list_gives_list_and_bad_record_exits_one(tmp_path: Path) -> None:
    code, out = run_on(tmp_path, "cases.json", json.dumps([GOOD, BAD]))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in out] == ["a", "b"]
    assert out[0]["errors"] == []
    assert out[1]["errors"][0]["field"] == "drugs[0].start"


def test_jsonl_one_per_line(tmp_path: Path) -> None:
    code, out = run_on(tmp_path, "cases.jsonl", json.dumps(GOOD) + "\n\n" + json.dumps(GOOD))
    assert code == EXIT_OK
    # Lamictal (lamotrigine) 10 days before the index day, still taken: delay +3 (5-28
    # days), presence 0, notoriety +3 (Sassolas 2010, Table 1) = 6, "very probable".
    lamotrigine = {
        "name": "Lamictal",
        "normalized_name": "lamotrigine",
        "criteria": {
            "delay": 3,
            "presence": 0,
            "prechallenge": 0,
            "dechallenge": 0,
            "notoriety": 3,
            "other_cause": 0,
        },
        "score": 6,
        "category": "very probable",
        "notes": ["'Lamictal' is lamotrigine"],
    }
    one = {"id": "a", "drugs": [lamotrigine], "errors": [], "warnings": []}
    assert out == [one, one]


def test_single_line_jsonl_is_still_a_list(tmp_path: Path) -> None:
    code, out = run_on(tmp_path, "cases.jsonl", json.dumps(GOOD))
    assert (code, len(out)) == (EXIT_OK, 1)


def test_stdin_is_json(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run("-", None, io.StringIO(json.dumps(GOOD)), out) == EXIT_OK
    assert json.loads(out.getvalue())["id"] == "a"


def test_out_file_is_written(tmp_path: Path) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(BAD), encoding="utf-8")
    target = tmp_path / "result.json"
    stdout = io.StringIO()
    assert run(str(source), str(target), None, stdout) == EXIT_RECORD_ERRORS
    assert stdout.getvalue() == ""
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "b"


def test_duplicate_key_is_a_record_error(tmp_path: Path) -> None:
    text = '{"id": "d", "id": "e", "index_day": "2024-03-31", "drugs": [{"name": "x",'
    text += ' "start": "2024-03-01"}]}'
    code, out = run_on(tmp_path, "dup.json", text)
    assert code == EXIT_RECORD_ERRORS
    assert out["errors"][0]["field"] == "id"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken.json", '{"id": "a",'),
        ("nan.json", '{"id": NaN}'),
        ("cases.csv", "id,index_day\na,2024-03-31\n"),
        ("cases.txt", "{}"),
        ("broken.jsonl", json.dumps(GOOD) + "\n{"),
    ],
)
def test_usage_problems_exit_two(tmp_path: Path, name: str, text: str) -> None:
    code, out = run_on(tmp_path, name, text)
    assert (code, out) == (EXIT_USAGE, None)


def test_missing_file_exits_two(tmp_path: Path) -> None:
    assert run(str(tmp_path / "absent.json"), None, None, io.StringIO()) == EXIT_USAGE


def test_non_json_out_extension_exits_two(tmp_path: Path) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(GOOD), encoding="utf-8")
    assert run(str(source), str(tmp_path / "x.csv"), None, io.StringIO()) == EXIT_USAGE
