"""Case JSON import under hostile input: a case or CaseImportError, never anything else."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.case_file import CaseImportError, case_from_json, case_to_json
from scoring.fields import LAB_PAIRS

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = ["age_years", "heart_rate_bpm", "malignancy", "bsa_detached_pct", "bun_mg_dl"]


def _import(data: str | bytes) -> dict[str, Any] | None:
    try:
        return case_from_json(data)
    except CaseImportError as exc:
        assert str(exc).strip()
        return None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_case_or_a_clear_message(data: bytes) -> None:
    _import(data)


@settings(max_examples=200, deadline=None)
@given(json_value)
def test_any_json_value_gives_a_case_or_a_clear_message(value: Any) -> None:
    _import(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), json_leaf, max_size=5), st.integers(-3, 40))
def test_case_shaped_files_with_odd_values(inputs: dict[str, Any], day: int) -> None:
    text = json.dumps(
        {
            "format": "sjsten-case",
            "version": 1,
            "assessments": [
                {
                    "assessment_day": day,
                    "inputs": inputs,
                    "units": {"urea": "mmol/L", "glucose": "mmol/L"},
                }
            ],
            "active_day": day,
            "index_day": None,
            "other_cause_non_drug": False,
            "drugs": [],
        }
    )
    case = _import(text)
    plain = all(
        v is None or (isinstance(v, float | int) and not isinstance(v, bool) and abs(v) < 1e6)
        for k, v in inputs.items()
        if k != "malignancy"
    )
    malignancy_ok = inputs.get("malignancy") is None or isinstance(inputs["malignancy"], bool)
    # The file's units are mmol/L: a mg/dL value contradicts them and is refused (issue 19).
    in_its_unit = all(inputs.get(pair.alternate) is None for pair in LAB_PAIRS)
    if day >= 1 and plain and malignancy_ok and in_its_unit:
        assert case is not None  # a well-formed file with plain numbers imports
    if case is not None:  # what imports must export and import again unchanged
        assert case_from_json(case_to_json(case)) == case
