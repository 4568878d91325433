"""The synthetic demo cohort script: reproducible, and every row says it is synthetic."""

from __future__ import annotations

import csv
import io

from cohort.demo import SYNTHETIC_FILE
from tools import make_synthetic_cohort


def test_synthetic_cohort_file_is_what_the_script_writes():
    written = make_synthetic_cohort.OUTPUT.read_text(encoding="utf-8")
    assert written == make_synthetic_cohort.make_csv()


def test_synthetic_cohort_is_labelled_synthetic_on_every_row():
    rows = list(csv.DictReader(io.StringIO(make_synthetic_cohort.OUTPUT.read_text())))
    assert len(rows) == make_synthetic_cohort.N_ROWS
    assert {r["synthetic"] for r in rows} == {"yes"}
    assert "synthetic" in make_synthetic_cohort.OUTPUT.name


def test_script_writes_the_file_the_cohort_page_offers():
    assert make_synthetic_cohort.OUTPUT == SYNTHETIC_FILE
