"""The Case page in Korean (issue 23) through AppTest: the design.md worked case reads in
Korean with the same numbers; a Korean case starts in mg/dL and scores as the English one in
mmol/L; switching the language mid-case keeps every value; a bad case file is refused in
Korean."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from knowledge.i18n import tr
from reports.wording import calibration_note
from tests.ui.pages.test_case_page import (
    RADIO_KEYS,
    WORKED_HEADLINE,
    enter,
    run,
    subheaders,
    texts,
    worked_case,
)
from ui import i18n

PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "case_page.py")
TIMEOUT = 30

# The worked case (age 67, malignancy, HR 118, BSA 18 %, urea 12.1 mmol/L, bicarbonate 22,
# glucose 10 mmol/L): SCORTEN 4 of 7, 62.2 % (Bastuji-Garin 2000 logistic equation).
KO_HEADLINE = "SCORTEN 4점 (7점 만점)"
KO_MORTALITY = "**예측 사망률 62.2 %** (SCORTEN 로지스틱 방정식)"
KO_BAND = "개발 코호트 관찰 사망률 58.3 % (14/24; 95 % CI 36.6-77.9)"
KO_EXTENT = "**박리 범위: SJS/TEN 중첩반응 (박리 18 %)**"
KO_CALIBRATION = (
    "SCORTEN의 보정은 코호트와 시대에 따라 다릅니다. SCORTEN의 예측값은 1990년대 프랑스 "
    "코호트(n = 165, Bastuji-Garin 2000)에서 나왔습니다. 64개 연구의 메타분석에서 통합 "
    "log SMR(관찰/예측)은 -0.0889(95 % CI -0.2023 ~ 0.0245)였고, 저자들은 이를 SCORTEN이 "
    "적절하게 작동한다는 뜻으로 해석했습니다(Torres-Navarro 2020): SMR 0.91, 95 % CI "
    "0.82-1.02(이 앱에서 지수 변환한 값이며, 신뢰구간이 1을 포함합니다). RegiSCAR에서는 "
    "SCORTEN이 병원 "
    "내 사망을 11 % 과소 추정했고(Sekula 2011), 환자의 70.7 %가 약물 치료를 받은 미국 "
    "코호트에서는 예측 사망 77.7명에 대해 관찰 사망은 54명이었습니다(SMR 0.70, 95 % CI "
    "0.58-0.79; Micheletti 2018). 개별 "
    "환자에게 이 수치는 코호트 추정치입니다. 치료 강화는 점수만이 아니라 임상 양상을 보고 "
    "결정하십시오."
)
# The worked case's values by widget key, in mmol/L (the English app's start) ...
WORKED_MMOL_L = {
    "case_age_years": 67.0,
    "case_malignancy": "Yes",
    "case_heart_rate_bpm": 118.0,
    "case_bsa_detached_pct": 18.0,
    "case_urea_value": 12.1,
    "case_bicarbonate_mmol_l": 22.0,
    "case_glucose_value": 10.0,
}
# ... and in mg/dL as a Korean lab reports them: BUN 34 mg/dL (12.1 mmol/L urea x 2.8,
# rounded as reported), glucose 180 mg/dL (10 mmol/L x 18.016).
WORKED_MG_DL = {**WORKED_MMOL_L, "case_urea_value": 34.0, "case_glucose_value": 180.0}


def korean_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    return run(at)


@pytest.fixture
def at() -> AppTest:
    return korean_page()


def set_language(at: AppTest, lang: str) -> AppTest:
    """What the sidebar's selector does (ui/i18n.py), then the rerun it causes."""
    at.session_state[i18n.LANG_KEY] = lang
    return run(at)


def widget_values(at: AppTest) -> dict[str, object]:
    return {
        key: (at.radio(key=key) if key in RADIO_KEYS else at.number_input(key=key)).value
        for key in WORKED_MMOL_L
    }


def summary_number(at: AppTest) -> str:
    """The bedside summary's headline number (drawn as markdown, issue 22)."""
    return next(m.value.removeprefix("### ") for m in at.markdown if m.value.startswith("### "))


