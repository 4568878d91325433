"""The Cohort page in Korean (issue 23) through AppTest: the demo cohort's figures under
Korean labels with the same numbers, the row report naming each field as "나이 (age_years)",
the charts' titles, axes and legends, a refused file and a cohort too small for figures in
Korean, and a language switch that keeps the loaded cohort. The English page is
tests/ui/pages/test_cohort_page.py, unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from cohort.upload import MAX_UPLOAD_BYTES
from reports.wording import calibration_note
from tests.ui.pages.test_cohort_page import (
    GOOD_AND_BAD,
    HEADER,
    PAGE,
    TIMEOUT,
    click,
    metrics,
    run,
    upload,
)
from ui import i18n

# The demo cohort (knowledge/data/synthetic_cohort.csv): the same numbers as in English.
KO_METRICS = {
    "읽은 행": "400",
    "점수 산출 행": "396",
    "산출 행 중 사망": "58",
    "제외된 행": "4",
    "AUROC (판별력)": "0.824",
    "O/E 비 (관찰/기대 사망)": "0.71",
    "관찰 사망률": "14.6 %",
    "Brier 점수 (예측 오차)": "0.100",
}
EN_METRICS = {
    "Rows read": "400",
    "Scored": "396",
    "Deaths among scored": "58",
    "Left out": "4",
    "AUROC": "0.824",
    "O/E ratio": "0.71",
    "Observed mortality": "14.6 %",
    "Brier score": "0.100",
}


def korean() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state[i18n.LANG_KEY] = "ko"
    return run(at)


@pytest.fixture
def at() -> AppTest:
    return korean()


def set_language(at: AppTest, lang: str) -> AppTest:
    """What the sidebar's selector does (ui/i18n.py), then the rerun it causes."""
    at.session_state[i18n.LANG_KEY] = lang
    return run(at)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def headers(frame: Any) -> dict[str, str]:
    """A table's column headers as shown, by the column's code."""
    columns = json.loads(frame.proto.columns)
    return {name: c["label"] for name, c in columns.items() if "label" in c}


