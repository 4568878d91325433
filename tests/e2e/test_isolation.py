"""Two users at once never see each other's case; the server keeps no trace of either.

Two browser contexts (two Streamlit sessions, as two clinicians on two machines) enter
different cases into the Case page, each change sent while the other session's rerun is
still in flight. Each must then show only its own values and score; neither URL holds a
value; the server's log holds none of the values typed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    ACTION_TIMEOUT_MS,
    AppServer,
    choose_radio,
    no_exception,
    number_input,
    open_app,
    screenshot,
    script_run,
)

pytestmark = pytest.mark.e2e

AGE = "Age (years)"
HEART_RATE = "Heart rate (/min)"
BSA = "Detached + detachable epidermis (% of body surface)"
UREA = "Urea / BUN (mmol/L (urea))"
BICARBONATE = "Bicarbonate (mmol/L = mEq/L)"
GLUCOSE = "Glucose (mmol/L)"
MALIGNANCY = "Malignancy (active, solid or haematological)"

# Distinctive values (two decimals, not round numbers) so a leak is recognisable.
CASE_A = {
    AGE: "58.37",
    HEART_RATE: "143.21",
    BSA: "23.57",
    UREA: "31.47",
    BICARBONATE: "17.83",
    GLUCOSE: "23.61",
}
CASE_B = {
    AGE: "29.73",
    HEART_RATE: "61.53",
    BSA: "4.27",
    UREA: "3.17",
    BICARBONATE: "26.43",
    GLUCOSE: "5.29",
}
SCORE_A, SCORE_B = "SCORTEN 7 of 7", "SCORTEN 0 of 7"


def mentions(text: str, value: str) -> bool:
    """`value` as a number of its own (not inside a longer number or a clock time)."""
    return re.search(rf"(?<![\d:.]){re.escape(value)}(?![\d])", text) is not None


def headline(page: Page):
    return page.get_by_text(re.compile(r"^SCORTEN \d of 7"))


def enter_together(a: Page, b: Page, label: str) -> None:
    """Change one field in both sessions; both reruns are in flight together."""
    field_a, field_b = number_input(a, label), number_input(b, label)
    with script_run(a), script_run(b):
        field_a.fill(CASE_A[label])
        field_b.fill(CASE_B[label])
        field_a.press("Enter")
        field_b.press("Enter")


def test_two_sessions_never_see_each_other(browser: Browser, app_server: AppServer) -> None:
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1600}) for _ in range(2)]
    try:
        a, b = (context.new_page() for context in contexts)
        for tab in (a, b):
            tab.set_default_timeout(ACTION_TIMEOUT_MS)
            open_app(tab, app_server.url)
        for label in CASE_A:
            enter_together(a, b, label)
        choose_radio(a, MALIGNANCY, "Yes")
        choose_radio(b, MALIGNANCY, "No")

        for tab, own, other, score in ((a, CASE_A, CASE_B, SCORE_A), (b, CASE_B, CASE_A, SCORE_B)):
            no_exception(tab)
            expect(headline(tab)).to_have_count(1)
            expect(headline(tab)).to_contain_text(score)
            for label, value in own.items():
                expect(number_input(tab, label)).to_have_value(value)
            shown = tab.locator('[data-testid="stMain"]').inner_text()
            leaked = [v for v in other.values() if mentions(shown, v)]
            assert leaked == [], f"the other session's values on screen: {leaked}"
            # The URL carries the reader's language only (ui/i18n.py), never a case value.
            assert urlsplit(tab.url).query == "lang=en"
            assert not any(v in tab.url for v in own.values())
        screenshot(a, "isolation-session-a")
        screenshot(b, "isolation-session-b")
    finally:
        for context in contexts:
            context.close()

    logs = app_server.logs()
    typed = [*CASE_A.values(), *CASE_B.values()]
    assert [v for v in typed if mentions(logs, v)] == [], "entered values in the server log"
