"""Teaching page through AppTest: reveal, what-if, quiz, presenter, shareable link."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teaching.cases import load_teaching

# AppTest resolves relative paths against the calling file: anchor at the project root.
PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "teaching_page.py")
TIMEOUT = 30
CASE_IDS = load_teaching().ids


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def open_page(case_id: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    if case_id is not None:
        at.query_params["case"] = case_id
    return run(at)


def reveal_all(at: AppTest) -> AppTest:
    while any(b.key == "teaching_next_step" for b in at.button):
        click(at, "teaching_next_step")
    return at


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


@pytest.fixture
def at() -> AppTest:
    return open_page()


# --- case card and reveal -------------------------------------------------------------------


def test_first_case_is_labelled_fictional_and_starts_with_one_step(at):
    assert at.selectbox(key="teaching_case").value == "lamotrigine-valproate"
    assert at.caption[1].value == (
        "Fictional teaching case · A 29-year-old woman with epilepsy, two weeks after "
        "lamotrigine was added to valproate."
    )
    assert markdown(at)[0] == "**Presentation**"
    assert "**Reaction**" not in markdown(at)
    assert at.button(key="teaching_next_step").label == "Reveal next step"


def test_steps_reveal_one_at_a_time_then_the_scores(at):
    click(at, "teaching_next_step")
    assert "**Reaction**" in markdown(at)
    assert "**Day-1 values**" not in markdown(at)
    click(at, "teaching_next_step")
    assert at.button(key="teaching_next_step").label == "Reveal the scores"
    assert at.subheader == []
    click(at, "teaching_next_step")
    assert at.subheader[0].value == "SCORTEN 2 of 7 · predicted mortality 12.2 %"
    lines = markdown(at)
    assert "✓ Heart rate 124 /min meets the rule Heart rate > 120 /min: 1 point." in lines
    assert "✗ Age 29 years does not meet the rule Age > 40 years: 0 points." in lines
    assert "**ABCD-10 1 of 8**" in lines
    assert "**Likely culprit: lamotrigine** — ALDEN 6 (very probable)" in lines
    alden = at.dataframe[0].value
    assert alden[["drug", "ALDEN", "category"]].values.tolist() == [
        ["lamotrigine", 6, "very probable"],
        ["valproate", -3, "very unlikely"],
    ]


def test_start_again_hides_the_answer(at):
    reveal_all(at)
    click(at, "teaching_restart")
    assert at.subheader == []
    assert at.session_state["teaching_step"] == 1


def test_day_3_shows_the_day_3_score():
    at = reveal_all(open_page("day3-progression"))
    assert at.subheader[0].value == "SCORTEN 3 of 7 · predicted mortality 32.4 %"
    at.radio(key="teaching_day").set_value(3)
    run(at)
    assert at.subheader[0].value == "SCORTEN 5 of 7 · predicted mortality 85.0 %"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_case_reveals_without_error(case_id):
    at = reveal_all(open_page(case_id))
    assert at.subheader[0].value.startswith("SCORTEN ")
    assert len(at.get("plotly_chart")) == 1


# --- what-if --------------------------------------------------------------------------------


def test_what_if_shows_the_flip_and_the_mortality_move(at):
    reveal_all(at)
    assert "No criterion flipped." in markdown(at)
    at.slider(key="teaching_whatif_bicarbonate_mmol_l").set_value(19.0)
    run(at)
    lines = markdown(at)
    assert "SCORTEN 2 → 3 of 7 · predicted mortality 12.2 % → 32.4 %" in lines
    assert "Bicarbonate now earns its point." in lines
    click(at, "teaching_whatif_reset")
    assert at.slider(key="teaching_whatif_bicarbonate_mmol_l").value == 20.0
    assert "No criterion flipped." in markdown(at)


def test_what_if_sliders_show_as_many_decimals_as_their_step(at):
    """Issue 22: a whole-number slider read "59.00"."""
    reveal_all(at)
    formats = {s.key: s.proto.format for s in at.slider}
    assert formats["teaching_whatif_age_years"] == "%d"
    assert formats["teaching_whatif_heart_rate_bpm"] == "%d"
    assert formats["teaching_whatif_urea_mmol_l"] == "%.1f"
    assert formats["teaching_whatif_bicarbonate_mmol_l"] == "%.1f"


def test_what_if_malignancy_toggle():
    at = reveal_all(open_page("carbamazepine-hla-b1502"))
    at.toggle(key="teaching_whatif_malignancy").set_value(True)
    run(at)
    assert "SCORTEN 1 → 2 of 7 · predicted mortality 3.9 % → 12.2 %" in markdown(at)
    assert "Malignancy now earns its point." in markdown(at)


def test_what_if_starts_in_mmol_l_for_a_case_written_in_mg_dl():
    at = reveal_all(open_page("dialysis-scores-disagree"))
    assert at.slider(key="teaching_whatif_urea_mmol_l").value == 24.6
    assert "No criterion flipped." in markdown(at)


# --- quiz -----------------------------------------------------------------------------------


def answer(at: AppTest, scorten: int | None, drug: str | None) -> AppTest:
    at.number_input(key="teaching_quiz_scorten").set_value(scorten)
    at.selectbox(key="teaching_quiz_culprit").set_value(drug)
    run(at)
    return click(at, "teaching_quiz_check")


def quiz(at: AppTest) -> AppTest:
    at.radio(key="teaching_mode").set_value("Quiz")
    return run(at)


def test_quiz_right_answers_get_immediate_feedback_and_count(at):
    quiz(at)
    assert at.info[0].value == "No cases answered yet this session."
    answer(at, 2, "lamotrigine")
    assert [s.value for s in at.success] == ["SCORTEN 2: correct.", "Culprit lamotrigine: correct."]
    assert at.info[0].value == "1 case answered · SCORTEN 1/1 · culprit 1/1"
    assert markdown(at)[-2].endswith("- Total: SCORTEN 2 of 7.")


def test_quiz_wrong_answers_name_the_right_ones_with_reasoning():
    at = quiz(open_page("child-cotrimoxazole"))
    answer(at, 1, "paracetamol")
    assert [e.value for e in at.error] == [
        "SCORTEN is 0, not 1.",
        "The likely culprit is co-trimoxazole, not paracetamol.",
    ]
    assert at.info[0].value == "1 case answered · SCORTEN 0/1 · culprit 0/1"


def test_quiz_counts_a_case_once_and_the_tally_spans_cases(at):
    quiz(at)
    answer(at, 3, "valproate")
    answer(at, 2, "lamotrigine")  # checking again after seeing the answer does not count
    at.selectbox(key="teaching_case").set_value("myeloma-meloxicam")
    run(at)
    answer(at, 7, "meloxicam")
    assert at.info[0].value == "2 cases answered · SCORTEN 1/2 · culprit 1/2"
    click(at, "teaching_tally_reset")
    assert at.info[0].value == "No cases answered yet this session."


def test_quiz_asks_for_both_answers(at):
    quiz(at)
    answer(at, None, "lamotrigine")
    assert at.warning[0].value == "Give both a SCORTEN estimate and a drug."
    assert at.info[0].value == "No cases answered yet this session."


def test_quiz_on_the_day3_case_shows_day_1_only():
    at = quiz(open_page("day3-progression"))
    assert "**Day 1**" in markdown(at)
    assert "**Day 3**" not in markdown(at)


# --- presenter ------------------------------------------------------------------------------


def test_presenter_shows_one_slide_at_a_time(at):
    at.radio(key="teaching_mode").set_value("Presenter")
    run(at)
    assert at.title[-1].value == "Lamotrigine added to valproate"
    assert [h.value for h in at.header] == [
        "Fictional teaching case",
        "A 29-year-old woman with epilepsy, two weeks after lamotrigine was added to valproate.",
    ]
    assert at.caption[-1].value == "Slide 1 of 11"
    assert at.button(key="teaching_prev_slide").disabled
    click(at, "teaching_next_slide")
    assert at.title[-1].value == "Presentation"
    assert at.caption[-1].value == "Slide 2 of 11"
    click(at, "teaching_prev_slide")
    assert at.caption[-1].value == "Slide 1 of 11"


def open_presenter_link(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return run(at)


def test_a_presenter_link_opens_the_slide_without_chrome():
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide="3")
    assert at.caption[0].value == "Slide 3 of 11"
    # No app chrome: no page title, no case or mode selectors, no share box.
    assert at.title[0].value != "Teaching"
    assert len(at.selectbox) == 0 and len(at.radio) == 0 and len(at.expander) == 0
    assert dict(at.query_params) == {
        "case": "lamotrigine-valproate",
        "lang": "en",
        "mode": "presenter",
        "slide": "3",
    }
    # The bar: Previous/Next with ←/→, the clicker keys and Space, and a way out.
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts == {
        "teaching_prev_slide": "left",
        "teaching_next_slide": "right",
        "teaching_prev_slide_page_up": "pageup",
        "teaching_next_slide_page_down": "pagedown",
        "teaching_next_slide_space": "space",
        "teaching_exit_presenter": "",
    }


def test_presenter_next_moves_the_slide_and_the_url_follows():
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide="3")
    click(at, "teaching_next_slide_page_down")
    assert at.caption[0].value == "Slide 4 of 11"
    assert at.query_params["slide"] == "4"
    click(at, "teaching_prev_slide_page_up")
    click(at, "teaching_prev_slide")
    assert at.caption[0].value == "Slide 2 of 11"
    assert at.query_params["slide"] == "2"


def test_presenter_exit_goes_back_to_the_walk_through_and_the_case_link():
    at = open_presenter_link(case="allopurinol-hla-b5801", mode="presenter", slide="2")
    click(at, "teaching_exit_presenter")
    assert at.title[0].value == "Teaching"
    assert at.radio(key="teaching_mode").value == "walk"
    assert at.selectbox(key="teaching_case").value == "allopurinol-hla-b5801"
    assert dict(at.query_params) == {"case": "allopurinol-hla-b5801", "lang": "en"}


@pytest.mark.parametrize("slide", ["0", "-1", "abc", "1e3", "99999"])
def test_a_bad_slide_number_opens_slide_1_with_a_message(slide):
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide=slide)
    assert at.caption[0].value == "Slide 1 of 11"
    assert at.warning[0].value == (
        "The link's slide number is not a whole number from 1: showing slide 1."
    )
    assert slide not in at.warning[0].value


def test_a_presenter_link_to_an_unknown_case_opens_the_normal_page():
    at = open_presenter_link(case="no-such-case", mode="presenter", slide="3")
    assert at.title[0].value == "Teaching"
    assert at.warning[0].value == "No teaching case is called 'no-such-case'. Pick one below."
    assert at.radio(key="teaching_mode").value == "walk"


def test_a_slide_number_past_the_end_opens_the_last_slide():
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide="40")
    assert at.caption[0].value == "Slide 11 of 11"
    assert at.button(key="teaching_next_slide").disabled


def test_the_score_slide_shows_the_curve_in_projection_type():
    case = load_teaching().get("lamotrigine-valproate")
    slide = 1 + len(case.steps) + 1  # 1-based: after the case card and the steps
    at = open_presenter_link(case=case.id, mode="presenter", slide=str(slide))
    assert at.title[0].value.startswith("Day 1: SCORTEN")
    chart = at.get("plotly_chart")[0]
    assert '"displayModeBar":false' in chart.proto.config.replace(" ", "")
    figure = chart.proto.spec
    assert '"size":22' in figure.replace(" ", "")  # tick labels for the back row


# --- shareable link -------------------------------------------------------------------------


def test_the_url_carries_the_case_id_and_the_language_only(at):
    assert dict(at.query_params) == {"case": "lamotrigine-valproate", "lang": "en"}
    assert at.code[0].value == "?case=lamotrigine-valproate&lang=en"
    assert at.code[1].value == "?case=lamotrigine-valproate&lang=en&mode=presenter&slide=1"
    at.selectbox(key="teaching_case").set_value("allopurinol-hla-b5801")
    run(at)
    assert dict(at.query_params) == {"case": "allopurinol-hla-b5801", "lang": "en"}
    assert at.code[0].value == "?case=allopurinol-hla-b5801&lang=en"
    # Answers and what-if values never reach the URL.
    reveal_all(at)
    at.slider(key="teaching_whatif_age_years").set_value(30.0)
    run(at)
    assert dict(at.query_params) == {"case": "allopurinol-hla-b5801", "lang": "en"}


def test_a_link_opens_its_case():
    at = open_page("child-cotrimoxazole")
    assert at.selectbox(key="teaching_case").value == "child-cotrimoxazole"
    assert at.warning == []


def test_an_unknown_case_in_the_link_gives_a_clear_message():
    at = open_page("no-such-case")
    assert at.warning[0].value == "No teaching case is called 'no-such-case'. Pick one below."
    assert at.selectbox(key="teaching_case").value == "lamotrigine-valproate"
    at.selectbox(key="teaching_case").set_value("myeloma-meloxicam")
    run(at)
    assert at.warning == []
    assert dict(at.query_params) == {"case": "myeloma-meloxicam", "lang": "en"}


def test_a_malformed_link_is_not_echoed():
    at = open_page("<b>hi</b>")
    assert at.warning[0].value == "The link does not name a teaching case (malformed case id)."


def test_presenter_ends_with_live_what_if_and_quiz_slides():
    """Issue 22: what-if and the quiz existed only outside the presenter view."""
    at = open_presenter_link(case="lamotrigine-valproate", mode="presenter", slide="10")
    assert at.caption[0].value == "Slide 10 of 11"
    assert at.header[0].value == "What if?"
    at.slider(key="teaching_whatif_bicarbonate_mmol_l").set_value(19.0)
    run(at)
    assert "SCORTEN 2 → 3 of 7 · predicted mortality 12.2 % → 32.4 %" in markdown(at)
    # ← / → move the focused slider here, not the slide; Page Up / Page Down still do.
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts["teaching_prev_slide"] == shortcuts["teaching_next_slide"] == ""
    assert shortcuts["teaching_next_slide_page_down"] == "pagedown"
    click(at, "teaching_next_slide_page_down")
    assert at.caption[0].value == "Slide 11 of 11"
    assert at.query_params["slide"] == "11"
    assert at.header[0].value == "Quiz"
    at.number_input(key="teaching_quiz_scorten").set_value(2)
    at.selectbox(key="teaching_quiz_culprit").set_value(at.selectbox[0].options[0])
    click(at, "teaching_quiz_check")
    assert at.success or at.error  # feedback, right or wrong, on the slide
