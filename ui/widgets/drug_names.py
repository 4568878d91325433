"""Drug names against the knowledge base: a search-as-you-type picker to add a known drug,
and "did you mean" for names the base does not know. Nothing is ever renamed without the
user's click: an unknown name keeps notoriety 0 (ALDEN "unknown").

Korean names find their drug (knowledge.drugs: 라모트리진 is lamotrigine) wherever a name is
matched: typed in the table or the form, and, for a Korean reader, in the picker, which lists
each generic with its Korean name and the other Korean spellings as "알로퓨리놀 (allopurinol)".
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

import streamlit as st

from knowledge.drugs import DrugCatalogue, DrugMatch, default_catalogue, korean_name
from knowledge.i18n import Lang
from reports.text_safety import has_control_characters
from scoring.bounds import MAX_DRUG_NAME_CHARS
from ui.i18n import lang, t
from ui.state import get_case
from ui.widgets import drug_table
from ui.widgets.markdown_text import escape


def catalogue() -> DrugCatalogue:
    # default_catalogue() loads the static YAML once (lru_cache in knowledge/); no patient
    # data is involved.
    return default_catalogue()


def picker_options() -> list[str]:
    """Generic names, then 'Brand (generic)' so a brand search finds its generic; for a
    Korean reader, then each other Korean spelling as 'spelling (generic)' (the generic's
    own Korean name is shown beside it: `picker_label`)."""
    entries = catalogue().entries
    generics = sorted(e.name for e in entries)
    brands = sorted(f"{alias} ({e.name})" for e in entries for alias in e.aliases)
    korean_names = catalogue().korean
    if lang() != "ko" or korean_names is None:
        return generics + brands
    korean = sorted(
        f"{spelling} ({names.drug})"
        for names in korean_names.entries
        for spelling in names.spellings
        if spelling != names.korean
    )
    return generics + brands + korean


def picker_label(option: str, lang: Lang) -> str:
    """An option as shown: a generic with its Korean name for a Korean reader
    ("lamotrigine (라모트리진)"), any other option as it is."""
    # Module-level, the language bound when drawn (see drug_table.previous_exposure_words).
    korean = korean_name(option) if lang == "ko" else None
    return f"{option} ({korean})" if korean else option


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
        t("drugs_page.picker_label"),
        options=picker_options(),
        format_func=partial(picker_label, lang=lang()),
        index=None,
        placeholder=t("drugs_page.picker_placeholder"),
        key=key,
        on_change=_add_drug,
        args=(key, editor_key),
        help=t("drugs_page.picker_help"),
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


def match_text(match: DrugMatch) -> str | None:
    """How a known name was matched, in the reader's words ("'Lamictal' is lamotrigine.",
    "lamotrigine의 한글 표기: '라모트리진'."); None for the generic name itself."""
    if not match.known or match.kind in ("", "generic"):
        return None
    key = "drugs_page.match_korean" if match.kind == "korean" else "drugs_page.match_alias"
    return t(key, written=escape(match.written), name=escape(match.normalized_name or ""))


def _name_notice(position: int, name: str, *, button_key: str, editor_key: str) -> None:
    """The message for an unknown name, with a 'did you mean' button for a close match."""
    match = catalogue().lookup(name)
    if match.known:
        return
    with st.container(border=True):
        if match.kind == "uncurated_combination":  # every component is known, the product not
            st.warning(
                t(
                    "drugs_page.not_curated_combination",
                    number=position + 1,
                    name=escape(name),
                    components=escape(match.normalized_name or ""),
                ),
                icon=":material/help:",
            )
            return
        did_you_mean = (
            t("drugs_page.did_you_mean", suggestion=escape(match.suggestion))
            if match.suggestion
            else ""
        )
        st.warning(
            t(
                "drugs_page.not_in_knowledge_base",
                number=position + 1,
                name=escape(name),
                did_you_mean=did_you_mean,
            ),
            icon=":material/help:",
        )
        new_name = suggested_name(match)
        if new_name:
            st.button(
                t("drugs_page.use_suggestion", suggestion=match.suggestion),
                key=button_key,
                on_click=_use_name,
                args=(position, new_name, editor_key),
            )


def _control_character_problem(name: object) -> bool:
    return isinstance(name, str) and has_control_characters(name)


def refuse_control_characters(drugs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's drugs with every name holding a control character (a line break, NUL,
    an escape code) refused: an error names the row, and the name stays out of the case
    (so out of ALDEN and the exports) until it is typed on one line."""
    kept = []
    for position, drug in enumerate(drugs, start=1):
        if _control_character_problem(drug.get("name")):
            message = t(
                "drugs_page.name_refused_in_row",
                number=position,
                label=t("drugs_page.name_label"),
                problem=t("case.import_control_character"),
            )
            st.error(escape(message), icon=":material/error:")
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

# The form asks for every column of the table except the two overrides of the knowledge
# base (half-life, notoriety), which are edited in the table. Keyed widgets, so a language
# switch keeps what was typed; the choices are the table's codes, shown in the reader's words.
FORM_FIELDS = tuple(c for c in drug_table.COLUMNS if c not in ("half_life_hours", "notoriety"))
DATE_FIELDS = ("start", "stop")


def _form_keys(prefix: str) -> dict[str, str]:
    return {field: f"{prefix}_{field}" for field in FORM_FIELDS}


