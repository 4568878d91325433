"""The Method page in Korean, in Chromium (issue 23): its headings, its contents links (the
anchors are the English headings', so a link shared from either language lands), no serious
or critical axe violation, and no page-wide horizontal scroll on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, no_exception, open_app, screenshot

pytestmark = pytest.mark.e2e

SEVERE = {"serious", "critical"}


def _open_korean(page: Page, app_server: AppServer, fragment: str = "") -> None:
    open_app(page, f"{app_server.url}/method?lang=ko{fragment}")
    expect(page.get_by_role("heading", name="방법", exact=True)).to_be_visible()
    no_exception(page)


def test_korean_method_page_links_its_sections_and_passes_axe(
    page: Page, app_server: AppServer
) -> None:
    _open_korean(page, app_server)
    main = page.get_by_test_id("stMain")
    heading = main.get_by_role("heading", name="ALDEN (약물 인과성)", exact=True)
    expect(heading).not_to_be_in_viewport()  # far down the page
    main.get_by_role("link", name="ALDEN (약물 인과성)", exact=True).click()
    expect(heading).to_be_in_viewport()
    assert page.url.endswith("#alden-drug-causality")

    violations = Axe().run(page).response["violations"]
    severe = [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] in SEVERE]
    assert severe == []


def test_korean_method_page_fits_a_phone(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_korean(page, app_server)
    expect(page.get_by_role("heading", name="출처 간 차이가 있을 때의 처리 원칙")).to_be_attached()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(page, "method_ko_390x844")
