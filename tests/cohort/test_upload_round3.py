"""Cohort upload, round 3 (issue 21): the CLI's reader and limits, messages in screen
words, memory given back. SECURITY.md, "Attack classes", names each test here."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cohort import upload
from cohort.upload import (
    MAX_COLUMNS,
    MAX_LINES,
    NO_ROWS_MESSAGE,
    UTF16_MESSAGE,
    UploadError,
    score_upload,
    scored_csv,
)
from scoring import stream
from scoring.cli import main

HEADER = "id,age_years,died"


def refused(data: bytes) -> str:
    with pytest.raises(UploadError) as caught:
        score_upload(data)
    return str(caught.value)


def test_one_cell_of_4_mb_is_read() -> None:
    cell = "x" * 4_000_000
    result = score_upload(f"{HEADER}\n{cell},50,yes\nb,60,no\n".encode())
    assert result.n == 2 and result.result.row(0)["id"] == cell
    assert result.result.row(1)["id"] == "b"


@pytest.mark.parametrize("data", [b"id,age_years,died", b"id,age_years,died\n",
                                  b"id,age_years,died\r\n", b"\xef\xbb\xbfdied"])  # fmt: skip
def test_a_header_alone_with_or_without_its_line_break_has_no_rows(data: bytes) -> None:
    assert refused(data) == NO_ROWS_MESSAGE == "The file has a header but no rows."


def test_a_last_row_without_its_line_break_is_read() -> None:
    result = score_upload(f"{HEADER}\na,50,yes\nb,60,no".encode())
    assert [result.result.row(i)["id"] for i in range(result.n)] == ["a", "b"]


def test_more_columns_than_the_cli_takes_is_refused_in_screen_words() -> None:
    header = ",".join(f"c{i}" for i in range(600_000)) + ",died"
    assert MAX_COLUMNS == stream.MAX_COLUMNS == 5_000
    assert refused(f"{header}\n1\n".encode()) == (
        "The file has 600,001 columns; the limit is 5,000. Drop the columns the scores do not use."
    )


def test_the_column_limit_itself_is_accepted() -> None:
    header = ",".join([*(f"c{i}" for i in range(MAX_COLUMNS - 1)), "died"])
    row = "," * (MAX_COLUMNS - 1) + "yes"
    result = score_upload(f"{header}\n{row}\n".encode())
    assert result.n == 1 and len(result.ignored_columns) == MAX_COLUMNS - 1


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_megabytes_of_blank_lines_are_refused_before_parsing(newline: bytes) -> None:
    data = HEADER.encode() + newline * (4_900_000 // len(newline)) + b"a,50,yes\nb,60,no\n"
    message = refused(data[: upload.MAX_UPLOAD_BYTES])
    assert message.startswith("The file has ")
    assert message.endswith(
        f"lines; the limit is {MAX_LINES:,} (for at most 20,000 rows). "
        "Remove the empty lines, or split the cohort."
    )


def test_a_few_blank_lines_are_still_read() -> None:
    result = score_upload(f"{HEADER}\n\na,50,yes\n\n\nb,60,no\n\n".encode())
    assert result.n == 2 and result.lines == [3, 6]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_is_named_with_or_without_a_byte_order_mark(encoding: str) -> None:
    assert refused(f"{HEADER}\na,50,yes\n".encode(encoding)) == UTF16_MESSAGE
    assert "UTF-16" in UTF16_MESSAGE and "'died'" not in UTF16_MESSAGE


def test_the_cli_names_utf16_without_a_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "cohort.csv"
    source.write_bytes(f"{HEADER}\na,50,yes\n".encode("utf-16-le"))
    err = io.StringIO()
    code = main(["score", str(source)], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert err.getvalue() == (
        f"error: {source}: the file holds NUL bytes: it looks like UTF-16 text, not UTF-8; "
        "save it as CSV UTF-8\n"
    )


def test_an_unclosed_quote_is_refused_with_its_line() -> None:
    data = f'{HEADER}\na,50,yes\n"b,60,no\nc,70,yes\nd,80,no\n'.encode()
    assert refused(data) == (
        'Malformed CSV: the quote (") opened on line 3 is never closed, so the rest of the '
        "file would be read as one cell. Close the quote or remove it."
    )


def test_quotes_that_close_and_a_stray_quote_inside_a_cell_are_read() -> None:
    data = f'{HEADER}\n"a, the first",50,yes\n"b\nc",60,no\nd 5",70,no\n'.encode()
    result = score_upload(data)
    assert [result.result.row(i)["id"] for i in range(3)] == ["a, the first", "b\nc", 'd 5"']


def test_uploads_give_their_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(upload, "release_memory", lambda: calls.append("released"))
    scored = score_upload(f"{HEADER}\na,50,yes\nb,60,no\n".encode())
    assert calls == ["released"]
    scored_csv(scored)
    assert calls == ["released"] * 2
    with pytest.raises(UploadError):
        score_upload(b"no outcome\n1\n")
    assert calls == ["released"] * 3  # a refused file too


def test_release_memory_runs() -> None:
    upload.release_memory()  # Arrow's pool and, with glibc, malloc_trim: no error either way