def test_the_worked_case_in_korean(at):
    # Entered in mmol/L, as in design.md: the unit switch is the reader's to choose.
    at.radio(key="case_unit_system").set_value("SI")
    run(at)
    worked_case(at)
    assert subheaders(at) == [KO_HEADLINE]
    shown = texts(at)
    assert KO_MORTALITY in shown
    assert KO_BAND in shown
    assert KO_EXTENT in shown
    assert shown.count(KO_CALIBRATION) == 2  # under the summary and under the curve
    assert calibration_note(lang="ko") == KO_CALIBRATION
    assert summary_number(at) == "62.2 %"
    assert "**예측 사망률 · SCORTEN 4점 (7점 만점)**" in shown
    assert "SJS/TEN 중첩반응 (박리 18 %)" in shown  # the summary's extent
    assert "= 34 mg/dL BUN" in shown  # the converted value under the urea field
    # The breakdown: the engine's Korean names, the same numbers, units as written.
    for line in (
        "✓ 나이 67세 > 40세 — 1점",
        "✗ 심박수 118 /min ≤ 120 /min — 0점",
        "✓ 악성 종양: 예 — 1점",
        "✓ 박리 체표면적(BSA) 18 % > 10 % — 1점",
        "✓ 혈청 요소 12.1 mmol/L (= 34 mg/dL BUN) > 10 mmol/L (BUN 28 mg/dL) — 1점",
        "✗ 중탄산염 22 mmol/L ≥ 20 mmol/L (mEq/L도 같음) — 0점",
        "✗ 혈당 10 mmol/L (= 180 mg/dL) ≤ 14 mmol/L (252.2 mg/dL) — 0점",
    ):
        assert line in shown, line
    assert at.title[0].value == "증례"
    assert at.info[0].value.startswith("임상의를 위한 의사결정 지원 도구이며")
    assert any(i.value.startswith("3일째에 같은 공식으로 다시 계산하십시오.") for i in at.info)
    assert not at.error and not at.warning


def test_the_design_worked_case_with_glucose_missing_in_korean(at):
    # design.md: glucose not yet known, the range and what would narrow it.
    at.radio(key="case_unit_system").set_value("SI")
    run(at)
    worked_case(at, case_glucose_value=None)
    assert subheaders(at) == ["SCORTEN 4-5점 (7점 만점; 혈당 미입력)"]
    shown = texts(at)
    assert "**예측 사망률 62.2-85.0 %** (SCORTEN 로지스틱 방정식)" in shown
    assert "• 혈당 — 미입력 (충족하면 1점 추가)" in shown
    assert (
        "범위를 좁히려면 다음 항목을 입력하십시오: 혈당. 미입력 항목은 정상으로 계산하지 않습니다."
        in shown
    )
    assert "**예측 사망률 · SCORTEN 4-5점 (7점 만점; 1개 미입력)**" in shown
    assert summary_number(at) == "62.2-85.0 %"
    assert KO_EXTENT in shown


def test_inputs_are_labelled_by_the_engine_in_korean(at):
    assert at.number_input(key="case_age_years").label == tr("fields.age_years.input", "ko")
    assert at.radio(key="case_urea_unit").options == ["mmol/L (요소)", "mg/dL (BUN, 요소질소)"]
    assert at.radio(key="case_urea_unit").label == "혈청 요소 / BUN 단위"
    assert at.radio(key="case_malignancy").label == tr("fields.malignancy.input", "ko")
    # The help names the points each score gives, in Korean.
    assert at.radio(key="case_dialysis_before_admission").help == tr(
        "fields.points_help.only_not_part",
        "ko",
        score="ABCD-10",
        points=tr("fields.points.many", "ko", points=3),
        others="SCORTEN",
    )


def test_an_impossible_value_in_korean(at):
    worked_case(at, case_urea_value=34, case_glucose_value=180, case_age_years=-3)
    assert subheaders(at) == ["점수 없음"]
    # The engine's message next to the field, in Korean, the field named as on screen.
    assert "나이: -3세 — 0세 미만이므로 불가능한 값입니다(나이는 음수일 수 없음)." in [
        e.value for e in at.error
    ]
    assert [e.value for e in at.error][-1] == (
        "불가능한 입력값이 있습니다(해당 항목 옆의 메시지를 확인하십시오). "
        "값을 고치면 SCORTEN, ABCD-10 점수가 표시됩니다."
    )
    fhir = [d for d in at.get("download_button") if d.proto.label.startswith("FHIR")]
    assert fhir[0].proto.disabled


def test_a_value_in_the_other_unit_offers_the_switch_in_korean(at):
    worked_case(at, case_urea_value=34, case_glucose_value=10)  # 10 mg/dL: looks like mmol/L
    switch = at.button(key="case_glucose_value_switch")
    assert switch.label == "10: mmol/L 값으로 보입니다. mmol/L 단위로 읽기"


