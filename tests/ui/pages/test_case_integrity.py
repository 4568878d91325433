"""Issue 19 through AppTest: nothing the clinician entered changes or disappears silently.

The unit switch converts (urea 12 mmol/L = BUN 33.6 mg/dL, x 2.8; glucose 9 mmol/L =
162.144 mg/dL, x 18.016) and SCORTEN stays 5 of 7, 85.0 % (Bastuji-Garin 2000); a case file
is applied once; a file that contradicts itself is refused naming the field; one drug with
a wrong date leaves the others ranked on the Case page as on the Drugs page; a drug name
with a control character is refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bench.case_rerun import CASE as BENCH_CASE
from reports.case_file import case_to_json
from tests.reports.test_assessment import broken_drug_case

ROOT = Path(__file__).resolve().parents[3]
CASE_PAGE = str(ROOT / "ui" / "pages" / "case_page.py")
DRUGS_PAGE = str(ROOT / "ui" / "pages" / "drugs_page.py")
TIMEOUT = 30

# The benchmark's case: age 45, HR 130, BSA 35 %, bicarbonate 18, urea 12 mmol/L, glucose
# 9 mmol/L; with malignancy "No", SCORTEN 5 of 7.
FIVE_OF_SEVEN = BENCH_CASE


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


def case_page() -> AppTest:
    return run(AppTest.from_file(CASE_PAGE, default_timeout=TIMEOUT))


def enter(at: AppTest, values: dict[str, float]) -> AppTest:
    for key, value in values.items():
        at.number_input(key=key).set_value(value)
        run(at)
    return at


def headline(at: AppTest) -> str:
    return at.subheader[0].value


def metric(at: AppTest) -> str:
    """The bedside summary's headline number (drawn as markdown, issue 22)."""
    return next(m.value.removeprefix("### ") for m in at.markdown if m.value.startswith("### "))


def five_of_seven() -> AppTest:
    at = enter(case_page(), FIVE_OF_SEVEN)
    at.radio(key="case_malignancy").set_value("No")
    return run(at)


def test_the_case_wide_unit_switch_converts_and_scorten_stays_5() -> None:
    at = five_of_seven()
    assert headline(at).startswith("SCORTEN 5 of 7") and metric(at) == "85.0 %"
    at.radio(key="case_unit_system").set_value("US")
    run(at)
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.number_input(key="case_urea_value").value == pytest.approx(33.6)
    assert at.number_input(key="case_glucose_value").value == pytest.approx(162.144)
    assert headline(at).startswith("SCORTEN 5 of 7") and metric(at) == "85.0 %"
    assert not [b for b in at.button if (b.key or "").endswith("_value_switch")]
    inputs = at.session_state["case"]["assessments"][0]["inputs"]
    assert inputs["bun_mg_dl"] == pytest.approx(33.6) and "urea_mmol_l" not in inputs
    at.radio(key="case_unit_system").set_value("SI")
    run(at)
    assert at.number_input(key="case_urea_value").value == 12  # what was typed, exactly
    assert at.number_input(key="case_glucose_value").value == 9
    assert headline(at).startswith("SCORTEN 5 of 7")


def _file(**changes: Any) -> bytes:
    case: dict[str, Any] = {
        "assessments": [
            {
                "assessment_day": 1,
                "inputs": {"age_years": 55.0, "heart_rate_bpm": 100.0, "bun_mg_dl": 34.0},
                "units": {"urea": "mg/dL", "glucose": "mmol/L"},
            }
        ],
        "active_day": 1,
        "index_day": None,
        "other_cause_non_drug": False,
        "drugs": [],
    }
    data = json.loads(case_to_json(case))
    data["assessments"][0].update(changes)
    return json.dumps(data).encode("utf-8")


