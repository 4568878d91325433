"""Issue 22 in Chromium: the sidebar after navigation (a phone, a narrow desktop window, a
wide one), the focus colour, and the two 404s logged when a page URL is opened directly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ACTION_TIMEOUT_MS, AppServer, go_to, open_app

pytestmark = pytest.mark.e2e

# A phone's own user agent: Streamlit folds the sidebar after a page link is tapped only
# when the browser says it is a phone (its frontend checks navigator.userAgent).
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
BLUE_FOCUS = "rgb(31, 95, 168)"  # .streamlit/config.toml primaryColor #1f5fa8


def test_on_a_phone_the_sidebar_closes_after_navigation(browser: Browser, app_server) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=PHONE_UA, is_mobile=True
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        open_app(page, app_server.url)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        go_to(page, "Drugs")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        # Nothing covers the page: its first button takes the tap.
        expect(page.get_by_role("heading", name="Drugs", exact=True)).to_be_visible()
    finally:
        context.close()


def _covered(page: Page, locator) -> bool:
    """Whether something else (the sidebar) lies over the middle of `locator`."""
    return not locator.evaluate(
        """(e) => { const r = e.getBoundingClientRect();
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return e === top || e.contains(top); }"""
    )


def test_on_a_narrow_desktop_window_the_sidebar_closes_after_navigation(
    browser: Browser, app_server
) -> None:
    """A desktop browser's own user agent at a phone's size: Streamlit draws the sidebar
    over the page but folds it after a page link only for a phone's user agent; the app's
    script (ui/static/fold_sidebar.js) folds it, and "Add drug" takes the tap."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        assert "Mobile" not in page.evaluate("navigator.userAgent")
        open_app(page, app_server.url)
        sidebar = page.get_by_test_id("stSidebar")
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        go_to(page, "Drugs")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        add = page.get_by_role("button", name="Add drug", exact=True)
        add.scroll_into_view_if_needed()
        expect(add).to_be_in_viewport()
        assert not _covered(page, add)
        # Opened again and another page picked: folded again (the listener stays).
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        assert _covered(page, page.get_by_role("heading", name="Drugs", exact=True))
        go_to(page, "Evidence")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    finally:
        context.close()


def test_on_a_wide_window_the_sidebar_stays_open_after_navigation(
    page: Page, app_server: AppServer
) -> None:
    """Beside the page, not over it: nothing to fold."""
    open_app(page, app_server.url)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    go_to(page, "Drugs")
    expect(page.get_by_role("heading", name="Drugs", exact=True)).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    # The script's element takes no room: the page starts with its title.
    expect(page.locator(".st-key-sidebar_fold")).to_be_hidden()


def test_a_focused_input_is_ringed_in_blue_not_the_error_red(
    page: Page, app_server: AppServer
) -> None:
    open_app(page, app_server.url)
    field = page.locator(".st-key-case_age_years input")
    field.focus()
    # The ring is drawn by the input's container (the element with the border).
    ring = page.locator(".st-key-case_age_years [data-testid='stNumberInputContainer']")
    expect(ring).to_have_css("border-bottom-color", BLUE_FOCUS)


def test_opening_a_page_url_logs_only_streamlits_base_path_probes(
    page: Page, app_server: AppServer
) -> None:
    """The two 404s are Streamlit's frontend looking for its server under the page's path
    (`/method/_stcore/health`, `/method/_stcore/host-config`) before it tries the root:
    not a file the app fails to serve. Nothing else fails."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    open_app(page, f"{app_server.url}/method")
    expect(page.get_by_role("heading", name="Method", exact=True)).to_be_visible()
    probes = {
        f"{app_server.url}/method/_stcore/health",
        f"{app_server.url}/method/_stcore/host-config",
    }
    assert set(failed) <= probes, failed
