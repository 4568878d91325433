"""The Drugs page in Korean (issue 23) through AppTest: headings, table headers, the ALDEN
card, the timeline and the messages in Korean with the English app's numbers; 라모트리진 is
lamotrigine with lamotrigine's score; "복용 중" and "still taken" are the same last intake in
either language; switching the language keeps the drug list, the dates and the index day."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from reports.case_file import case_to_json
from tests.ui.pages.test_drugs_page import (
    EMPTY_CASE,
    LAMOTRIGINE,
    PAGE,
    VALPROATE,
    _edit_stop,
    _submit_drug,
    shown,
)
from ui import i18n

INDEX_DAY = "2024-03-15"


def _app(
    drugs: list[dict[str, Any]], *, lang: str = "ko", index_day: str | None = INDEX_DAY
) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    case = copy.deepcopy(EMPTY_CASE)
    case["index_day"] = index_day
    case["drugs"] = copy.deepcopy(drugs)
    at.session_state["case"] = case
    at.session_state[i18n.LANG_KEY] = lang
    at.run()
    assert not at.exception
    return at


def _switch(at: AppTest, lang: str) -> AppTest:
    """What the sidebar's selector does (ui/i18n.py), then the rerun it causes."""
    at.session_state[i18n.LANG_KEY] = lang
    at.run()
    assert not at.exception
    return at


def _ranking(at: AppTest, score: str = "ALDEN 점수") -> list[dict[str, Any]]:
    table = next(t.value for t in at.table if score in t.value.columns)
    return table.to_dict("records")


def _columns(at: AppTest) -> dict[str, Any]:
    return json.loads(at.data_editor(key="drugs_editor").proto.columns)


# --- the page in Korean ---------------------------------------------------------------------


def test_headings_and_the_empty_page_in_korean() -> None:
    at = _app([])
    assert [t.value for t in at.title] == ["약물"]
    assert [s.value for s in at.subheader] == ["기준일 전에 복용한 약물"]
    assert [i.value for i in at.info][-1] == (
        "ALDEN 점수를 계산하려면 환자가 기준일 전에 복용한 약물을 추가하십시오."
    )
    index_day = at.text_input(key="drugs_index_day")
    assert index_day.label == "기준일: 피부 또는 점막 증상이 처음 나타난 날(입원일이 아님)"
    assert index_day.value == INDEX_DAY
    assert at.checkbox(key="drugs_other_cause_non_drug").label == (
        "약물 외 원인 확인됨(예: 마이코플라스마 감염)"
    )
    assert at.selectbox(key="drugs_add").label == "지식 베이스에서 약물 추가"


def test_every_heading_of_the_filled_page_in_korean() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    assert [s.value for s in at.subheader] == [
        "기준일 전에 복용한 약물",
        "ALDEN: 약물 인과성 순위",
        "타임라인",
        "경고 표시",
        "내보내기",
    ]
    captions = [c.value for c in at.caption]
    assert (
        "ALDEN(Sassolas 2010)은 임상의가 판단할 수 있도록 약물의 순위를 매길 뿐, 인과성을 "
        "증명하지는 않습니다. 규칙, 기준값과 이 앱의 해석: 방법 페이지."
    ) in captions
    assert (
        "기준일 약 90일 전부터 7일 후까지를 보여 줍니다(빨간 점선: 피부 또는 점막 증상이 처음 "
        "나타난 날). 행 번호는 ALDEN 순위입니다. ◀ 표시는 그보다 먼저 시작한 약물(장기 "
        "복용)이며, 첫 복용일을 함께 적었습니다."
    ) in captions


def test_the_drug_table_headers_and_choices_in_korean() -> None:
    at = _app([LAMOTRIGINE])
    columns = _columns(at)
    labels = {name: config["label"] for name, config in columns.items() if name != "_index"}
    assert labels == {
        "name": "약물(일반명 또는 상품명)",
        "start": "첫 복용일",
        "stop": "마지막 복용일",
        "previous_exposure": "이전 노출",
        "continued_after_onset": "발병 후 계속 복용했으나 악화가 없었습니까?",
        "organ_impairment_or_interaction": "간·신장 기능 저하 또는 상호작용",
        "half_life_hours": "반감기 직접 입력(h)",
        "notoriety": "알려진 위험도(notoriety) 직접 입력",
    }
    options = {
        name: columns[name]["type_config"]["options"]
        for name in ("previous_exposure", "continued_after_onset", "notoriety")
    }
    assert options["previous_exposure"][:2] == ["모름", "없음: 첫 노출"]
    assert options["continued_after_onset"] == [
        "모름",
        "아니요: 중단함",
        "예: 계속 복용, 반응이 진행하지 않음",
    ]
    assert options["notoriety"] == ["+3 강한 연관", "+2 연관", "+1 의심", "0 모름", "-1 의심 안 됨"]
    # The cells in the reader's words (what a screen reader reads from the grid): the
    # still-taken drug's last intake, and a new row's default.
    table = at.data_editor(key="drugs_editor").value
    assert table[["stop", "previous_exposure", "continued_after_onset"]].values.tolist() == [
        ["복용 중", "없음: 첫 노출", "아니요: 중단함"]
    ]
    assert columns["stop"]["default"] == "복용 중"
    assert [c.value for c in at.caption if c.value.startswith("약물마다 한 행")] == [
        "약물마다 한 행입니다. 날짜는 첫 복용일과 마지막 복용일입니다(YYYY-MM-DD). 기준일에도 "
        "복용 중인 약물은 마지막 복용일이 “복용 중”입니다. 위의 입력란으로 약물을 추가하거나 "
        "표 맨 아래의 +로 행을 추가하십시오. 표의 값은 모두 직접 고칠 수 있습니다."
    ]


