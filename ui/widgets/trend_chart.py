"""SCORTEN by assessment day: a point for a complete score, a bar for a partial range.

A pure figure builder: it receives the engine's per-day results and draws them, its words
in `lang`.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from knowledge.i18n import Lang, tr
from scoring import scorten
from scoring.models import CaseResult
from ui.widgets.mortality_curve import LOGISTIC_COLOUR, OBSERVED_COLOUR

# Plotly's marker symbol number for an open horizontal line ("line-ew" 41, open + 100): a
# bar for a range. By number, so no identifier reads as words on screen.
RANGE_SYMBOL = 141


def trend_chart(results: Mapping[int, CaseResult], *, lang: Lang = "en") -> go.Figure:
    days = sorted(results)
    complete = [(d, results[d].scorten.score) for d in days if _complete(results[d])]
    partial = [d for d in days if not results[d].scorten.withheld and not _complete(results[d])]
    fig = go.Figure()
    if complete:
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in complete],
                y=[s for _, s in complete],
                mode="lines+markers",
                name="SCORTEN",
                line={"color": LOGISTIC_COLOUR},
                marker={"symbol": "circle", "size": 10},
                # A Plotly template (`%{x}`): from the catalogue unformatted.
                hovertemplate=tr("case.trend_hover", lang) + "<extra></extra>",
            )
        )
    if partial:
        lows = [results[d].scorten.min for d in partial]
        highs = [results[d].scorten.max for d in partial]
        fig.add_trace(
            go.Scatter(
                x=partial,
                y=[(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)],
                mode="markers",
                name=tr("case.trend_range", lang),
                marker={"symbol": RANGE_SYMBOL, "size": 14, "color": OBSERVED_COLOUR},
                error_y={
                    "type": "data",
                    "array": [(hi - lo) / 2 for lo, hi in zip(lows, highs, strict=True)],
                    "color": OBSERVED_COLOUR,
                    "thickness": 2,
                },
                text=[f"{lo}-{hi}" for lo, hi in zip(lows, highs, strict=True)],
                hovertemplate=tr("case.trend_range_hover", lang) + "<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": tr("case.trend_title", lang)},
        xaxis={
            "title": {"text": tr("case.trend_day_axis", lang)},
            "tickmode": "array",
            "tickvals": days,
        },
        yaxis={"title": {"text": "SCORTEN"}, "range": [-0.5, scorten.MAX_SCORE + 0.5], "dtick": 1},
        template="plotly_white",
        font={"color": "#1a1a1a"},
        height=300,
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
    )
    return fig


def _complete(result: CaseResult) -> bool:
    return result.scorten.complete  # a withheld score is never complete
