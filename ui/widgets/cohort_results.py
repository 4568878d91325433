"""The Cohort page's results for one scored file: counts, the row report, the figures
with their intervals, the charts, the recalibrated equation and the scored download.

Imported by ui/pages/cohort_page.py only once a cohort is stored, after the page's title
and instructions are drawn: the statistics and the charts are the page's heavy imports,
and the first line no longer waits for them (issue 22).
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from cohort.demo import SYNTHETIC_NOTE
from cohort.scored_download import scored_csv_with_inputs
from cohort.upload import ROW_COUNTING_NOTE, ScoredUpload, report_rows, warning_rows
from reports.wording import CALIBRATION_NOTE, fmt_pct
from scoring import scorten
from scoring.cohort_stats import (
    BOOTSTRAP_REFERENCE,
    CLOPPER_PEARSON_REFERENCE,
    CohortReport,
    Interval,
)
from scoring.cohort_stats import cohort_report as build_report
from scoring.screen_labels import on_screen_rows
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.cohort_charts import calibration_figure, roc_figure
from ui.widgets.markdown_text import escape

DOWNLOAD_KEY = "cohort_download"
REPORT_KEY = "cohort_row_report"
WARNINGS_KEY = "cohort_warning_rows"
# The row report's columns, narrow where the values are short, so the text column (the
# reason's detail, the warning) has the room (issue 22: it was cut off at 1440 px). Rows
# are three lines high when a text is longer than a line, so it wraps instead of ending
# at the edge; a selected row is shown whole below the table.
NARROW_COLUMNS: dict[str, Any] = {
    "row": st.column_config.NumberColumn("row", width=60),
    "line": st.column_config.NumberColumn("line", width=60),
    "id": st.column_config.TextColumn("id", width=110),
    "reason": st.column_config.TextColumn("reason", width=180),
    "field": st.column_config.TextColumn("field", width=150),
}
ONE_LINE_CHARS = 70  # about what the text column shows on one line at 1440 px
WRAPPED_ROW_PX = 72  # three lines of text (Streamlit wraps cells in rows over 64 px)
SELECT_HINT = "Select a row (the box at its left) to read it whole below the table."
WHOLE_ROW = "**Row {row}, line {line}**{id}: {text}"

# --- text ---------------------------------------------------------------------------------


def interval_text(interval: Interval, digits: int) -> str:
    return (
        f"{interval.estimate:.{digits}f} "
        f"(95 % CI {interval.low:.{digits}f}-{interval.high:.{digits}f})"
    )


def equation_text(intercept: float, slope: float) -> str:
    sign = "+" if slope >= 0 else "-"
    return f"logit = {intercept:.3f} {sign} {abs(slope):.3f} × SCORTEN"


def _code(equation: str) -> str:
    """An equation as inline code: st.code would fetch a 1.5 MB syntax highlighter for it."""
    return f"`{equation}`"


# --- rendering ----------------------------------------------------------------------------


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
            row_table(rows, "detail", key=REPORT_KEY)
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
            row_table(warning_rows(upload), "warning", key=WARNINGS_KEY)


@st.fragment
def row_table(rows: list[dict[str, Any]], text: str, *, key: str) -> None:
    """A row report: narrow number columns, the `text` column wrapping over three lines
    when needed, and the selected row whole below it. A fragment: selecting a row reruns
    this table only, not the statistics and charts."""
    longest = max((len(str(row[text] or "")) for row in rows), default=0)
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={name: NARROW_COLUMNS[name] for name in rows[0] if name in NARROW_COLUMNS},
        row_height=WRAPPED_ROW_PX if longest > ONE_LINE_CHARS else None,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    selected = event.selection.rows
    if not selected:
        st.caption(SELECT_HINT)
        return
    row = rows[selected[0]]
    given_id = f" ({escape(row['id'])})" if row["id"] not in (None, "") else ""
    st.markdown(
        WHOLE_ROW.format(row=row["row"], line=row["line"], id=given_id, text=escape(row[text]))
    )


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
    left.markdown(_code(equation_text(scorten.LOGIT_INTERCEPT, scorten.LOGIT_SLOPE)))
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
        right.markdown(_code(equation_text(recalibrated["intercept"], recalibrated["slope"])))
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


def show(upload: ScoredUpload, stored: dict) -> None:
    """Everything below the inputs for one scored file."""
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
