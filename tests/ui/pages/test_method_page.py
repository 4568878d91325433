"""Method page: the rules shown are the engine's own numbers, never retyped text."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reports.wording import CALIBRATION_NOTE
from scoring import alden, scorten

PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "method_page.py")
# Logistic values as published (Bastuji-Garin 2000, doi:10.1046/j.1523-1747.2000.00061.x).
PUBLISHED_LOGISTIC = ["1.2 %", "3.9 %", "12.2 %", "32.4 %", "62.2 %", "85.0 %", "95.1 %", "98.5 %"]


@pytest.fixture(scope="module")
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not app.exception
    return app


def _tables_with(at: AppTest, column: str) -> list:
    return [t.value for t in at.table if column in t.value.columns]


def _all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(parts)


def test_page_runs_without_exception(at: AppTest) -> None:
    assert not at.exception
    assert at.title[0].value == "Method"


def test_logistic_values_match_the_published_table(at: AppTest) -> None:
    (table,) = _tables_with(at, "Predicted mortality (logistic)")
    assert table["Predicted mortality (logistic)"].tolist() == PUBLISHED_LOGISTIC
    assert table["SCORTEN"].tolist() == list(range(8))


def test_scorten_cutoffs_are_strict_as_in_the_original(at: AppTest) -> None:
    scorten_table = _tables_with(at, "Rule (earns the points)")[0]
    rules = scorten_table["Rule (earns the points)"].tolist()
    assert rules == [c.rule for c in scorten.CRITERIA]
    assert "Age > 40 years" in rules
    assert "Heart rate > 120 /min" in rules
    assert "Detached BSA > 10 %" in rules
    assert "Urea > 10 mmol/L (BUN 28 mg/dL)" in rules
    assert "Bicarbonate < 20 mmol/L (mEq/L is the same)" in rules
    assert "Glucose > 14 mmol/L (252.2 mg/dL)" in rules


def test_formula_is_shown_from_the_constants(at: AppTest) -> None:
    assert "logit = −4.448 + 1.237 × SCORTEN" in _all_text(at)


def test_observed_bands_show_nine_of_ten_not_over_ninety(at: AppTest) -> None:
    (table,) = _tables_with(at, "Observed mortality")
    last = table.iloc[-1]
    assert (last["SCORTEN"], last["Deaths / patients"], last["Observed mortality"]) == (
        "≥ 5",
        "9/10",
        "90.0 %",
    )
    assert "9/10 = 90.0 %" in _all_text(at)


def test_abcd10_mortality_is_not_shown(at: AppTest) -> None:
    assert any("ABCD-10 mortality is not shown" in w.value for w in at.warning)
    abcd_table = _tables_with(at, "Rule (earns the points)")[1]
    assert "Detached BSA ≥ 10 %" in abcd_table["Rule (earns the points)"].tolist()


def test_alden_category_bands_come_from_the_engine(at: AppTest) -> None:
    (table,) = _tables_with(at, "Final score")
    assert table.to_dict("records") == [
        {"Final score": "6 to 10", "Category": "very probable"},
        {"Final score": "4 to 5", "Category": "probable"},
        {"Final score": "2 to 3", "Category": "possible"},
        {"Final score": "0 to 1", "Category": "unlikely"},
        {"Final score": "-12 to -1", "Category": "very unlikely"},
    ]
    assert alden.category(6) == "very probable"


def test_alden_delay_bands(at: AppTest) -> None:
    delay = next(t for t in _tables_with(at, "Rule") if "Suggestive" in t["Value"].tolist())
    rows = dict(zip(delay["Value"], delay["Rule"], strict=True))
    assert rows["Suggestive"] == "5 to 28 days"
    assert rows["Excluded"] == "started on or after the index day"


def test_conventions_limitations_and_cds_statement(at: AppTest) -> None:
    text = _all_text(at)
    assert CALIBRATION_NOTE in text  # the one note, as on the Case and Cohort pages
    assert "could not be read in full text" in text  # Koh 2020's per-score table
    assert "supports and does not replace a clinician's judgement" in text
    assert "criterion 4" in text
    assert "tied at the top keep 0" in text
    assert "https://doi.org/10.1046/j.1523-1747.2000.00061.x" in text
    assert "https://pubmed.ncbi.nlm.nih.gov/10951229/" in text


def test_bounds_table_lists_every_field_with_a_reason(at: AppTest) -> None:
    (table,) = _tables_with(at, "Error (no score)")
    assert "glucose_mmol_l" in table["Field"].tolist()
    glucose = table[table["Field"] == "glucose_mmol_l"].iloc[0]
    assert "above 150" in glucose["Error (no score)"]


def test_drug_knowledge_sources_and_evidence_labels_are_listed(at: AppTest) -> None:
    (sources,) = _tables_with(at, "Verified")
    assert len(sources) >= 5
    assert any("Sassolas" in s for s in sources["Source"])
    (labels,) = _tables_with(at, "Label shown")
    assert "Preclinical — not for clinical use" in labels["Label shown"].tolist()
    assert "Harmful" in labels["Label shown"].tolist()
    assert "flagged high-risk when its notoriety is +3" in _all_text(at)


def test_alden_conventions_are_labelled_as_this_projects(at: AppTest) -> None:
    text = _all_text(at)
    assert "this project's convention" in text  # non-drug cause -1 for every drug
    assert "ALDEN with one broken drug" in text
    assert "admission model" in text


def test_contents_list_links_every_section_and_the_banner_does_not_point_here(
    at: AppTest,
) -> None:
    """Issue 22: a long page with no contents; its banner said "see the Method page"."""
    headers = [h for h in at.header]
    contents = next(m.value for m in at.markdown if m.value.startswith("**Contents:**"))
    for header in headers:
        slug = header.proto.anchor
        assert slug and f"[{header.value}](#{slug})" in contents, header.value
    assert len(headers) == contents.count("](#")
    banner = at.info[0].value
    assert "see the Method page" not in banner
    assert banner.startswith("Decision support for clinicians")


# --- in Korean (issue 23) ------------------------------------------------------------------

KO_SECTIONS = [
    "SCORTEN",
    "ABCD-10",
    "박리 범위",
    "단위",
    "입력값 허용 범위",
    "ALDEN (약물 인과성)",
    "약물 지식 베이스와 경고 표시",
    "근거 수준",
    "출처 간 차이가 있을 때의 처리 원칙",
    "한계",
]
OWN_TRANSLATION = (
    "발표된 SCORTEN 항목의 한국어판을 찾지 못하여, 항목의 한국어 명칭과 설명은 이 "
    "프로젝트에서 자체 번역한 것입니다."
)


@pytest.fixture(scope="module")
def at_ko() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.session_state["ui_lang"] = "ko"
    app.run()
    assert not app.exception
    return app


def test_korean_title_sections_and_contents(at_ko: AppTest, at: AppTest) -> None:
    assert at_ko.title[0].value == "방법"
    assert [h.value for h in at_ko.header] == KO_SECTIONS
    # The anchors are the English headings' in both languages: a shared link still lands.
    assert [h.proto.anchor for h in at_ko.header] == [h.proto.anchor for h in at.header]
    contents = next(m.value for m in at_ko.markdown if m.value.startswith("**목차:**"))
    assert contents == (
        "**목차:** [SCORTEN](#scorten) · [ABCD-10](#abcd-10) · [박리 범위](#extent-of-detachment)"
        " · [단위](#units) · [입력값 허용 범위](#plausibility-limits)"
        " · [ALDEN (약물 인과성)](#alden-drug-causality)"
        " · [약물 지식 베이스와 경고 표시](#drug-knowledge-base-and-flags)"
        " · [근거 수준](#evidence-tiers)"
        " · [출처 간 차이가 있을 때의 처리 원칙](#conventions-where-sources-disagree)"
        " · [한계](#limitations)"
    )


def test_korean_subheadings(at_ko: AppTest) -> None:
    assert [s.value for s in at_ko.subheader] == [
        "예측 사망률",
        "개발 코호트의 관찰 사망률",
        "3일째",
        "1. 첫 복용일부터 기준일까지의 지연 기간",
        "2. 기준일의 약물 체내 존재 여부",
        "3. 이전 투여 / 재투여(prechallenge/rechallenge)",
        "4. 투여 중단(dechallenge)",
        "5. 약물 유형(notoriety)",
        "6. 다른 원인",
        "범주",
    ]


def test_korean_criteria_table(at_ko: AppTest) -> None:
    scorten_table = _tables_with(at_ko, "기준(충족 시 점수 부여)")[0]
    assert list(scorten_table.columns) == [
        "항목",
        "기준(충족 시 점수 부여)",
        "점수",
        "기준값과 정확히 같을 때",
        "출처",
    ]
    assert scorten_table.iloc[4].to_dict() == {
        "항목": "혈청 요소",
        "기준(충족 시 점수 부여)": "혈청 요소 > 10 mmol/L (BUN 28 mg/dL)",
        "점수": 1,
        "기준값과 정확히 같을 때": "점수 없음(등호 미포함)",
        "출처": "Bastuji-Garin 2000, 초록",
    }
    (extent,) = _tables_with(at_ko, "범위 분류")
    assert extent["범위 분류"].tolist() == ["SJS", "SJS/TEN 중첩반응", "TEN"]


def test_korean_alden_categories(at_ko: AppTest) -> None:
    (table,) = _tables_with(at_ko, "최종 점수")
    assert table.to_dict("records")[0] == {"최종 점수": "6 ~ 10", "범주": "매우 가능성 높음"}


def test_korean_numbers_are_the_english_numbers(at_ko: AppTest) -> None:
    (table,) = _tables_with(at_ko, "예측 사망률(로지스틱)")
    assert table["예측 사망률(로지스틱)"].tolist() == PUBLISHED_LOGISTIC
    assert "logit = −4.448 + 1.237 × SCORTEN;  예측 사망률 = e^logit / (1 + e^logit)" in (
        _all_text(at_ko)
    )
    assert "9/10 = 90.0 %" in _all_text(at_ko)


def test_korean_says_the_scorten_items_are_the_projects_own_translation(
    at_ko: AppTest, at: AppTest
) -> None:
    assert OWN_TRANSLATION in [c.value for c in at_ko.caption]
    assert not any("Korean" in c.value or "한국어" in c.value for c in at.caption)


def test_korean_keeps_citations_as_published(at_ko: AppTest) -> None:
    text = _all_text(at_ko)
    assert (
        "출처: Bastuji-Garin S et al. SCORTEN: a severity-of-illness score for toxic epidermal "
        "necrolysis. J Invest Dermatol 2000;115(2):149-53." in text
    )
    assert "https://doi.org/10.1046/j.1523-1747.2000.00061.x" in text
    assert "이 앱은 임상의의 판단을 돕는 도구이며, 판단을 대신하지 않습니다." in text


def test_switching_to_korean_and_back() -> None:
    app = AppTest.from_file(PAGE, default_timeout=30).run()
    app.session_state["ui_lang"] = "ko"
    app.run()
    assert app.title[0].value == "방법"
    app.session_state["ui_lang"] = "en"
    app.run()
    assert app.title[0].value == "Method"
    assert app.header[2].value == "Extent of detachment"
