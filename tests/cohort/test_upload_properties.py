"""Hostile files to the cohort upload parser (cohort.upload), issue 7.

Any bytes: either a scored cohort or an `UploadError` with a message, never another
exception. A readable CSV of arbitrary cells: every row accounted for, each row equal to
the one-case path, the download free of formula cells.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cohort import upload
from scoring.case import score_case
from scoring.fields import FIELDS
from scoring.tabular import FORMULA_TRIGGERS

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELD_NAMES = [f.name for f in FIELDS]
COLUMNS = [*FIELD_NAMES, "died", "comment"]

cells = st.one_of(
    st.sampled_from(
        ["", "35", "45.5", "1e999", "nan", "-3", "yes", "No", "1", "0", "2,5", "=1+1",
         "+cmd", "-x", "@A1", "\tx", "\rx", '"quoted"', "a\nb", "٣", "NA", " 12 "]
    ),
    st.text(max_size=12),
)  # fmt: skip
outcomes = st.sampled_from(["", "yes", "no", "true", "FALSE", "1", "0", "maybe", "=HYPERLINK()"])


def csv_bytes(header: list[str], rows: list[list[str]], newline: str = "\n") -> bytes:
    """A well-formed CSV: with "\n" line ends every cell is quoted (the csv module would
    leave a lone "\r" in a cell unquoted, which no reader can tell from a line end)."""
    sink = io.StringIO()
    quoting = csv.QUOTE_MINIMAL if newline == "\r\n" else csv.QUOTE_ALL
    writer = csv.writer(sink, lineterminator=newline, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return sink.getvalue().encode("utf-8")


@st.composite
def cohort_files(draw: st.DrawFn) -> tuple[list[str], list[list[str]], bytes]:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True))
    if "died" not in header:
        header.append("died")
    n = draw(st.integers(1, 6))
    rows = [
        [draw(outcomes) if name == "died" else draw(cells) for name in header] for _ in range(n)
    ]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = csv_bytes(header, rows, newline)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data  # byte order mark, as spreadsheets write it
    return header, rows, data


# Two header bugs found by these properties, now fixed (scoring.tabular.csv_header reads the
# first CSV *record*, as Arrow does): CR-only line ends (Excel "CSV (Macintosh)") and a
# quoted header cell spanning lines.
def test_cr_only_line_endings_give_an_upload_error() -> None:
    scored = _try(b"died\r1\r0\r")
    assert scored is not None
    assert scored.n == 2


def test_quoted_header_cell_across_lines_gives_an_upload_error() -> None:
    with pytest.raises(upload.UploadError, match="No 'died' column"):
        upload.score_upload(b'"died\nx",age_years\n1,2\n')


def _try(data: bytes) -> upload.ScoredUpload | None:
    try:
        return upload.score_upload(data)
    except upload.UploadError as exc:
        assert str(exc).strip()  # a message the page can show
        return None


@PROPERTY
@given(st.binary(max_size=300))
@example(b"")
@example(b"\xff\xfe\x00")
@example(b"died\n")
@example(b"died,died\n1,1\n")
@example(b"age_years,died\n1,2,3\n")
def test_any_bytes_give_a_cohort_or_an_upload_error(data: bytes) -> None:
    _try(data)


@PROPERTY
@given(st.text(max_size=200))
def test_any_text_gives_a_cohort_or_an_upload_error(text: str) -> None:
    _try(text.encode("utf-8"))


@PROPERTY
@given(cohort_files())
def test_readable_cohort_rows_equal_the_one_case_path(file: Any) -> None:
    header, rows, data = file
    scored = _try(data)
    if scored is None:
        return  # refused as a whole: nothing to compare (and nothing kept)
    kept = rows  # the csv module writes a lone empty cell as "": never a blank line
    assert scored.n == len(kept)
    for i, row in enumerate(kept):
        record = {name: cell for name, cell in zip(header, row, strict=True)}
        one = score_case({k: v for k, v in record.items() if k in FIELD_NAMES})
        assert scored.result.row(i) == one.to_contract(), record
    # every row is either in the figures or in the report, with a reason
    reported = {r.row for r in scored.report}
    assert len(reported) == len(scored.report)
    assert scored.n - len(reported) == scored.cohort.died.size
    assert all(1 <= r.row <= scored.n and r.reason for r in scored.report)


@PROPERTY
@given(cohort_files())
def test_download_has_no_formula_cells(file: Any) -> None:
    _, _, data = file
    scored = _try(data)
    if scored is None:
        return
    text = upload.scored_csv(scored).decode("utf-8")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len(table) == scored.n + 1
    risky = [cell for line in table for cell in line if cell.startswith(FORMULA_TRIGGERS)]
    assert risky == []


def test_one_byte_over_the_limit_is_refused_whatever_the_content() -> None:
    filler = b"died\n" + b"1\n" * (upload.MAX_UPLOAD_BYTES // 2)
    data = filler[: upload.MAX_UPLOAD_BYTES + 1]
    try:
        upload.score_upload(data)
    except upload.UploadError as exc:
        assert "limit" in str(exc)
    else:
        raise AssertionError("a file over the byte limit was accepted")
