"""One evidence entry as a card: labels in words, what the source is and found, certainty,
gaps, citations with DOI/PubMed links, date checked and verification status.

Tone (design.md): below guideline tier the card reports associations, never instructions;
experimental and preclinical entries never show a dose; harm is said first.
"""

from __future__ import annotations

import streamlit as st

from knowledge.citations import Citation
from knowledge.evidence import (
    EXPERIMENTAL_LABEL,
    HARMFUL_LABEL,
    ONGOING_LABEL,
    TIER_LABELS,
    EvidenceEntry,
    RelatedReport,
    Tier,
)

# Colour is a second cue only; every badge carries its label in words.
LABEL_COLOURS: dict[str, str] = {
    HARMFUL_LABEL: "red",
    EXPERIMENTAL_LABEL: "orange",
    ONGOING_LABEL: "gray",
    TIER_LABELS[Tier.GUIDELINE]: "green",
    TIER_LABELS[Tier.RCT]: "blue",
    TIER_LABELS[Tier.OBSERVATIONAL]: "violet",
    TIER_LABELS[Tier.CASE_SERIES]: "gray",
    TIER_LABELS[Tier.PRECLINICAL]: "orange",
}
HARM_NOTE = (
    "Harmful: the cited evidence associates this therapy with worse outcomes. "
    "It is listed as a warning, not as an option."
)
EXPERIMENTAL_NOTE = (
    "Not a recommendation: no guideline supports this therapy, and no dose is shown for "
    "experimental or preclinical therapies."
)
ASSOCIATION_NOTE = (
    "An evidence summary, not a recommendation: the outcomes below were associated with "
    "the therapy in the cited studies."
)
CHECK_METHOD_WORDS: dict[str, str] = {
    "lookup": "re-checked against the source",
    "reference_notes": "transcribed from the project's reference notes",
}


def plain(text: str) -> str:
    """Curated text for markdown: '$' would start LaTeX."""
    return text.replace("$", "\\$")


def citation_markdown(citation: Citation) -> str:
    links = " · ".join(f"[{label}]({url})" for label, url in citation.links.items())
    note = f" ({plain(citation.note)})" if citation.note else ""
    return f"{plain(citation.text)}{note} {links}"


def _banner(entry: EvidenceEntry) -> None:
    if entry.harmful:
        st.error(f"**{entry.label}.** {HARM_NOTE}", icon=":material/dangerous:")
    elif entry.is_experimental_or_preclinical:
        st.warning(f"**{entry.label}.** {EXPERIMENTAL_NOTE}", icon=":material/science:")
    elif entry.tier is not Tier.GUIDELINE:
        st.caption(ASSOCIATION_NOTE)


def badges_markdown(entry: EvidenceEntry) -> str:
    """Labels as inline badges: the words carry the meaning, the colour repeats it."""
    labels = [f":{LABEL_COLOURS.get(label, 'gray')}-badge[{label}]" for label in entry.labels]
    return " ".join([*labels, f":gray-badge[{entry.category_label}]"])


def _list(title: str, items: tuple[str, ...]) -> None:
    if items:
        st.markdown(f"**{title}**\n" + "\n".join(f"- {plain(i)}" for i in items))


def _related(reports: tuple[RelatedReport, ...]) -> None:
    if not reports:
        return
    with st.expander(f"Related reports and trials ({len(reports)})"):
        for report in reports:
            st.markdown(
                f"**{plain(report.name)}**\n\n"
                f"*Design:* {plain(report.design)}\n\n"
                f"*Findings:* {plain(report.findings)}\n\n"
                + "\n".join(f"- {citation_markdown(c)}" for c in report.citations)
            )


def show(entry: EvidenceEntry) -> None:
    with st.container(border=True):
        st.markdown(f"#### {plain(entry.name)}")
        st.markdown(badges_markdown(entry))
        _banner(entry)
        st.markdown(f"**What the source is.** {plain(entry.summary)}")
        st.markdown(f"**What it found (numbers as stated).** {plain(entry.effect)}")
        # The model forbids doses on experimental entries; the check here keeps the page
        # safe even if that rule were relaxed.
        if entry.dose and not entry.is_experimental_or_preclinical and not entry.harmful:
            st.markdown(f"**Dose as tested in the cited study (not a recommendation).** "
                        f"{plain(entry.dose)}")  # fmt: skip
        certainty = entry.certainty
        reason = f" {plain(certainty.note)}" if certainty.note else ""
        st.markdown(f"**Certainty.** {certainty.label}.{reason}")
        _list("Gaps", entry.gaps)
        _list("Conflicting evidence", entry.conflicts)
        _related(entry.related_reports)
        st.markdown(
            "**Sources**\n" + "\n".join(f"- {citation_markdown(c)}" for c in entry.citations)
        )
        status = "Verified" if entry.verified else "Not fully verified"
        how = CHECK_METHOD_WORDS.get(entry.check_method, entry.check_method)
        st.caption(f"Date checked: {entry.date_checked.isoformat()} · {status} ({how}).")
        with st.expander("How this was checked"):
            st.markdown(plain(entry.check_note))
