"""Cohort upload: limits, malformed files, row report, agreement with `validate`, download."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cohort.demo import demo_cohort
from cohort.upload import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    REASON_INCOMPLETE,
    REASON_INVALID,
    REASON_RAGGED,
    REASON_UNKNOWN_OUTCOME,
    RowReport,
    UploadError,
    read_csv_bytes,
    report_rows,
    score_upload,
    scored_csv,
    warning_rows,
)
from scoring import cli
from scoring.cohort_stats import cohort_report

HEADER = (
    "id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,urea_mmol_l,"
    "bicarbonate_mmol_l,glucose_mmol_l,died"
)
GOOD_AND_BAD = "\n".join(
    [
        HEADER,
        "a,45,130,yes,35,12,18,15,yes",  # SCORTEN 7, died
        "b,30,90,no,5,4,24,6,no",  # SCORTEN 0, survived
        "c,50,100,no,12,5,22,,no",  # glucose missing: incomplete
        "d,60,100,no,12,5,22,7,",  # outcome not known
        "e,-3,100,no,12,5,22,7,no",  # impossible age
        "f,70,110,no,20,11,19,8,maybe",  # died not a boolean
        "g,55,125,no,15,11,22,7,yes",  # SCORTEN 4, died
        "h,42,80,no,3,6,25,5,no",  # SCORTEN 1, survived
    ]
).encode()


def test_good_and_bad_rows_are_reported_one_by_one():
    upload = score_upload(GOOD_AND_BAD)
    assert upload.n == 8
    assert upload.cohort.score.tolist() == [7, 0, 4, 1]
    assert upload.cohort.died.tolist() == [1, 0, 1, 0]
    assert upload.left_out == {"invalid": 2, "incomplete_scorten": 1, "unknown_outcome": 1}
    assert upload.report == [
        RowReport(3, "c", REASON_INCOMPLETE, "missing: glucose_mmol_l.", line=4),
        RowReport(4, "d", REASON_UNKNOWN_OUTCOME, "died is empty.", line=5),
        RowReport(
            5,
            "e",
            REASON_INVALID,
            "age_years: -3 years is impossible: below 0 (age cannot be negative).",
            line=6,
        ),
        RowReport(
            6,
            "f",
            REASON_INVALID,
            "died: expected true/false, yes/no or 1/0, got 'maybe'.",
            line=7,
        ),
    ]
    assert report_rows(upload)[0] == {
        "row": 3,
        "line": 4,  # the header is line 1
        "id": "c",
        "reason": REASON_INCOMPLETE,
        "detail": "missing: glucose_mmol_l.",
    }


def test_figures_equal_the_command_line_validate(tmp_path):
    # Incomplete and outcome-unknown rows, no invalid ones: exit status 0 is then fixed.
    data = b"\n".join(line for i, line in enumerate(GOOD_AND_BAD.split(b"\n")) if i not in (5, 6))
    path = tmp_path / "cohort.csv"
    path.write_bytes(data)
    out = io.StringIO()
    assert cli.main(["validate", str(path)], stdout=out) == cli.EXIT_OK
    expected = json.loads(out.getvalue())
    upload = score_upload(data)
    report = cohort_report(upload.cohort, n_boot=100)
    assert upload.left_out == expected["left_out"]
    assert int(upload.cohort.died.size) == expected["n_scored"]
    for key in ("deaths", "observed_mortality", "expected_mortality", "o_e_ratio", "auroc"):
        assert report.figures[key] == expected[key]
    assert report.figures["by_score"] == expected["by_score"]


def test_extra_columns_are_named_once_not_warned_on_every_row():
    data = b"id,ward,age_years,died\nx,5B,50,no\n"
    upload = score_upload(data)
    assert upload.ignored_columns == ["ward"]
    assert upload.warnings == 0


def test_a_byte_order_mark_is_accepted():
    upload = score_upload(b"\xef\xbb\xbf" + GOOD_AND_BAD)
    assert upload.n == 8


def test_file_over_the_byte_limit_is_refused_before_parsing():
    data = b"died\n" + b"x" * MAX_UPLOAD_BYTES
    with pytest.raises(UploadError) as info:
        score_upload(data)
    assert str(info.value) == (
        "The file is 5.0 MB; the limit is 5 MB. Split the cohort or drop unused columns."
    )


def test_file_at_the_row_limit_is_accepted_and_one_more_row_is_refused():
    assert read_csv_bytes(b"died\n" + b"yes\n" * MAX_ROWS).num_rows == MAX_ROWS
    with pytest.raises(UploadError) as info:
        read_csv_bytes(b"died\n" + b"yes\n" * (MAX_ROWS + 1))
    assert str(info.value) == (
        "The file has 20,001 rows; the limit is 20,000. Split the cohort into several files."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfeid,died\n", "The file is not UTF-8 text; save it as CSV UTF-8."),
        (b"", "The file has no header line; the first line must name the columns."),
        (b"\n1,2\n", "The file has no header line; the first line must name the columns."),
        (b"id,died,died\n1,no,no\n", "Malformed CSV: the column 'died' is given twice."),
        (
            b"id,age_years\n1,50\n",
            "No 'died' column: validation needs the outcome of each case "
            "(true/false, yes/no or 1/0).",
        ),
        (b"id,died\n", "The file has a header but no rows."),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(UploadError) as info:
        score_upload(data)
    assert str(info.value) == message


def test_a_ragged_row_is_reported_with_its_line_and_the_rest_is_scored():
    # Line 1 header; line 3 one cell short; line 4 empty (a spreadsheet counts it, Arrow
    # skips it); line 5 one cell too many; line 6 a quoted cell across two text lines
    # (one spreadsheet line).
    data = (
        HEADER
        + "\na,45,130,yes,35,12,18,15,yes"
        + "\nr1,45,130,yes,35,12,18,yes"
        + "\n"
        + "\nr2,45,130,yes,35,12,18,15,yes,extra"
        + '\n"h\nh",42,80,no,3,6,25,5,no'
        + "\nb,30,90,no,5,4,24,6,no\n"
    ).encode()
    upload = score_upload(data)
    assert upload.n == 5
    assert upload.lines == [2, 3, 5, 6, 7]
    assert upload.cohort.score.tolist() == [7, 1, 0]
    assert upload.left_out == {
        "invalid": 0,
        "incomplete_scorten": 0,
        "unknown_outcome": 0,
        "ragged": 2,
    }
    assert upload.report == [
        RowReport(
            2,
            "r1",
            REASON_RAGGED,
            "line 3 has 8 cells; the header has 9. The row was not read.",
            line=3,
        ),
        RowReport(
            3,
            "r2",
            REASON_RAGGED,
            "line 5 has 10 cells; the header has 9. The row was not read.",
            line=5,
        ),
    ]
    rows = list(csv.DictReader(io.StringIO(scored_csv(upload).decode())))
    assert [(r["id"], r["left_out_reason"]) for r in rows] == [
        ("a", ""),
        ("r1", REASON_RAGGED),
        ("r2", REASON_RAGGED),
        ("h\nh", ""),
        ("b", ""),
    ]


def test_a_ragged_row_keeps_no_cell_but_a_leading_id():
    upload = score_upload(b"died,id\nyes,x1,extra\nno,x2\n")
    assert [(r.id, r.reason, r.line) for r in upload.report] == [
        (None, REASON_RAGGED, 2),
        ("x2", REASON_INCOMPLETE, 3),
    ]


def test_warnings_are_listed_row_by_row_with_their_line():
    # Heart rate exactly 120: scored, with a note that it is at the cut-off.
    data = (HEADER + "\na,45,120,yes,35,12,18,15,yes\nb,30,90,no,5,4,24,6,no\n").encode()
    upload = score_upload(data)
    rows = warning_rows(upload)
    assert [(r["row"], r["line"], r["id"], r["field"]) for r in rows] == [
        (1, 2, "a", "heart_rate_bpm")
    ]
    assert rows[0]["warning"]


def test_download_is_safe_against_formula_injection_and_says_what_was_used():
    data = HEADER.encode() + b"\n=HYPERLINK(0),45,130,yes,35,12,18,15,yes\n@x,30,90,no,5,4,24,6,\n"
    rows = list(csv.DictReader(io.StringIO(scored_csv(score_upload(data)).decode())))
    assert [r["id"] for r in rows] == ["'=HYPERLINK(0)", "'@x"]
    assert [r["scorten_score"] for r in rows] == ["7", "0"]
    assert [r["died"] for r in rows] == ["yes", ""]
    assert [r["in_validation"] for r in rows] == ["true", "false"]
    assert [r["left_out_reason"] for r in rows] == ["", REASON_UNKNOWN_OUTCOME]


# --- the synthetic demo cohort --------------------------------------------------------------


def test_synthetic_cohort_scores_with_one_row_of_each_problem():
    upload = score_upload(demo_cohort()[1])
    assert upload.n == 400
    assert upload.cohort.died.size == 396
    assert int(upload.cohort.died.sum()) == 58
    assert upload.left_out == {"invalid": 2, "incomplete_scorten": 1, "unknown_outcome": 1}
    assert [(r.row, r.reason) for r in upload.report] == [
        (7, REASON_INCOMPLETE),
        (18, REASON_UNKNOWN_OUTCOME),
        (29, REASON_INVALID),
        (40, REASON_INVALID),
    ]
    assert upload.ignored_columns == ["synthetic"]
    # Built with an O/E of about 0.7, as Micheletti 2018 observed (54 vs 77.7 deaths).
    report = cohort_report(upload.cohort)
    assert round(report.figures["o_e_ratio"], 3) == 0.714
    assert round(report.figures["auroc"], 3) == 0.824
