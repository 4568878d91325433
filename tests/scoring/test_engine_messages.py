"""Every engine message about a severity input carries its `Text` (issue 23): its English
rendering is the English screen's message of today (the CLI's message with the field named
as on screen and a lab limit rounded with its unit: `screen_labels.on_screen`), the CLI's
message is unchanged, and the Korean is exact."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from knowledge.i18n import Text
from scoring import batch, bounds
from scoring.case import score_case
from scoring.fields import FIELDS, read_boolean, read_integer, read_number
from scoring.fields import FieldError as ReadError
from scoring.models import Issue
from scoring.screen_labels import on_screen
from scoring.tabular import invalid_text_message, invalid_text_text


def issues(record: dict[str, Any]) -> list[Issue]:
    result = score_case(record)
    return [*result.errors, *result.warnings]


def only(record: dict[str, Any]) -> Issue:
    (issue,) = issues(record)
    return issue


def check(issue: Issue, cli: str, en: str, ko: str) -> None:
    """The CLI's message, the English screen's (today's: on_screen of the CLI's) and the
    Korean, exactly."""
    assert issue.text is not None
    assert issue.message == cli
    assert issue.text.render("en") == en == on_screen(cli)
    assert issue.text.render("ko") == ko


# --- bounds: on and around the limits, both unit systems, errors and warnings --------------


def test_age_below_zero_is_an_error() -> None:
    check(
        only({"age_years": -3}),
        "age_years: -3 years is impossible: below 0 (age cannot be negative).",
        "Age: -3 years is impossible: below 0 (age cannot be negative).",
        "나이: -3세 — 0세 미만이므로 불가능한 값입니다(나이는 음수일 수 없음).",
    )


@pytest.mark.parametrize("age", [0, 17.9])
def test_a_child_is_warned_about(age: float) -> None:
    check(
        only({"age_years": age}),
        f"age_years: {age:g} years is below 18: SCORTEN (Bastuji-Garin 2000) and ABCD-10 "
        "(Noe 2019) were derived in adults; their predictions are not validated in children.",
        f"Age: {age:g} years is below 18: SCORTEN (Bastuji-Garin 2000) and ABCD-10 (Noe 2019) "
        "were derived in adults; their predictions are not validated in children.",
        f"나이: {age:g}세 — 18세 미만입니다. 성인을 대상으로 개발된 점수로, 소아에서는 예측이 "
        "검증되지 않았습니다: SCORTEN (Bastuji-Garin 2000) 및 ABCD-10 (Noe 2019).",
    )


def test_no_message_on_the_limits_themselves() -> None:
    assert issues({"age_years": 18}) == []
    assert issues({"age_years": 125}) == []
    assert issues({"heart_rate_bpm": 600}) == [only({"heart_rate_bpm": 600})]  # a warning


def test_age_above_the_oldest_human() -> None:
    check(
        only({"age_years": 126}),
        "age_years: 126 years is impossible: above 125 "
        "(older than the oldest documented human, 122 years).",
        "Age: 126 years is impossible: above 125 "
        "(older than the oldest documented human, 122 years).",
        "나이: 126세 — 125세 초과이므로 불가능한 값입니다(기록된 최고령자의 나이(122세)보다 많음).",
    )


def test_heart_rate_messages() -> None:
    check(
        only({"heart_rate_bpm": 0}),
        "heart_rate_bpm: 0 /min is impossible: it must be above 0.",
        "Heart rate: 0 /min is impossible: it must be above 0.",
        "심박수: 0 /min — 불가능한 값입니다. 0보다 커야 합니다.",
    )
    check(
        only({"heart_rate_bpm": 29}),
        "heart_rate_bpm: 29 /min is below 30: profound bradycardia; check the entry.",
        "Heart rate: 29 /min is below 30: profound bradycardia; check the entry.",
        "심박수: 29 /min — 30 미만입니다. 심한 서맥입니다. 입력값을 확인하십시오.",
    )
    error = only({"heart_rate_bpm": 601})
    assert error.text is not None and error.text.render("ko") == (
        "심박수: 601 /min — 600 초과이므로 불가능한 값입니다(사람에게서 보고된 최고 심박수"
        "(조기 흥분 심방세동에서 600/min; Chhabra L et al., Indian Pacing Electrophysiol J "
        "2012;12:32-5)보다 높음)."
    )


def test_glucose_in_mmol_l_and_in_mg_dl() -> None:
    check(
        only({"glucose_mmol_l": 60}),
        "glucose_mmol_l: 60 mmol/L is above 50: this looks like a mg/dL value; check the unit.",
        "Glucose: 60 mmol/L is above 50 mmol/L: this looks like a mg/dL value; check the unit.",
        "혈당: 60 mmol/L — 50 mmol/L 초과입니다. mg/dL 값으로 보입니다. 단위를 확인하십시오.",
    )
    check(
        only({"glucose_mg_dl": 9}),
        "glucose_mg_dl: 9 mg/dL is below 36.032: severe hypoglycaemia, or a mmol/L value "
        "entered as mg/dL; check the unit.",
        "Glucose: 9 mg/dL is below 36 mg/dL: severe hypoglycaemia, or a mmol/L value entered "
        "as mg/dL; check the unit.",
        "혈당: 9 mg/dL — 36 mg/dL 미만입니다. 심한 저혈당이거나 mmol/L 값을 mg/dL로 입력했을 수 "
        "있습니다. 단위를 확인하십시오.",
    )
    # Never a false sentence: 36.01 is not below 36, so two decimals are kept.
    near = only({"glucose_mg_dl": 36.01})
    assert near.text is not None
    assert near.text.render("ko").startswith("혈당: 36.01 mg/dL — 36.03 mg/dL 미만입니다.")
    assert issues({"glucose_mg_dl": 36.04}) == []
    check(
        only({"glucose_mg_dl": 3000}),
        "glucose_mg_dl: 3000 mg/dL is impossible: above 2702.4 (above 150 mmol/L, beyond the "
        "highest glucose reported in a survivor).",
        "Glucose: 3000 mg/dL is impossible: above 2702 mg/dL (above 150 mmol/L, beyond the "
        "highest glucose reported in a survivor).",
        "혈당: 3000 mg/dL — 2702 mg/dL 초과이므로 불가능한 값입니다(150 mmol/L 초과로, "
        "생존자에게서 보고된 최고 혈당보다 높음).",
    )


def test_urea_and_bun() -> None:
    check(
        only({"urea_mmol_l": 61}),
        "urea_mmol_l: 61 mmol/L is above 60: very high; if this is BUN in mg/dL, choose mg/dL "
        "(BUN 28 mg/dL = urea 10 mmol/L).",
        "Urea: 61 mmol/L is above 60 mmol/L: very high; if this is BUN in mg/dL, choose mg/dL "
        "(BUN 28 mg/dL = urea 10 mmol/L).",
        "혈청 요소: 61 mmol/L — 60 mmol/L 초과입니다. 매우 높습니다. mg/dL 단위의 BUN 값이라면 "
        "단위를 mg/dL로 바꾸십시오(BUN 28 mg/dL = 요소 10 mmol/L).",
    )
    check(
        only({"bun_mg_dl": 561}),
        "bun_mg_dl: 561 mg/dL is impossible: above 560 (urea above 200 mmol/L is an entry error).",
        "BUN: 561 mg/dL is impossible: above 560 mg/dL (urea above 200 mmol/L is an entry error).",
        "BUN: 561 mg/dL — 560 mg/dL 초과이므로 불가능한 값입니다(혈청 요소 200 mmol/L 초과에 "
        "해당하므로 입력 오류임).",
    )


def test_detachment_and_day() -> None:
    check(
        only({"bsa_detached_pct": 101}),
        "bsa_detached_pct: 101 % is impossible: above 100 (a share of the body surface cannot "
        "exceed 100 %).",
        "Detached + detachable epidermis: 101 % is impossible: above 100 (a share of the body "
        "surface cannot exceed 100 %).",
        "박리 및 박리 가능 표피: 101 % — 100 초과이므로 불가능한 값입니다(체표면적 비율은 100 %를 "
        "넘을 수 없음).",
    )
    check(
        only({"assessment_day": 0}),
        "assessment_day: 0 is impossible: below 1 (day 1 is the first 24 hours of the stay).",
        "Assessment day: 0 is impossible: below 1 (day 1 is the first 24 hours of the stay).",
        "평가일: 0 — 1 미만이므로 불가능한 값입니다(1일째는 입원 후 첫 24시간임).",
    )
    day = only({"assessment_day": 6})
    assert day.text is not None and day.text.render("ko") == (
        "평가일: 6 — 5 초과입니다. SCORTEN의 성능은 입원 1-5일째에 대해 연구되었습니다"
        "(Guégan 2006)."
    )


@pytest.mark.parametrize("spec", [f for f in FIELDS if f.has_limits], ids=lambda f: f.name)
def test_every_limit_of_every_field_on_and_around_it(spec: Any) -> None:
    """On a limit no message; just beyond it the message of that limit, whose English is
    the screen's of today and whose Korean names the field in Korean."""
    limits = bounds.BOUNDS[spec.name]
    for limit, below in [
        (spec.error_below, True),
        (spec.error_above, False),
        (spec.warn_below, True),
        (spec.warn_above, False),
    ]:
        if limit is None:
            continue
        beyond = limit.value - 1 if below else limit.value + 1
        for value in (beyond, limit.value):
            message = bounds.error_message(limits, value) or bounds.warning_message(limits, value)
            text = bounds.error_text(limits, value) or bounds.warning_text(limits, value)
            assert (message is None) == (text is None)
            if text is not None and message is not None:
                assert text.render("en") == on_screen(message)
                korean = text.render("ko")
                assert korean.startswith(spec.screen_text.render("ko") + ": ")
        text = bounds.error_text(limits, beyond) or bounds.warning_text(limits, beyond)
        assert text is not None and text.params["reason"] == limit.reason_text


