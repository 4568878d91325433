"""Issue 23 in Chromium: the Cohort page under `?lang=ko`. The demo cohort's figures under
Korean labels with the English numbers, the row report in Korean (each field named with its
column, "심박수 (heart_rate_bpm)"), the charts' Korean titles inside their frames at
1440 × 900 and on a 390 × 844 phone, and a language switch in the sidebar that keeps the
loaded cohort. Korean glyphs in the screenshots (fonts-noto-cjk). The axe audit of the
Korean page is in tests/e2e/test_accessibility_offline.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, no_exception, open_app, screenshot, script_run
from tests.e2e.test_bedside_flow import in_key
from tests.e2e.test_screens import PHONE, fits_the_screen, no_sideways_scroll
from tests.e2e.test_teaching_cohort_flow import grid_rows

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1440, "height": 900}


def load_demo_in_korean(page: Page, app_server: AppServer) -> None:
    open_app(page, f"{app_server.url}/cohort?lang=ko")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="코호트 검증", exact=True)).to_be_visible()
    with script_run(page):
        in_key(page, "cohort_load_demo").get_by_role(
            "button", name="합성 예시 코호트 불러오기"
        ).click()
    expect(page.locator(".stPlotlyChart .main-svg").first).to_be_attached()
    no_exception(page)


def metric_value(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def chart_titles_inside(page: Page) -> list[str]:
    """Each chart's title, asserted drawn inside its chart (not cut off at the edge)."""
    titles = []
    for chart in page.locator(".stPlotlyChart").all():
        title = chart.locator(".gtitle")
        box, frame = title.bounding_box(), chart.bounding_box()
        assert box is not None and frame is not None
        assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
        titles.append(title.text_content() or "")
    return titles


def test_the_demo_cohort_in_korean(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(VIEWPORT)
    load_demo_in_korean(page, app_server)
    assert metric_value(page, "읽은 행") == "400"
    assert metric_value(page, "AUROC (판별력)") == "0.824"
    assert metric_value(page, "O/E 비 (관찰/기대 사망)") == "0.71"
    assert metric_value(page, "관찰 사망률") == "14.6 %"
    assert metric_value(page, "Brier 점수 (예측 오차)") == "0.100"
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("기대 사망률 20.5 % (SCORTEN 공식)", exact=True)).to_be_visible()
    assert chart_titles_inside(page) == [
        "보정: SCORTEN 점수별관찰 사망률과 기대 사망률",  # two lines (<br>): text without it
        "이 코호트에서 SCORTEN의 ROC 곡선",
    ]
    grid = page.locator(".st-key-cohort_row_report [data-testid=stDataFrame]")
    grid.scroll_into_view_if_needed()
    rows = grid_rows(grid)
    assert rows[3] == {
        "행": "40",
        "줄": "41",
        "id": "SYN-0040",
        "사유": "잘못된 값",
        "상세": "심박수 (heart_rate_bpm): 숫자여야 합니다. 입력값: 'fast'.",
    }
    main.evaluate("e => e.scrollTo(0, 0)")
    screenshot(page, "cohort_ko_1440x900")
    no_exception(page)


def test_the_korean_cohort_page_fits_a_phone(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(PHONE)
    load_demo_in_korean(page, app_server)
    no_sideways_scroll(page)
    fits_the_screen(page, ".stPlotlyChart")
    assert len(chart_titles_inside(page)) == 2
    screenshot(page, "cohort_ko_390x844")


def test_a_language_switch_keeps_the_loaded_cohort(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(VIEWPORT)
    load_demo_in_korean(page, app_server)
    selector = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    with script_run(page):
        selector.click()
        page.get_by_role("option", name="English").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Cohort validation", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="synthetic_cohort.csv")).to_be_visible()
    assert metric_value(page, "Rows read") == "400"
    assert metric_value(page, "AUROC") == "0.824"
    assert "lang=en" in page.url
    no_exception(page)
