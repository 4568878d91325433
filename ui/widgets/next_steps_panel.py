"""The Next steps panel: every step with its action, why it is shown and its sources.

The steps come from scoring.next_steps (pure rules over verified guideline statements);
this module only lays them out. Drug names inside steps are user text: escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from scoring.next_steps import NextStep, source_line
from ui.i18n import say, show_original, t
from ui.widgets.bedside_summary import drugs_link
from ui.widgets.markdown_text import escape


def _english(step: NextStep) -> dict[str, str]:
    """The step's title, action and why in English (escaped): the original it translates."""
    return {
        "title": escape(step.title.render("en")),
        "action": escape(step.action.render("en")),
        "why": escape(step.why.render("en")),
    }


def show(steps: Sequence[NextStep]) -> None:
    st.markdown("#### Next steps", anchors=False)  # no anchor link in the tab order
    st.caption(
        "From the inputs above and on the Drugs page, by rules over statements read in "
        "their sources: guidelines, consensus statements, reviews and agencies' own pages, "
        "each named under its step with its section and grade. They support, never "
        "replace, the team's judgement."
    )
    for number, step in enumerate(steps, start=1):
        with st.container(border=True):
            st.markdown(f"**{number}. {escape(say(step.title))}**")
            st.markdown(escape(say(step.action)))
            st.caption(f"Why shown: {escape(say(step.why))}")
            if show_original():  # "원문 보기": the verified English beside the Korean
                st.caption(t("next_steps.original", **_english(step)))
            if step.link_drugs_page:
                drugs_link("Drugs page")
            with st.expander("Source, section and grade"):
                for source in step.sources:
                    st.markdown(f"**{escape(say(source_line(source)))}**")
                    st.markdown(f"> {escape(source.text)}")
                    st.caption(
                        f"{escape(source.citation)} · {escape(say(source.verified))} · "
                        f"checked {source.date_checked}"
                    )
