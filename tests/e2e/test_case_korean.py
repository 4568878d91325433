"""Issue 23 in Chromium: the Case page under `?lang=ko`. A Korean TEN case entered in mg/dL
(the Korean start) gives the same score and mortality as the English app; switching the
language in the sidebar mid-case keeps every value; the chart note and the FHIR bundle come
in Korean. Korean glyphs in the screenshot (fonts-noto-cjk).

Expected by hand (as tests/e2e/test_bedside_flow.py): age 52 > 40: 1 · malignancy no: 0 ·
HR 125 > 120: 1 · detachment 35 % > 10 %: 1 · BUN 40 mg/dL = 14.3 mmol/L > 10: 1 ·
bicarbonate 18 < 20: 1 · glucose 300 mg/dL = 16.7 mmol/L > 14: 1 -> 6 of 7, 95.1 %; TEN.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, no_exception, open_app, script_run, viewport_screenshot
from tests.e2e.test_accessibility_offline import Audit
from tests.e2e.test_bedside_flow import NUMBERS, download, in_key
from tests.e2e.test_clinician_flow import choose_key, fill_key

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1440, "height": 900}


def values_on_screen(page: Page) -> dict[str, str]:
    return {key: in_key(page, key).locator("input").input_value() for key in NUMBERS}


def test_korean_ten_case_in_mg_dl_scores_as_the_english_app(
    page: Page, app_server: AppServer, tmp_path: Path
) -> None:
    page.set_viewport_size(VIEWPORT)
    open_app(page, f"{app_server.url}/?lang=ko")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="증례", exact=True)).to_be_visible()
    audit = Audit(page)  # axe, as on every English page (test_accessibility_offline.py)
    audit("case in Korean, empty")
    # A Korean case starts in mg/dL: BUN and glucose as Korean labs report them.
    urea_unit = in_key(page, "case_urea_unit")
    expect(urea_unit.get_by_role("radio", name="mg/dL (BUN, 요소질소)")).to_be_checked()
    expect(in_key(page, "case_glucose_unit").get_by_role("radio", name="mg/dL")).to_be_checked()
    choose_key(page, "case_malignancy", "아니요")
    for key, text in NUMBERS.items():
        fill_key(page, key, text)
    no_exception(page)

    metric = in_key(page, "bedside_risk")
    expect(metric.get_by_text("95.1 %", exact=True)).to_be_visible()
    expect(metric).to_contain_text("예측 사망률 · SCORTEN 6점 (7점 만점)")
    summary = in_key(page, "bedside_summary")
    expect(summary.get_by_text("TEN (박리 35 %)", exact=True)).to_be_visible()
    expect(
        summary.get_by_text(re.compile("^SCORTEN의 보정은 코호트와 시대에 따라"))
    ).to_be_visible()
    expect(main.get_by_text(re.compile(r"^✓ BUN 40 mg/dL \(= 14\.3 mmol/L 요소\)"))).to_be_visible()
    viewport_screenshot(page, "case_korean_1440.png")
    with script_run(page):
        page.locator(".st-key-ui_show_original").get_by_text("원문 보기", exact=True).click()
    audit("case in Korean, filled in mg/dL, with the English originals")
    assert audit.severe() == []
    with script_run(page):
        page.locator(".st-key-ui_show_original").get_by_text("원문 보기", exact=True).click()

    note = download(page, "case_download_note", tmp_path).read_text(encoding="utf-8")
    assert "SCORTEN 6점 (7점 만점) · 예측 사망률 95.1 %" in note
    assert "  박리 범위: TEN (박리 35 %) — 박리 범위에 따른 분류이며 진단이 아닙니다." in note
    fhir_text = download(page, "case_download_fhir", tmp_path).read_text(encoding="utf-8")
    Bundle.model_validate_json(fhir_text)
    bundle = json.loads(fhir_text)
    assert bundle["language"] == "ko"

    # The sidebar's language switch mid-case: every value and the score stay.
    before = values_on_screen(page)
    selector = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
    with script_run(page):
        selector.click()
        page.get_by_role("option", name="English").click()
    expect(main.get_by_role("heading", name="Case", exact=True)).to_be_visible()
    assert values_on_screen(page) == before
    expect(urea_unit.get_by_role("radio", name="mg/dL (BUN, urea nitrogen)")).to_be_checked()
    expect(
        in_key(page, "case_malignancy").get_by_role("radio", name="No", exact=True)
    ).to_be_checked()
    expect(metric.get_by_text("95.1 %", exact=True)).to_be_visible()
    expect(metric).to_contain_text("Predicted mortality · SCORTEN 6 of 7")
    assert "lang=en" in page.url
    # The browser now holds the options in English too: the next input keeps them.
    fill_key(page, "case_heart_rate_bpm", "118")  # 118 <= 120: one point less
    expect(
        in_key(page, "case_malignancy").get_by_role("radio", name="No", exact=True)
    ).to_be_checked()
    expect(urea_unit.get_by_role("radio", name="mg/dL (BUN, urea nitrogen)")).to_be_checked()
    expect(metric).to_contain_text("Predicted mortality · SCORTEN 5 of 7")
    expect(metric.get_by_text("85.0 %", exact=True)).to_be_visible()
    # And back to Korean: the same.
    with script_run(page):
        selector.click()
        page.get_by_role("option", name="한국어").click()
    expect(
        in_key(page, "case_malignancy").get_by_role("radio", name="아니요", exact=True)
    ).to_be_checked()
    fill_key(page, "case_heart_rate_bpm", "125")
    expect(urea_unit.get_by_role("radio", name="mg/dL (BUN, 요소질소)")).to_be_checked()
    expect(metric).to_contain_text("예측 사망률 · SCORTEN 6점 (7점 만점)")
    assert values_on_screen(page) == before
    no_exception(page)


def test_the_english_app_in_mmol_l_gives_the_same_score(page: Page, app_server: AppServer) -> None:
    page.set_viewport_size(VIEWPORT)
    open_app(page, f"{app_server.url}/?lang=en")
    expect(
        in_key(page, "case_urea_unit").get_by_role("radio", name="mmol/L (urea)")
    ).to_be_checked()
    choose_key(page, "case_malignancy", "No")
    # The same measurements in mmol/L: BUN 40 mg/dL = urea 14.3 mmol/L; glucose 300 mg/dL =
    # 16.7 mmol/L.
    for key, text in {**NUMBERS, "case_urea_value": "14.3", "case_glucose_value": "16.7"}.items():
        fill_key(page, key, text)
    metric = in_key(page, "bedside_risk")
    expect(metric.get_by_text("95.1 %", exact=True)).to_be_visible()
    expect(metric).to_contain_text("Predicted mortality · SCORTEN 6 of 7")
    no_exception(page)
