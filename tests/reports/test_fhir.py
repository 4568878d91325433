"""The FHIR R4B Bundle: inputs with LOINC, scores derived from them, drugs and ALDEN."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from reports import fhir
from reports.assessment import assess
from tests.reports.cases import WORKED_INPUTS, drug_case, make_case

EXPECTED_LOINC = {
    "age_years": "30525-0",
    "heart_rate_bpm": "8867-4",
    "bun_mg_dl": "3094-0",
    "bicarbonate_mmol_l": "1963-8",
    "glucose_mmol_l": "14749-6",
}


def _bundle(case: dict) -> dict:
    return fhir.fhir_bundle(case, assess(case))


def _codings(entry: dict) -> list[dict]:
    return entry["resource"].get("code", {}).get("coding", [])


def _scorten_entry(bundle: dict) -> dict:
    return next(e for e in bundle["entry"] if e["resource"]["code"].get("text") == "SCORTEN")


def test_fhir_bundle_validates_with_r4b():
    bundle = _bundle(make_case())
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert bundle["resourceType"] == "Bundle"
    json.dumps(bundle)  # plain JSON, ready for download


def test_fhir_scorten_derived_from_points_at_input_observations():
    bundle = _bundle(make_case())
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    scorten = _scorten_entry(bundle)["resource"]
    assert scorten["valueInteger"] == 4
    assert scorten["category"][0]["coding"][0]["code"] == "survey"
    assert all(c["system"] != "http://loinc.org" for c in scorten["code"]["coding"])
    refs = [d["reference"] for d in scorten["derivedFrom"]]
    assert len(refs) == 7
    assert all(ref.startswith("urn:uuid:") and ref in by_url for ref in refs)
    loinc_codes = {
        c["code"]
        for ref in refs
        for c in by_url[ref]["code"]["coding"]
        if c["system"] == "http://loinc.org"
    }
    assert loinc_codes == set(EXPECTED_LOINC.values())
    bun = next(by_url[r] for r in refs if by_url[r]["code"]["coding"][0]["code"] == "3094-0")
    assert bun["valueQuantity"] == {
        "value": 34.0,
        "unit": "mg/dL",
        "system": "http://unitsofmeasure.org",
        "code": "mg/dL",
    }
    assert scorten["component"][0]["valueQuantity"]["value"] == 62.2


def test_fhir_non_loinc_inputs_use_project_code_system():
    bundle = _bundle(make_case())
    codes = {c["code"]: c["system"] for e in bundle["entry"] for c in _codings(e)}
    assert codes["bsa-detached-pct"] == fhir.PROJECT_CODE_SYSTEM
    assert codes["malignancy-active"] == fhir.PROJECT_CODE_SYSTEM
    assert "8277-6" not in codes  # BSA in m², not % detached


def test_fhir_urea_and_glucose_by_moles():
    inputs = {**WORKED_INPUTS, "urea_mmol_l": 12.1, "glucose_mg_dl": 180.0}
    del inputs["bun_mg_dl"], inputs["glucose_mmol_l"]
    bundle = _bundle(make_case(inputs))
    codes = {c["code"] for e in bundle["entry"] for c in _codings(e)}
    assert {"22664-7", "2345-7"} <= codes
    assert not {"3094-0", "14749-6"} & codes


def test_fhir_partial_score_is_a_range():
    inputs = {k: v for k, v in WORKED_INPUTS.items() if k != "glucose_mmol_l"}
    scorten = _scorten_entry(_bundle(make_case(inputs)))["resource"]
    assert "valueInteger" not in scorten
    assert scorten["valueRange"] == {"low": {"value": 4}, "high": {"value": 5}}
    assert len(scorten["derivedFrom"]) == 6


def test_fhir_has_no_identifiers_and_only_an_anonymous_patient():
    bundle = _bundle(make_case())
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert set(kinds) == {"Observation", "CarePlan", "Patient"}  # no drugs: no drug resources
    observations = [e["resource"] for e in bundle["entry"]]
    assert all("subject" not in r for r in observations if r["resourceType"] == "Observation")
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert patient == {"resourceType": "Patient", "active": True}
    assert "identifier" not in json.dumps(bundle)


def test_fhir_refuses_an_invalid_case():
    case = make_case({**WORKED_INPUTS, "age_years": -3.0})
    with pytest.raises(fhir.ExportError):
        _bundle(case)


@pytest.mark.parametrize(
    ("bsa", "text", "snomed"),
    [
        (8.0, "Stevens-Johnson syndrome", "73442001"),
        (18.0, "Stevens-Johnson syndrome/toxic epidermal necrolysis overlap", None),
        (35.0, "Toxic epidermal necrolysis", "23067006"),
    ],
)
def test_fhir_bundle_carries_drugs_alden_and_culprit(bsa, text, snomed):
    case = drug_case(bsa)
    bundle = _bundle(case)
    Bundle.model_validate(bundle)
    by_type: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    assert by_type["Patient"] == [{"resourceType": "Patient", "active": True}]  # anonymous
    statements = by_type["MedicationStatement"]
    assert [s["medicationCodeableConcept"]["text"] for s in statements] == [
        "valproate",
        "lamotrigine",
        "paracetamol",
    ]
    assert [s["status"] for s in statements] == ["active", "active", "completed"]
    assert statements[2]["effectivePeriod"] == {"start": "2024-03-28", "end": "2024-03-30"}
    alden_obs = [o for o in by_type["Observation"] if o["code"]["coding"][0]["code"] == "alden"]
    assert [(o["code"]["text"], o["valueInteger"]) for o in alden_obs] == [
        ("ALDEN drug causality: lamotrigine", 6),
        ("ALDEN drug causality: valproate", -1),
        ("ALDEN drug causality: paracetamol", -2),
    ]
    (allergy,) = by_type["AllergyIntolerance"]
    assert allergy["code"] == {"text": "lamotrigine"}
    assert allergy["verificationStatus"]["coding"][0]["code"] == "unconfirmed"
    manifestation = allergy["reaction"][0]["manifestation"][0]
    assert manifestation["text"] == text
    codes = [c["code"] for c in manifestation.get("coding", [])]
    assert codes == ([snomed] if snomed else [])


def test_fhir_bundle_no_allergy_when_no_drug_ranks_possible():
    case = drug_case()
    case["drugs"] = [{"name": "valproate", "start": "2023-01-01"}]
    bundle = _bundle(case)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "AllergyIntolerance" not in types and "MedicationStatement" in types


def test_fhir_scorten_note_is_the_one_calibration_note():
    from reports.wording import CALIBRATION_NOTE

    notes = [n["text"] for n in _scorten_entry(_bundle(make_case()))["resource"]["note"]]
    assert CALIBRATION_NOTE in notes
