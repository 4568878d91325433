"""Drug timeline: one bar per drug against days relative to the index day.

The shaded band is ALDEN's "suggestive" delay, read from the score's own table
(scoring.alden.DELAY_BANDS) so the picture and the score use the same numbers. Labels, axis
and hover texts are in the reader's language (knowledge/data/messages/drugs_page.yaml).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from scoring import alden
from ui.i18n import t
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.drug_table import parse_date
from ui.widgets.markdown_text import plotly_text

BAR_COLOUR = "#4C6A92"
# The window that matters for ALDEN's delay and presence criteria, about 3 months before
# to a week after the index day; earlier first intakes are drawn from the left edge with
# a marker ("long-standing"), their exact day in the hover text.
WINDOW_BEFORE_DAYS = -90
WINDOW_AFTER_DAYS = 7
WINDOW_COLOUR = "rgba(230, 159, 0, 0.18)"  # colour-blind-safe orange, light
LABEL_ROW_PX = 20  # one row of label text above the plot
LABEL_MAX_CHARS = 22  # a drug's row label; longer names end in "…" (full in the hover text)


def suggestive_window() -> tuple[int, int]:
    """(earliest, latest) start, in days relative to the index day (negative = before)."""
    # The score's own table (no previous reaction): its best band, ALDEN's "suggestive" (+3).
    band = max(alden.DELAY_BANDS, key=lambda b: b.points)
    assert band.first_day is not None and band.last_day is not None  # a closed band
    return (-band.last_day, -band.first_day)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX_CHARS else name[: LABEL_MAX_CHARS - 1] + "…"


def bars(
    drugs: list[dict[str, Any]], index_day: date, ranks: dict[int, int] | None = None
) -> list[dict[str, Any]]:
    """Plot rows for drugs with a readable start, numbered by ALDEN rank when given (input
    order otherwise); others are left out (their errors are shown with the table)."""
    rows = []
    ranks = ranks or {}
    for i, drug in enumerate(drugs):
        start = parse_date(drug.get("start"))
        if start is None:
            continue
        stop = parse_date(drug.get("stop"))
        still_taken = stop is None
        end = 0 if stop is None else (stop - index_day).days
        name = drug.get("name") or t("drugs_page.timeline_unnamed", number=i + 1)
        first = (start - index_day).days
        rank = ranks.get(i, i + 1)
        rows.append(
            {
                # Plotly reads HTML in labels: the typed name is escaped for it. The row's
                # label is cut short so the plot keeps its width on a phone; the hover text
                # names the drug in full.
                "label": f"{rank}. {plotly_text(_short(name))}",
                "name": f"{rank}. {plotly_text(name)}",
                "rank": rank,
                "start": first,
                "end": end,
                "still_taken": still_taken,
                "long_standing": first < WINDOW_BEFORE_DAYS,
            }
        )
    return sorted(rows, key=lambda r: r["rank"])


def _hover(row: dict[str, Any]) -> str:
    """A bar's hover text: the drug in full, its first and last intake, long-standing."""
    lines = [
        row["name"],
        t("drugs_page.timeline_first_intake", day=f"{row['start']:+d}"),
        t("drugs_page.timeline_still_taken")
        if row["still_taken"]
        else t("drugs_page.timeline_last_intake", day=f"{row['end']:+d}"),
    ]
    if row["long_standing"]:
        lines.append(t("drugs_page.timeline_long_standing", day=WINDOW_BEFORE_DAYS))
    return "<br>".join(lines)


def figure(
    drugs: list[dict[str, Any]], index_day: date, ranks: dict[int, int] | None = None
) -> go.Figure:
    rows = bars(drugs, index_day, ranks)
    fig = go.Figure()
    earliest, latest = suggestive_window()
    fig.add_vrect(
        x0=earliest,
        x1=latest,
        fillcolor=WINDOW_COLOUR,
        line_width=0,
        layer="below",
    )
    for row in rows:
        # A line with end markers reads as a bar and stays visible for a one-day course.
        hover = _hover(row)
        left = max(row["start"], WINDOW_BEFORE_DAYS)
        fig.add_trace(
            go.Scatter(
                x=[left, min(row["end"], WINDOW_AFTER_DAYS)],
                y=[row["label"], row["label"]],
                mode="lines+markers",
                line={"color": BAR_COLOUR, "width": 14},
                marker={"size": 14, "color": BAR_COLOUR},
                name=row["label"],
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
        if row["long_standing"]:
            fig.add_trace(
                go.Scatter(
                    x=[WINDOW_BEFORE_DAYS],
                    y=[row["label"]],
                    mode="markers+text",
                    # Plotly's marker symbol 7: "triangle-left".
                    marker={"symbol": 7, "size": 18, "color": "#B22222"},
                    text=[t("drugs_page.timeline_day", day=f"{row['start']:+d}")],
                    name=t("drugs_page.timeline_long_standing_trace", label=row["label"]),
                    textposition="top right",
                    hovertext=hover,
                    hoverinfo="text",
                    showlegend=False,
                )
            )
    fig.add_vline(
        x=0,
        line_width=2,
        line_dash="dash",
        line_color="#B22222",
    )
    # Labels above the plot area, one row each, both ending where their mark is (the
    # window's late edge, the index day): on a phone the two were side by side and ran into
    # each other and off the right edge (issue 22). Stacked rows cannot overlap at any width.
    above = {"yref": "paper", "y": 1.0, "yanchor": "bottom", "xanchor": "right"}
    # The caption above the chart says what the index day is.
    fig.add_annotation(x=0, text=t("drugs_page.timeline_index_day"), showarrow=False, **above)
    fig.add_annotation(
        x=latest,
        text=t("drugs_page.timeline_window", first=-latest, last=-earliest),
        showarrow=False,
        yshift=LABEL_ROW_PX,
        **above,
    )
    # The axis title as a label ending at the plot's right edge: Plotly centres a title on
    # the plot, which on a phone sent it past the figure's edge.
    fig.add_annotation(
        text=t("drugs_page.timeline_x_title"),
        xref="paper",
        x=1.0,
        xanchor="right",
        yref="paper",
        y=0.0,
        yanchor="top",
        yshift=-24,  # under the tick labels
        showarrow=False,
        align="right",
    )
    fig.update_layout(
        height=160 + 40 * max(len(rows), 1),
        margin={"l": 10, "r": 10, "t": 20 + 2 * LABEL_ROW_PX, "b": 70},
        xaxis={
            "zeroline": False,
            "range": [WINDOW_BEFORE_DAYS - 4, WINDOW_AFTER_DAYS + 1],
        },
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig


def show(
    drugs: list[dict[str, Any]],
    index_day: date | None,
    *,
    key: str = "drugs_timeline",
    ranks: dict[int, int] | None = None,
):
    if index_day is None:
        st.caption(t("drugs_page.timeline_no_index_day"))
        return
    if not bars(drugs, index_day):
        st.caption(t("drugs_page.timeline_no_bars"))
        return
    st.plotly_chart(figure(drugs, index_day, ranks), key=key, width="stretch", config=PLOTLY_CONFIG)
