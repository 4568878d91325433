"""The bedside summary at the top of the Case page: one glance, full width.

One headline risk number (the derivation-band CI one click away), the extent category, the
top-ranked suspected drug with its ALDEN category and a link to the Drugs page, the first
next steps, and under them the one calibration note. Every text comes from scoring/ and
reports/wording.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from reports.wording import (
    band_text,
    calibration_note,
    change_since_first_day,
    extent_category_text,
    mortality_text,
)
from scoring.alden import NOT_SCORED_TEXT, AldenResult
from scoring.models import CaseResult
from scoring.next_steps import SUSPECT_CATEGORIES, NextStep
from ui.i18n import lang, say, t
from ui.widgets.markdown_text import escape

DRUGS_PAGE = "ui/pages/drugs_page.py"
SUMMARY_STEPS = 3  # the first steps shown in the summary; the panel below lists all


def risk_number(result: CaseResult) -> tuple[str, str]:
    """(the number, what it is) for the headline."""
    s = result.scorten
    if s.withheld:
        return t("summary.no_score"), t("summary.impossible_input")
    if s.score is not None:
        what = t("summary.risk_score", score=s.score, top=s.max_possible)
    else:
        what = t(
            "summary.risk_range", low=s.min, high=s.max, top=s.max_possible, missing=len(s.missing)
        )
    return mortality_text(s) or "—", what


def drugs_link(label: str) -> None:
    """A link to the Drugs page (shared with the Next steps panel)."""
    try:
        st.page_link(DRUGS_PAGE, label=label, icon=":material/medication:")
    except StreamlitAPIException:
        # Run outside the app's navigation (a page on its own, as in tests): no link target.
        st.caption(t("summary.drugs_link_fallback", label=label))


def _drug(alden: AldenResult | None, n_drugs: int) -> None:
    if alden is not None and alden.drugs:
        top = alden.drugs[0]
        suspected = top.category in SUSPECT_CATEGORIES
        st.markdown(f"**{t('summary.top_suspected' if suspected else 'summary.top_ranked')}**")
        st.markdown(f"{escape(top.name)} — ALDEN {top.score}, **{say(top.category_text)}**")
        if not suspected:
            st.caption(t("summary.none_possible"))
        drugs_link(t("summary.open_drugs"))
    elif n_drugs:
        st.markdown(f"**{t('summary.top_suspected')}**")
        st.markdown(t("summary.drugs_not_scored", not_scored=say(NOT_SCORED_TEXT)))
        drugs_link(t("summary.complete_dates"))
    else:
        st.markdown(f"**{t('summary.top_suspected')}**")
        st.markdown(t("summary.no_drugs"))
        drugs_link(t("summary.enter_drugs"))


def show(
    result: CaseResult,
    alden: AldenResult | None,
    n_drugs: int,
    steps: Sequence[NextStep],
    results: Mapping[int, CaseResult] | None = None,
) -> None:
    with st.container(border=True, key="bedside_summary"):
        risk, severity, steps_col = st.columns([1.15, 1, 1.6], gap="medium")
        with risk:
            number, what = risk_number(result)
            # Markdown, not st.metric: the browser draws markdown with the page heading,
            # while st.metric's code loads on demand, seconds later on a busy machine
            # (bench/browser_case.py measured it: issue 22's "summary within 1 s").
            with st.container(key="bedside_risk", gap="small"):
                st.markdown(f"**{what}**")
                st.markdown(f"### {number}", anchors=False)
            change = (
                change_since_first_day(results, result.assessment_day, lang=lang())
                if results and result.assessment_day is not None
                else None
            )
            if change:
                st.markdown(t("summary.trend", change=change))
            if result.scorten.band is not None:
                with st.expander(t("summary.band_expander")):
                    st.markdown(band_text(result.scorten))
                    st.caption(t("summary.band_caption"))
        with severity:
            st.markdown(f"**{t('summary.extent')}**")
            extent = extent_category_text(result, lang=lang())  # None if BSA is impossible
            st.markdown(extent or t("summary.bsa_not_entered"))
            _drug(alden, n_drugs)
        with steps_col:
            st.markdown(f"**{t('summary.next_steps')}**")
            first, later = steps[:1], steps[1:SUMMARY_STEPS]
            for step in first:
                st.markdown(f"1. **{escape(say(step.title))}** — {escape(say(step.why))}")
            # Keyed, so a phone shows the first step only (ui/widgets/page_style.py).
            with st.container(key="summary_later_steps"):
                for number_, step in enumerate(later, start=2):
                    st.markdown(
                        f"{number_}. **{escape(say(step.title))}** — {escape(say(step.why))}"
                    )
            with st.container(key="summary_all_steps"):
                st.caption(t("summary.all_steps_below"))
        # The one calibration note (issue 20), across the whole summary under the number, the
        # extent and the first step: on a phone those come first, then the note (issue 22).
        st.caption(calibration_note(lang=lang()))
