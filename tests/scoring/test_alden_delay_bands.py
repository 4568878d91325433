"""ALDEN's delay bands are one table (scoring.alden.DELAY_BANDS) that the score, the Method
table and the drug timeline all read (issue 10): exact values from Sassolas 2010, Table 1."""

from __future__ import annotations

import pytest

from reports.method_tables import alden_delay_rows
from scoring import alden
from ui.widgets.timeline import suggestive_window


def test_the_table_is_sassolas_table_1() -> None:
    rows = [(b.label, b.points, b.first_day, b.last_day) for b in alden.DELAY_BANDS]
    assert rows == [
        ("Excluded", -3, None, 0),
        ("Likely", 1, 1, 4),
        ("Suggestive", 3, 5, 28),
        ("Compatible", 2, 29, 56),
        ("Unlikely", -1, 57, None),
    ]
    previous = alden.DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION
    assert [(b.label, b.points, b.first_day, b.last_day) for b in previous] == [
        ("Excluded", -3, None, 0),
        ("Suggestive", 3, 1, 4),
        ("Likely", 1, 5, 56),
        ("Unlikely", -1, 57, None),
    ]


@pytest.mark.parametrize(
    "bands", [alden.DELAY_BANDS, alden.DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION]
)
def test_every_delay_falls_in_exactly_one_band(bands: tuple[alden.DelayBand, ...]) -> None:
    for delay in range(-30, 400):
        assert sum(b.contains(delay) for b in bands) == 1, delay


def test_criterion_range_comes_from_the_table() -> None:
    assert alden.CRITERION_RANGES["delay"] == (-3, 3)
    assert alden.CRITERION_RANGES["prechallenge"] == (-2, 4)


@pytest.mark.parametrize(
    ("delay", "previous", "label", "explanation"),
    [
        (
            0,
            False,
            "Excluded",
            "started on the index day: on or after it, so it cannot have caused the reaction",
        ),
        (
            -2,
            True,
            "Excluded",
            "started 2 days after the index day: on or after it, so it "
            "cannot have caused the reaction",
        ),
        (1, False, "Likely", "started 1 day before the index day: 1-4 days"),
        (28, False, "Suggestive", "started 28 days before the index day: 5-28 days"),
        (29, False, "Compatible", "started 29 days before the index day: 29-56 days"),
        (57, False, "Unlikely", "started 57 days before the index day: more than 56 days"),
        (
            4,
            True,
            "Suggestive",
            "started 4 days before the index day; previous reaction to "
            "the same drug: 1-4 days is suggestive",
        ),
        (
            56,
            True,
            "Likely",
            "started 56 days before the index day; previous reaction to "
            "the same drug: 5-56 days is likely",
        ),
        (57, True, "Unlikely", "started 57 days before the index day: more than 56 days"),
    ],
)
def test_score_wording_reads_the_table(
    delay: int, previous: bool, label: str, explanation: str
) -> None:
    result = alden.score_delay(delay, previous_same_drug_reaction=previous)
    assert (result.label, result.explanation) == (label, explanation)


def test_method_table_reads_the_table() -> None:
    assert alden_delay_rows(lang="en") == [
        {"Value": "Suggestive", "Points": "+3", "Rule": "5 to 28 days"},
        {"Value": "Compatible", "Points": "+2", "Rule": "29 to 56 days"},
        {"Value": "Likely", "Points": "+1", "Rule": "1 to 4 days"},
        {"Value": "Unlikely", "Points": "-1", "Rule": "more than 56 days"},
        {"Value": "Excluded", "Points": "-3", "Rule": "started on or after the index day"},
        {
            "Value": "Suggestive (previous reaction to the same drug)",
            "Points": "+3",
            "Rule": "1 to 4 days",
        },
        {
            "Value": "Likely (previous reaction to the same drug)",
            "Points": "+1",
            "Rule": "5 to 56 days",
        },
    ]


def test_timeline_window_is_the_suggestive_band() -> None:
    assert suggestive_window() == (-28, -5)


def test_timeline_window_follows_a_changed_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # Change the data once and both the score and the picture follow (nothing restated).
    changed = tuple(
        alden.DelayBand("Suggestive", 3, 7, 21) if b.label == "Suggestive" else b
        for b in alden.DELAY_BANDS
    )
    monkeypatch.setattr(alden, "DELAY_BANDS", changed)
    assert suggestive_window() == (-21, -7)
    assert alden.score_delay(21, previous_same_drug_reaction=False).points == 3
    assert alden_delay_rows(lang="en")[0] == {
        "Value": "Suggestive",
        "Points": "+3",
        "Rule": "7 to 21 days",
    }
