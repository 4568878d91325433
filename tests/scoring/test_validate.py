"""`validate` figures checked against scikit-learn and scipy computed here, independently."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.metrics import brier_score_loss, roc_auc_score

from scoring import scorten
from scoring.cli import main

# Inputs that meet the first k SCORTEN criteria (all others normal).
MET = [
    ("age_years", 41, 30),
    ("heart_rate_bpm", 121, 80),
    ("malignancy", "yes", "no"),
    ("bsa_detached_pct", 11, 5),
    ("urea_mmol_l", 10.5, 5),
    ("bicarbonate_mmol_l", 19, 24),
    ("glucose_mmol_l", 14.5, 6),
]


def record_with_score(score: int, died: object, rid: str) -> dict:
    record: dict = {"id": rid, "died": died}
    for i, (field, high, low) in enumerate(MET):
        record[field] = high if i < score else low
    return record


# (score, died) pairs of a small cohort; not separable, so recalibration has a maximum.
PAIRS = [(0, 0), (0, 0), (1, 0), (1, 1), (2, 0), (2, 0), (2, 1), (3, 0), (3, 1), (4, 1),
         (4, 0), (5, 1), (6, 1), (1, 0), (3, 0)]  # fmt: skip


def write_cohort(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def run_validate(path: Path) -> tuple[int, dict]:
    out = io.StringIO()
    code = main(["validate", str(path)], stdin=io.StringIO(), stdout=out, stderr=io.StringIO())
    return code, json.loads(out.getvalue())


def test_figures_match_independent_computation(tmp_path: Path) -> None:
    records = [record_with_score(s, bool(d), f"r{i}") for i, (s, d) in enumerate(PAIRS)]
    records.append({"id": "incomplete", "age_years": 50, "died": True})
    records.append({**record_with_score(2, None, "unknown-outcome")})
    records.append({**record_with_score(2, "yes", "invalid"), "age_years": -5})
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 1  # the invalid record carried an error

    scores = np.array([s for s, _ in PAIRS])
    died = np.array([d for _, d in PAIRS])
    predicted = np.array([scorten.logistic_mortality(s) for s in scores])
    assert report["n"] == len(PAIRS) + 3
    assert report["n_scored"] == len(PAIRS)
    assert report["left_out"] == {"invalid": 1, "incomplete_scorten": 1, "unknown_outcome": 1}
    assert report["deaths"] == int(died.sum()) == 6
    assert report["observed_mortality"] == pytest.approx(6 / 15, abs=1e-15)
    assert report["expected_mortality"] == pytest.approx(predicted.mean(), rel=1e-12)
    assert report["o_e_ratio"] == pytest.approx(6 / predicted.sum(), rel=1e-12)
    assert report["auroc"] == pytest.approx(roc_auc_score(died, predicted), abs=1e-12)
    assert report["brier"] == pytest.approx(brier_score_loss(died, predicted), abs=1e-12)
    assert [e["id"] for e in report["errors"]] == ["invalid"]
    assert report["errors"][0]["field"] == "age_years"

    by_score = {row["score"]: row for row in report["by_score"]}
    assert sorted(by_score) == [0, 1, 2, 3, 4, 5, 6]
    assert (by_score[3]["n"], by_score[3]["deaths"]) == (3, 1)
    assert by_score[3]["observed"] == pytest.approx(1 / 3)
    assert by_score[3]["expected"] == scorten.LOGISTIC_BY_SCORE[3]

    def negative_log_likelihood(beta: np.ndarray) -> float:
        logit = beta[0] + beta[1] * scores
        return float(np.sum(np.logaddexp(0, logit) - died * logit))

    fit = minimize(negative_log_likelihood, x0=np.zeros(2), method="BFGS", tol=1e-12)
    assert report["recalibrated"]["intercept"] == pytest.approx(fit.x[0], abs=1e-4)
    assert report["recalibrated"]["slope"] == pytest.approx(fit.x[1], abs=1e-4)


def test_csv_cohort_with_died_column_gives_the_same_figures(tmp_path: Path) -> None:
    records = [record_with_score(s, "yes" if d else "no", f"r{i}") for i, (s, d) in
               enumerate(PAIRS)]  # fmt: skip
    columns = list(records[0])
    path = tmp_path / "cohort.csv"
    lines = [",".join(columns)] + [",".join(str(r[c]) for c in columns) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, csv_report = run_validate(path)
    jsonl = write_cohort(tmp_path, records)
    _, jsonl_report = run_validate(jsonl)
    assert code == 0
    assert csv_report == jsonl_report
    assert csv_report["errors"] == []


def test_fewer_than_two_deaths_is_an_error_not_a_number(tmp_path: Path) -> None:
    records = [record_with_score(s, False, f"r{s}") for s in range(5)]
    records.append(record_with_score(6, True, "only-death"))
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 1
    assert report["auroc"] is None
    assert report["recalibrated"] is None
    assert report["errors"][0]["field"] == "died"
    assert "1 deaths and 5 survivors" in report["errors"][0]["message"]


def test_perfect_separation_gives_no_recalibrated_equation(tmp_path: Path) -> None:
    records = [record_with_score(s, s >= 4, f"r{i}") for i, s in enumerate([0, 1, 2, 4, 5, 6])]
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 0
    assert report["auroc"] == 1.0
    assert report["recalibrated"] is None


def test_bad_outcome_value_is_a_record_error(tmp_path: Path) -> None:
    records = [record_with_score(s, d, f"r{i}") for i, (s, d) in enumerate(PAIRS)]
    records.append(record_with_score(1, "perhaps", "odd"))
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 1
    assert report["left_out"]["invalid"] == 1
    assert report["errors"] == [
        {
            "record": 16,
            "id": "odd",
            "field": "died",
            "message": "died: expected true/false, yes/no or 1/0, got 'perhaps'.",
        }
    ]
