"""One evidence entry as a card: labels in words, what the source is and found, certainty,
gaps, citations with DOI/PubMed links, date checked and verification status.

Tone (design.md): below guideline tier the card reports associations, never instructions;
experimental and preclinical entries never show a dose; harm is said first.

Language (issue 23): the labels and headings come from the catalogue, the entry's own text
from its `ko` block (`knowledge.i18n.localized`); with "원문 보기" on, the English original
follows each Korean text, so every statement stays checkable against its source. Citations
stay as published; only their notes (the project's words) are translated.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from knowledge.citations import Citation
from knowledge.evidence import (
    EXPERIMENTAL_KEY,
    HARMFUL_KEY,
    ONGOING_KEY,
    EvidenceEntry,
    Tier,
    label_key,
)
from knowledge.i18n import localized
from ui.i18n import lang, show_original, t

# Colour is a second cue only; every badge carries its label in words.
LABEL_COLOURS: dict[str, str] = {
    HARMFUL_KEY: "red",
    EXPERIMENTAL_KEY: "orange",
    ONGOING_KEY: "gray",
    label_key("tier", Tier.GUIDELINE): "green",
    label_key("tier", Tier.RCT): "blue",
    label_key("tier", Tier.OBSERVATIONAL): "violet",
    label_key("tier", Tier.CASE_SERIES): "gray",
    label_key("tier", Tier.PRECLINICAL): "orange",
}


def plain(text: str) -> str:
    """Curated text for markdown: '$' would start LaTeX."""
    return text.replace("$", "\\$")


def citation_markdown(citation: Citation, note: str | None = None) -> str:
    """The citation as published, its links, and its note (`note`: the note as shown)."""
    links = " · ".join(f"[{label}]({url})" for label, url in citation.links.items())
    shown = note if note is not None else citation.note
    note_text = f" ({plain(shown)})" if shown else ""
    return f"{plain(citation.text)}{note_text} {links}"


def _note(entry: EvidenceEntry, citation: Citation) -> str | None:
    """A citation's note in the reader's language, its English after it on request."""
    note = entry.citation_note_in(citation, lang())
    if note and citation.note and note != citation.note and show_original():
        return f"{note} {t('evidence_page.original', text=citation.note)}"
    return note


def _citations(entry: EvidenceEntry, citations: tuple[Citation, ...]) -> str:
    return "\n".join(f"- {citation_markdown(c, _note(entry, c))}" for c in citations)


def _original(english: str | tuple[str, ...] | None, shown: str | Sequence[str]) -> None:
    """The English original below the Korean `shown`, when the reader asked for it
    ("원문 보기"); nothing when the text shown is the English itself."""
    if not show_original() or not english:
        return
    if isinstance(english, tuple):
        if tuple(shown) == english:
            return
        text = "\n" + "\n".join(f"- {plain(item)}" for item in english)
    elif shown == english:
        return
    else:
        text = plain(english)
    st.caption(t("evidence_page.original", text=text))


def _paragraph(entry: EvidenceEntry, title_key: str, field: str) -> None:
    """A titled text of the entry in the reader's language, its original on request."""
    shown = localized(entry, field, lang())
    st.markdown(f"**{t(title_key)}** {plain(shown)}")
    _original(getattr(entry, field), shown)


def _banner(entry: EvidenceEntry) -> None:
    label = entry.label_in(lang())
    if entry.harmful:
        note = t("evidence_page.card.harm_note")
        st.error(f"**{label}.** {note}", icon=":material/dangerous:")
    elif entry.is_experimental_or_preclinical:
        note = t("evidence_page.card.experimental_note")
        st.warning(f"**{label}.** {note}", icon=":material/science:")
    elif entry.tier is not Tier.GUIDELINE:
        st.caption(t("evidence_page.card.association_note"))


def badges_markdown(entry: EvidenceEntry) -> str:
    """Labels as inline badges: the words carry the meaning, the colour repeats it."""
    labels = [f":{LABEL_COLOURS.get(key, 'gray')}-badge[{t(key)}]" for key in entry.label_keys]
    return " ".join([*labels, f":gray-badge[{t(label_key('category', entry.category))}]"])


def _list(entry: EvidenceEntry, title_key: str, field: str) -> None:
    english: tuple[str, ...] = getattr(entry, field)
    if english:
        items = localized(entry, field, lang())
        st.markdown(f"**{t(title_key)}**\n" + "\n".join(f"- {plain(i)}" for i in items))
        _original(english, items)


RELATED_FIELDS = ("related_names", "related_designs", "related_findings")


def _related(entry: EvidenceEntry) -> None:
    reports = entry.related_reports
    if not reports:
        return
    shown = zip(*(localized(entry, field, lang()) for field in RELATED_FIELDS), strict=True)
    with st.expander(t("evidence_page.card.related", count=len(reports))):
        for report, (name, design, findings) in zip(reports, shown, strict=True):
            st.markdown(
                f"**{plain(name)}**\n\n"
                f"*{t('evidence_page.card.design')}* {plain(design)}\n\n"
                f"*{t('evidence_page.card.findings')}* {plain(findings)}\n\n"
                + _citations(entry, report.citations)
            )
            _original((report.name, report.design, report.findings), (name, design, findings))


def _certainty(entry: EvidenceEntry) -> None:
    certainty = entry.certainty
    note = localized(entry, "certainty_note", lang())
    reason = f" {plain(note)}" if note else ""
    label = entry.certainty_label_in(lang())
    st.markdown(f"**{t('evidence_page.card.certainty')}** {label}.{reason}")
    english_reason = f" {plain(certainty.note)}" if certainty.note else ""
    _original(f"{certainty.label}.{english_reason}", f"{label}.{reason}")


def show(entry: EvidenceEntry) -> None:
    with st.container(border=True):
        name = localized(entry, "name", lang())
        st.markdown(f"#### {plain(name)}")
        _original(entry.name, name)
        st.markdown(badges_markdown(entry))
        _banner(entry)
        _paragraph(entry, "evidence_page.card.summary", "summary")
        _paragraph(entry, "evidence_page.card.effect", "effect")
        # The model forbids doses on experimental entries; the check here keeps the page
        # safe even if that rule were relaxed.
        if entry.dose and not entry.is_experimental_or_preclinical and not entry.harmful:
            _paragraph(entry, "evidence_page.card.dose", "dose")
        _certainty(entry)
        _list(entry, "evidence_page.card.gaps", "gaps")
        _list(entry, "evidence_page.card.conflicts", "conflicts")
        _related(entry)
        st.markdown(f"**{t('evidence_page.card.sources')}**\n" + _citations(entry, entry.citations))
        verified = "verified" if entry.verified else "not_verified"
        st.caption(
            t(
                "evidence_page.card.date_line",
                date=entry.date_checked.isoformat(),
                status=t(f"evidence_page.card.{verified}"),
                how=t(f"evidence_page.card.check_method.{entry.check_method}"),
            )
        )
        with st.expander(t("evidence_page.card.how_checked")):
            check_note = localized(entry, "check_note", lang())
            st.markdown(plain(check_note))
            _original(entry.check_note, check_note)
