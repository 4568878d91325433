"""Issue 22 in Chromium: the sidebar after navigation (a phone, a narrow desktop window, a
wide one), the focus colour, and the two 404s logged when a page URL is opened directly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    ACTION_TIMEOUT_MS,
    AppServer,
    go_to,
    no_exception,
    open_app,
    screenshot,
    script_run,
)
from tests.e2e.test_clinician_flow import add_drug_with_form, ranking_rows, type_date
from tests.e2e.test_teaching_cohort_flow import grid_rows

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
    # The script's element takes no room, not even a gap: hidden with its wrapper.
    expect(page.locator(".st-key-page_scripts")).to_be_hidden()
    wrapper = page.locator("[data-testid=stLayoutWrapper]").filter(
        has=page.locator(".st-key-page_scripts")
    )
    expect(wrapper).to_be_hidden()


def test_a_drug_still_taken_reads_still_taken_and_its_last_intake_can_be_typed(
    page: Page, app_server: AppServer
) -> None:
    """The grid printed "None" in the empty last-intake cell (and in every empty cell)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/drugs")
    type_date(page, "drugs_index_day", "2024-03-15")
    add_drug_with_form(page, "lamotrigine", "2024-03-01")
    grid = page.locator(".st-key-drugs_editor [data-testid=stDataFrame]")
    [row] = grid_rows(grid)
    assert row["Last intake"] == "still taken"
    assert "None" not in row.values()  # the empty overrides show empty
    assert ranking_rows(page) == [["1", "lamotrigine", "6", "very probable"]]
    # Typed into the grid: the first cell, two to the right, Enter opens the cell's editor.
    grid.click(position={"x": 100, "y": 35 + 17})  # the first row, under the 35 px header
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    expect(editor).to_have_value("still taken")
    with script_run(page):
        editor.fill("2024-03-05")
        editor.press("Enter")
    assert grid_rows(grid)[0]["Last intake"] == "2024-03-05"
    # Stopped ten days before the index day: presence -3 (tests/ui/pages/test_drugs_page.py).
    assert ranking_rows(page) == [["1", "lamotrigine", "3", "possible"]]
    no_exception(page)
    screenshot(page, "drugs-still-taken")


# Every text Plotly draws in the timeline: labels above the plot, the long-standing marker's
# day, the drugs' row labels, the day ticks and the axis title (an annotation).
CHART_TEXTS = """(chart) => [...chart.querySelectorAll(
    '.annotation-text, .textpoint text, .ytick text, .xtick text')].map((e) => {
      const r = e.getBoundingClientRect();
      return {text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; })"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and (a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])
    )


# The timeline's own labels in each language: the index day's, the long-standing marker's
# day, a long name cut short, the suggestive window's.
TIMELINE_LABELS = {
    "en": {
        "index day",
        "day -439",
        "2. Depakote chrono (valp…",
        "first intake 5-28 days before: suggestive delay",
    },
    "ko": {"기준일", "-439일", "2. Depakote chrono (valp…", "첫 복용 5-28일 전: 시사적 지연"},
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(390, 844), (1440, 900)], ids=["phone", "desktop"])
def test_timeline_labels_neither_overlap_nor_leave_the_chart(
    page: Page, app_server: AppServer, size: tuple[int, int], lang: str
) -> None:
    """Issue 22: on a phone the window's and the index day's labels ran into each other and
    off the edge. Three drugs, one long-standing (its day marker) and one long name; in
    English and in Korean (issue 23)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_app(page, f"{app_server.url}/drugs?lang={lang}")
    type_date(page, "drugs_index_day", "2024-03-15")
    add_drug_with_form(page, "lamotrigine", "2024-02-28")
    add_drug_with_form(page, "valproic acid", "2023-01-01")
    add_drug_with_form(page, "Depakote chrono (valproate semisodium)", "2024-03-12")
    chart = page.locator(".stPlotlyChart")
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".annotation-text")).to_have_count(3)
    texts = chart.evaluate(CHART_TEXTS)
    shown = {t["text"] for t in texts}
    assert TIMELINE_LABELS[lang] <= shown, shown
    frame = chart.bounding_box()
    assert frame is not None
    for text in texts:
        assert frame["x"] <= text["x"] and text["x"] + text["w"] <= frame["x"] + frame["width"], (
            text,
            frame,
        )
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if _overlap(a, b)
    ]
    assert clashes == []
    no_exception(page)
    suffix = "" if lang == "en" else f"-{lang}"
    screenshot(page, f"drugs-timeline-{size[0]}x{size[1]}{suffix}")


def test_cohort_row_report_wraps_its_detail_and_shows_a_selected_row_whole(
    page: Page, app_server: AppServer
) -> None:
    """Issue 22: at 1440 x 900 the row report's detail column was cut off. Rows three lines
    high (the grid's box says so: header + 4 rows of 72 px), the longest detail wrapped,
    and a selected row's text whole in the page below the grid."""
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/cohort")
    with script_run(page):
        page.locator(".st-key-cohort_load_demo button").click()
    grid = page.locator(".st-key-cohort_row_report [data-testid=stDataFrame]")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None and 35 + 4 * 72 <= box["height"] <= 35 + 4 * 72 + 4, box
    detail = (
        "Detached + detachable epidermis (bsa_detached_pct): 120 % is impossible: above 100 "
        "(a share of the body surface cannot exceed 100 %)."
    )
    assert detail in [row["detail"] for row in grid_rows(grid)]
    report = page.get_by_test_id("stExpander").filter(has_text="Rows not scored (4)")
    with script_run(page):
        grid.click(position={"x": 15, "y": 35 + 2 * 72 + 36})  # row 3's selection box
    expect(report.get_by_text(f"Row 29, line 30 (SYN-0029): {detail}")).to_be_visible()
    no_exception(page)
    screenshot(page, "cohort-row-report-1440x900")


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
