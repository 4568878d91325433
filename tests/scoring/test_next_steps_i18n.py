"""The next steps' words in English and Korean (knowledge/data/messages/next_steps.yaml).

Walks representative cases through every rule, so that every step the rules can produce is
rendered in both languages; checks that every catalogue key is used, that the English is the
English the steps showed before their words moved to the catalogue (next_steps_english.json,
taken from the code before the move), and the exact Korean of a few steps.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from knowledge.guidelines import default_statements
from knowledge.i18n import Text, catalogue, fingerprint, tr
from reports.assessment import assess
from reports.case_file import score_assessments
from scoring.next_steps import StepKey, _category, next_steps, source_line
from tests.scoring.test_next_steps import make_case

SNAPSHOT = json.loads((Path(__file__).parent / "next_steps_english.json").read_text("utf-8"))
PANEL = Path(__file__).parents[2] / "ui" / "widgets" / "next_steps_panel.py"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


LAMOTRIGINE_14_DAYS = {"name": "lamotrigine", "start": "2024-03-17"}
VALPROATE_LONG_STANDING = {"name": "valproate", "start": "2023-01-01"}

# Each case is made afresh (make_case pops the day from its dict).
CASES: dict[str, Callable[[], dict]] = {
    "no drugs, nothing entered": lambda: make_case({}),
    "no drugs, adult": lambda: make_case({"age_years": 52}),
    "child": lambda: make_case({"age_years": 10}),
    "detached 9.9 %": lambda: make_case({"bsa_detached_pct": 9.9}),
    "detached 10 %": lambda: make_case({"bsa_detached_pct": 10.0}),
    "detached 10.1 %": lambda: make_case({"bsa_detached_pct": 10.1}),
    "day 3 present": lambda: make_case(
        {"day": 1, "bsa_detached_pct": 8}, {"day": 3, "bsa_detached_pct": 12}
    ),
    "day 3 absent": lambda: make_case({"day": 1}, {"day": 2}),
    "SCORTEN complete": lambda: make_case(
        {
            "age_years": 67,
            "malignancy": True,
            "heart_rate_bpm": 125,
            "urea_mmol_l": 12,
            "bsa_detached_pct": 8,
            "glucose_mmol_l": 10,
            "bicarbonate_mmol_l": 25,
        }
    ),
    "adult TEN, lamotrigine still taken": lambda: make_case(
        {"age_years": 67, "bsa_detached_pct": 35}, drugs=[dict(LAMOTRIGINE_14_DAYS)]
    ),
    "suspect and a lower-ranked drug": lambda: make_case(
        {"age_years": 52}, drugs=[dict(VALPROATE_LONG_STANDING), dict(LAMOTRIGINE_14_DAYS)]
    ),
    "lead drug stopped": lambda: make_case(
        {},
        drugs=[
            {"name": "lamotrigine", "start": "2024-03-17", "stop": "2024-03-20"},
            {"name": "allopurinol", "start": "2024-03-10"},
        ],
    ),
    "nothing ranked possible": lambda: make_case(
        {},
        drugs=[dict(VALPROATE_LONG_STANDING), {"name": "zzunlisted", "start": "2023-01-01"}],
    ),
    "every drug stopped": lambda: make_case(
        {}, drugs=[{"name": "carbamazepine", "start": "2023-01-01", "stop": "2023-06-01"}]
    ),
    "drug without dates": lambda: make_case({}, drugs=[{"name": "lamotrigine", "start": None}]),
    "drug without dates, stopped": lambda: make_case(
        {}, drugs=[{"name": "lamotrigine", "start": None, "stop": "2024-03-01"}]
    ),
    "aromatic antiepileptic culprit": lambda: make_case(
        {}, drugs=[{"name": "phenytoin", "start": "2024-03-17"}]
    ),
    "long-standing lamotrigine": lambda: make_case(
        {}, drugs=[{"name": "lamotrigine", "start": "2023-01-01"}]
    ),
    "young person, two suspects and a lower one": lambda: make_case(
        {"age_years": 17.9},
        drugs=[
            dict(LAMOTRIGINE_14_DAYS),
            {"name": "carbamazepine", "start": "2024-03-10"},
            dict(VALPROATE_LONG_STANDING),
        ],
    ),
}


def every_step() -> Iterator[tuple[str, Any]]:
    """(case, step) for every case, scored and (as before the Drugs page is done) unscored."""
    for name, make in CASES.items():
        case = make()
        yield from (
            (name, s) for s in next_steps(case, score_assessments(case), assess(case).alden)
        )
        yield from ((f"{name}, ALDEN not run", s) for s in next_steps(case, {}, None))


def texts_of(step: Any) -> list[Text]:
    words = [step.title, step.action, step.why]
    for source in step.sources:
        words += [source_line(source), source.guideline, source.verified]
    return words


def keys_in(text: Text) -> set[str]:
    keys = {text.key}
    for value in text.params.values():
        if isinstance(value, Text):
            keys |= keys_in(value)
    return keys


def en(text: Text | str) -> str:
    return text.render("en") if isinstance(text, Text) else text


# --- English: as before -------------------------------------------------------------------------


def test_english_is_what_the_steps_said_before_their_words_moved() -> None:
    seen: set[tuple[str, str, str, str]] = set()
    sources: dict[str, list[str]] = {}
    for _, step in every_step():
        seen.add((step.key, en(step.title), en(step.action), en(step.why)))
        for source in step.sources:
            sources[source.statement_id] = [en(source_line(source)), en(source.verified)]
    assert sorted(list(s) for s in seen) == SNAPSHOT["steps"]
    assert sources == SNAPSHOT["sources"]


def test_every_short_name_is_the_data_files_own() -> None:
    statements = default_statements()
    named = {k.removeprefix("next_steps.source.") for k in catalogue().keys("next_steps.source.")}
    assert named == set(statements.sources)
    for key, source in statements.sources.items():
        assert tr(f"next_steps.source.{key}", "en") == source.short


# --- completeness -------------------------------------------------------------------------------


def test_the_walk_reaches_every_step_and_every_statement() -> None:
    keys = {step.key for _, step in every_step()}
    assert keys == set(get_args(StepKey))
    cited = {source.statement_id for _, step in every_step() for source in step.sources}
    assert cited == {s.id for s in default_statements().statements}


def test_every_key_of_the_catalogue_file_is_used() -> None:
    used: set[str] = set()
    for _, step in every_step():
        for text in texts_of(step):
            used |= keys_in(text)
    # The English original beside a Korean step is the panel's (ui/widgets).
    panel_keys = set(re.findall(r'"(next_steps\.[a-z_.]+)"', PANEL.read_text("utf-8")))
    assert panel_keys == {"next_steps.original"}
    used = {key for key in used if key.startswith("next_steps.")}  # ALDEN words are alden.*
    assert used | panel_keys == set(catalogue().keys("next_steps."))


def test_every_step_renders_in_both_languages() -> None:
    for case, step in every_step():
        for text in (step.title, step.action, step.why):
            english, korean = text.render("en"), text.render("ko")
            assert HANGUL.search(korean), (case, step.key, korean)
            assert not HANGUL.search(english), (case, step.key, english)
            assert "{" not in korean and "}" not in korean, (case, step.key, korean)
        for source in step.sources:
            assert HANGUL.search(source_line(source).render("ko")), source.statement_id
            assert HANGUL.search(source.verified.render("ko")), source.statement_id


def test_a_source_keeps_its_own_words_in_korean() -> None:
    """Section, the wording read and the citation are as published in both languages; the
    grade (often the project's description of the source) has its Korean beside it, with
    the grade's letter and figures kept."""
    for _, step in every_step():
        for source in step.sources:
            line = source_line(source).render("ko")
            korean_grade = source.grade_text.render("ko")
            assert line.endswith(f", {source.section} — {korean_grade}"), source.statement_id
            assert NUMBER.findall(korean_grade) == NUMBER.findall(source.grade)
            assert isinstance(source.text, str) and isinstance(source.citation, str)


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def test_every_number_of_the_english_is_in_the_korean() -> None:
    """Same figures, denominators and thresholds: no number lost or changed in translation."""
    for key in catalogue().keys("next_steps."):
        entry = catalogue().entry(key)
        without_fields = re.compile(r"\{[^}]*\}")
        english = Counter(NUMBER.findall(without_fields.sub("", entry.en)))
        korean = Counter(NUMBER.findall(without_fields.sub("", entry.ko)))
        assert not english - korean, (key, english - korean)


def test_every_korean_text_carries_a_current_second_reading() -> None:
    """Each entry's Korean was read against its English by a second reader (issue 23), and
    the English has not changed since: a new or changed entry is named here until read."""
    entries = {key: catalogue().entry(key) for key in catalogue().keys("next_steps.")}
    assert len(entries) == 108
    unread = sorted(key for key, entry in entries.items() if entry.checked is None)
    stale = sorted(
        key
        for key, entry in entries.items()
        if entry.checked is not None and entry.checked.en_sha != fingerprint(entry.en)
    )
    assert unread == [], f"Korean not yet read by a second reader: {unread}"
    assert stale == [], f"English changed since the Korean was read: read again {stale}"


def test_drug_names_stay_as_entered_in_korean() -> None:
    for case, step in every_step():
        korean = " ".join(t.render("ko") for t in (step.title, step.action))
        for name in ("lamotrigine", "valproate", "carbamazepine", "phenytoin", "allopurinol"):
            if name in step.title.render("en") + step.action.render("en"):
                assert name in korean, (case, step.key, name)


# --- exact Korean ------------------------------------------------------------------------------


def steps_of(case: dict) -> dict[str, Any]:
    return {s.key: s for s in next_steps(case, score_assessments(case), assess(case).alden)}


def test_withdraw_step_of_the_bedside_ten_case_in_korean() -> None:
    step = steps_of(CASES["adult TEN, lamotrigine still taken"]())["withdraw"]
    # ALDEN's category is ALDEN's word (scoring/alden.py), in the reader's language there.
    category = _category("very probable")
    very_probable = category.render("ko") if isinstance(category, Text) else category
    assert step.title.render("ko") == "lamotrigine 즉시 중단"
    assert step.action.render("ko") == f"즉시 중단하십시오: lamotrigine (ALDEN 6, {very_probable})."
    assert step.why.render("ko") == "입력한 약물 1개의 ALDEN 순위; 복용 중: 1개."
    assert step.title.render("en") == "Stop lamotrigine now"


def test_withdraw_step_with_nothing_ranked_possible_in_korean() -> None:
    step = steps_of(CASES["nothing ranked possible"]())["withdraw"]
    assert step.title.render("ko") == (
        "원인 약물 중단: 복용 중인 모든 약물이 의심 약물입니다(valproate 우선)"
    )
    assert step.action.render("ko").startswith(
        "원인 약물을 찾아 즉시 중단하십시오. 복용 중인 약물 가운데 ALDEN으로 '가능성 있음' 이상인 "
        "약물은 없지만, 그렇다고 이 약물들이 배제되지는 않습니다"
    )


MDT_ACTION_KO = (
    "피부 부전 전문의(대개 피부과 및/또는 성형외과)가 조정하고 중환자 진료, 안과, "
    "피부 관리 간호 인력이 참여하는 다학제 진료팀을 구성하십시오."
)


@pytest.mark.parametrize(
    ("case", "title", "action", "why"),
    [
        (
            "detached 10 %",
            "다학제 진료팀",
            MDT_ACTION_KO,
            "박리 체표면적 10 % (1일째) ≤ 10 %; 이를 넘으면 진료지침은 화상 센터 또는 "
            "중환자실(ICU)을 권고합니다.",
        ),
        (
            "detached 10.1 %",
            "화상 센터 또는 중환자실(ICU)에 즉시 입원",
            "SJS/TEN 치료 경험이 있고 광범위한 피부 소실 창상을 관리할 시설을 갖춘 화상 센터 또는 "
            "중환자실(ICU)에 지체 없이 입원시키십시오.",
            "박리 체표면적 10.1 % (1일째) > 10 %.",
        ),
        (
            "no drugs, nothing entered",
            "다학제 진료팀",
            MDT_ACTION_KO,
            "박리 체표면적 미입력: 10 %를 넘으면 진료지침은 화상 센터 또는 중환자실(ICU)을 "
            "권고합니다.",
        ),
    ],
)
def test_care_setting_step_in_korean_on_both_sides_of_10_pct(
    case: str, title: str, action: str, why: str
) -> None:
    step = steps_of(CASES[case]())["care_setting"]
    assert step.title.render("ko") == title
    assert step.action.render("ko") == action
    assert step.why.render("ko") == why


def test_discharge_cross_reactivity_in_korean() -> None:
    step = steps_of(CASES["aromatic antiepileptic culprit"]())["discharge"]
    assert step.action.render("ko").endswith(
        "교차반응(phenytoin: 방향족 항뇌전증약): 뇌전증이 있는 성인 663명에서, 다른 항뇌전증약으로 "
        "발진이 생긴 뒤 phenytoin, carbamazepine, oxcarbazepine은 27-35 %, lamotrigine은 17 %에서 "
        "발진을 일으켰습니다(SJS/TEN만이 아닌 모든 종류의 발진)."
    )


def test_children_step_in_korean_names_the_age_limit() -> None:
    step = steps_of(CASES["child"]())["children"]
    assert step.title.render("ko") == "18세 미만: 소아 진료지침"
    assert step.why.render("ko") == "나이 10세 < 18세."
    missing = steps_of(CASES["no drugs, nothing entered"]())["children"]
    assert missing.title.render("ko") == "18세 미만이면: 소아 진료지침"
    assert missing.why.render("ko") == "나이가 입력되지 않았습니다."


def test_not_stated_sentence_in_korean() -> None:
    step = steps_of(CASES["no drugs, adult"]())["supportive_care"]
    assert step.action.render("ko").endswith(
        "어느 출처의 원문도 읽지 않았으므로 여기에 적지 않은 내용: 진통과 통증 점수 평가, 소변량에 "
        "따른 수액 목표, 혈전 예방, 스트레스 궤양 예방."
    )


def test_source_label_in_korean_keeps_the_section_as_published_and_words_the_grade() -> None:
    step = steps_of(CASES["detached 10.1 %"]())["care_setting"]
    first = step.sources[0]
    assert source_line(first).render("ko") == (
        "영국피부과학회(BAD) 성인 진료지침 2016, Summary of recommendations: Care setting — "
        "권고 강도 D (GPP)"
    )
    assert source_line(first).render("en").endswith("— Strength of recommendation D (GPP)")
    assert first.verified.render("ko") == "진료지침 원문에서 읽음"
    assert first.text.startswith("Patients with greater than 10% BSA epidermal loss")
