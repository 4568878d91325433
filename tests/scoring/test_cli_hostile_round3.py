"""Hostile inputs to `python -m scoring`, round 3 (issue 21): losing or mixing output,
decoding problems, internals in messages, limits. SECURITY.md, "Command line", names each
test here next to the attack class it holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from scoring import alden_io, batch, bounds, cli, stream
from scoring import tabular as sio
from tests.scoring.test_cli_hostile import module, run

ROOT = Path(__file__).resolve().parents[2]
RECORD = '{"id": "a", "age_years": 50}\n'


def shell(command: str, stdin: bytes = b"", env: dict[str, str] | None = None):
    """`python -m scoring ...` through bash, for redirections such as `<&-`."""
    return subprocess.run(
        ["bash", "-c", command.replace("SCORING", f"{sys.executable} -m scoring")],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


# --- the output is the input ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["score", "validate", "alden"])
@pytest.mark.parametrize("how", ["same path", "another path", "symbolic link", "hard link"])
def test_an_output_that_is_the_input_is_refused(tmp_path: Path, command: str, how: str) -> None:
    suffix = ".json" if command in ("validate", "alden") else ".jsonl"
    source = tmp_path / f"in{suffix}"
    text = RECORD * 50 if suffix == ".jsonl" else '{"id": "a", "age_years": 50}\n'
    source.write_text(text)
    (tmp_path / "sub").mkdir()
    target = {
        "same path": source,
        "another path": tmp_path / "sub" / ".." / source.name,
        "symbolic link": tmp_path / f"link{suffix}",
        "hard link": tmp_path / f"hard{suffix}",
    }[how]
    if how == "symbolic link":
        target.symlink_to(source)
    if how == "hard link":
        os.link(source, target)
    code, out, err = run([command, str(source), "--out", str(target)])
    assert (code, out) == (2, "")
    assert "is the input file" in err and "Write the output to another file" in err
    assert source.read_text() == text


def test_standard_input_redirected_from_the_output_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD * 50)
    done = shell(f"SCORING score - --out {source} < {source}")
    assert done.returncode == 2 and b"is the input file (standard input)" in done.stderr
    assert source.read_text() == RECORD * 50


def test_a_large_same_file_run_keeps_the_input(tmp_path: Path) -> None:
    # The adversarial run: at 1 M rows `score big.csv --out big.csv` deleted big.csv.
    source = tmp_path / "big.csv"
    text = "id,age_years\n" + "".join(f"r{i},50\n" for i in range(30_000))
    source.write_text(text)
    code, _, err = run(["score", str(source), "--out", str(source), "--chunk-rows", "1000"])
    assert code == 2 and "is the input file" in err
    assert source.read_text() == text


# --- a failed run, and two runs on one output -------------------------------------------------


def _leftovers(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


def test_a_failed_run_leaves_an_earlier_output_untouched_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(RECORD * 100 + "{not json\n")
    target.write_text("earlier results\n")
    code, _, err = run(["score", str(source), "--out", str(target), "--chunk-rows", "10"])
    assert code == 2 and "line 101: malformed JSON" in err
    assert target.read_text() == "earlier results\n"
    assert _leftovers(tmp_path, source, target) == []


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "json"])
def test_a_successful_run_replaces_the_output_with_normal_permissions(
    tmp_path: Path, suffix: str
) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / f"out.{suffix}"
    source.write_text(RECORD * 5)
    target.write_text("earlier results\n")
    code, _, _ = run(["score", str(source), "--out", str(target)])
    assert code == 0 and "earlier" not in target.read_text()
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert _leftovers(tmp_path, source, target) == []


def test_an_output_through_a_link_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    source, real, link = tmp_path / "in.jsonl", tmp_path / "real.jsonl", tmp_path / "l.jsonl"
    source.write_text(RECORD)
    real.write_text("earlier\n")
    link.symlink_to(real)
    assert run(["score", str(source), "--out", str(link)])[0] == 0
    assert link.is_symlink() and json.loads(real.read_text())["id"] == "a"


def _start_streaming_run(tmp_path: Path, target: Path, lines: int) -> subprocess.Popen:
    """A `score -` run fed through a pipe, stopped after `lines` records have been read
    and its first chunks written (its output, or temporary output, exists)."""
    process = module(
        ["score", "-", "--out", str(target), "--chunk-rows", "1000"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert process.stdin is not None
    process.stdin.write((RECORD * lines).encode())
    process.stdin.flush()
    # Waits for the run's own output, not the clock: two chunks written (or it ended).
    while _written_lines(tmp_path) < 2_000:
        assert process.poll() is None, "the streaming run ended before writing two chunks"
        time.sleep(0.05)
    return process


def _written_lines(tmp_path: Path) -> int:
    """Lines in the run's output or temporary output so far (0 before it exists)."""
    outputs = [p for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))]
    return sum(p.read_bytes().count(b"\n") for p in outputs)


