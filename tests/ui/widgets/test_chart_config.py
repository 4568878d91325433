"""Every Plotly chart hides its mode bar; the presenter's charts read from the back row."""

from __future__ import annotations

import ast
from pathlib import Path

from ui.widgets.chart_config import (
    PLOTLY_CONFIG,
    PRESENTER_TICK_SIZE,
    contrast_ratio,
    for_presenter,
)
from ui.widgets.mortality_curve import mortality_curve

ROOT = Path(__file__).resolve().parents[3]
WCAG_AA_TEXT = 4.5


def plotly_chart_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "plotly_chart"
            ):
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def test_every_chart_hides_the_mode_bar() -> None:
    calls = plotly_chart_calls()
    assert len(calls) >= 6  # case curve and trend, timeline, what-if, cohort x2, presenter
    missing = [
        where
        for where, call in calls
        if not any(
            k.arg == "config" and isinstance(k.value, ast.Name) and k.value.id == "PLOTLY_CONFIG"
            for k in call.keywords
        )
    ]
    assert missing == []
    assert PLOTLY_CONFIG["displayModeBar"] is False


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert round(contrast_ratio("#000000"), 1) == 21.0
    assert round(contrast_ratio("#ffffff"), 1) == 1.0
    assert round(contrast_ratio("#767676"), 2) == 4.54  # the classic AA-passing grey


def test_presenter_figure_has_large_ticks_and_readable_colours() -> None:
    original = mortality_curve(3, 3)
    big = for_presenter(original)
    assert big.layout.xaxis.tickfont.size == PRESENTER_TICK_SIZE >= 20
    assert big.layout.yaxis.tickfont.size == PRESENTER_TICK_SIZE
    assert original.layout.xaxis.tickfont.size is None  # the Case page's chart is unchanged
    colours = {big.layout.font.color, big.layout.xaxis.tickfont.color, big.layout.title.font.color}
    for trace in big.data:
        if trace.line.color:
            colours.add(trace.line.color)
        if isinstance(trace.marker.color, str):
            colours.add(trace.marker.color)
    low = {c: round(contrast_ratio(c), 2) for c in colours if contrast_ratio(c) < WCAG_AA_TEXT}
    assert low == {}
