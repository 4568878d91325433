"""Every numeric input has sourced bounds; each limit is tested on and around."""

from __future__ import annotations

import pytest

from scoring import bounds, units
from scoring.case import score_case
from scoring.fields import FIELDS

NUMERIC = [f.name for f in FIELDS if f.kind in ("number", "integer")]


def test_every_numeric_input_has_bounds_with_reasons() -> None:
    assert sorted(bounds.BOUNDS) == sorted(NUMERIC)
    for spec in bounds.BOUNDS.values():
        limits = [spec.error_below, spec.error_above, spec.warn_below, spec.warn_above]
        assert any(limits) or spec.positive
        for limit in limits:
            if limit is not None:
                assert len(limit.reason) > 10


def test_mg_dl_limits_are_derived_from_the_mmol_l_ones() -> None:
    assert bounds.BUN.error_above.value == units.urea_mmol_l_to_bun_mg_dl(
        bounds.UREA.error_above.value
    )
    assert bounds.GLUCOSE_MG_DL.error_above.value == units.glucose_mmol_l_to_mg_dl(
        bounds.GLUCOSE.error_above.value
    )


HARD_UPPER = [(name, spec.error_above.value) for name, spec in bounds.BOUNDS.items()
              if spec.error_above]  # fmt: skip


@pytest.mark.parametrize(("field", "limit"), HARD_UPPER)
def test_upper_error_limit_is_inclusive(field: str, limit: float) -> None:
    ok = score_case({field: limit})
    assert not any(e.field == field for e in ok.errors)
    bad = score_case({field: limit * 1.001 + 0.001})
    assert [e.field for e in bad.errors] == [field]


@pytest.mark.parametrize("field", [name for name, spec in bounds.BOUNDS.items() if spec.positive])
def test_positive_quantities_reject_zero_and_accept_a_small_value(field: str) -> None:
    assert [e.field for e in score_case({field: 0}).errors] == [field]
    assert not any(e.field == field for e in score_case({field: 0.1}).errors)