def test_alden_ranking_and_card_in_korean_with_the_english_numbers() -> None:
    """The worked two-drug case of tests/ui/pages/test_drugs_page.py: lamotrigine 6, very
    probable; valproate (as Depakote) -1, very unlikely."""
    at = _app([VALPROATE, LAMOTRIGINE])
    assert _ranking(at) == [
        {
            "순위": 1,
            "약물": "lamotrigine (라모트리진)",
            "ALDEN 점수": 6,
            "인과성": "매우 가능성 높음",
        },
        {
            "순위": 2,
            "약물": "Depakote → valproic acid (발프로산)",
            "ALDEN 점수": -1,
            "인과성": "가능성 매우 낮음",
        },
    ]
    cards = [m.value for m in at.markdown if m.value.startswith("**1.")]
    assert cards == ["**1. lamotrigine (라모트리진)**: ALDEN **6**점, 매우 가능성 높음"]
    assert ":red-badge[매우 가능성 높음]" in [m.value for m in at.markdown]
    labels = [e.label for e in at.expander if e.label != "출처"]  # flag sources
    assert labels == [
        "6점인 이유: 6개 기준(기준 1-5의 합 6점)",
        "-1점인 이유: 6개 기준(기준 1-5의 합 0점)",
    ]
    lamotrigine = at.expander[0].table[0].value
    assert list(lamotrigine.columns) == ["기준", "구분", "점수", "이유"]
    assert lamotrigine["기준"].iloc[0] == "1. 첫 복용일부터 기준일까지의 지연 기간"  # all six below
    assert lamotrigine["점수"].tolist() == ["+3", "0", "0", "0", "+3", "0"]
    first = lamotrigine.iloc[0]
    assert (first["구분"], first["이유"]) == ("시사적", "기준일 14일 전에 시작: 5-28일")
    valproate = at.expander[1].table[0].value
    assert valproate["이유"].iloc[-1] == "다른 약물의 순위가 더 높음(중간 점수 6 > 3, 이 약물 0)"
    assert "'Depakote'의 성분: valproic acid" in [c.value for c in at.caption]


def test_the_criterion_titles_are_the_method_pages() -> None:
    """One wording of the six titles: the Method page's subheadings (tests/ui/pages/
    test_method_page.py holds them exactly)."""
    from knowledge.i18n import tr
    from scoring.alden import CRITERIA

    at = _app([LAMOTRIGINE])
    titles = at.expander[0].table[0].value["기준"].tolist()
    assert titles == [tr(f"method.alden_{key}", "ko") for key in CRITERIA]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_korean_name_ranks_as_lamotrigine_with_the_same_score(lang: str) -> None:
    """라모트리진 typed as the drug's name is lamotrigine: the same ALDEN criteria, score and
    category, in either language; shown as typed, with the INN it was read as."""
    score = "ALDEN 점수" if lang == "ko" else "ALDEN score"
    drug = "약물" if lang == "ko" else "Drug"
    inn_at = _app([VALPROATE, LAMOTRIGINE], lang=lang)
    by_inn = _ranking(inn_at, score)
    at = _app([VALPROATE, {**LAMOTRIGINE, "name": "라모트리진"}], lang=lang)
    by_korean = _ranking(at, score)
    assert by_korean[0][drug] == "라모트리진 → lamotrigine"
    assert by_korean[0][score] == 6
    assert [{k: v for k, v in row.items() if k != drug} for row in by_korean] == [
        {k: v for k, v in row.items() if k != drug} for row in by_inn
    ]
    # Known: the same flags as lamotrigine, and no "not in the knowledge base" notice.
    assert at_warnings(at) == at_warnings(inn_at)


