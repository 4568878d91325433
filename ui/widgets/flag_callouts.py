"""Drug flags as callouts, each with its source: high-risk drugs, lamotrigine risk
factors (valproate first), HLA notes. Flags inform; they never change a score."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from scoring.drug_flags import DrugFlag
from ui.widgets.markdown_text import escape

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lamotrigine", ("lamotrigine_valproate", "lamotrigine_recent_start", "lamotrigine_child",
                     "lamotrigine_dosing")),
    ("High-risk drugs", ("high_risk",)),
    ("HLA notes (guideline and populations)", ("hla",)),
)  # fmt: skip
TITLES: dict[str, str] = {
    "lamotrigine_valproate": "Lamotrigine with valproate",
    "lamotrigine_recent_start": "Lamotrigine started recently",
    "lamotrigine_child": "Lamotrigine in a child",
    "lamotrigine_dosing": "Lamotrigine dose and titration",
    "high_risk": "High-risk drug",
    "hla": "HLA association",
}


def body(flag: DrugFlag, *, with_source: bool = True) -> str:
    """Callout text: title, message, source, and 'unverified' when the fact is."""
    # Allele names ("HLA-B*15:02") and typed drug names must not turn into markdown.
    title = escape(TITLES.get(flag.kind, flag.kind))
    if flag.hla_allele:
        title = f"{title}: {escape(flag.normalized_name or flag.drug)}, {escape(flag.hla_allele)}"
    text = f"**{title}.** {escape(flag.message)}"
    if flag.source and with_source:
        text += f"\n\nSource: {escape(flag.source)}"
    if not flag.verified:
        text += "\n\n*Not verified in the primary source.*"
    return text


def _callout(flag: DrugFlag) -> None:
    # The answer first; its source one click away (collapsed), never dropped.
    text = body(flag, with_source=False)
    if flag.severity == "alert":
        st.warning(text, icon=":material/warning:")
    else:
        st.info(text, icon=":material/info:")
    if flag.source:
        with st.expander("Source"):
            st.caption(escape(flag.source))


def show(flags: Sequence[DrugFlag]) -> None:
    """Grouped callouts; unknown-drug flags are left to the name check above the table."""
    shown = [f for f in flags if f.kind != "unknown_drug"]
    if not shown:
        st.caption("No flags for the drugs entered.")
        return
    for title, kinds in GROUPS:
        group = [f for f in shown if f.kind in kinds]
        if not group:
            continue
        st.markdown(f"**{title}**")
        for flag in sorted(group, key=lambda f: kinds.index(f.kind)):
            _callout(flag)
    other = [f for f in shown if not any(f.kind in kinds for _, kinds in GROUPS)]
    for flag in other:
        _callout(flag)
