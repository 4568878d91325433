"""Shared case builders for the engine tests."""

from __future__ import annotations

from typing import Any

import pytest

# Every SCORTEN and ABCD-10 input known and below every cut-off: SCORTEN 0, ABCD-10 0.
NORMAL_CASE: dict[str, Any] = {
    "id": "normal",
    "age_years": 30,
    "heart_rate_bpm": 80,
    "malignancy": False,
    "bsa_detached_pct": 5,
    "urea_mmol_l": 5.0,
    "bicarbonate_mmol_l": 24,
    "glucose_mmol_l": 6.0,
    "dialysis_before_admission": False,
}


def case(**changes: Any) -> dict[str, Any]:
    """The normal case with some fields changed; a value of None removes the field."""
    record = dict(NORMAL_CASE)
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


@pytest.fixture
def normal_case() -> dict[str, Any]:
    return dict(NORMAL_CASE)
