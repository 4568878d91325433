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
    # No anchor link in the tab order.
    st.markdown(f"#### {t('case.next_steps')}", anchors=False)
    st.caption(t("case.next_steps_caption"))
    for number, step in enumerate(steps, start=1):
        with st.container(border=True):
            st.markdown(f"**{number}. {escape(say(step.title))}**")
            st.markdown(escape(say(step.action)))
            st.caption(t("case.why_shown", why=escape(say(step.why))))
            if show_original():  # "원문 보기": the verified English beside the Korean
                st.caption(t("next_steps.original", **_english(step)))
            if step.link_drugs_page:
                drugs_link(t("case.drugs_page"))
            with st.expander(t("case.step_sources")):
                for source in step.sources:
                    # Sources stay as published: guideline, section, grade, quotation.
                    st.markdown(f"**{escape(say(source_line(source)))}**")
                    st.markdown(f"> {escape(source.text)}")
                    st.caption(
                        t(
                            "case.step_source_caption",
                            citation=escape(source.citation),
                            verified=escape(say(source.verified)),
                            date=source.date_checked,
                        )
                    )
