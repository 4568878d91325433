"""Hostile input through the pages (AppTest): hostile case files leave the case on screen
exactly as it was, and user- or file-derived text never reaches a markdown element or a
Plotly label as live markup. The checks look at *every* element of a kind, so a new
element that forgets `ui.widgets.markdown_text.escape` fails here.

The browser-level twin (links, images, requests actually made): tests/e2e/test_hostile_text.py.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "ui" / "pages"
HOSTILE = ROOT / "tests" / "data" / "hostile"
TIMEOUT = 30

# Markup of every kind the app must neutralise, aimed at a beacon host.
HOSTILE_NAME = (
    "![b](http://beacon.invalid/i.png) [l](http://beacon.invalid/l) www.beacon.invalid "
    'me@beacon.invalid <a href="http://beacon.invalid/a">a</a> <b>bold</b> '
    ":material/home: :red[red]"
)

# Live markup in markdown source: an unescaped [ or <, an auto-link or shortcode whose
# ":"/"@"/"www." has no word joiner (U+2060) after it.
_LIVE_MARKUP = re.compile(
    r"(?<!\\)[\[<]|(?i:https?|ftp|mailto):(?!\u2060)|@(?![\s\u2060])|(?i:www)\.|"
    r":(?:material|red|blue|green)\b"
)


def live_markup(text: str) -> list[str]:
    return _LIVE_MARKUP.findall(text)


def markdown_sources(at: AppTest) -> list[str]:
    """The markdown source of every element that renders markdown, including table cells."""
    texts: list[str] = []
    kinds = ("title", "subheader", "markdown", "caption", "error", "warning", "info", "success")
    for kind in kinds:
        texts += [str(element.value) for element in getattr(at, kind)]
    for table in at.table:
        frame = table.value
        texts += [str(c) for c in frame.columns]
        texts += [str(v) for v in frame.to_numpy().ravel()]
    return texts


def plotly_labels(at: AppTest) -> str:
    """Every Plotly figure's JSON, decoded (the proto escapes "<" as \\u003c)."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return json.dumps(specs, ensure_ascii=False)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


# --- case import --------------------------------------------------------------------------

CASE_FILES = sorted(HOSTILE.glob("case_*.json"))
CASE_VALUES = {"case_age_years": 67, "case_heart_rate_bpm": 118, "case_bsa_detached_pct": 18}


def _case_page_with_values() -> AppTest:
    at = run(AppTest.from_file(str(PAGES / "case_page.py"), default_timeout=TIMEOUT))
    for key, value in CASE_VALUES.items():
        at.number_input(key=key).set_value(value)
        run(at)
    # A second day and a drug the widgets do not show: an import failure must keep them.
    at.session_state["case"]["drugs"].append({"name": "lamotrigine", "start": "2024-03-01"})
    at.button(key="case_add_day").click()
    return run(at)


