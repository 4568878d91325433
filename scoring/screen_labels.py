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

# The Case page's field names: the registry's (scoring.fields), written there once.
SCREEN_LABELS: dict[str, str] = {name: spec.on_screen for name, spec in FIELD_BY_NAME.items()}
# Longest first, whole words only: "glucose_mg_dl" must not be read as "glucose_mg".
_KEYS = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(map(re.escape, SCREEN_LABELS), key=len, reverse=True)) + r")\b"
)


# A limit converted to the other unit reads as a raw conversion ("9 mg/dL is below
# 36.032", issue 22). On screen the limit is rounded as the lab is reported (mg/dL whole,
# mmol/L to one decimal) and carries its unit. The engine's own message (the CLI's
# output) is unchanged: only this screen wording rounds.
_LIMIT_DECIMALS: dict[str, int] = {"mg/dL": 0, "mmol/L": 1}
_LIMIT = re.compile(
    r"(?P<value>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) (?P<unit>mg/dL|mmol/L) is "
    r"(?P<impossible>impossible: )?(?P<side>below|above) (?P<limit>-?\d+(?:\.\d+)?)"
)


def _rounded_limit(value: float, limit: float, below: bool, decimals: int) -> str:
    """The limit with the fewest decimals (from the unit's) that keeps the sentence true:
    36.01 mg/dL "is below 36" would be false, so that one reads "below 36.03"."""
    for places in range(decimals, 4):
        shown = round(limit, places)
        if (value < shown) if below else (value > shown):
            return f"{shown:g}"
    return f"{limit:g}"


def _named_limit(match: re.Match[str]) -> str:
    value, unit, limit = float(match["value"]), match["unit"], float(match["limit"])
    below = match["side"] == "below"
    shown = _rounded_limit(value, limit, below, _LIMIT_DECIMALS[unit])
    return f"{match['value']} {unit} is {match['impossible'] or ''}{match['side']} {shown} {unit}"


def on_screen(message: str, *, with_key: bool = False) -> str:
    """`message` with each field key replaced by its on-screen label, and a lab limit
    rounded and named with its unit ("is below 36 mg/dL").

    `with_key=True` keeps the key in brackets ("Age (age_years)"), for pages where the
    user also sees the key, e.g. as a CSV column name on the Cohort page.
    """

    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{SCREEN_LABELS[key]} ({key})" if with_key else SCREEN_LABELS[key]

    return _LIMIT.sub(_named_limit, _KEYS.sub(label, message))


def on_screen_rows(rows: list[Mapping[str, Any]], *, with_key: bool = False) -> list[dict]:
    """Every text cell of a report table through `on_screen`."""
    return [
        {k: on_screen(v, with_key=with_key) if isinstance(v, str) else v for k, v in row.items()}
        for row in rows
    ]


# The Drugs page's field names for the ALDEN drug fields (the form's and the table's labels).
DRUG_FIELD_LABELS: dict[str, str] = {
    "index_day": "Index day",
    "start": "First intake",
    "stop": "Last intake",
    "continued_after_onset": "Continued after onset",
    "previous_exposure": "Previous exposure",
    "half_life_hours": "Half-life (hours)",
    "organ_impairment_or_interaction": "Liver/kidney impairment or interaction",
    "notoriety": "Notoriety",
}
_DRUG_KEYS = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, DRUG_FIELD_LABELS), key=len, reverse=True)) + r")\b"
    r"(?: \(first intake\))?"
)
# "drug 2 ('Depakote'): " - the drug as typed; its name is never rewritten.
_DRUG_PREFIX = re.compile(r"^(drug \d+(?: \(.*?\))?: )")


def on_screen_drug(message: str) -> str:
    """A Drugs-page message with the ALDEN drug fields named as on screen.

    'drug 1 ('x'): start 2024-03-10 is after stop 2024-03-01' ->
    "drug 1 ('x'): First intake 2024-03-10 is after last intake 2024-03-01".
    """
    match = _DRUG_PREFIX.match(message)
    prefix = match.group(1) if match else ""
    body = message[len(prefix) :]

    def label(found: re.Match[str]) -> str:
        text = DRUG_FIELD_LABELS[found.group(1)]
        return text if found.start() == 0 else text[:1].lower() + text[1:]

    return prefix + _DRUG_KEYS.sub(label, body)
