"""The caveats and disclaimers, each written once (reports/wording.py), with their values."""

from __future__ import annotations

from reports import wording
from scoring import scorten


def test_short_calibration_caveat_states_the_micheletti_figures():
    assert wording.CALIBRATION_CAVEAT_SHORT == (
        "1990s derivation cohort; SCORTEN over-predicts under modern care "
        "(Micheletti 2018: 54 deaths observed vs 77.7 predicted, O/E ≈ 0.69)."
    )


def test_cohort_calibration_caveat_states_the_pooled_smr():
    assert "(pooled SMR about 0.91, Torres-Navarro 2020)" in wording.CALIBRATION_CAVEAT_COHORT


def test_the_full_caveat_is_the_engine_one():
    assert wording.CALIBRATION_CAVEAT is scorten.CALIBRATION_CAVEAT


def test_disclaimer_starts_with_the_one_sentence_the_chart_note_prints():
    assert wording.DISCLAIMER.startswith(wording.NOT_A_SUBSTITUTE + " ")
    assert wording.NOT_A_SUBSTITUTE == (
        "Decision support for clinicians — not a substitute for clinical judgement."
    )


def test_the_ui_banner_shows_the_wording_disclaimer():
    from ui.widgets import disclaimer

    assert disclaimer.DISCLAIMER is wording.DISCLAIMER
