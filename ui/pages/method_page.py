"""Method page: every formula, cut-off, table and citation the app uses.

Generated from the engine's constants (reports/method_tables.py) so numbers are never
retyped. Static page: no patient data is read or shown here. In the reader's language:
the page's words from the catalogue (knowledge/data/messages/method.yaml), the tables in
`lang()`; citations stay as published.
"""

import re

import streamlit as st

from knowledge.i18n import tr
from reports import method_tables as mt
from reports.wording import calibration_note, calibration_sources_md
from scoring import alden, classification, scorten, units
from scoring import scores as registry
from scoring.case import UNIT_AGREEMENT_RELATIVE
from ui.i18n import lang, say, t
from ui.widgets import disclaimer
from ui.widgets.alden_card import criterion_title


def _source(text: str) -> None:
    """A citation with links, at full contrast: a caption's faded links fall below 4.5:1
    (axe colour-contrast, issue 15)."""
    st.markdown(t("method.source", citation=text))


# The page's sections after the scores, in order (catalogue keys `method.section_<code>`);
# a contents list at the top links to each (issue 22: about 7,900 px with no way to jump).
SECTIONS: tuple[str, ...] = (
    "extent",
    "units",
    "limits",
    "alden",
    "drugs",
    "evidence",
    "conventions",
    "limitations",
)


def anchor(title: str) -> str:
    """The heading's id: 'ALDEN (drug causality)' -> 'alden-drug-causality'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def section_anchor(code: str) -> str:
    """A section's id from its English heading, so a link to it works in either language."""
    return anchor(tr(f"method.section_{code}", "en"))


def contents() -> list[tuple[str, str]]:
    """(heading, id) of every section, scores first, in the page's order."""
    scores = [(score.name, anchor(score.name)) for score in registry.SCORES]
    return scores + [(t(f"method.section_{code}"), section_anchor(code)) for code in SECTIONS]


def _header(code: str) -> None:
    st.header(t(f"method.section_{code}"), anchor=section_anchor(code))


language = lang()
st.title(t("method.title"))
disclaimer.show(method_page=True)
st.markdown(t("method.intro"))
st.markdown(
    t("method.contents") + " " + " · ".join(f"[{title}](#{slug})" for title, slug in contents())
)

for score, criteria_table in mt.score_tables(lang=language):
    st.header(score.name, anchor=anchor(score.name))
    _source(mt.linkify(score.reference))
    st.markdown(mt.score_intro(score, lang=language))
    if score is scorten.SCORTEN and language == "ko":
        st.caption(t("method.own_translation"))
    st.table(criteria_table, hide_index=True)
    formula = mt.formula_text(score, lang=language)
    if formula is None:
        st.warning(mt.no_mortality_text(score, lang=language), icon=":material/block:")
    else:
        st.subheader(t("method.predicted_mortality"))
        st.markdown(f"`{formula}`")
        st.table(mt.logistic_rows(score, lang=language), hide_index=True)
    if score.observed_bands:
        st.subheader(t("method.observed_mortality"))
        if score is scorten.SCORTEN:
            st.caption(t("method.derivation_cohort", n=mt.derivation_total()))
        st.table(mt.observed_rows(score, lang=language), hide_index=True)
    if score is scorten.SCORTEN:
        st.subheader(t("method.day3"))
        st.markdown(t("method.day3_text"))
        _source(mt.linkify(scorten.DAY3_REFERENCE))

_header("extent")
_source(mt.linkify(classification.REFERENCE))
st.table(mt.classification_rows(lang=language), hide_index=True)
st.markdown(say(classification.CAVEAT_TEXT))

_header("units")
st.table(mt.unit_rows(lang=language), hide_index=True)
st.markdown(say(units.BUN_IS_NITROGEN_NOTE_TEXT))
st.markdown(t("method.unit_agreement", pct=f"{UNIT_AGREEMENT_RELATIVE * 100:g}"))

_header("limits")
st.markdown(t("method.limits_text"))
st.table(mt.bounds_rows(lang=language), hide_index=True)

_header("alden")
_source(" ".join(mt.linkify(r) for r in alden.REFERENCES))
st.markdown(t("method.alden_index_day"))
for criterion, rows in (
    ("delay", mt.alden_delay_rows(lang=language)),
    ("presence", mt.alden_presence_rows(lang=language)),
    ("prechallenge", mt.alden_prechallenge_rows(lang=language)),
    ("dechallenge", mt.alden_dechallenge_rows(lang=language)),
    ("notoriety", mt.alden_notoriety_rows(lang=language)),
):
    st.subheader(criterion_title(criterion))
    st.table(rows, hide_index=True)
st.subheader(criterion_title("other_cause"))
st.markdown(mt.alden_other_cause_text(lang=language))
st.subheader(t("method.alden_categories"))
st.markdown(t("method.alden_final_score", min=alden.SCORE_MIN, max=alden.SCORE_MAX))
st.table(mt.alden_category_rows(lang=language), hide_index=True)

_header("drugs")
st.markdown(mt.drug_base_text(lang=language))
with st.expander(t("method.drug_sources")):
    st.table(mt.drug_source_rows(lang=language), hide_index=True)

_header("evidence")
st.markdown(mt.evidence_sections_text(lang=language))
st.table(mt.evidence_tier_rows(lang=language), hide_index=True)

_header("conventions")
for text in (
    mt.strict_cutoff_text(lang=language),
    mt.top_band_text(lang=language),
    *mt.score_conventions(lang=language),
    mt.alden_tie_text(lang=language),
    mt.alden_non_drug_text(lang=language),
    mt.alden_broken_drug_text(lang=language),
):
    st.markdown(f"- {text}")

_header("limitations")
st.markdown(
    f"- {calibration_note(lang=language)} {calibration_sources_md(lang=language)}\n"
    f"- {mt.adults_only_text(lang=language)}\n"
    f"- {t('method.limitation_knowledge_base')}\n"
    f"- {t('method.limitation_flags')}"
)
