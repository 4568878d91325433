"""Evidence page: tiers in words, MSC preclinical, thalidomide harmful, no experimental doses."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from knowledge.evidence import find_dose_text

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
    return next(t for t in at.tabs if t.label == title)


def _text(block) -> str:
    parts = [m.value for m in block.markdown] + [c.value for c in block.caption]
    parts += [w.value for w in block.warning] + [e.value for e in block.error]
    return "\n".join(parts)


def _cards(block) -> list[str]:
    return [m.value[len("#### ") :] for m in block.markdown if m.value.startswith("#### ")]


def test_sections_are_the_tiers_in_words(at: AppTest) -> None:
    assert [t.label for t in at.tabs] == SECTIONS


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


def test_filters_by_tier_category_and_text(at: AppTest) -> None:
    at.multiselect(key="evidence_tiers").set_value(["Observational"]).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Observational"]
    at.multiselect(key="evidence_categories").set_value(["Eye care"]).run()
    assert not at.exception
    assert _cards(at.tabs[0]) == ["Amniotic membrane in acute SJS/TEN - long-term outcomes"]
    at.multiselect(key="evidence_categories").set_value([]).run()
    at.text_input(key="evidence_search").input("cyclosporine").run()
    assert not at.exception
    cards = _cards(at.tabs[0])
    assert "Cyclosporine" in cards
    assert "Amniotic membrane in acute SJS/TEN - long-term outcomes" not in cards


def test_no_tier_chosen_says_so(at: AppTest) -> None:
    at.multiselect(key="evidence_tiers").set_value([]).run()
    assert not at.exception
    assert any("Choose at least one evidence tier" in i.value for i in at.info)


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
