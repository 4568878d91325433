"""Cohort page through AppTest: demo cohort, uploads with good and bad rows, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cohort.upload import MAX_ROWS, MAX_UPLOAD_BYTES
from reports.wording import CALIBRATION_NOTE

# AppTest resolves relative paths against the calling file: anchor at the project root.
PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "cohort_page.py")
TIMEOUT = 30

HEADER = (
    "id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,urea_mmol_l,"
    "bicarbonate_mmol_l,glucose_mmol_l,died"
)
GOOD_AND_BAD = "\n".join(
    [
        HEADER,
        "a,45,130,yes,35,12,18,15,yes",  # SCORTEN 7, died
        "b,30,90,no,5,4,24,6,no",  # SCORTEN 0
        "c,50,100,no,12,5,22,,no",  # incomplete
        "d,60,100,no,12,5,22,7,",  # outcome not known
        "e,-3,100,no,12,5,22,7,no",  # impossible age
        "g,55,125,no,15,11,22,7,yes",  # SCORTEN 4, died
        "h,42,80,no,3,6,25,5,no",  # SCORTEN 1
        "i,45,80,no,3,6,25,5,yes",  # SCORTEN 1, died: no perfect separation
        "j,45,125,no,15,6,25,5,no",  # SCORTEN 3
    ]
).encode()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def at() -> AppTest:
    return run(AppTest.from_file(PAGE, default_timeout=TIMEOUT))


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="cohort_upload").set_value((name, data, "text/csv"))
    return run(at)


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_empty_page_states_the_limits(at):
    assert at.title[0].value == "Cohort validation"
    assert at.caption[0].value.startswith("Limits: 5 MB and 20,000 rows per file.")
    assert at.file_uploader(key="cohort_upload").label == "Upload a cohort CSV"
    assert at.button(key="cohort_load_demo").label == "Load the synthetic demo cohort"
    assert len(at.metric) == 0
    assert "cohort" not in at.session_state


def test_demo_cohort_shows_figures_with_intervals(at):
    click(at, "cohort_load_demo")
    assert at.warning[0].value.startswith("Synthetic demo cohort: invented by a seeded script")
    assert metrics(at) == {
        "Rows read": "400",
        "Scored": "396",
        "Deaths among scored": "58",
        "Left out": "4",
        "AUROC": "0.824",
        "O/E ratio": "0.71",
        "Observed mortality": "14.6 %",
        "Brier score": "0.100",
    }
    captions = [c.value for c in at.caption]
    assert "0.824 (95 % CI 0.769-0.874)" in captions
    assert "0.71 (95 % CI 0.56-0.86)" in captions
    assert "expected 20.5 % (SCORTEN equation)" in captions
    assert CALIBRATION_NOTE in captions  # the one note, as on the Case and Method pages
    # Inline code, not st.code (whose syntax highlighter is a 1.5 MB download, issue 22).
    assert [m.value for m in at.markdown if m.value.startswith("`logit")] == [
        "`logit = -4.448 + 1.237 × SCORTEN`",
        "`logit = -5.223 + 1.321 × SCORTEN`",
    ]
    assert at.code == []
    report = at.dataframe[0].value
    assert report["row"].tolist() == [7, 18, 29, 40]
    assert report["reason"].tolist() == [
        "incomplete SCORTEN",
        "outcome (died) not known",
        "invalid value",
        "invalid value",
    ]
    assert "Scored rows with a warning (66)" in [e.label for e in at.expander]
    calibration = at.dataframe[2].value  # after the row report and the warnings
    assert calibration["SCORTEN"].tolist() == [0, 1, 2, 3, 4, 5]
    assert at.get("download_button")[0].label == "Download the scored cohort (CSV)"
    assert len(at.get("plotly_chart")) == 2


def test_upload_with_good_and_bad_rows_reports_each_bad_row(at):
    upload(at, "unit.csv", GOOD_AND_BAD)
    assert at.error == []
    assert at.subheader[0].value == "unit.csv"
    assert metrics(at)["Rows read"] == "9"
    assert metrics(at)["Scored"] == "6"
    assert metrics(at)["Left out"] == "3"
    report = at.dataframe[0].value
    assert report.to_dict("records") == [
        {
            "row": 3,
            "line": 4,
            "id": "c",
            "reason": "incomplete SCORTEN",
            "detail": "missing: Glucose (glucose_mmol_l).",
        },
        {
            "row": 4,
            "line": 5,
            "id": "d",
            "reason": "outcome (died) not known",
            "detail": "died is empty.",
        },
        {
            "row": 5,
            "line": 6,
            "id": "e",
            "reason": "invalid value",
            "detail": "Age (age_years): -3 years is impossible: below 0 (age cannot be negative).",
        },
    ]
    assert at.session_state["cohort"]["name"] == "unit.csv"
    assert at.session_state["cohort"]["synthetic"] is False


def test_a_ragged_row_is_reported_with_its_line_and_warnings_are_on_the_page(at):
    lines = GOOD_AND_BAD.decode().split("\n")
    lines[2] = "b,30,90,no,5,4,24"  # two cells short: spreadsheet line 3
    lines[7] = "h,42,120,no,3,6,25,5,no"  # heart rate exactly at the cut-off: a warning
    upload(at, "ragged.csv", "\n".join(lines).encode())
    assert at.error == []
    assert metrics(at)["Rows read"] == "9"
    assert metrics(at)["Scored"] == "5"
    report = at.dataframe[0].value.to_dict("records")
    assert report[0] == {
        "row": 2,
        "line": 3,
        "id": "b",
        "reason": "wrong number of cells",
        "detail": "line 3 has 7 cells; the header has 9. The row was not read.",
    }
    assert any(
        c.value.startswith("Row: the data row's number, not counting the header.")
        for c in at.caption
    )
    expanders = [e.label for e in at.expander]
    assert "Scored rows with a warning (1)" in expanders
    warnings = at.dataframe[1].value.to_dict("records")
    assert [(w["row"], w["line"], w["id"], w["field"]) for w in warnings] == [
        (7, 8, "h", "heart_rate_bpm")
    ]
    assert "120" in warnings[0]["warning"]


def test_perfectly_separating_scores_have_no_recalibrated_equation(at):
    data = "\n".join([HEADER, *GOOD_AND_BAD.decode().split("\n")[1:8]]).encode()
    upload(at, "separating.csv", data)
    assert at.info[-1].value.startswith(
        "Not estimable: SCORTEN completely separates deaths from survivors"
    )


def _row_with_score(i: int, score: int, died: bool) -> str:
    """A CSV row (HEADER's columns) meeting the first `score` SCORTEN criteria."""
    high = ["45", "130", "yes", "35", "12", "18", "15"]
    low = ["30", "90", "no", "5", "4", "24", "6"]
    cells = [high[k] if k < score else low[k] for k in range(7)]
    return ",".join([f"r{i}", *cells, "yes" if died else "no"])


def test_near_separated_20_rows_show_the_recalibration_greyed_with_the_reason(at):
    """Issue 15: 20 rows where SCORTEN almost separates deaths from survivors."""
    pairs = [(s, False) for s in (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4)]
    pairs += [(2, True), (4, True), (5, True), (6, True)]
    rows = [_row_with_score(i, s, d) for i, (s, d) in enumerate(pairs)]
    upload(at, "near.csv", "\n".join([HEADER, *rows]).encode())
    [warning] = [w for w in at.warning if w.value.startswith("Not to be trusted")]
    assert "only 4 deaths" in warning.value and "PMID 8970487" in warning.value
    assert any(c.value.startswith("logit = ") for c in at.caption)  # greyed, not code
    assert not [
        m
        for m in at.markdown
        if m.value.startswith("`logit = ") and not m.value.startswith("`logit = -4.448")
    ]


def test_quasi_separated_20_rows_show_no_equation_and_say_why(at):
    """Deaths at SCORTEN 4 or more, survivors at 4 or less: the slope would be infinite
    (the issue's "logit = -94.4 + 18.96 x SCORTEN")."""
    pairs = [(s, False) for s in (0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4)]
    pairs += [(4, True), (5, True), (5, True), (6, True), (6, True), (7, True)]
    rows = [_row_with_score(i, s, d) for i, (s, d) in enumerate(pairs)]
    upload(at, "quasi.csv", "\n".join([HEADER, *rows]).encode())
    assert at.info[-1].value.startswith(
        "Not estimable: SCORTEN quasi-completely separates deaths from survivors"
    )


def test_too_few_deaths_gives_a_message_not_a_number(at):
    data = f"{HEADER}\na,45,130,yes,35,12,18,15,yes\nb,30,90,no,5,4,24,6,no\n".encode()
    upload(at, "small.csv", data)
    assert at.warning[0].value == (
        "No figures for this cohort: died: 1 deaths and 1 survivors among the scored records; "
        "validation needs at least 2 of each."
    )
    assert "AUROC" not in metrics(at)
    assert at.get("download_button")[0].label == "Download the scored cohort (CSV)"


def test_file_over_the_size_limit_is_refused_with_a_clear_message(at):
    upload(at, "huge.csv", b"died\n" + b"x" * MAX_UPLOAD_BYTES)
    assert at.error[0].value == (
        "huge.csv: The file is 5.0 MB; the limit is 5 MB. Split the cohort or drop unused columns."
    )
    assert "cohort" not in at.session_state


def test_file_over_the_row_limit_is_refused_with_a_clear_message(at):
    upload(at, "long.csv", b"died\n" + b"yes\n" * (MAX_ROWS + 1))
    assert at.error[0].value == (
        "long.csv: The file has 20,001 rows; the limit is 20,000. "
        "Split the cohort into several files."
    )
    assert "cohort" not in at.session_state


def test_a_bad_file_after_a_good_one_leaves_no_partial_state(at):
    upload(at, "unit.csv", GOOD_AND_BAD)
    upload(at, "broken.csv", b"id,died,died\n1,no,no\n")
    assert at.error[0].value == "broken.csv: Malformed CSV: the column 'died' is given twice."
    assert "cohort" not in at.session_state
    assert len(at.metric) == 0


def test_clear_forgets_the_cohort_and_gives_its_memory_back(at, monkeypatch):
    import cohort.upload

    calls: list[str] = []
    monkeypatch.setattr(cohort.upload, "release_memory", lambda: calls.append("released"))
    click(at, "cohort_load_demo")  # the page's callbacks bind the patched function
    calls.clear()  # scoring released its own memory; now only the clear counts
    click(at, "cohort_clear")
    assert "cohort" not in at.session_state
    assert len(at.metric) == 0
    assert calls == ["released"]  # on "Clear cohort", not only after scoring


def test_a_stored_file_that_no_longer_reads_is_dropped():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["cohort"] = {"name": "x.csv", "data": b"\xff\xfe", "synthetic": False}
    run(at)
    assert at.error[0].value == "x.csv: The file is not UTF-8 text; save it as CSV UTF-8."
    assert "cohort" not in at.session_state


def test_the_page_never_writes_query_params(at):
    click(at, "cohort_load_demo")
    assert dict(at.query_params) == {}


def test_malignancy_coding_is_stated_and_each_file_gets_a_fresh_results_block(at):
    """Issue 22: how to code malignancy; a new file's results replace the previous file's
    charts at once (a new keyed container), not after the new figures are computed."""
    intro = next(m.value for m in at.markdown if "Upload a CSV" in m.value)
    assert "Code `malignancy` the same way: true/yes/1" in intro
    assert "an empty cell if not known (never counted as no)" in intro
    upload(at, "unit.csv", GOOD_AND_BAD)
    first = at.session_state["cohort"]["serial"]
    upload(at, "again.csv", GOOD_AND_BAD)
    second = at.session_state["cohort"]["serial"]
    assert second == first + 1
    keys = [getattr(node, "key", None) for node in at.main]
    assert f"cohort_results_{second}" in keys and f"cohort_results_{first}" not in keys
    assert any("number and spreadsheet line" in c.value for c in at.caption)


# --- issue 22: the first line first, scored once, a readable row report --------------------


def test_the_statistics_and_charts_are_imported_after_the_first_lines():
    """A fresh interpreter: when the heavy part (scoring.cohort_stats, the charts) is first
    imported, the page has already sent its title, disclaimer and instructions (issue 22:
    the first line waited for them). No scipy.stats at all."""
    import subprocess
    import sys

    code = f"""
import importlib.abc, sys
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.testing.v1 import AppTest

seen = {{}}

class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "scoring.cohort_stats" and name not in seen:
            ctx = get_script_run_ctx()
            seen[name] = max((c.index for c in ctx.cursors.values()), default=0) if ctx else None
        return None

sys.meta_path.insert(0, Watch())
at = AppTest.from_file({PAGE!r}, default_timeout={TIMEOUT}).run()
assert not at.exception and at.title[0].value == "Cohort validation"
print(seen.get("scoring.cohort_stats"), len(at.main), "scipy.stats" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    sent_before, drawn, scipy_stats = done.stdout.strip().splitlines()[-1].split()
    assert sent_before == drawn  # every element of the page was sent before the import
    assert int(drawn) >= 5  # title, disclaimer, instructions, limits, uploader, buttons
    assert scipy_stats == "False"


def test_a_stored_file_is_scored_once_not_on_every_run(at, monkeypatch):
    import cohort.upload

    calls: list[int] = []
    real = cohort.upload.score_upload
    monkeypatch.setattr(cohort.upload, "score_upload", lambda data: calls.append(1) or real(data))
    run(at)  # the page's callbacks bind the patched function
    click(at, "cohort_load_demo")
    assert metrics(at)["Rows read"] == "400"
    run(at)  # any later run of the page (another widget, a fragment, a rerun)
    assert metrics(at)["AUROC"] == "0.824"
    assert len(calls) == 1


def test_the_row_report_gives_its_text_column_the_room_and_wraps_it(at):
    """Issue 22: the detail column was cut off at 1440 px."""
    import json

    click(at, "cohort_load_demo")
    report, warnings = at.dataframe[0].proto, at.dataframe[1].proto
    columns = json.loads(report.columns)
    # Every column is headed in the reader's language; only the short ones are narrowed.
    widths = {name: c["width"] for name, c in columns.items() if "width" in c}
    assert widths == {"row": 60, "line": 60, "id": 110, "reason": 180}  # detail: the rest
    assert report.row_height == warnings.row_height == 72  # over 64 px: cells wrap
    assert report.selection_mode == warnings.selection_mode  # a row is shown whole on select
    assert "Select a row (the box at its left) to read it whole below the table." in [
        c.value for c in at.caption
    ]


def test_a_short_report_keeps_one_line_rows(at):
    rows = [
        HEADER,
        "a,45,130,yes,35,12,18,15,yes",
        "b,30,90,no,5,4,24,6,no",
        "d,60,100,no,12,5,22,7,",
    ]
    upload(at, "short.csv", "\n".join(rows).encode())
    assert at.dataframe[0].value["detail"].tolist() == ["died is empty."]
    assert not at.dataframe[0].proto.row_height  # Streamlit's default height
