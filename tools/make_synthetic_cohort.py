"""Write the SYNTHETIC demo cohort for the Cohort page: knowledge/data/synthetic_cohort.csv.

    .venv/bin/python tools/make_synthetic_cohort.py

Every row is invented by a seeded random generator: no real patient is behind any value,
and the figures it gives say nothing about SCORTEN. It exists so that an educator can
demonstrate the Cohort page without real data. Each row says so in its `synthetic`
column, and the file name says so too (a comment line would break CSV readers).

How the rows are made (all parameters are named constants below):
- Inputs: adult ages, heart rates, detachment, urea, bicarbonate and glucose drawn from
  rough, plausible distributions for an SJS/TEN admission; about a quarter of the rows give
  BUN and glucose in mg/dL (US style) to exercise unit conversion.
- Outcome: SCORTEN is computed by the engine (`scoring.batch`), then `died` is drawn from
  a logistic model that predicts less death than the original equation
  (logit = OUTCOME_INTERCEPT + OUTCOME_SLOPE x SCORTEN), so the demo shows a cohort whose
  O/E is about 0.7 (as in Micheletti RG et al. J Invest Dermatol 2018;138:2315-21; other
  cohorts differ) and recalibration moves the curve.
- A few rows are deliberately unusable, to demonstrate the row report: a missing glucose
  (incomplete SCORTEN), an empty outcome, an impossible detachment (120 %), text in a
  number field, and an id that a spreadsheet would run as a formula.

Run it again and the file is byte-for-byte the same
(tests/tools/test_make_synthetic_cohort.py checks).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from cohort.demo import SYNTHETIC_FILE
from scoring import batch, units
from scoring.cli import OUTCOME_FIELD
from scoring.fields import FIELDS

OUTPUT = SYNTHETIC_FILE  # knowledge/data/synthetic_cohort.csv
SEED = 20240601
N_ROWS = 400
MG_DL_SHARE = 0.25  # rows reporting BUN and glucose in mg/dL
# Outcome model: below the original -4.448 + 1.237 x score at every score, so O/E < 1.
OUTCOME_INTERCEPT = -4.6
OUTCOME_SLOPE = 1.15

# The contract's input columns in the registry's order, with the demo's label and the outcome.
COLUMNS = ["id", "synthetic", *(f.name for f in FIELDS if f.name != "id"), OUTCOME_FIELD]


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def make_rows(rng: np.random.Generator, n: int) -> list[dict[str, str]]:
    """Plausible admission values; every distribution is a rough teaching choice."""
    age = np.clip(rng.normal(52, 19, n), 18, 95).round()
    heart_rate = np.clip(rng.normal(106, 18, n), 55, 175).round()
    malignancy = rng.random(n) < 0.2
    # Detachment is skewed: most patients have SJS (< 10 %), a tail has TEN.
    bsa = np.clip(rng.lognormal(np.log(9), 1.0, n), 1, 95).round()
    urea = np.clip(rng.lognormal(np.log(6.5), 0.55, n), 1.5, 45).round(1)
    bicarbonate = np.clip(rng.normal(22.5, 3.5, n), 9, 34).round()
    glucose = np.clip(rng.lognormal(np.log(7.5), 0.38, n), 3, 35).round(1)
    dialysis = rng.random(n) < 0.02
    mg_dl = rng.random(n) < MG_DL_SHARE
    rows = []
    for i in range(n):
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            id=f"SYN-{i + 1:04d}",
            synthetic="yes",
            age_years=f"{age[i]:.0f}",
            heart_rate_bpm=f"{heart_rate[i]:.0f}",
            malignancy=_yes_no(bool(malignancy[i])),
            bsa_detached_pct=f"{bsa[i]:.0f}",
            bicarbonate_mmol_l=f"{bicarbonate[i]:.0f}",
            dialysis_before_admission=_yes_no(bool(dialysis[i])),
            assessment_day="1",
        )
        if mg_dl[i]:
            row["bun_mg_dl"] = f"{urea[i] * units.BUN_MG_DL_PER_UREA_MMOL_L:.0f}"
            row["glucose_mg_dl"] = f"{glucose[i] * units.GLUCOSE_MG_DL_PER_MMOL_L:.0f}"
        else:
            row["urea_mmol_l"] = f"{urea[i]:.1f}"
            row["glucose_mmol_l"] = f"{glucose[i]:.1f}"
        rows.append(row)
    return rows


def add_outcomes(rng: np.random.Generator, rows: list[dict[str, str]]) -> None:
    scored = batch.score_records(rows, also_known=frozenset({"synthetic", "died"}))
    score = np.nan_to_num(scored.scores["scorten"].value, nan=0.0)
    risk = 1.0 / (1.0 + np.exp(-(OUTCOME_INTERCEPT + OUTCOME_SLOPE * score)))
    died = rng.random(len(rows)) < risk
    for row, outcome in zip(rows, died, strict=True):
        row["died"] = _yes_no(bool(outcome))


def spoil_some_rows(rows: list[dict[str, str]]) -> None:
    """Rows the Cohort page must report rather than score (one of each kind)."""
    rows[6]["glucose_mmol_l"] = rows[6]["glucose_mg_dl"] = ""  # incomplete SCORTEN
    rows[17]["died"] = ""  # outcome not known
    rows[28]["bsa_detached_pct"] = "120"  # impossible: over 100 %
    rows[39]["heart_rate_bpm"] = "fast"  # text where a number belongs
    rows[50]["id"] = "=HYPERLINK(0)"  # would run as a formula in a spreadsheet


def make_csv(seed: int = SEED, n: int = N_ROWS) -> str:
    rng = np.random.default_rng(seed)
    rows = make_rows(rng, n)
    add_outcomes(rng, rows)
    spoil_some_rows(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> None:
    OUTPUT.write_text(make_csv(), encoding="utf-8")
    print(f"wrote {OUTPUT} (synthetic, {N_ROWS} rows)")


if __name__ == "__main__":
    main()
