"""Drug names against the knowledge base: a search-as-you-type picker to add a known drug,
and "did you mean" for names the base does not know. Nothing is ever renamed without the
user's click: an unknown name keeps notoriety 0 (ALDEN "unknown")."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from knowledge.drugs import DrugCatalogue, DrugMatch, default_catalogue
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


def check(
    drugs: list[dict[str, Any]],
    *,
    key: str = "drugs_names",
    editor_key: str,
) -> None:
    """One message per unknown name, with a 'did you mean' button when a close match exists."""
    for position, drug in enumerate(drugs):
        name = drug.get("name")
        if not name:
            continue
        match = catalogue().lookup(name)
        if match.known:
            continue
        with st.container(border=True):
            if match.normalized_name:  # every component is known, the product is not
                st.warning(
                    f"Drug {position + 1}: '{escape(name)}' is not a curated combination product "
                    f"({match.normalized_name}). If these are separate drugs, enter each on "
                    "its own row.",
                    icon=":material/help:",
                )
                continue
            hint = f" Did you mean **{match.suggestion}**?" if match.suggestion else ""
            st.warning(
                f"Drug {position + 1}: '{escape(name)}' is not in the knowledge base, so ALDEN "
                f"notoriety is 0 (unknown) and no flags are checked for it.{hint}",
                icon=":material/help:",
            )
            new_name = suggested_name(match)
            if new_name:
                st.button(
                    f"Use {match.suggestion}",
                    key=f"{key}_use_{position}",
                    on_click=_use_name,
                    args=(position, new_name, editor_key),
                )
