"""Cohort page: how SCORTEN performs in your own unit.

Thin: an uploaded CSV (or the synthetic demo cohort) -> cohort.upload.score_upload ->
scoring.cohort_stats.cohort_report -> render. The file's bytes live in st.session_state
only (never st.cache_*, never the URL, never on disk) and leave it only by the download.
A file that cannot be used leaves nothing behind but the message saying why.
"""

from __future__ import annotations

import functools

import streamlit as st

from cohort.demo import SYNTHETIC_NOTE, demo_cohort
from cohort.scored_download import scored_csv_with_inputs
from cohort.upload import (
    MAX_ROWS,
    MAX_UPLOAD_MB,
    ROW_COUNTING_NOTE,
    ScoredUpload,
    UploadError,
    release_memory,
    report_rows,
    score_upload,
    warning_rows,
)
from reports.wording import CALIBRATION_NOTE, fmt_pct
from scoring import scorten
from scoring.cohort_stats import (
    BOOTSTRAP_REFERENCE,
    CLOPPER_PEARSON_REFERENCE,
    CohortReport,
    Interval,
)
from scoring.cohort_stats import cohort_report as build_report
from scoring.screen_labels import on_screen, on_screen_rows
from ui.widgets import disclaimer
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.cohort_charts import calibration_figure, roc_figure
from ui.widgets.markdown_text import escape

COHORT_KEY = "cohort"  # {"name": str, "data": bytes, "synthetic": bool}
ERROR_KEY = "cohort_error"
UPLOAD_KEY = "cohort_upload"
DEMO_KEY = "cohort_load_demo"
CLEAR_KEY = "cohort_clear"
DOWNLOAD_KEY = "cohort_download"
# Counts the files stored this session: the results of each sit in a container keyed by
# it, so a new file's container replaces the previous file's charts at once instead of
# leaving them on screen while the new figures are computed (issue 22).
SERIAL_KEY = "cohort_serial"
RESULTS_KEY_PREFIX = "cohort_results_"


# --- callbacks: they run before the next render ------------------------------------------


def _store(name: str, data: bytes, synthetic: bool) -> None:
    """Keep a file only if it can be used; otherwise keep only the message (no partial state)."""
    st.session_state.pop(COHORT_KEY, None)
    st.session_state.pop(ERROR_KEY, None)
    try:
        score_upload(data)
    except UploadError as exc:
        st.session_state[ERROR_KEY] = f"{escape(name)}: {escape(exc)}"  # both quote the file
        return
    serial = st.session_state.get(SERIAL_KEY, 0) + 1
    st.session_state[SERIAL_KEY] = serial
    st.session_state[COHORT_KEY] = {
        "name": name,
        "data": data,
        "synthetic": synthetic,
        "serial": serial,
    }


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    _store(uploaded.name, uploaded.getvalue(), synthetic=False)


def _load_demo() -> None:
    name, data = demo_cohort()
    _store(name, data, synthetic=True)


def _clear() -> None:
    for key in (COHORT_KEY, ERROR_KEY):
        st.session_state.pop(key, None)
    release_memory()  # the forgotten cohort's memory goes back to the system (issue 21)


# --- text ---------------------------------------------------------------------------------


def interval_text(interval: Interval, digits: int) -> str:
    return (
        f"{interval.estimate:.{digits}f} "
        f"(95 % CI {interval.low:.{digits}f}-{interval.high:.{digits}f})"
    )


def equation_text(intercept: float, slope: float) -> str:
    sign = "+" if slope >= 0 else "-"
    return f"logit = {intercept:.3f} {sign} {abs(slope):.3f} × SCORTEN"


# --- rendering ----------------------------------------------------------------------------


