"""Teaching page: fictional cases revealed step by step, what-if, quiz and presenter view.

Thin: the cases and every piece of teaching logic live in teaching/cases.py (scores
come from scoring.case, culprits from scoring.alden); this page picks, reveals, renders.

The shareable link carries the teaching case's id (`?case=<id>`) and, in the presenter
view, the mode and the slide number (`?case=<id>&mode=presenter&slide=3`): a teaching case
is fictional and neither its id nor a slide number is patient data; answers and what-if
values never reach the URL. This is the only page that reads or writes query parameters;
the clinician pages never do.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from reports.wording import CALIBRATION_NOTE, fmt_pct
from scoring import scorten
from scoring.screen_labels import on_screen
from teaching.cases import (
    FICTIONAL_LABEL,
    QUERY_PARAM,
    TeachingCase,
    TeachingSet,
    criterion_explanation,
    culprit_ranking,
    default_teaching,
    mortality_pct,
    score_assessment,
)
from teaching.classroom import (
    Slide,
    case_from_link,
    culprit_display_name,
    empty_tally,
    grade_quiz,
    presenter_slides,
    share_query,
    tally_text,
    update_tally,
)
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
QUIZ_ANSWER_KEY = "teaching_quiz_answer"  # {"case", "day", "scorten", "culprit"} or {"error"}
TALLY_KEY = "teaching_tally"
TALLY_RESET_KEY = "teaching_tally_reset"
LINK_APPLIED_KEY = "teaching_link_applied"  # the presenter part of a link is read once
MODE_PARAM, SLIDE_PARAM, PRESENTER_PARAM = "mode", "slide", "presenter"

WALK_THROUGH, QUIZ, PRESENTER = "Walk through", "Quiz", "Presenter"
MODES = (WALK_THROUGH, QUIZ, PRESENTER)
EXTENT_NOTE = (
    "an extent category by detached area (Bastuji-Garin 1993), not a diagnosis: "
    "lesion morphology separates bullous erythema multiforme from SJS."
)


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


def _case_changed() -> None:
    _reset_case_state()
    st.query_params.from_dict({QUERY_PARAM: st.session_state[CASE_KEY]})


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
        st.session_state[QUIZ_ANSWER_KEY] = {"error": "Give both a SCORTEN estimate and a drug."}
        return
    feedback = grade_quiz(case, day, int(guess), drug)
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
    st.query_params.from_dict({QUERY_PARAM: st.session_state[CASE_KEY]})


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
    return lookup.message


def _apply_presenter_link(link_is_broken: bool) -> str | None:
    """Open the presenter view at the slide a `&mode=presenter&slide=<n>` link names.

    Read once per session: afterwards the URL follows the page, never the other way round
    (a click on Next must not be undone by the slide number still in the URL). A link to
    an unknown case opens the normal page, whose case selector the message points to.
    """
    if st.session_state.get(LINK_APPLIED_KEY):
        return None
    st.session_state[LINK_APPLIED_KEY] = True
    if link_is_broken or st.query_params.get(MODE_PARAM) != PRESENTER_PARAM:
        return None
    st.session_state[MODE_KEY] = PRESENTER
    index, message = teaching_presenter.slide_from_link(st.query_params.get(SLIDE_PARAM))
    st.session_state[teaching_presenter.SLIDE_KEY] = index
    return message


def presenter_query(case: TeachingCase, slide_index: int) -> dict[str, str]:
    """The presenter link: the fictional case's id, the mode and the 1-based slide."""
    return {
        **share_query(case),
        MODE_PARAM: PRESENTER_PARAM,
        SLIDE_PARAM: str(slide_index + 1),
    }


def _pick_case(teaching: TeachingSet) -> TeachingCase:
    # A dict's bound __getitem__ pickles by value: widget arguments must pickle under
    # serialisable Session State, and page-level functions live in an unimportable module.
    titles = {c.id: c.title for c in teaching.cases}
    case_id = st.selectbox(
        "Teaching case",
        options=teaching.ids,
        format_func=titles.__getitem__,
        key=CASE_KEY,
        on_change=_case_changed,
    )
    return teaching.get(case_id)


