"""Unit conversions: urea/BUN (x 2.8) and glucose (x 18.016)."""

from __future__ import annotations

import pytest

from scoring import units


def test_bun_28_mg_dl_is_urea_10_mmol_l() -> None:
    assert units.bun_mg_dl_to_urea_mmol_l(28.0) == pytest.approx(10.0, abs=1e-12)
    assert units.urea_mmol_l_to_bun_mg_dl(10.0) == 28.0


def test_glucose_14_mmol_l_is_252_224_mg_dl() -> None:
    assert units.glucose_mmol_l_to_mg_dl(14.0) == pytest.approx(252.224, abs=1e-9)
    assert units.glucose_mg_dl_to_mmol_l(252.224) == pytest.approx(14.0, abs=1e-12)
    assert units.glucose_mg_dl_to_mmol_l(180.16) == pytest.approx(10.0, abs=1e-12)


@pytest.mark.parametrize("value", [0.5, 7.3, 10.0, 33.3, 140.0])
def test_round_trips(value: float) -> None:
    urea = units.bun_mg_dl_to_urea_mmol_l(units.urea_mmol_l_to_bun_mg_dl(value))
    glucose = units.glucose_mg_dl_to_mmol_l(units.glucose_mmol_l_to_mg_dl(value))
    assert urea == pytest.approx(value, rel=1e-15)
    assert glucose == pytest.approx(value, rel=1e-15)


def test_bun_note_names_the_urea_by_mass_trap() -> None:
    assert "urea nitrogen" in units.BUN_IS_NITROGEN_NOTE
    assert "2.14" in units.BUN_IS_NITROGEN_NOTE
    assert units.UREA_BY_MASS_PER_BUN == 2.14
