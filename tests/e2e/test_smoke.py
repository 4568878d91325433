"""The app loads and every page of the navigation opens without an exception box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, go_to, no_exception, open_app, screenshot

pytestmark = pytest.mark.e2e

DEFAULT_PAGE = "Case"
PAGES = ["Case", "Drugs", "Evidence", "Method", "Teaching", "Cohort"]


def test_app_loads_and_every_page_opens_without_exception(
    page: Page, app_server: AppServer
) -> None:
    """One session walks the whole navigation (one test, not one per page: each page is also
    opened by URL and audited in test_accessibility_offline.py)."""
    open_app(page, app_server.url)
    nav = page.get_by_test_id("stSidebarNav")
    for title in PAGES:
        expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
    no_exception(page)
    for title in PAGES:
        if title != DEFAULT_PAGE:
            go_to(page, title)
        link = nav.get_by_role("link", name=title, exact=True)
        expect(link).to_have_attribute("aria-current", "page")
        no_exception(page)
        screenshot(page, f"smoke-{title}")