def _share(case: TeachingCase, link_is_broken: bool) -> None:
    if not link_is_broken and st.query_params.get(QUERY_PARAM) != case.id:
        st.query_params.from_dict(share_query(case))  # the URL bar is always shareable
    query = urlencode(share_query(case))
    base = st.context.url or ""
    with st.expander("Share this case"):
        st.caption("The link names the fictional teaching case only; it carries no answers.")
        st.code(f"{base}?{query}", language=None)
        st.caption("To open it in the presenter view at the first slide:")
        st.code(f"{base}?{urlencode(presenter_query(case, 0))}", language=None)


# --- walk-through -------------------------------------------------------------------------


def _steps(steps) -> None:
    for step in steps:
        st.markdown(f"**{step.title}**")
        st.write(step.text)


def _score_block(case: TeachingCase, day: int) -> None:
    result = score_assessment(case, day)
    score = result.scorten.score
    band = result.scorten.band
    st.subheader(
        f"SCORTEN {score} of {scorten.MAX_SCORE} · predicted mortality {mortality_pct(score):.1f} %"
    )
    st.caption(
        f"Derivation band {band.label}: {fmt_pct(band.mortality)} ({band.deaths}/{band.n}; "
        f"95 % CI {band.ci_low_pct:g}-{band.ci_high_pct:g}). {CALIBRATION_NOTE}"
    )
    for row in result.scorten.criteria:
        mark = "✓" if row.met else "✗"
        st.markdown(f"{mark} {criterion_explanation(row)}")
    for warning in result.warnings:
        st.caption(f"Note: {on_screen(warning.message)}")
    for other in result.scores.values():
        if other.key == scorten.SCORTEN.key:  # shown in full above
            continue
        st.markdown(f"**{other.name} {other.score} of {other.max_possible}**")
        with st.expander(f"{other.name} criteria"):
            for row in other.criteria:
                st.markdown(f"{'✓' if row.met else '✗'} {criterion_explanation(row)}")
    st.markdown(f"**Extent: {result.classification}** — {EXTENT_NOTE}")


def _culprit_block(case: TeachingCase) -> None:
    ranking = culprit_ranking(case)
    st.markdown(
        f"**Likely culprit: {culprit_display_name(case)}** — ALDEN {case.culprit.alden_score} "
        f"({case.culprit.alden_category})"
    )
    st.write(case.culprit.reasoning)
    st.dataframe(
        [
            {"drug": d.name, "generic": d.normalized_name, "ALDEN": d.score, "category": d.category}
            for d in ranking.drugs
        ],
        hide_index=True,
        key="teaching_alden_table",
    )


def _points_block(case: TeachingCase, teaching: TeachingSet) -> None:
    st.subheader("Teaching points")
    for number, point in enumerate(case.teaching_points, start=1):
        cites = "; ".join(
            f"[{teaching.sources[s].citation}]({teaching.sources[s].link})" for s in point.sources
        )
        st.markdown(f"{number}. {point.text}  \n  {cites}")


def _walk_through(case: TeachingCase, teaching: TeachingSet) -> None:
    revealed = st.session_state.setdefault(STEP_KEY, 1)
    total = len(case.steps)
    _steps(case.steps[:revealed])
    if revealed <= total:
        label = "Reveal next step" if revealed < total else "Reveal the scores"
        st.button(label, key=NEXT_STEP_KEY, on_click=_reveal, type="primary")
    st.button("Start again", key=RESTART_KEY, on_click=_restart)
    if revealed <= total:
        return
    st.divider()
    day = case.days[0]
    if len(case.days) > 1:
        day = st.radio(
            "Assessment day",
            options=case.days,
            format_func={d: f"Day {d}" for d in case.days}.__getitem__,
            horizontal=True,
            key=DAY_KEY,
            on_change=_day_changed,
        )
    _score_block(case, day)
    _culprit_block(case)
    _points_block(case, teaching)
    st.subheader("What if?")
    st.caption("Move a value across its cut-off to see which criterion flips.")
    teaching_whatif.show(case, day)


