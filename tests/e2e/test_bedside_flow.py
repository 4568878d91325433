"""Issue 12: a TEN case in US units plus three drugs -> the bedside summary, the next
steps and the exports, in Chromium at 1400 x 900.

Expected values by hand (contract rules):
- SCORTEN: age 52 > 40: 1 · malignancy no: 0 · HR 125 > 120: 1 · detachment 35 % > 10 %: 1 ·
  BUN 40 mg/dL = 40 / 2.8 = 14.3 mmol/L > 10: 1 · bicarbonate 18 < 20: 1 · glucose
  300 mg/dL = 300 / 18.016 = 16.7 mmol/L > 14: 1 -> 6 of 7; logit -4.448 + 1.237 x 6 =
  2.974 -> 95.1 %. 35 % > 30 %: TEN.
- ALDEN (index day 2024-03-31): lamotrigine from 2024-03-17 (14 days: +3), still taken (0),
  notoriety +3 -> 6, very probable; valproate from 2023-01-01 (> 56 days: -1), notoriety +1,
  other cause -1 -> -1; paracetamol from 2024-03-28 (3 days: +1), notoriety +1, other cause
  -1 -> 1, unlikely.
- Next steps: 1. stop lamotrigine; 2. burn centre or ICU (35 % > 10 %); 3. eye assessment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    AppServer,
    go_to,
    no_exception,
    open_app,
    script_run,
    viewport_screenshot,
)
from tests.e2e.test_clinician_flow import add_drug_with_form, choose_key, fill_key

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1400, "height": 900}
NUMBERS = {
    "case_age_years": "52",
    "case_heart_rate_bpm": "125",
    "case_bsa_detached_pct": "35",
    "case_urea_value": "40",
    "case_bicarbonate_mmol_l": "18",
    "case_glucose_value": "300",
}
INDEX_DAY = "2024-03-31"
DRUGS = [("lamotrigine", "2024-03-17"), ("valproate", "2023-01-01"), ("paracetamol", "2024-03-28")]


def in_key(page: Page, key: str):
    return page.locator(f".st-key-{key}")


def download(page: Page, key: str, target_dir: Path) -> Path:
    with page.expect_download() as info:
        in_key(page, key).get_by_role("button").click()
    path = target_dir / f"{key}-{info.value.suggested_filename}"
    info.value.save_as(path)
    return path


def above_the_fold(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["y"] + box["height"] <= VIEWPORT["height"], box


def test_ten_case_in_us_units_with_three_drugs(
    page: Page, app_server: AppServer, tmp_path: Path
) -> None:
    page.set_viewport_size(VIEWPORT)
    open_app(page, app_server.url)

    # One switch for the whole case: both labs in mg/dL.
    choose_key(page, "case_unit_system", "US units (mg/dL)")
    expect(
        in_key(page, "case_urea_unit").get_by_role("radio", name="mg/dL (BUN, urea nitrogen)")
    ).to_be_checked()
    choose_key(page, "case_malignancy", "No")
    for key, text in NUMBERS.items():
        fill_key(page, key, text)
    no_exception(page)
    expect(in_key(page, "case_age_years").locator("input")).to_have_value("52")  # not 52.00

    go_to(page, "Drugs")
    with script_run(page):
        field = page.locator(".st-key-drugs_index_day input")
        field.fill(INDEX_DAY)
        field.press("Enter")
    for name, start in DRUGS:
        add_drug_with_form(page, name, start)
    no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("1. lamotrigine: ALDEN 6, very probable")).to_be_visible()
    expect(main.get_by_text("2. paracetamol: ALDEN 1, unlikely")).to_be_visible()
    # All exports on the Drugs page too.
    note = download(page, "drugs_download_note", tmp_path).read_text(encoding="utf-8")
    assert "1. “lamotrigine” — ALDEN 6, very probable" in note  # user text quoted

    go_to(page, "Case")
    page.get_by_test_id("stMain").evaluate("el => el.scrollTo(0, 0)")
    summary = in_key(page, "bedside_summary")
    metric = in_key(page, "bedside_risk")
    above_the_fold(page, metric.get_by_text("95.1 %", exact=True))
    expect(metric).to_contain_text("Predicted mortality · SCORTEN 6 of 7")
    above_the_fold(
        page, summary.get_by_text(re.compile("^SCORTEN's calibration differs between cohorts"))
    )
    above_the_fold(page, summary.get_by_text("TEN (35 % detached)", exact=True))
    above_the_fold(page, summary.get_by_text("lamotrigine — ALDEN 6, very probable"))
    above_the_fold(page, summary.get_by_text(re.compile(r"^Stop lamotrigine now")))
    above_the_fold(page, summary.get_by_text(re.compile(r"^Burn centre or ICU now")))
    above_the_fold(page, summary.get_by_text(re.compile(r"^Ophthalmologist within 24 h")))
    expect(summary.get_by_role("link", name=re.compile("Drugs page"))).to_be_visible()
    viewport_screenshot(page, "case_bedside_summary.png")  # 1400 x 900, no scroll

    # The derivation band one click away.
    summary.get_by_text("Derivation band with 95 % CI").click()
    expect(summary.get_by_text(re.compile(r"^[\d.]+ % \(\d+/\d+; 95 % CI"))).to_be_visible()

    # The full Next steps panel: why and source per step.
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Why shown: Detached BSA 35 % (day 1) > 10 %.")).to_be_visible()
    # Criteria name the analyte as entered.
    expect(main.get_by_text(re.compile(r"^✓ BUN 40 mg/dL \(= 14\.3 mmol/L urea\)"))).to_be_visible()

    note = download(page, "case_download_note", tmp_path).read_text(encoding="utf-8")
    assert "SCORTEN 6 of 7 · predicted mortality 95.1 %" in note
    assert "1. Stop lamotrigine now: Withdraw now: lamotrigine (ALDEN 6, very probable)." in note
    assert "2. Burn centre or ICU now:" in note
    assert "Strength of recommendation D (GPP)" in note

    fhir_text = download(page, "case_download_fhir", tmp_path).read_text(encoding="utf-8")
    Bundle.model_validate_json(fhir_text)
    resources = [e["resource"] for e in json.loads(fhir_text)["entry"]]
    allergies = [r for r in resources if r["resourceType"] == "AllergyIntolerance"]
    assert [a["code"]["text"] for a in allergies] == ["lamotrigine"]
    manifestation = allergies[0]["reaction"][0]["manifestation"][0]
    assert manifestation["text"] == "Toxic epidermal necrolysis"
    assert manifestation["coding"] == [
        {
            "system": "http://snomed.info/sct",
            "code": "23067006",
            "display": "Toxic epidermal necrolysis",
        }
    ]
    statements = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert sorted(s["medicationCodeableConcept"]["text"] for s in statements) == [
        "lamotrigine",
        "paracetamol",
        "valproate",
    ]
    alden = sorted(
        r["valueInteger"]
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "alden"
    )
    assert alden == [-1, 1, 6]
    no_exception(page)
