"""Exports: chart note text, case JSON round trip and rejection, FHIR R4B bundle."""

from __future__ import annotations

import copy
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from reports import case_file, chart_note, fhir, wording
from reports.case_file import CaseImportError

# design.md worked case: SCORTEN 4 of 7 with all seven inputs.
WORKED_INPUTS = {
    "age_years": 67.0,
    "malignancy": True,
    "heart_rate_bpm": 118.0,
    "bsa_detached_pct": 18.0,
    "bun_mg_dl": 34.0,
    "bicarbonate_mmol_l": 22.0,
    "glucose_mmol_l": 10.0,
}


def make_case(inputs: dict | None = None, *more_days: tuple[int, dict]) -> dict:
    assessments = [
        {
            "assessment_day": 1,
            "inputs": dict(WORKED_INPUTS if inputs is None else inputs),
            "units": {"urea": "mg/dL", "glucose": "mmol/L"},
        }
    ]
    for day, day_inputs in more_days:
        assessments.append(
            {
                "assessment_day": day,
                "inputs": day_inputs,
                "units": {"urea": "mmol/L", "glucose": "mmol/L"},
            }
        )
    return {
        "assessments": assessments,
        "active_day": 1,
        "index_day": None,
        "other_cause_non_drug": False,
        "drugs": [],
    }


# --- text helpers and chart note -------------------------------------------------------


def test_headline_complete_case():
    result = case_file.score_assessments(make_case())[1]
    assert wording.scorten_headline(result.scorten) == (
        "SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    )


def test_headline_partial_case_names_the_missing_input():
    inputs = {k: v for k, v in WORKED_INPUTS.items() if k != "glucose_mmol_l"}
    result = case_file.score_assessments(make_case(inputs))[1]
    assert wording.scorten_headline(result.scorten) == (
        "SCORTEN 4-5 of 7 (glucose missing) · predicted mortality 62.2-85.0 %"
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("bun_mg_dl", 34.0, "= 12.1 mmol/L urea"),
        ("urea_mmol_l", 12.1, "= 34 mg/dL BUN"),
        ("glucose_mg_dl", 252.2, "= 14.0 mmol/L"),
        ("glucose_mmol_l", 14.0, "= 252 mg/dL"),
        ("bicarbonate_mmol_l", 22.0, None),
    ],
)
def test_converted_text(field, value, expected):
    assert wording.converted_text(field, value) == expected


