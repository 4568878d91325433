"""The classroom around a teaching case: quiz feedback and the session tally, presenter
slides, and the shareable link (a case id and the language, never patient data). No UI here.

Words come in the language asked for (`lang`, from the catalogue: knowledge/data/messages/
quiz.yaml, presenter.yaml, teaching.yaml); a case's own text in its Korean where written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from knowledge.i18n import LANG_PARAM, Lang, Text, tr
from scoring import alden, scorten
from scoring.models import CaseResult, ScoreResult
from teaching.cases import (
    CASE_ID_MAX_LENGTH,
    CASE_ID_PATTERN,
    FICTIONAL_TEXT,
    QUERY_PARAM,
    CasePart,
    TeachingCase,
    TeachingSet,
    case_text,
    criterion_explanation,
    criterion_of,
    culprit_ranking,
    english_originals,
    extent_text,
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
    scorten_reasoning: list[str]  # one line per criterion, in the language graded in
    culprit_reasoning: str
    lang: Lang  # the language of the words above

    @property
    def headline(self) -> str:
        score = "quiz.scorten_correct" if self.scorten_correct else "quiz.scorten_not_quite"
        drug = "quiz.culprit_correct" if self.culprit_correct else "quiz.culprit_not_quite"
        return f"{tr(score, self.lang)} · {tr(drug, self.lang)}"


def culprit_display_name(case: TeachingCase) -> str:
    """The case's own name for the culprit (e.g. "co-trimoxazole"), as the quiz offers it."""
    ranking = culprit_ranking(case)
    for drug in ranking.drugs:
        if drug.normalized_name == case.culprit.drug:
            return drug.name
    return case.culprit.drug


def grade_quiz(
    case: TeachingCase, day: int, scorten_guess: int, culprit_guess: str, *, lang: Lang
) -> QuizFeedback:
    """Immediate feedback: right or not, with the engine's reasoning per criterion, in
    `lang`."""
    result = score_assessment(case, day)
    answer = result.scorten.score
    if answer is None:
        raise ValueError(f"{case.id} day {day}: SCORTEN is incomplete; it cannot be a quiz")
    culprit_name = culprit_display_name(case)
    lines = [criterion_explanation(c, lang=lang) for c in result.scorten.criteria]
    lines.append(tr("quiz.total", lang, score=answer, max=scorten.MAX_SCORE))
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
        culprit_reasoning=case_text(case.culprit, "reasoning", lang),
        lang=lang,
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


def tally_text(tally: Mapping[str, Any], *, lang: Lang) -> str:
    n = len(tally["answered"])
    if n == 0:
        return tr("quiz.tally_none", lang)
    return tr(
        "quiz.tally_one" if n == 1 else "quiz.tally_many",
        lang,
        n=n,
        scorten=tally["scorten_correct"],
        culprit=tally["culprit_correct"],
    )


# --- presenter view --------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    heading: str
    body: list[str] = field(default_factory=list)
    # A teaching point's slide: the lines after the first are its citations (body-sized).
    cited: bool = False
    # The English original of the case's own text on the slide, where it is shown in
    # Korean ("원문 보기"); empty when the slide shows the English.
    original: list[str] = field(default_factory=list)


def _others(result: CaseResult) -> list[ScoreResult]:
    """The registry's scores other than SCORTEN, which the slides show in full."""
    return [r for key, r in result.scores.items() if key != scorten.SCORTEN.key]


def _text_slide(
    lang: Lang, heading: CasePart, *body: CasePart, before: Sequence[str] = ()
) -> Slide:
    """A slide of the case's own text (a heading field, body fields) in `lang`, with the
    English originals of what is shown in Korean."""
    return Slide(
        case_text(*heading, lang),
        [*before, *(case_text(entry, name, lang) for entry, name in body)],
        original=english_originals(lang, heading, *body),
    )


