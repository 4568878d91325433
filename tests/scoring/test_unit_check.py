"""The one-click unit switch is offered on the far side of the bounds' unit limits only."""

from __future__ import annotations

import pytest

from scoring.unit_check import other_unit_suspected


@pytest.mark.parametrize(
    ("analyte", "unit", "value", "expected"),
    [
        ("urea", "mmol/L", 60.0, None),  # on the limit: plausible uraemia
        ("urea", "mmol/L", 60.1, "mg/dL"),
        ("urea", "mg/dL", 300.0, None),  # BUN is never re-read as mmol/L
        ("glucose", "mmol/L", 50.0, None),
        ("glucose", "mmol/L", 50.1, "mg/dL"),
        ("glucose", "mg/dL", 36.04, None),  # 2 mmol/L = 36.032 mg/dL
        ("glucose", "mg/dL", 36.0, "mmol/L"),
        ("glucose", "mg/dL", 8.3, "mmol/L"),
        ("glucose", "mmol/L", None, None),
        ("glucose", "mmol/L", -1.0, None),
    ],
)
def test_other_unit_suspected(analyte, unit, value, expected):
    assert other_unit_suspected(analyte, unit, value) == expected
