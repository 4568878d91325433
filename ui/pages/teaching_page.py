"""Teaching page: fictional cases revealed step by step, what-if, quiz and presenter view.

Thin: the cases and every piece of teaching logic live in teaching/cases.py (scores
come from scoring.case, culprits from scoring.alden); this page picks, reveals, renders.

The shareable link carries the teaching case's id and the language (`?case=<id>&lang=ko`)
and, in the presenter view, the mode and the slide number
(`?case=<id>&lang=ko&mode=presenter&slide=3`): a teaching case is fictional and neither its
id nor a slide number is patient data; answers and what-if values never reach the URL. This
is the only page that rewrites the whole query string (always with the language,
`i18n.with_lang`); the clinician pages never do.

Every word comes from the catalogue (knowledge/data/messages/teaching.yaml, quiz.yaml,
presenter.yaml); a case's own text in Korean where its `ko:` block has it, the English
original beside it when the reader asks ("원문 보기").
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from reports.wording import CALIBRATION_NOTE, fmt_pct
from scoring import alden, scorten
from teaching.cases import (
    FICTIONAL_TEXT,
    QUERY_PARAM,
    CasePart,
    Step,
    TeachingCase,
    TeachingSet,
    case_text,
    criterion_explanation,
    culprit_ranking,
    default_teaching,
    english_originals,
    extent_text,
    mortality_pct,
    score_assessment,
)
from teaching.classroom import (
    MODE_PARAM,
    PRESENTER_MODE,
    SLIDE_PARAM,
    Slide,
    case_from_link,
    culprit_display_name,
    empty_tally,
    grade_quiz,
    presenter_query,
    presenter_slides,
    share_query,
    tally_text,
    update_tally,
)
from ui import i18n
from ui.i18n import t
from ui.widgets import teaching_presenter, teaching_whatif
from ui.widgets.mortality_curve import mortality_curve

CASE_KEY = "teaching_case"
MODE_KEY = "teaching_mode"
STEP_KEY = "teaching_step"  # steps revealed; one more than the steps = scores shown
NEXT_STEP_KEY = "teaching_next_step"
RESTART_KEY = "teaching_restart"
DAY_KEY = "teaching_day"
QUIZ_SCORTEN_KEY = "teaching_quiz_scorten"
QUIZ_CULPRIT_KEY = "teaching_quiz_culprit"
QUIZ_CHECK_KEY = "teaching_quiz_check"
# {"case", "day", "scorten", "culprit"}, or {"error": a catalogue key}: never words, so a
# language switch redraws the feedback in the new language.
QUIZ_ANSWER_KEY = "teaching_quiz_answer"
TALLY_KEY = "teaching_tally"
TALLY_RESET_KEY = "teaching_tally_reset"
LINK_APPLIED_KEY = "teaching_link_applied"  # the presenter part of a link is read once

# The modes as codes (kept in Session State), shown in the reader's language.
WALK_THROUGH, QUIZ, PRESENTER = "walk", "quiz", "presenter"
MODES = (WALK_THROUGH, QUIZ, PRESENTER)


@st.cache_data(show_spinner=False)
def _teaching() -> TeachingSet:
    """Static, fictional data: safe to cache (no patient or session data)."""
    return default_teaching()


# --- callbacks ----------------------------------------------------------------------------


def _reset_case_state() -> None:
    st.session_state[STEP_KEY] = 1
    for key in (DAY_KEY, QUIZ_SCORTEN_KEY, QUIZ_CULPRIT_KEY, QUIZ_ANSWER_KEY):
        st.session_state.pop(key, None)
    teaching_whatif.reset()
    teaching_presenter.reset()


def _set_url(query: dict[str, str]) -> None:
    """The whole query string, always with the reader's language."""
    st.query_params.from_dict(i18n.with_lang(query))


def _case_link() -> None:
    _set_url(share_query(_teaching().get(st.session_state[CASE_KEY]), lang=i18n.lang()))


def _case_changed() -> None:
    _reset_case_state()
    _case_link()


def _reveal() -> None:
    st.session_state[STEP_KEY] = st.session_state.get(STEP_KEY, 1) + 1


def _restart() -> None:
    _reset_case_state()


def _day_changed() -> None:
    teaching_whatif.reset()


