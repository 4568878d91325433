"""Issue 22, Case page speed in Chromium: the order things reach the screen, and the
browser benchmark's quick mode. Orders and correctness only, never a wall-clock limit
(the machine is shared; the figures are bench/browser_case.py's, in the README)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AppServer, fill_number, no_exception, open_app, run_json_script

pytestmark = pytest.mark.e2e

# Records, in the page itself, when each part first appears (performance.now(), ms).
WATCH = """
window.__seen = {};
const parts = {
  heading: 'h1',
  summary: '.st-key-bedside_risk h3',
  day_bar: '.st-key-case_active_day',
  age: '.st-key-case_age_years input',
  results: '[data-testid="stHeading"] h3',  // st.subheader; the summary's is markdown
};
const watcher = new MutationObserver(() => {
  for (const [name, selector] of Object.entries(parts)) {
    if (!(name in window.__seen) && document.querySelector(selector)) {
      window.__seen[name] = performance.now();
    }
  }
  if (Object.keys(window.__seen).length === Object.keys(parts).length) watcher.disconnect();
});
watcher.observe(document, { subtree: true, childList: true });
"""


def test_bedside_summary_reaches_the_screen_before_what_is_below_it(
    page: Page, app_server: AppServer
) -> None:
    page.add_init_script(WATCH)
    open_app(page, app_server.url)
    seen = page.evaluate("window.__seen")
    assert set(seen) == {"heading", "summary", "day_bar", "age", "results"}, seen
    # The summary is drawn no later than the day bar, the first input and the results.
    assert seen["summary"] <= min(seen["day_bar"], seen["age"], seen["results"]), seen
    no_exception(page)


def test_an_input_change_redraws_the_case_fragment_not_the_page(
    page: Page, app_server: AppServer
) -> None:
    """The title and the session note sit outside the fragment: an input change leaves
    their DOM nodes in place (a full rerun of the page would be needed to replace them)."""
    open_app(page, app_server.url)
    page.evaluate(
        """() => { window.__title = document.querySelector('h1');
                   window.__note = document.querySelector('.st-key-case_session_download'); }"""
    )
    fill_number(page, "Age (years)", 67)
    expect(page.get_by_role("heading", name=re.compile(r"^SCORTEN 1-7 of 7"))).to_be_visible()
    same = page.evaluate(
        """() => window.__title === document.querySelector('h1')
                 && window.__note === document.querySelector('.st-key-case_session_download')"""
    )
    assert same
    no_exception(page)


def test_browser_benchmark_quick_mode_runs_and_reports_its_ratios() -> None:
    report = run_json_script(["bench/browser_case.py", "--quick", "--json"])
    assert report["errors"] == 0, report["problems"]
    # Every figure is there (values not judged: a shared machine).
    for name in ("input_case", "input_floor", "load_case_heading", "load_case_summary"):
        assert report[name]["p50_ms"] > 0, name
    assert report["input_ratio"] > 0 and report["load_ratio"] > 0
