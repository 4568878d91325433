"""The Korean glossary (knowledge/data/glossary_ko.yaml): it loads, every term has a source
or says it is a project translation, synonyms find their term, broken data fails loudly."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from knowledge.glossary import (
    Glossary,
    english_for,
    korean_term,
    load_glossary,
    parse_glossary,
    search_synonyms,
)
from knowledge.korean_sources import Reading, unspaced
from knowledge.loading import KnowledgeError, load_yaml

READ_ON = date(2026, 12, 7)

# The term table of the i18n guide (notes/i18n-guide.md), by glossary id.
GUIDE_TABLE = {
    "sjs": "스티븐스-존슨 증후군",
    "ten": "독성표피괴사용해",
    "sjs_ten_overlap": "SJS/TEN 중첩반응",  # KoDARC (the guide first had "SJS/TEN 중첩")
    "scar": "중증피부이상반응",
    "epidermal_necrolysis": "표피괴사용해",
    "case": "증례",
    "assessment_day": "평가일",
    "day_1": "1일째",
    "predicted_mortality": "예측 사망률",
    "detached_bsa": "박리 및 박리 가능 체표면적",
    "age": "나이",
    "heart_rate": "심박수",
    "malignancy": "악성 종양",
    "serum_urea": "혈청 요소",
    "bun": "혈중요소질소",
    "bicarbonate": "중탄산염",
    "glucose": "혈당",
    "dialysis_before_admission": "입원 전 투석",
    "missing_input": "미입력",
    "culprit_drug": "원인 약물",
    "suspected_drug": "의심 약물",
    "index_day": "기준일",
    "first_intake": "첫 복용일",
    "last_intake": "마지막 복용일",
    "still_taken": "복용 중",
    "rechallenge": "재투여",
    "next_steps": "다음 조치",
    "evidence": "근거",
    "evidence_tier": "근거 수준",
    "certainty": "확실성",
    "guideline": "진료지침",
    "consensus": "합의문",
    "randomised_trial": "무작위 대조시험",
    "observational": "관찰 연구",
    "preclinical": "전임상",
    "experimental": "실험적",
    "harmful": "유해",
    "supportive_care": "보존적 치료",
    "burn_centre": "화상 센터",
    "icu": "중환자실",
    "ophthalmology": "안과",
    "differential_diagnosis": "감별 진단",
    "teaching_case": "교육 증례",
    "quiz": "퀴즈",
    "presenter_view": "발표 화면",
    "cohort": "코호트",
    "calibration": "보정",
    "discrimination": "판별력",
    "chart_note": "진료 기록 메모",
    "case_file": "증례 파일",
    "download": "내려받기",
    "upload": "올리기",
    "alden_very_probable": "매우 가능성 높음",
    "alden_probable": "가능성 높음",
    "alden_possible": "가능성 있음",
    "alden_unlikely": "가능성 낮음",
    "alden_very_unlikely": "가능성 매우 낮음",
}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


@pytest.fixture
def raw() -> dict[str, Any]:
    return copy.deepcopy(load_yaml("glossary_ko.yaml"))


def test_the_glossary_loads_with_the_guide_table(glossary: Glossary) -> None:
    for term_id, korean in GUIDE_TABLE.items():
        assert glossary.term(term_id).korean == korean, term_id


def test_the_terms_the_issue_names(glossary: Glossary) -> None:
    assert korean_term("sjs") == "스티븐스-존슨 증후군"
    assert korean_term("ten") == "독성표피괴사용해"
    assert korean_term("scar") == "중증피부이상반응"
    assert korean_term("drug_injury_relief") == "의약품 부작용 피해구제"
    assert korean_term("pharmacovigilance_report") == "의약품 부작용 보고"
    assert glossary.term("kaers").abbreviation == "KAERS"
    for term_id in ("drug_allergy", "hla", "epidermal_necrolysis", "unit_mg_dl", "unit_mmol_l"):
        assert glossary.term(term_id).korean
    scorten = ["age", "heart_rate", "malignancy", "detached_bsa", "serum_urea", "bicarbonate"]
    for term_id in [*scorten, "glucose", "bun"]:
        assert glossary.term(term_id).group == "score"
    alden = [t for t in glossary.terms if t.group == "alden"]
    assert len(alden) == 6


def test_every_term_has_a_source_or_says_it_is_a_project_translation(glossary: Glossary) -> None:
    for term in glossary.terms:
        if term.is_project_translation:
            assert term.note, term.id
        else:
            assert isinstance(term.source, Reading)
            assert unspaced(term.korean) in unspaced(term.source.wording), term.id
        for reading in term.readings:
            source = glossary.sources[reading.ref]
            assert source.read == READ_ON
            assert source.url.startswith(("http://", "https://"))


def test_no_published_korean_scorten_was_found(glossary: Glossary) -> None:
    # Searched again 2026-12-07: the SCORTEN items stay project translations.
    for term_id in ("scorten", "age", "heart_rate", "detached_bsa", "serum_urea", "glucose"):
        assert glossary.term(term_id).is_project_translation, term_id


def test_every_synonym_finds_its_term(glossary: Glossary) -> None:
    for term in glossary.terms:
        for spelling in term.spellings:
            assert glossary.find(spelling) is term, spelling


@pytest.mark.parametrize(
    ("written", "term_id"),
    [
        ("스티븐존슨증후군", "sjs"),
        ("스티븐스존슨 증후군", "sjs"),
        ("피부점막안증후군", "sjs"),
        ("독성 표피 괴사 융해증", "ten"),
        ("독성표피괴사 융해증", "ten"),
        ("독성 표피 괴사용해", "ten"),
        ("리엘증후군", "ten"),
        ("중증 피부약물이상반응", "scar"),
        ("시클로스포린", "ciclosporin"),
    ],
)
def test_variant_spellings_find_the_term(glossary: Glossary, written: str, term_id: str) -> None:
    term = glossary.find(written)
    assert term is not None and term.id == term_id


def test_search_synonyms_for_the_evidence_page() -> None:
    synonyms = search_synonyms()
    assert "ciclosporin" in synonyms["시클로스포린"]
    assert "cyclosporine" in synonyms["사이클로스포린"]
    assert {"immunoglobulin", "IVIG"} <= set(synonyms["면역글로불린"])
    assert "corticosteroid" in synonyms["스테로이드"]
    assert synonyms["독성표피괴사용해"][:2] == ("toxic epidermal necrolysis", "TEN")
    assert all(isinstance(k, str) and v for k, v in synonyms.items())


def test_english_for_any_spacing() -> None:
    assert english_for("면역 글로불린")[0] == "intravenous immunoglobulin"
    assert english_for("스티븐스 존슨증후군")[:2] == ("Stevens-Johnson syndrome", "SJS")
    assert english_for("아무 단어") == ()


# --- broken data fails loudly ----------------------------------------------------------------


def _term(raw: dict[str, Any], term_id: str) -> dict[str, Any]:
    return next(t for t in raw["terms"] if t["id"] == term_id)


def test_a_project_translation_without_note_fails(raw: dict[str, Any]) -> None:
    del _term(raw, "glucose")["note"]
    with pytest.raises(KnowledgeError, match=r"\('glucose'\).*needs a note"):
        parse_glossary(raw)


def test_a_term_not_in_the_wording_read_fails(raw: dict[str, Any]) -> None:
    _term(raw, "ten")["korean"] = "독성표피괴사증"
    with pytest.raises(KnowledgeError, match=r"\('ten'\).*does not appear in the wording"):
        parse_glossary(raw)


def test_a_synonym_naming_two_terms_fails(raw: dict[str, Any]) -> None:
    _term(raw, "scar")["synonyms"].append(
        {"korean": "리엘증후군", "ref": "nedrug_label_198000105", "wording": "(리엘증후군)"}
    )
    with pytest.raises(KnowledgeError, match="'리엘증후군' already names 'ten'"):
        parse_glossary(raw)


def test_an_unknown_source_fails(raw: dict[str, Any]) -> None:
    _term(raw, "sjs")["source"]["ref"] = "nowhere"
    with pytest.raises(KnowledgeError, match="'sjs': unknown source 'nowhere'"):
        parse_glossary(raw)


def test_a_source_nobody_cites_fails(raw: dict[str, Any]) -> None:
    raw["sources"]["unused"] = dict(raw["sources"]["kodarc_sjs"])
    with pytest.raises(KnowledgeError, match="source 'unused' is cited by no entry"):
        parse_glossary(raw)


def test_an_unknown_field_fails(raw: dict[str, Any]) -> None:
    _term(raw, "sjs")["hanja"] = "—"
    with pytest.raises(KnowledgeError, match=r"\('sjs'\): field 'hanja'"):
        parse_glossary(raw)


def test_a_duplicate_id_fails(raw: dict[str, Any]) -> None:
    raw["terms"].append(copy.deepcopy(_term(raw, "quiz")))
    with pytest.raises(KnowledgeError, match="'quiz': field 'id': duplicate term"):
        parse_glossary(raw)
