"""The classroom around a teaching case: quiz, tally, presenter slides, shareable link."""

from __future__ import annotations

import pytest

from teaching.cases import FICTIONAL_LABEL, QUERY_PARAM, load_teaching
from teaching.classroom import (
    case_from_link,
    culprit_display_name,
    empty_tally,
    grade_quiz,
    presenter_query,
    presenter_slides,
    share_query,
    tally_text,
    update_tally,
)

TEACHING = load_teaching()


def test_quiz_feedback_for_right_answers():
    case = TEACHING.get("lamotrigine-valproate")
    feedback = grade_quiz(case, 1, 2, "lamotrigine", lang="en")
    assert (feedback.scorten_correct, feedback.culprit_correct) == (True, True)
    assert feedback.headline == "SCORTEN correct · culprit correct"
    assert feedback.scorten_reasoning[-1] == "Total: SCORTEN 2 of 7."
    assert len(feedback.scorten_reasoning) == 8
    assert feedback.culprit_reasoning == case.culprit.reasoning


def test_quiz_feedback_for_wrong_answers_names_the_right_ones():
    case = TEACHING.get("child-cotrimoxazole")
    feedback = grade_quiz(case, 1, 1, "paracetamol", lang="en")
    assert (feedback.scorten_correct, feedback.culprit_correct) == (False, False)
    assert (feedback.scorten_answer, feedback.culprit_answer) == (0, "co-trimoxazole")
    assert feedback.headline == "SCORTEN not quite · culprit not quite"


def test_quiz_on_day_3_uses_day_3_values():
    feedback = grade_quiz(TEACHING.get("day3-progression"), 3, 5, "nevirapine", lang="en")
    assert (feedback.scorten_answer, feedback.scorten_correct) == (5, True)


def test_culprit_display_name_is_the_case_own_name():
    assert culprit_display_name(TEACHING.get("child-cotrimoxazole")) == "co-trimoxazole"
    assert culprit_display_name(TEACHING.get("allopurinol-hla-b5801")) == "allopurinol"


def test_tally_counts_the_first_answer_per_case_only():
    ltg, child = TEACHING.get("lamotrigine-valproate"), TEACHING.get("child-cotrimoxazole")
    tally = empty_tally()
    assert tally_text(tally, lang="en") == "No cases answered yet this session."
    tally = update_tally(tally, grade_quiz(ltg, 1, 2, "valproate", lang="en"))
    tally = update_tally(
        tally, grade_quiz(ltg, 1, 2, "lamotrigine", lang="en")
    )  # re-check: not counted
    tally = update_tally(tally, grade_quiz(child, 1, 0, "co-trimoxazole", lang="en"))
    assert tally == {
        "answered": ["lamotrigine-valproate@1", "child-cotrimoxazole@1"],
        "scorten_correct": 2,
        "culprit_correct": 1,
    }
    assert tally_text(tally, lang="en") == "2 cases answered · SCORTEN 2/2 · culprit 1/2"


# --- presenter and link ---


def test_presenter_slides_one_idea_each():
    case = TEACHING.get("day3-progression")
    slides = presenter_slides(case, TEACHING, lang="en")
    headings = [s.heading for s in slides]
    assert headings == [
        "Day 1 versus day 3",
        "Presentation",
        "Day 1",
        "Day 3",
        "Day 1: SCORTEN 3 of 7",
        "Day 3: SCORTEN 5 of 7",
        "Likely culprit: nevirapine",
        "Teaching point 1",
        "Teaching point 2",
    ]
    assert slides[0].body[0] == FICTIONAL_LABEL
    assert slides[0].original == []  # nothing shown in Korean: no original to show
    assert slides[5].body[0] == "Predicted mortality 85.0 %"


def test_share_query_carries_only_the_case_id_and_the_language():
    case = TEACHING.get("carbamazepine-hla-b1502")
    assert share_query(case, lang="en") == {QUERY_PARAM: "carbamazepine-hla-b1502", "lang": "en"}