def test_chart_note_contents():
    case = make_case()
    note = chart_note.chart_note(case, case_file.score_assessments(case))
    assert "Assessment day 1" in note
    assert "BUN (urea nitrogen) 34 mg/dL (= 12.1 mmol/L urea)" in note
    assert (
        "SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    ) in note
    assert "✗ Heart rate 118 /min ≤ 120 /min — 0 points" in note
    assert "✓ BUN 34 mg/dL (= 12.1 mmol/L urea) > 10 mmol/L (BUN 28 mg/dL) — 1 point" in note
    assert "ABCD-10 4-7 of 8 (dialysis before admission missing)" in note
    assert "Extent: SJS/TEN overlap (18 % detached)" in note
    assert wording.DAY3_REMINDER in note
    assert "doi:10.1046/j.1523-1747.2000.00061.x" in note
    assert "not a substitute for clinical judgement" in note


def test_chart_note_trend_and_no_day3_reminder_once_day3_exists():
    case = make_case(None, (3, {"age_years": 67.0}))
    note = chart_note.chart_note(case, case_file.score_assessments(case))
    assert "SCORTEN trend: day 1: 4; day 3: 1-7" in note
    assert wording.DAY3_REMINDER not in note


def test_chart_note_with_impossible_value_gives_no_score():
    case = make_case({**WORKED_INPUTS, "age_years": -3.0})
    note = chart_note.chart_note(case, case_file.score_assessments(case))
    assert "No score" in note
    assert "Age: -3 years is impossible" in note  # the on-screen name
    assert "SCORTEN 4" not in note


def test_score_differences_names_weights_and_cutoffs():
    case = make_case({**WORKED_INPUTS, "age_years": 45.0, "dialysis_before_admission": True})
    notes = wording.score_differences(case_file.score_assessments(case)[1])
    assert "Malignancy: 1 SCORTEN point, 2 ABCD-10 points." in notes
    assert "Dialysis before admission: 3 ABCD-10 points; not part of SCORTEN." in notes
    assert any(n.startswith("Age: counts in SCORTEN") for n in notes)


# --- case JSON --------------------------------------------------------------------------


def test_case_json_round_trip():
    case = make_case(None, (3, {"age_years": 67.0, "urea_mmol_l": 8.5}))
    case["active_day"] = 3
    text = case_file.case_to_json(case)
    assert json.loads(text)["format"] == "sjsten-case"
    assert case_file.case_from_json(text) == case
    assert case_file.case_from_json(text.encode("utf-8")) == case


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a case file of this app"),
        ('{"format": "other"}', "not a case file of this app"),
        ('{"format": "sjsten-case", "version": 9}', "Unsupported case file version 9"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_case_file_gives_a_clear_message(text, message):
    with pytest.raises(CaseImportError, match=message):
        case_file.case_from_json(text)


def _file(**changes) -> str:
    data = json.loads(case_file.case_to_json(make_case()))
    data.update(changes)
    return json.dumps(data)


def test_bad_value_names_its_location():
    data = json.loads(case_file.case_to_json(make_case()))
    data["assessments"][0]["inputs"]["age_years"] = "sixty"
    with pytest.raises(CaseImportError, match=r"assessment 1, Age: "):
        case_file.case_from_json(json.dumps(data))


def test_unknown_input_field_is_rejected():
    data = json.loads(case_file.case_to_json(make_case()))
    data["assessments"][0]["inputs"]["patient_name"] = "X"
    with pytest.raises(CaseImportError, match="patient_name"):
        case_file.case_from_json(json.dumps(data))


def test_nan_is_rejected():
    text = _file().replace('"age_years": 67.0', '"age_years": NaN')
    with pytest.raises(CaseImportError, match="not valid JSON"):
        case_file.case_from_json(text)


def test_active_day_without_assessment_is_rejected():
    with pytest.raises(CaseImportError, match="active_day 5 has no assessment"):
        case_file.case_from_json(_file(active_day=5))


def test_oversized_file_is_rejected_before_parsing():
    with pytest.raises(CaseImportError, match="larger than"):
        case_file.case_from_json(" " * (case_file.MAX_IMPORT_BYTES + 1))


# --- FHIR bundle ------------------------------------------------------------------------

EXPECTED_LOINC = {
    "age_years": "30525-0",
    "heart_rate_bpm": "8867-4",
    "bun_mg_dl": "3094-0",
    "bicarbonate_mmol_l": "1963-8",
    "glucose_mmol_l": "14749-6",
}


def _bundle(case: dict) -> dict:
    result = case_file.score_assessments(case)[1]
    return fhir.fhir_bundle(case, result)


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
    codes = {
        c["code"]: c["system"] for e in bundle["entry"] for c in e["resource"]["code"]["coding"]
    }
    assert codes["bsa-detached-pct"] == fhir.PROJECT_CODE_SYSTEM
    assert codes["malignancy-active"] == fhir.PROJECT_CODE_SYSTEM
    assert "8277-6" not in codes  # BSA in m², not % detached


def test_fhir_urea_and_glucose_by_moles():
    inputs = {**WORKED_INPUTS, "urea_mmol_l": 12.1, "glucose_mg_dl": 180.0}
    del inputs["bun_mg_dl"], inputs["glucose_mmol_l"]
    bundle = _bundle(make_case(inputs))
    codes = {c["code"] for e in bundle["entry"] for c in e["resource"]["code"]["coding"]}
    assert {"22664-7", "2345-7"} <= codes
    assert not {"3094-0", "14749-6"} & codes


def test_fhir_partial_score_is_a_range():
    inputs = {k: v for k, v in WORKED_INPUTS.items() if k != "glucose_mmol_l"}
    scorten = _scorten_entry(_bundle(make_case(inputs)))["resource"]
    assert "valueInteger" not in scorten
    assert scorten["valueRange"] == {"low": {"value": 4}, "high": {"value": 5}}
    assert len(scorten["derivedFrom"]) == 6


def test_fhir_has_no_patient_or_identifiers():
    bundle = _bundle(make_case())
    assert all(e["resource"]["resourceType"] == "Observation" for e in bundle["entry"])
    assert all("subject" not in e["resource"] for e in bundle["entry"])
    assert "identifier" not in json.dumps(bundle)


def test_fhir_refuses_an_invalid_case():
    case = make_case({**WORKED_INPUTS, "age_years": -3.0})
    with pytest.raises(fhir.ExportError):
        _bundle(case)


def test_exports_do_not_change_the_case():
    case = make_case()
    before = copy.deepcopy(case)
    results = case_file.score_assessments(case)
    chart_note.chart_note(case, results)
    case_file.case_to_json(case)
    fhir.fhir_bundle(case, results[1])
    assert case == before


# --- drugs, ALDEN and next steps in the exports (issue 12) ------------------------------

DRUG_CASE_DRUGS = [
    {"name": "valproate", "start": "2023-01-01"},
    {"name": "lamotrigine", "start": "2024-03-17"},
    {"name": "paracetamol", "start": "2024-03-28", "stop": "2024-03-30"},
]


def _drug_case(bsa: float = 35.0) -> dict:
    case = make_case({**WORKED_INPUTS, "bsa_detached_pct": bsa})
    case["index_day"] = "2024-03-31"
    case["drugs"] = copy.deepcopy(DRUG_CASE_DRUGS)
    return case


def test_chart_note_holds_drugs_alden_flags_and_next_steps():
    case = _drug_case()
    note = chart_note.chart_note(case, case_file.score_assessments(case))
    assert "1. lamotrigine — ALDEN 6, very probable; first intake 2024-03-17; still taken" in note
    assert "3. paracetamol — ALDEN -2, very unlikely; first intake 2024-03-28; last intake" in note
    assert "Criteria: delay +3, presence +0, prechallenge +0, dechallenge +0, notoriety +3" in note
    assert "Flag (lamotrigine): Valproate is in the same drug list" in note
    assert "1. Stop lamotrigine now: Withdraw now: lamotrigine (ALDEN 6, very probable)." in note
    assert "2. Burn centre or ICU now:" in note
    assert "Why: Detached BSA 35 % (day 1) > 10 %." in note
    assert (
        "Source: UK BAD adult guideline 2016, Summary of recommendations: Care setting — "
        "Strength of recommendation D (GPP)"
    ) in note
    assert "doi:10.1111/bjd.14530" in note and "doi:10.1038/clpt.2009.252" in note


def test_chart_note_without_drugs_says_work_up_missing():
    note = chart_note.chart_note(make_case(), case_file.score_assessments(make_case()))
    assert "Drugs: none entered — culprit work-up missing." in note
    assert "1. Culprit work-up missing:" in note


@pytest.mark.parametrize(
    ("bsa", "text", "snomed"),
    [
        (8.0, "Stevens-Johnson syndrome", "73442001"),
        (18.0, "Stevens-Johnson syndrome/toxic epidermal necrolysis overlap", None),
        (35.0, "Toxic epidermal necrolysis", "23067006"),
    ],
)
def test_fhir_bundle_carries_drugs_alden_and_culprit(bsa, text, snomed):
    case = _drug_case(bsa)
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
    case = _drug_case()
    case["drugs"] = [{"name": "valproate", "start": "2023-01-01"}]
    bundle = _bundle(case)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "AllergyIntolerance" not in types and "MedicationStatement" in types


def test_case_file_inputs_are_the_registry_score_inputs_in_order():
    assert list(case_file.CaseInputs.model_fields) == [
        "age_years",
        "heart_rate_bpm",
        "malignancy",
        "bsa_detached_pct",
        "urea_mmol_l",
        "bun_mg_dl",
        "bicarbonate_mmol_l",
        "glucose_mmol_l",
        "glucose_mg_dl",
        "dialysis_before_admission",
    ]
    assert list(case_file.CaseInputs.model_fields) == list(case_file.INPUT_ORDER)


def test_new_case_is_empty_and_its_own():
    first, second = case_file.new_case(), case_file.new_case()
    assert first == {
        "assessments": [
            {"assessment_day": 1, "inputs": {}, "units": {"urea": "mmol/L", "glucose": "mmol/L"}}
        ],
        "active_day": 1,
        "index_day": None,
        "other_cause_non_drug": False,
        "drugs": [],
    }
    first["assessments"][0]["inputs"]["age_years"] = 50
    assert second["assessments"][0]["inputs"] == {}
    assert case_file.EMPTY_CASE["assessments"][0]["inputs"] == {}


def test_a_new_day_carries_the_patient_facts_only():
    case = case_file.new_case()
    case["assessments"][0]["inputs"].update(age_years=50, heart_rate_bpm=130, malignancy=True)
    added = case_file.add_assessment(case, 3)
    assert added["inputs"] == {"age_years": 50, "malignancy": True}
    assert case_file.assessment_days(case) == [1, 3]
    assert case["active_day"] == 3
    case_file.remove_assessment(case, 3)
    assert case_file.assessment_days(case) == [1]
    assert case["active_day"] == 1