def option_keys(prefix: str = "drugs_form") -> tuple[str, ...]:
    """The form's option widgets (to send again in the reader's words after a switch)."""
    keys = _form_keys(prefix)
    return (keys["previous_exposure"], keys["continued_after_onset"])


def _form_defaults() -> dict[str, Any]:
    return {
        "name": "",
        "start": "",
        "stop": "",
        "previous_exposure": "unknown",
        "continued_after_onset": drug_table.CONTINUED_CODES[None],
        "organ_impairment_or_interaction": False,
    }


def _submit_form(prefix: str, editor_key: str) -> None:
    # Runs before the next render: the only time the form's widgets may be reset. What went
    # wrong is kept as data and worded when shown (`_form_message`).
    keys = _form_keys(prefix)
    values = {field: st.session_state.get(key) for field, key in keys.items()}
    missing = [
        field
        for field in ("name", "start")
        if not values[field] or (field == "name" and not str(values[field]).strip())
    ]
    if missing:
        st.session_state[f"{prefix}_message"] = {"missing": "_".join(missing)}
        return  # the fields keep what was typed
    if _control_character_problem(values["name"]):
        st.session_state[f"{prefix}_message"] = {"bad_name": True}
        return
    for field in DATE_FIELDS:
        typed = str(values[field] or "").strip()
        values[field] = drug_table.parse_date(typed) if typed else None
        if typed and values[field] is None:
            st.session_state[f"{prefix}_message"] = {"bad_date": (field, typed)}
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


def _form_error(message: dict[str, Any]) -> str | None:
    """What kept the drug out, in the reader's words; None when it was added."""
    if "missing" in message:
        return t(f"drugs_page.form_missing_{message['missing']}")
    if "bad_name" in message:
        return t(
            "drugs_page.name_refused",
            label=t("drugs_page.name_label"),
            problem=t("case.import_control_character"),
        )
    if "bad_date" in message:
        field, typed = message["bad_date"]
        return t("drugs_page.form_not_a_date", field=drug_table.field_label(field), value=typed)
    return None


def _form_message(prefix: str, editor_key: str) -> None:
    """After a submit: what was added (how its name was matched, and 'did you mean' for an
    unknown name), or what is missing. Shown on the run right after the submit only."""
    message = st.session_state.pop(f"{prefix}_message", None)
    if not message:
        return
    error = _form_error(message)
    if error is not None:
        st.error(escape(error), icon=":material/error:")
        return
    position = message["added"]
    drugs = get_case()["drugs"]
    if not 0 <= position < len(drugs):
        return
    name = drugs[position].get("name") or ""
    st.success(
        t("drugs_page.form_added", number=position + 1, name=escape(name)),
        icon=":material/check:",
    )
    matched = match_text(catalogue().lookup(name))
    if matched:
        st.caption(matched)
    _name_notice(position, name, button_key=f"{prefix}_use", editor_key=editor_key)


def show_form(*, key: str = "drugs_form", editor_key: str) -> None:
    """An "Add a drug" form above the table; submitting appends one contract drug dict to
    the case, converted exactly as a table row is (drug_table.drug_from_fields)."""
    keys = _form_keys(key)
    for field, value in _form_defaults().items():
        if keys[field] not in st.session_state:
            st.session_state[keys[field]] = value
    with st.form(key, border=True, enter_to_submit=False):
        st.markdown(f"**{t('drugs_page.form_title')}**")
        name_col, start_col, stop_col = st.columns([1.5, 1, 1.5])
        name_col.text_input(
            t("drugs_page.form_name_label"),
            key=keys["name"],
            placeholder=t("drugs_page.form_name_placeholder"),
            help=t("drugs_page.form_name_help", max=MAX_DRUG_NAME_CHARS),
            max_chars=MAX_DRUG_NAME_CHARS,
        )
        # Plain text, not a date picker: a typed full date must not leave a calendar open
        # over the next field. Checked on "Add drug" (names the field if it is no date).
        start_col.text_input(
            drug_table.field_label("start"),
            key=keys["start"],
            placeholder=t("drugs_page.date_placeholder"),
        )
        stop_col.text_input(
            t("drugs_page.form_stop_label", field=drug_table.field_label("stop")),
            key=keys["stop"],
            placeholder=t("drugs_page.form_stop_placeholder"),
            help=t("drugs_page.form_stop_help"),
        )
        exposure_col, continued_col = st.columns([1, 1])
        exposure_col.selectbox(
            drug_table.field_label("previous_exposure"),
            options=drug_table.PREVIOUS_EXPOSURE_CODES,
            format_func=partial(drug_table.previous_exposure_words, lang=lang()),
            key=keys["previous_exposure"],
            help=t("drugs_page.exposure_help"),
        )
        continued_col.radio(
            t("drugs_page.continued_label"),
            options=tuple(drug_table.CONTINUED_CODES.values()),
            format_func=partial(drug_table.continued_words, lang=lang()),
            key=keys["continued_after_onset"],
            help=t("drugs_page.continued_help"),
        )
        # Every field ALDEN uses is in the form (the table adds only the expert overrides).
        st.checkbox(
            drug_table.field_label("organ_impairment_or_interaction"),
            key=keys["organ_impairment_or_interaction"],
            help=t("drugs_page.organ_help"),
        )
        st.form_submit_button(
            t("drugs_page.form_submit"),
            key=f"{key}_submit",
            type="primary",
            on_click=_submit_form,
            args=(key, editor_key),
        )
    _form_message(key, editor_key)
