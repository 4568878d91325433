"""Issue 15: every page audited with axe-core in Chromium, empty and filled, and every page
rendered with the network cut off (only loopback answers).

Accessibility: axe-playwright-python injects its bundled axe-core (no download) and runs
the default WCAG rule set. Zero serious or critical violations are allowed; the moderate
and minor ones are written to artifacts/axe/axe-report.json for the review note.

Offline: a hospital network may have no internet. Every request that is not to the local
server (or a data:/blob: URL) is aborted and recorded; every page must still render its
title with no exception, and nothing may have been blocked or failed.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, Route, expect

from teaching.cases import load_teaching
from tests.e2e.conftest import (
    ACTION_TIMEOUT_MS,
    ARTIFACTS,
    AppServer,
    go_to,
    no_exception,
    open_app,
    screenshot,
    script_run,
)
from tests.e2e.test_clinician_flow import add_drug_with_form, choose_key, fill_key, type_date

pytestmark = pytest.mark.e2e

SEVERE = {"serious", "critical"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PAGES = {  # url path -> the page's title
    "": "Case",
    "drugs": "Drugs",
    "evidence": "Evidence",
    "method": "Method",
    "teaching": "Teaching",
    "cohort": "Cohort validation",
}
CASE_NUMBERS = {
    "case_age_years": "67",
    "case_heart_rate_bpm": "118",
    "case_bsa_detached_pct": "18",
    "case_urea_value": "12",
    "case_bicarbonate_mmol_l": "22",
    "case_glucose_value": "8",
}


# --- accessibility --------------------------------------------------------------------------


class Audit:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe = Axe()
        self.findings: list[dict[str, Any]] = []
        self.states: list[str] = []

    def __call__(self, state: str) -> None:
        no_exception(self.page)
        response = self.axe.run(self.page).response
        self.states.append(state)
        for violation in response["violations"]:
            self.findings.append(
                {
                    "state": state,
                    "id": violation["id"],
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "nodes": len(violation["nodes"]),
                    "targets": [node["target"] for node in violation["nodes"][:5]],
                }
            )

    def severe(self) -> list[str]:
        return [
            f"{f['state']}: {f['id']} ({f['impact']}, {f['nodes']} nodes) {f['targets']}"
            for f in self.findings
            if f["impact"] in SEVERE
        ]

    def save(self) -> None:
        path = ARTIFACTS / "axe" / "axe-report.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps({"states": self.states, "violations": self.findings}, indent=2),
            encoding="utf-8",
        )


def reveal_every_step(page: Page) -> None:
    """The Teaching page's walk-through, every step and then the scores."""
    while page.locator(".st-key-teaching_next_step").count():
        with script_run(page):
            page.locator(".st-key-teaching_next_step button").click()


def test_every_page_empty_and_filled_has_no_serious_or_critical_violation(
    page: Page, app_server: AppServer
) -> None:
    audit = Audit(page)
    main = page.get_by_test_id("stMain")

    open_app(page, app_server.url)
    audit("case, empty")
    choose_key(page, "case_malignancy", "Yes")
    for key, text in CASE_NUMBERS.items():
        fill_key(page, key, text)
    expect(main.get_by_role("heading", name="SCORTEN 4 of 7", exact=False)).to_be_visible()
    audit("case, filled")

    go_to(page, "Drugs")
    audit("drugs, empty")
    type_date(page, "drugs_index_day", "2024-03-15")
    add_drug_with_form(page, "lamotrigine", "2024-02-28")
    expect(main.get_by_test_id("stTable").filter(has_text="ALDEN score")).to_be_visible()
    audit("drugs, filled")

    go_to(page, "Evidence")
    audit("evidence, empty")
    search = page.locator(".st-key-evidence_search input")
    with script_run(page):
        search.fill("MSC")
        search.press("Enter")
    audit("evidence, searched")

    go_to(page, "Method")
    audit("method (static: the same empty and filled)")

    go_to(page, "Teaching")
    audit("teaching, empty")
    reveal_every_step(page)
    expect(main.get_by_role("heading", name="What if?")).to_be_visible()
    audit("teaching, walked through with what-if")
    with script_run(page):
        page.locator(".st-key-teaching_mode").get_by_text("Presenter", exact=True).click()
    expect(page.locator(".st-key-teaching_presenter_nav")).to_be_visible()
    audit("teaching, presenter view")
    with script_run(page):
        page.locator(".st-key-teaching_exit_presenter button").click()

    go_to(page, "Cohort")
    audit("cohort, empty")
    with script_run(page):
        page.locator(".st-key-cohort_load_demo button").click()
    expect(main.get_by_test_id("stMetric").first).to_be_visible()
    audit("cohort, demo cohort loaded")

    audit.save()
    assert len(audit.states) == 12
    assert audit.severe() == []


