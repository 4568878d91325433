"""The reports in Korean (issue 23): wording, the chart note, the FHIR bundle and the case
file's import messages. The numbers are the English ones, character for character; the
English output is unchanged (the other tests of reports/ hold it)."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from knowledge.i18n import tr
from reports import case_file, chart_note, fhir, wording
from reports.assessment import assess
from reports.case_file import CaseImportError, case_from_json
from reports.text_safety import CONTROL_MESSAGE
from tests.reports.cases import WORKED_INPUTS, drug_case, make_case

# --- wording --------------------------------------------------------------------------


def _worked(inputs: dict | None = None):
    return case_file.score_assessments(make_case(inputs))[1]


def test_headline_in_korean_has_the_english_numbers():
    result = _worked()
    assert wording.score_headline(result.scorten, lang="ko") == (
        "SCORTEN 4점 (7점 만점) · 예측 사망률 62.2 % · 개발 코호트 관찰 사망률 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    )
    assert wording.mortality_text(result.scorten) == "62.2 %"
    assert wording.band_text(result.scorten) == "58.3 % (14/24; 95 % CI 36.6-77.9)"


def test_extent_in_korean():
    assert wording.extent_text(_worked(), lang="ko") == "박리 범위: SJS/TEN 중첩반응 (박리 18 %)"
    assert wording.extent_text(_worked(), lang="en") == "Extent: SJS/TEN overlap (18 % detached)"
    ten = _worked({**WORKED_INPUTS, "bsa_detached_pct": 35.0})
    assert wording.extent_category_text(ten, lang="ko") == "TEN (박리 35 %)"


def test_change_since_day_1_in_korean():
    from scoring.case import score_case

    full = {k: v for k, v in WORKED_INPUTS.items() if k != "bun_mg_dl"} | {"urea_mmol_l": 12.1}
    day1 = score_case({"assessment_day": 1, **full})  # SCORTEN 4
    day3 = score_case({"assessment_day": 3, **full, "heart_rate_bpm": 130, "glucose_mmol_l": 16})
    assert wording.change_since_first_day({1: day1, 3: day3}, 3, lang="ko") == (
        "SCORTEN 1일째: 4 → 3일째: 6 (2점 상승)"
    )
    assert wording.change_since_first_day({1: day3, 3: day1}, 3, lang="ko").endswith("(2점 하락)")
    assert wording.change_since_first_day({1: day1, 2: day1}, 2, lang="ko").endswith("(변화 없음)")


@pytest.mark.parametrize(
    ("field", "value", "korean"),
    [
        ("bun_mg_dl", 34.0, "= 12.1 mmol/L 요소"),
        ("urea_mmol_l", 12.1, "= 34 mg/dL BUN"),
        ("glucose_mg_dl", 252.2, "= 14.0 mmol/L"),
        ("glucose_mmol_l", 14.0, "= 252 mg/dL"),
    ],
)
def test_converted_values_in_korean(field, value, korean):
    assert wording.converted_text(field, value, lang="ko") == korean


def test_the_english_constants_are_the_english_of_the_functions():
    assert wording.calibration_note(lang="en") == wording.CALIBRATION_NOTE
    assert wording.disclaimer(lang="en") == wording.DISCLAIMER
    assert wording.day3_reminder(lang="en") == wording.DAY3_REMINDER
    assert wording.disclaimer(lang="ko", method_page=True).startswith(
        "임상의를 위한 의사결정 지원 도구이며, 임상적 판단을 대신하지 않습니다. 이 앱의"
    )


def test_the_calibration_note_in_korean_carries_every_figure_of_the_english():
    english, korean = wording.calibration_note(lang="en"), wording.calibration_note(lang="ko")
    for figure in ("n = 165", "64", "-0.0889", "-0.2023", "0.0245", "SMR 0.91", "0.82-1.02",
                   "11 %", "70.7 %", "54", "77.7", "Bastuji-Garin 2000", "Torres-Navarro 2020",
                   "Sekula 2011", "Micheletti 2018"):  # fmt: skip
        assert figure in english and figure in korean, figure
    sources = wording.calibration_sources_md(lang="ko")
    assert sources.startswith("출처: Torres-Navarro I et al.")
    assert "[doi:10.1111/jdv.16137](https://doi.org/10.1111/jdv.16137)" in sources
    assert "PMC7578915" in sources and "PMID 29758282" in sources


# --- the chart note ----------------------------------------------------------------------


def test_chart_note_in_korean():
    case = make_case()
    lines = chart_note.chart_note(case, assess(case), lang="ko").splitlines()
    assert lines[:3] == [
        "SJS/TEN 평가 (SCORTEN, ABCD-10, 박리 범위, ALDEN)",
        "임상의를 위한 의사결정 지원 도구이며, 임상적 판단을 대신하지 않습니다.",
        "",
    ]
    assert lines[3] == "평가일 1일째"
    assert lines[4] == (
        "  입력값: 나이 67세; 심박수 118 /min; 악성 종양 예; 박리 체표면적 18 % BSA; "
        "BUN(혈중요소질소) 34 mg/dL (= 12.1 mmol/L 요소); 중탄산염 22 mmol/L; "
        "혈당 10 mmol/L (= 180 mg/dL)"
    )
    assert lines[6:13] == [
        "    ✓ 나이 67세 > 40세 — 1점",
        "    ✗ 심박수 118 /min ≤ 120 /min — 0점",
        "    ✓ 악성 종양: 예 — 1점",
        "    ✓ 박리 체표면적(BSA) 18 % > 10 % — 1점",
        "    ✓ BUN 34 mg/dL (= 12.1 mmol/L 요소) > 10 mmol/L (BUN 28 mg/dL) — 1점",
        "    ✗ 중탄산염 22 mmol/L ≥ 20 mmol/L (mEq/L도 같음) — 0점",
        "    ✗ 혈당 10 mmol/L (= 180 mg/dL) ≤ 14 mmol/L (252.2 mg/dL) — 0점",
    ]
    assert "  ABCD-10 4-7점 (8점 만점; 입원 전 투석 미입력)" in lines
    assert (
        "  SCORTEN 4점 (7점 만점) · 예측 사망률 62.2 % · 개발 코호트 관찰 사망률 58.3 % "
        "(14/24; 95 % CI 36.6-77.9)"
    ) in lines
    assert (
        "  박리 범위: SJS/TEN 중첩반응 (박리 18 %) — 박리 범위에 따른 분류이며 진단이 아닙니다."
        in lines
    )
    assert wording.day3_reminder(lang="ko") in lines
    assert wording.calibration_note(lang="ko") in lines
    assert "약물: 입력 없음 — 원인 약물 평가가 빠져 있습니다." in lines
    assert "다음 조치 (제시 이유; 출처, 절, 권고 등급)" in lines
    assert "출처:" in lines
    # The citations stay as published.
    assert any(
        line.startswith("- ") and "doi:10.1046/j.1523-1747.2000.00061.x" in line for line in lines
    )


def test_chart_note_drugs_and_trend_in_korean():
    case = drug_case()
    note = chart_note.chart_note(case, assess(case), lang="ko")
    assert "약물 (기준일 = 피부 또는 점막 증상이 처음 나타난 날: 2024-03-31)" in note
    assert "  1. “lamotrigine” — ALDEN 6, 매우 가능성 높음; 첫 복용일 2024-03-17; 복용 중" in note
    assert "첫 복용일 2024-03-28; 마지막 복용일 2024-03-30" in note
    assert (
        "     ALDEN 항목: 지연 기간 +3, 약물 체내 존재 +0, 이전 투여(prechallenge) +0, "
        "투여 중단(dechallenge) +0, 알려진 위험도(notoriety) +3" in note
    )
    assert "  경고 (“lamotrigine”): " in note
    assert "   이유: " in note and "   출처: 영국피부과학회(BAD) 성인 진료지침 2016" in note
    trend_case = make_case(None, (3, {"age_years": 67.0}))
    trend = chart_note.chart_note(trend_case, assess(trend_case), lang="ko")
    assert "SCORTEN 추이: 1일째: 4; 3일째: 1-7" in trend
    assert wording.day3_reminder(lang="ko") not in trend


def test_chart_note_without_a_first_intake_says_so_once():
    case = drug_case()
    case["drugs"] = [{"name": "lamotrigine"}]
    english = chart_note.chart_note(case, assess(case))
    assert "first intake not entered; still taken" in english
    assert "first intake first intake" not in english
    korean = chart_note.chart_note(case, assess(case), lang="ko")
    assert "첫 복용일 미입력; 복용 중" in korean


# --- the FHIR bundle ---------------------------------------------------------------------


def _entries(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _input(bundle: dict, code: str) -> dict:
    return next(
        o for o in _entries(bundle, "Observation") if o["code"]["coding"][0]["code"] == code
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_fhir_bundle_states_its_language_and_validates(lang):
    case = drug_case(bsa=35.0)
    bundle = fhir.fhir_bundle(case, assess(case), lang=lang)
    Bundle.model_validate(bundle)
    assert bundle["language"] == lang
    with_text = [e["resource"] for e in bundle["entry"]]
    for resource in with_text:
        if resource["resourceType"] == "Patient":
            assert resource == {"resourceType": "Patient", "active": True}  # no text, no language
        else:
            assert resource["language"] == lang, resource["resourceType"]
    json.loads(fhir.fhir_bundle_json(case, assess(case), lang=lang))


def test_fhir_displays_in_korean_keep_the_codes_and_the_code_systems_own_display():
    case = drug_case(bsa=35.0)
    english = fhir.fhir_bundle(case, assess(case))
    korean = fhir.fhir_bundle(case, assess(case), lang="ko")
    # A LOINC display stays LOINC's; the Korean is its translation and the concept's text.
    heart_en, heart_ko = _input(english, "8867-4"), _input(korean, "8867-4")
    assert heart_en["code"] == {
        "coding": [{"system": fhir.LOINC, "code": "8867-4", "display": "Heart rate"}],
        "text": "Heart rate",
    }
    assert heart_ko["code"]["coding"][0]["display"] == "Heart rate"
    assert heart_ko["code"]["coding"][0]["_display"] == {
        "extension": [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/translation",
                "extension": [
                    {"url": "lang", "valueCode": "ko"},
                    {"url": "content", "valueString": "심박수"},
                ],
            }
        ]
    }
    assert heart_ko["code"]["text"] == "심박수"
    assert heart_ko["valueQuantity"] == heart_en["valueQuantity"]
    # This project's own codes display in the bundle's language.
    bsa_ko = _input(korean, "bsa-detached-pct")
    assert bsa_ko["code"]["coding"][0] == {
        "system": fhir.PROJECT_CODE_SYSTEM,
        "code": "bsa-detached-pct",
        "display": "박리 및 박리 가능 표피, 전체 체표면적 대비 %",
    }
    assert _input(english, "bsa-detached-pct")["code"]["coding"][0]["display"] == (
        "Detached and detachable epidermis, % of total body surface area"
    )
    # TEN: SNOMED CT 23067006, its display SNOMED's, the text Korean.
    (allergy,) = _entries(korean, "AllergyIntolerance")
    manifestation = allergy["reaction"][0]["manifestation"][0]
    assert manifestation["text"] == "독성표피괴사용해"
    assert manifestation["coding"][0]["code"] == "23067006"
    assert manifestation["coding"][0]["display"] == "Toxic epidermal necrolysis"
    alden = [
        o for o in _entries(korean, "Observation") if o["code"]["coding"][0]["code"] == "alden"
    ]
    assert alden[0]["code"]["text"] == "ALDEN 약물 인과성: lamotrigine"
    assert alden[0]["interpretation"] == [{"text": "매우 가능성 높음"}]
    assert allergy["reaction"][0]["description"] == (
        "ALDEN 6 (매우 가능성 높음), 순위가 가장 높은 약물입니다."
    )
    (plan,) = _entries(korean, "CarePlan")
    assert plan["title"] == "SJS/TEN 다음 조치"
    assert plan["activity"][0]["progress"][0]["text"].startswith("출처: ")


def test_fhir_scorten_notes_in_korean():
    case = make_case()
    korean = fhir.fhir_bundle(case, assess(case), lang="ko")
    scorten = next(o for o in _entries(korean, "Observation") if o["code"]["text"] == "SCORTEN")
    notes = [n["text"] for n in scorten["note"]]
    assert notes[0] == "입원 1일째 평가입니다 (1일째 = 입원 후 첫 24시간)."
    assert notes[1].startswith("SCORTEN 4점 (7점 만점) · 예측 사망률 62.2 %")
    assert wording.calibration_note(lang="ko") in notes
    assert scorten["valueInteger"] == 4
    assert scorten["component"][0]["code"]["text"] == (
        "예측 사망률 (SCORTEN 로지스틱 방정식, Bastuji-Garin 2000)"
    )
    assert scorten["component"][0]["valueQuantity"]["value"] == 62.2


# --- the case file's import messages -----------------------------------------------------


def _refusal(text: bytes | str) -> CaseImportError:
    with pytest.raises(CaseImportError) as raised:
        case_from_json(text)
    return raised.value


@pytest.mark.parametrize(
    ("text", "english", "korean"),
    [
        (b"\xff\xfe", "The file is not UTF-8 text; choose a case JSON file.",
         "이 파일은 UTF-8 텍스트가 아닙니다. 증례 JSON 파일을 선택하십시오."),
        ('{"format": "sjsten-case", "version": NaN}',
         "The file is not valid JSON (NaN is not a number JSON allows).",
         "올바른 JSON 파일이 아닙니다(JSON에서 허용하지 않는 숫자입니다: NaN)."),
        ('{"format": "other"}',
         'This is not a case file of this app (expected "format": "sjsten-case").',
         '이 앱의 증례 파일이 아닙니다("format": "sjsten-case"이어야 합니다).'),
    ],
)  # fmt: skip
def test_import_refusals_in_both_languages(text, english, korean):
    error = _refusal(text)
    assert str(error) == error.message("en") == english
    assert error.message("ko") == korean


def test_a_refused_field_is_named_in_korean_with_pydantics_reason():
    case = make_case()
    case["drugs"] = [{"name": "a\nb"}]
    case["index_day"] = "2024-02-30"
    text = case_file.case_to_json(case)
    error = _refusal(text)
    assert "drug 1, drug name: " + CONTROL_MESSAGE in str(error)
    assert error.message("ko") == (
        "올바른 증례 파일이 아닙니다: 기준일: 달력에 없는 날짜입니다: 2024-02-30; "
        "약물 1, 약물 이름: 제어 문자(줄바꿈, 탭, NUL 또는 이스케이프 코드)가 들어 있습니다. "
        "특수 문자 없이 한 줄로 이름을 입력하십시오."
    )


def test_the_korean_control_character_message_translates_the_one_english_message():
    assert tr("case.import_control_character", "en") == CONTROL_MESSAGE


def test_pydantics_common_refusals_in_korean():
    raw = json.loads(case_file.case_to_json(make_case()))
    raw["assessments"][0]["inputs"]["heart_rate_bpm"] = "fast"
    raw["other_cause_non_drug"] = "no"
    raw["extra"] = 1
    error = _refusal(json.dumps(raw))
    english = str(error)
    assert "Input should be a valid number" in english
    assert "Extra inputs are not permitted" in english
    korean = error.message("ko")
    assert korean.startswith("올바른 증례 파일이 아닙니다: ")
    assert "숫자여야 합니다" in korean and "허용되지 않는 항목입니다" in korean
    assert "true 또는 false여야 합니다" in korean
    assert "약물 외 원인: true 또는 false여야 합니다" in korean


def test_a_contradicting_case_file_is_refused_in_korean():
    raw = json.loads(case_file.case_to_json(make_case()))
    raw["assessments"][0]["inputs"]["urea_mmol_l"] = 20.0  # BUN 34 mg/dL is 12.1 mmol/L
    error = _refusal(json.dumps(raw))
    assert str(error).startswith("This case file contradicts itself: assessment 1 (day 1), ")
    korean = error.message("ko")
    assert korean.startswith("이 증례 파일은 내용이 서로 맞지 않습니다: 평가 1 (1일째), ")
    assert korean == (
        "이 증례 파일은 내용이 서로 맞지 않습니다: 평가 1 (1일째), 혈청 요소 / BUN: "
        "혈청 요소 20 mmol/L, BUN(혈중요소질소) 34 mg/dL — 두 값은 5 % 이내로 일치해야 "
        "합니다. 아무것도 가져오지 않았습니다."
    )


def test_why_the_scores_differ_in_korean():
    case = make_case({**WORKED_INPUTS, "age_years": 45.0, "dialysis_before_admission": True})
    result = case_file.score_assessments(case)[1]
    notes = wording.score_differences(result.scorten, result.abcd10, lang="ko")
    assert "악성 종양: SCORTEN 1점, ABCD-10 2점." in notes
    assert "입원 전 투석: ABCD-10 3점; SCORTEN에는 없는 항목입니다." in notes
    assert "나이: SCORTEN에는 반영됨(나이 > 40세), ABCD-10에는 반영되지 않음(나이 ≥ 50세)." in notes


def test_a_value_in_the_other_units_field_is_refused_in_korean():
    raw = json.loads(case_file.case_to_json(make_case()))
    raw["assessments"][0]["units"]["glucose"] = "mg/dL"  # the value is glucose_mmol_l
    error = _refusal(json.dumps(raw))
    assert error.message("ko") == (
        "이 증례 파일은 내용이 서로 맞지 않습니다: 평가 1 (1일째), 혈당: 파일에 지정된 단위는 "
        "mg/dL인데 값은 mmol/L 항목(혈당)에 적혀 있습니다. 아무것도 가져오지 않았습니다."
    )


def test_chart_note_with_an_impossible_value_in_korean():
    case = make_case({**WORKED_INPUTS, "age_years": -3.0})
    lines = chart_note.chart_note(case, assess(case), lang="ko").splitlines()
    assert "  점수 없음: 입력값에 불가능한 값이 있습니다." in lines
    assert "  오류: 나이: -3세 — 0세 미만이므로 불가능한 값입니다(나이는 음수일 수 없음)." in lines
    assert not any(line.startswith("  SCORTEN") for line in lines)
