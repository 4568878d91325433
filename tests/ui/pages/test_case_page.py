"""Case page through AppTest: exact values on screen for the design.md worked case."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reports.wording import CALIBRATION_NOTE

# AppTest resolves relative paths against the calling file: anchor at the project root.
PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "case_page.py")
TIMEOUT = 30

# One figure per line (issue 12): the heading holds the score only.
WORKED_HEADLINE = "SCORTEN 4 of 7"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def at() -> AppTest:
    return run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))


def enter(at: AppTest, **values) -> AppTest:
    """Set widgets by key (numbers and radios), one run each, as a user would."""
    for key, value in values.items():
        widget = at.radio(key=key) if key in RADIO_KEYS else at.number_input(key=key)
        widget.set_value(value)
        run(at)
    return at


RADIO_KEYS = {
    "case_malignancy",
    "case_dialysis_before_admission",
    "case_urea_unit",
    "case_glucose_unit",
}


def worked_case(at: AppTest, **overrides) -> AppTest:
    values = {
        "case_age_years": 67,
        "case_malignancy": "Yes",
        "case_heart_rate_bpm": 118,
        "case_bsa_detached_pct": 18,
        "case_urea_value": 12.1,
        "case_bicarbonate_mmol_l": 22,
        "case_glucose_value": 10,
    }
    values.update(overrides)
    return enter(at, **values)


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_empty_page_scores_nothing_and_defaults_to_unknown(at):
    assert at.number_input(key="case_age_years").value is None
    assert at.radio(key="case_malignancy").value == "Unknown"
    assert at.radio(key="case_dialysis_before_admission").value == "Unknown"
    assert subheaders(at) == [
        "SCORTEN 0-7 of 7 (age, heart rate, malignancy, detached BSA, urea, bicarbonate, "
        "glucose missing)"
    ]
    assert "**Predicted mortality 1.2-98.5 %** (SCORTEN logistic equation)" in texts(at)
    assert not at.error


def test_worked_case_all_seven_inputs(at):
    worked_case(at)
    assert subheaders(at) == [WORKED_HEADLINE]
    shown = texts(at)
    assert "**Predicted mortality 62.2 %** (SCORTEN logistic equation)" in shown
    assert "Derivation band 58.3 % (14/24; 95 % CI 36.6-77.9)" in shown
    assert "✓ Age 67 years > 40 years — 1 point" in shown
    assert "✗ Heart rate 118 /min ≤ 120 /min — 0 points" in shown
    assert "✓ Malignancy: yes — 1 point" in shown
    assert "✓ Detached BSA 18 % > 10 % — 1 point" in shown
    assert "✓ Urea 12.1 mmol/L (= 34 mg/dL BUN) > 10 mmol/L (BUN 28 mg/dL) — 1 point" in shown
    assert "✗ Bicarbonate 22 mmol/L ≥ 20 mmol/L (mEq/L is the same) — 0 points" in shown
    assert "✗ Glucose 10 mmol/L (= 180 mg/dL) ≤ 14 mmol/L (252.2 mg/dL) — 0 points" in shown
    assert "= 34 mg/dL BUN" in shown  # converted value under the urea field
    assert "**Extent: SJS/TEN overlap (18 % detached)**" in shown
    assert any(
        m.startswith("**ABCD-10 4-7 of 8 (dialysis before admission missing)**") for m in shown
    )
    assert not at.error and not at.warning
    assert at.session_state["case"]["assessments"][0]["inputs"] == {
        "age_years": 67.0,
        "malignancy": True,
        "heart_rate_bpm": 118.0,
        "bsa_detached_pct": 18.0,
        "urea_mmol_l": 12.1,
        "bicarbonate_mmol_l": 22.0,
        "glucose_mmol_l": 10.0,
    }


def test_worked_case_in_mg_dl(at):
    enter(at, case_urea_unit="mg/dL", case_glucose_unit="mg/dL")
    worked_case(at, case_urea_value=34, case_glucose_value=180)
    assert subheaders(at) == [WORKED_HEADLINE]
    shown = texts(at)
    assert "= 12.1 mmol/L urea" in shown
    assert "= 10.0 mmol/L" in shown
    assert "✓ BUN 34 mg/dL (= 12.1 mmol/L urea) > 10 mmol/L (BUN 28 mg/dL) — 1 point" in shown
    assert "✗ Glucose 180 mg/dL (= 10.0 mmol/L) ≤ 14 mmol/L (252.2 mg/dL) — 0 points" in shown
    inputs = at.session_state["case"]["assessments"][0]["inputs"]
    assert inputs["bun_mg_dl"] == 34.0 and "urea_mmol_l" not in inputs
    assert inputs["glucose_mg_dl"] == 180.0


def test_urea_unit_selector_says_bun_is_urea_nitrogen(at):
    assert at.radio(key="case_urea_unit").options == ["mmol/L (urea)", "mg/dL (BUN, urea nitrogen)"]
    assert any(c.value.startswith("BUN is blood urea nitrogen (mg/dL).") for c in at.caption)


def test_partial_input_shows_range_and_missing(at):
    worked_case(at, case_glucose_value=None)
    assert subheaders(at) == ["SCORTEN 4-5 of 7 (glucose missing)"]
    assert "**Predicted mortality 62.2-85.0 %** (SCORTEN logistic equation)" in texts(at)
    assert "• Glucose — missing (would add 1 if present)" in texts(at)
    assert "Enter glucose to narrow the range. Missing inputs never count as normal." in texts(at)


def test_impossible_value_names_the_field_and_shows_no_score(at):
    worked_case(at, case_age_years=-3)
    assert subheaders(at) == ["No score"]
    errors = [e.value for e in at.error]
    # The on-screen name, never the internal key (age_years).
    assert "Age: -3 years is impossible: below 0 (age cannot be negative)." in errors
    assert not any("SCORTEN 4" in t for t in texts(at))
    fhir = [d for d in at.get("download_button") if d.proto.label.startswith("FHIR")]
    assert fhir[0].proto.disabled


def test_an_impossible_glucose_withholds_scorten_only(at):
    """Issue 22: a glucose error withheld ABCD-10 too, which does not read glucose."""
    worked_case(at, case_glucose_value=-5)
    assert subheaders(at)[0] == "No score"
    errors = [e.value for e in at.error]
    assert "Glucose: -5 mmol/L is impossible: it must be above 0." in errors
    assert (
        "An input is impossible (see the message next to the field). Correct it to see SCORTEN."
        in errors
    )
    # ABCD-10 (Noe 2019): age 67 (1) + malignancy (2) + detachment 18 % (1); dialysis not
    # entered: 4-7 of 8. The extent stands: detachment is possible.
    assert any(
        t.startswith("**ABCD-10 4-7 of 8 (dialysis before admission missing)**") for t in texts(at)
    )
    assert "**Extent: SJS/TEN overlap (18 % detached)**" in texts(at)
    assert not any(t.startswith("**SCORTEN") for t in texts(at))


def test_suspicious_value_warns_and_still_scores(at):
    worked_case(at, case_glucose_value=60)
    assert subheaders(at)[0].startswith("SCORTEN 5 of 7")
    assert (
        "Glucose: 60 mmol/L is above 50 mmol/L: this looks like a mg/dL value; check the unit."
        in [w.value for w in at.warning]
    )


def test_value_on_cutoff_shows_note(at):
    worked_case(at, case_bicarbonate_mmol_l=20)
    assert subheaders(at) == [WORKED_HEADLINE]
    assert "✗ Bicarbonate 20 mmol/L = 20 mmol/L (mEq/L is the same) — 0 points" in texts(at)
    warnings = [w.value for w in at.warning]
    assert any(
        w.startswith("Bicarbonate: 20 mmol/L is exactly at the cut-off: no point") for w in warnings
    )


def test_bun_on_cutoff_in_mg_dl(at):
    enter(at, case_urea_unit="mg/dL")
    worked_case(at, case_urea_value=28)
    assert subheaders(at)[0].startswith("SCORTEN 3 of 7")
    assert any(w.value.startswith("BUN: 28 mg/dL is exactly at the cut-off") for w in at.warning)


def test_day3_reminder_then_add_day3_and_trend(at):
    worked_case(at)
    assert any("Rescore on day 3" in i.value for i in at.info)
    at.button(key="case_add_day").click()
    run(at)
    assert at.selectbox(key="case_active_day").value == 3
    # Age and malignancy carry over; bedside values start unknown.
    assert at.number_input(key="case_age_years").value == 67.0
    assert at.radio(key="case_malignancy").value == "Yes"
    assert at.number_input(key="case_heart_rate_bpm").value is None
    assert not any("Rescore on day 3" in i.value for i in at.info)
    worked_case(at, case_heart_rate_bpm=130, case_glucose_value=16)
    assert subheaders(at)[0] == "SCORTEN 6 of 7"
    assert "**Predicted mortality 95.1 %** (SCORTEN logistic equation)" in texts(at)
    # The change since day 1 is in the bedside summary, at the top (issue 22).
    assert "**Trend:** SCORTEN day 1: 4 → day 3: 6 (up 2)" in texts(at)
    days = [a["assessment_day"] for a in at.session_state["case"]["assessments"]]
    assert days == [1, 3]
    # Back to day 1: its own values return.
    at.selectbox(key="case_active_day").set_value(1)
    run(at)
    assert subheaders(at) == [WORKED_HEADLINE]
    assert at.number_input(key="case_heart_rate_bpm").value == 118.0


def test_clear_case_asks_first_then_forgets_everything(at):
    worked_case(at)
    at.button(key="case_clear").click()
    run(at)
    assert at.number_input(key="case_age_years").value == 67.0  # nothing cleared yet
    at.button(key="case_clear_cancel").click()
    run(at)
    assert at.number_input(key="case_age_years").value == 67.0
    at.button(key="case_clear").click()
    run(at)
    at.button(key="case_clear_confirm").click()
    run(at)
    assert at.number_input(key="case_age_years").value is None
    assert at.session_state["case"]["assessments"] == [
        {"assessment_day": 1, "inputs": {}, "units": {"urea": "mmol/L", "glucose": "mmol/L"}}
    ]


def test_case_restored_from_session_state_when_returning_to_the_page():
    # Another page ran in between: the widget state is gone, the case dict remains.
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = {
        "assessments": [
            {
                "assessment_day": 1,
                "inputs": {"age_years": 67.0, "malignancy": True, "bun_mg_dl": 34.0},
                "units": {"urea": "mg/dL", "glucose": "mmol/L"},
            }
        ],
        "active_day": 1,
        "index_day": None,
        "other_cause_non_drug": False,
        "drugs": [],
    }
    run(at)
    assert at.number_input(key="case_age_years").value == 67.0
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.number_input(key="case_urea_value").value == 34.0
    assert subheaders(at)[0].startswith("SCORTEN 3-7 of 7")


def test_bsa_helper_feeds_the_detachment_field(at):
    at.number_input(key="case_bsa_rule_of_nines_trunk_front").set_value(50)
    run(at)
    at.number_input(key="case_bsa_rule_of_nines_head_neck").set_value(100)
    run(at)
    assert "**Total detached: 18.0 % of body surface**" in texts(at)
    at.button(key="case_bsa_apply").click()
    run(at)
    assert at.number_input(key="case_bsa_detached_pct").value == 18.0
    assert "**Extent: SJS/TEN overlap (18 % detached)**" in texts(at)


def test_every_input_widget_has_a_label(at):
    for widget in [*at.number_input, *at.radio, *at.selectbox]:
        assert widget.label and widget.label.strip(), widget.key
        assert widget.key, widget.label


def test_download_buttons_present(at):
    worked_case(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [
        # The session note's (ui/widgets/session_note.py): the one case-file download.
        "Download case file (JSON)",
        "Chart note (text)",
        "FHIR R4 bundle (day 1)",
    ]


def _case_file(day1_age: float = 55.0) -> bytes:
    from reports.case_file import case_to_json

    case = {
        "assessments": [
            {
                "assessment_day": 1,
                "inputs": {"age_years": day1_age, "bun_mg_dl": 34.0},
                "units": {"urea": "mg/dL", "glucose": "mmol/L"},
            },
            {
                "assessment_day": 3,
                "inputs": {"age_years": day1_age, "heart_rate_bpm": 130.0},
                "units": {"urea": "mmol/L", "glucose": "mmol/L"},
            },
        ],
        "active_day": 1,
        "index_day": None,
        "other_cause_non_drug": False,
        "drugs": [],
    }
    return case_to_json(case).encode("utf-8")


def test_import_case_json_replaces_the_case(at):
    worked_case(at)
    at.file_uploader(key="case_import_file").set_value(
        ("case.json", _case_file(), "application/json")
    )
    run(at)
    assert "Case imported." in [s.value for s in at.success]
    assert at.number_input(key="case_age_years").value == 55.0
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.number_input(key="case_urea_value").value == 34.0
    assert at.number_input(key="case_heart_rate_bpm").value is None
    assert at.selectbox(key="case_active_day").options == ["Day 1", "Day 3"]
    assert subheaders(at)[0].startswith("SCORTEN 2-7 of 7 (heart rate, malignancy")


def test_bad_import_gives_message_and_keeps_the_case(at):
    worked_case(at)
    at.file_uploader(key="case_import_file").set_value(
        (
            "case.json",
            b'{"format": "sjsten-case", "version": 1, "assessments": []}',
            "application/json",
        )
    )
    run(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith("This is not a valid case file: assessments:") for e in errors)
    assert subheaders(at) == [WORKED_HEADLINE]
    assert at.number_input(key="case_age_years").value == 67.0


# --- bedside summary and next steps (issue 12) ------------------------------------------


def metrics(at: AppTest) -> list[tuple[str, str]]:
    """The summary's headline: (what it is, the number), drawn as two markdown lines."""
    lines = [m.value for m in at.markdown]
    return [
        (lines[i].strip("*"), lines[i + 1].removeprefix("### "))
        for i in range(len(lines) - 1)
        if lines[i + 1].startswith("### ") and lines[i].startswith("**Predicted mortality")
    ]


