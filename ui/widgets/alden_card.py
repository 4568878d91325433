"""ALDEN results: a ranked summary table and one card per drug with its six criteria.

The category is always written in words; the badge colour is only a second cue. Every word
is in the reader's language: the engine's (criterion values and whys, notes, categories:
`label_text`, `explanation_text`, `note_texts`, `category_text`), the criterion titles the
Method page uses (`criterion_title`), the page's own (knowledge/data/messages/drugs_page.yaml).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from knowledge.drugs import korean_name
from scoring.alden import AldenResult, CriterionKey, DrugAssessment
from ui.i18n import lang, say, t
from ui.widgets.markdown_text import escape as _escape

# By category code (the engine's category with "_" for " ", as its catalogue keys).
CATEGORY_COLOURS: dict[str, str] = {
    "very_probable": "red",
    "probable": "orange",
    "possible": "yellow",
    "unlikely": "blue",
    "very_unlikely": "gray",
}


def criterion_title(key: CriterionKey | str) -> str:
    """An ALDEN criterion's numbered title ("1. Delay from first intake to the index day"),
    as the Method page heads it: one wording for both pages."""
    return t(f"method.alden_{key}")


def drug_label(assessment: DrugAssessment) -> str:
    """The name as entered, with the generic when it differs ("Lamictal → lamotrigine"); in
    Korean, the generic's Korean name beside it unless the name was typed in Korean
    ("Lamictal → lamotrigine (라모트리진)", "라모트리진 → lamotrigine")."""
    generic = assessment.normalized_name
    korean = korean_name(generic) if lang() == "ko" and assessment.known else None
    if korean and not _hangul(assessment.name):
        if generic == assessment.name.lower():
            return f"{assessment.name} ({korean})"
        return f"{assessment.name} → {generic} ({korean})"
    if generic and generic != assessment.name.lower():
        return f"{assessment.name} → {generic}"
    return assessment.name


def _hangul(text: str) -> bool:
    return any("가" <= char <= "힣" for char in text)


def ranking_rows(result: AldenResult) -> list[dict[str, Any]]:
    return [
        {
            t("drugs_page.col_rank"): rank,
            t("drugs_page.col_drug"): _escape(drug_label(a)),
            t("drugs_page.col_score"): a.score,
            t("drugs_page.col_causality"): say(a.category_text),
        }
        for rank, a in enumerate(result.drugs, start=1)
    ]


def criteria_rows(assessment: DrugAssessment) -> list[dict[str, Any]]:
    return [
        {
            t("drugs_page.col_criterion"): criterion_title(c.key),
            t("drugs_page.col_value"): say(c.label_text),
            t("drugs_page.col_points"): f"{c.points:+d}" if c.points else "0",
            t("drugs_page.col_why"): say(c.explanation_text),
        }
        for c in assessment.criteria
    ]


def show_card(assessment: DrugAssessment, rank: int) -> None:
    category = say(assessment.category_text)
    with st.container(border=True):
        head, badge = st.columns([4, 1])
        head.markdown(
            t(
                "drugs_page.card_title",
                rank=rank,
                drug=_escape(drug_label(assessment)),
                score=assessment.score,
                category=category,
            )
        )
        with badge:
            colour = CATEGORY_COLOURS.get(assessment.category.replace(" ", "_"), "gray")
            st.badge(category, color=colour)
        for note in assessment.note_texts:
            st.caption(_escape(say(note)))
        with st.expander(
            t(
                "drugs_page.card_why",
                score=assessment.score,
                intermediate=assessment.intermediate_score,
            )
        ):
            st.table(criteria_rows(assessment), hide_index=True)


def show(result: AldenResult) -> None:
    """Ranked table, then one card per drug, highest score first."""
    st.table(ranking_rows(result), hide_index=True)
    for rank, assessment in enumerate(result.drugs, start=1):
        show_card(assessment, rank)
