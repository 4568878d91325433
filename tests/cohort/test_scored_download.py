"""The Cohort page's download keeps each row's number, line and inputs (issue 22)."""

from __future__ import annotations

import csv
import io

from cohort.scored_download import scored_csv_with_inputs
from cohort.upload import score_upload

DATA = (
    b"id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,urea_mmol_l,"
    b"bicarbonate_mmol_l,glucose_mmol_l,died\n"
    b"a,45,130,yes,35,12,18,15,yes\n"
    b"\n"  # an empty line: a spreadsheet counts it, so row 2 sits on line 4
    b"b,30,90,no,5,4,24,6,no\n"
    b"=HYPERLINK(1),-3,100,no,12,5,22,7,no\n"
)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(
        csv.DictReader(io.StringIO(scored_csv_with_inputs(score_upload(data), data).decode()))
    )


def test_download_starts_with_row_line_and_the_inputs_as_given() -> None:
    rows = _rows(DATA)
    header = list(rows[0])
    assert header[:11] == [
        "row", "line", "id", "age_years", "heart_rate_bpm", "malignancy", "bsa_detached_pct",
        "urea_mmol_l", "bicarbonate_mmol_l", "glucose_mmol_l", "died",
    ]  # fmt: skip
    assert [(r["row"], r["line"], r["id"]) for r in rows] == [
        ("1", "2", "a"),
        ("2", "4", "b"),
        ("3", "5", "'=HYPERLINK(1)"),  # an input cell is neutralised too
    ]
    assert rows[0]["malignancy"] == "yes" and rows[0]["glucose_mmol_l"] == "15"
    # The results follow, once each (no second id or died column).
    assert header.count("id") == 1 and header.count("died") == 1
    assert "in_validation" in header and "left_out_reason" in header
    assert rows[0]["in_validation"] == "true" and rows[2]["in_validation"] == "false"
    assert rows[2]["left_out_reason"] == "invalid value"
