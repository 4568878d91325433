"""Hostile text and files in Chromium (issue 13): what Streamlit's renderer really does.

- A drug name typed with markdown links and images, auto-links, HTML, `:material:` and
  colour directives, and a cohort CSV whose file name and column names carry the same,
  render as text: no link or image to the beacon host, no request to it, no HTML applied in
  the Plotly timeline.
- A hostile case file is refused with a visible message; the values on screen stay.
- Upload limits: the server itself refuses a body over `server.maxUploadSize`, whatever the
  browser does; the page says the limit in visible text.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

from cohort.upload import MAX_UPLOAD_MB
from scoring.bounds import MAX_DRUG_NAME_CHARS
from tests.e2e.conftest import (
    ROOT,
    AppServer,
    go_to,
    no_exception,
    open_app,
    screenshot,
    script_run,
)
from tests.e2e.test_clinician_flow import add_drug_with_form, in_key, type_date

pytestmark = pytest.mark.e2e

HOSTILE_FILES = ROOT / "tests" / "data" / "hostile"
BEACON = "beacon.invalid"
HOSTILE_NAME = (
    f"![b](http://{BEACON}/i.png) [l](http://{BEACON}/l) www.{BEACON} me@{BEACON} "
    f'<a href="http://{BEACON}/a">a</a> <b>bold</b> '
    ":material/home: :red[red]"
)
assert len(HOSTILE_NAME) <= MAX_DRUG_NAME_CHARS  # the form takes no more


def watch_beacon(page: Page) -> list[str]:
    """Every request the page makes to the beacon host (there must be none)."""
    seen: list[str] = []

    def record(request: Request) -> None:
        if BEACON in request.url:
            seen.append(request.url)

    page.on("request", record)
    return seen


def assert_inert(page: Page) -> None:
    """No link, image or applied markup built from the hostile text, anywhere on the page."""
    expect(page.locator(f'a[href*="{BEACON}"]')).to_have_count(0)
    expect(page.locator(f'img[src*="{BEACON}"]')).to_have_count(0)
    expect(page.locator('[data-testid="stMain"] .stMarkdownColoredText')).to_have_count(0)
    no_exception(page)


def test_hostile_drug_name_renders_as_text(page: Page, app_server: AppServer) -> None:
    beacon_requests = watch_beacon(page)
    open_app(page, app_server.url)
    go_to(page, "Drugs")
    type_date(page, "drugs_index_day", "2024-03-15")
    add_drug_with_form(page, HOSTILE_NAME, "2024-03-01")
    main = page.get_by_test_id("stMain")
    # Shown, as typed: in the success message, the unknown-name warning, the ALDEN table
    # and card header.
    # (an invisible word joiner follows each ":" and "@": it breaks auto-links, not reading)
    expect(main.get_by_text(re.compile(r"me@\u2060?beacon\.invalid")).first).to_be_visible()
    table = page.get_by_test_id("stTable").filter(has_text="ALDEN score")
    expect(table).to_contain_text(re.compile(r"\[l\]\(http:\u2060?//beacon\.invalid/l\)"))
    assert_inert(page)
    # The timeline's row label shows the name's start as typed (cut short for a phone,
    # issue 22) and its hover text the tags as text; Plotly applied none of them.
    chart = main.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    ticks = " ".join(chart.locator(".ytick text").all_text_contents())
    assert ticks == f"1. {HOSTILE_NAME[:21]}…"
    chart.scroll_into_view_if_needed()
    point = chart.locator(".scatterlayer .point").first.bounding_box()
    assert point is not None
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    hover = chart.locator(".hoverlayer .hovertext")
    expect(hover).to_contain_text('<a href="http://beacon.invalid/a">a</a> <b>bold</b>')
    expect(chart.locator("a")).to_have_count(0)
    expect(chart.locator(".ytick text tspan[style*='bold']")).to_have_count(0)
    screenshot(page, "hostile-drug-name")
    assert beacon_requests == []


def upload_on(page: Page, key: str, name: str, data: bytes, mime: str) -> None:
    field = in_key(page, key).get_by_test_id("stFileUploaderDropzoneInput")
    with script_run(page):
        field.set_input_files({"name": name, "mimeType": mime, "buffer": data})


@pytest.mark.parametrize(
    "csv_file", ["cohort_markdown_header.csv", "cohort_duplicate_markdown_column.csv"]
)
def test_hostile_csv_header_and_file_name_render_as_text(
    page: Page, app_server: AppServer, csv_file: str
) -> None:
    beacon_requests = watch_beacon(page)
    open_app(page, app_server.url)
    go_to(page, "Cohort")
    name = f"![f](http://{BEACON}/f.png).csv"
    upload_on(page, "cohort_upload", name, (HOSTILE_FILES / csv_file).read_bytes(), "text/csv")
    shown = re.compile(r"!\[f\]\(http:\u2060?//beacon\.invalid/f\.png\)\.csv")
    expect(page.get_by_test_id("stMain").get_by_text(shown).first).to_be_visible()
    assert_inert(page)
    screenshot(page, f"hostile-{csv_file}")
    assert beacon_requests == []


def test_hostile_case_file_is_refused_and_the_case_stays(page: Page, app_server: AppServer) -> None:
    open_app(page, app_server.url)
    age = in_key(page, "case_age_years").locator("input")
    with script_run(page):
        age.fill("67")
        age.press("Enter")
    for name in ("case_deep_name.json", "case_half_life_1e400.json"):
        path = HOSTILE_FILES / name
        upload_on(page, "case_import_file", path.name, path.read_bytes(), "application/json")
        alert = page.get_by_test_id("stAlert").filter(has_text="case file")
        expect(alert.first).to_be_visible()
        no_exception(page)
        expect(age).to_have_value(re.compile(r"^67(\.0+)?$"))


def test_upload_limits_are_visible_and_enforced_by_the_server(
    page: Page, app_server: AppServer
) -> None:
    open_app(page, app_server.url)
    go_to(page, "Cohort")
    main = page.get_by_test_id("stMain")
    limits = main.get_by_text(f"Limits: {MAX_UPLOAD_MB} MB", exact=False)
    expect(limits).to_be_visible()
    # The widget refuses a larger file in the browser with only a red mark (its words are
    # for screen readers): the visible caption says what the mark means.
    dropzone = in_key(page, "cohort_upload").get_by_test_id("stFileUploaderDropzoneInput")
    dropzone.set_input_files(
        {"name": "big.csv", "mimeType": "text/csv", "buffer": b"x" * (MAX_UPLOAD_MB * 1_100_000)}
    )
    expect(in_key(page, "cohort_upload").get_by_role("alert")).to_contain_text("or smaller")
    expect(limits).to_contain_text("A larger file is marked red in the box below and not read")
    expect(main.get_by_test_id("stMetric")).to_have_count(0)
    in_key(page, "cohort_upload").get_by_role("button", name="Remove big.csv").click()
    # Capture the upload endpoint and XSRF header the widget uses for a small file...
    small = (HOSTILE_FILES / "cohort_markdown_header.csv").read_bytes()
    with page.expect_request(re.compile(r"/_stcore/upload_file/")) as captured:
        upload_on(page, "cohort_upload", "small.csv", small, "text/csv")
    request = captured.value
    headers = {k: v for k, v in request.headers.items() if k.lower() == "x-xsrftoken"}
    # ...then skip the widget: the server refuses a body over its limit (Streamlit allows
    # 1 MB of multipart framing on top), and still takes one under it.
    too_big = b"x" * ((MAX_UPLOAD_MB + 2) * 1024 * 1024)
    refused = page.request.put(
        request.url,
        headers=headers,
        multipart={"file": {"name": "big.csv", "mimeType": "text/csv", "buffer": too_big}},
    )
    assert refused.status == 413
    accepted = page.request.put(
        request.url,
        headers=headers,
        multipart={"file": {"name": "ok.csv", "mimeType": "text/csv", "buffer": small}},
    )
    assert accepted.ok
