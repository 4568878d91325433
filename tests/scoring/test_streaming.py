"""`score` and `validate` read in chunks (issue 14): the same bytes as the whole-file engine.

golden_outputs.json was captured from the engine before streaming (commit "Golden outputs
of score/validate captured ..."), on the inputs of golden_inputs.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import stream
from scoring.cli import main
from tests.scoring.golden_inputs import SCORE_INPUTS, VALIDATE_INPUTS, inputs

GOLDEN = json.loads((Path(__file__).parent / "golden_outputs.json").read_text(encoding="utf-8"))
INPUTS = inputs()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text(INPUTS[name], encoding="utf-8", newline="")
    return path


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", SCORE_INPUTS)
@pytest.mark.parametrize("chunk_rows", [None, 1, 7, 1000])
def test_score_output_is_byte_identical_to_the_whole_file_engine(
    tmp_path: Path, name: str, chunk_rows: int | None
) -> None:
    small = chunk_rows in (1, 7)
    if small and name in ("gen_mid.csv", "gen_mid.jsonl"):
        chunk_rows = 333 if chunk_rows == 1 else 1237  # tiny chunks: on the small files
    path = _write(tmp_path, name)
    extra = [] if chunk_rows is None else ["--chunk-rows", str(chunk_rows)]
    golden = GOLDEN["score"][name]
    code, out, _ = run(["score", str(path), *extra])
    assert [code, _sha(out.encode("utf-8"))] == golden["stdout"]
    if name.endswith(".jsonl"):
        code, out, _ = run(["score", "-", *extra], stdin=INPUTS[name])
        assert [code, _sha(out.encode("utf-8"))] == golden["stdout"]
    # CSV output is written by Arrow chunk by chunk; JSON arrays element by element.
    for ext in ("csv",) if small else ("csv", "jsonl", "json"):
        target = tmp_path / f"out.{ext}"
        code, _, _ = run(["score", str(path), "--out", str(target), *extra])
        assert [code, _sha(target.read_bytes())] == golden[ext], ext


def _assert_close(got: object, want: object, where: str = "") -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(want) <= set(got), where
        for key in want:
            _assert_close(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_close(g, w, f"{where}[{i}]")
    elif isinstance(want, float):
        # The recalibration was sklearn's lbfgs (tol 1e-12); now an exact Newton fit.
        assert got == pytest.approx(want, rel=1e-7, abs=1e-9), where
    else:
        assert got == want, where


@pytest.mark.parametrize("name", VALIDATE_INPUTS)
@pytest.mark.parametrize("chunk_rows", [None, 1, 97])
def test_validate_equals_the_whole_file_engine(tmp_path: Path, name: str, chunk_rows) -> None:
    if chunk_rows == 1 and name == "gen_died.csv":
        chunk_rows = 5  # 1-row chunks on the 400-row file; keep the suite quick
    path = _write(tmp_path, name)
    extra = [] if chunk_rows is None else ["--chunk-rows", str(chunk_rows)]
    code, out, _ = run(["validate", str(path), *extra])
    want_code, want = GOLDEN["validate"][name]
    want = dict(want)
    got = json.loads(out)
    # The record errors, stored as a count and a hash (thousands of them), match exactly.
    errors = got.pop("errors")
    assert len(errors) == want.pop("errors_count")
    assert _sha(json.dumps(errors, ensure_ascii=False).encode()) == want.pop("errors_sha256")
    assert code == want_code
    _assert_close(got, want)


# Cells with commas, quotes and line breaks, so Arrow's blocks and our chunks both fall
# inside quoted multi-line fields.
cell = st.one_of(
    st.sampled_from(["", "40", "41", "120", "yes", "no", "abc", "10", "30.5", " 7 ", "-1"]),
    st.text(alphabet='ab,"\n\r =', max_size=12),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(cell, cell, cell, cell), min_size=0, max_size=25),
    chunk_rows=st.integers(1, 30),
    block=st.sampled_from([1, 2, 4, 64, 4096]),  # x 16 bytes
)
def test_chunked_csv_scoring_equals_whole_file_scoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows, chunk_rows: int, block: int
) -> None:
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "age_years", "bsa_detached_pct", "malignancy"])
        writer.writerows(rows)
    # Blocks of a few dozen bytes: boundaries fall inside quoted fields and records; a
    # record larger than a block makes the reader re-open with larger blocks.
    monkeypatch.setattr(stream, "CSV_BLOCK_BYTES", block * 16)
    whole = run(["score", str(path), "--chunk-rows", str(10**9)])
    chunked = run(["score", str(path), "--chunk-rows", str(chunk_rows)])
    assert chunked == whole
    assert whole[0] in (0, 1)
    assert len(whole[1].splitlines()) == len(rows)


@settings(max_examples=40, deadline=None)
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "age_years", "heart_rate_bpm", "extra", "other"]),
            st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=5)),
        ),
        max_size=20,
    ),
    chunk_rows=st.integers(1, 25),
)
def test_chunked_jsonl_scoring_equals_whole_file_scoring(records, chunk_rows: int) -> None:
    text = "\n".join(json.dumps(r) for r in records)
    whole = run(["score", "-", "--chunk-rows", str(10**9)], stdin=text)
    chunked = run(["score", "-", "--chunk-rows", str(chunk_rows)], stdin=text)
    assert chunked == whole


def test_a_record_larger_than_a_block_reopens_the_reader(tmp_path: Path) -> None:
    """A valid CSV with one 20 MB cell (issue 13) is scored, in order."""
    big = "x" * (20 * 1024 * 1024)
    path = tmp_path / "big.csv"
    lines = ["id,age_years"] + [f'"a{i}\nb",50' for i in range(3000)] + [f"{big},50", "z,51"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["score", str(path)])
    assert (code, err) == (0, "")
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids[2999] == "a2999\nb" and ids[3000] == big and ids[3001] == "z"


def test_a_record_over_the_limit_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CSV_BLOCK_BYTES", 1024)
    monkeypatch.setattr(stream, "MAX_CSV_BLOCK_BYTES", 8192)
    path = tmp_path / "big.csv"
    small = "".join(f"a{i},50\n" for i in range(500))
    huge = "x\n" * 10_000  # one quoted cell of 10,000 lines
    path.write_text(f'id,age_years\n{small}"{huge}",50\n{small}', encoding="utf-8")
    target = tmp_path / "out.csv"
    code, _, err = run(["score", str(path), "--out", str(target), "--chunk-rows", "100"])
    assert code == 2
    assert err == (
        f"error: {path}: a CSV record (row) is larger than 8 KiB, the largest this reader takes\n"
    )
    assert not target.exists()  # no partial output passing for a complete one


def test_json_array_over_the_limit_is_refused_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "MAX_JSON_BYTES", 1024)
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"id": str(i)} for i in range(200)]), encoding="utf-8")
    code, out, err = run(["score", str(path)])
    assert (code, out) == (2, "")
    assert "read whole, and the limit is 0 MiB" in err or "the limit is" in err
    assert ".jsonl" in err


def test_chunk_rows_must_be_positive(tmp_path: Path) -> None:
    path = _write(tmp_path, "test_cli.csv")
    assert run(["score", str(path), "--chunk-rows", "0"])[0] == 2
    assert run(["score", str(path), "--chunk-rows", "x"])[0] == 2


def test_progress_line_only_when_asked_or_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "gen_mid.csv")
    monkeypatch.setattr(stream.Progress, "AFTER_S", 0.0)
    monkeypatch.setattr(stream.Progress, "EVERY_S", 0.0)
    # StringIO is not a terminal: off by default
    assert run(["score", str(path), "--chunk-rows", "1000"])[2] == ""
    code, out, err = run(["score", str(path), "--chunk-rows", "1000", "--progress"])
    assert code == 1 and len(out.splitlines()) == 5000
    assert "5,000 rows done" in err and "rows/s" in err and err.endswith("\n")
    assert run(["validate", str(path), "--progress"])[2].startswith("\r")
