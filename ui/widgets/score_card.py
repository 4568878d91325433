"""The results column: SCORTEN headline and breakdown, curve, the registry's other scores,
extent.

Everything shown is text built by reports.case_file from the engine's result; this module
only lays it out.
"""

from __future__ import annotations

import streamlit as st

from reports.wording import (
    band_text,
    calibration_note,
    criterion_lines,
    extent_text,
    missing_labels,
    mortality_text,
    score_differences,
    score_headline,
    score_title,
)
from scoring import classification, scorten
from scoring import scores as registry
from scoring.criteria import PointsScore
from scoring.models import CaseResult, ScoreResult
from ui.i18n import lang, say, t
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.mortality_curve import mortality_curve


def _scorten(result: CaseResult) -> None:
    s = result.scorten
    # One figure per line: the score, then the predicted mortality, then the band.
    st.subheader(score_title(s, lang=lang()), anchor=False)
    mortality = mortality_text(s)
    if mortality:
        st.markdown(t("case.predicted_mortality", mortality=mortality))
    if s.score is None:
        missing = t("case.and").join(missing_labels(s, lang=lang()))
        st.caption(t("case.enter_missing", missing=missing))
    elif s.band is not None:
        st.markdown(t("case.derivation_band", band=band_text(s)))
        st.caption(t("case.derivation_band_caption"))
    with st.container(border=True):
        st.markdown(t("case.criteria_heading", score=s.name))
        for line in criterion_lines(s, lang=lang()):
            st.markdown(line)
    st.plotly_chart(
        mortality_curve(s.min, s.max, lang=lang()),
        key="case_mortality_curve",
        config=PLOTLY_CONFIG,
    )
    st.caption(calibration_note(lang=lang()))
    with st.expander(t("case.source")):
        st.markdown(scorten.REFERENCE)


def _points_only(result: CaseResult, other: ScoreResult) -> None:
    """A registry score beside SCORTEN: its points, its day note, how it differs."""
    score = registry.by_key(other.key)
    points_only = "" if score.logistic else t("case.points_only")
    st.markdown(f"**{score_headline(other, lang=lang())}**{points_only}")
    if not result.validated_for_day(other.key):
        note = _day_note(score, result.assessment_day)
        st.warning(note, icon=":material/event_busy:")
    differences = score_differences(result.scorten, other, lang=lang())
    if differences:
        with st.expander(t("case.why_different", score=other.name, other=result.scorten.name)):
            for note in differences:
                st.markdown(f"- {note}")
    with st.expander(t("case.score_criteria", score=other.name)):
        for line in criterion_lines(other, lang=lang()):
            st.markdown(line)


def _day_note(score: PointsScore, day: int | None) -> str | None:
    """Why a score is not validated on this assessment day (the registry's words)."""
    note = score.day_note(day)
    return None if note is None else say(note)


def _extent(result: CaseResult) -> None:
    text = extent_text(result, lang=lang())
    if text is None:
        st.markdown(t("case.extent_missing"))
    else:
        st.markdown(f"**{text}**")
    st.caption(_extent_caveat())


def _withheld(scores: list[ScoreResult]) -> None:
    """No score for these: an input they read is impossible (named next to the field)."""
    st.subheader(t("case.no_score"), anchor=False)
    st.error(
        t("case.impossible", scores=t("case.and").join(s.name for s in scores)),
        icon=":material/error:",
    )


def show(result: CaseResult) -> None:
    """Render one assessment's result. A score with an impossible input is withheld, the
    others shown (a glucose error leaves ABCD-10, which does not read glucose)."""
    withheld = [s for s in result.scores.values() if s.withheld]
    if len(withheld) == len(result.scores):
        _withheld(withheld)
        return
    if result.scorten.withheld:
        _withheld([result.scorten])
    else:
        _scorten(result)
    st.divider()
    for key, other in result.scores.items():
        if key == scorten.SCORTEN.key:  # SCORTEN is shown in full above
            continue
        if other.withheld:
            st.markdown(f"**{other.name}**")
            st.error(t("case.impossible", scores=other.name), icon=":material/error:")
        else:
            _points_only(result, other)
        st.divider()
    _extent(result)


def _extent_caveat() -> str:
    """What the extent category is not (the classification's own words)."""
    return say(classification.CAVEAT_TEXT)
