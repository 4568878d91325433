"""Drug timeline: one bar per drug against days relative to the index day.

The shaded band is ALDEN's "suggestive" delay (first intake 5-28 days before the index
day), read from scoring.alden so the picture and the score use the same numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from scoring import alden
from ui.widgets.drug_table import parse_date
from ui.widgets.markdown_text import plotly_text

BAR_COLOUR = "#4C6A92"
WINDOW_COLOUR = "rgba(230, 159, 0, 0.18)"  # colour-blind-safe orange, light


def suggestive_window() -> tuple[int, int]:
    """(earliest, latest) start, in days relative to the index day (negative = before)."""
    return (-alden.DELAY_SUGGESTIVE_LAST_DAY, -(alden.DELAY_LIKELY_LAST_DAY + 1))


def bars(drugs: list[dict[str, Any]], index_day: date) -> list[dict[str, Any]]:
    """Plot rows for drugs with a readable start; others are left out (their errors are
    shown with the table)."""
    rows = []
    for i, drug in enumerate(drugs):
        start = parse_date(drug.get("start"))
        if start is None:
            continue
        stop = parse_date(drug.get("stop"))
        still_taken = stop is None
        end = 0 if stop is None else (stop - index_day).days
        name = drug.get("name") or f"drug {i + 1}"
        rows.append(
            {
                # Plotly reads HTML in labels: the typed name is escaped for it.
                "label": f"{i + 1}. {plotly_text(name)}",
                "start": (start - index_day).days,
                "end": end,
                "still_taken": still_taken,
            }
        )
    return rows


def figure(drugs: list[dict[str, Any]], index_day: date) -> go.Figure:
    rows = bars(drugs, index_day)
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
        hover = f"{row['label']}<br>first intake: day {row['start']:+d}<br>" + (
            "still taken on the index day"
            if row["still_taken"]
            else f"last intake: day {row['end']:+d}"
        )
        fig.add_trace(
            go.Scatter(
                x=[row["start"], row["end"]],
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
    fig.add_vline(
        x=0,
        line_width=2,
        line_dash="dash",
        line_color="#B22222",
    )
    # Labels above the plot area, ending at the window's edge and starting at the index
    # day, so they never cover a bar or each other.
    above = {"yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False}
    fig.add_annotation(
        x=latest,
        xanchor="right",
        text=f"first intake {-latest}-{-earliest} days before: suggestive delay",
        **above,
    )
    fig.add_annotation(x=0, xanchor="left", text="index day (first skin or mucosal signs)", **above)
    fig.update_layout(
        height=160 + 40 * max(len(rows), 1),
        margin={"l": 10, "r": 10, "t": 50, "b": 50},
        xaxis={"title": "Days relative to the index day (negative = before)", "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig


def show(drugs: list[dict[str, Any]], index_day: date | None, *, key: str = "drugs_timeline"):
    if index_day is None:
        st.caption("Enter the index day to draw the timeline.")
        return
    if not bars(drugs, index_day):
        st.caption("No drug with a first-intake date to draw yet.")
        return
    st.plotly_chart(figure(drugs, index_day), key=key, width="stretch")
