"""Issue 19: the unit switch converts, never re-reads. For any case, switching the labs'
units (one way, and back and forth) leaves every score unchanged; back shows what was typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.case_units import PAIR_BY_NAME, LabReading, field_for, switch_unit
from scoring.case import score_case
from scoring.fields import LAB_PAIRS

UNITS = ("mmol/L", "mg/dL")


ANALYTE_OF = {f: p.name for p in LAB_PAIRS for f in (p.canonical, p.alternate)}


def _scores(record: dict) -> tuple:
    result = score_case(record)
    s, a = result.scorten, result.abcd10
    return (
        # An impossible lab is impossible in either unit (the message names its unit).
        sorted(ANALYTE_OF.get(i.field or "", i.field or "") for i in result.errors),
        s.score,
        s.min,
        s.max,
        s.mortality_logistic,
        a.score,
        a.min,
        a.max,
        [(r.key, r.points) for r in s.criteria],
    )


def _record(base: dict, readings: dict[str, LabReading]) -> dict:
    record = dict(base)
    for name, reading in readings.items():
        if reading.value is not None:
            record[field_for(PAIR_BY_NAME[name], reading.unit)] = reading.value
    return record


lab_value = st.one_of(
    st.none(),
    st.floats(min_value=0.1, max_value=2000, allow_nan=False),
    st.sampled_from([10.0, 14.0, 28.0, 252.224, 12.0, 9.0, 33.6, 162.144]),  # on and near cut-offs
)
others = st.fixed_dictionaries(
    {},
    optional={
        "age_years": st.sampled_from([35.0, 40.0, 41.0, 67.0]),
        "heart_rate_bpm": st.sampled_from([118.0, 120.0, 121.0, 130.0]),
        "bsa_detached_pct": st.sampled_from([5.0, 10.0, 11.0, 35.0]),
        "bicarbonate_mmol_l": st.sampled_from([18.0, 20.0, 22.0]),
        "malignancy": st.booleans(),
        "dialysis_before_admission": st.booleans(),
    },
)


@settings(max_examples=300, deadline=None)
@given(
    others,
    st.tuples(lab_value, st.sampled_from(UNITS)),
    st.tuples(lab_value, st.sampled_from(UNITS)),
    st.lists(st.sampled_from(UNITS), min_size=1, max_size=6),
)
def test_switching_units_back_and_forth_leaves_every_score_unchanged(
    base: dict, urea: tuple, glucose: tuple, switches: list[str]
) -> None:
    typed = {
        "urea": LabReading(urea[1], urea[0]),
        "glucose": LabReading(glucose[1], glucose[0]),
    }
    before = _scores(_record(base, typed))
    readings = dict(typed)
    for unit in switches:  # the case-wide switch: every lab to `unit`
        readings = {n: switch_unit(PAIR_BY_NAME[n], r, unit) for n, r in readings.items()}
        assert _scores(_record(base, readings)) == before
    for name, reading in typed.items():  # back in the typed unit: exactly what was typed
        back = switch_unit(PAIR_BY_NAME[name], readings[name], reading.unit)
        assert (back.unit, back.value) == (reading.unit, reading.value)


def test_urea_12_mmol_l_shows_as_bun_33_6_and_glucose_9_as_162_144_mg_dl() -> None:
    urea = switch_unit(PAIR_BY_NAME["urea"], LabReading("mmol/L", 12.0), "mg/dL")
    glucose = switch_unit(PAIR_BY_NAME["glucose"], LabReading("mmol/L", 9.0), "mg/dL")
    assert urea.unit == "mg/dL" and urea.value == pytest.approx(33.6)  # x 2.8 (urea nitrogen)
    assert glucose.unit == "mg/dL" and glucose.value == pytest.approx(162.144)  # x 18.016
    assert len(LAB_PAIRS) == 2
