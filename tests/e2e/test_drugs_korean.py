"""The Drugs page under `?lang=ko`, in Chromium (issue 23): Korean headings and grid headers;
라모트리진 found by the picker's search, and typed into the form it ranks as lamotrigine
with lamotrigine's score; "복용 중" typed into the grid is a drug still taken; the sidebar's
language switch keeps the drug list, the dates and the index day; on a phone nothing scrolls
the page sideways. Korean glyphs in the screenshots (fonts-noto-cjk). The timeline's labels
are checked in both languages in tests/e2e/test_polish.py, the axe audit in
test_accessibility_offline.py.

Expected by hand (as tests/ui/pages/test_drugs_page.py): index day 2024-03-15, lamotrigine
from 2024-03-01 (14 days: suggestive +3), still taken (definite 0), previous exposure and
dechallenge not known (0, 0), notoriety +3 -> 6, very probable (매우 가능성 높음); stopped
2024-03-05, ten days before, beyond 5 half-lives (-3) -> 3, possible (가능성 있음).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, no_exception, open_app, screenshot, script_run
from tests.e2e.test_bedside_flow import in_key
from tests.e2e.test_clinician_flow import add_drug_with_form, ranking_rows, type_date
from tests.e2e.test_screens import fits_the_screen, no_sideways_scroll
from tests.e2e.test_teaching_cohort_flow import grid_rows

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
INDEX_DAY = "2024-03-15"


def korean_ranking(page: Page) -> list[list[str]]:
    table = page.get_by_test_id("stTable").filter(has_text="ALDEN 점수")
    expect(table.locator("thead th")).to_have_text(["순위", "약물", "ALDEN 점수", "인과성"])
    return [row.locator("th, td").all_inner_texts() for row in table.locator("tbody tr").all()]


def open_korean_drugs(page: Page, app_server: AppServer) -> None:
    open_app(page, f"{app_server.url}/drugs?lang=ko")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="약물", exact=True)).to_be_visible()
    no_exception(page)


def the_grid(page: Page):
    return page.locator(".st-key-drugs_editor [data-testid=stDataFrame]")


def edit_last_intake(page: Page, text: str) -> None:
    """Type into the first row's last-intake cell (the third column); Enter commits it."""
    the_grid(page).click(position={"x": 100, "y": 35 + 17})  # the first row, under the header
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    expect(editor).to_be_visible()
    with script_run(page):
        editor.fill(text)
        editor.press("Enter")


def switch_language(page: Page, name: str) -> None:
    selector = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    with script_run(page):
        selector.click()
        page.get_by_role("option", name=name).click()


def test_the_picker_finds_a_drug_by_its_korean_name(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(DESKTOP)
    open_korean_drugs(page, app_server)
    in_key(page, "drugs_add").get_by_role("combobox").fill("라모트리진")
    option = page.get_by_role("option", name="lamotrigine (라모트리진)", exact=True)
    expect(option).to_be_visible()
    with script_run(page):
        option.click()
    [row] = grid_rows(the_grid(page))
    assert row["약물(일반명 또는 상품명)"] == "lamotrigine"
    assert row["마지막 복용일"] == "복용 중"
    assert row["이전 노출"] == "모름"
    # Added by its name only: its first intake is asked for (a step to do, not an error).
    main = page.get_by_test_id("stMain")
    expect(
        main.get_by_text(
            "약물 1 ('lamotrigine'): 첫 복용일: 지연 기간을 계산하려면 입력해야 합니다"
        )
    ).to_be_visible()
    no_exception(page)


def test_korean_name_scores_as_lamotrigine_and_still_taken_reads_in_either_language(
    page: Page, app_server: AppServer
) -> None:
    page.set_viewport_size(DESKTOP)
    open_korean_drugs(page, app_server)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="기준일 전에 복용한 약물", exact=True)).to_be_visible()
    type_date(page, "drugs_index_day", INDEX_DAY)
    add_drug_with_form(page, "라모트리진", "2024-03-01")
    expect(main.get_by_text("약물 1 추가됨: '라모트리진'.", exact=True)).to_be_visible()
    expect(main.get_by_text("lamotrigine의 한글 표기: '라모트리진'.", exact=True)).to_be_visible()
    assert korean_ranking(page) == [["1", "라모트리진 → lamotrigine", "6", "매우 가능성 높음"]]
    for heading in ("ALDEN: 약물 인과성 순위", "타임라인", "경고 표시", "내보내기"):
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible()

    # The grid in Korean; a typed last intake is scored, "복용 중" typed back is still taken.
    [row] = grid_rows(the_grid(page))
    assert row["마지막 복용일"] == "복용 중"
    assert "None" not in row.values()
    edit_last_intake(page, "2024-03-05")
    assert korean_ranking(page) == [["1", "라모트리진 → lamotrigine", "3", "가능성 있음"]]
    edit_last_intake(page, "복용 중")
    assert korean_ranking(page) == [["1", "라모트리진 → lamotrigine", "6", "매우 가능성 높음"]]
    screenshot(page, "drugs_ko_1440")

    # The sidebar's switch to English keeps the drug, its dates and the index day.
    switch_language(page, "English")
    expect(main.get_by_role("heading", name="Drugs", exact=True)).to_be_visible()
    assert ranking_rows(page) == [["1", "라모트리진 → lamotrigine", "6", "very probable"]]
    [row] = grid_rows(the_grid(page))
    assert (row["Drug (generic or brand)"], row["First intake"], row["Last intake"]) == (
        "라모트리진",
        "2024-03-01",
        "still taken",
    )
    expect(in_key(page, "drugs_index_day").locator("input")).to_have_value(INDEX_DAY)
    # Stopped, then the Korean words typed in the English app: still taken as well.
    edit_last_intake(page, "2024-03-05")
    assert ranking_rows(page) == [["1", "라모트리진 → lamotrigine", "3", "possible"]]
    edit_last_intake(page, "복용 중")
    assert ranking_rows(page) == [["1", "라모트리진 → lamotrigine", "6", "very probable"]]
    assert grid_rows(the_grid(page))[0]["Last intake"] == "복용 중"  # as typed, until reseeded

    # And back to Korean: the same, the cell now in the reader's words.
    switch_language(page, "한국어")
    assert korean_ranking(page) == [["1", "라모트리진 → lamotrigine", "6", "매우 가능성 높음"]]
    [row] = grid_rows(the_grid(page))
    assert (row["첫 복용일"], row["마지막 복용일"]) == ("2024-03-01", "복용 중")
    expect(in_key(page, "drugs_index_day").locator("input")).to_have_value(INDEX_DAY)
    no_exception(page)


def test_korean_drugs_page_fits_a_phone(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(PHONE)
    open_korean_drugs(page, app_server)
    type_date(page, "drugs_index_day", INDEX_DAY)
    add_drug_with_form(page, "라모트리진", "2024-03-01")
    add_drug_with_form(page, "valproic acid", "2023-01-01")
    assert [row[:3] for row in korean_ranking(page)] == [
        ["1", "라모트리진 → lamotrigine", "6"],
        ["2", "valproic acid (발프로산)", "-1"],
    ]
    no_exception(page)
    no_sideways_scroll(page)
    # The grid scrolls inside its own frame; the frame and the timeline fit the screen.
    fits_the_screen(page, "[data-testid=stDataFrame]")
    fits_the_screen(page, ".stPlotlyChart")
    screenshot(page, "drugs_ko_390x844")
