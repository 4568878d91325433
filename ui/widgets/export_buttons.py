"""The exports of a case (chart note, FHIR bundle), on the Case and the Drugs page alike.
Each file is built from the case as it is on screen now and the run's one assessment of it
(reports.assessment). The case file itself is offered once, under one name, by the session
note at the top of both pages."""

from __future__ import annotations

import copy
import functools
from typing import Any

import streamlit as st

from reports.assessment import CaseAssessment
from reports.chart_note import chart_note
from reports.fhir import fhir_bundle_json
from ui.i18n import lang, t


def show(case: dict[str, Any], assessment: CaseAssessment, *, key_prefix: str) -> None:
    st.caption(t("case.exports_caption"))
    note, fhir = st.columns(2)
    frozen = copy.deepcopy(case)  # the files reflect what is on screen now
    result = assessment.result
    reader = lang()  # the files are written in the reader's language
    with note:
        st.download_button(
            t("case.download_note"),
            # Built on click, like the bundle: the note is not needed on every rerun.
            data=functools.partial(chart_note, frozen, assessment, lang=reader),
            file_name="sjsten-chart-note.txt",
            mime="text/plain",
            key=f"{key_prefix}_download_note",
            on_click="ignore",
        )
    with fhir:
        st.download_button(
            t("case.download_fhir", day=result.assessment_day),
            # Built on click only: validating the bundle is the slowest step of a run.
            data=functools.partial(fhir_bundle_json, frozen, assessment, lang=reader),
            file_name=f"sjsten-fhir-day{result.assessment_day}.json",
            mime="application/fhir+json",
            key=f"{key_prefix}_download_fhir",
            on_click="ignore",
            disabled=not result.valid,
            help=None if result.valid else t("case.download_fhir_disabled"),
        )
