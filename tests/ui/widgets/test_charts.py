"""Figure builders of the Case page (and the Teaching page): pure functions of the engine."""

from __future__ import annotations

import pytest

from scoring import scorten
from scoring.case import score_case
from ui.widgets.mortality_curve import mortality_curve
from ui.widgets.trend_chart import trend_chart


def test_curve_without_patient_has_logistic_and_bands():
    fig = mortality_curve(None, None)
    names = [t.name for t in fig.data]
    assert "Predicted (logistic equation)" in names
    logistic = fig.data[names.index("Predicted (logistic equation)")]
    assert list(logistic.x) == list(range(8))
    assert logistic.y[4] == pytest.approx(62.2, abs=0.05)
    bands = fig.data[names.index("Observed in derivation cohort (n = 165), 95 % CI")]
    assert list(bands.y) == pytest.approx([b.mortality * 100 for b in scorten.OBSERVED_BANDS])
    # Error bars reach the published 95 % CI of each band.
    for y, plus, minus, band in zip(
        bands.y, bands.error_y.array, bands.error_y.arrayminus, scorten.OBSERVED_BANDS, strict=True
    ):
        assert y + plus == pytest.approx(band.ci_high_pct)
        assert y - minus == pytest.approx(band.ci_low_pct)
    assert not any(n and n.startswith("This patient") for n in names)


def test_curve_marks_a_partial_range():
    fig = mortality_curve(4, 5)
    patient = next(t for t in fig.data if t.name and t.name.startswith("This patient"))
    assert patient.name == "This patient: 4-5"
    assert list(patient.x) == [4, 5]
    assert len(fig.layout.shapes) == 1


def test_curve_marks_a_single_score():
    fig = mortality_curve(3, 3)
    patient = next(t for t in fig.data if t.name and t.name.startswith("This patient"))
    assert patient.name == "This patient: SCORTEN 3"
    assert list(patient.y) == pytest.approx([scorten.LOGISTIC_BY_SCORE[3] * 100])


def test_trend_chart_points_and_ranges():
    results = {
        1: score_case(
            {
                "age_years": 67,
                "malignancy": True,
                "heart_rate_bpm": 118,
                "bsa_detached_pct": 18,
                "urea_mmol_l": 12.1,
                "bicarbonate_mmol_l": 22,
                "glucose_mmol_l": 10,
            }
        ),
        3: score_case({"age_years": 67, "assessment_day": 3}),
        5: score_case({"age_years": -1, "assessment_day": 5}),  # invalid: not drawn
    }
    fig = trend_chart(results)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["SCORTEN"].x) == [1] and list(by_name["SCORTEN"].y) == [4]
    partial = by_name["SCORTEN range (inputs missing)"]
    assert list(partial.x) == [3]
    assert list(partial.text) == ["1-7"]


def test_a_long_drug_name_is_cut_short_in_its_row_label_and_whole_in_its_hover_text() -> None:
    """Issue 22: the row label keeps the timeline's plot wide enough on a phone."""
    from datetime import date

    from ui.widgets import timeline

    name = "Depakote chrono (valproate semisodium)"
    drugs = [{"name": name, "start": "2024-03-12", "stop": None}]
    [row] = timeline.bars(drugs, date(2024, 3, 15))
    assert row["label"] == "1. Depakote chrono (valp…"
    assert len(row["label"]) - len("1. ") == timeline.LABEL_MAX_CHARS
    [trace] = timeline.figure(drugs, date(2024, 3, 15)).data
    assert trace.hovertext.startswith(f"1. {name}<br>first intake: day -3")
