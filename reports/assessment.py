"""One assessment of the case per rerun: everything the app says about it, computed once.

`assess(case)` is a pure function from the session case to the per-day results, ALDEN (the
full ranking, or the partial one when some drugs have an error: the other drugs are still
ranked), the drug flags, the next steps and the caveats of each assessment day. The Case
page, the Drugs page, the bedside summary, the chart note, the FHIR bundle and the case
file all read this one object; none of them scores or re-derives anything. No Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.i18n import Text
from reports.case_file import iso_date, score_assessments
from scoring import alden, drug_flags
from scoring import scores as registry
from scoring.alden import AldenResult
from scoring.models import CaseResult, Issue
from scoring.next_steps import NextStep, age_years, next_steps


@dataclass(frozen=True)
class CaseAssessment:
    results: dict[int, CaseResult]  # per assessment day, in day order
    active_day: int
    alden_record: dict[str, Any]  # the ALDEN contract input built from the case
    alden: AldenResult | None  # None: no drug can be ranked yet
    alden_errors: tuple[Issue, ...]  # per drug or for the whole record
    flags: tuple[drug_flags.DrugFlag, ...]
    steps: tuple[NextStep, ...]
    # Per day, per score key: what limits that score's reading on that day (e.g. a
    # score not validated after admission); a day with none maps to {}. The registry's
    # words: a `Text` the reader's language renders, or the English where it has none yet.
    day_caveats: dict[int, dict[str, Text | str]]

    @property
    def result(self) -> CaseResult:
        """The result of the day on screen."""
        return self.results.get(self.active_day, next(iter(self.results.values())))

    @property
    def alden_partial(self) -> bool:
        """Some drugs are ranked while others have an error (left out until resolved)."""
        return self.alden is not None and bool(self.alden_errors)


def alden_record(case: Mapping[str, Any]) -> dict[str, Any]:
    """The contract input object of `alden` (docs/cli-contract.md) from the case."""
    return {
        "index_day": case.get("index_day"),
        "other_cause_non_drug": bool(case.get("other_cause_non_drug")),
        "drugs": list(case.get("drugs") or []),
    }


def _alden(record: dict[str, Any]) -> tuple[AldenResult | None, tuple[Issue, ...]]:
    if not record["drugs"]:
        return None, ()
    parsed, errors = alden.parse(record)
    if parsed is not None and not errors:
        return alden.assess_case(parsed), ()
    # One drug's error is that drug's: the others are still ranked (engine rule).
    return alden.assess_partial(record, errors), tuple(errors)


def _flags(case: Mapping[str, Any]) -> tuple[drug_flags.DrugFlag, ...]:
    drugs = [d for d in case.get("drugs") or [] if d.get("name")]
    starts = {
        str(d["name"]): start for d in drugs if (start := iso_date(d.get("start"))) is not None
    }
    return tuple(
        drug_flags.flag_drugs(
            [str(d["name"]) for d in drugs],
            index_day=iso_date(case.get("index_day")),
            starts=starts,
            age_years=age_years(case),
        )
    )


def _day_caveats(results: Mapping[int, CaseResult]) -> dict[int, dict[str, Text | str]]:
    return {
        day: {
            score.key: note
            for score in registry.SCORES
            if (note := score.day_note(day)) is not None
        }
        for day in results
    }


def assess(case: Mapping[str, Any]) -> CaseAssessment:
    """Everything the app says about `case`, computed once."""
    results = score_assessments(case)
    record = alden_record(case)
    ranking, errors = _alden(record)
    return CaseAssessment(
        results=results,
        active_day=int(case.get("active_day") or 1),
        alden_record=record,
        alden=ranking,
        alden_errors=errors,
        flags=_flags(case),
        steps=tuple(next_steps(case, results, ranking)),
        day_caveats=_day_caveats(results),
    )
