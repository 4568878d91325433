"""What-if controls for a teaching case: one slider per SCORTEN input, beside the curve.

The widget owns its keys (`teaching_whatif_<field>`); `reset()` forgets them so the next
render starts again from the case's own values (called when the case or day changes).
Values are in the rule's units (mmol/L), whatever unit the case was written in. Labels
and the result in words are in the reader's language; a label change keeps every value
(keyed widgets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from knowledge.i18n import Text
from scoring import scorten
from scoring.fields import FIELD_BY_NAME, FIELDS
from teaching.cases import TeachingCase
from teaching.whatif import WhatIf, what_if, whatif_start
from ui import i18n
from ui.i18n import t
from ui.widgets.chart_config import PLOTLY_CONFIG
from ui.widgets.mortality_curve import mortality_curve

KEY_PREFIX = "teaching_whatif_"
RESET_KEY = "teaching_whatif_reset"


@dataclass(frozen=True)
class SliderSpec:
    field: str
    label: Text  # the registry's (scoring.fields), shown in the reader's language
    low: float
    high: float
    step: float


# Slider ranges span what a teaching discussion needs on either side of each cut-off (the
# field registry, scoring.fields); a case value outside a range widens it, so a case is never
# clipped.
SLIDERS: tuple[SliderSpec, ...] = tuple(
    SliderSpec(f.name, f.whatif.label_text, f.whatif.low, f.whatif.high, f.whatif.step)
    for f in FIELDS
    if f.whatif is not None
)
# A toggle per yes/no input of SCORTEN (the registry's); malignancy is the only one today.
TOGGLES: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.kind == "boolean" and "SCORTEN" in f.feeds
)


def slider_format(step: float) -> str:
    """As many decimals as the step has: "59" for a step of 1 (it read "59.00", issue 22),
    "12.1" for a step of 0.1."""
    decimals = len(f"{step:g}".partition(".")[2])
    return "%d" if decimals == 0 else f"%.{decimals}f"


def keys() -> list[str]:
    return [f"{KEY_PREFIX}{name}" for name in [s.field for s in SLIDERS] + list(TOGGLES)]


def reset() -> None:
    for key in keys():
        st.session_state.pop(key, None)


def _controls(start: dict[str, Any], columns: int = 1) -> dict[str, Any]:
    values: dict[str, Any] = {}
    cells = st.columns(columns) if columns > 1 else [st.container()]
    for number, spec in enumerate(SLIDERS):
        cell = cells[number % len(cells)]
        value = float(round(start[spec.field] / spec.step) * spec.step)
        key = f"{KEY_PREFIX}{spec.field}"
        if key not in st.session_state:
            st.session_state[key] = value
        values[spec.field] = cell.slider(
            i18n.say(spec.label),
            min_value=min(spec.low, value),
            max_value=max(spec.high, value),
            step=spec.step,
            key=key,
            format=slider_format(spec.step),
        )
    for name in TOGGLES:
        key = f"{KEY_PREFIX}{name}"
        if key not in st.session_state:
            st.session_state[key] = bool(start[name])
        values[name] = st.toggle(i18n.say(FIELD_BY_NAME[name].label_text), key=key)
    st.button(t("teaching.whatif_reset"), key=RESET_KEY, on_click=reset)
    return values


def summary(change: WhatIf) -> list[str]:
    """The what-if result in words: score and mortality moves, then each flip."""
    if change.errors:
        return [t("teaching.whatif_no_score", error=i18n.issue_text(e)) for e in change.errors]
    lines = [
        t(
            "teaching.whatif_change",
            before=change.score_before,
            after=change.score_after,
            max=scorten.MAX_SCORE,
            before_pct=f"{change.mortality_before_pct:.1f}",
            after_pct=f"{change.mortality_after_pct:.1f}",
        )
    ]
    if not change.flips:
        lines.append(t("teaching.whatif_no_flip"))
    for flip in change.flips:
        state = "teaching.whatif_earns" if flip.after else "teaching.whatif_loses"
        lines.append(t(state, label=i18n.say(flip.label_text)))
    return lines


def _figure(change: WhatIf) -> go.Figure:
    fig = mortality_curve(change.score_after, change.score_after)
    if change.score_before is not None and change.score_before != change.score_after:
        fig.add_trace(
            go.Scatter(
                x=[change.score_before],
                y=[change.mortality_before_pct],
                mode="markers",
                name=t("teaching.whatif_as_written", score=change.score_before),
                # Plotly's symbol 100 is the open circle: the case as written, hollow.
                marker={"symbol": 100, "size": 16, "color": "#000000"},
            )
        )
    return fig


def show(case: TeachingCase, day: int, *, slider_columns: int = 1) -> WhatIf:
    """Sliders beside the curve; returns the what-if comparison shown. The presenter view
    sets the sliders in two columns, so the slide fits 1280 × 720."""
    left, right = st.columns([2, 3])
    with left:
        values = _controls(whatif_start(case, day), slider_columns)
    change = what_if(case, day, values)
    with right:
        for line in summary(change):
            st.markdown(line)
        st.plotly_chart(_figure(change), key="teaching_whatif_chart", config=PLOTLY_CONFIG)
    return change