def at_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_timeline_labels_axis_and_hover_in_korean() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    annotations = [a["text"] for a in spec["layout"]["annotations"]]
    assert annotations == [
        "기준일",
        "첫 복용 5-28일 전: 시사적 지연",
        "기준일 대비 일수<br>(음수 = 기준일 전; ◀ = 장기 복용)",
    ]
    lamotrigine, valproate, marker = spec["data"]
    assert lamotrigine["hovertext"] == "1. lamotrigine<br>첫 복용일: -14일<br>기준일에도 복용 중"
    assert valproate["hovertext"] == (
        "2. Depakote<br>첫 복용일: -439일<br>기준일에도 복용 중<br>장기 복용: -90일 이전에 시작"
    )
    assert marker["text"] == ["-439일"]
    assert marker["name"] == "2. Depakote (장기 복용)"


def test_engine_messages_in_korean() -> None:
    at = _app(
        [
            {"name": "carbamazepine", "start": "2024-03-10", "stop": "2024-03-01"},
            {"name": "allopurinol", "start": None},
        ]
    )
    assert [e.value for e in at.error] == [
        "약물 1 ('carbamazepine'): 첫 복용일 2024-03-10 — 마지막 복용일 2024-03-01보다 늦습니다"
    ]
    assert "약물 2 ('allopurinol'): 첫 복용일: 지연 기간을 계산하려면 입력해야 합니다" in [
        i.value for i in at.info
    ]
    assert "위의 메시지를 해결하면 ALDEN 점수를 계산합니다." in [i.value for i in at.info]


def test_unknown_name_did_you_mean_in_korean() -> None:
    at = _app([{"name": "Lamictl", "start": "2024-03-01"}])
    assert (
        "약물 1: 'Lamictl' — 지식 베이스에 없으므로 ALDEN 알려진 위험도(notoriety)는 0(모름)이며, "
        "이 약물에 대한 경고 표시는 확인하지 않습니다. 혹시 **Lamictal (lamotrigine)**입니까?"
    ) in at_warnings(at)
    assert at.button(key="drugs_names_use_0").label == "Lamictal (lamotrigine) 사용"


# --- searching a drug by its Korean name ----------------------------------------------------


def test_the_picker_lists_korean_names_and_adds_the_generic() -> None:
    at = _app([])
    picker = at.selectbox(key="drugs_add")
    assert "lamotrigine (라모트리진)" in picker.options  # the generic, its Korean name beside
    assert "알로퓨리놀 (allopurinol)" in picker.options  # KoDARC's spelling, another option
    assert "카바마제핀 (carbamazepine)" in picker.options
    assert picker.placeholder == "일반명, 상품명 또는 한글 성분명을 입력하십시오…"
    picker.set_value("알로퓨리놀 (allopurinol)").run()
    assert not at.exception
    assert [d["name"] for d in at.session_state["case"]["drugs"]] == ["allopurinol"]
    # In English the picker is as it was: generics and brands.
    english = _app([], lang="en").selectbox(key="drugs_add")
    assert "lamotrigine" in english.options
    assert not [o for o in english.options if "알로" in o]


def test_the_form_adds_a_korean_name_and_says_which_drug_it_is() -> None:
    at = _app([])
    _submit_drug(at, "라모트리진", None)
    assert [e.value for e in at.error] == ["약물을 추가하려면 첫 복용일을 입력하십시오."]
    at.text_input(key="drugs_form_start").input("2024-02-31")
    at.button(key="drugs_form_submit").click().run()
    assert [e.value for e in at.error] == [
        "첫 복용일: '2024-02-31' — 날짜가 아닙니다. YYYY-MM-DD 형식으로 "
        "입력하십시오(예: 2024-03-01)."
    ]
    _submit_drug(at, "라모트리진", date(2024, 3, 1), exposure="none", continued="no")
    assert [s.value for s in at.success] == ["약물 1 추가됨: '라모트리진'."]
    assert "lamotrigine의 한글 표기: '라모트리진'." in [c.value for c in at.caption]
    assert _ranking(at)[0] == {
        "순위": 1,
        "약물": "라모트리진 → lamotrigine",
        "ALDEN 점수": 6,
        "인과성": "매우 가능성 높음",
    }
    assert at.text_input(key="drugs_form_name").label == "약물 이름(일반명 또는 상품명)"
    assert shown(at.radio(key="drugs_form_continued_after_onset")) == "모름"  # reset


