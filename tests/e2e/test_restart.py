"""A server restart in the middle of a case (issue 13): the browser reconnects and re-sends
the widget values on screen, but the stored case (other days, drugs, index day) is gone.
The page must say so, and both case pages always say where the case lives."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bench.local_app import start_server, stop_server
from tests.e2e.conftest import go_to, no_exception, open_app, script_run, wait_for_app
from tests.e2e.test_clinician_flow import in_key

pytestmark = pytest.mark.e2e

LOST = "The server restarted and this session's case was lost:"
NOTE = "This case lives only in this browser session"


def test_restart_says_what_was_lost(page: Page, own_server: list) -> None:
    server = own_server[0]
    open_app(page, server.url)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(NOTE, exact=False)).to_be_visible()
    download = main.get_by_role("button", name="Download case file (JSON)")
    expect(download).to_be_visible()
    age = in_key(page, "case_age_years").locator("input")
    with script_run(page):
        age.fill("67")
        age.press("Enter")
    expect(main.get_by_text(LOST)).to_have_count(0)

    stop_server(server.process)
    own_server.append(start_server(server.log_path, port=server.port))
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000
    )
    wait_for_app(page)
    # The next edit runs in a new server session that received the browser's widget values.
    field = in_key(page, "case_heart_rate_bpm").locator("input")
    with script_run(page):
        field.fill("130")
        field.press("Enter")
    warning = main.get_by_test_id("stAlert").filter(has_text=LOST)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("every assessment day, the drugs and their dates, the index")
    no_exception(page)
    # The warning stays on the Drugs page too, until acknowledged.
    go_to(page, "Drugs")
    expect(main.get_by_test_id("stAlert").filter(has_text=LOST)).to_be_visible()
    expect(main.get_by_text(NOTE, exact=False)).to_be_visible()
    with script_run(page):
        main.get_by_role("button", name="I have checked the case").click()
    expect(main.get_by_text(LOST)).to_have_count(0)