def _check(case_id: str, day: int) -> None:
    case = _teaching().get(case_id)
    guess = st.session_state.get(QUIZ_SCORTEN_KEY)
    drug = st.session_state.get(QUIZ_CULPRIT_KEY)
    if guess is None or drug is None:
        st.session_state[QUIZ_ANSWER_KEY] = {"error": "quiz.need_both"}
        return
    feedback = grade_quiz(case, day, int(guess), drug, lang=i18n.lang())
    tally = st.session_state.get(TALLY_KEY) or empty_tally()
    st.session_state[TALLY_KEY] = update_tally(tally, feedback)
    st.session_state[QUIZ_ANSWER_KEY] = {
        "case": case.id,
        "day": day,
        "scorten": int(guess),
        "culprit": drug,
    }


def _exit_presenter() -> None:
    st.session_state[MODE_KEY] = WALK_THROUGH
    _case_link()


def _reset_tally() -> None:
    st.session_state[TALLY_KEY] = empty_tally()
    st.session_state.pop(QUIZ_ANSWER_KEY, None)


# --- case choice and link -----------------------------------------------------------------


def _apply_link(teaching: TeachingSet) -> str | None:
    """Open the case a `?case=<id>` link names; return a message if it names none."""
    lookup = case_from_link(st.query_params.get(QUERY_PARAM), teaching)
    if lookup.case is not None and st.session_state.get(CASE_KEY) != lookup.case.id:
        st.session_state[CASE_KEY] = lookup.case.id
        _reset_case_state()
    return None if lookup.message is None else i18n.say(lookup.message)


def _apply_presenter_link(link_is_broken: bool) -> str | None:
    """Open the presenter view at the slide a `&mode=presenter&slide=<n>` link names.

    Read once per session: afterwards the URL follows the page, never the other way round
    (a click on Next must not be undone by the slide number still in the URL). A link to
    an unknown case opens the normal page, whose case selector the message points to.
    """
    if st.session_state.get(LINK_APPLIED_KEY):
        return None
    st.session_state[LINK_APPLIED_KEY] = True
    if link_is_broken or st.query_params.get(MODE_PARAM) != PRESENTER_MODE:
        return None
    st.session_state[MODE_KEY] = PRESENTER
    index, message = teaching_presenter.slide_from_link(st.query_params.get(SLIDE_PARAM))
    st.session_state[teaching_presenter.SLIDE_KEY] = index
    return message


def _pick_case(teaching: TeachingSet) -> TeachingCase:
    # A dict's bound __getitem__ pickles by value: widget arguments must pickle under
    # serialisable Session State, and page-level functions live in an unimportable module.
    titles = {c.id: case_text(c, "title", i18n.lang()) for c in teaching.cases}
    case_id = st.selectbox(
        t("teaching.case_picker"),
        options=teaching.ids,
        format_func=titles.__getitem__,
        key=CASE_KEY,
        on_change=_case_changed,
    )
    return teaching.get(case_id)


def _share(case: TeachingCase, link_is_broken: bool) -> None:
    query = share_query(case, lang=i18n.lang())
    if not link_is_broken and st.query_params.to_dict() != query:
        _set_url(query)  # the URL bar is always shareable
    base = st.context.url or ""
    with st.expander(t("teaching.share")):
        st.caption(t("teaching.share_caption"))
        st.code(f"{base}?{urlencode(query)}", language=None)
        st.caption(t("teaching.share_presenter"))
        presenter = presenter_query(case, 0, lang=i18n.lang())
        st.code(f"{base}?{urlencode(presenter)}", language=None)


# --- a case's own text --------------------------------------------------------------------


def _original(*parts: CasePart) -> None:
    """The English original of case text shown in Korean, when the reader asks for it."""
    originals = english_originals(i18n.lang(), *parts) if i18n.show_original() else []
    if originals:
        st.caption(t("teaching.original", text=" · ".join(originals)))


# --- walk-through -------------------------------------------------------------------------


def _steps(steps: Sequence[Step]) -> None:
    for step in steps:
        st.markdown(f"**{case_text(step, 'title', i18n.lang())}**")
        st.write(case_text(step, "text", i18n.lang()))
        _original((step, "title"), (step, "text"))


def _mark(met: bool | None) -> str:
    return "✓" if met else "✗"


