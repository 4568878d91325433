"""Editable table of the patient's drugs, in and out as alden-contract drug dicts.

Why a "base" copy: `st.data_editor` keeps its edits as a delta against the data it was
given. If the data changed on every run (because the edits were written back into the
case), the editor would get a new identity and lose its edits. So the editor is fed a
stable base list, seeded from the case when the widget has no state (first visit, return
from another page, after `reset()`), and the edited rows are written back to the case on
every run. Everything stays plain, serialisable data.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from knowledge.drugs import NOTORIETY_LABELS
from scoring.alden_input import read_date
from scoring.bounds import MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from scoring.screen_labels import DRUG_FIELD_LABELS

Drug = dict[str, Any]

# Contract values of `previous_exposure`, in words (docs/cli-contract.md, alden input).
PREVIOUS_EXPOSURE_WORDS: dict[str, str] = {
    "unknown": "Not known",
    "none": "None: first exposure",
    "tolerated": "Taken before without any reaction",
    "sjs_ten_same_drug": "SJS/TEN with the same drug",
    "sjs_ten_similar_drug": "SJS/TEN with a similar drug",
    "other_reaction_same_drug": "Other reaction to the same drug",
    "other_reaction_similar_drug": "Other reaction to a similar drug",
}
# `continued_after_onset: true` means continued *without harm* (contract; ALDEN dechallenge).
CONTINUED_WORDS: dict[bool | None, str] = {
    None: "Not known",
    False: "No: stopped",
    True: "Yes: continued, reaction did not progress",
}
PREVIOUS_EXPOSURE_HELP = "Earlier use of this drug, or of a similar one, and what happened then."
CONTINUED_HELP = (
    "'Yes' only if the drug was continued after the first skin or mucosal signs "
    "AND the reaction did not progress. A drug continued while the patient got "
    "worse is not 'without harm'."
)
NOTORIETY_WORDS: dict[int, str] = {
    value: f"{value:+d} {label}" if value else f"0 {label}"
    for value, label in sorted(NOTORIETY_LABELS.items(), reverse=True)
}

COLUMNS = (
    "name",
    "start",
    "stop",
    "previous_exposure",
    "continued_after_onset",
    "organ_impairment_or_interaction",
    "half_life_hours",
    "notoriety",
)
DEFAULT_DRUG: Drug = {
    "name": None,
    "start": None,
    "stop": None,
    "continued_after_onset": None,
    "half_life_hours": None,
    "organ_impairment_or_interaction": False,
    "previous_exposure": "unknown",
    "notoriety": None,
}


def _base_key(key: str) -> str:
    return f"_{key}_base"


def reset(key: str) -> None:
    """Make the editor reseed from the case on the next run (after the case changed)."""
    st.session_state.pop(key, None)
    st.session_state.pop(_base_key(key), None)


def show(drugs: list[Drug], *, key: str = "drugs_editor") -> list[Drug]:
    """Render the editor over `drugs`; return the edited list (contract drug dicts)."""
    base_key = _base_key(key)
    if key not in st.session_state or base_key not in st.session_state:
        st.session_state[base_key] = copy.deepcopy(drugs)
    base: list[Drug] = st.session_state[base_key]
    edited = st.data_editor(
        _to_frame(base),
        key=key,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_order=COLUMNS,
        column_config=_column_config(),
        placeholder=EMPTY_CELL,
    )
    return _from_frame(edited, base)


# Widths so the whole table fits a 1440 px screen (issue 22: liver/kidney, half-life and
# notoriety were cut off), the drug and its dates first; on a phone the frame scrolls
# sideways from there. Each header's full words are in its help.
COLUMN_WIDTHS: dict[str, str] = {
    "name": "medium",
    "start": "small",
    "stop": "small",
    "previous_exposure": "medium",
    "continued_after_onset": "medium",
    "organ_impairment_or_interaction": "small",
    "half_life_hours": "small",
    "notoriety": "small",
}
# The last intake is typed text, a date or these words: the grid would print an empty
# date cell as "None" (issue 22), and a date column cannot hold words. Empty cells of the
# other columns show empty (the editor's placeholder), never "None".
STILL_TAKEN = "still taken"
STOP_HELP = (
    f'First day without the drug as YYYY-MM-DD, or "{STILL_TAKEN}" if it was still taken '
    "on the index day (an empty cell means the same)."
)
STOP_MAX_CHARS = 20  # a date or the words, with room for a typo the engine then names
EMPTY_CELL = ""


def _column_config() -> dict[str, Any]:
    return {
        name: {**config, "width": COLUMN_WIDTHS[name]}
        for name, config in _column_config_words().items()
    }


def _column_config_words() -> dict[str, Any]:
    cc = st.column_config
    return {
        "name": cc.TextColumn(
            "Drug (generic or brand)",
            help="Generic or brand name; one drug per row (enter combination products as sold).",
            required=True,
            max_chars=MAX_DRUG_NAME_CHARS,
        ),
        "start": cc.DateColumn(DRUG_FIELD_LABELS["start"], format="YYYY-MM-DD"),
        "stop": cc.TextColumn(
            DRUG_FIELD_LABELS["stop"],
            help=STOP_HELP,
            default=STILL_TAKEN,
            max_chars=STOP_MAX_CHARS,
        ),
        "previous_exposure": cc.SelectboxColumn(
            DRUG_FIELD_LABELS["previous_exposure"],
            options=list(PREVIOUS_EXPOSURE_WORDS.values()),
            help=PREVIOUS_EXPOSURE_HELP,
        ),
        "continued_after_onset": cc.SelectboxColumn(
            "Continued after onset without harm?",
            options=list(CONTINUED_WORDS.values()),
            help=CONTINUED_HELP,
        ),
        "organ_impairment_or_interaction": cc.CheckboxColumn(
            DRUG_FIELD_LABELS["organ_impairment_or_interaction"], help=ORGAN_HELP
        ),
        "half_life_hours": cc.NumberColumn(
            "Half-life override (h)",
            min_value=0.1,
            max_value=MAX_HALF_LIFE_HOURS,
            format="%g",
            help="Leave empty to use the knowledge base.",
        ),
        "notoriety": cc.SelectboxColumn(
            "Notoriety override",
            options=list(NOTORIETY_WORDS.values()),
            help="Leave empty to use the knowledge base (ALDEN criterion 5).",
        ),
    }


# --- contract dicts <-> editor frame --------------------------------------------------------


ORGAN_HELP = (
    "Liver or kidney impairment, or a suspected interaction, that may have slowed this "
    "drug's elimination (ALDEN criterion 2, presence in the body)."
)


def parse_date(value: Any) -> date | None:
    """A drug date as the engine reads it (scoring.alden_input.read_date); None for missing
    or unparsable (the engine names the unparsable ones)."""
    return read_date(value)


def _word(words: dict[Any, str], value: Any) -> str | None:
    """The words for a contract value; None for a value that is not one (e.g. a list in an
    imported case), instead of a crash on an unhashable key."""
    return words.get(value) if isinstance(value, str | int | bool | None) else None


def _to_frame(drugs: list[Drug]) -> pd.DataFrame:
    rows = [
        {
            "name": d.get("name"),
            "start": parse_date(d.get("start")),
            "stop": stop_cell(d.get("stop")),
            "previous_exposure": _word(
                PREVIOUS_EXPOSURE_WORDS, d.get("previous_exposure") or "unknown"
            ),
            "continued_after_onset": _word(CONTINUED_WORDS, d.get("continued_after_onset")),
            "organ_impairment_or_interaction": bool(d.get("organ_impairment_or_interaction")),
            "half_life_hours": d.get("half_life_hours"),
            "notoriety": _word(NOTORIETY_WORDS, d.get("notoriety")),
        }
        for d in drugs
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # Typed empty columns, so an empty table still offers date pickers and numbers.
    frame["start"] = frame["start"].astype(object)
    frame["stop"] = frame["stop"].astype(object)  # text: a date or STILL_TAKEN
    frame["half_life_hours"] = pd.to_numeric(frame["half_life_hours"], errors="coerce")
    frame["organ_impairment_or_interaction"] = frame["organ_impairment_or_interaction"].astype(bool)
    return frame


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _iso(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def stop_cell(stop: Any) -> str:
    """The last-intake cell: the date, STILL_TAKEN for none, or empty for a loaded value
    that is no date (kept in the case until replaced; the engine names it)."""
    if stop is None:
        return STILL_TAKEN
    parsed = parse_date(stop)
    return parsed.isoformat() if parsed is not None else EMPTY_CELL


def stop_from_cell(cell: Any, before: Any = None) -> Any:
    """The contract's `stop` from the cell: None for STILL_TAKEN (any case) or an empty cell,
    the ISO date, or the text as typed when it is no date, so the engine names it. An empty
    cell over a loaded value that is no date keeps that value (`before`) until replaced."""
    text = _iso(cell) or ""
    text = text.strip()
    if text.casefold() == STILL_TAKEN.casefold():
        return None
    if not text:
        return before if before is not None and parse_date(before) is None else None
    parsed = parse_date(text)
    return parsed.isoformat() if parsed is not None else text


def _reverse(words: dict[Any, str]) -> dict[str, Any]:
    return {text: value for value, text in words.items()}


_EXPOSURE_BY_WORDS = _reverse(PREVIOUS_EXPOSURE_WORDS)
_CONTINUED_BY_WORDS = _reverse(CONTINUED_WORDS)
_NOTORIETY_BY_WORDS = _reverse(NOTORIETY_WORDS)


def _row_to_drug(row: pd.Series, template: Drug) -> Drug | None:
    drug = {**DEFAULT_DRUG, **copy.deepcopy(template)}
    name = row["name"]
    drug["name"] = None if _missing(name) or not str(name).strip() else str(name).strip()
    iso = _iso(row["start"])
    # An unparsable date from a loaded case shows as an empty cell; keep the raw text
    # until the user enters a date, so the engine can name it instead of it vanishing.
    if iso is not None or parse_date(template.get("start")) is not None:
        drug["start"] = iso
    drug["stop"] = stop_from_cell(row["stop"], template.get("stop"))
    drug["previous_exposure"] = _EXPOSURE_BY_WORDS.get(row["previous_exposure"], "unknown")
    drug["continued_after_onset"] = _CONTINUED_BY_WORDS.get(row["continued_after_onset"])
    organ = row["organ_impairment_or_interaction"]
    drug["organ_impairment_or_interaction"] = False if _missing(organ) else bool(organ)
    half_life = row["half_life_hours"]
    drug["half_life_hours"] = None if _missing(half_life) else float(half_life)
    drug["notoriety"] = _NOTORIETY_BY_WORDS.get(row["notoriety"])
    blank = drug["name"] is None and drug["start"] is None and drug["stop"] is None
    return None if blank and not template else drug


def drug_from_fields(fields: dict[str, Any]) -> Drug | None:
    """One contract drug dict from one row of values as the table shows them (words for
    the selectbox columns, dates for the date columns): the same conversion as a table
    row, for inputs outside the table (the "Add a drug" form). None for a blank row."""
    row = pd.Series({column: fields.get(column) for column in COLUMNS}, dtype=object)
    row["organ_impairment_or_interaction"] = bool(fields.get("organ_impairment_or_interaction"))
    return _row_to_drug(row, {})


def _from_frame(frame: pd.DataFrame, base: list[Drug]) -> list[Drug]:
    drugs = []
    for index, row in frame.iterrows():
        # Existing rows keep their index label; added rows get labels past the base.
        position = int(index) if isinstance(index, int | float) else -1
        template = base[position] if 0 <= position < len(base) else {}
        drug = _row_to_drug(row, template)
        if drug is not None:
            drugs.append(drug)
    return drugs
