"""The engine's words are catalogue entries: the field registry, the criteria and the extent
categories give `Text` (rendered in English and Korean) and the English they always gave.

tests/scoring/registry_english.json is the registry's English as it was before the words
moved to the catalogue (issue 23): every label, help, section, slider, limit reason, lab
unit option and criterion, exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.i18n import Text, catalogue
from scoring import abcd10, bounds, classification, scorten, units
from scoring import scores as registry
from scoring.fields import FIELD_BY_NAME, FIELDS, LAB_PAIRS, SECTIONS, points_help, section_text
from scoring.fields import points_help_text as help_text
from scoring.words import ENGINE_AREAS, english, template

SNAPSHOT = json.loads((Path(__file__).parent / "registry_english.json").read_text("utf-8"))
LIMIT_SIDES = ("error_below", "error_above", "warn_below", "warn_above")


def ko(text: Text) -> str:
    return text.render("ko")


# --- English: unchanged, and read from the catalogue -----------------------------------


def test_the_engine_reads_the_same_english_as_the_catalogue() -> None:
    shipped = catalogue()
    keys = [key for key in shipped.entries if key.split(".", 1)[0] in ENGINE_AREAS]
    assert len(keys) > 50
    for key in keys:
        assert template(key) == shipped.entry(key).en, key


def test_registry_english_is_unchanged() -> None:
    for spec in FIELDS:
        was = SNAPSHOT["fields"][spec.name]
        now = {
            "label": spec.label,
            "screen_label": spec.screen_label,
            "on_screen": spec.on_screen,
            "input_label": spec.input_label,
            "help": spec.help,
            "section": spec.section,
            "slider": spec.whatif.label if spec.whatif else None,
            "limits": {
                side: getattr(spec, side).reason for side in LIMIT_SIDES if getattr(spec, side)
            },
            "points_help": points_help(spec.name) if spec.section else None,
        }
        assert now == was, spec.name
    for pair in LAB_PAIRS:
        assert {
            "label": pair.label,
            "canonical_option": pair.canonical_option,
            "alternate_option": pair.alternate_option,
            "note": pair.note,
        } == SNAPSHOT["pairs"][pair.name]
    for key, module in (("scorten", scorten), ("abcd10", abcd10)):
        assert [
            {"label": c.label, "rule": c.rule, "alt": c.alt_unit_cutoff, "note": c.on_cutoff_note}
            for c in module.CRITERIA
        ] == SNAPSHOT["criteria"][key]
    assert SNAPSHOT["caveat"] == classification.CAVEAT
    assert SNAPSHOT["bun_note"] == units.BUN_IS_NITROGEN_NOTE


def test_english_of_a_text_is_its_english_rendering() -> None:
    for spec in FIELDS:
        for text in texts_of_field(spec.name):
            assert english(text) == text.render("en")


# --- Korean: the term table of the guide --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label", "on_screen"),
    [
        ("age_years", "나이", "나이"),
        ("heart_rate_bpm", "심박수", "심박수"),
        ("malignancy", "악성 종양", "악성 종양"),
        ("bsa_detached_pct", "박리 체표면적", "박리 및 박리 가능 표피"),
        ("urea_mmol_l", "혈청 요소", "혈청 요소"),
        ("bun_mg_dl", "BUN(혈중요소질소)", "BUN"),
        ("bicarbonate_mmol_l", "중탄산염", "중탄산염"),
        ("glucose_mmol_l", "혈당", "혈당"),
        ("glucose_mg_dl", "혈당", "혈당"),
        ("dialysis_before_admission", "입원 전 투석", "입원 전 만성 투석"),
        ("assessment_day", "평가일", "평가일"),
        ("id", "식별자", "식별자"),
    ],
)
def test_field_labels_in_korean(name: str, label: str, on_screen: str) -> None:
    spec = FIELD_BY_NAME[name]
    assert ko(spec.label_text) == label
    assert ko(spec.screen_text) == on_screen


def test_case_page_words_in_korean() -> None:
    age, bsa = FIELD_BY_NAME["age_years"], FIELD_BY_NAME["bsa_detached_pct"]
    assert ko(age.input_text) == "나이(세)"  # type: ignore[arg-type]
    assert ko(bsa.input_text) == "박리 및 박리 가능 표피(체표면적 %)"  # type: ignore[arg-type]
    assert ko(bsa.help_text) == (  # type: ignore[arg-type]
        "이미 박리된 피부와 니콜스키 징후 양성(박리 가능) 피부입니다. "
        "홍반만 있는 부위는 포함하지 않습니다."
    )
    assert ko(FIELD_BY_NAME["dialysis_before_admission"].input_text) == "입원 전 만성 투석"  # type: ignore[arg-type]
    assert [ko(section_text(s)) for s in SECTIONS] == ["환자", "활력 징후", "피부", "검사 결과"]
    assert [FIELD_BY_NAME[n].section_key for n in ("age_years", "heart_rate_bpm")] == [
        "patient",
        "vital_signs",
    ]
    assert FIELD_BY_NAME["assessment_day"].section_text is None
    assert ko(FIELD_BY_NAME["heart_rate_bpm"].whatif.label_text) == "심박수(/min)"  # type: ignore[union-attr]
    assert ko(FIELD_BY_NAME["glucose_mmol_l"].whatif.label_text) == "혈당(mmol/L)"  # type: ignore[union-attr]


def test_points_help_in_both_languages() -> None:
    assert help_text("malignancy").render("en") == (
        "Active cancer at admission (SCORTEN 1 point; ABCD-10 2 points)."
    )
    assert ko(help_text("malignancy")) == "입원 시 활동성 암 (SCORTEN 1점; ABCD-10 2점)."
    assert ko(help_text("dialysis_before_admission")) == (
        "ABCD-10에만 해당하며(3점), SCORTEN에는 포함되지 않습니다."
    )
    assert (
        ko(help_text("heart_rate_bpm"))
        == "SCORTEN에만 해당하며(1점), ABCD-10에는 포함되지 않습니다."
    )
    assert ko(help_text("age_years")) == "SCORTEN 1점; ABCD-10 1점."


def test_lab_pairs_in_korean() -> None:
    urea, glucose = LAB_PAIRS
    assert ko(urea.label_text) == "혈청 요소 / BUN"
    assert ko(urea.option_text("mmol/L")) == "mmol/L (요소)"
    assert ko(urea.option_text("mg/dL")) == "mg/dL (BUN, 요소질소)"
    assert urea.option_text("mg/dL").render("en") == "mg/dL (BUN, urea nitrogen)"
    assert ko(urea.note_text) == (  # type: ignore[arg-type]
        "BUN은 혈중요소질소(mg/dL)입니다. 질량으로 보고된 요소(요소 mg/dL, BUN의 약 2.14배)는 "
        "BUN이 아닙니다. 환산하거나 요소를 mmol/L로 입력하십시오."
    )
    assert urea.note_text == units.BUN_IS_NITROGEN_NOTE_TEXT
    assert (ko(glucose.label_text), ko(glucose.option_text("mg/dL"))) == ("혈당", "mg/dL")
    assert glucose.note_text is None
    with pytest.raises(KeyError):
        glucose.option_text("mEq/L")


def test_limit_reasons_in_korean() -> None:
    age = FIELD_BY_NAME["age_years"]
    assert ko(age.error_below.reason_text) == "나이는 음수일 수 없음"  # type: ignore[union-attr]
    assert ko(age.warn_below.reason_text) == (  # type: ignore[union-attr]
        "성인을 대상으로 개발된 점수로, 소아에서는 예측이 검증되지 않았습니다: "
        "SCORTEN (Bastuji-Garin 2000) 및 ABCD-10 (Noe 2019)"
    )
    heart = FIELD_BY_NAME["heart_rate_bpm"].error_above.reason_text  # type: ignore[union-attr]
    assert "Chhabra L et al., Indian Pacing Electrophysiol J 2012;12:32-5" in ko(heart)
    assert ko(FIELD_BY_NAME["urea_mmol_l"].warn_above.reason_text) == (  # type: ignore[union-attr]
        "매우 높습니다. mg/dL 단위의 BUN 값이라면 단위를 mg/dL로 바꾸십시오"
        "(BUN 28 mg/dL = 요소 10 mmol/L)"
    )


@pytest.mark.parametrize(
    ("module", "rules"),
    [
        (
            scorten,
            [
                "나이 > 40세",
                "심박수 > 120 /min",
                "악성 종양 있음",
                "박리 체표면적(BSA) > 10 %",
                "혈청 요소 > 10 mmol/L (BUN 28 mg/dL)",
                "중탄산염 < 20 mmol/L (mEq/L도 같음)",
                "혈당 > 14 mmol/L (252.2 mg/dL)",
            ],
        ),
        (
            abcd10,
            [
                "나이 ≥ 50세",
                "중탄산염 < 20 mmol/L (mEq/L도 같음)",
                "활동성 암 있음",
                "입원 전 투석 있음",
                "박리 체표면적(BSA) ≥ 10 %",
            ],
        ),
    ],
)
def test_criteria_rules_in_korean(module: Any, rules: list[str]) -> None:
    assert [ko(c.rule_text) for c in module.CRITERIA] == rules
    assert all(ko(c.rule_text).startswith(ko(c.label_text)) for c in module.CRITERIA)


def test_score_names_stay() -> None:
    assert [s.name for s in registry.SCORES] == ["SCORTEN", "ABCD-10"]


def test_score_notes_in_both_languages() -> None:
    scorten_score, abcd10_score = registry.SCORES
    assert scorten_score.measured == "measured within 24 h of admission"
    assert ko(scorten_score.measured_text) == "입원 24시간 이내에 측정"  # type: ignore[arg-type]
    assert (abcd10_score.measured, ko(abcd10_score.measured_text)) == ("at admission", "입원 시")  # type: ignore[arg-type]
    assert abcd10_score.day_note(1) is None and abcd10_score.day_note_text(None) is None
    assert abcd10_score.day_note(3) == (
        "ABCD-10 is not validated for assessment day 3: it is an admission model (Noe 2019: "
        "dialysis before admission, detachment at admission). Read it on the day-1 values; "
        "SCORTEN may be recomputed on day 3 (Guégan 2006)."
    )
    assert ko(abcd10_score.day_note_text(3)) == (  # type: ignore[arg-type]
        "ABCD-10은 3일째 평가에 대해 검증되지 않았습니다. 입원 시점 모형입니다(Noe 2019: 입원 전 "
        "투석, 입원 시 박리). 1일째 값으로 해석하십시오. SCORTEN은 3일째에 다시 계산할 수 "
        "있습니다(Guégan 2006)."
    )
    assert abcd10_score.conventions == (abcd10.BSA_CONVENTION, abcd10.ADMISSION_CONVENTION)
    assert abcd10.BSA_CONVENTION == (
        "ABCD-10 detachment: this app counts ≥ 10 % (as the score's name suggests); one summary "
        "of Noe 2019 prints > 10 %. The app warns for a value exactly on the cut-off."
    )
    assert ko(abcd10.BSA_CONVENTION_TEXT) == (
        "ABCD-10의 박리 기준: 이 앱은 점수 이름이 시사하는 대로 ≥ 10 %를 적용합니다. Noe 2019의 "
        "한 요약본은 > 10 %로 표기합니다. 기준값과 정확히 같은 값에는 경고를 표시합니다."
    )
    assert scorten_score.conventions == () and scorten_score.day_note(6) is None


def test_extent_categories_in_korean() -> None:
    assert [
        ko(classification.category_text(c))
        for c in (classification.SJS, classification.OVERLAP, classification.TEN)
    ] == ["SJS", "SJS/TEN 중첩반응", "TEN"]
    assert classification.category_text(classification.OVERLAP).render("en") == "SJS/TEN overlap"
    assert ko(classification.CAVEAT_TEXT).startswith("진단이 아니라 박리 범위에 따른 분류입니다.")


# --- every Text the registry can produce names an existing entry ----------------------------


def nested(text: Text | str | None) -> Iterator[Text]:
    """A Text and every Text among its parameters."""
    if isinstance(text, Text):
        yield text
        for value in text.params.values():
            yield from nested(value)


def texts_of_field(name: str) -> Iterator[Text]:
    spec = FIELD_BY_NAME[name]
    yield from nested(spec.label_text)
    yield from nested(spec.screen_text)
    for optional in (spec.input_text, spec.help_text, spec.section_text):
        yield from nested(optional)
    if spec.whatif is not None:
        yield from nested(spec.whatif.label_text)
    for limit in spec.limits():
        yield from nested(limit.reason_text)
    if spec.section_key:
        yield from nested(help_text(name))


def registry_texts() -> Iterator[Text]:
    for spec in FIELDS:
        yield from texts_of_field(spec.name)
    for pair in LAB_PAIRS:
        yield from nested(pair.label_text)
        for unit in (FIELD_BY_NAME[pair.canonical].unit, FIELD_BY_NAME[pair.alternate].unit):
            yield from nested(pair.option_text(unit))
        yield from nested(pair.note_text)
    for score in registry.SCORES:
        for c in score.criteria:
            for text in (c.label_text, c.rule_text, c.alt_cutoff_text, c.on_cutoff_note_text):
                yield from nested(text)
        yield from nested(score.measured_text)
        for convention in score.convention_texts:
            yield from nested(convention)
        for day in (None, 1, 2, 3, 6):
            yield from nested(score.day_note_text(day))
    for category in (classification.SJS, classification.OVERLAP, classification.TEN):
        yield from nested(classification.category_text(category))
    yield from nested(classification.CAVEAT_TEXT)
    for limits in bounds.BOUNDS.values():  # every bounds message, beyond every limit
        for value in (
            -1e9,
            -1.0,
            0.0,
            1e9,
            *(limit.value + d for limit in FIELD_BY_NAME[limits.field].limits() for d in (-1, 1)),
        ):
            yield from nested(bounds.error_text(limits, value))
            yield from nested(bounds.warning_text(limits, value))


def test_every_registry_text_names_an_entry_and_renders_in_both_languages() -> None:
    shipped = catalogue()
    seen = list(registry_texts())
    assert len(seen) > 80
    for text in seen:
        assert text.key in shipped, text.key
        for lang in ("en", "ko"):
            assert text.render(lang).strip(), (text.key, lang)  # every placeholder filled


def test_every_field_has_a_label_and_every_limit_a_reason() -> None:
    for spec in FIELDS:
        assert spec.label_text.key == f"fields.{spec.name}.label"
        for side in LIMIT_SIDES:
            limit = getattr(spec, side)
            if limit is not None:
                assert limit.reason_text.key == f"fields.{spec.name}.{side}"