def test_the_presenter_link_starts_with_the_share_link_and_keeps_the_language():
    case = TEACHING.get("carbamazepine-hla-b1502")
    for lang in ("en", "ko"):
        query = presenter_query(case, 2, lang=lang)
        assert query == {
            QUERY_PARAM: "carbamazepine-hla-b1502",
            "lang": lang,
            "mode": "presenter",
            "slide": "3",
        }
        # The share link is the presenter link's beginning (the page shows both).
        assert list(query.items())[:2] == list(share_query(case, lang=lang).items())


def test_the_slides_in_korean():
    case = TEACHING.get("day3-progression")
    slides = presenter_slides(case, TEACHING, lang="ko")
    assert [s.heading for s in slides][4:] == [
        "1일째: SCORTEN 3점 (7점 만점)",
        "3일째: SCORTEN 5점 (7점 만점)",
        "유력한 원인 약물: nevirapine",
        "교육 요점 1",
        "교육 요점 2",
    ]
    assert slides[0].body[0] == "가상 교육 증례"
    assert slides[5].body[0] == "예측 사망률 85.0 %"
    assert [s.cited for s in slides] == [False] * 7 + [True] * 2
    # The case's own Korean, with its English original beside it ("원문 보기").
    assert slides[0].heading == "1일째와 3일째 비교"
    assert slides[0].original == [case.title, case.summary]
    assert slides[3].heading == "3일째"
    assert slides[3].body == [
        "박리가 약 40 %로 확대되었습니다. 심박수 132/min. 혈청 요소 12.6 mmol/L, "
        "중탄산염 18 mmol/L, 혈당 11.8 mmol/L(인슐린 투여 중)."
    ]
    assert slides[3].original == ["Day 3", case.steps[2].text]
    assert slides[6].original == [case.culprit.reasoning]
    assert [s.original for s in slides[4:6]] == [[], []]  # the scores: the catalogue's words
    # In English, the English and no original.
    english = presenter_slides(case, TEACHING, lang="en")
    assert english[0].heading == "Day 1 versus day 3"
    assert all(s.original == [] for s in english)


def test_quiz_feedback_and_tally_in_korean():
    ltg = TEACHING.get("lamotrigine-valproate")
    feedback = grade_quiz(ltg, 1, 2, "valproate", lang="ko")
    assert feedback.headline == "SCORTEN 정답 · 원인 약물 오답"
    assert feedback.scorten_reasoning[-1] == "합계: SCORTEN 2점 (7점 만점)."
    tally = update_tally(empty_tally(), feedback)
    assert tally_text(empty_tally(), lang="ko") == "이번 세션에서 아직 답한 증례가 없습니다."
    assert tally_text(tally, lang="ko") == "답한 증례 1개 · SCORTEN 1/1 · 원인 약물 0/1"


def test_link_messages_in_korean():
    unknown = case_from_link("no-such-case", TEACHING).message
    malformed = case_from_link("<b>", TEACHING).message
    assert unknown is not None and malformed is not None
    assert unknown.render("ko") == (
        "'no-such-case'에 해당하는 교육 증례가 없습니다. 아래에서 고르십시오."
    )
    assert malformed.render("ko") == "링크가 교육 증례를 가리키지 않습니다(증례 ID 형식 오류)."


def test_link_to_a_known_case_opens_it():
    lookup = case_from_link("child-cotrimoxazole", TEACHING)
    assert lookup.case is TEACHING.get("child-cotrimoxazole")
    assert lookup.message is None


def test_link_to_an_unknown_case_says_so():
    lookup = case_from_link("no-such-case", TEACHING)
    assert lookup.case is None
    assert lookup.message is not None
    assert (
        lookup.message.render("en") == "No teaching case is called 'no-such-case'. Pick one below."
    )


@pytest.mark.parametrize("value", ["<script>", "Lamotrigine", "a" * 61, "x--y"])
def test_a_malformed_link_is_not_echoed(value):
    lookup = case_from_link(value, TEACHING)
    assert lookup.case is None
    assert lookup.message is not None
    assert lookup.message.render("en") == (
        "The link does not name a teaching case (malformed case id)."
    )


def test_no_link_means_no_message():
    assert case_from_link(None, TEACHING) == case_from_link("", TEACHING)
    assert case_from_link(None, TEACHING).message is None


def test_a_repeated_parameter_uses_the_last_value():
    assert case_from_link(["x", "child-cotrimoxazole"], TEACHING).case.id == "child-cotrimoxazole"
