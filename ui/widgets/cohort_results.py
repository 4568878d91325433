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

from cohort.scored_download import scored_csv_with_inputs
from cohort.upload import ScoredUpload, report_rows, warning_rows
from reports.wording import calibration_note, fmt_pct
from scoring import scorten
from scoring.cohort_stats import (
    BOOTSTRAP_REFERENCE,
    CLOPPER_PEARSON_REFERENCE,
    CohortReport,
    Interval,
)
from scoring.cohort_stats import cohort_report as build_report
from scoring.cohort_validation import TooFewOutcomesError
from ui.i18n import lang, say, t
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.cohort_charts import calibration_figure, roc_figure
from ui.widgets.markdown_text import escape

DOWNLOAD_KEY = "cohort_download"
REPORT_KEY = "cohort_row_report"
WARNINGS_KEY = "cohort_warning_rows"
# The row report's columns, narrow where the values are short, so the text column (the
# reason's detail, the warning) has the room (issue 22: it was cut off at 1440 px). Rows
# are three lines high when a text is longer than a line, so it wraps instead of ending
# at the edge; a selected row is shown whole below the table. The rows keep these codes
# as their keys; the headers are in the reader's language ("cohort.column_<code>").
NARROW_WIDTHS: dict[str, int] = {"row": 60, "line": 60, "id": 110, "reason": 180, "field": 150}
NUMBER_COLUMNS = frozenset({"row", "line"})
ONE_LINE_CHARS = 70  # about what the text column shows on one line at 1440 px
WRAPPED_ROW_PX = 72  # three lines of text (Streamlit wraps cells in rows over 64 px)
# The calibration table's columns by code (its rows' keys), each headed in the reader's
# language; SCORTEN is a score's name, the same in every language.
CALIBRATION_COLUMNS: dict[str, str] = {
    "patients": "cohort.table_patients",
    "deaths": "cohort.table_deaths",
    "observed": "cohort.table_observed",
    "observed_ci": "cohort.table_observed_ci",
    "expected": "cohort.table_expected",
    "recalibrated": "cohort.table_recalibrated",
}

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
    cols[0].metric(t("cohort.rows_read"), f"{upload.n:,}")
    cols[1].metric(t("cohort.scored"), f"{upload.cohort.died.size:,}")
    cols[2].metric(t("cohort.deaths_scored"), f"{deaths:,}")
    cols[3].metric(t("cohort.left_out"), f"{left_out:,}")
    if upload.ignored_columns:
        unused = ", ".join(escape(c) for c in upload.ignored_columns)  # the file's own names
        st.caption(t("cohort.columns_not_used", columns=unused))
    with st.expander(
        t("cohort.rows_not_scored", count=len(upload.report)), expanded=bool(upload.report)
    ):
        if upload.report:
            st.caption(t("cohort.row_counting_note"))
            row_table(report_rows(upload, lang=lang()), "detail", key=REPORT_KEY)
        else:
            st.write(t("cohort.every_row_scored"))
    if upload.warnings:
        # On the page, not only in the download: a warning can change how a row is read.
        with st.expander(
            t("cohort.rows_with_warning", count=upload.warnings), expanded=upload.warnings <= 20
        ):
            st.caption(t("cohort.warnings_caption", note=t("cohort.row_counting_note")))
            row_table(warning_rows(upload, lang=lang()), "warning", key=WARNINGS_KEY)


def _row_columns(names: list[str]) -> dict[str, Any]:
    """Each column of a row report headed in the reader's language, the short ones narrow."""
    config: dict[str, Any] = {}
    for name in names:
        label = t(f"cohort.column_{name}")
        width = NARROW_WIDTHS.get(name)
        column = (
            st.column_config.NumberColumn if name in NUMBER_COLUMNS else st.column_config.TextColumn
        )
        config[name] = column(label, width=width) if width else column(label)
    return config


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
        column_config=_row_columns(list(rows[0])),
        row_height=WRAPPED_ROW_PX if longest > ONE_LINE_CHARS else None,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    selected = event.selection.rows
    if not selected:
        st.caption(t("cohort.select_hint"))
        return
    row = rows[selected[0]]
    given_id = f" ({escape(row['id'])})" if row["id"] not in (None, "") else ""
    st.markdown(
        t("cohort.whole_row", row=row["row"], line=row["line"], id=given_id, text=escape(row[text]))
    )