def _inputs() -> None:
    st.markdown(
        "Upload a CSV with one row per patient: the `score` fields (`age_years`, "
        "`heart_rate_bpm`, `malignancy`, `bsa_detached_pct`, `urea_mmol_l` or `bun_mg_dl`, "
        "`bicarbonate_mmol_l`, `glucose_mmol_l` or `glucose_mg_dl`; optional `id`) and "
        "`died` (true/false, yes/no or 1/0: death in hospital or within 30 days, as your "
        "cohort defines it). Code `malignancy` the same way: true/yes/1 for an active solid "
        "or haematological malignancy, false/no/0 for none, an empty cell if not known "
        "(never counted as no). The same rules as `python -m scoring validate` apply."
    )
    st.caption(
        f"Limits: {MAX_UPLOAD_MB} MB and {MAX_ROWS:,} rows per file. "
        "A larger file is marked red in the box below and not read. "
        "The file is kept only in this browser session's memory and is discarded when you "
        "clear it or close the tab."
    )
    st.file_uploader(
        "Upload a cohort CSV",
        type=["csv"],
        key=UPLOAD_KEY,
        on_change=_on_upload,
        max_upload_size=MAX_UPLOAD_MB,
    )
    left, right = st.columns(2)
    left.button("Load the synthetic demo cohort", key=DEMO_KEY, on_click=_load_demo)
    right.button("Clear cohort", key=CLEAR_KEY, on_click=_clear)


def _summary(upload: ScoredUpload) -> None:
    deaths = int(upload.cohort.died.sum())
    left_out = upload.n - int(upload.cohort.died.size)
    cols = st.columns(4)
    cols[0].metric("Rows read", f"{upload.n:,}")
    cols[1].metric("Scored", f"{upload.cohort.died.size:,}")
    cols[2].metric("Deaths among scored", f"{deaths:,}")
    cols[3].metric("Left out", f"{left_out:,}")
    if upload.ignored_columns:
        unused = ", ".join(escape(c) for c in upload.ignored_columns)  # the file's own names
        st.caption(f"Columns not used: {unused}.")
    with st.expander(f"Rows not scored ({len(upload.report):,})", expanded=bool(upload.report)):
        if upload.report:
            st.caption(ROW_COUNTING_NOTE)
            rows = on_screen_rows(report_rows(upload), with_key=True)
            st.dataframe(rows, hide_index=True, width="stretch")
        else:
            st.write("Every row was scored.")
    if upload.warnings:
        # On the page, not only in the download: a warning can change how a row is read.
        with st.expander(
            f"Scored rows with a warning ({upload.warnings:,})", expanded=upload.warnings <= 20
        ):
            st.caption(
                "Scored all the same (for example a value exactly at a cut-off). "
                f"{ROW_COUNTING_NOTE} The download's `warnings` column repeats them."
            )
            st.dataframe(warning_rows(upload), hide_index=True, width="stretch")


def _metrics(report: CohortReport) -> None:
    figs = report.figures
    cols = st.columns(4)
    cols[0].metric("AUROC", f"{report.auroc.estimate:.3f}")
    cols[0].caption(interval_text(report.auroc, 3))
    cols[1].metric("O/E ratio", f"{report.o_e_ratio.estimate:.2f}")
    cols[1].caption(interval_text(report.o_e_ratio, 2))
    cols[2].metric("Observed mortality", fmt_pct(figs["observed_mortality"]))
    cols[2].caption(f"expected {fmt_pct(figs['expected_mortality'])} (SCORTEN equation)")
    cols[3].metric("Brier score", f"{figs['brier']:.3f}")
    cols[3].caption("mean squared error of the prediction; lower is better")
    st.caption(CALIBRATION_NOTE)


