"""The differential diagnosis in Korean (issue 23): every mimic complete, numbers kept,
one entry word for word, bad Korean refused naming the entry and the field."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest
import yaml

from knowledge.differential import (
    DifferentialBase,
    DifferentialEntry,
    load_differential,
    parse_differential,
)
from knowledge.i18n import localized
from knowledge.loading import DATA_DIR, KnowledgeError

NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def base() -> DifferentialBase:
    return load_differential()


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "differential.yaml").read_text(encoding="utf-8"))


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
