"""Differential diagnosis file: every mimic sourced (DOI/PMID), required ones present, in
Korean beside the English."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest
import yaml

from knowledge.differential import (
    REQUIRED_IDS,
    DifferentialBase,
    DifferentialEntry,
    load_differential,
    parse_differential,
)
from knowledge.i18n import entry_fingerprint, localized
from knowledge.loading import DATA_DIR, KnowledgeError


@pytest.fixture(scope="module")
def base() -> DifferentialBase:
    return load_differential()


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "differential.yaml").read_text(encoding="utf-8"))


def test_every_required_mimic_is_covered(base: DifferentialBase) -> None:
    assert {e.id for e in base.entries} >= REQUIRED_IDS


def test_every_entry_has_a_feature_a_test_and_a_doi_or_pmid_source(
    base: DifferentialBase,
) -> None:
    for entry in base.entries:
        assert entry.distinguishing and entry.biopsy_dif, entry.id
        sources = base.sources_of(entry)
        assert sources and all(s.doi or s.pmid for s in sources), entry.id
        assert all(s.link.startswith("https://") for s in sources)


@pytest.mark.parametrize(
    ("entry_id", "fragment"),
    [
        ("labd", "linear band of IgA along the basement membrane zone"),
        ("ssss", "frozen section"),
        ("pnp", "rat bladder"),
        ("agep", "subcorneal"),
    ],
)
def test_biopsy_and_immunofluorescence_findings(
    base: DifferentialBase, entry_id: str, fragment: str
) -> None:
    assert fragment in " ".join(base.get(entry_id).biopsy_dif.split())


def test_ten_like_lupus_as_in_roberts_2021(base: DifferentialBase) -> None:
    entry = base.get("ten_like_lupus")
    text = " ".join(entry.distinguishing.split())
    assert "slower onset of epidermal loss" in text and "no ocular involvement" in text
    assert "may have a lupus band on direct immunofluorescence" in " ".join(
        entry.biopsy_dif.split()
    )  # the summary's "may have", not a diagnostic rule
    assert base.sources_of(entry)[0].doi == "10.1111/ced.14648"
    assert base.is_verified(entry)


def test_issue_20_mimics_state_only_what_their_sources_say(base: DifferentialBase) -> None:
    gvhd = base.get("acute_gvhd")
    assert "potentially indistinguishable from TEN" in " ".join(gvhd.distinguishing.split())
    # No biopsy rule is invented: the sources read give none.
    assert "give no biopsy or immunofluorescence finding" in " ".join(gvhd.biopsy_dif.split())
    assert {s.pmid for s in base.sources_of(gvhd)} >= {"24476990"}
    bp = " ".join(base.get("bullous_pemphigoid").biopsy_dif.split())
    assert "direct immunofluorescence of a perilesional biopsy" in bp
    assert "196 of 233 patients (84.1 %)" in bp
    pv = base.get("pemphigus_vulgaris")
    assert "keratinocyte cell membrane" in " ".join(pv.biopsy_dif.split())
    assert "painful oral erosions" in pv.distinguishing
    assert {s.doi for s in base.sources_of(pv)} == {"10.1016/S0140-6736(19)31778-7"}
    assert "confirm it opens" not in (pv.note or "")  # DOI confirmed at the second reading
    takeda = " ".join(gvhd.distinguishing.split())
    assert "its causes are very difficult to distinguish" in takeda
    assert "diarrhoea" not in (gvhd.note or "")  # unverified features are not shown
    for entry_id in ("acute_gvhd", "bullous_pemphigoid", "pemphigus_vulgaris"):
        assert base.is_verified(base.get(entry_id)), entry_id


def test_mirm_numbers_as_in_canavan_2015(base: DifferentialBase) -> None:
    text = " ".join(base.get("mirm").distinguishing.split())
    for number in ("oral 94 %", "ocular 82 %", "urogenital 63 %", "absent 34 %", "sparse 47 %"):
        assert number in text
    assert "25592340" in {s.pmid for s in base.sources_of(base.get("mirm"))}


def test_gbfde_distinction_as_in_cho_2014(base: DifferentialBase) -> None:
    # Verified on 2026-11-30 (second reader) against the Cho 2014 abstract, PMID 24388722.
    gbfde = base.get("gbfde")
    assert base.is_verified(gbfde)
    biopsy = " ".join(gbfde.biopsy_dif.split())
    assert "dermal melanophages" in biopsy and "granulysin" in biopsy
    assert "24388722" in {s.pmid for s in base.sources_of(gbfde)}


def test_unverified_statements_are_marked(raw: dict[str, Any]) -> None:
    marked = copy.deepcopy(raw)
    marked["entries"][1]["verified"] = False
    base = parse_differential(marked)
    assert base.is_verified(base.get("gbfde")) is False
    assert base.is_verified(base.get("labd"))


def test_unknown_source_key_fails_naming_entry(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["entries"][0]["sources"] = ["nowhere"]
    with pytest.raises(KnowledgeError, match="ssss"):
        parse_differential(bad)


def test_source_without_doi_or_pmid_fails(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["sources"]["waldman2004"].pop("doi")
    bad["sources"]["waldman2004"].pop("pmid")
    with pytest.raises(KnowledgeError, match="DOI or a PMID"):
        parse_differential(bad)


def test_unknown_field_fails_naming_entry_and_field(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["entries"][1]["dose"] = "x"
    with pytest.raises(KnowledgeError, match=r"entries\.1 \('gbfde'\)\.dose"):
        parse_differential(bad)


# ====================================== Korean beside the English (issue 23)

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _texts(base: DifferentialBase) -> list[tuple[str, str, str, str]]:
    """(entry id, field, English, Korean) for every translated text, the file's own included."""
    rows = [("file", name, getattr(base, name), text) for name, text in (base.ko or {}).items()]
    for entry in base.entries:
        for name, text in (entry.ko or {}).items():
            assert isinstance(text, str)
            rows.append((entry.id, name, getattr(entry, name), text))
    return rows