def _score_block(case: TeachingCase, day: int) -> None:
    result = score_assessment(case, day)
    score = result.scorten.score
    band = result.scorten.band
    st.subheader(
        t(
            "teaching.score_heading",
            score=score,
            max=scorten.MAX_SCORE,
            pct=f"{mortality_pct(score):.1f}",
        )
    )
    band_text = t(
        "teaching.band",
        band=band.label,
        pct=fmt_pct(band.mortality),
        deaths=band.deaths,
        n=band.n,
        low=f"{band.ci_low_pct:g}",
        high=f"{band.ci_high_pct:g}",
    )
    st.caption(f"{band_text} {CALIBRATION_NOTE}")
    lang = i18n.lang()
    for row in result.scorten.criteria:
        st.markdown(f"{_mark(row.met)} {criterion_explanation(row, lang=lang)}")
    for warning in result.warnings:
        st.caption(t("teaching.note", text=i18n.issue_text(warning)))
    for other in result.scores.values():
        if other.key == scorten.SCORTEN.key:  # shown in full above
            continue
        score_of = t(
            "teaching.score_of", name=other.name, score=other.score, max=other.max_possible
        )
        st.markdown(f"**{score_of}**")
        with st.expander(t("teaching.criteria_of", name=other.name)):
            for row in other.criteria:
                explanation = criterion_explanation(row, lang=lang, score=other.key)
                st.markdown(f"{_mark(row.met)} {explanation}")
    extent = t("teaching.extent", classification=extent_text(result.classification, lang))
    st.markdown(f"**{extent}** — {t('teaching.extent_note')}")


def _culprit_block(case: TeachingCase) -> None:
    ranking = culprit_ranking(case)
    culprit = case.culprit
    heading = t("teaching.culprit", drug=culprit_display_name(case))
    in_words = i18n.say(alden.category_text(culprit.alden_category))
    st.markdown(f"**{heading}** — ALDEN {culprit.alden_score} ({in_words})")
    st.write(case_text(culprit, "reasoning", i18n.lang()))
    _original((culprit, "reasoning"))
    drug, generic, category = (
        t("teaching.col_drug"),
        t("teaching.col_generic"),
        t("teaching.col_category"),
    )
    st.dataframe(
        [
            {
                drug: d.name,
                generic: d.normalized_name,
                "ALDEN": d.score,
                category: i18n.say(d.category_text),
            }
            for d in ranking.drugs
        ],
        hide_index=True,
        key="teaching_alden_table",
    )


def _points_block(case: TeachingCase, teaching: TeachingSet) -> None:
    st.subheader(t("teaching.points"))
    for number, point in enumerate(case.teaching_points, start=1):
        cites = "; ".join(
            f"[{teaching.sources[s].citation}]({teaching.sources[s].link})" for s in point.sources
        )
        st.markdown(f"{number}. {case_text(point, 'text', i18n.lang())}  \n  {cites}")
        _original((point, "text"))


def _walk_through(case: TeachingCase, teaching: TeachingSet) -> None:
    revealed = st.session_state.setdefault(STEP_KEY, 1)
    total = len(case.steps)
    _steps(case.steps[:revealed])
    if revealed <= total:
        label = t("teaching.reveal_next" if revealed < total else "teaching.reveal_scores")
        st.button(label, key=NEXT_STEP_KEY, on_click=_reveal, type="primary")
    st.button(t("teaching.restart"), key=RESTART_KEY, on_click=_restart)
    if revealed <= total:
        return
    st.divider()
    day = case.days[0]
    if len(case.days) > 1:
        day = st.radio(
            t("teaching.day_picker"),
            options=case.days,
            format_func={d: t("teaching.day", day=d) for d in case.days}.__getitem__,
            horizontal=True,
            key=DAY_KEY,
            on_change=_day_changed,
        )
    _score_block(case, day)
    _culprit_block(case)
    _points_block(case, teaching)
    st.subheader(t("teaching.whatif"))
    st.caption(t("teaching.whatif_caption"))
    teaching_whatif.show(case, day)


# --- quiz ---------------------------------------------------------------------------------


def _feedback(case: TeachingCase) -> None:
    answer = st.session_state.get(QUIZ_ANSWER_KEY)
    if not answer:
        return
    if "error" in answer:
        st.warning(t(answer["error"]))
        return
    if answer["case"] != case.id:
        return
    feedback = grade_quiz(
        case, answer["day"], answer["scorten"], answer["culprit"], lang=i18n.lang()
    )
    right, given = feedback.scorten_answer, feedback.scorten_guess
    if feedback.scorten_correct:
        st.success(t("quiz.scorten_right", answer=right))
    else:
        st.error(t("quiz.scorten_wrong", answer=right, guess=given))
    drug, guess = feedback.culprit_answer, feedback.culprit_guess
    if feedback.culprit_correct:
        st.success(t("quiz.culprit_right", drug=drug))
    else:
        st.error(t("quiz.culprit_wrong", answer=drug, guess=guess))
    st.markdown(f"**{t('quiz.why')}**")
    st.markdown("\n".join(f"- {line}" for line in feedback.scorten_reasoning))
    st.write(feedback.culprit_reasoning)
    _original((case.culprit, "reasoning"))


