"""The second reading of the engine's and the reports' Korean (issue 23): every entry of the
files that state clinical facts and rules carries a current check, and the terms are the
glossary's (knowledge/data/glossary_ko.yaml)."""

from __future__ import annotations

import re

import pytest

from knowledge.glossary import korean_term
from knowledge.i18n import catalogue, fingerprint

# Every entry of these files states a clinical fact, a rule or a number (or is part of one):
# each Korean text was read against its English by a second reader.
READ_IN_FULL = ("wording", "engine", "alden", "method_tables")
# The reports' and pages' files read in the same pass (their pure labels need no record, but
# every entry carries one; a new entry that states a fact must be read before it ships).
READ_ALSO = ("fields", "method", "summary", "chart_note", "fhir")


def entries(area: str) -> dict:
    shipped = catalogue()
    return {key: shipped.entry(key) for key in shipped.keys(f"{area}.")}


@pytest.mark.parametrize("area", READ_IN_FULL)
def test_every_korean_text_carries_a_current_second_reading(area: str) -> None:
    """A new entry, or one whose English changed since it was read, is named here until a
    second reader compares its Korean with the English and records the check."""
    found = entries(area)
    assert len(found) > 20, area
    to_read = {
        key: "not yet read" if entry.checked is None else "English changed since read"
        for key, entry in found.items()
        if entry.checked is None or entry.checked.en_sha != fingerprint(entry.en)
    }
    assert to_read == {}, f"read the Korean against the English and record the check: {to_read}"


@pytest.mark.parametrize("area", READ_ALSO)
def test_the_files_read_alongside_carry_current_checks(area: str) -> None:
    found = entries(area)
    assert found, area
    assert [key for key, entry in found.items() if not entry.check_is_current] == []


# --- terms ---------------------------------------------------------------------------------


def test_the_overlap_category_is_kodarcs_term_everywhere() -> None:
    overlap = korean_term("sjs_ten_overlap")
    assert overlap == "SJS/TEN 중첩반응"
    shipped = catalogue()
    assert shipped.entry("engine.extent.overlap").ko == overlap
    assert shipped.entry("fhir.manifestation_overlap").ko == (
        f"{korean_term('sjs')}/{korean_term('ten')} 중첩반응({overlap})"
    )
    bare = [
        key
        for key, entry in shipped.entries.items()
        if re.search(r"SJS/TEN 중첩(?!반응)", entry.ko)
        or re.search(r"괴사용해 중첩(?!반응)", entry.ko)
    ]
    assert bare == []


def test_disease_and_alden_terms_are_the_glossarys() -> None:
    shipped = catalogue()

    def ko(key: str) -> str:
        return shipped.entry(key).ko

    assert ko("fhir.manifestation_sjs") == korean_term("sjs")
    assert ko("fhir.manifestation_ten") == korean_term("ten")
    for category in ("very_probable", "probable", "possible", "unlikely", "very_unlikely"):
        assert ko(f"alden.category.{category}") == korean_term(f"alden_{category}")
    assert ko("alden.field.index_day") == korean_term("index_day")
    assert ko("alden.field.start") == korean_term("first_intake")
    assert ko("alden.field.stop") == korean_term("last_intake")
    assert ko("chart_note.taken") == korean_term("still_taken")
    assert ko("engine.criterion.urea") == korean_term("serum_urea")
    assert (
        ko("wording.headline_mortality").strip(" ·").startswith(korean_term("predicted_mortality"))
    )


def test_one_korean_word_for_a_term_across_the_engines_files() -> None:
    """Words the first translations wrote two ways: notoriety, urea nitrogen, top-ranked,
    primary source, liver/kidney impairment."""
    korean = " ".join(
        entry.ko for area in READ_IN_FULL + READ_ALSO for entry in entries(area).values()
    )
    for variant in (
        "약물 유형 점수",
        "요소 질소",
        "최상위 약물",
        "최고 순위",
        "1차 출처",
        "기능 장애",
    ):
        assert variant not in korean, variant
