"""Fields named as the screen names them, in messages.

Every engine message carries its `Text` (`Issue.text`, issue 23), which already names the
field as on screen in the reader's language ("Age: -3 years is impossible", "나이: -3세 —
..."): a page renders it with `ui.i18n.issue_text` and needs nothing here. `with_key` gives
a Text whose fields also show their key ("Age (age_years)"), for the Cohort page, where
the user sees the key as a CSV column name.

The English CLI messages name fields by their contract keys ("age_years: -3 years is
impossible"); `on_screen` and `on_screen_drug` rewrite such an English message for the
screen by pattern (the key replaced by its label, a lab limit rounded with its unit). They
are kept for callers that still show the English message itself (issue 23: the chart note
and pages not yet converted); new code renders the Text instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from knowledge.i18n import Text
from scoring.alden_input import NAMED_FIELDS, drug_field_text
from scoring.bounds import LIMIT_DECIMALS as _LIMIT_DECIMALS
from scoring.bounds import rounded_limit as _rounded_limit
from scoring.fields import FIELD_BY_NAME
from scoring.words import english

# The Case page's field names: the registry's (scoring.fields), written there once.
SCREEN_LABELS: dict[str, str] = {name: spec.on_screen for name, spec in FIELD_BY_NAME.items()}
# Longest first, whole words only: "glucose_mg_dl" must not be read as "glucose_mg".
_KEYS = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(map(re.escape, SCREEN_LABELS), key=len, reverse=True)) + r")\b"
)


# A limit converted to the other unit reads as a raw conversion ("9 mg/dL is below
# 36.032", issue 22). On screen the limit is rounded as the lab is reported (mg/dL whole,
# mmol/L to one decimal) and carries its unit (scoring.bounds, the same rule the Text of a
# bounds message follows). The engine's own message (the CLI's output) is unchanged.
_LIMIT = re.compile(
    r"(?P<value>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) (?P<unit>mg/dL|mmol/L) is "
    r"(?P<impossible>impossible: )?(?P<side>below|above) (?P<limit>-?\d+(?:\.\d+)?)"
)


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


# The Drugs page's field names for the ALDEN drug fields (the form's and the table's labels),
# in English; `scoring.alden_input.drug_field_text(key)` gives each as a Text (alden.yaml).
DRUG_FIELD_LABELS: dict[str, str] = {key: english(drug_field_text(key)) for key in NAMED_FIELDS}
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


# The Text that names each registry field on screen -> the field's key.
_KEY_OF_SCREEN_TEXT: dict[str, str] = {
    spec.screen_text.key: name for name, spec in FIELD_BY_NAME.items()
}


def with_key(text: Text) -> Text:
    """`text` with every field it names followed by its key: "Age (age_years): ..." /
    "나이 (age_years): ...", for pages where the user also sees the key (a CSV column)."""
    params: dict[str, Any] = {}
    for name, value in text.params.items():
        if isinstance(value, Text) and value.key in _KEY_OF_SCREEN_TEXT and not value.params:
            key = _KEY_OF_SCREEN_TEXT[value.key]
            value = Text("fields.label_with_key", {"label": value, "key": key})
        elif isinstance(value, Text):
            value = with_key(value)
        params[name] = value
    return Text(text.key, params)
