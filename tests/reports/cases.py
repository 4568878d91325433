"""Case dicts shared by the tests of reports/ (the shape of `reports.case_file.CaseDict`)."""

from __future__ import annotations

import copy

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


DRUG_CASE_DRUGS = [
    {"name": "valproate", "start": "2023-01-01"},
    {"name": "lamotrigine", "start": "2024-03-17"},
    {"name": "paracetamol", "start": "2024-03-28", "stop": "2024-03-30"},
]


def drug_case(bsa: float = 35.0) -> dict:
    case = make_case({**WORKED_INPUTS, "bsa_detached_pct": bsa})
    case["index_day"] = "2024-03-31"
    case["drugs"] = copy.deepcopy(DRUG_CASE_DRUGS)
    return case