def test_summary_headline_number_and_the_calibration_note(at):
    worked_case(at)
    assert metrics(at) == [("Predicted mortality · SCORTEN 4 of 7", "62.2 %")]
    shown = texts(at)
    # The one calibration note, under the summary and again under the score card's curve.
    assert shown.count(CALIBRATION_NOTE) == 2
    assert "58.3 % (14/24; 95 % CI 36.6-77.9)" in shown  # derivation band, in its expander
    assert "SJS/TEN overlap (18 % detached)" in shown


def test_summary_partial_score_shows_range(at):
    enter(at, case_age_years=52)
    assert metrics(at) == [
        ("Predicted mortality · SCORTEN 1-7 of 7 (6 missing)", "3.9-98.5 %")
    ]  # 1/(1+e^3.211)


def test_summary_without_drugs_says_culprit_work_up_missing(at):
    enter(at, case_bsa_detached_pct=35)
    shown = texts(at)
    assert "No drugs entered: culprit work-up missing." in shown
    assert "1. **Culprit work-up missing** — No drugs on the Drugs page." in shown
    assert (
        "2. **Burn centre or ICU now** — Detached BSA 35 % (day 1) \\> 10 %." in shown
    )  # escaped markdown
    assert (
        "3. **Ophthalmologist within 24 h, then daily** — Every patient with suspected SJS/TEN."
        in shown
    )


