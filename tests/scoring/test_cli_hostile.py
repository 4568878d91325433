"""Hostile and awkward inputs to `python -m scoring` (issue 13, "CLI"); SECURITY.md,
"Command line", names each test here next to the attack class it holds."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cohort.upload import score_upload, scored_csv
from scoring import stream
from scoring import tabular as sio
from scoring.cli import EXIT_BROKEN_PIPE, main

ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def module(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scoring", *args], cwd=ROOT, stderr=subprocess.PIPE, **kwargs
    )


# --- wide headers ------------------------------------------------------------------------


class CountedName(str):
    """A column name that counts how often it is hashed or compared."""

    operations = 0

    def __hash__(self) -> int:
        CountedName.operations += 1
        return super().__hash__()

    def __eq__(self, other: object) -> bool:
        CountedName.operations += 1
        return super().__eq__(other)


def test_duplicate_column_check_is_linear() -> None:
    # Counted, not timed (a busy CI machine blurs time): a pairwise check compares every
    # name with every other (n² = 4,000,000 here) and took minutes at 200,000 columns.
    names = [CountedName(f"c{i}") for i in range(2000)]
    CountedName.operations = 0
    assert sio.duplicated_column(names) is None
    assert CountedName.operations <= 3 * len(names)
    CountedName.operations = 0
    assert sio.duplicated_column([*names, CountedName("c7"), CountedName("c3")]) == "c3"
    assert CountedName.operations <= 3 * (len(names) + 2)


def test_duplicate_column_check_at_full_width() -> None:
    names = [f"c{i}" for i in range(200_000)]
    assert sio.duplicated_column(names) is None
    assert sio.duplicated_column([*names, "c7", "c3"]) == "c3"


def test_too_many_columns_is_a_clear_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    names = [f"extra_{i}" for i in range(120_000)]
    path.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    code, out, err = run(["score", str(path)])
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}: 120,000 columns; the limit is {stream.MAX_COLUMNS:,} "
        "(drop the columns the scores do not use)\n"
    )


def test_a_repeated_column_in_a_wide_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    names = [f"extra_{i}" for i in range(4000)] + ["age_years", "age_years"]
    path.write_text(",".join(names) + "\n")
    code, _, err = run(["score", str(path)])
    assert code == 2 and "column given twice: age_years" in err


# --- unknown columns: once per file ------------------------------------------------------


def test_unknown_columns_are_warned_once_per_file_in_jsonl(tmp_path: Path) -> None:
    extra = {f"x{i}": i for i in range(1000)}
    path = tmp_path / "wide.jsonl"
    records = [{"id": f"r{i}", "age_years": 50, **extra} for i in range(50)]
    records.append({"id": "late", "age_years": 50, "new_one": 1, **extra})
    text = "\n".join(json.dumps(r) for r in records) + "\n"
    path.write_text(text)
    code, out, _ = run(["score", str(path), "--chunk-rows", "7"])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows[0]["warnings"]) == 1000
    assert rows[0]["warnings"][0] == {"field": "x0", "message": "x0: unknown field, ignored."}
    assert all(r["warnings"] == [] for r in rows[1:50])
    assert [w["field"] for w in rows[50]["warnings"]] == ["new_one"]  # new in that record
    assert len(out) < len(text)  # was 63 x the input


def test_unknown_columns_are_warned_once_per_file_in_csv(tmp_path: Path) -> None:
    path, target = tmp_path / "wide.csv", tmp_path / "out.csv"
    names = ["id", "age_years", *(f"x{i}" for i in range(1000))]
    rows = [[f"r{i}", "50", *("1" for _ in range(1000))] for i in range(300)]
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows([names, *rows])
    code, _, err = run(["score", str(path), "--out", str(target), "--chunk-rows", "100"])
    assert (code, err) == (0, "")
    with open(target, newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 300
    assert written[0]["warnings"].count("unknown field, ignored.") == 1000
    assert all(r["warnings"] == "" for r in written[1:])
    assert target.stat().st_size < path.stat().st_size


# --- closed pipes and full disks ---------------------------------------------------------


def _first_line_then_close(args: list[str]) -> tuple[bytes, int, bytes]:
    process = module(args, stdout=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    code = process.wait(timeout=120)
    return first, code, process.stderr.read()


@pytest.fixture(scope="module")
def long_cohort(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pipe") / "long.csv"
    lines = ["id,age_years,heart_rate_bpm,died"]
    lines += [f"p{i},{20 + i % 70},{i % 150},{'abc' if i % 2 else 'yes'}" for i in range(60_000)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("command", ["score", "validate"])
def test_a_closed_pipe_ends_quietly_like_unix_tools(long_cohort: Path, command: str) -> None:
    first, code, err = _first_line_then_close([command, str(long_cohort)])
    assert first.strip()
    assert err == b""
    assert code == EXIT_BROKEN_PIPE == 128 + signal.SIGPIPE


def test_a_closed_pipe_ends_alden_quietly(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    case = {"id": "x", "index_day": "2024-01-10", "drugs": [{"name": "lamotrigine",
            "start": "2024-01-01", "stop": None}]}  # fmt: skip
    path.write_text(json.dumps([case] * 3000))
    first, code, err = _first_line_then_close(["alden", str(path)])
    assert (first, err, code) == (b"[\n", b"", EXIT_BROKEN_PIPE)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("suffix", ["csv", "jsonl", "json"])
def test_a_full_disk_is_a_clear_exit_2_message(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "age_years": 50}\n' * 20_000)
    target = tmp_path / f"out.{suffix}"
    target.symlink_to("/dev/full")  # every write fails with ENOSPC
    code, out, err = run(["score", str(source), "--out", str(target)])
    assert (code, out) == (2, "")
    assert err == f"error: {target}: cannot write (No space left on device)\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_a_clear_exit_2_message(long_cohort: Path) -> None:
    with open("/dev/full", "w") as full:
        process = module(["score", str(long_cohort)], stdout=full)
        code = process.wait(timeout=120)
    assert code == 2
    assert process.stderr.read() == b"error: cannot write the output (No space left on device)\n"


def test_an_unreadable_input_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier results\n")
    code, _, err = run(["score", str(tmp_path / "missing.csv"), "--out", str(target)])
    assert code == 2 and "cannot read" in err
    assert target.read_text() == "earlier results\n"


def test_a_malformed_record_further_on_removes_the_cut_short_output(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": "a"}\n' * 100 + "{not json\n")
    code, _, err = run(["score", str(source), "--out", str(target), "--chunk-rows", "10"])
    assert code == 2 and "line 101: malformed JSON" in err
    assert not target.exists()


# --- byte order mark on standard input ---------------------------------------------------


def test_a_bom_on_standard_input_is_accepted() -> None:
    code, out, err = run(["score", "-"], stdin='\ufeff{"id": "bom", "age_years": 50}\n')
    assert (code, err) == (0, "")
    assert json.loads(out)["id"] == "bom"
    code, out, _ = run(["alden", "-"], stdin='\ufeff{"id": "x", "index_day": "2024-01-10", '
                       '"drugs": []}')  # fmt: skip
    assert code != 2 and json.loads(out)["id"] == "x"  # read (no drugs is a record error)


def test_a_bom_on_real_standard_input_is_accepted() -> None:
    process = module(["score", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out, err = process.communicate('\ufeff{"id": "b"}\n'.encode(), timeout=60)
    assert (process.returncode, err) == (0, b"")
    assert json.loads(out)["id"] == "b"


# --- formula neutralisation ----------------------------------------------------------------

RISKY = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",  # a leading line feed
    " =1",  # leading spaces
    "   @x",
    "\u00a0=1",  # no-break space
    "\u3000=1",  # ideographic space
    "\u200b=1",  # zero-width space
    "\u200d+1",  # zero-width joiner
    "\u2060-1",  # word joiner
    "\ufeff=1",  # BOM
    " \u200b\ufeff=1",
    "\uff1dSUM(A1)",  # fullwidth equals
    "\uff0b1",  # fullwidth plus
    "\uff0d1",  # fullwidth minus
    "\uff20x",  # fullwidth at
    " \uff1d1",
]
SAFE = ["", "abc", "1", " 1", "a=b", "x\n=1", "\u200bword", "'=quoted"]


@pytest.mark.parametrize("cell", RISKY)
def test_risky_cells_are_neutralised(cell: str) -> None:
    assert sio.neutralise_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", SAFE)
def test_harmless_cells_are_left_alone(cell: str) -> None:
    assert sio.neutralise_formula(cell) == cell


def test_cli_csv_and_cohort_download_neutralise_every_risky_cell(tmp_path: Path) -> None:
    """The one rule (scoring.tabular.FORMULA_PATTERN) in `score --out x.csv` and the Cohort
    page's download (cohort.upload.scored_csv), for ids and echoed unknown columns."""
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    rows = [[cell, "50", "yes", cell] for cell in RISKY + SAFE]
    with open(source, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "age_years", "died", "\uff1dcmd"], *rows])
    run(["score", str(source), "--out", str(target)])
    upload = score_upload(source.read_bytes())
    for data in (target.read_bytes(), scored_csv(upload)):
        table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        ids = [line[0] for line in table[1:]]
        assert ids == [sio.neutralise_formula(cell) or "" for cell in RISKY + SAFE]
        for line in table:
            for cell in line:
                assert sio.neutralise_formula(cell) == cell, cell  # nothing left to neutralise
