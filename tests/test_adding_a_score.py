"""ARCHITECTURE.md, "Adding a score": a points score defined here, added to the registry
and nothing else, shows in the batch output, the contract record, the Method table, the
chart note and the FHIR Bundle."""

from __future__ import annotations

import pytest

from knowledge.i18n import Text
from reports import chart_note, fhir
from reports import method_tables as mt
from reports.assessment import assess
from scoring import scores
from scoring.batch import score_records
from scoring.case import score_case
from scoring.criteria import Criterion, PointsScore
from tests.reports.cases import make_case

# Not a real score: one criterion on a field the registry already has.
TOY = PointsScore(
    key="toy",
    name="TOY-1",
    criteria=(
        Criterion(
            key="heart_rate_bpm",
            label_text=Text("engine.criterion.heart_rate"),
            comparison="gt",
            points=1,
            cutoff=100.0,
            unit="/min",
            source="this test",
        ),
    ),
    references=("A toy score for a test; not a clinical rule",),
    citation="Toy 2026",
)


@pytest.fixture
def with_toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scores, "SCORES", (*scores.SCORES, TOY))


def test_toy_score_columns_in_the_batch_output(with_toy: None) -> None:
    batch = score_records([{"heart_rate_bpm": 130}, {"heart_rate_bpm": 100}, {}])
    table = batch.to_flat_table()
    assert table.column("toy_score").to_pylist() == [1, 0, None]
    assert table.column("toy_min").to_pylist() == [1, 0, 0]
    assert table.column("toy_max").to_pylist() == [1, 0, 1]
    assert table.column("toy_missing").to_pylist() == ["", "", "heart_rate_bpm"]
    # No equation, no bands: no mortality columns for it.
    assert "toy_mortality_logistic" not in table.column_names
    assert table.column_names.index("toy_score") > table.column_names.index("abcd10_missing")


def test_toy_score_in_the_contract_record(with_toy: None) -> None:
    record = score_case({"heart_rate_bpm": 130}).to_contract()
    assert record["toy"] == {
        "score": 1,
        "min": 1,
        "max": 1,
        "missing": [],
        "mortality_logistic": None,
    }
    assert list(record)[-3:] == ["toy", "errors", "warnings"]
    assert score_records([{}]).row(0)["toy"]["missing"] == ["heart_rate_bpm"]


def test_toy_score_breakdown_in_the_case_result(with_toy: None) -> None:
    result = score_case({"heart_rate_bpm": 100})
    (row,) = result.scores["toy"].criteria
    assert (row.met, row.points, row.on_cutoff) == (False, 0, True)


def test_toy_score_in_the_method_table(with_toy: None) -> None:
    tables = dict((score.name, rows) for score, rows in mt.score_tables(lang="en"))
    assert tables["TOY-1"] == [
        {
            "Criterion": "Heart rate",
            "Rule (earns the points)": "Heart rate > 100 /min",
            "Points": 1,
            "Exactly on the cut-off": "no point (strict)",
            "Source": "this test",
        }
    ]
    assert mt.score_intro(TOY, lang="en").startswith("One risk factor, one point each (0-1).")
    assert mt.formula_text(TOY, lang="en") is None


def test_toy_score_in_the_chart_note_and_fhir(with_toy: None) -> None:
    case = make_case()  # heart rate 118/min
    assessed = assess(case)  # the case's one assessment, as the exports read it
    note = chart_note.chart_note(case, assessed)
    assert "SJS/TEN assessment (SCORTEN, ABCD-10, TOY-1, extent, ALDEN)" in note
    assert "  TOY-1 1 of 1\n    ✓ Heart rate 118 /min > 100 /min — 1 point" in note
    assert "- A toy score for a test; not a clinical rule" in note
    bundle = fhir.fhir_bundle(case, assessed)
    names = [e["resource"].get("code", {}).get("text") for e in bundle["entry"]]
    assert "TOY-1" in names
