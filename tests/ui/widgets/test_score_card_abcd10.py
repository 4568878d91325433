"""Score card: ABCD-10 is marked as not validated after day 1 (admission model)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _card(day: int) -> AppTest:
    def page(day: int) -> None:
        from scoring.case import score_case
        from ui.widgets import score_card

        score_card.show(score_case({"age_years": 60, "malignancy": False, "assessment_day": day}))

    return AppTest.from_function(page, kwargs={"day": day}, default_timeout=30).run()


def test_day_3_shows_abcd10_not_validated_warning() -> None:
    at = _card(3)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "ABCD-10 is not validated for assessment day 3" in warnings


def test_day_1_has_no_such_warning() -> None:
    at = _card(1)
    assert not at.exception
    assert "not validated" not in " ".join(w.value for w in at.warning)