def _quiz(case: TeachingCase, *, with_steps: bool = True) -> None:
    """The quiz; in the presenter view without the steps (the slides before showed them)."""
    tally = st.session_state.get(TALLY_KEY) or empty_tally()
    st.info(tally_text(tally, lang=i18n.lang()), icon=":material/scoreboard:")
    day = case.days[0]
    if with_steps:
        _steps(case.steps_until(day))
    st.number_input(
        t("quiz.estimate", max=scorten.MAX_SCORE),
        min_value=0,
        max_value=scorten.MAX_SCORE,
        step=1,
        value=None,
        key=QUIZ_SCORTEN_KEY,
    )
    st.selectbox(
        t("quiz.culprit"),
        options=case.drug_names(),
        index=None,
        placeholder=t("quiz.choose_drug"),
        key=QUIZ_CULPRIT_KEY,
    )
    left, right = st.columns(2)
    left.button(
        t("quiz.check"), key=QUIZ_CHECK_KEY, on_click=_check, args=(case.id, day), type="primary"
    )
    right.button(t("quiz.reset_tally"), key=TALLY_RESET_KEY, on_click=_reset_tally)
    _feedback(case)


# --- presenter view -----------------------------------------------------------------------


def _score_charts(case: TeachingCase) -> dict[int, object]:
    """The mortality curve beside each day's score slide (slide order: presenter_slides)."""
    first_day_slide = 1 + len(case.steps)
    charts = {}
    for offset, day in enumerate(case.days):
        score = score_assessment(case, day).scorten.score
        charts[first_day_slide + offset] = mortality_curve(score, score)
    return charts


def _presenter(case: TeachingCase, teaching: TeachingSet, message: str | None) -> None:
    """No app chrome: the sidebar folds away, no title or selectors; the slide fills the
    screen and the navigation bar stays at the top. The URL follows the slide."""
    st.set_page_config(initial_sidebar_state="collapsed")
    if message:
        st.warning(message)
    lang = i18n.lang()
    slides = presenter_slides(case, teaching, lang=lang)
    # What-if and the quiz as the last two slides, live (issue 22: only outside the view).
    interactive = {
        len(slides): lambda: teaching_whatif.show(case, case.days[0], slider_columns=2),
        len(slides) + 1: lambda: _quiz(case, with_steps=False),
    }
    slides += [
        Slide(t("teaching.whatif"), [t("teaching.whatif_caption")]),
        Slide(t("quiz.heading"), [t("quiz.prompt")]),
    ]
    # The URL first, then the slide: a run cut short by the next key press still leaves
    # the URL on the slide it was drawing (issue 22: it once lagged a slide behind).
    index = teaching_presenter.current(len(slides))
    _set_url(presenter_query(case, index, lang=lang))
    teaching_presenter.show(
        slides, charts=_score_charts(case), interactive=interactive, on_exit=_exit_presenter
    )


# --- page ---------------------------------------------------------------------------------


teaching = _teaching()
link_message = _apply_link(teaching)
slide_message = _apply_presenter_link(link_is_broken=link_message is not None)
# Widget values survive the runs in which the presenter view hides their widgets.
for _key in (CASE_KEY, MODE_KEY):
    if _key in st.session_state:
        st.session_state[_key] = st.session_state[_key]
if st.session_state.get(MODE_KEY) == PRESENTER:
    st.session_state.setdefault(CASE_KEY, teaching.ids[0])
    _presenter(teaching.get(st.session_state[CASE_KEY]), teaching, slide_message)
    st.stop()
st.set_page_config(initial_sidebar_state="auto")
st.title(t("teaching.title"))
st.caption(t("teaching.intro"))
if link_message:
    st.warning(link_message)
case = _pick_case(teaching)
st.caption(f"{i18n.say(FICTIONAL_TEXT)} · {case_text(case, 'summary', i18n.lang())}")
_original((case, "title"), (case, "summary"))
# Labels by a dict's bound __getitem__, as in _pick_case (it pickles by value).
mode_labels = {mode: t(f"teaching.mode_{mode}") for mode in MODES}
mode = st.radio(
    t("teaching.mode"),
    options=MODES,
    format_func=mode_labels.__getitem__,
    horizontal=True,
    key=MODE_KEY,
)
_share(case, link_is_broken=link_message is not None)
if mode == WALK_THROUGH:
    _walk_through(case, teaching)
elif mode == QUIZ:
    _quiz(case)
else:  # not reached: the presenter view is chosen above, before any chrome is drawn
    _presenter(case, teaching, None)