def test_summary_names_top_alden_drug_and_next_steps_panel_has_sources():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = {
        "assessments": [
            {
                "assessment_day": 1,
                "inputs": {"age_years": 52.0, "bsa_detached_pct": 35.0},
                "units": {"urea": "mmol/L", "glucose": "mmol/L"},
            }
        ],
        "active_day": 1,
        "index_day": "2024-03-31",
        "other_cause_non_drug": False,
        "drugs": [
            {"name": "valproate", "start": "2023-01-01"},
            {"name": "lamotrigine", "start": "2024-03-17"},
        ],
    }
    run(at)
    shown = texts(at)
    assert "lamotrigine — ALDEN 6, **very probable**" in shown
    assert any(t.startswith("1. **Stop lamotrigine now** — ALDEN ranking") for t in shown)
    assert "**1. Stop lamotrigine now**" in shown
    assert (
        "**UK BAD adult guideline 2016, Summary of recommendations: Care setting — "
        "Strength of recommendation D (GPP)**"
    ) in shown
    assert not at.error


# --- units (issue 12) --------------------------------------------------------------------


def test_one_unit_switch_sets_both_labs_and_survives_clear_case(at):
    at.radio(key="case_unit_system").set_value("US")
    run(at)
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    enter(at, case_urea_value=40)
    assert "✓ BUN 40 mg/dL (= 14.3 mmol/L urea) > 10 mmol/L (BUN 28 mg/dL) — 1 point" in texts(at)
    # Per-lab override.
    enter(at, case_glucose_unit="mmol/L")
    assert at.radio(key="case_urea_unit").value == "mg/dL"
    at.button(key="case_clear").click()
    run(at)
    at.button(key="case_clear_confirm").click()
    run(at)
    assert at.radio(key="case_unit_system").value == "US"
    assert at.radio(key="case_urea_unit").value == "mg/dL"


