"""The session case and its file: shape, day edits, JSON round trip and rejection."""

from __future__ import annotations

import copy
import json

import pytest

from reports import case_file, chart_note, fhir
from reports.assessment import assess
from reports.case_file import CaseImportError
from tests.reports.cases import make_case


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


def test_exports_do_not_change_the_case():
    case = make_case()
    before = copy.deepcopy(case)
    assessed = assess(case)
    chart_note.chart_note(case, assessed)
    case_file.case_to_json(case)
    fhir.fhir_bundle(case, assessed)
    assert case == before


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


# --- issue 19: a file is refused when it contradicts itself; a BOM is fine -------------


def _issue19_file(inputs: dict, units: dict | None = None, **top) -> str:
    data = {
        "format": "sjsten-case",
        "version": 1,
        "assessments": [
            {
                "assessment_day": 1,
                "inputs": inputs,
                "units": units or {"urea": "mmol/L", "glucose": "mmol/L"},
            }
        ],
        "active_day": 1,
        **top,
    }
    return json.dumps(data)


def test_a_value_in_the_other_unit_than_the_file_says_is_refused_naming_the_lab():
    text = _issue19_file({"glucose_mmol_l": 9.0}, {"urea": "mmol/L", "glucose": "mg/dL"})
    with pytest.raises(CaseImportError) as raised:
        case_file.case_from_json(text)
    message = str(raised.value)
    assert "assessment 1 (day 1), Glucose: the value is given in mmol/L" in message
    assert "the file's unit for it is mg/dL" in message
    assert message.endswith("Nothing was imported.")


def test_two_unit_forms_more_than_5_pct_apart_are_refused():
    # 12 mmol/L urea = 33.6 mg/dL BUN; 40 mg/dL is 16 % more.
    with pytest.raises(CaseImportError, match=r"Urea / BUN: .* must agree within 5 %"):
        case_file.case_from_json(_issue19_file({"urea_mmol_l": 12.0, "bun_mg_dl": 40.0}))


def test_two_unit_forms_that_agree_import_as_the_one_of_the_file_unit():
    # 34 mg/dL BUN = 12.14 mmol/L urea: within 5 % of 12.
    case = case_file.case_from_json(_issue19_file({"urea_mmol_l": 12.0, "bun_mg_dl": 34.0}))
    assert case["assessments"][0]["inputs"] == {"urea_mmol_l": 12.0}


def test_a_utf8_byte_order_mark_is_accepted():
    text = _issue19_file({"age_years": 52.0})
    case = case_file.case_from_json(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert case["assessments"][0]["inputs"] == {"age_years": 52.0}
    assert case_file.case_from_json("\ufeff" + text) == case


@pytest.mark.parametrize("version", [True, 1.0, "1"])
def test_version_must_be_the_integer_1(version):
    data = json.loads(_issue19_file({}))
    data["version"] = version
    with pytest.raises(CaseImportError, match="Unsupported case file version"):
        case_file.case_from_json(json.dumps(data))


@pytest.mark.parametrize("bad", ["para\ncetamol", "para\x00", "para\x1b[2J", "para\tcetamol"])
def test_a_drug_name_with_a_control_character_is_refused(bad):
    text = _issue19_file({}, drugs=[{"name": bad, "start": "2024-03-01"}])
    with pytest.raises(CaseImportError, match="drug 1, drug name: contains a control character"):
        case_file.case_from_json(text)
