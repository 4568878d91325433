"""What-if on a teaching case: flipped criteria, mortality move, unit handling, errors."""

from __future__ import annotations

from teaching.cases import load_teaching
from teaching.whatif import what_if, whatif_start

TEACHING = load_teaching()


def test_what_if_shows_the_flipped_criterion_and_the_mortality_move():
    case = TEACHING.get("lamotrigine-valproate")
    change = what_if(case, 1, {"bicarbonate_mmol_l": 19})
    assert [(f.label, f.before, f.after) for f in change.flips] == [("Bicarbonate", False, True)]
    assert change.flips[0].label_text.render("ko") == "중탄산염"  # the engine's word
    assert (change.score_before, change.score_after) == (2, 3)
    assert round(change.mortality_before_pct, 1) == 12.2
    assert round(change.mortality_after_pct, 1) == 32.4
    assert change.errors == []


def test_what_if_in_mmol_l_replaces_a_value_given_in_mg_dl():
    case = TEACHING.get("dialysis-scores-disagree")
    start = whatif_start(case, 1)
    assert round(start["urea_mmol_l"], 2) == 24.64
    change = what_if(case, 1, {"urea_mmol_l": 9.0})
    assert change.errors == []
    assert [(f.label, f.before, f.after) for f in change.flips] == [("Urea", True, False)]
    assert (change.score_before, change.score_after) == (2, 1)


def test_what_if_from_the_start_values_changes_nothing():
    case = TEACHING.get("dialysis-scores-disagree")
    change = what_if(case, 1, whatif_start(case, 1))
    assert (change.flips, change.errors, change.score_after) == ([], [], 2)


def test_what_if_with_no_change_flips_nothing():
    change = what_if(TEACHING.get("myeloma-meloxicam"), 1, {})
    assert change.flips == []
    assert change.score_before == change.score_after == 7


def test_what_if_with_an_impossible_value_gives_no_score_and_says_why():
    change = what_if(TEACHING.get("lamotrigine-valproate"), 1, {"age_years": -1})
    assert change.score_after is None
    assert [e.message for e in change.errors] == [
        "age_years: -1 years is impossible: below 0 (age cannot be negative)."
    ]
