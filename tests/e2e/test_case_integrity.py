"""Issue 19 in Chromium: an imported case is applied once (later edits and an added day
stay), the top "Download case file" holds the latest edit, and a server restart is said
whatever the first action after it is (here: moving to another page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.local_app import start_server, stop_server
from tests.e2e.conftest import go_to, no_exception, open_app, script_run, wait_for_app
from tests.e2e.test_clinician_flow import in_key
from tests.e2e.test_hostile_text import upload_on

pytestmark = pytest.mark.e2e

LOST = "The server restarted and this session's case was lost:"


def _type(page: Page, key: str, value: str) -> None:
    field = in_key(page, key).locator("input")
    with script_run(page):
        field.fill(value)
        field.press("Enter")


CASE_FILE = {
    "format": "sjsten-case",
    "version": 1,
    "assessments": [
        {
            "assessment_day": 1,
            "inputs": {"age_years": 55.0, "heart_rate_bpm": 100.0},
            "units": {"urea": "mmol/L", "glucose": "mmol/L"},
        }
    ],
    "active_day": 1,
    "index_day": None,
    "other_cause_non_drug": False,
    "drugs": [],
}


def test_an_imported_case_is_applied_once_and_edits_stick(page: Page, app_server) -> None:
    open_app(page, app_server.url)
    data = json.dumps(CASE_FILE).encode("utf-8")
    upload_on(page, "case_import_file", "case.json", data, "application/json")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Case imported.")).to_be_visible()
    heart_rate = in_key(page, "case_heart_rate_bpm").locator("input")
    expect(heart_rate).to_have_value("100")
    _type(page, "case_heart_rate_bpm", "130")
    expect(heart_rate).to_have_value("130")
    expect(main.get_by_text("Case imported.")).to_have_count(0)
    with script_run(page):
        main.get_by_role("button", name="Add assessment").click()  # day 3 is offered first
    _type(page, "case_heart_rate_bpm", "90")
    _type(page, "case_bsa_detached_pct", "20")
    expect(heart_rate).to_have_value("90")
    expect(main.get_by_text("Case imported.")).to_have_count(0)
    saved = _download_case(page)
    assert [a["assessment_day"] for a in saved["assessments"]] == [1, 3]
    assert saved["assessments"][0]["inputs"]["heart_rate_bpm"] == 130
    assert saved["assessments"][1]["inputs"] == {
        "age_years": 55.0,
        "heart_rate_bpm": 90.0,
        "bsa_detached_pct": 20.0,
    }
    no_exception(page)


def _download_case(page: Page) -> dict:
    main = page.get_by_test_id("stMain")
    with page.expect_download() as info:
        main.get_by_role("button", name="Download case file").click()
    return json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


def test_the_top_download_holds_the_value_just_typed(page: Page, app_server) -> None:
    open_app(page, app_server.url)
    _type(page, "case_glucose_value", "9")
    saved = _download_case(page)  # the first file after typing
    assert saved["assessments"][0]["inputs"] == {"glucose_mmol_l": 9.0}
    no_exception(page)


@pytest.mark.parametrize("first_page", ["Drugs", "Evidence"])
def test_restart_then_moving_to_another_page_warns(
    page: Page, own_server: list, first_page: str
) -> None:
    server = own_server[0]
    open_app(page, server.url)
    _type(page, "case_age_years", "67")
    stop_server(server.process)
    own_server.append(start_server(server.log_path, port=server.port))
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000
    )
    wait_for_app(page)
    go_to(page, first_page)  # the first action after the restart
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlert").filter(has_text=LOST)).to_be_visible()
    no_exception(page)


@pytest.mark.parametrize("path", ["", "drugs", "evidence"])
def test_a_fresh_visit_of_any_page_is_not_a_restart(page: Page, app_server, path: str) -> None:
    open_app(page, f"{app_server.url.rstrip('/')}/{path}")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stHeading").first).to_be_visible()
    expect(main.get_by_text(LOST)).to_have_count(0)
    go_to(page, "Method")
    expect(main.get_by_text(LOST)).to_have_count(0)