def _widgets(at: AppTest) -> dict[str, Any]:
    return {key: at.number_input(key=key).value for key in CASE_VALUES}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_hostile_import_leaves_the_case_as_it_was(path: Path) -> None:
    at = _case_page_with_values()
    at.selectbox(key="case_active_day").set_value(1)
    run(at)
    before_case = copy.deepcopy(at.session_state["case"])
    before_widgets = _widgets(at)
    at.file_uploader(key="case_import_file").set_value((path.name, path.read_bytes(), "json"))
    run(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and not live_markup(errors[0])
    assert at.session_state["case"] == before_case
    assert _widgets(at) == before_widgets
    # The next edit keeps every other value: widgets and stored case still agree.
    at.number_input(key="case_heart_rate_bpm").set_value(130)
    run(at)
    inputs = at.session_state["case"]["assessments"][0]["inputs"]
    assert inputs == {"age_years": 67.0, "heart_rate_bpm": 130.0, "bsa_detached_pct": 18.0}
    assert [a["assessment_day"] for a in at.session_state["case"]["assessments"]] == [1, 3]
    assert at.session_state["case"]["drugs"] == before_case["drugs"]


def test_drugs_page_renders_a_case_at_the_import_bounds() -> None:
    # The largest half-life, longest name and earliest dates an import accepts render on
    # the Drugs page.
    from reports.case_file import case_from_json
    from scoring.bounds import EARLIEST_DATE, MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS

    data = json.loads((HOSTILE / "case_half_life_too_long.json").read_text())
    data["drugs"][0].update(name="x" * MAX_DRUG_NAME_CHARS, half_life_hours=MAX_HALF_LIFE_HOURS)
    data["drugs"][0]["stop"] = "2024-03-05"
    data["drugs"].append({"name": "y", "start": EARLIEST_DATE.isoformat()})
    data["index_day"] = EARLIEST_DATE.isoformat()
    case = case_from_json(json.dumps(data))
    at = AppTest.from_file(str(PAGES / "drugs_page.py"), default_timeout=TIMEOUT)
    at.session_state["case"] = case
    run(at)
    assert at.text_input(key="drugs_index_day").value == EARLIEST_DATE.isoformat()
    # Every drug starts after this index day: ALDEN names that, nothing crashes.
    assert at.error or any("ALDEN score" in t.value.columns for t in at.table)


# --- user text on the Drugs page -------------------------------------------------------------


def _drugs_page(drugs: list[dict[str, Any]]) -> AppTest:
    at = AppTest.from_file(str(PAGES / "drugs_page.py"), default_timeout=TIMEOUT)
    at.session_state["case"] = {
        "assessments": [{"assessment_day": 1, "inputs": {}, "units": {}}],
        "active_day": 1,
        "index_day": "2024-03-15",
        "other_cause_non_drug": False,
        "drugs": drugs,
    }
    return run(at)


@pytest.mark.parametrize(
    "drugs",
    [
        # scored: ALDEN table, card header, notes, unknown-name warning, timeline
        [{"name": HOSTILE_NAME, "start": "2024-03-01", "stop": "2024-03-10"}],
        # an engine error that quotes the name (start after stop)
        [{"name": HOSTILE_NAME, "start": "2024-03-10", "stop": "2024-03-01"}],
        # a combination of known drugs joined with markup
        [{"name": "lamotrigine/" + HOSTILE_NAME, "start": "2024-03-01"}],
    ],
    ids=["scored", "error", "combination"],
)
def test_drug_names_never_render_as_markup(drugs: list[dict[str, Any]]) -> None:
    at = _drugs_page(drugs)
    texts = markdown_sources(at)
    assert any("beacon" in t for t in texts)  # the name is shown...
    for text in texts:
        if "beacon" in text:  # the app's own markup (badges, bold) is not under test
            assert not live_markup(text), text  # ...but never as markup
    spec = plotly_labels(at)
    if drugs[0].get("stop") is None or drugs[0]["stop"] > drugs[0]["start"]:
        assert "beacon" in spec  # the timeline is drawn, with the name in its labels
    for tag in ("<a", "<b>", "<img", "<span"):
        assert tag not in spec


def test_added_drug_message_escapes_the_name() -> None:
    at = _drugs_page([])
    at.text_input(key="drugs_form_name").input(HOSTILE_NAME)
    at.text_input(key="drugs_form_start").input("2024-03-01")
    at.button(key="drugs_form_submit").click()
    run(at)
    added = [s.value for s in at.success]
    assert added and "beacon" in added[0] and not live_markup(added[0])


def test_drug_name_input_is_bounded() -> None:
    from scoring.bounds import MAX_DRUG_NAME_CHARS

    at = _drugs_page([])
    assert at.text_input(key="drugs_form_name").max_chars == MAX_DRUG_NAME_CHARS
    # A longer name that bypassed the widget is refused by the engine with its length.
    at = _drugs_page([{"name": "x" * 190_000, "start": "2024-03-01"}])
    errors = [e.value for e in at.error]
    assert any("the name has 190,000 characters; the limit is 200" in e for e in errors)
    assert all(len(t) < 5_000 for t in markdown_sources(at))  # never rendered whole


# --- file-derived text on the Cohort page ----------------------------------------------------


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("cohort_*.csv")), ids=lambda p: p.name)
def test_csv_column_names_never_render_as_markup(path: Path) -> None:
    at = run(AppTest.from_file(str(PAGES / "cohort_page.py"), default_timeout=TIMEOUT))
    name = "![f](http://beacon.invalid/f.png).csv"
    at.file_uploader(key="cohort_upload").set_value((name, path.read_bytes(), "text/csv"))
    run(at)
    texts = markdown_sources(at)
    # The file name, and a column name or message; a ragged row is only in the row report
    # (a dataframe, never markdown).
    assert sum(t.count("beacon") for t in texts) >= (1 if "ragged" in path.name else 2)
    for text in texts:
        if "beacon" in text:
            assert not live_markup(text), text