# --- values that cannot be read ---------------------------------------------------------------


def test_parse_messages() -> None:
    check(
        only({"heart_rate_bpm": "fast"}),
        "heart_rate_bpm: expected a number, got 'fast'.",
        "Heart rate: expected a number, got 'fast'.",
        "심박수: 숫자여야 합니다. 입력값: 'fast'.",
    )
    check(
        only({"bicarbonate_mmol_l": "12,5"}),
        "bicarbonate_mmol_l: expected a number, got '12,5' (use a dot as the decimal mark).",
        "Bicarbonate: expected a number, got '12,5' (use a dot as the decimal mark).",
        "중탄산염: 숫자여야 합니다. 입력값: '12,5' (소수점은 쉼표가 아닌 마침표로 쓰십시오).",
    )
    check(
        only({"malignancy": "maybe"}),
        "malignancy: expected true/false, yes/no or 1/0, got 'maybe'.",
        "Malignancy: expected true/false, yes/no or 1/0, got 'maybe'.",
        "악성 종양: true/false, yes/no 또는 1/0이어야 합니다. 입력값: 'maybe'.",
    )
    check(
        only({"assessment_day": 2.5}),
        "assessment_day: expected a whole number of days, got float.",
        "Assessment day: expected a whole number of days, got float.",
        "평가일: 일수는 정수여야 합니다. 입력값: 소수(float).",
    )
    check(
        only({"dialysis_before_admission": {"a": 1}}),
        "dialysis_before_admission: expected true/false, yes/no or 1/0, got an object.",
        "Chronic dialysis before admission: expected true/false, yes/no or 1/0, got an object.",
        "입원 전 만성 투석: true/false, yes/no 또는 1/0이어야 합니다. 입력값: 객체.",
    )
    check(
        only({"id": [1]}),
        "id: expected text or a number, got a list.",
        "Identifier: expected text or a number, got a list.",
        "식별자: 텍스트 또는 숫자여야 합니다. 입력값: 목록.",
    )
    check(
        only({"glucose_mmol_l": 10**400}),
        "glucose_mmol_l: expected a finite number.",
        "Glucose: expected a finite number.",
        "혈당: 유한한 숫자여야 합니다.",
    )