def _equations(report: CohortReport) -> None:
    st.subheader("Recalibrated equation")
    left, right = st.columns(2)
    left.markdown("**Original (Bastuji-Garin 2000)**")
    left.code(equation_text(scorten.LOGIT_INTERCEPT, scorten.LOGIT_SLOPE), language=None)
    right.markdown("**This cohort (maximum likelihood)**")
    recalibrated = report.figures["recalibrated"]
    # Why the equation has no estimate, or why it cannot be trusted (issue 15).
    doubts = [escape(message) for message in report.figures.get("warnings", [])]
    if recalibrated is None:
        right.info("Not estimable: " + (" ".join(doubts) or "no maximum-likelihood estimate."))
    elif doubts:  # greyed, with the reason: shown, but not to be read as this unit's equation
        right.caption(equation_text(recalibrated["intercept"], recalibrated["slope"]))
        right.warning("Not to be trusted: " + " ".join(doubts), icon=":material/warning:")
    else:
        right.code(equation_text(recalibrated["intercept"], recalibrated["slope"]), language=None)
    st.dataframe(
        [
            {
                "SCORTEN": row.score,
                "patients": row.n,
                "deaths": row.deaths,
                "observed %": round(row.observed * 100, 1),
                "95 % CI (Clopper-Pearson)": (
                    f"{row.observed_low * 100:.1f}-{row.observed_high * 100:.1f}"
                ),
                "expected % (original)": round(row.expected * 100, 1),
                "recalibrated %": (
                    round(row.recalibrated * 100, 1) if row.recalibrated is not None else None
                ),
            }
            for row in report.calibration
        ],
        hide_index=True,
        width="stretch",
    )


def _trusted_recalibration(report: CohortReport) -> dict[str, float] | None:
    """The recalibrated curve is drawn only when nothing casts doubt on it."""
    return None if report.figures.get("warnings") else report.figures["recalibrated"]


def _figures(report: CohortReport) -> None:
    left, right = st.columns(2)
    left.plotly_chart(
        calibration_figure(report.calibration, _trusted_recalibration(report)),
        key="cohort_calibration_chart",
        config=PLOTLY_CONFIG,
    )
    right.plotly_chart(
        roc_figure(report.roc, report.auroc.estimate), key="cohort_roc_chart", config=PLOTLY_CONFIG
    )
    with st.expander("Methods"):
        st.markdown(
            f"- Per score: 95 % Clopper-Pearson exact interval — {CLOPPER_PEARSON_REFERENCE}. "
            "It is the interval the SCORTEN derivation table prints.\n"
            f"- AUROC and O/E: percentile bootstrap, {report.n_boot:,} resamples of the "
            f"patients, seed {report.seed} (the same file always gives the same intervals) "
            f"— {BOOTSTRAP_REFERENCE}. AUROC used {report.auroc.replicates_used:,} resamples "
            "(resamples without both a death and a survivor have no AUROC).\n"
            "- Recalibration: unpenalised logistic regression of `died` on SCORTEN."
        )


def _download(upload: ScoredUpload, stored: dict) -> None:
    name = stored["name"]
    stem = name.rsplit(".", 1)[0]
    st.caption(
        "The download keeps each row's number and spreadsheet line and the file's own "
        "columns as given, then the results."
    )
    st.download_button(
        "Download the scored cohort (CSV)",
        # Built on click: the page does not pay for a file nobody downloads.
        data=functools.partial(scored_csv_with_inputs, upload, stored["data"]),
        file_name=f"{stem}_scored.csv",
        mime="text/csv",
        key=DOWNLOAD_KEY,
        help="Spreadsheet-safe: text cells that a spreadsheet would run as a formula are quoted.",
    )


def _results(stored: dict) -> None:
    try:
        upload = score_upload(stored["data"])
    except UploadError as exc:  # a stored file is re-checked: never show partial results
        _clear()
        st.error(f"{escape(stored['name'])}: {escape(on_screen(str(exc), with_key=True))}")
        return
    if stored["synthetic"]:
        st.warning(SYNTHETIC_NOTE, icon=":material/science:")
    st.subheader(escape(stored["name"]))
    _summary(upload)
    try:
        report = build_report(upload.cohort)
    except ValueError as exc:
        st.warning(f"No figures for this cohort: {exc}")
        _download(upload, stored)
        return
    _metrics(report)
    _figures(report)
    _equations(report)
    _download(upload, stored)


st.title("Cohort validation")
disclaimer.show()
_inputs()
if ERROR_KEY in st.session_state:
    st.error(st.session_state[ERROR_KEY])
if COHORT_KEY in st.session_state:
    stored_cohort = st.session_state[COHORT_KEY]
    with st.container(key=f"{RESULTS_KEY_PREFIX}{stored_cohort.get('serial', 0)}"):
        _results(stored_cohort)
