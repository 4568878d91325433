"""The presenter link's `slide=` takes ASCII digits only (issue 21: `slide=%C2%B2` crashed
the page, since "²".isdigit() is true and int("²") fails; Arabic-Indic digits were read
as slide numbers)."""

from __future__ import annotations

import pytest

from tests.ui.pages.test_teaching_page import open_presenter_link
from ui.widgets.teaching_presenter import slide_from_link

NOT_A_NUMBER = "The link's slide number is not a whole number from 1: showing slide 1."


@pytest.mark.parametrize(
    "value",
    ["²", "³", "\u0663", "\u0661\u0662", "\u06f3", "\uff13", "\u0967", "3\n", " 3", "+3", "3.0"],
)
def test_a_slide_number_that_is_not_ascii_digits_opens_slide_1(value: str) -> None:
    assert slide_from_link(value) == (0, NOT_A_NUMBER)


@pytest.mark.parametrize(("value", "index"), [("1", 0), ("3", 2), ("009", 8), ("999", 998)])
def test_ascii_digits_name_the_slide(value: str, index: int) -> None:
    assert slide_from_link(value) == (index, None)


@pytest.mark.parametrize("slide", ["²", "\u0663"])
def test_a_superscript_or_arabic_indic_slide_does_not_crash_the_page(slide: str) -> None:
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide=slide)
    assert not at.exception
    assert at.caption[0].value == "Slide 1 of 11"  # the case's slides, what-if and quiz included
    assert at.warning[0].value == NOT_A_NUMBER
