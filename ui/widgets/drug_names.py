"""Drug names against the knowledge base: a search-as-you-type picker to add a known drug,
and "did you mean" for names the base does not know. Nothing is ever renamed without the
user's click: an unknown name keeps notoriety 0 (ALDEN "unknown")."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from knowledge.drugs import DrugCatalogue, DrugMatch, default_catalogue
from reports.text_safety import control_character_problem
from scoring.bounds import MAX_DRUG_NAME_CHARS
from scoring.screen_labels import DRUG_FIELD_LABELS
from ui.state import get_case
from ui.widgets import drug_table
from ui.widgets.markdown_text import escape


def catalogue() -> DrugCatalogue:
    # default_catalogue() loads the static YAML once (lru_cache in knowledge/); no patient
    # data is involved.
    return default_catalogue()


def picker_options() -> list[str]:
    """Generic names, then 'Brand (generic)' so a brand search finds its generic."""
    entries = catalogue().entries
    generics = sorted(e.name for e in entries)
    brands = sorted(f"{alias} ({e.name})" for e in entries for alias in e.aliases)
    return generics + brands


def _generic_of(option: str) -> str:
    return option.rsplit(" (", 1)[1].rstrip(")") if option.endswith(")") else option


def _add_drug(key: str, editor_key: str) -> None:
    # The case is looked up at call time: it may have been replaced since the last run.
    case = get_case()
    option = st.session_state.get(key)
    if not option:
        return
    case["drugs"].append({**copy.deepcopy(drug_table.DEFAULT_DRUG), "name": _generic_of(option)})
    st.session_state[key] = None  # ready for the next drug
    drug_table.reset(editor_key)


def show_picker(*, key: str = "drugs_add", editor_key: str) -> None:
    """Selectbox of known drugs; choosing one appends a row to the table."""
    st.selectbox(
        "Add a drug from the knowledge base",
        options=picker_options(),
        index=None,
        placeholder="Type a generic or brand name…",
        key=key,
        on_change=_add_drug,
        args=(key, editor_key),
        help="Or type any name straight into the table; unknown names are checked below it.",
    )


def _use_name(position: int, name: str, editor_key: str) -> None:
    case = get_case()
    if 0 <= position < len(case["drugs"]):
        case["drugs"][position]["name"] = name
    drug_table.reset(editor_key)


def suggested_name(match: DrugMatch) -> str | None:
    """The name to put in the table for a suggestion such as 'Lamictal (lamotrigine)'."""
    if not match.suggestion:
        return None
    return match.suggestion.split(" (", 1)[0]


def _name_notice(position: int, name: str, *, button_key: str, editor_key: str) -> None:
    """The message for an unknown name, with a 'did you mean' button for a close match."""
    match = catalogue().lookup(name)
    if match.known:
        return
    with st.container(border=True):
        if match.normalized_name:  # every component is known, the product is not
            st.warning(
                f"Drug {position + 1}: '{escape(name)}' is not a curated combination product "
                f"({escape(match.normalized_name)}). If these are separate drugs, enter each on "
                "its own row.",
                icon=":material/help:",
            )
            return
        hint = f" Did you mean **{escape(match.suggestion)}**?" if match.suggestion else ""
        st.warning(
            f"Drug {position + 1}: '{escape(name)}' is not in the knowledge base, so ALDEN "
            f"notoriety is 0 (unknown) and no flags are checked for it.{hint}",
            icon=":material/help:",
        )
        new_name = suggested_name(match)
        if new_name:
            st.button(
                f"Use {match.suggestion}",
                key=button_key,
                on_click=_use_name,
                args=(position, new_name, editor_key),
            )


def refuse_control_characters(drugs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's drugs with every name holding a control character (a line break, NUL,
    an escape code) refused: an error names the row, and the name stays out of the case
    (so out of ALDEN and the exports) until it is typed on one line."""
    kept = []
    for position, drug in enumerate(drugs, start=1):
        problem = control_character_problem(f"Drug {position}: {NAME_LABEL}", drug.get("name"))
        if problem:
            st.error(f"{escape(problem)} It is left out until corrected.", icon=":material/error:")
            drug = {**drug, "name": None}
        kept.append(drug)
    return kept


def check(
    drugs: list[dict[str, Any]],
    *,
    key: str = "drugs_names",
    editor_key: str,
) -> None:
    """One message per unknown name, with a 'did you mean' button when a close match exists."""
    for position, drug in enumerate(drugs):
        name = drug.get("name")
        if name:
            _name_notice(position, name, button_key=f"{key}_use_{position}", editor_key=editor_key)


# --- "Add a drug" form: every field labelled, dates typed or picked, no canvas grid ---------

NAME_LABEL = "Drug name"
STILL_TAKEN_HELP = "Leave empty if the drug was still taken on the index day."
DATE_LABELS = {
    "start": DRUG_FIELD_LABELS["start"],
    "stop": f"{DRUG_FIELD_LABELS['stop']} (empty = still taken on the index day)",
}


# The form asks for every column of the table except the two overrides of the knowledge
# base (half-life, notoriety), which are edited in the table.
FORM_FIELDS = tuple(c for c in drug_table.COLUMNS if c not in ("half_life_hours", "notoriety"))


