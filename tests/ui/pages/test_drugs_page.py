"""Drugs page: table in, flags and ranked ALDEN out (AppTest, case preset in session)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "drugs_page.py")

EMPTY_CASE: dict[str, Any] = {
    "assessments": [{"assessment_day": 1, "inputs": {}, "units": {}}],
    "active_day": 1,
    "index_day": None,
    "other_cause_non_drug": False,
    "drugs": [],
}
# Worked case. Index day 2024-03-15.
# Valproate (as Depakote): started 2023-01-01, 439 days before: delay -1; still taken: 0;
#   previous exposure unknown: 0; dechallenge unknown: 0; notoriety +1 (suspected) ->
#   intermediate 0; another drug ranks higher with intermediate 6 > 3: -1 -> final -1.
# Lamotrigine: started 2024-03-01, 14 days before: +3; still taken: 0; none: 0; stopped:
#   0; notoriety +3 (strongly associated) -> intermediate 6; top-ranked: 0 -> final 6.
VALPROATE = {"name": "Depakote", "start": "2023-01-01", "stop": None}
LAMOTRIGINE = {
    "name": "lamotrigine",
    "start": "2024-03-01",
    "stop": None,
    "continued_after_onset": False,
    "previous_exposure": "none",
    "organ_impairment_or_interaction": False,
}


def _app(drugs: list[dict[str, Any]], index_day: str | None = "2024-03-15") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    case = copy.deepcopy(EMPTY_CASE)
    case["index_day"] = index_day
    case["drugs"] = copy.deepcopy(drugs)
    at.session_state["case"] = case
    at.run()
    assert not at.exception
    return at


def _ranking(at: AppTest) -> list[dict[str, Any]]:
    table = next(t.value for t in at.table if "ALDEN score" in t.value.columns)
    return table.to_dict("records")


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def shown(widget: Any) -> str:
    """The words a radio or select box shows for its value (its options are codes)."""
    return widget.options[widget.index]


def test_empty_page_asks_for_drugs_and_labels_the_index_day() -> None:
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    index_day = at.text_input(key="drugs_index_day")  # typed: no calendar over the form
    assert index_day.value == ""
    assert "first day of skin or mucosal signs" in index_day.label
    assert "not the admission day" in index_day.label
    assert any("Add the drugs" in i.value for i in at.info)


def test_alden_ranking_two_drug_worked_case_exact_scores() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    assert _ranking(at) == [
        {"Rank": 1, "Drug": "lamotrigine", "ALDEN score": 6, "Causality": "very probable"},
        {
            "Rank": 2,
            "Drug": "Depakote → valproic acid",
            "ALDEN score": -1,
            "Causality": "very unlikely",
        },
    ]
    labels = [e.label for e in at.expander if e.label != "Source"]  # flag sources
    assert labels == [
        "Why 6: the six criteria (criteria 1-5 sum to 6)",
        "Why -1: the six criteria (criteria 1-5 sum to 0)",
    ]


def test_each_criterion_is_explained_in_the_card() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    lamotrigine = at.expander[0].table[0].value
    assert lamotrigine["Points"].tolist() == ["+3", "0", "0", "0", "+3", "0"]
    assert lamotrigine["Why"].iloc[0] == "started 14 days before the index day: 5-28 days"
    valproate = at.expander[1].table[0].value
    assert valproate["Points"].tolist() == ["-1", "0", "0", "0", "+1", "-1"]
    assert valproate["Value"].iloc[-1] == "Possible"


def test_lamotrigine_with_valproate_flag_is_shown_with_its_source() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    flag = next(w for w in _warnings(at) if w.startswith("**Lamotrigine with valproate.**"))
    assert "Source:" not in flag  # the answer first; the source one click away
    sources = [c.value for e in at.expander if e.label == "Source" for c in e.caption]
    assert any(s.startswith("Lamotrigine US prescribing information") for s in sources)
    assert any(w.startswith("**High-risk drug.** lamotrigine") for w in _warnings(at))
    hla = [i.value for i in at.info if i.value.startswith("**HLA association: lamotrigine")]
    assert hla
    assert len(sources) == len([f for f in _warnings(at)]) + len(
        [i for i in at.info if i.value.startswith("**")]
    )


def test_no_valproate_flag_without_valproate() -> None:
    at = _app([LAMOTRIGINE])
    assert not any("Lamotrigine with valproate" in w for w in _warnings(at))


def test_hla_note_names_guideline_and_populations_for_carbamazepine() -> None:
    at = _app([{"name": "Tegretol", "start": "2024-03-01"}])
    notes = [i.value for i in at.info if "HLA-B\\*15:\u206002" in i.value]  # escaped
    assert notes
    assert "CPIC" in notes[0]
    assert "Han Chinese" in notes[0]


def test_unknown_drug_gets_did_you_mean_and_is_never_renamed_silently() -> None:
    at = _app([{"name": "Lamictl", "start": "2024-03-01"}])
    message = next(w for w in _warnings(at) if "'Lamictl' is not in the knowledge base" in w)
    assert "Did you mean **Lamictal (lamotrigine)**?" in message
    assert at.session_state["case"]["drugs"][0]["name"] == "Lamictl"
    assert _ranking(at)[0]["Drug"] == "Lamictl"
    # Only the user's click applies the suggestion.
    at.button(key="drugs_names_use_0").click().run()
    assert not at.exception
    assert at.session_state["case"]["drugs"][0]["name"] == "Lamictal"
    assert _ranking(at)[0]["Drug"] == "Lamictal → lamotrigine"


def test_unknown_name_without_close_match_says_notoriety_zero() -> None:
    at = _app([{"name": "zzqx", "start": "2024-03-01"}])
    message = next(w for w in _warnings(at) if "'zzqx'" in w)
    assert "notoriety is 0 (unknown)" in message
    assert "Did you mean" not in message
    assert not [b for b in at.button if b.key and b.key.startswith("drugs_names_use_")]


def test_missing_start_is_asked_for_not_an_error() -> None:
    at = _app([{"name": "allopurinol", "start": None}])
    assert not at.error
    assert any("drug 1 ('allopurinol'): First intake is required" in i.value
               for i in at.info)  # fmt: skip


def test_start_after_stop_and_bad_date_are_named_and_block_the_score() -> None:
    at = _app(
        [
            {"name": "carbamazepine", "start": "2024-03-10", "stop": "2024-03-01"},
            {"name": "allopurinol", "start": "2024-02-31"},
        ]
    )
    errors = [e.value for e in at.error]
    # On-screen field names (First intake / Last intake), not the keys start/stop.
    assert "drug 1 ('carbamazepine'): First intake 2024-03-10 is after last intake 2024-03-01" in (
        errors
    )
    assert "drug 2 ('allopurinol'): First intake '2024-02-31' is not a valid date (YYYY-MM-DD)" in (
        errors
    )
    assert not [t for t in at.table if "ALDEN score" in t.value.columns]
    # The unparsable date is kept for the user to fix, not silently dropped.
    assert at.session_state["case"]["drugs"][1]["start"] == "2024-02-31"


def test_missing_index_day_is_asked_for() -> None:
    at = _app([LAMOTRIGINE], index_day=None)
    # Not entered yet is a step to do (info), not a mistake (error).
    assert any("(first day of skin or mucosal signs) is required" in i.value
               for i in at.info)  # fmt: skip
    assert not at.error
    at.text_input(key="drugs_index_day").input("2024-03-15").run()
    assert not at.exception
    assert at.session_state["case"]["index_day"] == "2024-03-15"
    assert _ranking(at)[0]["ALDEN score"] == 6


def test_table_edits_reach_the_case_and_the_score() -> None:
    at = _app([LAMOTRIGINE])
    assert at.data_editor(key="drugs_editor").value["name"].tolist() == ["lamotrigine"]
    # Start moved to 2024-03-12: delay 3 days, "likely" +1 -> 1 + 3 = 4, probable.
    at.session_state["drugs_editor"] = {
        "edited_rows": {"0": {"start": "2024-03-12"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert at.session_state["case"]["drugs"][0]["start"] == "2024-03-12"
    assert _ranking(at)[0]["ALDEN score"] == 4
    assert _ranking(at)[0]["Causality"] == "probable"


def _edit_stop(at: AppTest, stop: str) -> None:
    at.session_state["drugs_editor"] = {
        "edited_rows": {"0": {"stop": stop}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception


def test_a_still_taken_drug_reads_still_taken_and_a_typed_last_intake_is_scored() -> None:
    """Issue 22: the empty last intake read "None". Lamotrigine stopped 2024-03-05, ten days
    before the index day, more than 5 half-lives: presence -3 -> 3 + (-3) + 0 + 0 + 3 = 3,
    possible; its timeline bar ends at day -10."""
    at = _app([LAMOTRIGINE])
    assert at.data_editor(key="drugs_editor").value["stop"].tolist() == ["still taken"]
    assert _ranking(at)[0]["ALDEN score"] == 6
    _edit_stop(at, "2024-03-05")
    assert at.session_state["case"]["drugs"][0]["stop"] == "2024-03-05"
    assert _ranking(at)[0] == {
        "Rank": 1,
        "Drug": "lamotrigine",
        "ALDEN score": 3,
        "Causality": "possible",
    }
    bar = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bar["x"] == [-14, -10]
    _edit_stop(at, "still taken")
    assert at.session_state["case"]["drugs"][0]["stop"] is None
    assert _ranking(at)[0]["ALDEN score"] == 6


def test_a_last_intake_that_is_no_date_is_named_not_read_as_still_taken() -> None:
    at = _app([LAMOTRIGINE])
    _edit_stop(at, "2024-3-5")
    assert at.session_state["case"]["drugs"][0]["stop"] == "2024-3-5"
    errors = [e.value for e in at.error]
    assert errors == [
        "drug 1 ('lamotrigine'): Last intake '2024-3-5' is not a valid date (YYYY-MM-DD)"
    ]
    assert not any("ALDEN score" in t.value.columns for t in at.table)  # not scored meanwhile


def test_picker_adds_a_known_drug_row() -> None:
    at = _app([LAMOTRIGINE])
    at.selectbox(key="drugs_add").set_value("Depakote (valproic acid)").run()
    assert not at.exception
    assert [d["name"] for d in at.session_state["case"]["drugs"]] == [
        "lamotrigine",
        "valproic acid",
    ]
    assert at.selectbox(key="drugs_add").value is None


def test_non_drug_cause_lowers_every_drug() -> None:
    at = _app([LAMOTRIGINE])
    at.checkbox(key="drugs_other_cause_non_drug").check().run()
    assert not at.exception
    assert at.session_state["case"]["other_cause_non_drug"] is True
    assert _ranking(at)[0]["ALDEN score"] == 5


def test_timeline_has_one_bar_per_drug_window_and_index_day() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    names = [trace["name"] for trace in spec["data"]]
    # Numbered by ALDEN rank; valproate (started 2023) is long-standing: clipped at -90
    # with a marker that gives its first-intake day.
    assert names == ["1. lamotrigine", "2. Depakote", "2. Depakote (long-standing)"]
    assert spec["data"][0]["x"] == [-14, 0]
    assert spec["data"][1]["x"] == [-90, 0]
    assert spec["data"][2]["text"] == ["day -439"]
    assert spec["layout"]["xaxis"]["range"] == [-94, 8]
    shapes = spec["layout"]["shapes"]
    assert {k: shapes[0][k] for k in ("x0", "x1")} == {"x0": -28, "x1": -5}
    assert shapes[1]["x0"] == 0 and shapes[1]["x1"] == 0
    # Labels above the plot, each on its own row, each ending at its mark (issue 22: on a
    # phone they ran into each other): the index day's at day 0, the window's at day -5.
    labels = {a["text"]: a for a in spec["layout"]["annotations"]}
    index, window = labels["index day"], labels["first intake 5-28 days before: suggestive delay"]
    assert (index["x"], index["xanchor"], index.get("yshift", 0)) == (0, "right", 0)
    assert (window["x"], window["xanchor"], window["yshift"]) == (-5, "right", 20)
    assert any("first day of skin or mucosal signs" in c.value for c in at.caption)


def test_continued_after_onset_is_explained_as_without_harm() -> None:
    at = _app([LAMOTRIGINE])
    column = at.data_editor(key="drugs_editor").proto.columns
    assert "without harm" in column


def test_typed_names_cannot_inject_markdown_or_links() -> None:
    at = _app([{"name": "[click](https://example.org) **x**", "start": "2024-03-01"}])
    texts = [w.value for w in at.warning] + [t.value["Drug"].iloc[0] for t in at.table[:1]]
    assert texts
    for text in texts:
        assert "[click](" not in text
        # Escaped, and the auto-link broken by an invisible word joiner after "https:".
        assert "\\[click\\](https:\u2060//example.org) \\*\\*x\\*\\*" in text


# --- "Add a drug" form ----------------------------------------------------------------------


def _submit_drug(
    at: AppTest,
    name: str,
    start: date | None,
    *,
    stop: date | None = None,
    exposure: str | None = None,
    continued: str | None = None,
) -> AppTest:
    at.text_input(key="drugs_form_name").input(name)
    at.text_input(key="drugs_form_start").input(start.isoformat() if start else "")
    at.text_input(key="drugs_form_stop").input(stop.isoformat() if stop else "")
    if exposure is not None:
        at.selectbox(key="drugs_form_previous_exposure").set_value(exposure)
    if continued is not None:
        at.radio(key="drugs_form_continued_after_onset").set_value(continued)
    at.button(key="drugs_form_submit").click().run()
    assert not at.exception
    return at


def test_form_fields_are_labelled_and_start_empty() -> None:
    at = _app([])
    assert at.text_input(key="drugs_form_name").label == "Drug name (generic or brand)"
    assert at.text_input(key="drugs_form_name").value == ""
    start, stop = at.text_input(key="drugs_form_start"), at.text_input(key="drugs_form_stop")
    assert (start.label, start.value) == ("First intake", "")
    assert stop.value == ""
    assert "still taken on the index day" in stop.label
    exposure = at.selectbox(key="drugs_form_previous_exposure")
    assert (exposure.label, shown(exposure)) == ("Previous exposure", "Not known")
    assert exposure.value == "unknown"  # the contract's code; its words on screen
    assert "SJS/TEN with the same drug" in exposure.options
    continued = at.radio(key="drugs_form_continued_after_onset")
    assert continued.label == "Continued after onset without harm?"
    assert [o.split(":")[0] for o in continued.options] == ["Not known", "No", "Yes"]
    assert (continued.value, shown(continued)) == ("unknown", "Not known")
    organ = at.checkbox(key="drugs_form_organ_impairment_or_interaction")
    assert (organ.label, organ.value) == ("Liver/kidney impairment or interaction", False)
    assert at.button(key="drugs_form_submit").label == "Add drug"


def test_form_names_a_typed_date_that_is_no_date() -> None:
    at = _app([])
    at.text_input(key="drugs_form_name").input("allopurinol")
    at.text_input(key="drugs_form_start").input("2024-02-31")
    at.button(key="drugs_form_submit").click().run()
    assert [e.value for e in at.error] == [
        "First intake: '2024-02-31' is not a date; type it as YYYY-MM-DD (e.g. 2024-03-01)."
    ]
    assert at.session_state["case"]["drugs"] == []


def test_form_carries_organ_impairment_to_alden() -> None:
    at = _app([])
    at.text_input(key="drugs_form_name").input("allopurinol")
    at.text_input(key="drugs_form_start").input("2024-03-01")
    at.checkbox(key="drugs_form_organ_impairment_or_interaction").check()
    at.button(key="drugs_form_submit").click().run()
    assert at.session_state["case"]["drugs"][0]["organ_impairment_or_interaction"] is True


def test_form_adds_two_drugs_and_ranks_them_as_the_worked_case() -> None:
    at = _app([])
    _submit_drug(
        at,
        "lamotrigine",
        date(2024, 3, 1),
        exposure="none",  # "None: first exposure"
        continued="no",  # "No: stopped"
    )
    _submit_drug(at, "Depakote", date(2023, 1, 1))
    # Exactly the contract dicts the table would hold for the same rows.
    assert at.session_state["case"]["drugs"] == [
        {
            "name": "lamotrigine",
            "start": "2024-03-01",
            "stop": None,
            "continued_after_onset": False,
            "half_life_hours": None,
            "organ_impairment_or_interaction": False,
            "previous_exposure": "none",
            "notoriety": None,
        },
        {
            "name": "Depakote",
            "start": "2023-01-01",
            "stop": None,
            "continued_after_onset": None,
            "half_life_hours": None,
            "organ_impairment_or_interaction": False,
            "previous_exposure": "unknown",
            "notoriety": None,
        },
    ]
    assert _ranking(at) == [
        {"Rank": 1, "Drug": "lamotrigine", "ALDEN score": 6, "Causality": "very probable"},
        {
            "Rank": 2,
            "Drug": "Depakote → valproic acid",
            "ALDEN score": -1,
            "Causality": "very unlikely",
        },
    ]
    # The table shows both rows too (it reseeds from the case).
    assert at.data_editor(key="drugs_editor").value["name"].tolist() == ["lamotrigine", "Depakote"]
    assert [s.value for s in at.success] == ["Added drug 2: 'Depakote'."]


def test_form_resets_after_adding_and_last_intake_and_dechallenge_reach_the_score() -> None:
    at = _app([])
    # Continued after onset without harm, stopped 2024-03-20 (after the index day):
    # delay +3, presence 0 (stopped after the index day), prechallenge 0, dechallenge -2,
    # notoriety +3 -> 4.
    _submit_drug(
        at,
        "lamotrigine",
        date(2024, 3, 1),
        stop=date(2024, 3, 20),
        continued="yes",  # "Yes: continued, reaction did not progress"
    )
    drug = at.session_state["case"]["drugs"][0]
    assert (drug["stop"], drug["continued_after_onset"]) == ("2024-03-20", True)
    assert _ranking(at)[0]["ALDEN score"] == 4
    assert at.text_input(key="drugs_form_name").value == ""
    assert at.text_input(key="drugs_form_start").value == ""
    assert at.text_input(key="drugs_form_stop").value == ""
    assert shown(at.radio(key="drugs_form_continued_after_onset")) == "Not known"


def test_form_without_name_or_first_intake_adds_nothing_and_keeps_the_input() -> None:
    at = _app([])
    _submit_drug(at, "", date(2024, 3, 1))
    assert at.session_state["case"]["drugs"] == []
    assert [e.value for e in at.error] == ["Enter the drug's name to add the drug."]
    assert at.text_input(key="drugs_form_start").value == "2024-03-01"
    _submit_drug(at, "allopurinol", None)
    assert at.session_state["case"]["drugs"] == []
    assert [e.value for e in at.error] == ["Enter the first intake to add the drug."]
    assert at.text_input(key="drugs_form_name").value == "allopurinol"


def test_form_unknown_name_gets_did_you_mean_and_is_renamed_only_on_click() -> None:
    at = _app([])
    _submit_drug(at, "Lamictl", date(2024, 3, 1))
    assert at.session_state["case"]["drugs"][0]["name"] == "Lamictl"
    notices = [w for w in _warnings(at) if "'Lamictl' is not in the knowledge base" in w]
    # Under the form (right after the submit) and under the table.
    assert len(notices) == 2
    assert all("Did you mean **Lamictal (lamotrigine)**?" in w for w in notices)
    at.button(key="drugs_form_use").click().run()
    assert not at.exception
    assert at.session_state["case"]["drugs"][0]["name"] == "Lamictal"
    assert _ranking(at)[0]["Drug"] == "Lamictal → lamotrigine"
    assert not [w for w in _warnings(at) if "not in the knowledge base" in w]


def test_form_keeps_earlier_table_edits() -> None:
    at = _app([LAMOTRIGINE])
    at.session_state["drugs_editor"] = {
        "edited_rows": {"0": {"start": "2024-03-12"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    _submit_drug(at, "allopurinol", date(2024, 2, 20))
    drugs = at.session_state["case"]["drugs"]
    assert [(d["name"], d["start"]) for d in drugs] == [
        ("lamotrigine", "2024-03-12"),
        ("allopurinol", "2024-02-20"),
    ]


# --- answer first, exports here too (issue 12) -----------------------------------------------


def test_alden_comes_first_then_timeline_flags_and_exports() -> None:
    at = _app([VALPROATE, LAMOTRIGINE])
    assert [s.value for s in at.subheader] == [
        "Drugs taken before the index day",
        "ALDEN: drug causality, ranked",
        "Timeline",
        "Flags",
        "Exports",
    ]
    downloads = [d.proto.label for d in at.get("download_button")]
    assert downloads == [
        "Download case file (JSON)",
        "Chart note (text)",
        "FHIR R4 bundle (day 1)",
    ]


def test_typed_index_day_that_is_no_date_is_named() -> None:
    at = _app([LAMOTRIGINE], index_day=None)
    at.text_input(key="drugs_index_day").input("2024-02-31").run()
    assert at.session_state["case"]["index_day"] == "2024-02-31"
    assert any("Index day '2024-02-31' is not a valid date" in e.value for e in at.error)


def test_one_broken_drug_leaves_the_others_ranked() -> None:
    # Issue 11: an error in one drug's dates is that drug's. Paracetamol's start is after
    # its stop; it cannot reach lamotrigine's intermediate 6 (delay +3 and notoriety at
    # most), so the two-drug worked case above is ranked exactly as without it.
    broken = {"name": "paracetamol", "start": "2024-03-10", "stop": "2024-03-05"}
    at = _app([VALPROATE, LAMOTRIGINE, broken])
    assert _ranking(at) == [
        {"Rank": 1, "Drug": "lamotrigine", "ALDEN score": 6, "Causality": "very probable"},
        {
            "Rank": 2,
            "Drug": "Depakote → valproic acid",
            "ALDEN score": -1,
            "Causality": "very unlikely",
        },
    ]
    assert any("drug 3" in e.value and "paracetamol" in e.value for e in at.error)
    assert any("left out of this ranking" in i.value for i in at.info)
