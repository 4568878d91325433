"""One label lookup for every page and the chart note.

Engine messages name fields by their contract keys ("age_years: -3 years is impossible");
the screen names them as the user sees them ("Age: -3 years is impossible"). Pages call
`on_screen` where they render a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scoring.fields import FIELD_BY_NAME

# The Case page's field names where they differ from the engine's labels.
_SCREEN_OVERRIDES: dict[str, str] = {
    "bsa_detached_pct": "Detached + detachable epidermis",
    "bun_mg_dl": "BUN",
    "dialysis_before_admission": "Chronic dialysis before admission",
}
SCREEN_LABELS: dict[str, str] = {
    name: _SCREEN_OVERRIDES.get(name, spec.label) for name, spec in FIELD_BY_NAME.items()
}
# Longest first, whole words only: "glucose_mg_dl" must not be read as "glucose_mg".
_KEYS = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(map(re.escape, SCREEN_LABELS), key=len, reverse=True)) + r")\b"
)


def on_screen(message: str, *, with_key: bool = False) -> str:
    """`message` with each field key replaced by its on-screen label.

    `with_key=True` keeps the key in brackets ("Age (age_years)"), for pages where the
    user also sees the key, e.g. as a CSV column name on the Cohort page.
    """

    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{SCREEN_LABELS[key]} ({key})" if with_key else SCREEN_LABELS[key]

    return _KEYS.sub(label, message)


def on_screen_rows(rows: list[Mapping[str, Any]], *, with_key: bool = False) -> list[dict]:
    """Every text cell of a report table through `on_screen`."""
    return [
        {k: on_screen(v, with_key=with_key) if isinstance(v, str) else v for k, v in row.items()}
        for row in rows
    ]