def test_every_mimic_has_korean_for_every_field_it_shows(base: DifferentialBase) -> None:
    for entry in base.entries:
        shown = {name for name in DifferentialEntry.TRANSLATED if getattr(entry, name)}
        assert entry.ko is not None and set(entry.ko) == shown, entry.id
    assert base.ko is not None and set(base.ko) == {"reference_pattern"}
    assert len(base.entries) == 11


def test_korean_keeps_every_number_of_the_english(base: DifferentialBase) -> None:
    for entry_id, name, english, korean in _texts(base):
        lost = Counter(NUMBER.findall(english)) - Counter(NUMBER.findall(korean))
        assert not lost, (entry_id, name, dict(lost))


def test_korean_is_plain_text_and_citations_stay_as_published(base: DifferentialBase) -> None:
    for entry_id, name, _, korean in _texts(base):
        assert "~" not in korean and "$" not in korean, (entry_id, name)
    # Sources are not translated: the citation lines carry no Korean.
    assert not any(re.search(r"[가-힣]", s.citation) for s in base.sources.values())


def test_linear_iga_disease_in_korean_word_for_word(base: DifferentialBase) -> None:
    labd = base.get("labd")
    assert localized(labd, "name", "ko") == "약물 유발 선상 IgA 수포성 피부병(LABD)"
    assert localized(labd, "biopsy_dif", "ko") == (
        "병변 주위 피부의 직접면역형광검사로 확진합니다: 기저막대를 따라 선상의 IgA 띠가 보입니다."
    )
    assert localized(labd, "biopsy_dif", "en") == labd.biopsy_dif


def test_korean_keeps_the_hedges_of_the_sources(base: DifferentialBase) -> None:
    # "may have a lupus band", "potentially indistinguishable", "not shown to carry a better
    # prognosis": the Korean says "may" and "not shown" too, never a diagnostic rule.
    lupus = localized(base.get("ten_like_lupus"), "biopsy_dif", "ko")
    assert "루푸스 띠(lupus band)가 보이는 환자도 있을 수 있습니다" in lupus
    gvhd = base.get("acute_gvhd")
    assert "구별할 수 없을 가능성이 있지만" in localized(gvhd, "distinguishing", "ko")
    assert "구별하는 생검 또는 면역형광 소견이 없습니다" in localized(gvhd, "biopsy_dif", "ko")
    gbfde = localized(base.get("gbfde"), "distinguishing", "ko")
    assert "예후가 좋다는 것은 입증되지 않았습니다" in gbfde
    assert "오즈비 0.6, 95 % CI 0.30-1.4" in gbfde


def test_the_reference_pattern_in_korean(base: DifferentialBase) -> None:
    pattern = localized(base, "reference_pattern", "ko")
    assert pattern.startswith("SJS/TEN 자체: 조직병리에서 표피 전층 괴사")
    assert "Bastuji-Garin 1993" in pattern


def test_korean_for_an_unknown_field_fails_naming_entry_and_field(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["entries"][1]["ko"]["sources"] = "출처"
    with pytest.raises(KnowledgeError, match=r"entries\.1 \('gbfde'\): ko\.sources: not a"):
        parse_differential(bad)


def test_korean_note_without_an_english_note_fails(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    labd = next(i for i, e in enumerate(bad["entries"]) if e["id"] == "labd")
    bad["entries"][labd]["ko"]["note"] = "확인했습니다."
    with pytest.raises(
        KnowledgeError, match=rf"entries\.{labd} \('labd'\): ko\.note: the English field is empty"
    ):
        parse_differential(bad)


def test_korean_of_the_file_itself_is_checked(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["ko"]["entries"] = "항목"
    with pytest.raises(KnowledgeError, match=r"ko\.entries: not a translated field"):
        parse_differential(bad)


def test_every_korean_text_carries_a_current_second_reading(base: DifferentialBase) -> None:
    # The file's own text and every entry: checked against the English as it is now.
    assert base.ko and base.ko_checked is not None
    assert base.ko_checked.en_sha == entry_fingerprint(base, base.ko)
    stale = [
        entry.id
        for entry in base.entries
        if not (
            entry.ko
            and entry.ko_checked is not None
            and entry.ko_checked.en_sha == entry_fingerprint(entry, entry.ko)
        )
    ]
    assert not stale


def test_second_reading_terms(base: DifferentialBase) -> None:
    # Exfoliative cytology is 탈락세포검사 (박리 is this app's word for detachment).
    ssss = base.get("ssss")
    for field in ("biopsy_dif", "note"):
        text = localized(ssss, field, "ko")
        assert "탈락세포검사" in text and "박리 세포검사" not in text, field
    assert localized(base.get("labd"), "who", "ko") == (
        "약물 유발 증례는 vancomycin 투여 후에 생긴 경우가 가장 많습니다."
    )