def test_page_chrome_in_korean(at):
    assert at.selectbox(key="case_active_day").options == ["1일째"]
    assert at.selectbox(key="case_active_day").label == "평가일"
    assert at.button(key="case_add_day").label == "평가일 추가"
    assert at.button(key="case_clear").label == "증례 지우기"
    assert at.radio(key="case_malignancy").options == ["모름", "아니요", "예"]
    assert at.radio(key="case_malignancy").value == "Unknown"  # the code, not the words
    assert at.radio(key="case_unit_system").options == ["SI 단위 (mmol/L)", "관용 단위 (mg/dL)"]
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [
        "증례 파일 내려받기 (JSON)",
        "진료 기록 메모 (텍스트)",
        "FHIR R4 번들 (1일째)",
    ]
    assert [m.value for m in at.markdown if m.value.startswith("#### ")] == [
        "#### 환자",
        "#### 활력 징후",
        "#### 피부",
        "#### 검사 결과",
        "#### 다음 조치",
        "#### 내보내기",
    ]


def test_a_korean_case_starts_in_mg_dl_and_scores_as_the_english_one_in_mmol_l(at):
    assert at.radio(key="case_unit_system").value == "US"
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    worked_case(at, case_urea_value=34, case_glucose_value=180)
    korean = at.session_state["case"]["assessments"][0]
    assert korean["units"] == {"urea": "mg/dL", "glucose": "mg/dL"}
    assert korean["inputs"]["bun_mg_dl"] == 34.0 and korean["inputs"]["glucose_mg_dl"] == 180.0
    english = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    assert english.radio(key="case_urea_unit").value == "mmol/L"  # English starts in SI
    worked_case(english)
    # The same score and mortality, the same numbers in both languages.
    assert subheaders(at) == [KO_HEADLINE] and subheaders(english) == [WORKED_HEADLINE]
    assert KO_MORTALITY in texts(at)
    assert "**Predicted mortality 62.2 %** (SCORTEN logistic equation)" in texts(english)
    assert summary_number(at) == summary_number(english) == "62.2 %"
    # The conversions shown under the fields: "= 12.1 mmol/L 요소", "= 10.0 mmol/L".
    assert "= 12.1 mmol/L 요소" in texts(at) and "= 10.0 mmol/L" in texts(at)


def test_switching_to_korean_mid_case_keeps_every_value_and_the_score():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    worked_case(at)
    before = widget_values(at)
    case_before = at.session_state["case"]
    set_language(at, "ko")
    assert widget_values(at) == before == WORKED_MMOL_L
    assert at.radio(key="case_urea_unit").value == "mmol/L"  # never switched by the language
    assert at.radio(key="case_unit_system").value == "SI"
    assert at.session_state["case"] == case_before
    assert subheaders(at) == [KO_HEADLINE] and KO_MORTALITY in texts(at)
    run(at)  # a further run changes nothing
    assert widget_values(at) == WORKED_MMOL_L and subheaders(at) == [KO_HEADLINE]


def test_switching_to_english_mid_case_keeps_every_value_and_the_score(at):
    worked_case(at, case_urea_value=34, case_glucose_value=180)
    before = widget_values(at)
    case_before = at.session_state["case"]
    set_language(at, "en")
    assert widget_values(at) == before == WORKED_MG_DL
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_unit_system").value == "US"
    assert at.session_state["case"] == case_before
    assert subheaders(at) == [WORKED_HEADLINE]
    assert "**Predicted mortality 62.2 %** (SCORTEN logistic equation)" in texts(at)


def test_the_day_selector_keeps_its_day_across_a_language_switch():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    worked_case(at)
    at.button(key="case_add_day").click()
    run(at)
    assert at.selectbox(key="case_active_day").value == 3
    set_language(at, "ko")
    assert at.selectbox(key="case_active_day").value == 3
    assert at.selectbox(key="case_active_day").options == ["1일째", "3일째"]
    assert at.number_input(key="case_age_years").value == 67.0  # carried over to day 3
    set_language(at, "en")
    assert at.selectbox(key="case_active_day").options == ["Day 1", "Day 3"]
    assert at.selectbox(key="case_active_day").value == 3


def test_a_bad_case_file_is_refused_in_korean(at):
    worked_case(at, case_urea_value=34, case_glucose_value=180)
    at.file_uploader(key="case_import_file").set_value(
        ("case.json", b'{"format": "sjsten-case", "version": 2}', "application/json")
    )
    run(at)
    assert [e.value for e in at.error] == [
        "지원하지 않는 증례 파일 버전입니다(2). 이 앱은 버전 1 파일을 읽습니다."
    ]
    assert subheaders(at) == [KO_HEADLINE]  # the case is kept
    at.file_uploader(key="case_import_file").set_value(
        ("other.json", b"{not json", "application/json")
    )
    run(at)
    (error,) = [e.value for e in at.error]
    # The parser's own diagnostic (line, column) stays as it wrote it.
    assert error.startswith("올바른 JSON 파일이 아닙니다(Expecting property name")