def charts(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_empty_page_in_korean(at):
    assert at.title[0].value == "코호트 검증"
    assert at.caption[0].value.startswith("한도: 파일당 5 MB, 20,000행.")
    assert at.file_uploader(key="cohort_upload").label == "코호트 CSV 올리기"
    assert at.button(key="cohort_load_demo").label == "합성 예시 코호트 불러오기"
    assert at.button(key="cohort_clear").label == "코호트 지우기"
    intro = next(m.value for m in at.markdown if m.value.startswith("환자 한 명당 한 행인 CSV"))
    # How to code malignancy (issue 22), with the column names as the file must hold them.
    assert "`malignancy`도 같은 방식으로 적으십시오." in intro
    assert "모르면 빈 셀로 두십시오(빈 셀은 '없음'으로 세지 않습니다)" in intro
    assert len(at.metric) == 0


def test_demo_cohort_in_korean_has_the_english_figures_under_korean_labels(at):
    click(at, "cohort_load_demo")
    assert at.warning[0].value.startswith("합성 예시 코호트: 시드를 고정한 스크립트")
    assert metrics(at) == KO_METRICS
    shown = captions(at)
    assert "0.824 (95 % CI 0.769-0.874)" in shown  # numbers as in English
    assert "0.71 (95 % CI 0.56-0.86)" in shown
    assert "기대 사망률 20.5 % (SCORTEN 공식)" in shown
    assert "예측 확률의 평균 제곱 오차이며, 낮을수록 좋습니다" in shown
    assert calibration_note(lang="ko") in shown
    assert [e.label for e in at.expander] == [
        "점수를 산출하지 못한 행 (4)",
        "경고가 있는 산출 행 (66)",
        "방법",
    ]
    assert [s.value for s in at.subheader] == ["synthetic\\_cohort.csv", "재보정 공식"]
    assert "**이 코호트 (최대가능도 추정)**" in [m.value for m in at.markdown]
    assert at.get("download_button")[0].label == "점수를 산출한 코호트 내려받기 (CSV)"


def test_the_row_report_in_korean_names_each_field_with_its_column(at):
    click(at, "cohort_load_demo")
    report = at.dataframe[0]
    assert headers(report) == {
        "row": "행",
        "line": "줄",
        "id": "id",
        "reason": "사유",
        "detail": "상세",
    }
    assert report.value.to_dict("records") == [
        {
            "row": 7,
            "line": 8,
            "id": "SYN-0007",
            "reason": "SCORTEN 항목 미입력",
            "detail": "미입력: 혈당 (glucose_mmol_l).",
        },
        {
            "row": 18,
            "line": 19,
            "id": "SYN-0018",
            "reason": "결과(died) 미상",
            "detail": "died 값이 비어 있습니다.",
        },
        {
            "row": 29,
            "line": 30,
            "id": "SYN-0029",
            "reason": "잘못된 값",
            "detail": "박리 및 박리 가능 표피 (bsa_detached_pct): 120 % — 100 초과이므로 "
            "불가능한 값입니다(체표면적 비율은 100 %를 넘을 수 없음).",
        },
        {
            "row": 40,
            "line": 41,
            "id": "SYN-0040",
            "reason": "잘못된 값",
            "detail": "심박수 (heart_rate_bpm): 숫자여야 합니다. 입력값: 'fast'.",
        },
    ]
    assert "행: 머리글을 빼고 센 데이터 행의 번호입니다." in captions(at)[2]
    assert "행을 선택하면(행 왼쪽의 상자) 표 아래에 전체 내용이 나옵니다." in captions(at)
    warnings = at.dataframe[1]
    assert headers(warnings)["field"] == "항목(열)" and headers(warnings)["warning"] == "경고"
    first = warnings.value.to_dict("records")[0]
    assert (first["field"], first["warning"]) == (
        "age_years",  # the file's column, as it must be written
        "나이 (age_years): 40세 — 정확히 기준값입니다. 원래의 SCORTEN은 기준값을 초과해야 "
        "점수를 주므로 0점입니다(Bastuji-Garin 2000). 일부 공개된 계산기는 이 값에도 점수를 "
        "줍니다. 기준: 나이 > 40세.",
    )
    calibration = at.dataframe[2]
    assert calibration.value["SCORTEN"].tolist() == [0, 1, 2, 3, 4, 5]
    assert headers(calibration) == {
        "patients": "환자 수",
        "deaths": "사망",
        "observed": "관찰 %",
        "observed_ci": "95 % CI (Clopper-Pearson)",
        "expected": "기대 % (원래 공식)",
        "recalibrated": "재보정 %",
    }


def test_an_impossible_age_in_an_upload_is_reported_in_korean(at):
    upload(at, "unit.csv", GOOD_AND_BAD)
    assert at.error == []
    rows = at.dataframe[0].value.to_dict("records")
    assert [(r["id"], r["reason"], r["detail"]) for r in rows] == [
        ("c", "SCORTEN 항목 미입력", "미입력: 혈당 (glucose_mmol_l)."),
        ("d", "결과(died) 미상", "died 값이 비어 있습니다."),
        (
            "e",
            "잘못된 값",
            "나이 (age_years): -3세 — 0세 미만이므로 불가능한 값입니다(나이는 음수일 수 없음).",
        ),
    ]


def test_the_charts_in_korean(at):
    click(at, "cohort_load_demo")
    calibration, roc = charts(at)
    assert (
        calibration["layout"]["title"]["text"]
        == "보정: SCORTEN 점수별<br>관찰 사망률과 기대 사망률"
    )
    assert calibration["layout"]["xaxis"]["title"]["text"] == "SCORTEN (점)"
    assert calibration["layout"]["yaxis"]["title"]["text"] == "사망률 (%)"
    assert [trace["name"] for trace in calibration["data"]] == [
        "기대: 원래 SCORTEN 공식",
        "이 코호트의 재보정 공식",
        "이 코호트의 관찰값, 95 % CI (Clopper-Pearson)",
    ]
    assert calibration["data"][0]["hovertemplate"] == "SCORTEN %{x}: 기대 %{y:.1f} %<extra></extra>"
    observed = calibration["data"][2]["text"]
    assert observed[0].startswith("SCORTEN 0: ") and "명 사망, " in observed[0]
    assert roc["layout"]["title"]["text"] == "이 코호트에서 SCORTEN의 ROC 곡선"
    assert roc["layout"]["xaxis"]["title"]["text"] == "1 - 특이도"
    assert roc["layout"]["yaxis"]["title"]["text"] == "민감도"
    assert [trace["name"] for trace in roc["data"]] == ["우연 수준", "SCORTEN (AUROC 0.824)"]
    assert roc["data"][1]["hovertemplate"] == (
        "%{text}: 민감도 %{y:.2f}, 1 - 특이도 %{x:.2f}<extra></extra>"
    )


def test_the_charts_in_english_are_unchanged():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    click(at, "cohort_load_demo")
    calibration, roc = charts(at)
    assert calibration["layout"]["title"]["text"] == (
        "Calibration: observed vs expected<br>mortality by SCORTEN"
    )
    assert [trace["name"] for trace in calibration["data"]] == [
        "Expected: original SCORTEN equation",
        "This cohort's recalibrated equation",
        "Observed in this cohort, 95 % CI (Clopper-Pearson)",
    ]
    assert calibration["data"][2]["text"][0].startswith("SCORTEN 0: ")
    assert " died, " in calibration["data"][2]["text"][0]
    assert roc["layout"]["title"]["text"] == "ROC curve of SCORTEN in this cohort"
    assert roc["layout"]["xaxis"]["title"]["text"] == "1 - specificity"
    assert roc["layout"]["yaxis"]["title"]["text"] == "Sensitivity"
    assert [trace["name"] for trace in roc["data"]] == ["Chance", "SCORTEN (AUROC 0.824)"]
    assert headers(at.dataframe[0]) == {
        "row": "row",
        "line": "line",
        "id": "id",
        "reason": "reason",
        "detail": "detail",
    }


def test_a_file_over_the_size_limit_is_refused_in_korean(at):
    upload(at, "huge.csv", b"died\n" + b"x" * MAX_UPLOAD_BYTES)
    assert at.error[0].value == (
        "huge.csv: 파일 크기가 5.0 MB입니다. 한도는 5 MB입니다. "
        "코호트를 나누거나 쓰지 않는 열을 지우십시오."
    )
    assert "cohort" not in at.session_state


def test_a_file_without_the_outcome_column_is_refused_in_korean(at):
    upload(at, "no_outcome.csv", b"id,age_years\n1,50\n")
    assert at.error[0].value == (
        "no\\_outcome.csv: 'died' 열이 없습니다. 검증에는 증례마다 결과(true/false, yes/no "
        "또는 1/0)가 필요합니다."
    )


def test_too_few_deaths_in_korean(at):
    data = f"{HEADER}\na,45,130,yes,35,12,18,15,yes\nb,30,90,no,5,4,24,6,no\n".encode()
    upload(at, "small.csv", data)
    assert at.warning[0].value == (
        "이 코호트로는 지표를 계산할 수 없습니다: died: 점수가 계산된 레코드 중 사망 1명, "
        "생존 1명입니다. 검증에는 사망과 생존이 각각 2명 이상 필요합니다."
    )
    assert len(at.get("plotly_chart")) == 0


def test_a_separating_cohort_says_why_in_korean(at):
    data = "\n".join([HEADER, *GOOD_AND_BAD.decode().split("\n")[1:8]]).encode()
    upload(at, "separating.csv", data)
    assert at.info[-1].value.startswith(
        "추정할 수 없음: SCORTEN이 사망자와 생존자를 완전히 분리합니다"
    )


def test_a_language_switch_keeps_the_loaded_cohort():
    at = run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    click(at, "cohort_load_demo")
    assert metrics(at) == EN_METRICS
    stored = at.session_state["cohort"]
    set_language(at, "ko")
    assert at.session_state["cohort"] == stored  # the same file, not scored again
    assert metrics(at) == KO_METRICS
    assert at.title[0].value == "코호트 검증"
    set_language(at, "en")
    assert metrics(at) == EN_METRICS
    assert at.session_state["cohort"]["serial"] == stored["serial"]


def test_a_refused_file_is_said_again_in_the_new_language(at):
    upload(at, "broken.csv", b"id,died,died\n1,no,no\n")
    assert at.error[0].value == "broken.csv: CSV 형식 오류: 'died' 열이 두 번 있습니다."
    set_language(at, "en")
    assert at.error[0].value == "broken.csv: Malformed CSV: the column 'died' is given twice."