@pytest.mark.parametrize(
    ("reader", "raw"),
    [(read_number, "x"), (read_number, float("inf")), (read_integer, 1.5), (read_boolean, 7)],
)
def test_a_reader_error_carries_its_text(reader: Any, raw: Any) -> None:
    with pytest.raises(ReadError) as caught:
        reader("age_years", raw)
    assert caught.value.text.render("en") == on_screen(str(caught.value))
    assert caught.value.text.render("ko").startswith("나이: ")


# --- record checks -----------------------------------------------------------------------------


def test_unknown_and_duplicated_fields() -> None:
    check(
        only({"weight_kg": 70}),
        "weight_kg: unknown field, ignored.",
        "weight_kg: unknown field, ignored.",
        "weight_kg: 알 수 없는 필드이므로 무시했습니다.",
    )
    (duplicate,) = batch.record_issues(_Duplicated({"age_years": 50}, ["age_years"]))[0]
    assert duplicate.message == "age_years: given more than once."
    assert duplicate.text.render("en") == "Age: given more than once."
    assert duplicate.text.render("ko") == "나이: 두 번 이상 입력되었습니다."
    (whole,) = batch.record_issues([1, 2])[0]
    assert (whole.field, whole.message) == (
        None,
        "record is not an object of field names and values.",
    )
    assert whole.text.render("ko") == "레코드가 필드 이름과 값으로 이루어진 객체가 아닙니다."


class _Duplicated(dict):  # as scoring.tabular's JSON reader marks a key given twice
    def __init__(self, values: dict[str, Any], duplicates: list[str]) -> None:
        super().__init__(values)
        self.duplicate_keys = duplicates


def test_invalid_unicode_text() -> None:
    assert invalid_text_message("age_years") == (
        "age_years: not valid Unicode text (a lone surrogate such as \\ud800, or bytes that are "
        "not UTF-8); the record was not scored."
    )
    assert invalid_text_text("age_years").render("en") == on_screen(
        invalid_text_message("age_years")
    )
    assert invalid_text_text("age_years").render("ko") == (
        "나이: 올바른 유니코드 텍스트가 아닙니다(\\ud800 같은 짝 없는 서로게이트 또는 UTF-8이 아닌 "
        "바이트). 이 레코드의 점수는 계산하지 않았습니다."
    )


