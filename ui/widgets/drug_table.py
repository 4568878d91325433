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
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from knowledge.drugs import NOTORIETY_LABELS
from knowledge.i18n import LANGUAGES, Lang, tr
from scoring.alden import notoriety_text
from scoring.alden_input import drug_field_text, read_date
from scoring.bounds import MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from ui.i18n import lang, say, t

Drug = dict[str, Any]

# The choices of the selectbox columns and of the "Add a drug" form, as codes: the contract's
# `previous_exposure` (docs/cli-contract.md, alden input), a code for `continued_after_onset`
# (true means continued *without harm*: ALDEN dechallenge), the notoriety value with its sign.
# The form's widgets hold the codes (shown in the reader's words by `format_func`). The grid's
# cells hold the words themselves: its accessible copy of the table (what a screen reader
# reads) and a copied cell give a cell's value, not the label shown for it. A cell is read
# back in either language's words (or as a code), so an edit made before a language switch
# keeps its value.
PREVIOUS_EXPOSURE_CODES: tuple[str, ...] = (
    "unknown",
    "none",
    "tolerated",
    "sjs_ten_same_drug",
    "sjs_ten_similar_drug",
    "other_reaction_same_drug",
    "other_reaction_similar_drug",
)
CONTINUED_CODES: dict[bool | None, str] = {None: "unknown", False: "no", True: "yes"}
NOTORIETY_CODES: dict[int, str] = {
    value: f"{value:+d}" if value else "0" for value in sorted(NOTORIETY_LABELS, reverse=True)
}
_EXPOSURE_CODES: dict[str, str] = {code: code for code in PREVIOUS_EXPOSURE_CODES}


def previous_exposure_words(code: str, lang: Lang) -> str:
    # Module-level, not a lambda: a widget's format_func must pickle (session state). The
    # language is bound when the widget is drawn (`partial(..., lang=lang())`): a format
    # function is also called where no session is at hand (AppTest computes a widget's state
    # with it).
    return tr(f"drugs_page.exposure.{code}", lang)


def continued_words(code: str, lang: Lang) -> str:
    return tr(f"drugs_page.continued.{code}", lang)


def notoriety_words(code: str, lang: Lang) -> str:
    """The value and ALDEN's name of it: "+3 strongly associated"."""
    return f"{code} {notoriety_text(int(code), in_text=True).render(lang)}"


def still_taken_words() -> str:
    """The last intake of a drug still taken on the index day, in the reader's words."""
    return t(STILL_TAKEN_KEY)


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
# The last intake is typed text, a date or the words "still taken" (either language's): the
# grid would print an empty date cell as "None" (issue 22), and a date column cannot hold
# words. Empty cells of the other columns show empty (the editor's placeholder), never "None".
STILL_TAKEN_KEY = "drugs_page.still_taken"
STOP_MAX_CHARS = 20  # a date or the words, with room for a typo the engine then names
EMPTY_CELL = ""


def _column_config() -> dict[str, Any]:
    return {
        name: {**config, "width": COLUMN_WIDTHS[name]}
        for name, config in _column_config_words().items()
    }


def field_label(key: str) -> str:
    """A drug field as the engine names it on screen ("First intake" / "첫 복용일")."""
    return say(drug_field_text(key))


def _column_config_words() -> dict[str, Any]:
    cc = st.column_config
    reader = lang()
    return {
        "name": cc.TextColumn(
            t("drugs_page.col_name"),
            help=t("drugs_page.col_name_help"),
            required=True,
            max_chars=MAX_DRUG_NAME_CHARS,
        ),
        "start": cc.DateColumn(field_label("start"), format="YYYY-MM-DD"),
        "stop": cc.TextColumn(
            field_label("stop"),
            help=t("drugs_page.stop_help", still_taken=still_taken_words()),
            default=still_taken_words(),
            max_chars=STOP_MAX_CHARS,
        ),
        "previous_exposure": cc.SelectboxColumn(
            field_label("previous_exposure"),
            options=[previous_exposure_words(code, reader) for code in PREVIOUS_EXPOSURE_CODES],
            help=t("drugs_page.exposure_help"),
        ),
        "continued_after_onset": cc.SelectboxColumn(
            t("drugs_page.continued_label"),
            options=[continued_words(code, reader) for code in CONTINUED_CODES.values()],
            help=t("drugs_page.continued_help"),
        ),
        "organ_impairment_or_interaction": cc.CheckboxColumn(
            field_label("organ_impairment_or_interaction"), help=t("drugs_page.organ_help")
        ),
        "half_life_hours": cc.NumberColumn(
            t("drugs_page.half_life_label"),
            min_value=0.1,
            max_value=MAX_HALF_LIFE_HOURS,
            format="%g",
            help=t("drugs_page.half_life_help"),
        ),
        "notoriety": cc.SelectboxColumn(
            t("drugs_page.notoriety_label"),
            options=[notoriety_words(code, reader) for code in NOTORIETY_CODES.values()],
            help=t("drugs_page.notoriety_help"),
        ),
    }


