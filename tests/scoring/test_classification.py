"""Extent categories by detachment (Bastuji-Garin 1993): <10 SJS, 10-30 overlap, >30 TEN."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.case import score_case
from scoring.classification import OVERLAP, SJS, TEN, classify, classify_array
from tests.scoring.conftest import case

BOUNDARIES = [
    (0, SJS),
    (9.99, SJS),
    (10, OVERLAP),
    (10.01, OVERLAP),
    (29.99, OVERLAP),
    (30, OVERLAP),
    (30.01, TEN),
    (100, TEN),
]


@pytest.mark.parametrize(("bsa", "expected"), BOUNDARIES)
def test_boundaries_both_ends_of_overlap_included(bsa: float, expected: str) -> None:
    assert classify(bsa) == expected
    assert score_case(case(bsa_detached_pct=bsa)).classification == expected


def test_unknown_detachment_gives_no_category() -> None:
    assert classify(None) is None
    assert score_case(case(bsa_detached_pct=None)).classification is None


def test_vector_form_equals_scalar_form() -> None:
    values = np.array([b for b, _ in BOUNDARIES] + [np.nan])
    assert list(classify_array(values)) == [e for _, e in BOUNDARIES] + [None]