def test_two_units_that_disagree() -> None:
    check(
        only({"bun_mg_dl": 50, "urea_mmol_l": 10}),
        "bun_mg_dl: 50 mg/dL (= 17.86 mmol/L) disagrees with urea_mmol_l 10 mmol/L by more than "
        "5%; give one unit or correct one value.",
        "BUN: 50 mg/dL (= 17.86 mmol/L) disagrees with Urea 10 mmol/L by more than 5%; give one "
        "unit or correct one value.",
        "BUN: 50 mg/dL (= 17.86 mmol/L) — 혈청 요소 10 mmol/L 값과 5% 넘게 차이 납니다. 한 가지 "
        "단위만 입력하거나 두 값 중 하나를 고치십시오.",
    )
    glucose = only({"glucose_mg_dl": 200, "glucose_mmol_l": 20})
    assert glucose.text is not None and glucose.text.render("ko").startswith(
        "혈당: 200 mg/dL (= 11.1 mmol/L) — 혈당 20 mmol/L 값과 5% 넘게 차이 납니다."
    )


def test_exactly_at_a_cut_off() -> None:
    check(
        only({"age_years": 40}),
        "age_years: 40 years is exactly at the cut-off: no point in the original SCORTEN, which "
        "requires a value above it (Bastuji-Garin 2000); some published calculators count it "
        "(rule: Age > 40 years).",
        "Age: 40 years is exactly at the cut-off: no point in the original SCORTEN, which "
        "requires a value above it (Bastuji-Garin 2000); some published calculators count it "
        "(rule: Age > 40 years).",
        "나이: 40세 — 정확히 기준값입니다. 원래의 SCORTEN은 기준값을 초과해야 점수를 주므로 "
        "0점입니다(Bastuji-Garin 2000). 일부 공개된 계산기는 이 값에도 점수를 줍니다. "
        "기준: 나이 > 40세.",
    )
    bun = only({"bun_mg_dl": 28})
    assert bun.text is not None and bun.text.render("ko").endswith(
        "기준: 혈청 요소 > 10 mmol/L (BUN 28 mg/dL)."
    )
    bicarbonate = only({"bicarbonate_mmol_l": 20})
    assert bicarbonate.text is not None and bicarbonate.text.render("ko") == (
        "중탄산염: 20 mmol/L — 정확히 기준값입니다. 원래의 SCORTEN은 기준값 미만이어야 점수를 "
        "주므로 0점입니다(Bastuji-Garin 2000). 기준: 중탄산염 < 20 mmol/L (mEq/L도 같음)."
    )
    scorten, abcd10 = issues({"bsa_detached_pct": 10})
    assert abcd10.text is not None and abcd10.text.render("ko") == (
        "박리 및 박리 가능 표피: 10 % BSA — 정확히 ABCD-10 기준값입니다. 이 앱은 이 값에 "
        "점수를 줍니다(≥ 10 %). Noe 2019의 한 요약본은 기준을 > 10 %로 표기합니다. "
        "기준: 박리 체표면적(BSA) ≥ 10 %."
    )
    assert abcd10.text.render("en") == on_screen(abcd10.message)
    assert scorten.text is not None and scorten.text.render("en") == on_screen(scorten.message)


# --- the one-case path and the batch path give the same Text ------------------------------------

RECORDS: list[dict[str, Any]] = [
    {"age_years": -3, "heart_rate_bpm": "fast", "glucose_mg_dl": 9, "weight_kg": 1},
    {"bun_mg_dl": 50, "urea_mmol_l": 10, "malignancy": "maybe"},
    {"age_years": 40, "bicarbonate_mmol_l": 20, "bsa_detached_pct": 10, "bun_mg_dl": 28},
    {"assessment_day": 0, "id": [1]},
]


def test_one_case_and_batch_carry_equal_texts() -> None:
    rows = batch.score_records(RECORDS)
    for row, record in enumerate(RECORDS):
        case = score_case(record)
        for one, many in ((case.errors, rows.errors), (case.warnings, rows.warnings)):
            assert [(i.field, i.message, i.text) for i in one] == [
                tuple(issue) for issue in many.get(row, [])
            ]
            assert all(isinstance(i.text, Text) for i in one)


def test_a_csv_column_gives_the_same_texts_as_json_values() -> None:
    """Text columns are read with Arrow kernels, other values one by one: same Texts."""
    cells = ["-3", "fast", "12,5", "", "40"]
    table = batch.score_table(pa.table({"age_years": pa.array(cells)}))
    values = batch.score_records([{"age_years": c} for c in cells])
    for row in range(len(cells)):
        assert table.errors.get(row) == values.errors.get(row)
        assert table.warnings.get(row) == values.warnings.get(row)