# --- "still taken" in either language -------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("typed", ["복용 중", "복용중", " still taken ", "Still Taken"])
def test_still_taken_in_either_language_is_the_same_last_intake(lang: str, typed: str) -> None:
    """Lamotrigine stopped 2024-03-05 (ten days before the index day: presence -3, ALDEN 3),
    then typed as still taken again: stop None, ALDEN 6, the same case file in both
    languages; the cell then shows the reader's words."""
    at = _app([LAMOTRIGINE], lang=lang)
    score = "ALDEN 점수" if lang == "ko" else "ALDEN score"
    _edit_stop(at, "2024-03-05")
    assert _ranking(at, score)[0][score] == 3
    _edit_stop(at, typed)
    assert at.session_state["case"]["drugs"][0]["stop"] is None
    assert _ranking(at, score)[0][score] == 6
    assert json.loads(case_to_json(at.session_state["case"]))["drugs"][0]["stop"] is None
    # Reseeded from the case (a language switch there and back), the cell shows the words
    # of the reader's language, whatever was typed.
    _switch(at, "en" if lang == "ko" else "ko")
    _switch(at, lang)
    words = "복용 중" if lang == "ko" else "still taken"
    assert at.data_editor(key="drugs_editor").value["stop"].tolist() == [words]
    assert at.session_state["case"]["drugs"][0]["stop"] is None


# --- a language switch keeps what was entered -----------------------------------------------


def test_switching_language_keeps_the_drug_list_dates_and_index_day() -> None:
    at = _app([VALPROATE, LAMOTRIGINE], lang="en")
    # A table edit (lamotrigine's first intake and a typed last intake), a non-drug cause.
    at.session_state["drugs_editor"] = {
        "edited_rows": {"1": {"start": "2024-03-12", "stop": "2024-03-20"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.checkbox(key="drugs_other_cause_non_drug").check()
    at.run()
    assert not at.exception
    drugs_before = copy.deepcopy(at.session_state["case"]["drugs"])
    assert drugs_before[1]["start"] == "2024-03-12"
    english = _ranking(at, "ALDEN score")

    _switch(at, "ko")
    assert at.session_state["case"]["drugs"] == drugs_before
    assert at.session_state["case"]["index_day"] == INDEX_DAY
    assert at.text_input(key="drugs_index_day").value == INDEX_DAY
    editor = at.data_editor(key="drugs_editor").value
    assert editor["name"].tolist() == ["Depakote", "lamotrigine"]
    assert editor["stop"].tolist() == ["복용 중", "2024-03-20"]
    assert [str(d)[:10] for d in editor["start"]] == ["2023-01-01", "2024-03-12"]
    assert at.checkbox(key="drugs_other_cause_non_drug").value is True
    korean = _ranking(at)
    assert [(r["순위"], r["ALDEN 점수"]) for r in korean] == [
        (r["Rank"], r["ALDEN score"]) for r in english
    ]

    # And back: an edit made in Korean survives the switch to English.
    at.session_state["drugs_editor"] = {
        "edited_rows": {"0": {"previous_exposure": "none"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert at.session_state["case"]["drugs"][0]["previous_exposure"] == "none"
    _switch(at, "en")
    assert at.session_state["case"]["drugs"][0]["previous_exposure"] == "none"
    assert at.data_editor(key="drugs_editor").value["stop"].tolist() == [
        "still taken",
        "2024-03-20",
    ]
    assert next(s.value for s in at.subheader) == "Drugs taken before the index day"


def test_other_notices_in_korean() -> None:
    """An uncurated combination, a name with a line break, the timeline without an index
    day, a form without name and first intake."""
    at = _app(
        [
            {"name": "trimethoprim + ibuprofen", "start": "2024-03-01"},
            {"name": "lamotrigine\n\nSCORTEN 0 of 7", "start": "2024-03-01"},
        ],
        index_day=None,
    )
    assert (
        "약물 1: 'trimethoprim + ibuprofen' — 지식 베이스에 수록된 복합제가 아닙니다"
        "(ibuprofen/trimethoprim). 서로 다른 약물이라면 한 행에 하나씩 입력하십시오."
    ) in at_warnings(at)
    assert next(e.value for e in at.error) == (
        "약물 2: 약물 이름 — 제어 문자(줄바꿈, 탭, NUL 또는 이스케이프 코드)가 들어 있습니다. "
        "특수 문자 없이 한 줄로 이름을 입력하십시오. 고칠 때까지 계산에서 제외합니다."
    )
    assert at.session_state["case"]["drugs"][1]["name"] is None  # kept out of ALDEN
    assert "타임라인을 그리려면 기준일을 입력하십시오." in [c.value for c in at.caption]
    _submit_drug(at, "", None)
    assert next(e.value for e in at.error) == (
        "약물을 추가하려면 약물 이름과 첫 복용일을 입력하십시오."
    )
