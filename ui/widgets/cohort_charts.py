"""Figures of the Cohort page: calibration by score (with CIs) and the ROC curve.

Pure Plotly builders over scoring.cohort_stats results: no Streamlit, no state; their words
in `lang` (the catalogue's "cohort.calibration_*" and "cohort.roc_*" entries). Colours match
ui/widgets/mortality_curve.py and are told apart by marker and line style too.
"""

from __future__ import annotations

import plotly.graph_objects as go

from knowledge.i18n import Lang, tr
from reports.wording import fmt_pct
from scoring import scorten
from scoring.cohort_stats import CalibrationRow, RocCurve, recalibrated_by_score
from ui.widgets.mortality_curve import mortality_axis, score_axis

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


# Plotly's hover templates (`%{x}`) come from the catalogue as they are: rendered without
# parameters, so `tr` leaves their braces to Plotly.
def calibration_figure(
    rows: list[CalibrationRow], recalibrated: dict[str, float] | None, *, lang: Lang = "en"
) -> go.Figure:
    """Observed mortality per score (Clopper-Pearson 95 % CI) against the predictions."""
    scores = list(range(scorten.MAX_SCORE + 1))
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=scores,
            y=[p * 100 for p in scorten.LOGISTIC_BY_SCORE],
            mode="lines",
            name=tr("cohort.calibration_expected", lang),
            line={"color": ORIGINAL_COLOUR, "width": 2},
            hovertemplate=tr("cohort.calibration_expected_hover", lang) + "<extra></extra>",
        )
    )
    curve = recalibrated_by_score(recalibrated)
    if curve is not None:
        fig.add_trace(
            go.Scatter(
                x=scores,
                y=[p * 100 for p in curve],
                mode="lines",
                name=tr("cohort.calibration_recalibrated", lang),
                line={"color": RECALIBRATED_COLOUR, "width": 2, "dash": "dash"},
                hovertemplate=tr("cohort.calibration_recalibrated_hover", lang) + "<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[r.score for r in rows],
            y=[r.observed * 100 for r in rows],
            mode="markers",
            name=tr("cohort.calibration_observed", lang),
            marker={"symbol": "square", "size": 9, "color": OBSERVED_COLOUR},
            error_y={
                "type": "data",
                "array": [(r.observed_high - r.observed) * 100 for r in rows],
                "arrayminus": [(r.observed - r.observed_low) * 100 for r in rows],
                "color": OBSERVED_COLOUR,
                "thickness": 1.5,
            },
            text=[
                tr(
                    "cohort.calibration_observed_hover",
                    lang,
                    score=r.score,
                    deaths=r.deaths,
                    n=r.n,
                    pct=fmt_pct(r.observed),
                    low=f"{r.observed_low * 100:.1f}",
                    high=f"{r.observed_high * 100:.1f}",
                )
                for r in rows
            ],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": tr("cohort.calibration_title", lang)},  # two lines: fits a phone
        xaxis=score_axis(lang),
        yaxis=mortality_axis(lang),
        **_LAYOUT,
    )
    return fig


def roc_figure(roc: RocCurve, auroc: float, *, lang: Lang = "en") -> go.Figure:
    """Sensitivity against 1 - specificity, one point per SCORTEN cut-off."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=tr("cohort.roc_chance", lang),
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
            hovertemplate=tr("cohort.roc_hover", lang) + "<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": tr("cohort.roc_title", lang)},
        xaxis={"title": {"text": tr("cohort.roc_x_axis", lang)}, "range": [0, 1]},
        yaxis={
            "title": {"text": tr("cohort.roc_y_axis", lang)},
            "range": [0, 1],
            "scaleanchor": "x",
        },
        **_LAYOUT,
    )
    return fig
