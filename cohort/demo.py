"""The synthetic demo cohort the Cohort page offers (knowledge/data/synthetic_cohort.csv).

Written by tools/make_synthetic_cohort.py; no real patient is behind any row. The page
asks this module for the file instead of reading the data directory itself, and says so
above its figures ("cohort.synthetic_note").
"""

from __future__ import annotations

from knowledge.loading import DATA_DIR

SYNTHETIC_FILE = DATA_DIR / "synthetic_cohort.csv"


def demo_cohort() -> tuple[str, bytes]:
    """The demo file's name and bytes, as an upload would give them."""
    return SYNTHETIC_FILE.name, SYNTHETIC_FILE.read_bytes()
