"""The Evidence page's search words (knowledge/evidence_search.py): English spellings and
names, and Korean terms of the glossary that find the English entries (issue 23)."""

from __future__ import annotations

import pytest

from knowledge.evidence import load_evidence
from knowledge.evidence_search import english_of_korean, entry_matches, search_terms


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("시클로스포린", {"ciclosporin", "cyclosporine", "cyclosporin"}),  # MFDS (nedrug)
        ("사이클로스포린", {"ciclosporin", "cyclosporine", "cyclosporin"}),
        ("싸이클로스포린", {"ciclosporin", "cyclosporine", "cyclosporin"}),
        ("면역글로불린", {"intravenous immunoglobulin", "ivig", "immunoglobulin"}),
        ("정맥내 면역글로불린", {"intravenous immunoglobulin", "ivig", "immunoglobulin"}),
        ("스테로이드", {"corticosteroid", "corticosteroids", "steroid", "steroids"}),
        ("인플릭시맙", {"infliximab"}),
        ("혈장교환술", {"plasmapheresis", "plasma exchange"}),
    ],
)
def test_a_korean_term_stands_for_its_english_words(korean: str, english: set[str]) -> None:
    assert english_of_korean(korean) == english


def test_korean_spacing_and_a_begun_word_still_find_the_term() -> None:
    assert english_of_korean("면역 글로불린") == english_of_korean("면역글로불린")
    assert "cyclosporine" in english_of_korean("시클로")  # two syllables begin a word
    assert english_of_korean("시") == frozenset()  # one is not enough
    assert english_of_korean("ciclosporin") == frozenset()  # not Korean
    assert english_of_korean("없는말") == frozenset()


def test_korean_words_join_the_english_synonym_groups() -> None:
    assert search_terms("시클로스포린") == {
        "시클로스포린",
        "ciclosporin",
        "ciclosporine",
        "cyclosporin",
        "cyclosporine",
    }
    assert {"ivig", "immune globulin", "immunoglobulins"} <= search_terms("면역글로불린")
    assert {"tnf", "etanercept"} <= search_terms("인플릭시맵")


def test_english_search_words_are_unchanged() -> None:
    assert "cyclosporine" in search_terms("ciclo")
    assert "ciclosporin" in search_terms("cyclosporine a")
    assert search_terms("ci") == frozenset({"ci"})
    assert search_terms("eye") == frozenset({"eye"})


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("시클로스포린", "cyclosporine"),
        ("면역글로불린", "ivig"),
        ("스테로이드", "corticosteroids"),
        ("양막", "eye_amt_longterm_2020"),  # only in the entry's Korean text
        ("중간엽", "msc"),
    ],
)
def test_a_korean_search_finds_the_entry(typed: str, found: str) -> None:
    base = load_evidence()
    assert entry_matches(base.get(found), typed)
    assert not entry_matches(base.get("thalidomide"), typed)