# --- quiz ---------------------------------------------------------------------------------


def _feedback(case: TeachingCase) -> None:
    answer = st.session_state.get(QUIZ_ANSWER_KEY)
    if not answer:
        return
    if "error" in answer:
        st.warning(answer["error"])
        return
    if answer["case"] != case.id:
        return
    feedback = grade_quiz(case, answer["day"], answer["scorten"], answer["culprit"])
    if feedback.scorten_correct:
        st.success(f"SCORTEN {feedback.scorten_answer}: correct.")
    else:
        st.error(f"SCORTEN is {feedback.scorten_answer}, not {feedback.scorten_guess}.")
    if feedback.culprit_correct:
        st.success(f"Culprit {feedback.culprit_answer}: correct.")
    else:
        st.error(f"The likely culprit is {feedback.culprit_answer}, not {feedback.culprit_guess}.")
    st.markdown("**Why**")
    st.markdown("\n".join(f"- {line}" for line in feedback.scorten_reasoning))
    st.write(feedback.culprit_reasoning)


def _quiz(case: TeachingCase, *, with_steps: bool = True) -> None:
    """The quiz; in the presenter view without the steps (the slides before showed them)."""
    tally = st.session_state.get(TALLY_KEY) or empty_tally()
    st.info(tally_text(tally), icon=":material/scoreboard:")
    day = case.days[0]
    if with_steps:
        _steps(case.steps_until(day))
    st.number_input(
        f"Your SCORTEN estimate (0-{scorten.MAX_SCORE})",
        min_value=0,
        max_value=scorten.MAX_SCORE,
        step=1,
        value=None,
        key=QUIZ_SCORTEN_KEY,
    )
    st.selectbox(
        "Likely culprit drug",
        options=case.drug_names(),
        index=None,
        placeholder="Choose a drug",
        key=QUIZ_CULPRIT_KEY,
    )
    left, right = st.columns(2)
    left.button(
        "Check my answer", key=QUIZ_CHECK_KEY, on_click=_check, args=(case.id, day), type="primary"
    )
    right.button("Reset the tally", key=TALLY_RESET_KEY, on_click=_reset_tally)
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
    slides = presenter_slides(case, teaching)
    # What-if and the quiz as the last two slides, live (issue 22: only outside the view).
    interactive = {
        len(slides): lambda: teaching_whatif.show(case, case.days[0], slider_columns=2),
        len(slides) + 1: lambda: _quiz(case, with_steps=False),
    }
    slides += [
        Slide("What if?", ["Move a value across its cut-off to see which criterion flips."]),
        Slide("Quiz", ["Estimate day 1's SCORTEN and name the likely culprit."]),
    ]
    # The URL first, then the slide: a run cut short by the next key press still leaves
    # the URL on the slide it was drawing (issue 22: it once lagged a slide behind).
    index = teaching_presenter.current(len(slides))
    st.query_params.from_dict(presenter_query(case, index))
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
st.title("Teaching")
st.caption(
    f"Every case here is a {FICTIONAL_LABEL.lower()}: invented for teaching, not a real patient."
)
if link_message:
    st.warning(link_message)
case = _pick_case(teaching)
st.caption(f"{FICTIONAL_LABEL} · {case.summary}")
mode = st.radio("Mode", options=MODES, horizontal=True, key=MODE_KEY)
_share(case, link_is_broken=link_message is not None)
if mode == WALK_THROUGH:
    _walk_through(case, teaching)
elif mode == QUIZ:
    _quiz(case)
else:  # not reached: the presenter view is chosen above, before any chrome is drawn
    _presenter(case, teaching, None)