def _form_keys(prefix: str) -> dict[str, str]:
    return {field: f"{prefix}_{field}" for field in FORM_FIELDS}


def _form_defaults() -> dict[str, Any]:
    return {
        "name": "",
        "start": "",
        "stop": "",
        "previous_exposure": drug_table.PREVIOUS_EXPOSURE_WORDS["unknown"],
        "continued_after_onset": drug_table.CONTINUED_WORDS[None],
        "organ_impairment_or_interaction": False,
    }


def _submit_form(prefix: str, editor_key: str) -> None:
    # Runs before the next render: the only time the form's widgets may be reset.
    keys = _form_keys(prefix)
    values = {field: st.session_state.get(key) for field, key in keys.items()}
    missing = [
        label
        for field, label in (("name", "the drug's name"), ("start", "the first intake"))
        if not values[field] or (field == "name" and not str(values[field]).strip())
    ]
    if missing:
        st.session_state[f"{prefix}_message"] = {"missing": " and ".join(missing)}
        return  # the fields keep what was typed
    refused = control_character_problem(NAME_LABEL, values["name"])
    if refused:
        st.session_state[f"{prefix}_message"] = {"bad_name": refused}
        return
    for field in ("start", "stop"):
        typed = str(values[field] or "").strip()
        values[field] = drug_table.parse_date(typed) if typed else None
        if typed and values[field] is None:
            st.session_state[f"{prefix}_message"] = {
                "bad_date": f"{DATE_LABELS[field].split(' (')[0]}: '{typed}' is not a date; "
                "type it as YYYY-MM-DD (e.g. 2024-03-01)."
            }
            return
    drug = drug_table.drug_from_fields(values)
    if drug is None:
        return
    case = get_case()
    case["drugs"].append(drug)
    drug_table.reset(editor_key)  # the table reseeds from the case, with the new row
    st.session_state[f"{prefix}_message"] = {"added": len(case["drugs"]) - 1}
    for field, value in _form_defaults().items():
        st.session_state[keys[field]] = value


def _form_message(prefix: str, editor_key: str) -> None:
    """After a submit: what was added (and 'did you mean' for an unknown name), or what is
    missing. Shown on the run right after the submit only."""
    message = st.session_state.pop(f"{prefix}_message", None)
    if not message:
        return
    if "missing" in message:
        st.error(f"Enter {message['missing']} to add the drug.", icon=":material/error:")
        return
    for kind in ("bad_date", "bad_name"):
        if kind in message:
            st.error(escape(message[kind]), icon=":material/error:")
            return
    position = message["added"]
    drugs = get_case()["drugs"]
    if not 0 <= position < len(drugs):
        return
    name = drugs[position].get("name") or ""
    st.success(f"Added drug {position + 1}: '{escape(name)}'.", icon=":material/check:")
    _name_notice(position, name, button_key=f"{prefix}_use", editor_key=editor_key)


def show_form(*, key: str = "drugs_form", editor_key: str) -> None:
    """An "Add a drug" form above the table; submitting appends one contract drug dict to
    the case, converted exactly as a table row is (drug_table.drug_from_fields)."""
    keys = _form_keys(key)
    for field, value in _form_defaults().items():
        if keys[field] not in st.session_state:
            st.session_state[keys[field]] = value
    with st.form(key, border=True, enter_to_submit=False):
        st.markdown("**Add a drug**")
        name_col, start_col, stop_col = st.columns([1.5, 1, 1.5])
        name_col.text_input(
            "Drug name (generic or brand)",
            key=keys["name"],
            placeholder="e.g. lamotrigine or Lamictal",
            help=(
                "One drug per entry; enter combination products as sold. "
                f"At most {MAX_DRUG_NAME_CHARS} characters."
            ),
            max_chars=MAX_DRUG_NAME_CHARS,
        )
        # Plain text, not a date picker: a typed full date must not leave a calendar open
        # over the next field. Checked on "Add drug" (names the field if it is no date).
        start_col.text_input(
            DATE_LABELS["start"],
            key=keys["start"],
            placeholder="YYYY-MM-DD",
        )
        stop_col.text_input(
            DATE_LABELS["stop"],
            key=keys["stop"],
            placeholder="YYYY-MM-DD (empty = still taken)",
            help=STILL_TAKEN_HELP,
        )
        exposure_col, continued_col = st.columns([1, 1])
        exposure_col.selectbox(
            DRUG_FIELD_LABELS["previous_exposure"],
            options=list(drug_table.PREVIOUS_EXPOSURE_WORDS.values()),
            key=keys["previous_exposure"],
            help=drug_table.PREVIOUS_EXPOSURE_HELP,
        )
        continued_col.radio(
            "Continued after onset without harm?",
            options=list(drug_table.CONTINUED_WORDS.values()),
            key=keys["continued_after_onset"],
            help=drug_table.CONTINUED_HELP,
        )
        # Every field ALDEN uses is in the form (the table adds only the expert overrides).
        st.checkbox(
            DRUG_FIELD_LABELS["organ_impairment_or_interaction"],
            key=keys["organ_impairment_or_interaction"],
            help=drug_table.ORGAN_HELP,
        )
        st.form_submit_button(
            "Add drug",
            key=f"{key}_submit",
            type="primary",
            on_click=_submit_form,
            args=(key, editor_key),
        )
    _form_message(key, editor_key)
