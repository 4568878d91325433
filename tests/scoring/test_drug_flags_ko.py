"""Drug-list flags in Korean: every kind has Korean words, the same numbers and alleles as its
English; exact Korean for the representative flags; the English as before."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import get_args

from knowledge.drugs import NOTORIETY_LABELS, default_catalogue
from knowledge.i18n import LocalizedNote, Text, catalogue, placeholders, tr
from scoring.drug_flags import (
    HIGH_RISK_NOTORIETY,
    DrugFlag,
    FlagKind,
    flag_drugs,
)

INDEX = date(2024, 3, 31)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ALLELE = re.compile(r"[A-Z]+\d?\*\d{2}:?\d{2}")
HANGUL = re.compile(r"[가-힣]")


def _all_flags() -> list[DrugFlag]:
    """Every drug of the knowledge base, with and without a start date, child and adult,
    with valproate, and names the base does not know: every kind of flag, every HLA row."""
    names = [e.name for e in default_catalogue().entries]
    flags: list[DrugFlag] = []
    for delay in (None, 5, 20, 60, 120):
        starts = {} if delay is None else {n: INDEX - timedelta(days=delay) for n in names}
        flags += flag_drugs(names, index_day=INDEX, starts=starts, age_years=9)
    flags += flag_drugs(["Tegretl", "trimethoprim + ibuprofen", "nothing-like-a-drug"])
    return flags


FLAGS = _all_flags()


def _one(names: list[str], kind: str, allele: str | None = None) -> DrugFlag:
    flags = flag_drugs(names)
    return next(f for f in flags if f.kind == kind and allele in (None, f.hla_allele))


def test_every_kind_of_flag_is_covered_and_reads_in_korean() -> None:
    assert {f.kind for f in FLAGS} == set(get_args(FlagKind))
    for flag in FLAGS:
        english, korean = flag.message.render("en"), flag.message.render("ko")
        assert HANGUL.search(korean), english
        assert not HANGUL.search(english), english


def test_korean_flags_keep_every_number_and_allele() -> None:
    different = [
        flag.message.render("en")
        for flag in FLAGS
        if Counter(NUMBER.findall(flag.message.render("en")))
        != Counter(NUMBER.findall(flag.message.render("ko")))
        or Counter(ALLELE.findall(flag.message.render("en")))
        != Counter(ALLELE.findall(flag.message.render("ko")))
    ]
    assert different == []


def test_every_flag_kind_has_a_title_and_every_group_a_name_in_both_languages() -> None:
    for kind in get_args(FlagKind):
        assert tr(f"flags.title.{kind}", "en") and tr(f"flags.title.{kind}", "ko")
    assert tr("flags.title.lamotrigine_valproate", "ko") == "Lamotrigine과 valproate 병용"
    assert tr("flags.group.hla", "ko") == "HLA 참고 사항(진료지침과 해당 집단)"


def test_catalogue_file_holds_the_flag_words_with_matching_placeholders() -> None:
    keys = catalogue().keys("flags.")
    assert len(keys) == 34
    assert {catalogue().file_of[k] for k in keys} == {"flags.yaml"}
    for key in keys:
        entry = catalogue().entry(key)
        assert placeholders(entry.en) == placeholders(entry.ko), key


def test_every_flag_entry_carries_a_current_second_reading() -> None:
    # The second reading (issue 23): a check whose fingerprint no longer matches the English
    # names the entry to read again.
    keys = catalogue().keys("flags.")
    assert [key for key in keys if not catalogue().entry(key).check_is_current] == []
    assert {str(catalogue().entry(key).checked.date) for key in keys} == {"2026-12-07"}


def test_high_risk_entry_names_the_label_of_the_high_risk_notoriety() -> None:
    # The flag's English writes the label of notoriety +3 itself: it must stay that label.
    assert NOTORIETY_LABELS[HIGH_RISK_NOTORIETY] in tr("flags.high_risk", "en", drug="x", value=3)


# --- exact Korean of representative flags ---------------------------------------------------


def test_lamotrigine_with_valproate_in_korean() -> None:
    flag = _one(["lamotrigine", "Epilim"], "lamotrigine_valproate")
    assert flag.message.render("ko") == (
        "같은 약물 목록에 valproate가 있습니다: 병용하면 lamotrigine에 의한 중증 발진의 위험이 "
        "증가합니다. Valproate는 lamotrigine의 반감기도 늘립니다(33 h에서 약 70 h로): ALDEN 체내 "
        "존재 항목에서는, lamotrigine을 기준일 전에 중단했다면 lamotrigine의 '간·신장 기능 저하 "
        "또는 상호작용'을 표시하십시오."
    )


def test_allopurinol_hla_b5801_note_in_korean() -> None:
    flag = _one(["allopurinol"], "hla", "HLA-B*58:01")
    assert flag.message.render("ko") == (
        "HLA-B*58:01(강한 연관: SJS/TEN 및 DRESS); 보유자: 대립유전자 빈도(미국 허가사항, "
        "12.5절): 한족 8-10%, 태국인 약 8%, 한국인 약 6%(한국인 5,802명에서 7.0%, Park 2016), "
        "흑인 약 4%, 아메리카 원주민 및 히스패닉 1-2%, 유럽계와 일본인 1% 미만. 한국인 보유자: "
        "allopurinol SJS/TEN에 대한 OR 57.4(Park 2016). HLA-B*58:01 보유자로 알려진 경우: "
        "allopurinol은 금기이며, 대체 약물을 사용하십시오(CPIC). 투여 시작 전 검사: ACR 2020을 "
        "참고하십시오(동남아시아계, 예: 한족, 한국인, 태국인, 그리고 아프리카계 미국인 환자). "
        "CPIC: Hershfield MS et al., CPIC guideline for HLA-B genotype and allopurinol dosing, "
        "Clin Pharmacol Ther 2013;93:153-8 (2015년 개정: 변경 없음). CPIC는 이미 알려진 유전형을 "
        "해석하며, 검사 권고는 ACR의 권고입니다(2012, 2020). HLA 참고 사항이며, ALDEN 점수에는 "
        "포함되지 않습니다."
    )


def test_carbamazepine_hla_b1502_and_b1511_notes_in_korean() -> None:
    b1502 = _one(["carbamazepine"], "hla", "HLA-B*15:02")
    assert b1502.message.render("ko") == (
        "HLA-B*15:02(강한 연관: SJS/TEN); 보유자: 한족(특히 중국 남부, 대만, 홍콩), 태국인, "
        "말레이인, 베트남인, 필리핀인, 인도네시아인, 인도 일부 지역(보유율 약 5-15%); 한국인 "
        "대립유전자 빈도 0.3%; 일본인과 유럽인 < 0.1%. HLA-B*15:02 양성이고 carbamazepine 투여 "
        "경험이 없는 경우: carbamazepine(또는 oxcarbazepine)을 사용하지 마십시오. 피부 반응 없이 "
        "3개월 넘게 사용했다면 신중하게 계속 사용을 고려하십시오. CPIC: Phillips EJ et al., CPIC "
        "guideline for HLA genotype and use of carbamazepine and oxcarbazepine: 2017 update, Clin "
        "Pharmacol Ther 2018;103:574-81. HLA 참고 사항이며, ALDEN 점수에는 포함되지 않습니다."
    )
    b1511 = _one(["carbamazepine"], "hla", "HLA-B*15:11")
    assert b1511.message.render("ko") == (
        "HLA-B*15:11(약한 연관: SJS/TEN); 보유자: 한국인: carbamazepine에 의한 SJS 환자에서 "
        "B*15:11이 내약 대조군보다 많았으며(OR 18.0 (2.3-141.2), P = 0.011), 보정 후에는 유의하지 "
        "않았습니다; SJS 환자 7명 중 B*15:02 보유자는 1명뿐이었습니다(Kim 2011). 일본인: "
        "carbamazepine에 의한 SJS/TEN 환자 14명 중 4명이 B*15:11을 보유했고 B*15:02 보유자는 "
        "없었습니다(Kaniwa 2010). 진료지침은 없습니다. 소규모 한국인 및 일본인 환자군에서 보고된 "
        "연관입니다. 한국인에서는 HLA-B*15:02만으로는 효과적인 표지자가 아닌 것으로 "
        "보입니다(Kim 2011). HLA 참고 사항이며, ALDEN 점수에는 포함되지 않습니다."
    )


def test_recent_start_and_child_flags_in_korean() -> None:
    flags = flag_drugs(
        ["Lamictal"], index_day=INDEX, starts={"Lamictal": INDEX - timedelta(days=5)}, age_years=9
    )
    by_kind = {f.kind: f.message.render("ko") for f in flags}
    assert by_kind["lamotrigine_recent_start"] == (
        "Lamotrigine을 기준일 5일 전에 시작했으며, 통상 발병 기간(14-56일)보다 이릅니다: 생명을 "
        "위협하는 발진은 거의 모두 투여 시작 후 2주에서 8주 사이에 발생합니다."
    )
    assert by_kind["lamotrigine_child"] == (
        "나이 9세: lamotrigine에 의한 중증 발진의 발생률은 소아에서 성인보다 높습니다."
    )
    assert by_kind["high_risk"] == (
        "lamotrigine: SJS/TEN 고위험 약물 목록에 있습니다(ALDEN 알려진 위험도 +3, 강한 연관). "
        "기준일 5일 전에 시작했습니다: 이 약물의 통상 발병 기간(14-56일) 밖입니다."
    )


# --- the English, byte for byte as before ----------------------------------------------------


def test_english_of_the_lamotrigine_valproate_flag_is_unchanged() -> None:
    flag = _one(["lamotrigine", "Epilim"], "lamotrigine_valproate")
    assert flag.message.render("en") == (
        "Valproate is in the same drug list: co-administration increases the risk of serious "
        "lamotrigine rash. Valproate also lengthens lamotrigine's half-life (33 h to about 70 h): "
        "for ALDEN presence, mark lamotrigine 'organ impairment or interaction' if it was stopped "
        "before the index day."
    )


def test_english_of_an_hla_note_is_unchanged() -> None:
    # Unchanged but for the review's rewording (issue 23): '(see risk notes)' pointed to a
    # field the app never shows; the recommendation now names the study.
    flag = _one(["phenytoin"], "hla", "HLA-B*15:02")
    assert flag.message.render("en") == (
        "HLA-B*15:02 (strong association with SJS/TEN); carriers: as for carbamazepine: Han "
        "Chinese, Thai, Malay, Vietnamese, Filipino, Indonesian, parts of India. HLA-B*15:02 "
        "positive and phenytoin-naive: do not use phenytoin or fosphenytoin (CPIC). CYP2C9 "
        "genotype also guides the dose, and reduced-function CYP2C9*3 is itself associated with "
        "phenytoin SJS/TEN (meta-analysis of 4 studies, 117 cases: Wu 2018). CPIC: Karnes JH et "
        "al., CPIC guideline for CYP2C9 and HLA-B genotypes and phenytoin dosing: 2020 update, "
        "Clin Pharmacol Ther 2021;109:302-9. An HLA note, not part of the ALDEN score."
    )


def test_english_of_the_unknown_name_flags_is_unchanged() -> None:
    assert _one(["Tegretl"], "unknown_drug").message.render("en") == (
        "'Tegretl' is not in the drug knowledge base: no flags for it. "
        "Did you mean Tegretol (carbamazepine)?"
    )
    assert _one(["trimethoprim + ibuprofen"], "unknown_drug").message.render("en") == (
        "'trimethoprim + ibuprofen' is not a curated combination product "
        "(ibuprofen/trimethoprim): enter separate drugs separately"
    )


# --- a data note as a parameter -----------------------------------------------------------------


def test_a_localized_note_renders_in_the_language_of_its_message() -> None:
    note = LocalizedNote(en="note", ko="메모")
    message = Text("flags.join", {"first": Text("flags.hla_strength.weak"), "second": note})
    assert message.render("en") == "weak note"
    assert message.render("ko") == "약한 연관 메모"