def _expected(tmp_path: Path, records: str) -> str:
    source = tmp_path / "expected_in.jsonl"
    source.write_text(records)
    _, out, _ = run(["score", str(source)])
    source.unlink()
    return out


def test_two_runs_on_one_output_do_not_interleave(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    slow = _start_streaming_run(tmp_path, target, 5_000)
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "b", "age_years": 60}\n' * 200)
    assert run(["score", str(small), "--out", str(target)])[0] == 0  # finishes first
    slow.communicate((RECORD * 5_000).encode(), timeout=120)
    assert slow.returncode == 0
    # The last run to finish wins whole: its 10,000 records, nothing of the other.
    assert target.read_text() == _expected(tmp_path, RECORD * 10_000)


def test_a_failed_run_does_not_delete_the_output_of_another_run(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    failing = _start_streaming_run(tmp_path, target, 5_000)
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "b", "age_years": 60}\n' * 200)
    assert run(["score", str(small), "--out", str(target)])[0] == 0
    _, err = failing.communicate(b"{not json\n", timeout=120)
    assert failing.returncode == 2 and b"malformed JSON" in err
    assert target.read_text() == _expected(tmp_path, '{"id": "b", "age_years": 60}\n' * 200)
    assert _leftovers(tmp_path, small, target) == []


# --- decoding ---------------------------------------------------------------------------------

SURROGATE_RECORD = '{"id": "\\ud800", "age_years": 50}\n'


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "json"])
def test_a_lone_surrogate_is_an_error_for_that_record_only(tmp_path: Path, suffix: str) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / f"out.{suffix}"
    source.write_text(RECORD * 30 + SURROGATE_RECORD + RECORD * 30)
    code, _, err = run(["score", str(source), "--out", str(target), "--chunk-rows", "20"])
    assert (code, err) == (1, "")
    text = target.read_text(encoding="utf-8")  # strict: valid UTF-8
    if suffix == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert len(rows) == 61
        bad = rows[30]
        assert bad["id"] == "\ufffd" and bad["scorten"]["score"] is None
        assert bad["errors"][0]["field"] == "id"
        assert "not valid Unicode text" in bad["errors"][0]["message"]
        assert all(not r["errors"] for i, r in enumerate(rows) if i != 30)
    else:
        assert "not valid Unicode text" in text


