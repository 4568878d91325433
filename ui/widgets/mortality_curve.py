"""SCORTEN mortality against score: the logistic curve, the derivation bands with their
95 % CIs, and the patient's score (or partial range) marked.

A pure figure builder of engine constants (scoring.scorten), reused by the Teaching page:
no Streamlit, no case data beyond the two integers passed in; its words in `lang` (the
catalogue's "case.curve_*" entries).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from knowledge.i18n import Lang, tr
from reports.method_tables import derivation_total
from scoring import scorten


# Axes shared by every chart of mortality against SCORTEN (this one, the cohort calibration).
def score_axis(lang: Lang = "en") -> dict[str, Any]:
    return {
        "title": {"text": tr("case.curve_score_axis", lang)},
        "tickmode": "linear",
        "dtick": 1,
        "range": [-0.6, scorten.MAX_SCORE + 0.6],
    }


def mortality_axis(lang: Lang = "en") -> dict[str, Any]:
    return {"title": {"text": tr("case.curve_mortality_axis", lang)}, "range": [0, 100]}


# The English axes, for the charts not yet given the reader's language (issue 23).
SCORE_AXIS = score_axis()
MORTALITY_AXIS = mortality_axis()

# Colours with at least 4.5:1 contrast on white (WCAG AA), told apart by marker shape
# and line style as well, so colour is never the only cue.
LOGISTIC_COLOUR = "#1f4e79"  # dark blue, 8.6:1
OBSERVED_COLOUR = "#9a3d00"  # dark orange, 6.5:1
PATIENT_COLOUR = "#000000"
PATIENT_SHADE = "rgba(0, 0, 0, 0.08)"


# Plotly's hover templates (`%{x}`) come from the catalogue as they are: rendered without
# parameters, so `tr` leaves their braces to Plotly.
def _logistic_trace(lang: Lang) -> go.Scatter:
    scores = list(range(scorten.MAX_SCORE + 1))
    return go.Scatter(
        x=scores,
        y=[p * 100 for p in scorten.LOGISTIC_BY_SCORE],
        mode="lines+markers",
        name=tr("case.curve_predicted", lang),
        line={"color": LOGISTIC_COLOUR, "width": 2},
        marker={"symbol": "circle", "size": 7},
        hovertemplate=tr("case.curve_predicted_hover", lang) + "<extra></extra>",
    )


def _band_traces(lang: Lang) -> list[go.Scatter]:
    """Each observed band as a dashed segment over its scores plus its CI at the middle."""
    seg_x: list[float | None] = []
    seg_y: list[float | None] = []
    mid_x, mid_y, err_plus, err_minus, text = [], [], [], [], []
    for band in scorten.OBSERVED_BANDS:
        pct = band.mortality * 100
        seg_x += [band.low - 0.3, band.high + 0.3, None]
        seg_y += [pct, pct, None]
        mid_x.append((band.low + band.high) / 2)
        mid_y.append(pct)
        err_plus.append(band.ci_high_pct - pct)
        err_minus.append(pct - band.ci_low_pct)
        text.append(
            tr(
                "case.curve_band_hover",
                lang,
                band=band.label,
                deaths=band.deaths,
                n=band.n,
                pct=f"{pct:.1f}",
                low=f"{band.ci_low_pct:g}",
                high=f"{band.ci_high_pct:g}",
            )
        )
    segments = go.Scatter(
        x=seg_x,
        y=seg_y,
        mode="lines",
        line={"color": OBSERVED_COLOUR, "dash": "dash", "width": 2},
        hoverinfo="skip",
        showlegend=False,
    )
    points = go.Scatter(
        x=mid_x,
        y=mid_y,
        mode="markers",
        name=tr("case.curve_observed", lang, n=derivation_total()),
        marker={"symbol": "square", "size": 8, "color": OBSERVED_COLOUR},
        error_y={
            "type": "data",
            "array": err_plus,
            "arrayminus": err_minus,
            "color": OBSERVED_COLOUR,
            "thickness": 1.5,
        },
        text=text,
        hovertemplate="%{text}<extra></extra>",
    )
    return [segments, points]


def _patient_trace(low: int, high: int, lang: Lang) -> go.Scatter:
    scores = list(range(low, high + 1))
    label = (
        tr("case.curve_patient", lang, score=low)
        if low == high
        else tr("case.curve_patient_range", lang, low=low, high=high)
    )
    return go.Scatter(
        x=scores,
        y=[scorten.LOGISTIC_BY_SCORE[s] * 100 for s in scores],
        mode="markers",
        name=label,
        marker={
            "symbol": "diamond",
            "size": 15,
            "color": PATIENT_COLOUR,
            "line": {"color": "#ffffff", "width": 1.5},
        },
        hovertemplate=tr("case.curve_patient_hover", lang) + "<extra></extra>",
    )


def mortality_curve(
    highlight_min: int | None, highlight_max: int | None, *, lang: Lang = "en"
) -> go.Figure:
    """The curve; with `highlight_min`/`max` (a score, or a partial range) marked."""
    fig = go.Figure([_logistic_trace(lang), *_band_traces(lang)])
    if highlight_min is not None:
        high = highlight_max if highlight_max is not None else highlight_min
        fig.add_vrect(
            x0=highlight_min - 0.45, x1=high + 0.45, fillcolor=PATIENT_SHADE, line_width=0
        )
        fig.add_trace(_patient_trace(highlight_min, high, lang))
    fig.update_layout(
        title={"text": tr("case.curve_title", lang)},
        xaxis=score_axis(lang),
        yaxis=mortality_axis(lang),
        legend={"orientation": "h", "yanchor": "top", "y": -0.2},
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
        template="plotly_white",
        font={"color": "#1a1a1a"},
        height=380,
    )
    return fig
