"""Issue 6: one teaching case and one cohort upload, walked in Chromium, with screenshots.

Teaching: a case is walked step by step to its scores (the SCORTEN, extent and culprit
stated in knowledge/data/teaching_cases.yaml must appear), the quiz is answered once (one
answer right, one wrong: both kinds of feedback), and the case's share link opens that
same case in a new browser context (a new session, as a colleague would).

Cohort: a small CSV written here with good rows and bad rows (incomplete SCORTEN, outcome
not known, an impossible value) is uploaded; the counts and figures on screen must match
`python -m scoring validate` on the same file, and the scored download must give each
left-out row its reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from teaching.cases import default_teaching
from tests.e2e.conftest import (
    ACTION_TIMEOUT_MS,
    ROOT,
    AppServer,
    no_exception,
    open_app,
    screenshot,
    script_run,
    venv_python,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

TALL = {"width": 1400, "height": 2200}  # Streamlit scrolls inside stMain: show more of it

# Not the first case of the list, so opening it by its link proves the link worked.
CASE_ID = "allopurinol-hla-b5801"
WRONG_CULPRIT = "amlodipine"  # tolerated for five years: the quiz must say it is not it

# SCORTEN of each row (contract rules; BUN / 2.8 and glucose / 18.016 give mmol/L):
#   a1 67 y, HR 118, malignancy, 18 %, BUN 34 (12.1), bicarb 22, glucose 150 (8.3) -> 4
#   a2 all normal -> 0; a3 everything abnormal -> 7; a4 45 y, 12 % -> 2;
#   a5 55 y, HR 125, bicarb 18 -> 3; a6 80 y, malignancy, 35 %, BUN 60, bicarb 16, glucose
#   280 (15.5) -> 6; a7 everything abnormal but survived -> 7; a8 30 y, 25 % -> 1, died.
# Left out: b1 (no BUN: SCORTEN incomplete), b2 (died empty: outcome not known),
# b3 (age -5: impossible, invalid).
COHORT_CSV = """\
id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,bun_mg_dl,bicarbonate_mmol_l,glucose_mg_dl,died
a1,67,118,yes,18,34,22,150,yes
a2,35,90,no,5,10,25,100,no
a3,72,130,yes,40,50,15,300,yes
a4,45,100,no,12,20,24,120,no
a5,55,125,no,8,30,18,90,no
a6,80,110,yes,35,60,16,280,yes
a7,70,130,yes,35,50,15,300,no
a8,30,90,no,25,10,25,100,yes
b1,50,100,no,12,,24,120,no
b2,60,100,no,12,20,24,120,
b3,-5,100,no,12,20,24,120,no
"""
# CLI `left_out` key -> the reason the page and the scored download give.
REASONS = {
    "invalid": "invalid value",
    "incomplete_scorten": "incomplete SCORTEN",
    "unknown_outcome": "outcome (died) not known",
}
EXPECTED_LEFT_OUT = {
    "b1": "incomplete SCORTEN",
    "b2": "outcome (died) not known",
    "b3": "invalid value",
}


# --- helpers ------------------------------------------------------------------------------


def in_key(page: Page, key: str):
    return page.locator(f".st-key-{key}")


def click_key(page: Page, key: str) -> None:
    with script_run(page):
        in_key(page, key).get_by_role("button").click()


def choose_option(page: Page, key: str, option: str) -> None:
    """Pick `option` in the selectbox with widget key `key` (one rerun)."""
    box = in_key(page, key).get_by_role("combobox")
    box.click()
    with script_run(page):
        page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def metric(page: Page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def grid_rows(grid) -> list[dict[str, str]]:
    """The cells of an st.dataframe, from the accessible table the canvas grid keeps."""
    cell = grid.locator("table[role=grid] td[role=gridcell]")
    expect(cell.first).to_be_attached()  # kept for screen readers: not visible, not hidden
    headers = grid.locator("table[role=grid] th[role=columnheader]").all_inner_texts()
    cells = cell.all_inner_texts()
    width = len(headers)
    return [
        dict(zip(headers, cells[i : i + width], strict=True)) for i in range(0, len(cells), width)
    ]


def cli_validate(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [venv_python(), "-m", "scoring", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    # Exit 1: at least one record carried an error (b3); every figure is still written.
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


# --- teaching -------------------------------------------------------------------------------


def test_teaching_case_walk_quiz_and_share_link(
    page: Page, browser: Browser, app_server: AppServer
) -> None:
    case = default_teaching().get(CASE_ID)
    day = case.days[0]
    expected = case.assessment(day).expected
    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/teaching")
    choose_option(page, "teaching_case", case.title)
    expect(page.get_by_text(case.summary, exact=False)).to_be_visible()

    # Walk through: one step per click, then the scores.
    main = page.get_by_test_id("stMain")
    for shown in range(1, len(case.steps)):
        expect(main.get_by_text(case.steps[shown - 1].title, exact=True)).to_be_visible()
        expect(main.get_by_text(case.steps[shown].title, exact=True)).to_have_count(0)
        button = in_key(page, "teaching_next_step").get_by_role("button")
        expect(button).to_have_text("Reveal next step")
        click_key(page, "teaching_next_step")
    expect(in_key(page, "teaching_next_step").get_by_role("button")).to_have_text(
        "Reveal the scores"
    )
    click_key(page, "teaching_next_step")
    expect(in_key(page, "teaching_next_step")).to_have_count(0)
    headline = main.get_by_role("heading", name=re.compile(r"^SCORTEN \d"))
    expect(headline).to_have_text(
        re.compile(rf"^SCORTEN {expected.scorten} of 7 · predicted mortality [\d.]+ %$")
    )
    expect(main.get_by_text(f"Extent: {expected.classification}", exact=True)).to_be_visible()
    culprit = (
        f"Likely culprit: {case.culprit.drug} — ALDEN {case.culprit.alden_score} "
        f"({case.culprit.alden_category})"
    )
    expect(main.get_by_text(culprit, exact=False)).to_be_visible()
    no_exception(page)
    screenshot(page, "teaching-walk-through-scores")

    # Quiz: the right SCORTEN, the wrong drug.
    with script_run(page):
        in_key(page, "teaching_mode").get_by_text("Quiz", exact=True).click()
    expect(main.get_by_text("No cases answered yet this session.")).to_be_visible()
    field = in_key(page, "teaching_quiz_scorten").locator("input")
    with script_run(page):
        field.fill(str(expected.scorten))
        field.press("Enter")
    choose_option(page, "teaching_quiz_culprit", WRONG_CULPRIT)
    click_key(page, "teaching_quiz_check")
    alerts = main.get_by_test_id("stAlert")
    expect(alerts.filter(has_text=f"SCORTEN {expected.scorten}: correct.")).to_have_count(1)
    expect(
        alerts.filter(has_text=f"The likely culprit is {case.culprit.drug}, not {WRONG_CULPRIT}.")
    ).to_have_count(1)
    expect(main.get_by_text("1 case answered · SCORTEN 1/1 · culprit 0/1")).to_be_visible()
    no_exception(page)
    screenshot(page, "teaching-quiz-feedback")

    # The share link names the case and nothing else, and opens it in a new session.
    main.get_by_test_id("stExpander").filter(has_text="Share this case").locator("summary").click()
    links = main.get_by_test_id("stCode").filter(has_text="?case=")
    link = links.first.inner_text().strip()  # the second opens it in the presenter view
    assert links.nth(1).inner_text().strip() == f"{link}&mode=presenter&slide=1"
    assert link == f"{app_server.url}/teaching?case={CASE_ID}&lang=en"
    context = browser.new_context(viewport=TALL)
    try:
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        colleague = open_app(context.new_page(), link)
        expect(in_key(colleague, "teaching_case").get_by_role("combobox")).to_have_value(case.title)
        expect(colleague.get_by_text(case.summary, exact=False)).to_be_visible()
        expect(colleague.get_by_test_id("stAlert")).to_have_count(0)  # no "unknown case"
        # A new session: no answers, tally or revealed steps came along with the link.
        expect(in_key(colleague, "teaching_next_step").get_by_role("button")).to_have_text(
            "Reveal next step"
        )
        no_exception(colleague)
        screenshot(colleague, "teaching-shared-link")
    finally:
        context.close()


# --- cohort ---------------------------------------------------------------------------------


def test_cohort_upload_matches_the_validate_cli(
    page: Page, app_server: AppServer, tmp_path: Path
) -> None:
    cohort = tmp_path / "small_cohort.csv"
    cohort.write_text(COHORT_CSV, encoding="utf-8")
    cli = cli_validate(cohort)
    assert cli["n"] == 11 and cli["n_scored"] == 8  # the rows above, as designed
    assert cli["left_out"] == {"invalid": 1, "incomplete_scorten": 1, "unknown_outcome": 1}

    page.set_viewport_size(TALL)
    open_app(page, f"{app_server.url}/cohort")
    with script_run(page):
        in_key(page, "cohort_upload").locator("input[type=file]").set_input_files(cohort)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="small_cohort.csv")).to_be_visible()
    no_exception(page)

    assert metric(page, "Rows read") == str(cli["n"])
    assert metric(page, "Scored") == str(cli["n_scored"])
    assert metric(page, "Deaths among scored") == str(cli["deaths"])
    assert metric(page, "Left out") == str(sum(cli["left_out"].values()))
    assert metric(page, "AUROC") == f"{cli['auroc']:.3f}"
    assert metric(page, "O/E ratio") == f"{cli['o_e_ratio']:.2f}"
    assert metric(page, "Observed mortality") == f"{cli['observed_mortality'] * 100:.1f} %"
    assert metric(page, "Brier score") == f"{cli['brier']:.3f}"
    recalibrated = cli["recalibrated"]
    sign = "+" if recalibrated["slope"] >= 0 else "-"
    equation = (
        f"logit = {recalibrated['intercept']:.3f} {sign} {abs(recalibrated['slope']):.3f} × SCORTEN"
    )
    if cli["warnings"]:  # too few events to trust it (issue 15): greyed caption + reason
        expect(main.get_by_test_id("stCaptionContainer").filter(has_text=equation)).to_have_count(1)
        expect(main.get_by_text("Not to be trusted:", exact=False)).to_have_count(1)
    else:
        expect(main.locator("code").filter(has_text=equation)).to_have_count(1)
    # The left-out rows on screen, each with its reason (the grid's accessible table).
    report = main.get_by_test_id("stExpander").filter(
        has_text=f"Rows not scored ({len(EXPECTED_LEFT_OUT)})"
    )
    shown = grid_rows(report.get_by_test_id("stDataFrame"))
    assert [(row["id"], row["reason"]) for row in shown] == list(EXPECTED_LEFT_OUT.items())
    assert [row["row"] for row in shown] == ["9", "10", "11"]  # 1-based data rows
    screenshot(page, "cohort-upload-figures")

    # Each left-out row with its reason: the scored download says which and why. (Clicked
    # with the app idle: once, on a loaded machine, a click made while the charts were still
    # being drawn left the deferred download's spinner turning, with no server error.)
    wait_for_app(page)
    with page.expect_download() as download_info:
        in_key(page, "cohort_download").get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "small_cohort_scored.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == [line.split(",")[0] for line in COHORT_CSV.split()[1:]]
    left_out = {row["id"]: row["left_out_reason"] for row in rows if row["in_validation"] != "true"}
    assert left_out == EXPECTED_LEFT_OUT
    by_reason = {reason: list(left_out.values()).count(reason) for reason in REASONS.values()}
    assert by_reason == {REASONS[key]: count for key, count in cli["left_out"].items()}
    assert [e["id"] for e in cli["errors"]] == [
        i for i, r in left_out.items() if r == "invalid value"
    ]
    no_exception(page)
