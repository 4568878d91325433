"""Drug table (ui/widgets/drug_table.py) through AppTest: contract drug dicts go in and
come back unchanged, words and dates included; the editor reseeds only after reset()."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

DRUGS: list[dict[str, Any]] = [
    {
        "name": "lamotrigine",
        "start": "2024-03-10",
        "stop": None,
        "continued_after_onset": None,
        "half_life_hours": None,
        "organ_impairment_or_interaction": False,
        "previous_exposure": "unknown",
        "notoriety": None,
    },
    {
        "name": "amoxicillin",
        "start": "2024-03-01",
        "stop": "2024-03-20",
        "continued_after_onset": False,
        "half_life_hours": 1.5,
        "organ_impairment_or_interaction": True,
        "previous_exposure": "sjs_ten_same_drug",
        "notoriety": 1,
    },
]


def _app(drugs: list) -> None:  # exec'd alone by AppTest: builtins only
    import streamlit as st

    from ui.widgets import drug_table

    if st.session_state.get("reset"):
        drug_table.reset("drugs_editor")
        st.session_state["reset"] = False
    source = st.session_state.get("source", drugs)
    st.session_state["out"] = drug_table.show(source)


def _run() -> AppTest:
    at = AppTest.from_function(_app, args=(DRUGS,), default_timeout=30)
    at.run()
    assert not at.exception
    return at


def test_drugs_round_trip_through_the_table_unchanged() -> None:
    at = _run()
    assert at.session_state["out"] == DRUGS


def test_the_table_shows_the_contract_values_in_words() -> None:
    at = _run()
    frame = at.dataframe[0].value
    assert list(frame["name"]) == ["lamotrigine", "amoxicillin"]
    assert list(frame["previous_exposure"]) == ["Not known", "SJS/TEN with the same drug"]
    assert frame["continued_after_onset"][1] == "No: stopped"
    assert frame["notoriety"][1] == "+1 suspected"
    assert frame["half_life_hours"][1] == 1.5
    assert bool(frame["organ_impairment_or_interaction"][1]) is True


def test_a_new_case_reaches_the_table_only_after_reset() -> None:
    at = _run()
    at.session_state["source"] = DRUGS[:1]
    at.run()
    assert at.session_state["out"] == DRUGS  # the editor keeps its own base
    at.session_state["reset"] = True
    at.run()
    assert at.session_state["out"] == DRUGS[:1]


def test_every_column_has_a_width_and_a_still_taken_drug_says_so() -> None:
    """Issue 22: the table was cut off at 1440 px; an empty last intake read "None"."""
    from ui.widgets.drug_table import COLUMNS, _column_config

    config = _column_config()
    assert list(config) == list(COLUMNS)
    assert COLUMNS[:3] == ("name", "start", "stop")  # the drug and its dates first
    widths = {name: config[name]["width"] for name in COLUMNS}
    assert widths["start"] == widths["stop"] == "small"
    assert set(widths.values()) <= {"small", "medium"}
    assert config["stop"]["label"] == "Last intake"
    assert config["stop"]["default"] == "still taken"  # a row added with + says it too


def test_the_last_intake_cell_reads_still_taken_and_empty_cells_never_none() -> None:
    at = _run()
    editor = at.data_editor(key="drugs_editor")
    assert list(editor.value["stop"]) == ["still taken", "2024-03-20"]
    assert editor.proto.placeholder == ""  # other empty cells (half-life, notoriety) empty


def _edit(at: AppTest, row: int, stop: object) -> list[dict[str, Any]]:
    at.session_state["drugs_editor"] = {
        "edited_rows": {str(row): {"stop": stop}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    return at.session_state["out"]


def test_a_typed_last_intake_reaches_the_drug_and_still_taken_clears_it() -> None:
    at = _run()
    assert _edit(at, 0, "2024-03-18")[0]["stop"] == "2024-03-18"
    assert _edit(at, 0, " Still taken ")[0]["stop"] is None  # the words, any case
    assert _edit(at, 1, "")[1]["stop"] is None  # an emptied cell: still taken as well
    assert _edit(at, 1, None)[1]["stop"] is None
    # No date: kept as typed, so the engine names it (never silently "still taken").
    assert _edit(at, 1, "2024-3-1")[1]["stop"] == "2024-3-1"


def test_a_loaded_last_intake_that_is_no_date_is_kept_until_replaced() -> None:
    from ui.widgets.drug_table import stop_cell, stop_from_cell

    assert stop_cell("yesterday") == "" and stop_from_cell("", "yesterday") == "yesterday"
    assert stop_cell(None) == "still taken" and stop_from_cell("still taken", None) is None
    assert stop_cell("2024-03-20") == "2024-03-20"
    assert stop_from_cell("2024-03-21", "yesterday") == "2024-03-21"


def test_a_cell_in_either_language_reads_the_same_contract_value() -> None:
    """Issue 23: the grid's cells are the reader's words; an edit made in one language and
    read after a switch to the other keeps its value."""
    at = _run()
    at.session_state["drugs_editor"] = {
        "edited_rows": {
            "0": {
                "previous_exposure": "유사한 약물로 SJS/TEN 발생",
                "continued_after_onset": "예: 계속 복용, 반응이 진행하지 않음",
                "notoriety": "+2 연관",
                "stop": "복용 중",
            },
            "1": {
                "previous_exposure": "Taken before without any reaction",
                "notoriety": "-1 not suspected",
            },
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    first, second = at.session_state["out"]
    assert (first["previous_exposure"], first["continued_after_onset"]) == (
        "sjs_ten_similar_drug",
        True,
    )
    assert (first["notoriety"], first["stop"]) == (2, None)
    assert (second["previous_exposure"], second["notoriety"]) == ("tolerated", -1)


def test_the_table_in_korean() -> None:
    at = AppTest.from_function(_app, args=(DRUGS,), default_timeout=30)
    at.session_state["ui_lang"] = "ko"
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame["previous_exposure"]) == ["모름", "같은 약물로 SJS/TEN 발생"]
    assert list(frame["stop"]) == ["복용 중", "2024-03-20"]
    assert frame["continued_after_onset"][1] == "아니요: 중단함"
    assert frame["notoriety"][1] == "+1 의심"
    assert at.session_state["out"] == DRUGS  # the same drugs, in Korean words
