"""ALDEN, the lab-unit check and the cohort validation speak through the catalogue (issue 23):
each message and explanation carries a `Text` whose English is today's screen English
(the CLI's message with the Drugs page's field names: `screen_labels.on_screen_drug`), the
CLI's English is unchanged, and the Korean is exact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

import numpy as np
import pytest

from knowledge.i18n import Text, catalogue
from scoring import alden, cohort_validation
from scoring.alden_input import NAMED_FIELDS, drug_field_text, parse
from scoring.case import score_case
from scoring.screen_labels import DRUG_FIELD_LABELS, on_screen, on_screen_drug, with_key
from scoring.unit_check import other_unit_text

INDEX = "2024-03-10"


def ko(text: Text) -> str:
    return text.render("ko")


def errors_of(record: Any) -> list[Any]:
    return parse(record)[1]


def check(issue: Any, cli: str, ko_text: str) -> None:
    assert issue.message == cli
    assert issue.text.render("en") == on_screen_drug(cli)
    assert ko(issue.text) == ko_text


# --- input errors ----------------------------------------------------------------------------


def test_date_and_order_errors() -> None:
    record = {
        "index_day": INDEX,
        "drugs": [
            {"name": "allopurinol", "start": "2024-03-06", "stop": "2024-03-01"},
            {"name": "Depakote", "start": "2024-02-31"},
        ],
    }
    after, bad_date = errors_of(record)
    check(
        after,
        "drug 1 ('allopurinol'): start 2024-03-06 is after stop 2024-03-01",
        "약물 1 ('allopurinol'): 첫 복용일 2024-03-06 — 마지막 복용일 2024-03-01보다 늦습니다",
    )
    assert after.text.render("en") == (
        "drug 1 ('allopurinol'): First intake 2024-03-06 is after last intake 2024-03-01"
    )
    check(
        bad_date,
        "drug 2 ('Depakote'): start '2024-02-31' is not a valid date (YYYY-MM-DD)",
        "약물 2 ('Depakote'): 첫 복용일 '2024-02-31' — 올바른 날짜가 아닙니다(YYYY-MM-DD)",
    )


def test_record_level_errors() -> None:
    missing_day, not_a_list = errors_of({"drugs": []})
    check(
        missing_day,
        "index_day (first day of skin or mucosal signs) is required",
        "기준일(피부 또는 점막 증상이 처음 나타난 날)을 입력하십시오",
    )
    assert missing_day.text.render("en") == (
        "Index day (first day of skin or mucosal signs) is required"
    )
    check(
        not_a_list,
        "drugs must be a non-empty list of drug objects",
        "drugs: 약물 객체가 하나 이상 든 목록이어야 합니다",
    )
    (whole,) = errors_of([1])
    check(
        whole,
        "a record must be a JSON object, not list",
        "레코드는 JSON 객체여야 합니다. 입력값 형식: list",
    )


def test_each_drug_field_error() -> None:
    record = {
        "index_day": INDEX,
        "drugs": [
            {
                "name": "b",
                "start": INDEX,
                "continued_after_onset": "yes",
                "half_life_hours": -1,
                "previous_exposure": "maybe",
                "notoriety": 7,
                "dose": 1,
            },
            {"name": "d"},
            {"name": "c", "start": "2024-01-01", "half_life_hours": 2e6},
        ],
    }
    by_key = {(e.drug, e.key): e for e in errors_of(record)}
    check(
        by_key[0, "dose"],
        "drug 1 ('b'): unknown field 'dose'",
        "약물 1 ('b'): 알 수 없는 필드 'dose'",
    )
    check(
        by_key[0, "continued_after_onset"],
        "drug 1 ('b'): continued_after_onset must be true, false or null, not 'yes'",
        "약물 1 ('b'): 발병 후 계속 복용: true, false 또는 null이어야 합니다. 입력값: 'yes'",
    )
    check(
        by_key[0, "half_life_hours"],
        "drug 1 ('b'): half_life_hours must be a positive number of hours, not -1",
        "약물 1 ('b'): 반감기(시간): 0보다 큰 시간 값이어야 합니다. 입력값: -1",
    )
    check(
        by_key[0, "previous_exposure"],
        "drug 1 ('b'): previous_exposure 'maybe' is not one of: none, unknown, sjs_ten_same_drug, "
        "sjs_ten_similar_drug, other_reaction_same_drug, other_reaction_similar_drug, tolerated",
        "약물 1 ('b'): 이전 노출 'maybe' — 다음 값 중 하나여야 합니다: none, unknown, "
        "sjs_ten_same_drug, sjs_ten_similar_drug, other_reaction_same_drug, "
        "other_reaction_similar_drug, tolerated",
    )
    check(
        by_key[0, "notoriety"],
        "drug 1 ('b'): notoriety must be an integer from -1 to 3, not 7",
        "약물 1 ('b'): 알려진 위험도(notoriety): -1에서 3 사이의 정수여야 합니다. 입력값: 7",
    )
    check(
        by_key[1, "start"],
        "drug 2 ('d'): start (first intake) is required for the delay",
        "약물 2 ('d'): 첫 복용일: 지연 기간을 계산하려면 입력해야 합니다",
    )
    check(
        by_key[2, "half_life_hours"],
        "drug 3 ('c'): half_life_hours 2000000.0 is impossible: above 1.09575e+06 (longer than "
        "a human life (125 years, 1,095,750 h): an entry error)",
        "약물 3 ('c'): 반감기(시간) 2000000.0 — 1.09575e+06 초과이므로 불가능한 값입니다"
        "(사람의 수명(125년, 1,095,750 h)보다 길므로 입력 오류임)",
    )


def test_unnamed_and_broken_drugs() -> None:
    record = {"index_day": INDEX, "drugs": [5, {"name": " "}, {"name": "x" * 201, "start": INDEX}]}
    not_object, no_name, start_missing, too_long = errors_of(record)
    check(not_object, "drug 1: must be an object, not 5", "약물 1: 객체여야 합니다. 입력값: 5")
    check(
        no_name,
        "drug 2: name is required (generic or brand)",
        "약물 2: 약물 이름을 입력하십시오(일반명 또는 상품명)",
    )
    assert start_missing.message == "drug 2: start (first intake) is required for the delay"
    check(
        too_long,
        "drug 3: the name has 201 characters; the limit is 200 (enter the generic or brand "
        "name only)",
        "약물 3: 이름이 201자로 한도 200자를 넘습니다(일반명 또는 상품명만 입력하십시오)",
    )


def test_continued_but_stopped_before_the_index_day() -> None:
    (error,) = errors_of(
        {
            "index_day": INDEX,
            "drugs": [
                {
                    "name": "e",
                    "start": "2024-03-01",
                    "stop": "2024-03-05",
                    "continued_after_onset": True,
                }
            ],
        }
    )
    check(
        error,
        "drug 1 ('e'): continued_after_onset is true but the drug was stopped (2024-03-05) "
        "before the index day",
        "약물 1 ('e'): 발병 후 계속 복용 값이 true이지만 이 약물은 기준일 전(2024-03-05)에 "
        "중단되었습니다",
    )


def test_drug_field_names() -> None:
    assert list(DRUG_FIELD_LABELS) == list(NAMED_FIELDS)
    assert DRUG_FIELD_LABELS["start"] == "First intake"
    assert DRUG_FIELD_LABELS["organ_impairment_or_interaction"] == (
        "Liver/kidney impairment or interaction"
    )
    assert [ko(drug_field_text(k)) for k in ("index_day", "start", "stop")] == [  # type: ignore[arg-type]
        "기준일",
        "첫 복용일",
        "마지막 복용일",
    ]
    assert drug_field_text("stop", first=False).render("en") == "last intake"  # type: ignore[union-attr]
    assert drug_field_text("name") == "name"  # a field the Drugs page does not name


# --- criteria, notes, warnings, categories ----------------------------------------------------


def assessed(*drugs: dict[str, Any], non_drug: bool = False) -> alden.AldenResult:
    case, errors = parse(
        {"index_day": INDEX, "other_cause_non_drug": non_drug, "drugs": list(drugs)}
    )
    assert errors == [] and case is not None
    return alden.assess_case(case)


def whys(assessment: alden.DrugAssessment) -> list[tuple[str, str]]:
    return [(ko(c.label_text), ko(c.explanation_text)) for c in assessment.criteria]


def test_criteria_in_korean_and_their_english_unchanged() -> None:
    result = assessed(
        {"name": "Tegretol", "start": "2024-02-20"},
        {
            "name": "paracetamol",
            "start": "2024-01-01",
            "stop": "2024-02-01",
            "organ_impairment_or_interaction": True,
        },
    )
    top, other = result.drugs
    for assessment in result.drugs:
        for c in assessment.criteria:
            assert (c.label_text.render("en"), c.explanation_text.render("en")) == (
                c.label,
                c.explanation,
            )
    assert [c.explanation for c in top.criteria][:2] == [
        "started 19 days before the index day: 5-28 days",
        "still taken at the index day",
    ]
    assert whys(top)[:4] == [
        ("시사적", "기준일 19일 전에 시작: 5-28일"),
        ("확실", "기준일에도 복용 중"),
        ("시행 안 함/모름", "이전 노출 여부 모름"),
        ("중립", "계속 복용했는지 모름"),
    ]
    assert whys(top)[4][0] == "강한 연관"
    assert whys(top)[5] == ("없음", "순위가 가장 높은 약물(중간 점수 6)")
    assert whys(other)[1] == (
        "불확실",
        "기준일 38일(912 h) 전에 중단; 반감기 5배 = 5 × 3 h = 15 h: 반감기 5배를 넘지만 "
        "간·신장 기능 저하나 의심되는 상호작용으로 제거가 늦어졌을 수 있음",
    )
    assert whys(other)[5] == (
        "가능성 있음",
        "다른 약물의 순위가 더 높음(중간 점수 6 > 3, 이 약물 -1)",
    )
    assert [ko(n) for n in top.note_texts] == ["'Tegretol'의 성분: carbamazepine"]
    assert [ko(n) for n in other.note_texts] == ["사용한 반감기: 3 h (paracetamol, 지식 베이스)"]


def test_delay_excluded_and_changed_by_a_previous_reaction() -> None:
    result = assessed(
        {"name": "allopurinol", "start": INDEX},
        {"name": "lamotrigine", "start": "2024-03-12"},
        {"name": "carbamazepine", "start": "2024-03-05", "previous_exposure": "sjs_ten_same_drug"},
    )
    by_name = {a.name: a for a in result.drugs}
    assert whys(by_name["allopurinol"])[0] == (
        "배제",
        "기준일 당일에 시작: 기준일 당일이나 그 이후에 시작한 약물은 반응의 원인일 수 없음",
    )
    assert whys(by_name["lamotrigine"])[0][1].startswith("기준일 2일 후에 시작: ")
    changed = by_name["carbamazepine"].criteria[0]
    assert changed.explanation == (
        "started 5 days before the index day; previous reaction to the same drug: "
        "5-56 days is likely"
    )
    assert ko(changed.explanation_text) == (
        "기준일 5일 전에 시작; 같은 약물에 이전 반응이 있어 5-56일: 개연성 있음"
    )
    assert whys(by_name["carbamazepine"])[2] == (
        "질환과 약물 모두에 특이적 양성",
        "같은 약물로 SJS/TEN 발생",
    )


def test_unknown_drug_notes_and_warnings() -> None:
    result = assessed(
        {"name": "lamotrigin", "start": "2024-03-01", "stop": "2024-03-05", "notoriety": 1},
        non_drug=True,
    )
    (drug,) = result.drugs
    assert drug.notes == (
        "drug 'lamotrigin' is not in the knowledge base: notoriety 0 (unknown); did you mean "
        "lamotrigine?",
        "half-life used: not in the knowledge base",
        "notoriety +1 given (knowledge base: unknown)",
    )
    assert [ko(n) for n in drug.note_texts] == [
        "약물 'lamotrigin': 지식 베이스에 없어 알려진 위험도(notoriety) 0(알 수 없음)으로 "
        "계산합니다. 혹시 찾는 약물이 lamotrigine입니까?",
        "사용한 반감기: 지식 베이스에 없음",
        "알려진 위험도(notoriety) +1 입력됨(지식 베이스: 알 수 없음)",
    ]
    unknown, half_life = result.warnings
    check(unknown, drug.notes[0], ko(drug.note_texts[0]))
    check(
        half_life,
        "'lamotrigin': half-life unknown, presence on the index day scored 0 (cannot be "
        "excluded); give half_life_hours to score it",
        "'lamotrigin': 반감기를 몰라 기준일 체내 존재 항목을 0점으로 계산했습니다(배제할 수 "
        "없음). 점수를 매기려면 반감기(시간)을 입력하십시오",
    )
    assert half_life.text.render("en").endswith("give half-life (hours) to score it")
    assert whys(drug)[5][1] == (
        "약물 외 원인(예: 확인된 감염)이 입력됨: 모든 약물에 -1점을 주는 것은 이 프로젝트의 "
        "규칙이며(docs/cli-contract.md) Sassolas 2010 Table 1에는 없음"
    )


def test_a_broken_drug_may_change_criterion_6_of_the_others() -> None:
    record = {
        "index_day": INDEX,
        "drugs": [
            {"name": "xyzzy", "start": "2024-03-01"},
            {"name": "carbamazepine", "start": "bad"},
        ],
    }
    result = alden.assess_partial(record, errors_of(record))
    assert result is not None
    (doubt,) = [w for w in result.warnings if w.key is None]
    check(
        doubt,
        "drug 1 ('xyzzy'): criterion 6 (other cause) scored 0 without drug 2 ('carbamazepine'), "
        "whose input has an error; corrected, drug 2 ('carbamazepine') could reach an "
        "intermediate score of 6 (above 3), which would give this drug -1 (final score one "
        "point lower)",
        "약물 1 ('xyzzy'): 약물 2 ('carbamazepine')의 입력에 오류가 있어 이를 빼고 기준 6(다른 "
        "원인)을 0점으로 계산했습니다. 오류를 고치면 약물 2 ('carbamazepine')의 중간 점수가 "
        "6점(3 초과)까지 될 수 있고, 그러면 이 약물은 -1점을 받습니다(최종 점수 1점 감소)",
    )
    (drug,) = result.drugs
    assert drug.notes[-1] == doubt.message and drug.note_texts[-1] == doubt.text


def test_categories_and_not_scored() -> None:
    assert [ko(alden.category_text(c)) for c in get_args(alden.Category)] == [
        "가능성 매우 낮음",
        "가능성 낮음",
        "가능성 있음",
        "가능성 높음",
        "매우 가능성 높음",
    ]
    assert [alden.category_text(c).render("en") for c in get_args(alden.Category)] == list(
        get_args(alden.Category)
    )
    assert alden.NOT_SCORED == (
        "ALDEN not scored: complete the dates and the index day on the Drugs page."
    )
    assert ko(alden.NOT_SCORED_TEXT) == (
        "ALDEN 점수를 계산하지 않았습니다. 약물 페이지에서 날짜와 기준일을 입력하십시오."
    )


def test_notoriety_words_are_the_knowledge_bases() -> None:
    from knowledge.drugs import NOTORIETY_LABELS

    for value, label in NOTORIETY_LABELS.items():
        assert alden.notoriety_text(value, in_text=True).render("en") == label
        assert alden.notoriety_text(value).render("en") == label.capitalize()


def test_delay_bands_in_words() -> None:
    suggestive = alden.delay_band("Suggestive")
    assert (ko(suggestive.label_text), ko(suggestive.days_words())) == ("시사적", "5-28일")
    assert suggestive.days_text(" to ") == "5 to 28 days"
    assert ko(suggestive.days_words(" to ")) == "5~28일"
    assert ko(alden.delay_band("Unlikely").days_words()) == "56일 초과"


# --- the lab-unit switch and the cohort ----------------------------------------------------


def test_other_unit_switch() -> None:
    text = other_unit_text("urea", "mmol/L", 70)
    assert text is not None
    assert text.render("en") == "70 looks like mg/dL: read it as mg/dL (BUN, urea nitrogen)"
    assert ko(text) == "70: mg/dL 값으로 보임 — mg/dL (BUN, 요소질소) 값으로 읽기"
    assert other_unit_text("urea", "mmol/L", 12) is None
    low = other_unit_text("glucose", "mg/dL", 5.5)
    assert low is not None and ko(low) == "5.5: mmol/L 값으로 보임 — mmol/L 값으로 읽기"


def counts(rows: list[tuple[int, int]]) -> np.ndarray:
    """(survivors, deaths) per SCORTEN 0..7."""
    table = np.zeros((8, 2), dtype=np.int64)
    table[: len(rows)] = rows
    return table


def test_cohort_messages() -> None:
    separated = counts([(5, 0), (5, 0), (0, 3), (0, 4)])
    (doubt,) = cohort_validation.figures_from_counts(separated)["warning_texts"]
    assert doubt.render("en") == cohort_validation.separation_message(separated)
    assert ko(doubt) == (
        "SCORTEN이 사망자와 생존자를 완전히 분리합니다(모든 사망자의 SCORTEN 2점 이상, 모든 "
        "생존자 1점 이하). 재보정식의 최대가능도 추정값이 존재하지 않으므로 제시하지 않습니다."
    )
    few = counts([(30, 1), (20, 2), (5, 3), (2, 1)])
    figures = cohort_validation.figures_from_counts(few)
    assert [t.render("en") for t in figures["warning_texts"]] == figures["warnings"]
    assert ko(figures["warning_texts"][0]).startswith(
        "재보정의 유일한 변수(SCORTEN)에 대해 사망자 수가 7명뿐입니다. 변수당 사건 수가 10건 "
        "미만이면"
    )
    with pytest.raises(ValueError, match="validation needs at least 2 of each") as caught:
        cohort_validation.figures_from_counts(counts([(5, 1)]))
    assert isinstance(caught.value, cohort_validation.TooFewOutcomesError)
    assert ko(caught.value.text) == (
        "died: 점수가 계산된 레코드 중 사망 1명, 생존 5명입니다. 검증에는 사망과 생존이 각각 "
        "2명 이상 필요합니다."
    )
    one = counts([(0, 0), (4, 2)])
    (single,) = cohort_validation.recalibration(one)[1]
    assert ko(single) == (
        "점수가 계산된 모든 환자의 SCORTEN이 1점입니다. 점수값이 하나뿐이라 재보정 기울기를 "
        "추정할 수 없습니다."
    )


def test_with_key_names_the_key_after_the_field() -> None:
    for record in ({"age_years": -3}, {"bun_mg_dl": 50, "urea_mmol_l": 10}, {"glucose_mg_dl": 9}):
        for issue in score_case(record).errors + score_case(record).warnings:
            assert with_key(issue.text).render("en") == on_screen(issue.message, with_key=True)
    issue = score_case({"bun_mg_dl": 50, "urea_mmol_l": 10}).errors[0]
    assert ko(with_key(issue.text)).startswith(
        "BUN (bun_mg_dl): 50 mg/dL (= 17.86 mmol/L) — 혈청 요소 (urea_mmol_l) 10 mmol/L"
    )


# --- every Text ALDEN can produce names an existing entry ------------------------------------


def nested(text: Any) -> Iterator[Text]:
    if isinstance(text, Text):
        yield text
        for value in text.params.values():
            yield from nested(value)


def alden_texts() -> Iterator[Text]:
    for bands in (alden.DELAY_BANDS, alden.DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION):
        for band in bands:
            yield from nested(band.label_text)
            yield from nested(band.days_words())
            yield from nested(band.days_words(" to "))
    for delay in range(-3, 70):
        for previous in (False, True):
            c = alden.score_delay(delay, previous)
            yield from nested(c.label_text)
            yield from nested(c.explanation_text)
    for stopped in (None, 0, 1, 10):
        for half_life in (None, 1.0, 100.0):
            for organ in (False, True):
                c = alden.score_presence(stopped, half_life, organ)
                yield from nested(c.label_text)
                yield from nested(c.explanation_text)
    for exposure in get_args(alden.PreviousExposure):
        yield from nested(alden.score_prechallenge(exposure).explanation_text)
        yield from nested(alden.score_prechallenge(exposure).label_text)
    for continued in (None, True, False):
        yield from nested(alden.score_dechallenge(continued).explanation_text)
    for value in range(-1, 4):
        yield from nested(alden.notoriety_text(value))
        yield from nested(alden.notoriety_text(value, in_text=True))
    for category in get_args(alden.Category):
        yield from nested(alden.category_text(category))
    yield from nested(alden.NOT_SCORED_TEXT)
    for key in NAMED_FIELDS:
        yield from nested(drug_field_text(key))
        yield from nested(drug_field_text(key, first=False))


def test_every_alden_text_names_an_entry_and_renders_in_both_languages() -> None:
    shipped = catalogue()
    seen = list(alden_texts())
    assert len(seen) > 200
    for text in seen:
        assert text.key in shipped, text.key
        assert text.render("en").strip() and text.render("ko").strip()