def score_slide(case: TeachingCase, day: int, *, lang: Lang) -> Slide:
    """A day's scores: SCORTEN and its mortality, the criteria that earn points, the
    other scores and the extent."""
    result = score_assessment(case, day)
    score = result.scorten.score
    met = [criterion_of(c).label_text.render(lang) for c in result.scorten.criteria if c.met]
    others = [
        tr("teaching.score_of", lang, name=r.name, score=r.score, max=r.max_possible)
        for r in _others(result)
    ]
    return Slide(
        tr("presenter.day_score", lang, day=day, score=score, max=scorten.MAX_SCORE),
        [
            tr("presenter.predicted", lang, pct=f"{mortality_pct(score):.1f}")
            if score is not None
            else "",
            tr("presenter.points_for", lang, criteria=", ".join(met))
            if met
            else tr("presenter.points_for_none", lang),
            " · ".join(
                [
                    *others,
                    tr(
                        "presenter.extent",
                        lang,
                        classification=extent_text(result.classification, lang),
                    ),
                ]
            ),
        ],
    )


def presenter_slides(case: TeachingCase, teaching: TeachingSet, *, lang: Lang) -> list[Slide]:
    """One idea per slide: the case, each step, each day's score, the culprit, each point."""
    slides = [
        _text_slide(lang, (case, "title"), (case, "summary"), before=[FICTIONAL_TEXT.render(lang)])
    ]
    slides += [_text_slide(lang, (step, "title"), (step, "text")) for step in case.steps]
    slides += [score_slide(case, day, lang=lang) for day in case.days]
    culprit = case.culprit
    slides.append(
        Slide(
            tr("teaching.culprit", lang, drug=culprit_display_name(case)),
            [
                f"ALDEN {culprit.alden_score} — "
                + alden.category_text(culprit.alden_category).render(lang),
                case_text(culprit, "reasoning", lang),
            ],
            original=english_originals(lang, (culprit, "reasoning")),
        )
    )
    for number, point in enumerate(case.teaching_points, start=1):
        cites = [teaching.sources[s].citation for s in point.sources]
        slides.append(
            Slide(
                tr("presenter.teaching_point", lang, n=number),
                [case_text(point, "text", lang), *cites],
                cited=True,
                original=english_originals(lang, (point, "text")),
            )
        )
    return slides


# --- shareable link --------------------------------------------------------------------


MODE_PARAM, SLIDE_PARAM, PRESENTER_MODE = "mode", "slide", "presenter"


@dataclass(frozen=True)
class LinkLookup:
    case: TeachingCase | None
    message: Text | None  # shown when the link does not open a case


def case_from_link(value: str | Sequence[str] | None, teaching: TeachingSet) -> LinkLookup:
    """The teaching case a `?case=<id>` link names; a clear message if it names none.

    Only a well-formed id is echoed back, so a crafted link cannot put text on the page.
    """
    if value is None or value == "":
        return LinkLookup(None, None)
    if not isinstance(value, str):
        value = value[-1] if value else ""
    if len(value) > CASE_ID_MAX_LENGTH or not re.fullmatch(CASE_ID_PATTERN, value):
        return LinkLookup(None, Text("teaching.link_malformed"))
    try:
        return LinkLookup(teaching.get(value), None)
    except KeyError:
        return LinkLookup(None, Text("teaching.link_unknown", {"case_id": value}))


def share_query(case: TeachingCase, *, lang: Lang) -> dict[str, str]:
    """The whole query string of a shareable link: the case id and the language the page
    was read in, nothing else (no answers, no what-if values)."""
    return {QUERY_PARAM: case.id, LANG_PARAM: lang}


def presenter_query(case: TeachingCase, slide_index: int, *, lang: Lang) -> dict[str, str]:
    """The presenter link: the shareable link's, then the mode and the 1-based slide (so
    the shareable link is the start of the presenter link)."""
    return {
        **share_query(case, lang=lang),
        MODE_PARAM: PRESENTER_MODE,
        SLIDE_PARAM: str(slide_index + 1),
    }
