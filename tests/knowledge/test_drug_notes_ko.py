"""The Korean beside drugs.yaml's shown notes: complete, same shape, same numbers and alleles,
citations as published; the English untouched (knowledge/drugs.py `WithKorean`)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from knowledge.drugs import (
    DrugEntry,
    HalfLife,
    HlaAssociation,
    WithKorean,
    default_catalogue,
    parse_catalogue,
)
from knowledge.i18n import entry_fingerprint, localized
from knowledge.loading import KnowledgeError, load_yaml

CATALOGUE = default_catalogue()
HLA_ROWS = [(e.name, row) for e in CATALOGUE.entries for row in e.hla]
HALF_LIVES = [(e, e.half_life) for e in CATALOGUE.entries if e.half_life is not None]
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ALLELE = re.compile(r"[A-Z]+\d?\*\d{2}:?\d{2}")
CPIC_CITATION = re.compile(r"^.*?Clin Pharmacol Ther \d{4};\d+:\d+-\d+")
STUDY = re.compile(r"\b[A-Z][A-Za-z]+ (?:19|20)\d{2}(?!\d)")  # "Park 2016", "ACR 2020"


def _translated(item: WithKorean) -> list[str]:
    """The fields of an item that have English to translate."""
    return [name for name in item.TRANSLATED if getattr(item, name) is not None]


def _needs_korean(entry: DrugEntry, half_life: HalfLife) -> bool:
    # A substance that is the drug's own name (an INN, shown as it is) has nothing to translate.
    return half_life.substance != entry.name


def test_every_hla_row_has_korean_for_every_shown_field() -> None:
    assert len(HLA_ROWS) == 15
    missing = [
        f"{drug} {row.allele}: {name}"
        for drug, row in HLA_ROWS
        for name in _translated(row)
        if name not in (row.ko or {})
    ]
    assert missing == []


def test_every_half_life_substance_beyond_the_drug_name_has_korean() -> None:
    needing = [(e, h) for e, h in HALF_LIVES if _needs_korean(e, h)]
    assert len(needing) == 23
    assert [e.name for e, h in needing if "substance" not in (h.ko or {})] == []
    # and none is written where the substance is only the drug's name
    assert [e.name for e, h in HALF_LIVES if not _needs_korean(e, h) and h.ko] == []


def _pairs() -> list[tuple[str, str, str]]:
    """(where, English, Korean) for every translated text of the file."""
    items: list[tuple[str, WithKorean]] = [(f"{d} {r.allele}", r) for d, r in HLA_ROWS]
    items += [(f"{e.name} half_life", h) for e, h in HALF_LIVES]
    return [
        (f"{where}.{name}", str(getattr(item, name)), str(korean))
        for where, item in items
        for name, korean in (item.ko or {}).items()
    ]


def test_korean_keeps_every_number_and_allele_of_the_english() -> None:
    different = [
        where
        for where, english, korean in _pairs()
        if Counter(NUMBER.findall(english)) != Counter(NUMBER.findall(korean))
        or Counter(ALLELE.findall(english)) != Counter(ALLELE.findall(korean))
    ]
    assert different == []


def test_korean_is_korean_and_keeps_odds_ratios_and_studies_as_published() -> None:
    for where, english, korean in _pairs():
        if english != "SJS/TEN" and not CPIC_CITATION.fullmatch(english):
            assert re.search(r"[가-힣]", korean), where
        assert english.count("OR ") == korean.count("OR "), where
        assert Counter(STUDY.findall(english)) == Counter(STUDY.findall(korean)), where


def test_guideline_citations_stay_as_published() -> None:
    rows = [row for _, row in HLA_ROWS if row.guideline]
    assert len(rows) == 6
    for row in rows:
        citation = CPIC_CITATION.match(row.guideline or "")
        assert citation is not None, row.allele
        assert str((row.ko or {})["guideline"]).startswith(citation.group(0))


def test_localized_gives_the_korean_when_asked_and_the_english_otherwise() -> None:
    allopurinol = CATALOGUE.get("allopurinol")
    assert allopurinol is not None and allopurinol.half_life is not None
    (b5801,) = allopurinol.hla
    assert localized(b5801, "phenotype", "ko") == "SJS/TEN 및 DRESS"
    assert localized(b5801, "phenotype", "en") == "SJS/TEN and DRESS"
    assert localized(allopurinol.half_life, "substance", "ko") == "oxipurinol(활성 대사체)"
    assert localized(allopurinol.half_life, "substance", "en") == "oxipurinol (active metabolite)"
    # The fingerprint the second reader records covers the English fields translated.
    assert len(entry_fingerprint(b5801, b5801.ko or {})) == 12


def test_english_of_the_notes_is_unchanged() -> None:
    carbamazepine = CATALOGUE.get("carbamazepine")
    assert carbamazepine is not None
    b1511 = next(row for row in carbamazepine.hla if row.allele == "HLA-B*15:11")
    assert b1511.recommendation == (
        "No guideline; an association in small Korean and Japanese series. In Koreans, "
        "HLA-B*15:02 alone does not seem an effective marker (Kim 2011)."
    )
    assert b1511.ko_checked is not None and b1511.ko_checked.en_sha == "356a9e1fece7"


# --- the second reading (issue 23): every Korean text carries a current check ---------------


def _korean_items() -> list[tuple[str, WithKorean]]:
    items: list[tuple[str, WithKorean]] = [(f"{d} {r.allele}", r) for d, r in HLA_ROWS]
    items += [(f"{e.name} half_life", h) for e, h in HALF_LIVES]
    return [(where, item) for where, item in items if item.ko]


def test_every_korean_text_carries_a_current_second_reading() -> None:
    items = _korean_items()
    assert len(items) == 15 + 23
    # A stale check names the item whose English changed since it was read: read it again.
    stale = [
        where
        for where, item in items
        if item.ko_checked is None
        or item.ko_checked.en_sha != entry_fingerprint(item, item.ko or {})
    ]
    assert stale == []
    assert {item.ko_checked.date.isoformat() for _, item in items if item.ko_checked} == {
        "2026-12-07"
    }


def test_a_changed_english_makes_the_check_stale() -> None:
    data = load_yaml("drugs.yaml")
    entry = next(e for e in data["drugs"] if e["name"] == "carbamazepine")
    row = next(h for h in entry["hla"] if h["allele"] == "HLA-B*15:11")
    row["recommendation"] += " Changed."
    changed = parse_catalogue(data).get("carbamazepine")
    assert changed is not None
    b1511 = next(r for r in changed.hla if r.allele == "HLA-B*15:11")
    assert b1511.ko_checked is not None
    assert b1511.ko_checked.en_sha != entry_fingerprint(b1511, b1511.ko or {})


# --- the model refuses a Korean block that does not fit its English -------------------------


def _with(drug: str, change: dict[str, Any], allele: str | None = None) -> dict[str, Any]:
    data = load_yaml("drugs.yaml")
    entry = next(e for e in data["drugs"] if e["name"] == drug)
    target = (
        entry["half_life"]
        if allele is None
        else next(h for h in entry["hla"] if h["allele"] == allele)
    )
    target["ko"] = change
    return data


@pytest.mark.parametrize(
    ("drug", "allele", "ko", "message"),
    [
        ("carbamazepine", "HLA-B*15:02", {"allele": "HLA-B*15:02"}, "not a translated field"),
        ("carbamazepine", "HLA-B*15:11", {"guideline": "진료지침"}, "the English field is empty"),
        ("carbamazepine", "HLA-B*15:02", {"phenotype": ["SJS/TEN"]}, "must be a str"),
        ("carbamazepine", "HLA-B*15:02", {"recommendation": "  "}, "empty Korean text"),
        ("allopurinol", None, {"note": "메모"}, "not a translated field"),
    ],
)
def test_a_korean_block_that_does_not_fit_is_refused(
    drug: str, allele: str | None, ko: dict[str, Any], message: str
) -> None:
    with pytest.raises(KnowledgeError, match=message):
        parse_catalogue(_with(drug, ko, allele))


def test_the_translated_fields_are_those_the_app_shows() -> None:
    assert HlaAssociation.TRANSLATED == ("phenotype", "populations", "guideline", "recommendation")
    assert HalfLife.TRANSLATED == ("substance",)
