"""Korean labels are neither clipped nor overlapping (issue 23, "Rendering"), at the three
sizes the issue names: 1440 × 900 (desktop), 1280 × 720 (projector) and 390 × 844 (phone).

A full case (three drugs, lamotrigine still taken) is imported on the Korean Case page; the
Case page, the Drugs page (ranking, cards, timeline) and the Cohort page with the demo cohort
(figures and charts) are then read at that size. Korean words are longer than English ones
in places (버튼, 지표, 탭), so a label that fits in English may not fit in Korean.

Clipped: an element that draws text and hides what does not fit (`overflow` not visible, or
an ellipsis) while its content is wider or taller than its box. Overlapping: two labels of the
same row (metric labels, widget labels, buttons, tabs) whose boxes intersect.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reports.case_file import case_to_json
from tests.e2e.conftest import AppServer, go_to, open_app, script_run
from tests.reports.cases import drug_case

pytestmark = pytest.mark.e2e

SIZES = {
    "desktop": {"width": 1440, "height": 900},
    "projector": {"width": 1280, "height": 720},
    "phone": {"width": 390, "height": 844},
}

# Elements with text of their own that hide what overflows them. Streamlit's data grids draw
# on a canvas and keep an off-screen table for screen readers; that table is not shown, and
# is left out (it has no size on screen). One pixel of slack for sub-pixel rounding.
SHOWN_JS = """
const shown = el => {
  const box = el.getBoundingClientRect();
  // More than a pixel: screen-reader-only text (1 × 1, clipped) is not drawn.
  return box.width > 1 && box.height > 1
    && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
};
"""
CLIPPED_JS = (
    """
() => {"""
    + SHOWN_JS
    + """
  const main = document.querySelector('[data-testid="stMain"]');
  const found = [];
  for (const el of main.querySelectorAll('*')) {
    if (!el.textContent.trim()) continue;
    if (!shown(el)) continue;
    if (el.closest('table[role=grid], [data-testid="stDataFrame"], .js-plotly-plot')) continue;
    if (el.closest('[data-testid="stIconMaterial"]')) continue;  // an icon's ligature name
    const style = getComputedStyle(el);
    // Hidden, not scrollable: what does not fit cannot be reached.
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const hidesY = style.overflowY === 'hidden' || style.overflowY === 'clip';
    const wide = el.scrollWidth > el.clientWidth + 1;
    const tall = el.scrollHeight > el.clientHeight + 1;
    if ((hides && wide) || (hidesY && tall)) {
      const where = el.closest('[data-testid]')?.dataset.testid || el.tagName;
      found.push(`${el.textContent.trim().slice(0, 80)} (${where})`);
    }
  }
  return found;
}
"""
)

# Labels that sit side by side: two of them intersecting is text drawn over text.
LABELS = (
    '[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"], '
    '[data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"], '
    '[data-baseweb="tab"]'
)
OVERLAPPING_JS = (
    """
(selector) => {"""
    + SHOWN_JS
    + """
  const boxes = [...document.querySelectorAll(selector)].filter(shown)
    .map(el => ({text: el.textContent.trim().slice(0, 60), box: el.getBoundingClientRect()}));
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) found.push(`${boxes[i].text} / ${boxes[j].text}`);
    }
  }
  return found;
}
"""
)


def misfits(page: Page, where: str) -> list[str]:
    clipped = [f"{where}: clipped '{text}'" for text in page.evaluate(CLIPPED_JS)]
    overlapping = [f"{where}: overlapping {pair}" for pair in page.evaluate(OVERLAPPING_JS, LABELS)]
    return clipped + overlapping


@pytest.mark.parametrize("size", SIZES)
def test_korean_labels_fit_at_every_size(page: Page, app_server: AppServer, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    open_app(page, f"{app_server.url}/?lang=ko")
    main = page.get_by_test_id("stMain")
    field = page.locator(".st-key-case_import_file").get_by_test_id("stFileUploaderDropzoneInput")
    data = case_to_json(drug_case()).encode("utf-8")
    with script_run(page):
        field.set_input_files({"name": "case.json", "mimeType": "application/json", "buffer": data})
    expect(main.get_by_text("lamotrigine").first).to_be_visible()
    found = misfits(page, "case")

    if size == "phone":  # the sidebar covers the page on a phone: open it to navigate
        page.get_by_test_id("stExpandSidebarButton").click()
    go_to(page, "약물")
    expect(main.get_by_role("heading", name="약물", exact=True)).to_be_visible()
    found += misfits(page, "drugs")

    if size == "phone":
        page.get_by_test_id("stExpandSidebarButton").click()
    go_to(page, "코호트")
    with script_run(page):
        page.locator(".st-key-cohort_load_demo").get_by_role("button").click()
    expect(main.locator(".stPlotlyChart").first).to_be_visible()
    found += misfits(page, "cohort")
    assert found == [], "\n".join(found)

    # The check finds what it looks for: a metric label squeezed to 30 px, and two labels
    # moved onto each other.
    labels = main.get_by_test_id("stMetricLabel")
    labels.first.evaluate(
        "el => { el.style.width = '30px'; el.style.overflow = 'hidden';"
        " el.style.whiteSpace = 'nowrap'; el.querySelectorAll('*').forEach(c =>"
        " { c.style.overflow = 'hidden'; c.style.whiteSpace = 'nowrap'; }) }"
    )
    labels.nth(1).evaluate("el => { el.style.position = 'relative'; }")
    box_a, box_b = labels.first.bounding_box(), labels.nth(1).bounding_box()
    assert box_a and box_b
    labels.nth(1).evaluate(
        f"el => {{ el.style.left = '{box_a['x'] - box_b['x']}px';"
        f" el.style.top = '{box_a['y'] - box_b['y']}px'; }}"
    )
    squeezed = misfits(page, "cohort")
    assert any("clipped" in line for line in squeezed), squeezed
    assert any("overlapping" in line for line in squeezed), squeezed