def test_teaching_in_korean_has_no_serious_or_critical_violation(
    page: Page, app_server: AppServer
) -> None:
    """Issue 23: the Teaching page in Korean (walk-through with what-if, quiz feedback, the
    presenter view) passes the same audit as in English."""
    audit = Audit(page)
    main = page.get_by_test_id("stMain")
    open_app(page, f"{app_server.url}/teaching?lang=ko")
    expect(main.get_by_role("heading", name="교육", exact=True)).to_be_visible()
    reveal_every_step(page)
    expect(main.get_by_role("heading", name="값을 바꾸면?")).to_be_visible()
    audit("teaching in Korean, walked through with what-if")
    with script_run(page):
        page.locator(".st-key-teaching_mode").get_by_text("퀴즈", exact=True).click()
    with script_run(page):
        page.locator(".st-key-teaching_quiz_check button").click()
    expect(main.get_by_text("SCORTEN 추정값과 약물을 모두 입력하십시오.")).to_be_visible()
    audit("teaching in Korean, quiz")
    with script_run(page):
        page.locator(".st-key-teaching_mode").get_by_text("발표 화면", exact=True).click()
    expect(page.locator(".st-key-teaching_presenter_nav")).to_be_visible()
    audit("teaching in Korean, presenter view")
    assert audit.severe() == []


def test_evidence_in_korean_has_no_serious_or_critical_violation(
    page: Page, app_server: AppServer
) -> None:
    """Issue 23: the Evidence page in Korean (the table, a Korean search, and the English
    originals beside the Korean, "원문 보기") passes the same audit as in English."""
    audit = Audit(page)
    main = page.get_by_test_id("stMain")
    open_app(page, f"{app_server.url}/evidence?lang=ko")
    expect(main.get_by_role("heading", name="근거", exact=True)).to_be_visible()
    audit("evidence in Korean, empty")
    search = page.locator(".st-key-evidence_search input")
    with script_run(page):
        search.fill("시클로스포린")
        search.press("Enter")
    expect(main.get_by_text("모든 근거 수준에서 7개 항목이 일치합니다:")).to_be_visible()
    audit("evidence in Korean, searched")
    with script_run(page):
        page.locator(".st-key-ui_show_original").get_by_text("원문 보기", exact=True).click()
    main.get_by_role("tab", name=re.compile(r"^관찰 연구 · ")).click()  # no rerun: a tab
    panel = main.get_by_role("tabpanel").filter(has_text="Cyclosporine(사이클로스포린)")
    expect(panel.get_by_text("원문(영어): Cyclosporine", exact=True)).to_be_visible()
    audit("evidence in Korean, with the English originals")
    panel.get_by_role("heading", name="Cyclosporine(사이클로스포린)").scroll_into_view_if_needed()
    screenshot(page, "evidence_ko_original")
    assert audit.severe() == []


def test_drugs_in_korean_has_no_serious_or_critical_violation(
    page: Page, app_server: AppServer
) -> None:
    """Issue 23: the Drugs page in Korean, empty and filled (ranking, cards, timeline, flags),
    passes the same audit as in English."""
    audit = Audit(page)
    main = page.get_by_test_id("stMain")
    open_app(page, f"{app_server.url}/drugs?lang=ko")
    expect(main.get_by_role("heading", name="약물", exact=True)).to_be_visible()
    audit("drugs in Korean, empty")
    type_date(page, "drugs_index_day", "2024-03-15")
    add_drug_with_form(page, "라모트리진", "2024-02-28")
    add_drug_with_form(page, "valproic acid", "2023-01-01")
    expect(main.get_by_test_id("stTable").filter(has_text="ALDEN 점수")).to_be_visible()
    audit("drugs in Korean, filled")
    assert audit.severe() == []


def test_cohort_in_korean_has_no_serious_or_critical_violation(
    page: Page, app_server: AppServer
) -> None:
    """Issue 23: the Cohort page in Korean, empty and with the demo cohort (its figures,
    row report, charts and download), passes the same audit as in English."""
    audit = Audit(page)
    main = page.get_by_test_id("stMain")
    open_app(page, f"{app_server.url}/cohort?lang=ko")
    expect(main.get_by_role("heading", name="코호트 검증", exact=True)).to_be_visible()
    audit("cohort in Korean, empty")
    with script_run(page):
        page.locator(".st-key-cohort_load_demo button").click()
    expect(main.get_by_test_id("stMetric").filter(has_text="AUROC (판별력)")).to_be_visible()
    audit("cohort in Korean, demo cohort loaded")
    assert audit.severe() == []


# --- offline --------------------------------------------------------------------------------


def test_every_page_renders_with_only_loopback_reachable(
    browser: Browser, app_server: AppServer
) -> None:
    blocked: list[str] = []
    failed: list[str] = []

    def only_loopback(route: Route, request: Request) -> None:
        url = urlparse(request.url)
        if url.scheme in {"data", "blob"} or url.hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort("internetdisconnected")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.route("**/*", only_loopback)
    try:
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        for path, title in PAGES.items():
            open_app(page, f"{app_server.url}/{path}")
            main = page.get_by_test_id("stMain")
            expect(main.get_by_role("heading", name=title, exact=True).first).to_be_visible()
            no_exception(page)
            # The favicon is the app's own file, served by the local server.
            icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
            assert urlparse(icon).hostname in (None, *LOOPBACK_HOSTS), icon
        # The presenter view too, at the day-1 score slide (its chart and icons).
        case = load_teaching().get("lamotrigine-valproate")
        slide = len(case.steps) + 2  # 1-based: the case card, the steps, then day 1
        open_app(page, f"{app_server.url}/teaching?case={case.id}&mode=presenter&slide={slide}")
        expect(page.locator(".st-key-teaching_presenter_nav")).to_be_visible()
        expect(page.locator(".stPlotlyChart")).to_have_count(1)
        no_exception(page)
    finally:
        context.close()
    assert blocked == []
    assert failed == []
