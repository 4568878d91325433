"""Deterministic inputs whose `score`/`validate` outputs were captured from the
whole-file engine before streaming (issue 14); tests/scoring/test_streaming.py holds the
streaming engine byte-identical to those captures (golden_outputs.json holds sha256s).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

FIELDS = (
    "id",
    "age_years",
    "heart_rate_bpm",
    "malignancy",
    "bsa_detached_pct",
    "urea_mmol_l",
    "bun_mg_dl",
    "bicarbonate_mmol_l",
    "glucose_mmol_l",
    "glucose_mg_dl",
    "dialysis_before_admission",
    "assessment_day",
)
TEST_CLI_CSV = "\n".join(
    [
        "id,age_years,heart_rate_bpm,malignancy,bsa_detached_pct,bun_mg_dl,"
        "bicarbonate_mmol_l,glucose_mg_dl",
        "p1,67,130,yes,35,40,18,300",
        "p2,30,80,no,5,10,25,100",
        "p3,abc,80,no,5,10,25,100",
        "p4,45,80,no,5,10,25,",
    ]
)
# Awkward cells: on a cut-off, blanks, padding, words, invalid, quoted multi-line ids.
AWKWARD = (
    "",
    " ",
    "40",
    "120",
    "10",
    "20",
    "14",
    "abc",
    "-1",
    "1e3",
    "yes",
    "No",
    "TRUE",
    "0",
    " 7.5 ",
    "nan",
    "inf",
    "2.5",
    "300",
    "1.5",
)


PLAUSIBLE = {
    "age_years": (18, 95),
    "heart_rate_bpm": (50, 160),
    "bsa_detached_pct": (1, 90),
    "urea_mmol_l": (2, 30),
    "bicarbonate_mmol_l": (10, 35),
    "glucose_mmol_l": (3, 25),
}


def _cell(rng: np.random.Generator, name: str, row: int, awkward: float) -> str:
    if name == "id":
        kind = rng.integers(0, 10)
        if kind == 0:
            return f'"line one\nline two {row}"'
        if kind == 1:
            return f'"=cmd, ""quoted"" {row}"'
        if kind == 2:
            return ""
        return f"p{row}"
    if rng.random() < awkward:
        value = AWKWARD[rng.integers(0, len(AWKWARD))]
        return f'"{value}"' if rng.random() < 0.2 else value
    if name in ("malignancy", "dialysis_before_admission"):
        return ("yes", "no")[rng.integers(0, 2)]
    if name == "assessment_day":
        return str(rng.integers(1, 6))
    if awkward < 0.1:  # a plausible cohort: values in range, mg/dL forms left out
        if name in ("bun_mg_dl", "glucose_mg_dl"):
            return ""
        low, high = PLAUSIBLE[name]
        return f"{rng.uniform(low, high):.1f}"
    return f"{rng.uniform(0, 200):.1f}"


def generated_csv(rows: int, seed: int, with_died: bool = False) -> str:
    rng = np.random.default_rng(seed)
    names = list(FIELDS) + (["died"] if with_died else [])
    lines = [",".join(names)]
    for row in range(rows):
        cells = [_cell(rng, name, row, 0.01 if with_died else 0.3) for name in FIELDS]
        if with_died:
            cells.append(("yes", "no", "", "maybe")[rng.choice(4, p=[0.3, 0.6, 0.05, 0.05])])
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n" if seed % 2 else "\n".join(lines) + "\n"


def generated_jsonl(rows: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    lines = []
    for row in range(rows):
        record: dict[str, object] = {}
        for name in FIELDS:
            draw = rng.random()
            if draw < 0.1:
                continue
            if draw < 0.15:
                record[name] = None
            elif name == "id":
                record[name] = f"r{row}\n" if row % 17 == 0 else f"r{row}"
            elif name in ("malignancy", "dialysis_before_admission"):
                record[name] = [True, False, "yes", "x", 1][rng.integers(0, 5)]
            else:
                record[name] = [float(rng.uniform(0, 200)), 40, "14", "abc", -3, 2.5][
                    rng.integers(0, 6)
                ]
        if row % 50 == 0:
            lines.append("[1, 2]")
        if row % 37 == 0:
            lines.append("")
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def inputs() -> dict[str, str]:
    """name (with the extension the CLI reads) -> file text."""
    root = Path(__file__).resolve().parents[2]
    synthetic = (root / "knowledge" / "data" / "synthetic_cohort.csv").read_text(encoding="utf-8")
    return {
        "test_cli.csv": TEST_CLI_CSV + "\n",
        "synthetic_cohort.csv": synthetic,
        "gen_small.csv": generated_csv(300, 1),
        "gen_mid.csv": generated_csv(5000, 2),
        "gen_died.csv": generated_csv(3000, 3, with_died=True),
        "gen_small.jsonl": generated_jsonl(400, 4),
        "gen_mid.jsonl": generated_jsonl(4000, 5),
        "one.json": '{"id": "solo", "bsa_detached_pct": 31, "age_years": 50}',
        "many.json": "["
        + ",".join(generated_jsonl(50, 6).split("\n")[:-1]).replace(",,", ",")
        + "]",
    }


# Which commands each input is captured for (score writes JSONL to stdout and CSV/JSONL/JSON
# files; validate writes JSON). `score` inputs carry no unknown columns, whose warning moved
# from every row to the first (issue 13), so their bytes are unchanged by design.
SCORE_INPUTS = ("test_cli.csv", "gen_small.csv", "gen_mid.csv", "gen_small.jsonl",
                "gen_mid.jsonl", "one.json", "many.json")  # fmt: skip
VALIDATE_INPUTS = ("synthetic_cohort.csv", "gen_died.csv")
