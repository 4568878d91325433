"""How every Plotly chart of the app is shown: no mode bar, and large type when projected.

The mode bar's eight buttons sat in the keyboard tab order after the last input (issue 15)
and offer nothing a clinician needs (hover still shows the values), so it is off.
"""

from __future__ import annotations

import plotly.graph_objects as go

PLOTLY_CONFIG: dict[str, object] = {"displayModeBar": False, "displaylogo": False}

# Read from the back row of a lecture room at 1280 × 720 (issue 15): larger tick labels
# and titles; text in near-black, ≥ 4.5:1 on the white background (WCAG AA).
PRESENTER_TEXT_COLOUR = "#1a1a1a"  # 17.4:1 on white
PRESENTER_TICK_SIZE = 22
PRESENTER_AXIS_TITLE_SIZE = 24
PRESENTER_TITLE_SIZE = 26
PRESENTER_LEGEND_SIZE = 18


def for_presenter(fig: go.Figure, height: int = 520) -> go.Figure:
    """The same figure in projection type sizes (a copy; the original is unchanged)."""
    big = go.Figure(fig)
    text = {"color": PRESENTER_TEXT_COLOUR}
    big.update_layout(
        font={**text, "size": PRESENTER_LEGEND_SIZE},
        title={"font": {**text, "size": PRESENTER_TITLE_SIZE}},
        # Below the axis title, which grows with the type (the legend would overlap it).
        legend={"font": {**text, "size": PRESENTER_LEGEND_SIZE}, "y": -0.3, "yanchor": "top"},
        margin={"l": 80, "r": 20, "t": 60, "b": 150},
        height=height,
    )
    axis = {
        "tickfont": {**text, "size": PRESENTER_TICK_SIZE},
        "title": {"font": {**text, "size": PRESENTER_AXIS_TITLE_SIZE}},
        "linecolor": PRESENTER_TEXT_COLOUR,
        "gridcolor": "#d0d0d0",
    }
    big.update_xaxes(**axis)
    big.update_yaxes(**axis)
    return big


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
