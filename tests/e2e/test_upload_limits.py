"""Cohort upload in Chromium. A good file is scored; a malformed one after it is refused
with a clear message and leaves nothing of either file on screen (no partial state). The
scored CSV the browser downloads has no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ROOT,
    AppServer,
    go_to,
    no_exception,
    open_app,
    screenshot,
    script_run,
)
from tests.e2e.test_teaching_cohort_flow import grid_rows

pytestmark = pytest.mark.e2e

GOOD = (ROOT / "knowledge" / "data" / "synthetic_cohort.csv").read_bytes()
# Distinctive ids so leftovers of the good file are recognisable on screen.
GOOD_NAME = "good_cohort.csv"
NO_OUTCOME = b"id,age_years,heart_rate_bpm\nQX-1,50,130\nQX-2,30,80\n"
DUPLICATED = b"id,died,died\nQX-3,no,no\n"
# Issue 15: a ragged row no longer refuses the file; it is reported with its line.
RAGGED = b"id,age_years,died\nQX-3,50\nQX-4,30,yes,extra\nQX-5,40,no\n"


def upload(page: Page, name: str, data: bytes) -> None:
    field = page.get_by_test_id("stFileUploaderDropzoneInput")
    with script_run(page):
        field.set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("no_outcome.csv", NO_OUTCOME, "No 'died' column"),
        ("duplicated.csv", DUPLICATED, "Malformed CSV"),
    ],
)
def test_malformed_file_is_refused_without_partial_state(
    page: Page, app_server: AppServer, name: str, data: bytes, message: str
) -> None:
    open_app(page, app_server.url)
    go_to(page, "Cohort")
    upload(page, GOOD_NAME, GOOD)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=GOOD_NAME)).to_be_visible()
    expect(main.get_by_test_id("stMetric").first).to_be_visible()
    no_exception(page)

    upload(page, name, data)
    no_exception(page)
    alert = main.get_by_test_id("stAlert").filter(has_text=message)
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(name)
    # Nothing of the previous cohort nor of the refused file is shown.
    expect(main.get_by_role("heading", name=GOOD_NAME)).to_have_count(0)
    expect(main.get_by_test_id("stMetric")).to_have_count(0)
    expect(main.get_by_test_id("stDownloadButton")).to_have_count(0)
    # (the message may quote the offending line; nothing else may show the file's rows)
    assert "QX-" not in main.inner_text().replace(alert.inner_text(), "")
    screenshot(page, f"upload-refused-{name}")


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    b"id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,urea_mmol_l,"
    b"bicarbonate_mmol_l,glucose_mmol_l,died\n"
    b'"=HYPERLINK(""http://127.0.0.1:9/x"")",50,130,no,35,12,18,9,yes\n'
    b"+1+1,30,80,no,5,5,24,6,no\n"
    b"-2+3,45,100,yes,20,11,19,15,yes\n"
    b"@SUM(A1),35,90,no,8,4,26,5,no\n"
    b'"\tTAB",60,125,no,40,15,17,20,=cmd\n'
)


def test_ragged_rows_are_reported_with_their_line_and_the_file_is_kept(
    page: Page, app_server: AppServer
) -> None:
    open_app(page, app_server.url)
    go_to(page, "Cohort")
    upload(page, "ragged.csv", RAGGED)
    no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="ragged.csv")).to_be_visible()
    expect(main.get_by_test_id("stAlert").filter(has_text="Malformed")).to_have_count(0)
    report = main.get_by_test_id("stExpander").filter(has_text="Rows not scored (3)")
    expect(
        report.get_by_text("Line: the line in a spreadsheet, counting the header")
    ).to_be_visible()
    rows = grid_rows(report.get_by_test_id("stDataFrame"))
    assert [(r["row"], r["line"], r["id"], r["reason"]) for r in rows] == [
        ("1", "2", "QX-3", "wrong number of cells"),
        ("2", "3", "QX-4", "wrong number of cells"),
        ("3", "4", "QX-5", "incomplete SCORTEN"),
    ]
    screenshot(page, "upload-ragged-rows-reported")


def test_downloaded_cohort_csv_has_no_formula_cells(page: Page, app_server: AppServer) -> None:
    open_app(page, app_server.url)
    go_to(page, "Cohort")
    upload(page, "hostile.csv", HOSTILE)
    no_exception(page)
    button = page.get_by_test_id("stDownloadButton").get_by_role("button")
    with page.expect_download() as info:
        button.click()
    text = info.value.path().read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len(table) == 6  # header + every row, none dropped
    cells = [cell for row in table for cell in row]
    assert [c for c in cells if c.startswith(TRIGGERS)] == []
    ids = [row[table[0].index("id")] for row in table[1:]]
    assert ids[0] == '\'=HYPERLINK("http://127.0.0.1:9/x")' and ids[3] == "'@SUM(A1)"