def _metrics(report: CohortReport) -> None:
    figs = report.figures
    cols = st.columns(4)
    cols[0].metric(t("cohort.auroc"), f"{report.auroc.estimate:.3f}")
    cols[0].caption(interval_text(report.auroc, 3))
    cols[1].metric(t("cohort.o_e_ratio"), f"{report.o_e_ratio.estimate:.2f}")
    cols[1].caption(interval_text(report.o_e_ratio, 2))
    cols[2].metric(t("cohort.observed_mortality"), fmt_pct(figs["observed_mortality"]))
    cols[2].caption(t("cohort.expected_caption", pct=fmt_pct(figs["expected_mortality"])))
    cols[3].metric(t("cohort.brier"), f"{figs['brier']:.3f}")
    cols[3].caption(t("cohort.brier_caption"))
    st.caption(calibration_note(lang=lang()))


def _doubts(report: CohortReport) -> list[str]:
    """Why the recalibrated equation has no estimate, or why it cannot be trusted (issue
    15), in the reader's language."""
    return [escape(say(text)) for text in report.figures.get("warning_texts", [])]


def _equations(report: CohortReport) -> None:
    st.subheader(t("cohort.recalibrated_equation"))
    left, right = st.columns(2)
    left.markdown(t("cohort.original_equation"))
    left.markdown(_code(equation_text(scorten.LOGIT_INTERCEPT, scorten.LOGIT_SLOPE)))
    right.markdown(t("cohort.this_cohort_equation"))
    recalibrated = report.figures["recalibrated"]
    doubts = _doubts(report)
    if recalibrated is None:
        reasons = " ".join(doubts) or t("cohort.no_estimate")
        right.info(t("cohort.not_estimable", reasons=reasons))
    elif doubts:  # greyed, with the reason: shown, but not to be read as this unit's equation
        right.caption(equation_text(recalibrated["intercept"], recalibrated["slope"]))
        right.warning(t("cohort.not_trusted", reasons=" ".join(doubts)), icon=":material/warning:")
    else:
        right.markdown(_code(equation_text(recalibrated["intercept"], recalibrated["slope"])))
    st.dataframe(
        [
            {
                "SCORTEN": row.score,
                "patients": row.n,
                "deaths": row.deaths,
                "observed": round(row.observed * 100, 1),
                "observed_ci": f"{row.observed_low * 100:.1f}-{row.observed_high * 100:.1f}",
                "expected": round(row.expected * 100, 1),
                "recalibrated": (
                    round(row.recalibrated * 100, 1) if row.recalibrated is not None else None
                ),
            }
            for row in report.calibration
        ],
        hide_index=True,
        width="stretch",
        column_config={code: t(key) for code, key in CALIBRATION_COLUMNS.items()},
    )


def _trusted_recalibration(report: CohortReport) -> dict[str, float] | None:
    """The recalibrated curve is drawn only when nothing casts doubt on it."""
    return None if report.figures.get("warnings") else report.figures["recalibrated"]


def _figures(report: CohortReport) -> None:
    left, right = st.columns(2)
    left.plotly_chart(
        calibration_figure(report.calibration, _trusted_recalibration(report), lang=lang()),
        key="cohort_calibration_chart",
        config=PLOTLY_CONFIG,
    )
    right.plotly_chart(
        roc_figure(report.roc, report.auroc.estimate, lang=lang()),
        key="cohort_roc_chart",
        config=PLOTLY_CONFIG,
    )
    with st.expander(t("cohort.methods")):
        st.markdown(
            t(
                "cohort.methods_text",
                clopper_pearson=CLOPPER_PEARSON_REFERENCE,
                n_boot=report.n_boot,
                seed=report.seed,
                bootstrap=BOOTSTRAP_REFERENCE,
                used=report.auroc.replicates_used,
            )
        )


def _download(upload: ScoredUpload, stored: dict) -> None:
    name = stored["name"]
    stem = name.rsplit(".", 1)[0]
    st.caption(t("cohort.download_caption"))
    st.download_button(
        t("cohort.download"),
        # Built on click: the page does not pay for a file nobody downloads.
        data=functools.partial(scored_csv_with_inputs, upload, stored["data"]),
        file_name=f"{stem}_scored.csv",
        mime="text/csv",
        key=DOWNLOAD_KEY,
        help=t("cohort.download_help"),
    )


def show(upload: ScoredUpload, stored: dict) -> None:
    """Everything below the inputs for one scored file."""
    if stored["synthetic"]:
        st.warning(t("cohort.synthetic_note"), icon=":material/science:")
    st.subheader(escape(stored["name"]))
    _summary(upload)
    try:
        report = build_report(upload.cohort)
    except ValueError as exc:  # TooFewOutcomesError: fewer than 2 deaths or survivors
        reason = say(exc.text) if isinstance(exc, TooFewOutcomesError) else str(exc)
        st.warning(t("cohort.no_figures", reason=reason))
        _download(upload, stored)
        return
    _metrics(report)
    _figures(report)
    _equations(report)
    _download(upload, stored)
