"""Method page: every formula, cut-off, table and citation the app uses.

Generated from the engine's constants (reports/method_tables.py) so numbers are never
retyped. Static page: no patient data is read or shown here.
"""

import re

import streamlit as st

from reports import method_tables as mt
from reports.wording import CALIBRATION_NOTE, CALIBRATION_SOURCES_MD
from scoring import alden, classification, scorten, units
from scoring import scores as registry
from scoring.case import UNIT_AGREEMENT_RELATIVE
from ui.widgets import disclaimer


def _source(text: str) -> None:
    """A citation with links, at full contrast: a caption's faded links fall below 4.5:1
    (axe colour-contrast, issue 15)."""
    st.markdown(f"Source: {text}")


# The page's sections, in order: a contents list at the top links to each (issue 22: about
# 7,900 px with no way to jump).
SECTIONS: tuple[str, ...] = (
    *(score.name for score in registry.SCORES),
    "Extent of detachment",
    "Units",
    "Plausibility limits",
    "ALDEN (drug causality)",
    "Drug knowledge base and flags",
    "Evidence tiers",
    "Conventions where sources disagree",
    "Limitations",
)


def anchor(title: str) -> str:
    """The heading's id: 'ALDEN (drug causality)' -> 'alden-drug-causality'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _header(title: str) -> None:
    st.header(title, anchor=anchor(title))


st.title("Method")
disclaimer.show(method_page=True)
st.markdown(
    "This page lists the rules behind every number the app shows, generated from the same "
    "constants the calculations use. **The app supports and does not replace a clinician's "
    "judgement.** In the words of the FDA guidance on clinical decision support software "
    "(28 Sep 2022, criterion 4), the basis of each result is shown so that a clinician can "
    "independently review it and does not rely primarily on the software."
)
st.markdown("**Contents:** " + " · ".join(f"[{title}](#{anchor(title)})" for title in SECTIONS))

for score, criteria_table in mt.score_tables():
    _header(score.name)
    _source(mt.linkify(score.reference))
    st.markdown(mt.score_intro(score))
    st.table(criteria_table, hide_index=True)
    formula = mt.formula_text(score)
    if formula is None:
        st.warning(mt.no_mortality_text(score), icon=":material/block:")
    else:
        st.subheader("Predicted mortality")
        st.markdown(f"`{formula}`")
        st.table(mt.logistic_rows(score), hide_index=True)
    if score.observed_bands:
        st.subheader("Observed mortality in the derivation cohort")
        if score is scorten.SCORTEN:
            st.caption(
                f"n = {mt.derivation_total()} patients (Henri-Mondor hospital, Créteil, "
                "France); counts reproduce both the published percentages and the 95 % "
                "confidence intervals."
            )
        st.table(mt.observed_rows(score), hide_index=True)
    if score is scorten.SCORTEN:
        st.subheader("Day 3")
        st.markdown(
            "SCORTEN is recomputed on day 3 with the same formula; its discrimination was "
            "best on day 3 of the first five days."
        )
        _source(mt.linkify(scorten.DAY3_REFERENCE))

_header("Extent of detachment")
_source(mt.linkify(classification.REFERENCE))
st.table(mt.classification_rows(), hide_index=True)
st.markdown(classification.CAVEAT)

_header("Units")
st.table(mt.unit_rows(), hide_index=True)
st.markdown(units.BUN_IS_NITROGEN_NOTE)
st.markdown(
    f"When both units of one analyte are given they must agree within "
    f"{UNIT_AGREEMENT_RELATIVE * 100:g} % (measured on the mmol/L values); otherwise the record "
    "is an error."
)

_header("Plausibility limits")
st.markdown(
    "A value no living patient can have is an **error**: no score is given and the message "
    "names the field. A possible but suspicious value is a **warning**: the score is given "
    "and the warning shown beside it."
)
st.table(mt.bounds_rows(), hide_index=True)

_header("ALDEN (drug causality)")
_source(" ".join(mt.linkify(r) for r in alden.REFERENCES))
st.markdown(
    "Scored per drug against the **index day**: the first day of skin or mucosal signs "
    "(not the day of admission or diagnosis, not a day of prodromal fever). "
    "Delay = index day − first intake, in calendar days."
)
for title, rows in (
    ("1. Delay from first intake to the index day", mt.alden_delay_rows()),
    ("2. Drug present in the body on the index day", mt.alden_presence_rows()),
    ("3. Prechallenge / rechallenge", mt.alden_prechallenge_rows()),
    ("4. Dechallenge", mt.alden_dechallenge_rows()),
    ("5. Type of drug (notoriety)", mt.alden_notoriety_rows()),
):
    st.subheader(title)
    st.table(rows, hide_index=True)
st.subheader("6. Other cause")
st.markdown(mt.alden_other_cause_text())
st.subheader("Categories")
st.markdown(
    f"Final score = sum of criteria 1-6, from {alden.SCORE_MIN} to {alden.SCORE_MAX}; "
    "the category is taken from the final score."
)
st.table(mt.alden_category_rows(), hide_index=True)

_header("Drug knowledge base and flags")
st.markdown(mt.drug_base_text())
with st.expander("Sources of the drug knowledge base"):
    st.table(mt.drug_source_rows(), hide_index=True)

_header("Evidence tiers")
st.markdown(mt.evidence_sections_text())
st.table(mt.evidence_tier_rows(), hide_index=True)

_header("Conventions where sources disagree")
for text in (
    mt.strict_cutoff_text(),
    mt.top_band_text(),
    *mt.score_conventions(),
    mt.alden_tie_text(),
    mt.alden_non_drug_text(),
    mt.alden_broken_drug_text(),
):
    st.markdown(f"- {text}")

_header("Limitations")
st.markdown(
    f"- {CALIBRATION_NOTE} {CALIBRATION_SOURCES_MD}\n"
    f"- {mt.adults_only_text()}\n"
    "- ALDEN's notoriety and half-life values come from a curated knowledge base; entries "
    "not confirmed in the primary source are marked unverified where they are shown.\n"
    "- Flags (high-risk drugs, lamotrigine with valproate, HLA notes) are information from "
    "labels and guidelines; they never change a score."
)
