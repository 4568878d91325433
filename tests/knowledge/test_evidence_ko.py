"""Evidence entries in Korean (issue 23): complete, the same shape and numbers as the English,
the same safety rules, and a few entries word for word."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest

from knowledge import loading
from knowledge.evidence import (
    DOSE_LABEL,
    DOSE_LABEL_KO,
    SCORTEN_CAVEAT,
    SCORTEN_CAVEAT_KO,
    Comparator,
    EvidenceBase,
    EvidenceEntry,
    find_dose_text,
    load_evidence,
    parse_entry,
)
from knowledge.i18n import localized
from knowledge.loading import KnowledgeError

NUMBER = re.compile(r"\d+(?:\.\d+)?")
QUOTED = re.compile(r'"([^"]+)"')


@pytest.fixture(scope="module")
def base() -> EvidenceBase:
    return load_evidence()


@pytest.fixture(scope="module")
def raw_entries() -> list[dict[str, Any]]:
    return loading.load_yaml("evidence.yaml")["entries"]


def _raw(raw_entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return copy.deepcopy(next(e for e in raw_entries if e["id"] == entry_id))


def _shown(entry: EvidenceEntry) -> list[str]:
    """The translatable fields that have English text on this entry."""
    return [name for name in EvidenceEntry.TRANSLATED if getattr(entry, name) not in (None, ())]


def _pairs(entry: EvidenceEntry) -> list[tuple[str, str, str]]:
    """(field, English, Korean) for every translated text, list items one by one."""
    pairs = []
    for name, korean in (entry.ko or {}).items():
        english = getattr(entry, name)
        if isinstance(korean, list):
            pairs.extend(
                (f"{name}.{i}", e, k) for i, (e, k) in enumerate(zip(english, korean, strict=True))
            )
        else:
            pairs.append((name, english, korean))
    return pairs


def _numbers(text: str) -> Counter[str]:
    """The numbers of a text; "01" (a date written 2028-08-01) counts as 1."""
    return Counter(n if "." in n else str(int(n)) for n in NUMBER.findall(text))


def _flat(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- completeness


def test_every_entry_has_korean_for_every_field_it_shows(base: EvidenceBase) -> None:
    missing = {
        entry.id: sorted(set(_shown(entry)) - set(entry.ko or {}))
        for entry in base.entries
        if set(_shown(entry)) - set(entry.ko or {})
    }
    assert not missing
    assert len(base.entries) == 23


def test_korean_lists_have_the_english_lengths(base: EvidenceBase) -> None:
    for entry in base.entries:
        for name, korean in (entry.ko or {}).items():
            english = getattr(entry, name)
            if isinstance(english, tuple):
                assert isinstance(korean, list) and len(korean) == len(english), (entry.id, name)
            else:
                assert isinstance(korean, str), (entry.id, name)
    msc = base.get("msc")
    assert msc.ko is not None
    assert [len(msc.ko[name]) for name in ("gaps", "related_names", "related_findings")] == [
        4,
        4,
        4,
    ]


def test_korean_keeps_every_number_of_the_english(base: EvidenceBase) -> None:
    # Korean may write a number the English spells out ("seven" -> 7, "Phase III" -> 제3상),
    # never lose one.
    for entry in base.entries:
        for name, english, korean in _pairs(entry):
            lost = _numbers(english) - _numbers(korean)
            assert not lost, (entry.id, name, dict(lost))


def test_quotations_stay_in_the_words_of_the_source(base: EvidenceBase) -> None:
    quoted = 0
    for entry in base.entries:
        for name, english, korean in _pairs(entry):
            for quote in QUOTED.findall(korean):
                assert _flat(quote) in _flat(english), (entry.id, name, quote)
                quoted += 1
    assert quoted >= 10


def test_korean_is_plain_text_for_the_page(base: EvidenceBase) -> None:
    # "~" pairs strike text through in Streamlit's markdown; "$" starts LaTeX.
    for entry in base.entries:
        for name, _, korean in _pairs(entry):
            assert "~" not in korean and "$" not in korean, (entry.id, name)
            assert korean == korean.strip() and "  " not in korean, (entry.id, name)


# -------------------------------------------------------------------- word for word


def test_cyclosporine_bottom_line_in_korean_keeps_its_comparators_in_order(
    base: EvidenceBase,
) -> None:
    line = localized(base.get("cyclosporine"), "bottom_line", "ko")
    assert line == (
        "관찰 연구: 주로 IVIG와 비교 시 사망 RR 0.09(0.00-0.49); 보존적 치료와 비교 시 유리한 "
        "결과 없음(n = 174); SMR은 예측값과의 비교일 뿐입니다."
    )
    assert line.index("IVIG") < line.index("보존적 치료") < line.index("SMR")


def test_cyclosporine_effect_in_korean_leads_with_comparative_evidence(base: EvidenceBase) -> None:
    effect = localized(base.get("cyclosporine"), "effect", "ko")
    assert effect.startswith("비교 근거를 먼저 제시합니다. Gonzalez-Herrada 2017:")
    assert effect.index("보존적 치료 대비 OR 0.19") < effect.index("SCORTEN 예측 사망과의 비교")
    assert effect.endswith(SCORTEN_CAVEAT_KO)


def test_msc_in_korean_stays_preclinical_and_not_for_clinical_use(base: EvidenceBase) -> None:
    msc = base.get("msc")
    assert localized(msc, "bottom_line", "ko") == (
        "전임상 — 임상 사용 불가: 마우스 연구이며 이 연구에서 치료받은 환자는 없습니다. "
        "사람 대상 보고는 소규모이고 대조군이 없습니다."
    )
    summary = localized(msc, "summary", "ko")
    assert "인간화 마우스 모델" in summary
    assert "lamotrigine(라모트리진)으로 유발된 SJS 환자 1명" in summary
    assert "이 연구에서 치료받은 사람 환자는 없습니다." in localized(msc, "effect", "ko")
    assert "SJS/TEN에 줄기세포 치료를 권고하는 진료지침은 없습니다." in localized(msc, "gaps", "ko")


def test_thalidomide_in_korean_is_harmful_against_placebo(base: EvidenceBase) -> None:
    thalidomide = base.get("thalidomide")
    assert localized(thalidomide, "bottom_line", "ko") == (
        "유해: 조기 중단된 무작위 대조시험에서 위약보다 사망이 많았습니다(12명 중 10명 대 "
        "10명 중 3명)."
    )
    assert localized(thalidomide, "gaps", "ko") == [
        "시험 용량은 의도적으로 표시하지 않습니다. 이 약물은 SJS/TEN에서 유해합니다."
    ]


# ----------------------------------------------------------------------- safety rules


def test_no_experimental_entry_has_a_dose_in_korean(base: EvidenceBase) -> None:
    experimental = [e for e in base.entries if e.is_experimental_or_preclinical]
    assert {e.id for e in experimental} == {"msc", "jak_inhibitors"}
    for entry in experimental:
        assert entry.ko is not None and "dose" not in entry.ko
        for name, _, korean in _pairs(entry):
            assert find_dose_text(korean) is None, (entry.id, name, korean)


def test_every_smr_figure_carries_the_korean_caveat(base: EvidenceBase) -> None:
    flagged = {e.id for e in base.entries if Comparator.SCORTEN_PREDICTED in e.comparators}
    assert flagged == {"cyclosporine", "ivig", "corticosteroids_ivig", "etanercept_rct"}
    for entry_id in flagged:
        assert SCORTEN_CAVEAT_KO in localized(base.get(entry_id), "effect", "ko"), entry_id
    # The caveat's numbers and sources are the English caveat's.
    assert _numbers(SCORTEN_CAVEAT) == _numbers(SCORTEN_CAVEAT_KO)
    for source in ("Torres-Navarro 2020", "Micheletti 2018, PMID 29758282", "log SMR -0.0889"):
        assert source in SCORTEN_CAVEAT_KO


def test_the_trial_dose_in_korean_is_labelled_and_keeps_its_numbers(base: EvidenceBase) -> None:
    doses = {e.id: e for e in base.entries if e.dose is not None}
    assert list(doses) == ["etanercept_rct"]
    entry = doses["etanercept_rct"]
    korean = localized(entry, "dose", "ko")
    assert entry.dose is not None and entry.dose.startswith(DOSE_LABEL)
    assert korean.startswith(DOSE_LABEL_KO)
    for fragment in ("25 mg", "50 mg", "65 kg", "1-1.5 mg/kg/day", "prednisolone"):
        assert fragment in korean


def test_korean_comparisons_name_their_comparator(base: EvidenceBase) -> None:
    lines = {e.id: localized(e, "bottom_line", "ko") for e in base.entries}
    assert "보존적 치료와 비교" in lines["ivig"]
    assert "코르티코스테로이드 미사용과 비교" in lines["corticosteroids"]
    assert lines["etanercept_rct"].startswith("코르티코스테로이드와 비교한 시험 1건")
    assert "위약보다" in lines["thalidomide"]
    for entry in base.entries:
        assert len(lines[entry.id]) <= 140, entry.id


# -------------------------------------------------------------------------- localized


def test_localized_gives_korean_beside_the_english(base: EvidenceBase) -> None:
    etanercept = base.get("etanercept_rct")
    assert localized(etanercept, "certainty_graded_by", "ko") == (
        "Cochrane 2022, etanercept 대 코르티코스테로이드, 사망률"
    )
    assert localized(etanercept, "certainty_graded_by", "en") == (
        "Cochrane 2022, etanercept vs corticosteroids, mortality"
    )
    ivig = base.get("ivig")
    assert localized(ivig, "certainty_note", "ko") == (
        "IVIG에 대한 GRADE 등급은 확보하지 못했습니다. 관찰 자료만 있습니다."
    )
    assert localized(ivig, "certainty_note", "en") == ivig.certainty.note
    msc = base.get("msc")
    assert localized(msc, "related_findings", "en") == tuple(
        r.findings for r in msc.related_reports
    )
    assert localized(msc, "related_names", "ko")[0] == "LYSYME 예비 시험(Henri Mondor, Creteil)"
    # A field without Korean (here: no dose) falls back to the English.
    assert localized(ivig, "dose", "ko") is None


# ----------------------------------------------------------------- failing loudly


def test_korean_for_an_unknown_field_fails_naming_entry_and_field(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko"]["check_note"] = "원문 대조"
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*ko\.check_note: not a translated"):
        parse_entry(raw)


def test_korean_list_of_another_length_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "cyclosporine")
    raw["ko"]["gaps"] = raw["ko"]["gaps"][:-1]
    with pytest.raises(KnowledgeError, match=r"entry 'cyclosporine'.*ko\.gaps: 3 Korean item"):
        parse_entry(raw)


def test_korean_without_english_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko"]["dose"] = DOSE_LABEL_KO + " 없음"
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*ko\.dose: the English field is empty"):
        parse_entry(raw)


def test_korean_text_for_a_list_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko"]["gaps"] = "용량과 제품은 연구마다 다릅니다."
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*ko\.gaps: must be a list"):
        parse_entry(raw)


def test_empty_korean_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko"]["summary"] = " "
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*ko\.summary: an empty Korean"):
        parse_entry(raw)


def test_korean_dose_without_the_trial_label_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "etanercept_rct")
    raw["ko"]["dose"] = "etanercept 25 mg 주 2회 피하 주사."
    with pytest.raises(KnowledgeError, match=r"entry 'etanercept_rct'.*ko\.dose must start"):
        parse_entry(raw)


def test_korean_smr_without_the_korean_caveat_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "corticosteroids_ivig")
    raw["ko"]["effect"] = raw["ko"]["effect"].replace(SCORTEN_CAVEAT_KO, "")
    with pytest.raises(KnowledgeError, match="SCORTEN_CAVEAT_KO"):
        parse_entry(raw)


@pytest.mark.parametrize(
    ("entry_id", "text", "fragment"),
    [
        ("msc", "줄기세포 2×10^6/kg을 정맥 주사했습니다.", "×10^"),
        ("msc", "줄기세포 1회 25 mg를 주사했습니다.", "mg"),
        ("jak_inhibitors", "하루 200밀리그램을 복용했습니다.", "밀리그램"),
    ],
)
def test_dose_in_korean_on_an_experimental_entry_fails(
    raw_entries: list, entry_id: str, text: str, fragment: str
) -> None:
    # "mg를": the Korean particle sticks to the unit; the detector still finds it.
    assert find_dose_text(text) == fragment
    raw = _raw(raw_entries, entry_id)
    raw["ko"]["effect"] += " " + text
    with pytest.raises(KnowledgeError, match=rf"entry '{entry_id}'.*ko\.effect: dose-like text"):
        parse_entry(raw)


def test_korean_bottom_line_over_140_characters_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko"]["bottom_line"] = "가" * 141
    with pytest.raises(KnowledgeError, match=r"ko\.bottom_line: longer than 140"):
        parse_entry(raw)


def test_second_reading_record_is_accepted(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko_checked"] = {"date": "2026-12-08", "en_sha": "0123456789ab"}
    assert parse_entry(raw).ko_checked is not None
