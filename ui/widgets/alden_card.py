"""ALDEN results: a ranked summary table and one card per drug with its six criteria.

The category is always written in words; the badge colour is only a second cue.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from scoring.alden import AldenResult, DrugAssessment
from ui.widgets.markdown_text import escape as _escape

CRITERION_TITLES: dict[str, str] = {
    "delay": "1. Delay from first intake to the index day",
    "presence": "2. Drug present in the body on the index day",
    "prechallenge": "3. Prechallenge / rechallenge",
    "dechallenge": "4. Dechallenge",
    "notoriety": "5. Type of drug (notoriety)",
    "other_cause": "6. Other cause",
}
CATEGORY_COLOURS: dict[str, str] = {
    "very probable": "red",
    "probable": "orange",
    "possible": "yellow",
    "unlikely": "blue",
    "very unlikely": "gray",
}


def drug_label(assessment: DrugAssessment) -> str:
    """The name as entered, with the generic when it differs ("Lamictal → lamotrigine")."""
    if assessment.normalized_name and assessment.normalized_name != assessment.name.lower():
        return f"{assessment.name} → {assessment.normalized_name}"
    return assessment.name


def ranking_rows(result: AldenResult) -> list[dict[str, Any]]:
    return [
        {
            "Rank": rank,
            "Drug": _escape(drug_label(a)),
            "ALDEN score": a.score,
            "Causality": a.category,
        }
        for rank, a in enumerate(result.drugs, start=1)
    ]


def criteria_rows(assessment: DrugAssessment) -> list[dict[str, Any]]:
    return [
        {
            "Criterion": CRITERION_TITLES.get(c.key, c.key),
            "Value": c.label,
            "Points": f"{c.points:+d}" if c.points else "0",
            "Why": c.explanation,
        }
        for c in assessment.criteria
    ]


def show_card(assessment: DrugAssessment, rank: int) -> None:
    with st.container(border=True):
        head, badge = st.columns([4, 1])
        head.markdown(
            f"**{rank}. {_escape(drug_label(assessment))}**: ALDEN **{assessment.score}**, "
            f"{assessment.category}"
        )
        with badge:
            st.badge(assessment.category, color=CATEGORY_COLOURS.get(assessment.category, "gray"))
        for note in assessment.notes:
            st.caption(_escape(note))
        with st.expander(
            f"Why {assessment.score}: the six criteria "
            f"(criteria 1-5 sum to {assessment.intermediate_score})"
        ):
            st.table(criteria_rows(assessment), hide_index=True)


def show(result: AldenResult) -> None:
    """Ranked table, then one card per drug, highest score first."""
    st.table(ranking_rows(result), hide_index=True)
    for rank, assessment in enumerate(result.drugs, start=1):
        show_card(assessment, rank)
