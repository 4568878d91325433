"""Issue 5: one clinician's whole path in Chromium, in mg/dL.

Case page: the design.md worked case entered with BUN and glucose in mg/dL -> SCORTEN,
predicted mortality, derivation band and extent on screen. Drugs page (reached by the
sidebar, so the session's case is kept): index day and two drugs added with the "Add a
drug" form -> the ALDEN ranking with exact scores. Back on the Case page: the FHIR bundle
downloaded and validated with fhir.resources. Screenshots of both pages.

Expected values are worked out by hand below from the contract rules
(docs/cli-contract.md) and cross-checked with `python -m scoring` in the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ROOT,
    AppServer,
    go_to,
    no_exception,
    open_app,
    screenshot,
    script_run,
    venv_python,
)

pytestmark = pytest.mark.e2e

TALL = {"width": 1400, "height": 2600}  # Streamlit scrolls inside stMain: show it all

# --- the worked case (design.md), in mg/dL ------------------------------------------------
# age 67 > 40: 1 · malignancy: 1 · HR 118 <= 120: 0 · detachment 18 % > 10 %: 1 ·
# BUN 34 mg/dL = 34 / 2.8 = 12.1 mmol/L urea > 10: 1 · bicarbonate 22 >= 20: 0 ·
# glucose 150 mg/dL = 150 / 18.016 = 8.3 mmol/L <= 14: 0  ->  SCORTEN 4 of 7.
# logit = -4.448 + 1.237 x 4 = 0.500 -> 1 / (1 + e^-0.5) = 62.2 %; derivation band for
# score 4 (Bastuji-Garin 2000): 14/24 = 58.3 %. 18 % is within 10-30 %: SJS/TEN overlap.
NUMBERS = {
    "case_age_years": "67",
    "case_heart_rate_bpm": "118",
    "case_bsa_detached_pct": "18",
    "case_urea_value": "34",
    "case_bicarbonate_mmol_l": "22",
    "case_glucose_value": "150",
}
UNITS = {"case_urea_unit": "mg/dL (BUN, urea nitrogen)", "case_glucose_unit": "mg/dL"}
HEADLINE = "SCORTEN 4 of 7"  # one figure per line: mortality and band below it
MORTALITY = "Predicted mortality 62.2 %"
EXTENT = "Extent: SJS/TEN overlap (18 % detached)"

# --- the drugs ------------------------------------------------------------------------------
# Index day 2024-03-15. Previous exposure and dechallenge left "Not known" (0 each).
# Lamotrigine, started 2024-02-28 (16 days before: 5-28 days, "suggestive" +3), still
# taken (present: 0), notoriety +3 (strongly associated) -> criteria 1-5 sum 6; it is the
# top drug, so criterion 6 is 0 -> ALDEN 6, very probable (>= 6).
# Paracetamol, started 2024-03-13 (2 days before: 1-4 days, "likely" +1), still taken (0),
# notoriety +1 (suspected) -> sum 2; the top sum 6 is above 3 and 2 < 6, so criterion 6
# is -1 -> ALDEN 1, unlikely (0-1).
INDEX_DAY = "2024-03-15"
DRUGS = [("lamotrigine", "2024-02-28"), ("paracetamol", "2024-03-13")]
RANKING = [
    ["1", "lamotrigine", "6", "very probable"],
    ["2", "paracetamol", "1", "unlikely"],
]

LOINC = "http://loinc.org"
PROJECT = "urn:sjsten-support:codesystem:case-observations"
# Every SCORTEN criterion's input, as the Observation it must derive from.
SCORTEN_INPUTS = {
    (LOINC, "30525-0"): 67.0,  # age
    (LOINC, "8867-4"): 118.0,  # heart rate
    (LOINC, "3094-0"): 34.0,  # BUN, mg/dL (urea nitrogen, mass)
    (LOINC, "1963-8"): 22.0,  # bicarbonate
    (LOINC, "2345-7"): 150.0,  # glucose, mg/dL (mass)
    (PROJECT, "bsa-detached-pct"): 18.0,
    (PROJECT, "malignancy-active"): True,
}


# --- helpers (keyed widgets; conftest's helpers go by label) -------------------------------


def in_key(page: Page, key: str):
    return page.locator(f".st-key-{key}")


def fill_key(page: Page, key: str, text: str) -> None:
    """Type into the number input with widget key `key` and commit it (one rerun)."""
    field = in_key(page, key).locator("input")
    with script_run(page):
        field.fill(text)
        field.press("Enter")
    expect(field).to_have_value(re.compile(rf"^{re.escape(text)}(\.0+)?$"))  # shown as 67.00


def choose_key(page: Page, key: str, option: str) -> None:
    """Pick `option` in the radio group with widget key `key` (one rerun)."""
    group = in_key(page, key)
    if group.get_by_role("radio", name=option, exact=True).is_checked():
        return
    with script_run(page):
        group.get_by_text(option, exact=True).click()
    expect(group.get_by_role("radio", name=option, exact=True)).to_be_checked()


def type_date(page: Page, key: str, iso: str) -> None:
    """Type a date into a plain YYYY-MM-DD text field (no calendar) and commit it (one rerun)."""
    field = in_key(page, key).locator("input")
    with script_run(page):
        field.fill(iso)
        field.press("Enter")
    expect(field).to_have_value(iso)


def add_drug_with_form(page: Page, name: str, start: str) -> None:
    in_key(page, "drugs_form_name").locator("input").fill(name)
    in_key(page, "drugs_form_start").locator("input").fill(start)  # typed: no calendar
    with script_run(page):
        # By its key: the button's words are the reader's language's ("Add drug", "약물 추가").
        in_key(page, "drugs_form_submit").get_by_role("button").click()


def ranking_rows(page: Page) -> list[list[str]]:
    table = page.get_by_test_id("stTable").filter(has_text="ALDEN score")
    expect(table.locator("thead th")).to_have_text(["Rank", "Drug", "ALDEN score", "Causality"])
    return [row.locator("th, td").all_inner_texts() for row in table.locator("tbody tr").all()]


def cli_alden() -> dict[str, Any]:
    record = {
        "index_day": INDEX_DAY,
        "drugs": [
            {"name": name, "start": start, "stop": None, "previous_exposure": "unknown"}
            for name, start in DRUGS
        ],
    }
    done = subprocess.run(
        [venv_python(), "-m", "scoring", "alden", "-"],
        input=json.dumps(record),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def check_fhir(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bundle = Bundle.model_validate_json(text)  # raises on any invalid FHIR R4B
    assert bundle.type == "collection"
    data = json.loads(text)
    by_url = {entry["fullUrl"]: entry["resource"] for entry in data["entry"]}
    # With drugs: MedicationStatements, the culprit's AllergyIntolerance, the next steps as
    # a CarePlan (issue 19) and an anonymous Patient (no name, no identifier) they require.
    assert {r["resourceType"] for r in by_url.values()} == {
        "Observation",
        "Patient",
        "MedicationStatement",
        "AllergyIntolerance",
        "CarePlan",
    }
    observations = {u: r for u, r in by_url.items() if r["resourceType"] == "Observation"}

    def coded(resource: dict[str, Any]) -> tuple[str, str]:
        coding = resource["code"]["coding"][0]
        return coding["system"], coding["code"]

    scorten = [r for r in observations.values() if coded(r) == (PROJECT, "scorten")]
    assert len(scorten) == 1
    obs = scorten[0]
    assert obs["valueInteger"] == 4
    assert obs["component"][0]["valueQuantity"]["value"] == 62.2
    references = [item["reference"] for item in obs["derivedFrom"]]
    assert all(ref in by_url for ref in references), "derivedFrom must resolve in the bundle"
    inputs = {coded(by_url[ref]): by_url[ref] for ref in references}
    assert set(inputs) == set(SCORTEN_INPUTS)
    for code, expected in SCORTEN_INPUTS.items():
        resource = inputs[code]
        value = resource.get("valueBoolean", resource.get("valueQuantity", {}).get("value"))
        assert value == expected, code
    assert inputs[(LOINC, "3094-0")]["valueQuantity"]["code"] == "mg/dL"
    assert inputs[(LOINC, "2345-7")]["valueQuantity"]["code"] == "mg/dL"


# --- the test ---------------------------------------------------------------------------------


def test_case_in_mg_dl_drugs_and_fhir_export(
    page: Page, app_server: AppServer, tmp_path: Path
) -> None:
    page.set_viewport_size(TALL)
    open_app(page, app_server.url)

    # Case page: units first, so each number is read in the unit it is typed in.
    for key, option in UNITS.items():
        choose_key(page, key, option)
    choose_key(page, "case_malignancy", "Yes")
    for key, text in NUMBERS.items():
        fill_key(page, key, text)
    no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=re.compile(r"^SCORTEN \d"))).to_have_text(HEADLINE)
    expect(main.get_by_text(MORTALITY, exact=True)).to_be_visible()
    band = re.compile(r"^Derivation band 58\.3 % \(14/24; 95 % CI [\d.]+-[\d.]+\)$")
    expect(main.get_by_text(band)).to_be_visible()
    # Each lab re-read in mmol/L under its field: the values were taken as mg/dL.
    expect(main.get_by_text("= 12.1 mmol/L urea", exact=True)).to_be_visible()
    expect(main.get_by_text("= 8.3 mmol/L", exact=True)).to_be_visible()
    expect(main.get_by_text(EXTENT, exact=True)).to_be_visible()
    screenshot(page, "clinician-case-mg-dl-results")

    # Drugs page, through the sidebar: the same session, so the case is kept.
    go_to(page, "Drugs")
    type_date(page, "drugs_index_day", INDEX_DAY)
    for name, start in DRUGS:
        add_drug_with_form(page, name, start)
    no_exception(page)
    assert ranking_rows(page) == RANKING
    cli = cli_alden()
    assert cli["errors"] == []
    assert [[str(rank), d["name"], str(d["score"]), d["category"]]
            for rank, d in enumerate(cli["drugs"], start=1)] == RANKING  # fmt: skip
    expect(page.get_by_text("1. lamotrigine: ALDEN 6, very probable")).to_be_visible()
    expect(page.get_by_text("2. paracetamol: ALDEN 1, unlikely")).to_be_visible()
    page.get_by_role("heading", name="ALDEN: drug causality, ranked").scroll_into_view_if_needed()
    screenshot(page, "clinician-drugs-alden-ranking")

    # Back to the Case page: the case is still there; export the FHIR bundle.
    go_to(page, "Case")
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=HEADLINE)).to_be_visible()
    with page.expect_download() as download_info:
        in_key(page, "case_download_fhir").get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "sjsten-fhir-day1.json"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    check_fhir(target)
    no_exception(page)