def test_value_in_the_other_unit_gets_a_one_click_switch(at):
    enter(at, case_glucose_value=150)  # mmol/L by default: looks like mg/dL
    switch = at.button(key="case_glucose_value_switch")
    assert switch.label == "150 looks like mg/dL: read it as mg/dL"
    switch.click()
    run(at)
    assert at.radio(key="case_glucose_unit").value == "mg/dL"
    assert at.number_input(key="case_glucose_value").value == 150
    assert at.session_state["case"]["assessments"][0]["inputs"] == {"glucose_mg_dl": 150.0}
    assert not [b for b in at.button if b.key == "case_glucose_value_switch"]


def test_numbers_display_without_trailing_decimals(at):
    assert at.number_input(key="case_age_years").proto.format == "%g"
    assert at.number_input(key="case_urea_value").proto.format == "%g"


def test_summary_says_top_ranked_not_suspected_when_no_drug_ranks_possible():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["case"] = {
        "assessments": [{"assessment_day": 1, "inputs": {}, "units": {}}],
        "active_day": 1,
        "index_day": "2024-03-31",
        "other_cause_non_drug": False,
        "drugs": [{"name": "valproate", "start": "2023-01-01"}],
    }
    run(at)
    shown = texts(at)
    assert "**Top-ranked drug**" in shown and "**Top suspected drug**" not in shown
    assert "No drug ranks possible or higher by ALDEN." in shown


def test_summary_is_drawn_before_anything_that_depends_on_the_inputs(at):
    """Issue 22: the case is scored from the widgets' values first, so the summary comes
    before the day bar, the inputs and the results in the page (and in the run's output)."""
    worked_case(at)
    keys = [getattr(node, "key", None) for node in at.main]  # depth first, in page order
    summary = keys.index("bedside_summary")
    assert summary < keys.index("case_active_day") < keys.index("case_age_years")
    # The summary already holds this run's score.
    assert metrics(at) == [("Predicted mortality · SCORTEN 4 of 7", "62.2 %")]
    assert not any("Trend:" in t for t in texts(at))  # day 1 alone: no trend line