# --- contract dicts <-> editor frame --------------------------------------------------------


def parse_date(value: Any) -> date | None:
    """A drug date as the engine reads it (scoring.alden_input.read_date); None for missing
    or unparsable (the engine names the unparsable ones)."""
    return read_date(value)


def _words(codes: dict[Any, str], value: Any, words: Callable[[str, Lang], str]) -> str | None:
    """The cell's words for a contract value, in the reader's language; None for a value
    that is not one (e.g. a list in an imported case), instead of a crash on an unhashable
    key."""
    code = codes.get(value) if isinstance(value, str | int | bool | None) else None
    return None if code is None else words(code, lang())


def _to_frame(drugs: list[Drug]) -> pd.DataFrame:
    rows = [
        {
            "name": d.get("name"),
            "start": parse_date(d.get("start")),
            "stop": stop_cell(d.get("stop")),
            "previous_exposure": _words(
                _EXPOSURE_CODES, d.get("previous_exposure") or "unknown", previous_exposure_words
            ),
            "continued_after_onset": _words(
                CONTINUED_CODES, d.get("continued_after_onset"), continued_words
            ),
            "organ_impairment_or_interaction": bool(d.get("organ_impairment_or_interaction")),
            "half_life_hours": d.get("half_life_hours"),
            "notoriety": _words(NOTORIETY_CODES, d.get("notoriety"), notoriety_words),
        }
        for d in drugs
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # Typed empty columns, so an empty table still offers date pickers and numbers.
    frame["start"] = frame["start"].astype(object)
    frame["stop"] = frame["stop"].astype(object)  # text: a date or "still taken"
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
    """The last-intake cell: the date, "still taken" in the reader's words for none, or empty
    for a loaded value that is no date (kept in the case until replaced; the engine names
    it)."""
    if stop is None:
        return still_taken_words()
    parsed = parse_date(stop)
    return parsed.isoformat() if parsed is not None else EMPTY_CELL


def _folded(text: str) -> str:
    return "".join(text.split()).casefold()


# "still taken" / "복용 중", any case and spacing ("Still Taken", "복용중"): read the same in
# either language, so a drug typed as still taken stays so after a language switch.
_STILL_TAKEN_FOLDED = frozenset(_folded(tr(STILL_TAKEN_KEY, lang)) for lang in LANGUAGES)


def stop_from_cell(cell: Any, before: Any = None) -> Any:
    """The contract's `stop` from the cell: None for "still taken" (either language, any case
    or spacing) or an empty cell, the ISO date, or the text as typed when it is no date, so
    the engine names it. An empty cell over a loaded value that is no date keeps that value
    (`before`) until replaced."""
    text = _iso(cell) or ""
    text = text.strip()
    if _folded(text) in _STILL_TAKEN_FOLDED:
        return None
    if not text:
        return before if before is not None and parse_date(before) is None else None
    parsed = parse_date(text)
    return parsed.isoformat() if parsed is not None else text


def _cells(
    codes: Iterable[Any], words: Callable[[Any, Lang], str], values: Iterable[Any]
) -> dict[str, Any]:
    """A cell's code or words (in either language) -> the contract value."""
    by_cell: dict[str, Any] = {}
    for code, value in zip(codes, values, strict=True):
        by_cell[code] = value
        for language in LANGUAGES:
            by_cell[words(code, language)] = value
    return by_cell


_EXPOSURE_BY_CELL = _cells(
    PREVIOUS_EXPOSURE_CODES, previous_exposure_words, PREVIOUS_EXPOSURE_CODES
)
_CONTINUED_BY_CELL = _cells(CONTINUED_CODES.values(), continued_words, CONTINUED_CODES)
_NOTORIETY_BY_CELL = _cells(NOTORIETY_CODES.values(), notoriety_words, NOTORIETY_CODES)


def _read(by_cell: dict[str, Any], cell: Any, default: Any = None) -> Any:
    return by_cell.get(cell, default) if isinstance(cell, str) else default


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
    drug["previous_exposure"] = _read(_EXPOSURE_BY_CELL, row["previous_exposure"], "unknown")
    drug["continued_after_onset"] = _read(_CONTINUED_BY_CELL, row["continued_after_onset"])
    organ = row["organ_impairment_or_interaction"]
    drug["organ_impairment_or_interaction"] = False if _missing(organ) else bool(organ)
    half_life = row["half_life_hours"]
    drug["half_life_hours"] = None if _missing(half_life) else float(half_life)
    drug["notoriety"] = _read(_NOTORIETY_BY_CELL, row["notoriety"])
    blank = drug["name"] is None and drug["start"] is None and drug["stop"] is None
    return None if blank and not template else drug


def drug_from_fields(fields: dict[str, Any]) -> Drug | None:
    """One contract drug dict from one row of values as the table holds them (words or
    codes for the selectbox columns, dates for the date columns): the same conversion as a
    table row, for inputs outside the table (the "Add a drug" form). None for a blank row."""
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
