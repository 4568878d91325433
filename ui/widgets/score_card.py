"""The results column: SCORTEN headline and breakdown, curve, ABCD-10, extent.

Everything shown is text built by reports.case_file from the engine's result; this module
only lays it out.
"""

from __future__ import annotations

import streamlit as st

from reports.wording import (
    ABCD10_CRITERIA,
    CALIBRATION_NOTE,
    SCORTEN_CRITERIA,
    abcd10_headline,
    band_text,
    criterion_line,
    extent_text,
    missing_labels,
    mortality_text,
    score_differences,
    scorten_title,
)
from scoring import abcd10, classification, scorten
from scoring.models import CaseResult
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.mortality_curve import mortality_curve


def _scorten(result: CaseResult) -> None:
    s = result.scorten
    # One figure per line: the score, then the predicted mortality, then the band.
    st.subheader(scorten_title(s), anchor=False)
    mortality = mortality_text(s)
    if mortality:
        st.markdown(f"**Predicted mortality {mortality}** (SCORTEN logistic equation)")
    if s.score is None:
        missing = " and ".join(missing_labels(s, SCORTEN_CRITERIA))
        st.caption(f"Enter {missing} to narrow the range. Missing inputs never count as normal.")
    elif s.band is not None:
        st.markdown(f"Derivation band {band_text(s)}")
        st.caption(
            "Derivation band: deaths/patients with this score in the derivation cohort, "
            "with its 95 % CI."
        )
    with st.container(border=True):
        st.markdown("**SCORTEN criteria** (value vs cut-off, points)")
        for row in s.criteria:
            st.markdown(criterion_line(row, SCORTEN_CRITERIA[row.key]))
    st.plotly_chart(
        mortality_curve(s.min, s.max),
        key="case_mortality_curve",
        config=PLOTLY_CONFIG,
    )
    st.caption(CALIBRATION_NOTE)
    with st.expander("Source"):
        st.markdown(scorten.REFERENCE)


def _abcd10(result: CaseResult) -> None:
    a = result.abcd10
    st.markdown(f"**{abcd10_headline(a)}** — no verified mortality equation; points only.")
    if not result.abcd10_validated_for_day:
        st.warning(abcd10.day_note(result.assessment_day), icon=":material/event_busy:")
    differences = score_differences(result)
    if differences:
        with st.expander("Why ABCD-10 reads differently from SCORTEN"):
            for note in differences:
                st.markdown(f"- {note}")
    with st.expander("ABCD-10 criteria"):
        for row in a.criteria:
            st.markdown(criterion_line(row, ABCD10_CRITERIA[row.key]))


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
            "Correct it to see SCORTEN and ABCD-10.",
            icon=":material/error:",
        )
        return
    _scorten(result)
    st.divider()
    _abcd10(result)
    st.divider()
    _extent(result)