def test_an_imported_case_says_so_in_korean(at):
    from tests.ui.pages.test_case_page import _case_file

    at.file_uploader(key="case_import_file").set_value(
        ("case.json", _case_file(), "application/json")
    )
    run(at)
    assert [s.value for s in at.success] == [tr("case.imported", "ko")] == ["증례를 가져왔습니다."]
    # The file's units are the case's, whatever the language: BUN in mg/dL, glucose in mmol/L.
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.number_input(key="case_urea_value").value == 34.0


def test_the_body_surface_helper_in_korean(at):
    at.number_input(key="case_bsa_rule_of_nines_trunk_front").set_value(50)
    run(at)
    head = at.number_input(key="case_bsa_rule_of_nines_head_neck")
    assert head.label == "머리와 목 (전신의 9 %) — 박리 비율(%)"
    head.set_value(100)
    run(at)
    assert "**박리 합계: 체표면적의 18.0 %**" in texts(at)
    apply = at.button(key="case_bsa_apply")
    assert apply.label == "18.0 %를 박리 면적 칸에 넣기"
    apply.click()
    run(at)
    assert at.number_input(key="case_bsa_detached_pct").value == 18.0


def test_an_empty_case_follows_the_language_until_a_lab_is_entered():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    assert at.radio(key="case_urea_unit").value == "mmol/L"
    enter(at, case_age_years=67)  # not a lab: the units may still follow the language
    set_language(at, "ko")
    assert at.radio(key="case_unit_system").value == "US"
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    assert at.number_input(key="case_age_years").value == 67.0
    enter(at, case_urea_value=34)  # BUN 34 mg/dL entered: the units are the case's now
    set_language(at, "en")
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    assert at.radio(key="case_unit_system").value == "US"
    assert at.number_input(key="case_urea_value").value == 34.0


def test_a_unit_system_the_user_chose_is_kept_whatever_the_language(at):
    at.radio(key="case_unit_system").set_value("SI")
    run(at)
    set_language(at, "en")
    set_language(at, "ko")
    assert at.radio(key="case_unit_system").value == "SI"
    assert at.radio(key="case_urea_unit").value == "mmol/L"


def test_a_lab_unit_the_user_chose_is_kept_whatever_the_language():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    enter(at, case_glucose_unit="mg/dL")  # chosen before any value
    set_language(at, "ko")
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    assert at.radio(key="case_urea_unit").value == "mmol/L"
    assert at.radio(key="case_unit_system").value == "SI"


def test_after_a_switch_the_browser_is_sent_each_option_in_the_new_words():
    # The browser knows a radio's value by its words: unless they are sent again, it shows
    # nothing chosen and its next message resets the value (tests/e2e/test_case_korean.py).
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    worked_case(at)
    assert not at.radio(key="case_malignancy").proto.set_value  # nothing to resend
    set_language(at, "ko")
    for key, words in (
        ("case_malignancy", "예"),
        ("case_urea_unit", "mmol/L (요소)"),
        ("case_unit_system", "SI 단위 (mmol/L)"),
    ):
        proto = at.radio(key=key).proto
        assert proto.set_value and proto.raw_value == words, key
    day = at.selectbox(key="case_active_day").proto
    assert day.set_value and day.raw_value == "1일째"
    run(at)  # the same language again: nothing resent
    assert not at.radio(key="case_malignancy").proto.set_value


def test_the_summary_names_the_top_drug_in_korean():
    from tests.reports.cases import drug_case

    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    at.session_state["case"] = drug_case()  # BUN 34 mg/dL, glucose 10 mmol/L, BSA 35 %
    run(at)
    shown = texts(at)
    assert "**가장 의심되는 약물**" in shown
    assert "lamotrigine — ALDEN 6, **매우 가능성 높음**" in shown
    assert "TEN (박리 35 %)" in shown
    # A case already entered keeps its units, whatever the language: glucose in mmol/L.
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_glucose_unit").value == "mmol/L"
    assert at.number_input(key="case_glucose_value").value == 10.0


def test_the_day_to_add_keeps_its_choice_across_a_language_switch_and_moves_on_when_added():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    worked_case(at)
    assert at.selectbox(key="case_new_day").value == 3  # day 3: SCORTEN's reassessment day
    at.selectbox(key="case_new_day").set_value(5)
    run(at)
    set_language(at, "ko")
    assert at.selectbox(key="case_new_day").value == 5
    assert at.selectbox(key="case_new_day").format_func(5) == "5일째"
    at.button(key="case_add_day").click()
    run(at)
    assert at.selectbox(key="case_active_day").options == ["1일째", "5일째"]
    # Day 5 is taken: the box offers day 3 again, not an empty choice.
    assert at.selectbox(key="case_new_day").value == 3
    assert "5일째" not in at.selectbox(key="case_new_day").options
    assert "3일째" in at.selectbox(key="case_new_day").options
