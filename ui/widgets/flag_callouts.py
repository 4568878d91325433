"""Drug flags as callouts, each with its source: high-risk drugs, lamotrigine risk
factors (valproate first), HLA notes. Flags inform; they never change a score.

A flag's words are the engine's `Text` (knowledge/data/messages/flags.yaml, with the HLA notes'
Korean from drugs.yaml), rendered in the reader's language; with "원문 보기" on, the English
original follows the Korean. Sources are citations and stay as published."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from scoring.drug_flags import DrugFlag
from ui.i18n import say, show_original, t
from ui.widgets.markdown_text import escape

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lamotrigine", ("lamotrigine_valproate", "lamotrigine_recent_start", "lamotrigine_child",
                     "lamotrigine_dosing")),
    ("high_risk", ("high_risk",)),
    ("hla", ("hla",)),
)  # fmt: skip


def body(flag: DrugFlag, *, with_source: bool = True) -> str:
    """Callout text: title, message, source, and 'unverified' when the fact is."""
    # Allele names ("HLA-B*15:02") and typed drug names must not turn into markdown.
    title = escape(t(f"flags.title.{flag.kind}"))
    if flag.hla_allele:
        title = f"{title}: {escape(flag.normalized_name or flag.drug)}, {escape(flag.hla_allele)}"
    # The message is curated text, shown whole (escape's length cap is for typed text: it cut
    # the end of the longest HLA notes).
    text = f"**{title}.** {escape(say(flag.message), max_chars=None)}"
    if show_original():
        english = t("flags.original", text=flag.message.render("en"))
        text += "\n\n" + escape(english, max_chars=None)
    if flag.source and with_source:
        text += "\n\n" + t("flags.source_line", source=escape(flag.source))
    if not flag.verified:
        text += f"\n\n*{escape(t('flags.not_verified'))}*"
    return text


def _callout(flag: DrugFlag) -> None:
    # The answer first; its source one click away (collapsed), never dropped.
    text = body(flag, with_source=False)
    if flag.severity == "alert":
        st.warning(text, icon=":material/warning:")
    else:
        st.info(text, icon=":material/info:")
    if flag.source:
        with st.expander(t("flags.source")):
            st.caption(escape(flag.source))


def show(flags: Sequence[DrugFlag]) -> None:
    """Grouped callouts; unknown-drug flags are left to the name check above the table."""
    shown = [f for f in flags if f.kind != "unknown_drug"]
    if not shown:
        st.caption(t("flags.none"))
        return
    for group, kinds in GROUPS:
        in_group = [f for f in shown if f.kind in kinds]
        if not in_group:
            continue
        st.markdown(f"**{escape(t(f'flags.group.{group}'))}**")
        for flag in sorted(in_group, key=lambda f: kinds.index(f.kind)):
            _callout(flag)
    other = [f for f in shown if not any(f.kind in kinds for _, kinds in GROUPS)]
    for flag in other:
        _callout(flag)
