"""Provenance of the guideline statements behind the Next steps panel."""

from __future__ import annotations

import re
from typing import get_args

from knowledge.guidelines import VerifiedIn, default_statements
from knowledge.i18n import catalogue, entry_check_is_current

DOI_OR_PMID = re.compile(r"doi:10\.\d{4,}/\S+|PMID \d+")


def test_every_kind_of_verification_has_a_label() -> None:
    labelled = {
        key.removeprefix("next_steps.verified.") for key in catalogue().keys("next_steps.verified.")
    }
    assert set(get_args(VerifiedIn)) == labelled


def test_every_source_is_traceable() -> None:
    # Papers carry a DOI or PMID; agency pages (no DOI) carry their address and read date.
    statements = default_statements()
    for key, source in statements.sources.items():
        citation = " ".join(source.citation.split())
        web_page = any(
            s.verified_in in ("agency_page", "society_page")
            for s in statements.statements
            if s.source == key
        )
        if web_page:
            assert "https://" in citation and re.search(r"\(read 2026-1[12]-\d\d\)", citation), key
        else:
            assert DOI_OR_PMID.search(citation), key


def test_agency_pages_are_never_labelled_guideline_text() -> None:
    statements = default_statements()
    agency = {s.id for s in statements.statements if s.verified_in == "agency_page"}
    assert agency == {
        "report_uk_yellowcard",
        "report_us_medwatch",
        "report_kr_kaers",
        "report_kr_relief",
        "report_jp_pmda",
    }
    for s in statements.statements:
        if s.id in agency:
            assert s.grade == "Agency page (not a guideline recommendation)"


def test_children_summary_is_the_plain_language_article_not_the_guideline() -> None:
    statements = default_statements()
    summary = statements.get("children_infection")
    assert summary.verified_in == "plain_language_summary"
    assert "10.1111/bjd.18062" in statements.citation(summary)
    scope = statements.get("children_scope")
    assert "10.1111/bjd.17841" in statements.citation(scope)


def test_society_and_review_sources_are_labelled_as_what_they_are() -> None:
    statements = default_statements()
    kinds = {s.id: s.verified_in for s in statements.statements}
    assert {i for i, k in kinds.items() if k == "society_page"} == {
        "ashm_all_drugs_suspect",
        "ashm_supportive_measures",
        "ashm_no_prophylactic_antibiotics",
    }
    assert {i for i, k in kinds.items() if k == "review_text"} == {
        "eye_within_24h_review",
        "vulvovaginal_expert_care",
    }
    for s in statements.statements:
        if s.verified_in == "society_page":
            assert s.grade == "Society guidance page (no grade stated in the text read)"
        if s.source == "delphi2023_postacute":
            assert s.grade.startswith("Delphi consensus: rated appropriate, median ")
            assert s.section.startswith("Table 1")


def test_every_grade_has_korean_with_a_current_reading_of_both_languages() -> None:
    """Issue 23: each statement's grade is in Korean beside the English, and a second reader's
    record (`ko_checked`) matches the English and the Korean as they are now."""
    statements = default_statements().statements
    assert len(statements) == 42
    unread = [
        s.id
        for s in statements
        if not s.ko
        or set(s.ko) != {"grade"}
        or s.ko_checked is None
        or s.ko_checked.ko_sha is None
        or not entry_check_is_current(s)
    ]
    assert unread == [], f"read the Korean grade against the English and record it: {unread}"


def test_the_bad_grading_words_are_the_korean_term_for_strength_of_recommendation() -> None:
    for s in default_statements().statements:
        if s.grade.startswith("Strength of recommendation "):
            letter = s.grade.removeprefix("Strength of recommendation ")
            assert s.ko == {"grade": f"권고 강도 {letter}"}, s.id
