"""The results column: SCORTEN headline and breakdown, curve, the registry's other scores,
extent.

Everything shown is text built by reports.case_file from the engine's result; this module
only lays it out.
"""

from __future__ import annotations

import streamlit as st

from reports.wording import (
    CALIBRATION_NOTE,
    band_text,
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
from scoring.models import CaseResult, ScoreResult
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.mortality_curve import mortality_curve


def _scorten(result: CaseResult) -> None:
    s = result.scorten
    # One figure per line: the score, then the predicted mortality, then the band.
    st.subheader(score_title(s), anchor=False)
    mortality = mortality_text(s)
    if mortality:
        st.markdown(f"**Predicted mortality {mortality}** (SCORTEN logistic equation)")
    if s.score is None:
        missing = " and ".join(missing_labels(s))
        st.caption(f"Enter {missing} to narrow the range. Missing inputs never count as normal.")
    elif s.band is not None:
        st.markdown(f"Derivation band {band_text(s)}")
        st.caption(
            "Derivation band: deaths/patients with this score in the derivation cohort, "
            "with its 95 % CI."
        )
    with st.container(border=True):
        st.markdown("**SCORTEN criteria** (value vs cut-off, points)")
        for line in criterion_lines(s):
            st.markdown(line)
    st.plotly_chart(
        mortality_curve(s.min, s.max),
        key="case_mortality_curve",
        config=PLOTLY_CONFIG,
    )
    st.caption(CALIBRATION_NOTE)
    with st.expander("Source"):
        st.markdown(scorten.REFERENCE)


def _points_only(result: CaseResult, other: ScoreResult) -> None:
    """A registry score beside SCORTEN: its points, its day note, how it differs."""
    score = registry.by_key(other.key)
    points_only = "" if score.logistic else " — no verified mortality equation; points only."
    st.markdown(f"**{score_headline(other)}**{points_only}")
    if not result.validated_for_day(other.key):
        note = score.day_note(result.assessment_day)
        st.warning(note, icon=":material/event_busy:")
    differences = score_differences(result.scorten, other)
    if differences:
        with st.expander(f"Why {other.name} reads differently from {result.scorten.name}"):
            for note in differences:
                st.markdown(f"- {note}")
    with st.expander(f"{other.name} criteria"):
        for line in criterion_lines(other):
            st.markdown(line)


def _extent(result: CaseResult) -> None:
    text = extent_text(result)
    if text is None:
        st.markdown("**Extent:** enter the detached body surface to classify.")
    else:
        st.markdown(f"**{text}**")
    st.caption(classification.CAVEAT)


def show(result: CaseResult) -> None:
    """Render one assessment's result; with errors, say so and show no score."""
    if result.errors:
        st.subheader("No score", anchor=False)
        st.error(
            "An input is impossible (see the message next to the field). "
            f"Correct it to see {' and '.join(r.name for r in result.scores.values())}.",
            icon=":material/error:",
        )
        return
    _scorten(result)
    st.divider()
    for key, other in result.scores.items():
        if key != scorten.SCORTEN.key:  # SCORTEN is shown in full above
            _points_only(result, other)
            st.divider()
    _extent(result)