def upload(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader(key="case_import_file").set_value(("case.json", data, "application/json"))
    return run(at)


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def test_an_imported_case_is_applied_once_and_later_edits_stick() -> None:
    at = upload(case_page(), _file())
    assert successes(at) == ["Case imported."]
    assert at.number_input(key="case_heart_rate_bpm").value == 100.0
    at.number_input(key="case_heart_rate_bpm").set_value(130)
    run(at)
    assert at.number_input(key="case_heart_rate_bpm").value == 130
    assert successes(at) == []
    at.selectbox(key="case_new_day").set_value(3)
    run(at)
    at.button(key="case_add_day").click()
    run(at)
    enter(at, {"case_heart_rate_bpm": 90})
    assert at.selectbox(key="case_active_day").options == ["Day 1", "Day 3"]
    days = at.session_state["case"]["assessments"]
    assert [d["assessment_day"] for d in days] == [1, 3]
    assert days[0]["inputs"]["heart_rate_bpm"] == 130
    assert days[1]["inputs"]["heart_rate_bpm"] == 90
    assert successes(at) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"units": {"urea": "mmol/L", "glucose": "mmol/L"}},  # BUN given, unit says mmol/L
            "Urea / BUN: the value is given in mg/dL",
        ),
        (
            {"inputs": {"age_years": 55.0, "bun_mg_dl": 34.0, "urea_mmol_l": 20.0}},
            "Urea / BUN: Urea 20 mmol/L and BUN (urea nitrogen) 34 mg/dL must agree within 5 %",
        ),
    ],
)
def test_a_file_that_contradicts_itself_is_refused_and_the_case_kept(
    changes: dict, expected: str
) -> None:
    at = five_of_seven()
    before = copy.deepcopy(at.session_state["case"])
    upload(at, _file(**changes))
    errors = [e.value for e in at.error]
    assert any(expected in e and "Nothing was imported." in e for e in errors), errors
    assert successes(at) == []
    assert at.session_state["case"] == before
    assert headline(at).startswith("SCORTEN 5 of 7")


def test_a_file_with_a_byte_order_mark_imports() -> None:
    at = upload(case_page(), b"\xef\xbb\xbf" + _file())
    assert successes(at) == ["Case imported."]
    assert at.number_input(key="case_age_years").value == 55.0


def test_an_imported_drug_name_with_a_line_break_is_refused() -> None:
    at = case_page()
    data = json.loads(_file())
    data["drugs"] = [{"name": "paracetamol\n\nSCORTEN 0 of 7", "start": "2024-03-01"}]
    upload(at, json.dumps(data).encode())
    errors = [e.value for e in at.error]
    assert any("drug 1, drug name: contains a control character" in e for e in errors), errors
    assert at.session_state["case"]["drugs"] == []


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_one_broken_drug_the_case_page_ranks_the_others_as_the_drugs_page() -> None:
    at = AppTest.from_file(CASE_PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = broken_drug_case()
    run(at)
    shown = _texts(at)
    assert "lamotrigine — ALDEN 6, **very probable**" in shown
    assert any(t.startswith("1. **Stop lamotrigine now**") for t in shown)
    assert "Drugs entered; ALDEN not scored yet (dates or index day)." not in shown
    drugs = AppTest.from_file(DRUGS_PAGE, default_timeout=TIMEOUT)
    drugs.session_state["case"] = broken_drug_case()
    run(drugs)
    table = next(t.value for t in drugs.table if "ALDEN score" in t.value.columns)
    first = table.to_dict("records")[0]
    assert (first["ALDEN score"], first["Causality"]) == (6, "very probable")


def test_a_typed_drug_name_with_an_escape_code_is_refused() -> None:
    at = AppTest.from_file(DRUGS_PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = broken_drug_case() | {"drugs": []}
    run(at)
    at.text_input(key="drugs_form_name").input("para\x1b[2Jcetamol")
    at.text_input(key="drugs_form_start").input("2024-03-01")
    at.button(key="drugs_form_submit").click()
    run(at)
    errors = [e.value for e in at.error]
    assert any("Drug name" in e and "control character" in e for e in errors), errors
    assert at.session_state["case"]["drugs"] == []


def test_a_drug_name_with_a_line_break_in_the_table_is_refused_and_kept_out() -> None:
    at = AppTest.from_file(DRUGS_PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = broken_drug_case()
    run(at)
    at.session_state["drugs_editor"] = {
        "edited_rows": {"1": {"name": "lamotrigine\n\nSCORTEN 0 of 7"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    run(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith("Drug 2: Drug name contains a control character") for e in errors)
    names = [d["name"] for d in at.session_state["case"]["drugs"]]
    assert names == ["valproate", None, "paracetamol"]  # refused: out of ALDEN and exports
