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


# --- counts are a sufficient statistic (issue 14); trust in the recalibration (issue 15) ---

from scoring import cohort_validation as validate  # noqa: E402
from scoring.cohort_stats import bootstrap_counts  # noqa: E402


def _random_cohort(seed: int, n: int) -> validate.CohortArrays:
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 8, n)
    died = (rng.random(n) < 1 / (1 + np.exp(-(-3.0 + 0.9 * score)))).astype(np.int64)
    return validate.CohortArrays(score=score, died=died)


@pytest.mark.parametrize("seed, n", [(1, 60), (2, 500), (3, 20_000)])
def test_figures_from_counts_equal_scikit_learn_on_the_rows(seed: int, n: int) -> None:
    from sklearn.linear_model import LogisticRegression

    cohort = _random_cohort(seed, n)
    report = validate.figures(cohort)
    predicted = cohort.predicted
    assert report["auroc"] == pytest.approx(roc_auc_score(cohort.died, predicted), abs=1e-12)
    assert report["brier"] == pytest.approx(brier_score_loss(cohort.died, predicted), abs=1e-12)
    assert report["expected_mortality"] == pytest.approx(predicted.mean(), abs=1e-12)
    assert report["o_e_ratio"] == pytest.approx(cohort.died.sum() / predicted.sum(), rel=1e-12)
    model = LogisticRegression(C=np.inf, solver="newton-cg", tol=1e-12, max_iter=1000)
    model.fit(cohort.score.reshape(-1, 1).astype(float), cohort.died)
    assert report["recalibrated"]["intercept"] == pytest.approx(model.intercept_[0], abs=1e-6)
    assert report["recalibrated"]["slope"] == pytest.approx(model.coef_[0][0], abs=1e-6)
    for row in report["by_score"]:
        group = cohort.score == row["score"]
        assert (row["n"], row["deaths"]) == (group.sum(), cohort.died[group].sum())


def test_every_patient_with_one_score_gives_null_with_a_warning(tmp_path: Path) -> None:
    records = [record_with_score(3, i % 2 == 0, f"r{i}") for i in range(30)]
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 0
    assert report["recalibrated"] is None
    assert report["warnings"] == [
        {
            "field": "recalibrated",
            "message": "every scored patient has SCORTEN 3: the recalibration slope cannot be "
            "estimated from one score value.",
        }
    ]


def test_quasi_separation_gives_null_with_the_reason(tmp_path: Path) -> None:
    # Deaths at 3 or more, survivors at 3 or less: the MLE slope is infinite.
    pairs = [(0, 0), (1, 0), (2, 0), (3, 0), (3, 1), (4, 1), (5, 1)]
    records = [record_with_score(s, d, f"r{i}") for i, (s, d) in enumerate(pairs)]
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 0
    assert report["recalibrated"] is None
    assert report["warnings"][0]["message"].startswith(
        "SCORTEN quasi-completely separates deaths from survivors (every death has SCORTEN 3 "
        "or more, every survivor 3 or less)"
    )


def test_near_separated_upload_of_20_rows_warns_of_few_events(tmp_path: Path) -> None:
    """Issue 15: 20 rows, one death among survivors' scores; an estimate exists but rests on
    4 deaths, below 10 events per variable (Peduzzi 1996)."""
    pairs = [(s, 0) for s in (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4)]
    pairs += [(2, 1), (4, 1), (5, 1), (6, 1)]
    records = [record_with_score(s, d, f"r{i}") for i, (s, d) in enumerate(pairs)]
    code, report = run_validate(write_cohort(tmp_path, records))
    assert code == 0
    assert report["recalibrated"] is not None
    assert report["recalibrated"]["slope"] > 1.0
    [warning] = report["warnings"]
    assert warning["message"].startswith(
        "only 4 deaths for the one variable (SCORTEN) of the recalibration: below 10 events "
        "per variable"
    )
    assert "PMID 8970487" in warning["message"]


def test_enough_events_carry_no_warning() -> None:
    report = validate.figures(_random_cohort(4, 2000))
    assert report["warnings"] == []


def test_count_bootstrap_agrees_with_the_row_bootstrap_within_monte_carlo_error() -> None:
    """Resampling the 8 x 2 counts (multinomial) gives the same AUROC and O/E intervals as
    resampling patients (rows); 4,000 replicates each, so percentiles agree to a few
    Monte-Carlo standard errors (about 0.005 for AUROC here)."""
    from scoring.cohort_stats import auroc_from_counts, cell_counts, oe_from_counts

    cohort = _random_cohort(5, 300)
    n_boot = 4000
    by_counts = bootstrap_counts(cohort, n_boot=n_boot, seed=11)
    rng = np.random.default_rng(12)
    rows = rng.integers(0, cohort.score.size, (n_boot, cohort.score.size))
    by_rows = np.stack(
        [cell_counts(validate.CohortArrays(cohort.score[r], cohort.died[r])) for r in rows]
    )
    for statistic, tolerance in ((auroc_from_counts, 0.015), (oe_from_counts, 0.04)):
        a, b = statistic(by_counts), statistic(by_rows)
        assert np.nanpercentile(a, 2.5) == pytest.approx(np.nanpercentile(b, 2.5), abs=tolerance)
        assert np.nanpercentile(a, 97.5) == pytest.approx(np.nanpercentile(b, 97.5), abs=tolerance)
        assert np.nanmean(a) == pytest.approx(np.nanmean(b), abs=tolerance / 3)