def test_a_lone_surrogate_anywhere_in_a_record_names_its_field() -> None:
    stdin = '{"id": "x", "age_years": "5\\udc00"}\n{"id": "y", "\\ud83d": 1}\n' + RECORD
    code, out, _ = run(["score", "-"], stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(rows) == 3
    assert rows[0]["errors"][0]["field"] == "age_years"
    assert rows[1]["errors"][0]["field"] == "\ufffd"
    assert rows[2]["errors"] == []


def test_validate_counts_a_lone_surrogate_record_as_invalid(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(RECORD * 3 + SURROGATE_RECORD)
    code, out, err = run(["validate", str(source)])
    report = json.loads(out)
    assert code == 1 and "internal error" not in err
    assert report["n"] == 4 and report["left_out"]["invalid"] == 1
    assert [e["record"] for e in report["errors"] if e["record"]] == [4]


def test_surrogates_decoded_from_bytes_are_errors_for_their_record() -> None:
    # What a C locale's standard input makes of bytes that are not UTF-8.
    code, out, _ = run(["score", "-"], stdin='{"id": "\udcff"}\n' + RECORD)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and rows[0]["errors"][0]["field"] == "id" and rows[1]["errors"] == []


@pytest.mark.parametrize("command", ["score", "validate", "alden"])
@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_invalid_utf8_on_standard_input_is_a_usage_error(command: str, locale: str) -> None:
    data = b'{"id": "\xff", "age_years": 50}\n'
    done = shell(f"SCORING {command} -", stdin=data, env={"LC_ALL": locale})
    assert done.returncode == 2
    assert done.stderr == b"error: standard input: not UTF-8 text\n"


@pytest.mark.parametrize("command", ["score", "validate", "alden"])
def test_a_closed_standard_input_is_a_usage_error(command: str) -> None:
    done = shell(f"SCORING {command} - <&-")
    assert done.returncode == 2
    assert done.stderr.startswith(b"error: standard input is closed")


def test_alden_with_surrogates_reports_the_record_and_writes_valid_utf8() -> None:
    drug = '{"name": "lamotrigine", "start": "2024-01-01"}'
    bad = f'{{"id": "x\\ud800", "index_day": "2024-01-10", "drugs": [{drug}]}}'
    bad_drug = '{"id": "y", "index_day": "2024-01-10", "drugs": [{"name": "a\\udc00b", "start": "2024-01-01"}]}'  # noqa: E501
    good = f'{{"id": "ok", "index_day": "2024-01-10", "drugs": [{drug}]}}'
    done = shell("SCORING alden -", stdin=f"[{bad}, {bad_drug}, {good}]".encode())
    assert done.returncode == 1 and done.stderr == b""
    results = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8
    assert results[0]["id"] == "x\ufffd" and results[0]["errors"][0]["field"] == "id"
    assert results[1]["errors"][0]["field"] == "drugs" and results[1]["drugs"] == []
    assert results[2]["errors"] == [] and results[2]["drugs"][0]["score"] is not None


# --- messages without internals; id -------------------------------------------------------


def test_a_huge_integer_is_an_error_for_its_field_without_python_advice() -> None:
    stdin = '{"id": "q", "age_years": 1' + "0" * 5_000 + "}\n" + RECORD
    code, out, err = run(["score", "-"], stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert (code, err) == (1, "")
    assert rows[0]["errors"] == [
        {"field": "age_years", "message": "age_years: expected a finite number."}
    ]
    assert rows[1]["errors"] == [] and "set_int_max_str_digits" not in out


@pytest.mark.parametrize(
    ("value", "described"),
    [('{"a": 1}', "an object"), ("[40]", "a list"), ("true", "true"), ("false", "false")],
)
def test_messages_describe_values_in_json_words(value: str, described: str) -> None:
    _, out, _ = run(["score", "-"], stdin=f'{{"age_years": {value}}}\n')
    message = json.loads(out)["errors"][0]["message"]
    assert message == f"age_years: expected a number, got {described}."
    assert "JsonObject" not in out and "dict" not in out


@pytest.mark.parametrize("value", ["[1, 2]", '{"a": 1}', "true"])
def test_an_id_that_is_not_text_or_a_number_is_a_record_error(tmp_path: Path, value: str) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.csv"
    source.write_text(f'{{"id": {value}, "age_years": 50}}\n' + RECORD)
    code, _, _ = run(["score", str(source), "--out", str(target)])
    assert code == 1
    rows = target.read_text().splitlines()
    assert rows[1].startswith(",") and "expected text or a number" in rows[1]
    assert "[1" not in target.read_text() and "True" not in target.read_text()
    _, out, _ = run(["score", str(source)])
    first = json.loads(out.splitlines()[0])
    assert first["id"] is None and first["scorten"]["score"] is None
    assert first["errors"][0]["field"] == "id"


@pytest.mark.parametrize("value", ['"r1"', "7", "7.0", "null"])
def test_an_id_that_is_text_or_a_number_is_accepted(value: str) -> None:
    code, out, _ = run(["score", "-"], stdin=f'{{"id": {value}, "age_years": 50}}\n')
    assert code == 0 and json.loads(out)["errors"] == []


# --- limits ----------------------------------------------------------------------------------


def test_a_jsonl_line_over_the_limit_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    long_value = "x" * (stream.MAX_JSONL_LINE_CHARS + 10)
    source.write_text(RECORD + f'{{"id": "{long_value}"}}\n')
    code, _, err = run(["score", str(source)])
    assert code == 2
    assert err == (
        f"error: {source} line 2: longer than 1,048,576 characters (1 MiB), "
        "the longest JSONL record this reader takes\n"
    )


def test_a_jsonl_line_at_the_limit_is_read() -> None:
    padding = stream.MAX_JSONL_LINE_CHARS - len('{"id": ""}')
    code, out, _ = run(["score", "-"], stdin='{"id": "' + "x" * padding + '"}\n')
    assert code == 0 and len(json.loads(out)["id"]) == padding


def test_alden_input_over_the_limit_is_a_usage_error() -> None:
    code, _, err = run(["alden", "-"], stdin="[" + "1," * alden_io.MAX_INPUT_CHARS + "1]")
    assert code == 2
    assert err == (
        "error: standard input: more than 1,048,576 characters; the limit is 1,048,576 "
        "(1 MiB of text) for this input\n"
    )


def test_alden_with_too_many_cases_is_a_usage_error() -> None:
    code, _, err = run(["alden", "-"], stdin="[" + ",".join(["1"] * 5_001) + "]")
    assert code == 2
    assert err == (
        "error: standard input: 5,001 cases; alden takes at most 5,000 cases a run "
        "(split the file)\n"
    )


def test_a_case_with_too_many_drugs_is_an_error_for_that_case() -> None:
    drug = '{"name": "lamotrigine", "start": "2024-01-01"}'
    many = f'{{"id": "m", "index_day": "2024-01-10", "drugs": [{",".join([drug] * 101)}]}}'
    ok = f'{{"id": "ok", "index_day": "2024-01-10", "drugs": [{",".join([drug] * 100)}]}}'
    code, out, _ = run(["alden", "-"], stdin=f"[{many}, {ok}]")
    results = json.loads(out)
    assert code == 1
    assert results[0]["errors"] == [
        {
            "field": "drugs",
            "message": "drugs: 101 drugs; a case takes at most 100 "
            "(the drugs taken in the weeks before the reaction)",
        }
    ]
    assert results[1]["errors"] == [] and len(results[1]["drugs"]) == 100


# --- no hostile input reaches "internal error" -----------------------------------------------

HOSTILE_STDIN = {
    "lone surrogate": SURROGATE_RECORD,
    "surrogate from bytes": '{"id": "\udcff"}\n',
    "surrogate key": '{"\\udfff": 1}\n',
    "surrogate in a list": '{"id": ["\\ud800"]}\n',
    "huge integer": '{"age_years": 1' + "0" * 5_000 + "}\n",
    "huge integer id": '{"id": 1' + "0" * 5_000 + "}\n",
    "object id": '{"id": {"a": [1]}}\n',
    "object value": '{"age_years": {"a": 1}}\n',
    "deep nesting": "[" * 100_000 + "]" * 100_000 + "\n",
    "not an object": "[1, 2]\n",
    "NaN": '{"age_years": NaN}\n',
    "long line": '{"id": "' + "x" * (stream.MAX_JSONL_LINE_CHARS + 1) + '"}\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_STDIN))
@pytest.mark.parametrize("command", ["score", "validate", "alden"])
def test_no_hostile_input_reaches_internal_error(command: str, name: str) -> None:
    code, out, err = run([command, "-"], stdin=HOSTILE_STDIN[name])
    assert "internal error" not in err and "Traceback" not in err
    assert code in (1, 2)
    out.encode("utf-8")  # nothing written that is not UTF-8


# --- formula quoting: every invisible or blank prefix ----------------------------------------


def _invisible_or_blank_everywhere() -> list[str]:
    """Computed over all of Unicode (the module looks in planes 0, 1 and 14 only)."""
    import unicodedata

    return [
        chr(c) for c in range(0x110000) if chr(c).isspace() or unicodedata.category(chr(c)) == "Cf"
    ]


def test_the_prefix_set_is_every_format_character_and_whitespace() -> None:
    assert sorted(sio.FORMULA_PREFIXES) == _invisible_or_blank_everywhere()


@pytest.mark.parametrize("prefix", ["\u200e", "\u00ad", "\u180e", "\u200f", "\u2066", "\u061c",
                                    "\U000e0020", "\u2028", "\u1680", "\u202f"])  # fmt: skip
@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_reported_invisible_prefixes_are_neutralised(prefix: str, trigger: str) -> None:
    cell = f"{prefix}{trigger}HYPERLINK(1)"
    assert sio.neutralise_formula(cell) == "'" + cell
    assert sio.neutralise_formula(prefix * 3 + cell) == "'" + prefix * 3 + cell


def test_every_prefix_is_neutralised_by_the_csv_writer_and_the_function(tmp_path: Path) -> None:
    cells = [f"{p}={i}" for i, p in enumerate(_invisible_or_blank_everywhere())]
    table = pa.table({"id": pa.array([*cells, "plain", "1-2"])})
    column = sio.safe_csv_table(table).column("id").to_pylist()
    assert column == [*("'" + c for c in cells), "plain", "1-2"]
    assert [sio.neutralise_formula(c) for c in cells] == ["'" + c for c in cells]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.csv"
    source.write_text("".join(json.dumps({"id": c}) + "\n" for c in cells[:50]))
    run(["score", str(source), "--out", str(target)])
    written = pacsv.read_csv(target).column("id").to_pylist()
    assert written == ["'" + c for c in cells[:50]]


# --- bad rows: a bounded list of errors, one message per distinct value ----------------------


@pytest.mark.parametrize("chunk_rows", ["7", "20000"])
def test_validate_lists_the_first_errors_and_counts_the_rest(
    tmp_path: Path, chunk_rows: str
) -> None:
    source = tmp_path / "in.csv"
    rows = "".join(f"r{i},-5,yes\n" for i in range(2_500))
    source.write_text("id,age_years,died\n" + rows)
    code, out, _ = run(["validate", str(source), "--chunk-rows", chunk_rows])
    report = json.loads(out)
    assert code == 1 and report["n"] == 2_500 and report["left_out"]["invalid"] == 2_500
    listed = [e for e in report["errors"] if e["record"] is not None]
    assert len(listed) == cli.MAX_LISTED_ERRORS == 1_000
    assert [e["record"] for e in listed] == list(range(1, 1_001))
    assert report["errors_not_listed"] == 1_500


def test_a_validate_report_with_few_errors_has_no_count_of_unlisted_ones(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,age_years,died\na,-5,yes\nb,50,no\n")
    report = json.loads(run(["validate", str(source)])[1])
    assert "errors_not_listed" not in report and len(report["errors"]) >= 1


def test_rows_with_the_same_bad_value_build_its_message_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[float] = []
    original = bounds.error_message

    def counting(limits: bounds.FieldBounds, value: float) -> str | None:
        calls.append(value)
        return original(limits, value)

    monkeypatch.setattr(bounds, "error_message", counting)
    table = pa.table({"age_years": pa.array(["-5"] * 10_000 + ["-6", "-0", "0"])})
    result = batch.score_table(table)
    assert sorted(calls) == [-6.0, -5.0]  # -0 and 0 are possible ages (>= 0)

    def pairs(row: int) -> list[tuple[str | None, str]]:
        return [(issue.field, issue.message) for issue in result.errors[row]]

    assert pairs(0) == pairs(9_999) == [("age_years", original(
        bounds.BOUNDS["age_years"], -5.0))]  # fmt: skip
    assert pairs(10_000) == [("age_years", original(bounds.BOUNDS["age_years"], -6.0))]
    # The screen's Text of it is built once too (issue 23): the same object on every row.
    assert result.errors[0][0].text is result.errors[9_999][0].text
