"""The Method page's tables in both languages: the same numbers, the reader's words.

English is the page as it has always read (other tests assert it too); Korean comes from
the catalogue (knowledge/data/messages/method_tables.yaml). Numbers, units, citations and
score names are identical in both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from knowledge.i18n import LANGUAGES, Lang, catalogue, tr
from reports import method_tables as mt
from scoring import abcd10, scorten

# Every table the page shows, by the function that builds it.
TABLES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "criteria_scorten": partial(mt.criteria_rows, scorten.CRITERIA),
    "criteria_abcd10": partial(mt.criteria_rows, abcd10.CRITERIA),
    **{
        name: getattr(mt, f"{name}_rows")
        for name in [
            "logistic",
            "observed",
            "classification",
            "unit",
            "bounds",
            "alden_delay",
            "alden_presence",
            "alden_prechallenge",
            "alden_dechallenge",
            "alden_notoriety",
            "alden_category",
            "drug_source",
            "evidence_tier",
        ]
    },
}
HEADERS = {tr(key, "en"): tr(key, "ko") for key in catalogue().keys("method_tables.col_")}
SCORE_NAMES = {"SCORTEN", "ABCD-10"}


@pytest.mark.parametrize("name", TABLES)
def test_every_header_comes_from_the_catalogue(name: str) -> None:
    english, korean = (list(TABLES[name](lang=lang)[0]) for lang in LANGUAGES)
    assert [HEADERS.get(h, h) for h in english] == korean
    assert all(h in HEADERS or h in SCORE_NAMES for h in english)


def _numbers_only(row: dict[str, Any]) -> list[Any]:
    """The cells with no words in them: counts, points, percentages."""
    return [v for v in row.values() if not re.search(r"[A-Za-z가-힣]", str(v))]


@pytest.mark.parametrize("name", ["logistic", "observed", "alden_delay", "alden_notoriety"])
def test_numbers_are_identical_in_both_languages(name: str) -> None:
    english, korean = (TABLES[name](lang=lang) for lang in LANGUAGES)
    assert [_numbers_only(row) for row in english] == [_numbers_only(row) for row in korean]
    assert any(_numbers_only(row) for row in english)


def test_scorten_criteria_header_row_in_both_languages() -> None:
    assert list(mt.criteria_rows(scorten.CRITERIA, lang="en")[0]) == [
        "Criterion",
        "Rule (earns the points)",
        "Points",
        "Exactly on the cut-off",
        "Source",
    ]
    assert list(mt.criteria_rows(scorten.CRITERIA, lang="ko")[0]) == [
        "항목",
        "기준(충족 시 점수 부여)",
        "점수",
        "기준값과 정확히 같을 때",
        "출처",
    ]


def test_scorten_criteria_rows_in_korean() -> None:
    rows = mt.criteria_rows(scorten.CRITERIA, lang="ko")
    assert rows[0] == {
        "항목": "나이",
        "기준(충족 시 점수 부여)": "나이 > 40세",
        "점수": 1,
        "기준값과 정확히 같을 때": "점수 없음(등호 미포함)",
        "출처": "Bastuji-Garin 2000, 초록",
    }
    # The rules are the engine's, rendered in Korean (their exact words: test_engine_words).
    assert [r["기준(충족 시 점수 부여)"] for r in rows] == [
        c.rule_text.render("ko") for c in scorten.CRITERIA
    ]
    assert mt.criteria_rows(scorten.CRITERIA, lang="en")[0] == {
        "Criterion": "Age",
        "Rule (earns the points)": "Age > 40 years",
        "Points": 1,
        "Exactly on the cut-off": "no point (strict)",
        "Source": "Bastuji-Garin 2000, abstract",
    }


def test_on_the_cutoff_column_in_korean() -> None:
    scorten_rows = mt.criteria_rows(scorten.CRITERIA, lang="ko")
    abcd_rows = mt.criteria_rows(abcd10.CRITERIA, lang="ko")
    assert scorten_rows[0]["기준값과 정확히 같을 때"] == "점수 없음(등호 미포함)"  # age > 40
    assert scorten_rows[2]["기준값과 정확히 같을 때"] == "—"  # malignancy: yes or no
    assert abcd_rows[0]["기준값과 정확히 같을 때"] == "점수 부여(≥)"  # age ≥ 50


def test_observed_top_band_in_both_languages() -> None:
    assert mt.observed_rows(lang="en")[-1] == {
        "SCORTEN": "≥ 5",
        "Deaths / patients": "9/10",
        "Observed mortality": "90.0 %",
        "95 % CI": "55.5-99.8 %",
    }
    assert mt.observed_rows(lang="ko")[-1] == {
        "SCORTEN": "≥ 5",
        "사망 / 환자 수": "9/10",
        "관찰 사망률": "90.0 %",
        "95 % 신뢰구간": "55.5-99.8 %",
    }


def test_logistic_rows_in_korean() -> None:
    rows = mt.logistic_rows(lang="ko")
    assert rows[3] == {"SCORTEN": 3, "예측 사망률(로지스틱)": "32.4 %"}
    assert [r["예측 사망률(로지스틱)"] for r in rows] == [
        r["Predicted mortality (logistic)"] for r in mt.logistic_rows(lang="en")
    ]


def test_formula_in_both_languages() -> None:
    assert mt.formula_text(scorten.SCORTEN, lang="en") == (
        "logit = −4.448 + 1.237 × SCORTEN;  predicted mortality = e^logit / (1 + e^logit)"
    )
    assert mt.formula_text(scorten.SCORTEN, lang="ko") == (
        "logit = −4.448 + 1.237 × SCORTEN;  예측 사망률 = e^logit / (1 + e^logit)"
    )
    assert mt.formula_text(abcd10.ABCD10, lang="ko") is None


def test_score_introductions_say_when_the_inputs_are_taken_in_the_readers_language() -> None:
    missing = "미입력 항목은 정상으로 간주하지 않습니다: 이 경우 점수는 가능한 범위로 표시합니다."
    assert mt.score_intro(scorten.SCORTEN, lang="ko") == (
        f"위험 인자 7개(입원 24시간 이내에 측정), 각 1점(0-7점). {missing}"
    )
    assert mt.score_intro(abcd10.ABCD10, lang="ko") == (
        f"위험 인자 5개(입원 시), 아래 표의 가중치 적용(0-8점). {missing}"
    )
    assert mt.score_intro(scorten.SCORTEN, lang="en").startswith(
        "Seven risk factors measured within 24 h of admission, one point each (0-7). "
    )
    assert mt.score_intro(abcd10.ABCD10, lang="en").startswith(
        "Five risk factors at admission, weighted as below (0-8). "
    )


def test_no_mortality_text_in_korean() -> None:
    assert mt.no_mortality_text(abcd10.ABCD10, lang="ko") == (
        "ABCD-10 사망률은 표시하지 않습니다: 점수별 사망률 공식을 논문에서 확인할 수 "
        "없었으므로 점수만 제시합니다."
    )


def test_overlap_row_of_the_extent_table() -> None:
    assert mt.classification_rows(lang="en")[1]["Detachment (% BSA)"] == (
        "10 % to 30 % (both ends included)"
    )
    assert mt.classification_rows(lang="ko")[1] == {
        "박리 면적(% BSA)": "10 % 이상 30 % 이하(양 끝 포함)",
        "범위 분류": "SJS/TEN 중첩반응",
    }
    assert mt.classification_rows(lang="en")[1]["Extent category"] == "SJS/TEN overlap"


def test_unit_conversions_in_korean() -> None:
    urea, glucose, bicarbonate = mt.unit_rows(lang="ko")
    assert [urea["검사 항목"], glucose["검사 항목"], bicarbonate["검사 항목"]] == [
        "혈청 요소",
        "혈당",
        "중탄산염",
    ]
    assert urea["환산"] == "요소 mmol/L = BUN mg/dL ÷ 2.8 (BUN = 혈중요소질소)"
    assert urea["두 단위로 나타낸 SCORTEN 기준값"] == "10 mmol/L = BUN 28 mg/dL"
    assert glucose["환산"] == "혈당 mmol/L = mg/dL ÷ 18.016"
    assert glucose["두 단위로 나타낸 SCORTEN 기준값"] == "14 mmol/L = 252.2 mg/dL"
    assert bicarbonate["환산"] == "mEq/L = mmol/L (1가 이온)"


def test_bounds_rows_in_korean() -> None:
    rows = mt.bounds_rows(lang="ko")
    age = next(r for r in rows if r["입력 항목"] == "age_years")
    assert age["단위"] == "세"
    assert age["오류(점수 산출 안 함)"] == (
        "0 미만: 나이는 음수일 수 없음; 125 초과: 기록된 최고령자의 나이(122세)보다 많음"
    )
    heart = next(r for r in rows if r["입력 항목"] == "heart_rate_bpm")
    assert heart["단위"] == "/min"
    assert heart["오류(점수 산출 안 함)"].startswith(
        "0 이하: 농도나 심박수 같은 값은 0보다 커야 함; 600 초과: "
    )
    assert heart["경고(점수 산출, 경고 표시)"].startswith("30 미만: ")
    assert next(r for r in mt.bounds_rows(lang="en") if r["Field"] == "age_years")["Unit"] == (
        "years"
    )
    english = next(r for r in mt.bounds_rows(lang="en") if r["Field"] == "heart_rate_bpm")
    assert english["Error (no score)"].startswith(
        "0 or below: a concentration or rate must be above 0; above 600: "
    )


def test_alden_presence_rows_in_korean() -> None:
    rows = mt.alden_presence_rows(lang="ko")
    assert [r["구분"] for r in rows] == ["확실", "불확실", "배제"]
    assert [(r["점수"], r["기준"]) for r in rows] == [
        (
            "0",
            "기준일까지 복용했거나 기준일 전 반감기의 5배 이내에 중단한 경우; 반감기를 모르는 "
            "경우도 해당(체내 존재를 배제할 수 없으며 경고로 알림)",
        ),
        (
            "-1",
            "반감기의 5배보다 더 전에 중단했으나 간 또는 신장 기능 저하가 있거나 약물 "
            "상호작용이 의심되는 경우",
        ),
        ("-3", "반감기의 5배보다 더 전에 중단했고 그러한 요인이 없는 경우"),
    ]


def test_alden_dechallenge_rules_in_both_languages() -> None:
    assert [r["Rule"] for r in mt.alden_dechallenge_rows(lang="en")] == [
        "drug stopped, or not known",
        "drug continued after onset without harm (the reaction did not progress)",
    ]
    assert [r["기준"] for r in mt.alden_dechallenge_rows(lang="ko")] == [
        "약물 중단 또는 알 수 없음",
        "발병 후에도 약물을 계속 투여했으나 해가 없었음(반응이 진행하지 않음)",
    ]


def test_alden_categories_in_korean() -> None:
    assert mt.alden_category_rows(lang="ko") == [
        {"최종 점수": "6 ~ 10", "범주": "매우 가능성 높음"},
        {"최종 점수": "4 ~ 5", "범주": "가능성 높음"},
        {"최종 점수": "2 ~ 3", "범주": "가능성 있음"},
        {"최종 점수": "0 ~ 1", "범주": "가능성 낮음"},
        {"최종 점수": "-12 ~ -1", "범주": "가능성 매우 낮음"},
    ]


def test_alden_delay_rows_in_korean() -> None:
    rows = mt.alden_delay_rows(lang="ko")
    assert rows[0] == {"구분": "시사적", "점수": "+3", "기준": "5~28일"}
    assert rows[4] == {"구분": "배제", "점수": "-3", "기준": "기준일 당일 또는 이후에 시작"}
    assert rows[5] == {
        "구분": "시사적(같은 약물에 이전 반응이 있었던 경우)",
        "점수": "+3",
        "기준": "1~4일",
    }


def test_alden_prechallenge_and_notoriety_in_korean() -> None:
    assert mt.alden_prechallenge_rows(lang="ko")[0] == {
        "구분": "질환과 약물 모두에 특이적 양성",
        "점수": "+4",
        "기준": "같은 약물로 SJS/TEN 발생",
        "입력값": "sjs_ten_same_drug",
    }
    assert mt.alden_prechallenge_rows(lang="en")[0] == {
        "Value": "Positive specific for disease and drug",
        "Points": "+4",
        "Rule": "SJS/TEN after same drug",
        "Input value": "sjs_ten_same_drug",
    }
    assert [r["구분"] for r in mt.alden_notoriety_rows(lang="ko")] == [
        "강한 연관",
        "연관",
        "의심",
        "모름",
        "의심 안 됨",
    ]


def test_alden_non_drug_convention_in_korean() -> None:
    assert mt.alden_non_drug_text(lang="ko") == (
        "ALDEN 약물 외 원인: 약물 외 원인(예: 확인된 마이코플라스마 감염)이 입력되면 모든 "
        "약물에 -1점을 줍니다: 이 프로젝트의 규칙이며(docs/cli-contract.md) Sassolas 2010 "
        "Table 1에는 없음. Sassolas 2010은 약물끼리만 순위를 비교합니다. 이 규칙에 따라 확인된 "
        "감염은 모든 약물의 점수를 똑같이 1점 낮추며, 기준 6은 -1점보다 낮아지지 않습니다."
    )


def test_drug_sources_say_whether_read_in_korean() -> None:
    verified = {r["원문 확인"] for r in mt.drug_source_rows(lang="ko")}
    assert verified <= {"예", "아니요: 일차 문헌 원문을 읽지 못함"}
    assert "예" in verified


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "SCORTEN and ABCD-10 were derived in adults; their predictions are not "
            "validated in children.",
        ),
        (
            "ko",
            "SCORTEN, ABCD-10: 성인 자료로 개발된 점수이며, 소아에서는 예측이 검증되지 않았습니다.",
        ),
    ],
)
def test_adults_only_text(lang: Lang, expected: str) -> None:
    assert mt.adults_only_text(lang=lang) == expected


def test_top_band_convention_keeps_the_published_counts_in_korean() -> None:
    assert mt.top_band_text(lang="ko") == (
        'SCORTEN ≥ 5의 관찰 사망률: 이를 옮겨 실은 많은 자료가 "> 90 %"로 표기하지만, 개발 '
        "코호트 자료로는 9/10 = 90.0 %(95 % CI 55.5-99.8 %)이며 앱은 이 값을 표시합니다."
    )


@pytest.mark.parametrize(
    "text",
    [
        mt.strict_cutoff_text,
        mt.alden_other_cause_text,
        mt.alden_tie_text,
        mt.alden_non_drug_text,
        mt.alden_broken_drug_text,
        mt.drug_base_text,
        mt.evidence_sections_text,
    ],
)
def test_sentences_are_korean_with_the_same_numbers(text: Callable[..., str]) -> None:
    english, korean = text(lang="en"), text(lang="ko")
    assert sum("가" <= c <= "힣" for c in korean) >= 50  # a Korean sentence, not a label
    assert set(_NUMBER.findall(korean)) == set(_NUMBER.findall(english))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
