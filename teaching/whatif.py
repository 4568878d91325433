"""What-if for a teaching case: re-score a day with some inputs changed (no UI here).

The what-if controls start from the day's SCORTEN inputs in the rule's units; a value
changed in mmol/L replaces the case's mg/dL value of the same lab.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.i18n import Text
from scoring.case import LAB_PAIRS, score_case
from scoring.models import Issue
from scoring.words import english
from teaching.cases import TeachingCase, criterion_of, score_assessment


@dataclass(frozen=True)
class Flip:
    label_text: Text  # the SCORTEN criterion, in the reader's language on screen
    before: bool | None
    after: bool | None

    @property
    def label(self) -> str:
        return english(self.label_text)


@dataclass(frozen=True)
class WhatIf:
    score_before: int | None
    score_after: int | None
    mortality_before_pct: float | None
    mortality_after_pct: float | None
    flips: list[Flip]
    errors: list[Issue]  # why the changed values give no score (the page words them)


def whatif_start(case: TeachingCase, day: int) -> dict[str, float | bool | None]:
    """The day's SCORTEN inputs in the rule's units (mmol/L), where what-if controls start."""
    return {c.key: c.value for c in score_assessment(case, day).scorten.criteria}


def what_if(case: TeachingCase, day: int, changes: Mapping[str, Any]) -> WhatIf:
    """Re-score the day with some inputs changed; report which SCORTEN criteria flipped."""
    base = score_assessment(case, day)
    record = {**case.assessment(day).record(case.id), **changes}
    for pair in LAB_PAIRS:  # a value changed in mmol/L replaces the case's mg/dL value
        if pair.canonical in changes:
            record.pop(pair.alternate, None)
    changed = score_case(record)
    before = {c.key: c for c in base.scorten.criteria}
    flips = [
        Flip(criterion_of(c).label_text, before[c.key].met, c.met)
        for c in changed.scorten.criteria
        if c.key in before and before[c.key].met != c.met
    ]
    return WhatIf(
        score_before=base.scorten.score,
        score_after=changed.scorten.score,
        mortality_before_pct=_pct(base.scorten.mortality_logistic),
        mortality_after_pct=_pct(changed.scorten.mortality_logistic),
        flips=flips,
        errors=list(changed.errors),
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100
