"""Teaching page in Korean (issue 23): the chrome, the quiz, what-if and the presenter view
in the reader's language; a language switch keeps the case, the step, the slide and the
what-if values; the URL keeps `lang`; a case's own Korean shows where it is written, with
the English original on request ("원문 보기")."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from knowledge.loading import load_yaml
from teaching import cases
from teaching.cases import TeachingSet, parse_teaching
from tests.ui.pages.test_teaching_page import (
    PAGE,
    TIMEOUT,
    answer,
    click,
    markdown,
    reveal_all,
    run,
)
from ui import i18n

APP = str(Path(__file__).resolve().parents[3] / "app.py")


def open_ko(**query: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    for name, value in query.items():
        at.query_params[name] = value
    return run(at)


def switch_language(at: AppTest, lang: str) -> AppTest:
    """What the sidebar's selector does: the session's language, then a rerun."""
    at.session_state[i18n.LANG_KEY] = lang
    return run(at)


@pytest.fixture
def at() -> AppTest:
    return open_ko()


# --- chrome, case picker and the step reveal --------------------------------------------------


def test_the_page_and_the_case_picker_in_korean(at):
    assert at.title[0].value == "교육"
    assert at.caption[0].value == (
        "이 페이지의 증례는 모두 가상 교육 증례입니다. "
        "교육을 위해 만든 것이며 실제 환자가 아닙니다."
    )
    picker = at.selectbox(key="teaching_case")
    assert picker.label == "교육 증례"
    assert picker.value == "lamotrigine-valproate"
    # The case card: the label in Korean, the case's summary in its own Korean.
    assert at.caption[1].value == (
        "가상 교육 증례 · 뇌전증이 있는 29세 여성, valproate에 lamotrigine을 추가한 지 2주 후."
    )
    mode = at.radio(key="teaching_mode")
    assert mode.label == "보기 방식"
    assert mode.options == ["단계별 풀이", "퀴즈", "발표 화면"]
    assert at.expander[0].label == "이 증례 공유"
    assert at.button(key="teaching_next_step").label == "다음 단계 보기"
    assert at.button(key="teaching_restart").label == "처음부터 다시"


def test_the_step_reveal_and_the_scores_in_korean(at):
    click(at, "teaching_next_step")
    click(at, "teaching_next_step")
    assert at.button(key="teaching_next_step").label == "점수 보기"
    click(at, "teaching_next_step")
    assert at.subheader[0].value == "SCORTEN 2점 (7점 만점) · 예측 사망률 12.2 %"
    lines = markdown(at)
    assert "✓ 심박수 124 /min: 기준 심박수 > 120 /min 충족, 1점." in lines
    assert "✗ 나이 29세: 기준 나이 > 40세 미충족, 0점." in lines
    assert "**ABCD-10 1점 (8점 만점)**" in lines
    # The engine's warning, in its Korean (scoring's Issue.text).
    assert (
        "참고: 중탄산염: 20 mmol/L — 정확히 기준값입니다. 원래의 SCORTEN은 기준값 미만이어야 "
        "점수를 주므로 0점입니다(Bastuji-Garin 2000). 기준: 중탄산염 < 20 mmol/L (mEq/L도 같음)."
    ) in [c.value for c in at.caption]
    assert (
        "**박리 범위: SJS/TEN 중첩반응** — 박리 면적에 따른 범위 분류(Bastuji-Garin 1993)이며 "
        "진단이 아닙니다. 수포성 다형홍반과 SJS는 병변의 형태로 구별합니다."
    ) in lines
    assert "**교육 요점**" not in lines  # a subheader, below
    assert [s.value for s in at.subheader][1:3] == ["교육 요점", "값을 바꾸면?"]
    assert at.caption[-1].value == "값을 기준값 너머로 옮겨 어느 항목의 판정이 바뀌는지 보십시오."
    assert at.expander[1].label == "ABCD-10 항목"
    table = at.dataframe[0].value
    assert list(table.columns) == ["약물", "성분명", "ALDEN", "분류"]
    assert table["약물"].tolist() == ["lamotrigine", "valproate"]  # drug names stay as written
    assert table["분류"].tolist() == ["매우 가능성 높음", "가능성 매우 낮음"]
    assert "**유력한 원인 약물: lamotrigine** — ALDEN 6 (매우 가능성 높음)" in lines


def test_day_labels_in_korean_and_the_day_kept_on_a_switch():
    at = reveal_all(open_ko(case="day3-progression"))
    day = at.radio(key="teaching_day")
    assert day.label == "평가일"
    assert day.options == ["1일째", "3일째"]
    day.set_value(3)
    run(at)
    assert at.subheader[0].value == "SCORTEN 5점 (7점 만점) · 예측 사망률 85.0 %"
    switch_language(at, "en")
    assert at.radio(key="teaching_day").value == 3
    assert at.subheader[0].value == "SCORTEN 5 of 7 · predicted mortality 85.0 %"


# --- quiz -------------------------------------------------------------------------------------


def quiz_ko(at: AppTest) -> AppTest:
    at.radio(key="teaching_mode").set_value("퀴즈")
    return run(at)


def test_quiz_labels_and_right_answers_in_korean(at):
    quiz_ko(at)
    assert at.info[0].value == "이번 세션에서 아직 답한 증례가 없습니다."
    assert at.number_input(key="teaching_quiz_scorten").label == "SCORTEN 추정값(0-7)"
    culprit = at.selectbox(key="teaching_quiz_culprit")
    assert (culprit.label, culprit.placeholder) == ("유력한 원인 약물", "약물 선택")
    assert at.button(key="teaching_quiz_check").label == "정답 확인"
    assert at.button(key="teaching_tally_reset").label == "집계 초기화"
    answer(at, 2, "lamotrigine")
    assert [s.value for s in at.success] == [
        "SCORTEN 2점: 정답입니다.",
        "원인 약물 lamotrigine: 정답입니다.",
    ]
    assert at.info[0].value == "답한 증례 1개 · SCORTEN 1/1 · 원인 약물 1/1"
    assert "**풀이**" in markdown(at)
    reasoning = markdown(at)[-2]
    assert reasoning.startswith("- 나이 29세: 기준 나이 > 40세 미충족, 0점.\n")
    assert reasoning.endswith("- 합계: SCORTEN 2점 (7점 만점).")


def test_quiz_wrong_answers_in_korean():
    at = quiz_ko(open_ko(case="child-cotrimoxazole"))
    answer(at, 1, "paracetamol")
    assert [e.value for e in at.error] == [
        "SCORTEN은 1점이 아니라 0점입니다.",
        "유력한 원인 약물은 co-trimoxazole입니다(고른 답: paracetamol).",
    ]
    assert at.info[0].value == "답한 증례 1개 · SCORTEN 0/1 · 원인 약물 0/1"


def test_quiz_asks_for_both_answers_in_korean(at):
    quiz_ko(at)
    answer(at, None, "lamotrigine")
    assert at.warning[0].value == "SCORTEN 추정값과 약물을 모두 입력하십시오."
    # The feedback is kept as a key, not words: a switch redraws it in the new language.
    switch_language(at, "en")
    assert at.warning[0].value == "Give both a SCORTEN estimate and a drug."


def test_a_language_switch_keeps_the_quiz_and_its_feedback(at):
    quiz_ko(at)
    answer(at, 2, "lamotrigine")
    switch_language(at, "en")
    assert at.radio(key="teaching_mode").value == "quiz"
    assert at.number_input(key="teaching_quiz_scorten").value == 2
    assert at.selectbox(key="teaching_quiz_culprit").value == "lamotrigine"
    assert [s.value for s in at.success] == ["SCORTEN 2: correct.", "Culprit lamotrigine: correct."]
    assert at.info[0].value == "1 case answered · SCORTEN 1/1 · culprit 1/1"


# --- what-if ----------------------------------------------------------------------------------


def test_what_if_in_korean(at):
    reveal_all(at)
    # The sliders' and the toggle's labels are the field registry's (scoring.fields).
    assert [s.label for s in at.slider] == [
        "나이(세)",
        "심박수(/min)",
        "박리 및 박리 가능 BSA(%)",
        "혈청 요소(mmol/L)",
        "중탄산염(mmol/L)",
        "혈당(mmol/L)",
    ]
    assert at.toggle(key="teaching_whatif_malignancy").label == "악성 종양"
    assert "판정이 바뀐 항목이 없습니다." in markdown(at)
    assert at.button(key="teaching_whatif_reset").label == "증례의 원래 값으로"
    at.slider(key="teaching_whatif_bicarbonate_mmol_l").set_value(19.0)
    run(at)
    assert "SCORTEN 2 → 3점 (7점 만점) · 예측 사망률 12.2 % → 32.4 %" in markdown(at)
    assert "중탄산염: 이제 점수를 받습니다." in markdown(at)
    at.slider(key="teaching_whatif_heart_rate_bpm").set_value(100.0)
    run(at)
    assert "심박수: 이제 점수를 받지 않습니다." in markdown(at)


def test_a_language_switch_keeps_the_case_the_steps_and_the_what_if_values(at):
    at.selectbox(key="teaching_case").set_value("allopurinol-hla-b5801")
    run(at)
    reveal_all(at)
    at.slider(key="teaching_whatif_age_years").set_value(30.0)
    at.toggle(key="teaching_whatif_malignancy").set_value(True)
    run(at)
    before = markdown(at)
    switch_language(at, "en")
    assert at.selectbox(key="teaching_case").value == "allopurinol-hla-b5801"
    assert at.session_state["teaching_step"] == 5  # four steps and the scores, all shown
    assert at.slider(key="teaching_whatif_age_years").value == 30.0
    assert at.toggle(key="teaching_whatif_malignancy").value is True
    switch_language(at, "ko")
    assert markdown(at) == before


# --- presenter --------------------------------------------------------------------------------


def test_presenter_in_korean_and_the_url_keeps_the_language():
    at = open_ko(case="lamotrigine-valproate", mode="presenter", slide="5")
    assert at.caption[0].value == "슬라이드 5/11"
    assert at.title[0].value == "1일째: SCORTEN 2점 (7점 만점)"
    assert [h.value for h in at.header] == [
        "예측 사망률 12.2 %",
        "점수 항목: 심박수, 박리 체표면적(BSA)",
        "ABCD-10 1점 (8점 만점) · 박리 범위: SJS/TEN 중첩반응",
    ]
    labels = {b.key: b.label for b in at.button}
    assert labels["teaching_prev_slide"] == "이전"
    assert labels["teaching_next_slide"] == "다음"
    assert labels["teaching_exit_presenter"] == "발표 화면 닫기"
    assert dict(at.query_params) == {
        "case": "lamotrigine-valproate",
        "lang": "ko",
        "mode": "presenter",
        "slide": "5",
    }
    click(at, "teaching_next_slide")
    assert at.title[0].value == "유력한 원인 약물: lamotrigine"
    assert at.header[0].value == "ALDEN 6 — 매우 가능성 높음"
    assert at.query_params["slide"] == "6" and at.query_params["lang"] == "ko"
    click(at, "teaching_next_slide")
    assert at.title[0].value == "교육 요점 1"


def test_presenter_what_if_and_quiz_slides_in_korean():
    at = open_ko(case="lamotrigine-valproate", mode="presenter", slide="10")
    assert at.header[0].value == "값을 바꾸면?"
    click(at, "teaching_next_slide_page_down")
    assert at.header[0].value == "퀴즈"
    assert markdown(at)[0] == "1일째 SCORTEN을 추정하고 유력한 원인 약물을 고르십시오."


def test_a_language_switch_keeps_the_slide():
    at = open_ko(case="lamotrigine-valproate", mode="presenter", slide="4")
    switch_language(at, "en")
    assert at.caption[0].value == "Slide 4 of 11"
    assert at.query_params["slide"] == "4"
    assert at.query_params["lang"] == "en"


def test_a_bad_slide_number_says_so_in_korean():
    at = open_ko(case="lamotrigine-valproate", mode="presenter", slide="abc")
    assert at.warning[0].value == (
        "링크의 슬라이드 번호가 1 이상의 정수가 아니므로 1번 슬라이드를 보여 줍니다."
    )


def test_exit_keeps_the_language_in_the_case_link():
    at = open_ko(case="allopurinol-hla-b5801", mode="presenter", slide="2")
    click(at, "teaching_exit_presenter")
    assert dict(at.query_params) == {"case": "allopurinol-hla-b5801", "lang": "ko"}
    assert at.code[0].value == "?case=allopurinol-hla-b5801&lang=ko"
    assert at.code[1].value == "?case=allopurinol-hla-b5801&lang=ko&mode=presenter&slide=1"


def test_an_unknown_case_in_a_link_says_so_in_korean():
    at = open_ko(case="no-such-case")
    assert (
        at.warning[0].value
        == "'no-such-case'에 해당하는 교육 증례가 없습니다. 아래에서 고르십시오."
    )


@pytest.mark.usefixtures("navigation_in_apptest")  # tests/ui/conftest.py
def test_a_presenter_link_with_lang_ko_opens_korean_slides_in_the_app():
    """The whole app: `?lang=ko` on a presenter link gives Korean slides, and the URL follows
    the slide with the language kept."""
    at = AppTest.from_file(APP, default_timeout=60)
    query = {"case": "lamotrigine-valproate", "lang": "ko", "mode": "presenter", "slide": "3"}
    for name, value in query.items():
        at.query_params[name] = value
    run(at)
    run(at.switch_page("ui/pages/teaching_page.py"))
    assert at.caption[0].value == "슬라이드 3/11"
    assert dict(at.query_params) == query
    click(at, "teaching_next_slide")
    assert at.caption[0].value == "슬라이드 4/11"
    assert dict(at.query_params) == {**query, "slide": "4"}


# --- a case's own Korean, with the English original on request ----------------------------


SUMMARY_EN = (
    "A 29-year-old woman with epilepsy, two weeks after lamotrigine was added to valproate."
)
STEP_1_EN = (
    "A 29-year-old woman with generalised epilepsy, well controlled on valproate for three "
    "years, had lamotrigine added 16 days ago. The dose was increased faster than the label's "
    "schedule for patients on valproate."
)
STEP_1_KO = (
    "전신 뇌전증이 있는 29세 여성으로, 3년 동안 valproate로 잘 조절되어 왔으며 16일 전 "
    "lamotrigine이 추가되었습니다. 용량은 허가사항에 제시된 valproate 복용 환자용 일정보다 "
    "빠르게 증량되었습니다."
)
REASONING_KO = (
    "Lamotrigine은 첫 피부 증상 16일 전에 시작했고(ALDEN 지연 기간 '시사적', 5-28일), "
    "SJS/TEN과 강한 연관이 있는 약물입니다. Valproate는 수년간 복용해 왔고(지연 기간 56일 "
    "초과) 계속 복용했으나 해가 없었습니다. 원인 약물은 아니지만 lamotrigine의 반감기와 "
    "노출을 두 배로 늘리며, 이 때문에 허가사항은 valproate 복용 시 lamotrigine의 시작 용량과 "
    "증량을 절반으로 줄입니다."
)
POINT_1_KO = (
    "중탄산염이 정확히 20 mmol/L입니다. 원래 SCORTEN은 20 미만인 값을 요구하므로 이 값은 "
    "점수를 받지 못합니다."
)


def originals(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("원문:")]


def test_the_cases_own_korean_shows_on_the_page(at):
    shipped = cases.default_teaching()
    picker = at.selectbox(key="teaching_case")
    assert picker.options == [c.ko["title"] for c in shipped.cases]  # as shown
    assert picker.options[0] == "Valproate에 lamotrigine 추가"
    assert markdown(at)[:2] == ["**병력**", STEP_1_KO]
    # Without "원문 보기", no original is shown.
    assert originals(at) == []
    reveal_all(at)
    lines = markdown(at)
    assert lines[:6:2] == ["**병력**", "**이상반응**", "**1일째 수치**"]
    assert REASONING_KO in lines
    assert f"1. {POINT_1_KO}" in [m.split("  \n")[0] for m in lines]
    assert originals(at) == []


def test_the_english_original_beside_the_korean_on_request():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    at.session_state[i18n.ORIGINAL_KEY] = True
    run(at)
    assert originals(at) == [
        f"원문: Lamotrigine added to valproate · {SUMMARY_EN}",
        f"원문: Presentation · {STEP_1_EN}",
    ]
    reveal_all(at)
    case = cases.default_teaching().get("lamotrigine-valproate")
    assert originals(at) == [
        f"원문: Lamotrigine added to valproate · {SUMMARY_EN}",
        *(f"원문: {step.title} · {step.text}" for step in case.steps),
        f"원문: {case.culprit.reasoning}",
        *(f"원문: {point.text}" for point in case.teaching_points),
    ]
    # The citations stay as published, under the Korean teaching point.
    point_1 = next(m for m in markdown(at) if m.startswith(f"1. {POINT_1_KO}"))
    assert "Bastuji-Garin S, Fouchard N, Bertocchi M" in point_1


def test_the_english_page_shows_the_english_and_no_original():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.ORIGINAL_KEY] = True  # "원문 보기" on: nothing to add in English
    reveal_all(run(at))
    case = cases.default_teaching().get("lamotrigine-valproate")
    picker = at.selectbox(key="teaching_case")
    assert picker.options[0] == "Lamotrigine added to valproate"
    assert at.caption[1].value == f"Fictional teaching case · {SUMMARY_EN}"
    lines = markdown(at)
    assert lines[:2] == ["**Presentation**", STEP_1_EN]
    assert case.culprit.reasoning in lines
    assert not any(c.value.startswith(("원문:", "Original:")) for c in at.caption)


def test_a_language_switch_redraws_the_case_text():
    at = reveal_all(open_ko(case="day3-progression"))
    assert "**3일째**" in markdown(at)
    switch_language(at, "en")
    assert at.selectbox(key="teaching_case").value == "day3-progression"
    assert "**Day 3**" in markdown(at)
    switch_language(at, "ko")
    assert "**3일째**" in markdown(at)


def test_presenter_slides_show_the_korean_and_the_original_on_request():
    at = open_ko(case="lamotrigine-valproate", mode="presenter", slide="1")
    assert at.title[0].value == "Valproate에 lamotrigine 추가"
    assert [h.value for h in at.header] == [
        "가상 교육 증례",
        "뇌전증이 있는 29세 여성, valproate에 lamotrigine을 추가한 지 2주 후.",
    ]
    assert len(at.caption) == 1  # the slide number only
    at.session_state[i18n.ORIGINAL_KEY] = True
    run(at)
    assert at.caption[1].value == f"원문: Lamotrigine added to valproate · {SUMMARY_EN}"
    # In English, the same slide shows the English and no original.
    switch_language(at, "en")
    assert at.title[0].value == "Lamotrigine added to valproate"
    assert len(at.caption) == 1


def _without_korean_title(raw: dict[str, Any], case_id: str) -> dict[str, Any]:
    raw = copy.deepcopy(raw)
    case = next(c for c in raw["cases"] if c["id"] == case_id)
    del case["ko"]["title"]
    return raw


@pytest.fixture
def one_title_in_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[TeachingSet]:
    """The shipped cases, one case's title without its Korean (the page caches the cases:
    the cache is cleared around the test)."""
    raw = _without_korean_title(load_yaml(cases.DATA_FILE), "allopurinol-hla-b5801")
    teaching = parse_teaching(raw)
    monkeypatch.setattr(cases, "default_teaching", lambda: teaching)
    st.cache_data.clear()
    yield teaching
    st.cache_data.clear()


def test_a_text_without_korean_shows_its_english(one_title_in_english):
    at = open_ko(case="allopurinol-hla-b5801")
    picker = at.selectbox(key="teaching_case")
    assert picker.options[1] == "Allopurinol in a man of Korean ancestry"
    assert picker.options[0] == "Valproate에 lamotrigine 추가"
    # Its summary still has Korean.
    assert at.caption[1].value == (
        "가상 교육 증례 · 만성 콩팥병이 있는 한국계 68세 남성, allopurinol을 시작한 지 24일 후."
    )
