"""The classroom around a teaching case: quiz feedback and the session tally, presenter
slides, and the shareable link (a case id, never patient data). No UI here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring import scorten
from scoring.models import CaseResult, ScoreResult
from teaching.cases import (
    CASE_ID_MAX_LENGTH,
    CASE_ID_PATTERN,
    FICTIONAL_LABEL,
    QUERY_PARAM,
    TeachingCase,
    TeachingSet,
    criterion_explanation,
    culprit_ranking,
    mortality_pct,
    score_assessment,
)

# --- quiz ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizFeedback:
    case_id: str
    day: int
    scorten_guess: int
    scorten_answer: int
    culprit_guess: str
    culprit_answer: str  # the drug as the case names it
    scorten_correct: bool
    culprit_correct: bool
    scorten_reasoning: list[str]  # one line per criterion
    culprit_reasoning: str

    @property
    def headline(self) -> str:
        score = "SCORTEN correct" if self.scorten_correct else "SCORTEN not quite"
        drug = "culprit correct" if self.culprit_correct else "culprit not quite"
        return f"{score} · {drug}"


def culprit_display_name(case: TeachingCase) -> str:
    """The case's own name for the culprit (e.g. "co-trimoxazole"), as the quiz offers it."""
    ranking = culprit_ranking(case)
    for drug in ranking.drugs:
        if drug.normalized_name == case.culprit.drug:
            return drug.name
    return case.culprit.drug


def grade_quiz(
    case: TeachingCase, day: int, scorten_guess: int, culprit_guess: str
) -> QuizFeedback:
    """Immediate feedback: right or not, with the engine's reasoning per criterion."""
    result = score_assessment(case, day)
    answer = result.scorten.score
    if answer is None:
        raise ValueError(f"{case.id} day {day}: SCORTEN is incomplete; it cannot be a quiz")
    culprit_name = culprit_display_name(case)
    lines = [criterion_explanation(c) for c in result.scorten.criteria]
    lines.append(f"Total: SCORTEN {answer} of {scorten.MAX_SCORE}.")
    return QuizFeedback(
        case_id=case.id,
        day=day,
        scorten_guess=scorten_guess,
        scorten_answer=answer,
        culprit_guess=culprit_guess,
        culprit_answer=culprit_name,
        scorten_correct=scorten_guess == answer,
        culprit_correct=culprit_guess == culprit_name,
        scorten_reasoning=lines,
        culprit_reasoning=case.culprit.reasoning,
    )


def empty_tally() -> dict[str, Any]:
    """Session tally; plain types so Session State stays serialisable."""
    return {"answered": [], "scorten_correct": 0, "culprit_correct": 0}


def update_tally(tally: Mapping[str, Any], feedback: QuizFeedback) -> dict[str, Any]:
    """Count a case's first answer only: checking again after the feedback is not a score."""
    key = f"{feedback.case_id}@{feedback.day}"
    if key in tally["answered"]:
        return dict(tally)
    return {
        "answered": [*tally["answered"], key],
        "scorten_correct": tally["scorten_correct"] + int(feedback.scorten_correct),
        "culprit_correct": tally["culprit_correct"] + int(feedback.culprit_correct),
    }


def tally_text(tally: Mapping[str, Any]) -> str:
    n = len(tally["answered"])
    if n == 0:
        return "No cases answered yet this session."
    cases = "case" if n == 1 else "cases"
    return (
        f"{n} {cases} answered · SCORTEN {tally['scorten_correct']}/{n} · "
        f"culprit {tally['culprit_correct']}/{n}"
    )


# --- presenter view --------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    heading: str
    body: list[str] = field(default_factory=list)


def _others(result: CaseResult) -> list[ScoreResult]:
    """The registry's scores other than SCORTEN, which the slides show in full."""
    return [r for key, r in result.scores.items() if key != scorten.SCORTEN.key]


def presenter_slides(case: TeachingCase, teaching: TeachingSet) -> list[Slide]:
    """One idea per slide: the case, each step, each day's score, the culprit, each point."""
    slides = [Slide(case.title, [FICTIONAL_LABEL, case.summary])]
    slides += [Slide(step.title, [step.text]) for step in case.steps]
    for day in case.days:
        result = score_assessment(case, day)
        score = result.scorten.score
        met = [c.label for c in result.scorten.criteria if c.met]
        slides.append(
            Slide(
                f"Day {day}: SCORTEN {score} of {scorten.MAX_SCORE}",
                [
                    f"Predicted mortality {mortality_pct(score):.1f} %"
                    if score is not None
                    else "",
                    "Points for: " + (", ".join(met) if met else "none"),
                    " · ".join(
                        [f"{r.name} {r.score} of {r.max_possible}" for r in _others(result)]
                        + [f"extent: {result.classification}"]
                    ),
                ],
            )
        )
    slides.append(
        Slide(
            f"Likely culprit: {culprit_display_name(case)}",
            [
                f"ALDEN {case.culprit.alden_score} — {case.culprit.alden_category}",
                case.culprit.reasoning,
            ],
        )
    )
    for number, point in enumerate(case.teaching_points, start=1):
        cites = [teaching.sources[s].citation for s in point.sources]
        slides.append(Slide(f"Teaching point {number}", [point.text, *cites]))
    return slides


# --- shareable link --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkLookup:
    case: TeachingCase | None
    message: str | None  # shown when the link does not open a case


def case_from_link(value: str | Sequence[str] | None, teaching: TeachingSet) -> LinkLookup:
    """The teaching case a `?case=<id>` link names; a clear message if it names none.

    Only a well-formed id is echoed back, so a crafted link cannot put text on the page.
    """
    if value is None or value == "":
        return LinkLookup(None, None)
    if not isinstance(value, str):
        value = value[-1] if value else ""
    if len(value) > CASE_ID_MAX_LENGTH or not re.fullmatch(CASE_ID_PATTERN, value):
        return LinkLookup(None, "The link does not name a teaching case (malformed case id).")
    try:
        return LinkLookup(teaching.get(value), None)
    except KeyError:
        return LinkLookup(None, f"No teaching case is called '{value}'. Pick one below.")


def share_query(case: TeachingCase) -> dict[str, str]:
    """The whole query string of a shareable link: the case id and nothing else."""
    return {QUERY_PARAM: case.id}
