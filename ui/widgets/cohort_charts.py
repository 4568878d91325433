"""Figures of the Cohort page: calibration by score (with CIs) and the ROC curve.

Pure Plotly builders over scoring.cohort_stats results: no Streamlit, no state. Colours
match ui/widgets/mortality_curve.py and are told apart by marker and line style too.
"""

from __future__ import annotations

import plotly.graph_objects as go

from reports.wording import fmt_pct
from scoring import scorten
from scoring.cohort_stats import CalibrationRow, RocCurve, recalibrated_by_score
from ui.widgets.mortality_curve import MORTALITY_AXIS, SCORE_AXIS

ORIGINAL_COLOUR = "#1f4e79"  # dark blue: the published equation (as on the Case page)
OBSERVED_COLOUR = "#9a3d00"  # dark orange: what this cohort shows
RECALIBRATED_COLOUR = "#2d6a2d"  # dark green, 6.4:1 on white
CHANCE_COLOUR = "#6b6b6b"

_LAYOUT = {
    "template": "plotly_white",
    "font": {"color": "#1a1a1a"},
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.22},
    "margin": {"l": 50, "r": 20, "t": 70, "b": 40},
    "height": 400,
}


def calibration_figure(
    rows: list[CalibrationRow], recalibrated: dict[str, float] | None
) -> go.Figure:
    """Observed mortality per score (Clopper-Pearson 95 % CI) against the predictions."""
    scores = list(range(scorten.MAX_SCORE + 1))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=scores,
            y=[p * 100 for p in scorten.LOGISTIC_BY_SCORE],
            mode="lines",
            name="Expected: original SCORTEN equation",
            line={"color": ORIGINAL_COLOUR, "width": 2},
            hovertemplate="SCORTEN %{x}: expected %{y:.1f} %<extra></extra>",
        )
    )
    curve = recalibrated_by_score(recalibrated)
    if curve is not None:
        fig.add_trace(
            go.Scatter(
                x=scores,
                y=[p * 100 for p in curve],
                mode="lines",
                name="This cohort's recalibrated equation",
                line={"color": RECALIBRATED_COLOUR, "width": 2, "dash": "dash"},
                hovertemplate="SCORTEN %{x}: recalibrated %{y:.1f} %<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[r.score for r in rows],
            y=[r.observed * 100 for r in rows],
            mode="markers",
            name="Observed in this cohort, 95 % CI (Clopper-Pearson)",
            marker={"symbol": "square", "size": 9, "color": OBSERVED_COLOUR},
            error_y={
                "type": "data",
                "array": [(r.observed_high - r.observed) * 100 for r in rows],
                "arrayminus": [(r.observed - r.observed_low) * 100 for r in rows],
                "color": OBSERVED_COLOUR,
                "thickness": 1.5,
            },
            text=[
                f"SCORTEN {r.score}: {r.deaths}/{r.n} died, {fmt_pct(r.observed)} "
                f"(95 % CI {r.observed_low * 100:.1f}-{r.observed_high * 100:.1f})"
                for r in rows
            ],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": "Calibration: observed vs expected<br>mortality by SCORTEN"},  # fits a phone
        xaxis=SCORE_AXIS,
        yaxis=MORTALITY_AXIS,
        **_LAYOUT,
    )
    return fig


def roc_figure(roc: RocCurve, auroc: float) -> go.Figure:
    """Sensitivity against 1 - specificity, one point per SCORTEN cut-off."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name="Chance",
            line={"color": CHANCE_COLOUR, "dash": "dot", "width": 1},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=roc.fpr,
            y=roc.tpr,
            mode="lines+markers",
            name=f"SCORTEN (AUROC {auroc:.3f})",
            line={"color": ORIGINAL_COLOUR, "width": 2},
            marker={"symbol": "circle", "size": 7},
            text=[f"SCORTEN ≥ {t}" for t in roc.thresholds],
            hovertemplate=(
                "%{text}: sensitivity %{y:.2f}, 1 - specificity %{x:.2f}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title={"text": "ROC curve of SCORTEN in this cohort"},
        xaxis={"title": {"text": "1 - specificity"}, "range": [0, 1]},
        yaxis={"title": {"text": "Sensitivity"}, "range": [0, 1], "scaleanchor": "x"},
        **_LAYOUT,
    )
    return fig
