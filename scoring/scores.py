"""The scores the app knows: one tuple, read by everything that lists, scores, explains,
exports or draws scores (batch columns, the contract record, the score card, the Method
tables, the chart note, FHIR, teaching answers).

Adding a points score is a rule module exporting one `PointsScore` and one line here
(ARCHITECTURE.md, "Adding a score"). Callers read `scores.SCORES` at call time, so the
tuple is the one place a score is listed.
"""

from __future__ import annotations

from scoring import abcd10, scorten
from scoring.criteria import PointsScore

SCORES: tuple[PointsScore, ...] = (scorten.SCORTEN, abcd10.ABCD10)


def by_key(key: str) -> PointsScore:
    for score in SCORES:
        if score.key == key:
            return score
    raise KeyError(key)


def feeds(field: str, canonical: str | None = None) -> tuple[PointsScore, ...]:
    """The scores whose criteria read a field (a lab in the other unit: its `canonical`)."""
    key = canonical or field
    return tuple(s for s in SCORES if any(c.key == key for c in s.criteria))
