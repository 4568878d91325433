"""Evidence page: tiers in words, MSC preclinical, thalidomide harmful, no experimental doses."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from knowledge.evidence import find_dose_text, load_evidence
from knowledge.evidence_search import search_terms
from ui.widgets.evidence_filters import first_with_matches
from ui.widgets.evidence_overview import CAUTION_TINT, HARMFUL_TINT, THERAPY_CATEGORIES

PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "evidence_page.py")
SECTIONS = [
    "Guideline-based supportive care",
    "Randomised evidence",
    "Observational",
    "Case reports",
    "Preclinical / experimental",
    "Harmful",
]


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not app.exception
    return app


def _tab(at: AppTest, title: str):
    """A tab by its tier title (its label adds the count: "Harmful · 1")."""
    return next(t for t in at.tabs if t.label.split(" · ")[0] == title)


def _text(block) -> str:
    parts = [m.value for m in block.markdown] + [c.value for c in block.caption]
    parts += [w.value for w in block.warning] + [e.value for e in block.error]
    return "\n".join(parts)


def _cards(block) -> list[str]:
    return [m.value[len("#### ") :] for m in block.markdown if m.value.startswith("#### ")]


def test_sections_are_the_tiers_in_words_with_their_counts(at: AppTest) -> None:
    base = load_evidence()
    counts = [len(entries) for _, entries in base.sections()]
    assert [t.label for t in at.tabs] == [
        f"{title} · {n}" for title, n in zip(SECTIONS, counts, strict=True)
    ]
    assert sum(counts) == len(base.entries)


def test_one_way_to_choose_a_tier(at: AppTest) -> None:
    # The tabs choose the tier; the old "Evidence tier" filter repeated them.
    assert [m.label for m in at.multiselect] == ["Category"]
    assert at.text_input(key="evidence_search").label == "Search all tiers"


def test_overview_table_has_one_row_per_entry_from_the_same_entries(at: AppTest) -> None:
    base = load_evidence()
    table = at.table[0].value
    assert list(table.columns) == [
        "Therapy or source",
        "Evidence",
        "Certainty",
        "Bottom line",
        "Date checked",
    ]
    in_tab_order = [e for _, entries in base.sections() for e in entries]
    # Therapies first (issue 22), each part in tab order; flagged rows say so by name.
    therapies = [e for e in in_tab_order if e.category in THERAPY_CATEGORIES]
    others = [e for e in in_tab_order if e.category not in THERAPY_CATEGORIES]
    names = table["Therapy or source"].tolist()
    assert [n.split(": ", 1)[-1] for n in names] == [e.name for e in therapies + others]
    assert names[0] == "Etanercept (randomised trial vs corticosteroids)"  # RCT tier first
    rows = table.set_index("Therapy or source")
    msc = rows.loc["Preclinical: Mesenchymal stem (stromal) cells"]
    assert msc["Evidence"] == "Preclinical — not for clinical use"
    assert msc["Bottom line"].startswith("Preclinical — not for clinical use")
    assert rows.loc["Experimental: JAK inhibitors"]["Evidence"].endswith(
        "Experimental — not guideline-recommended"
    )
    # A GRADE level first, who graded what after it in small type (a narrower cell).
    assert rows.loc["Systemic corticosteroids"]["Certainty"] == (
        "GRADE: Very low :small[(Cochrane 2022, corticosteroids vs no corticosteroids, mortality)]"
    )
    thalidomide = rows.loc["Harmful: Thalidomide"]
    assert thalidomide["Evidence"] == "Harmful · Randomised trial"
    assert thalidomide["Bottom line"].startswith("Harmful")
    assert thalidomide["Date checked"] == base.get("thalidomide").date_checked.isoformat()
    assert (
        rows.loc["Intravenous immunoglobulin (IVIG)"]["Bottom line"] == base.get("ivig").bottom_line
    )


def test_search_counts_matches_in_every_tab_and_lists_them_across_tiers(at: AppTest) -> None:
    at.text_input(key="evidence_search").input("MSC").run()
    assert not at.exception
    labels = [t.label for t in at.tabs]
    assert (
        labels[SECTIONS.index("Preclinical / experimental")]
        == "Preclinical / experimental · 1 of 2"
    )
    assert labels[0].startswith("Guideline-based supportive care · 0 of ")
    assert _cards(_tab(at, "Preclinical / experimental")) == ["Mesenchymal stem (stromal) cells"]
    listing = next(m.value for m in at.markdown if "across all tiers" in m.value)
    assert listing.startswith("**1 entry matches across all tiers:**")
    assert "Mesenchymal stem (stromal) cells — Preclinical — not for clinical use" in listing


def test_first_tab_with_a_match_is_the_one_that_opens() -> None:
    labels = ["A · 0 of 3", "B · 0 of 2", "C · 1 of 2", "D · 2 of 2"]
    assert first_with_matches(labels, [0, 0, 1, 2]) == "C · 1 of 2"
    assert first_with_matches(labels, [0, 0, 0, 0]) is None


def test_search_with_no_match_says_so(at: AppTest) -> None:
    at.text_input(key="evidence_search").input("zzzz-no-such-word").run()
    assert not at.exception
    assert any("No entry in any tier matches" in i.value for i in at.info)


def test_msc_is_labelled_preclinical_not_for_clinical_use(at: AppTest) -> None:
    tab = _tab(at, "Preclinical / experimental")
    assert "Mesenchymal stem (stromal) cells" in _cards(tab)
    text = _text(tab)
    assert "**Preclinical — not for clinical use.**" in text
    assert ":orange-badge[Preclinical — not for clinical use]" in text
    # The seed study in plain words: a humanised mouse model from a lamotrigine-SJS patient.
    assert "humanised mouse model" in text
    assert "lamotrigine-induced SJS" in text
    assert "ocular damage rarely occurred" in text
    # MSC is nowhere presented as a clinical option.
    for other in SECTIONS[:4]:
        assert "Mesenchymal" not in _text(_tab(at, other))


def test_thalidomide_is_shown_as_harmful_and_only_there(at: AppTest) -> None:
    tab = _tab(at, "Harmful")
    assert _cards(tab) == ["Thalidomide"]
    assert any(e.value.startswith("**Harmful · Randomised trial.**") for e in tab.error)
    assert "10 of 12 patients died" in _text(tab)
    assert "Thalidomide" not in _cards(_tab(at, "Randomised evidence"))


def test_no_dose_text_in_experimental_or_harmful_entries(at: AppTest) -> None:
    for title in ("Preclinical / experimental", "Harmful"):
        text = _text(_tab(at, title))
        assert find_dose_text(text) is None, title
        assert "Dose as tested" not in text


def test_citations_link_to_doi_and_pubmed(at: AppTest) -> None:
    text = _text(_tab(at, "Harmful"))
    assert (
        "[doi:10.1016/S0140-6736(98)02197-7](https://doi.org/10.1016/S0140-6736(98)02197-7)" in text
    )
    assert "[PMID 9843104](https://pubmed.ncbi.nlm.nih.gov/9843104/)" in text


def test_each_card_shows_certainty_gaps_date_checked_and_status(at: AppTest) -> None:
    text = _text(_tab(at, "Randomised evidence"))
    assert "**Certainty.** GRADE: Low (Cochrane 2022" in text
    assert "**Gaps**" in text
    assert "Date checked: " in text
    assert "Verified" in text


def test_below_guideline_tier_reads_as_association_never_instruction(at: AppTest) -> None:
    for title in SECTIONS[1:]:
        text = _text(_tab(at, title)).casefold()
        assert "treat with" not in text, title
    assert "associated with" in _text(_tab(at, "Observational"))


def test_filters_by_category_and_text(at: AppTest) -> None:
    at.multiselect(key="evidence_categories").set_value(["eye_care"]).run()  # shown: Eye care
    assert at.multiselect(key="evidence_categories").options == [
        "Supportive care",
        "Eye care",
        "Post-acute care and sequelae",
        "Systemic therapy",
        "Cell therapy",
    ]
    assert not at.exception
    assert _cards(_tab(at, "Observational")) == [
        "Amniotic membrane in acute SJS/TEN - long-term outcomes"
    ]
    at.multiselect(key="evidence_categories").set_value([]).run()
    at.text_input(key="evidence_search").input("cyclosporine").run()
    assert not at.exception
    cards = _cards(_tab(at, "Observational"))
    assert "Cyclosporine" in cards
    assert "Amniotic membrane in acute SJS/TEN - long-term outcomes" not in cards


def test_harmful_and_preclinical_rows_are_tinted_as_well_as_named(at: AppTest) -> None:
    styled = at.table[0].proto.arrow_data.styler.styles
    assert HARMFUL_TINT in styled and CAUTION_TINT in styled
    caption = next(c.value for c in at.caption if "therapies first" in c.value)
    assert "Harmful (red)" in caption and "Preclinical / Experimental (amber)" in caption


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ciclosporin", "Cyclosporine"),  # UK / INN spelling (issue 22)
        ("Ciclosporin", "Cyclosporine"),
        ("immunoglobulin", "Intravenous immunoglobulin (IVIG)"),
        ("IVIG", "Intravenous immunoglobulin (IVIG)"),
        ("TNF", "Etanercept (randomised trial vs corticosteroids)"),
        ("infliximab", "TNF inhibitors (etanercept, infliximab) - pooled case reports and series"),
    ],
)
def test_search_matches_spellings_and_names_and_the_table_follows(
    at: AppTest, typed: str, expected: str
) -> None:
    at.text_input(key="evidence_search").input(typed).run()
    assert not at.exception
    listing = next(m.value for m in at.markdown if "across all tiers" in m.value)
    assert f"- {expected} — " in listing
    table_names = [n.split(": ", 1)[-1] for n in at.table[0].value["Therapy or source"]]
    assert expected in table_names
    assert len(table_names) < len(load_evidence().entries)  # the table follows the search


def test_search_terms_join_a_synonym_group_only_from_three_letters() -> None:
    assert "cyclosporine" in search_terms("ciclo")
    assert "ciclosporin" in search_terms("cyclosporine a")
    assert search_terms("ci") == frozenset({"ci"})
    assert search_terms("eye") == frozenset({"eye"})


# --- differential diagnosis section (issue 11) ------------------------------------------


def test_differential_diagnosis_section_lists_every_mimic_with_sources(at: AppTest) -> None:
    from knowledge.differential import load_differential

    base = load_differential()
    assert any("Differential diagnosis" in h.value for h in at.header)
    labels = [e.label for e in at.expander]
    for entry in base.entries:
        assert entry.name in labels, entry.name
    captions = "\n".join(c.value for c in at.caption)
    assert "https://pubmed.ncbi.nlm.nih.gov/15550142/" in captions or (
        "https://doi.org/10.1111/j.1365-2230.2004.01649.x" in captions
    )
    warnings = "\n".join(w.value for w in at.warning)
    # The label appears exactly when an entry is unverified (GBFDE was verified against
    # Cho 2014 on 2026-11-30, so today none is).
    any_unverified = any(not base.is_verified(e) for e in base.entries)
    assert ("Partly unverified" in warnings) is any_unverified
