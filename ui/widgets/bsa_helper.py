"""Body-surface helper: detached share per region -> total % BSA, fed into the field.

Region shares come from knowledge/data/body_surface.yaml (rule of nines for adults,
age-adjusted Lund-Browder for children); the sum is knowledge.body_surface's. The
regional entries live only in this session's widget state (cleared with the case).
"""

from __future__ import annotations

import streamlit as st

from knowledge import body_surface
from reports.wording import fmt_number

CHART_KEY = "case_bsa_chart"
APPLY_KEY = "case_bsa_apply"


@st.cache_data  # static reference data only: the file, never a case value
def _data() -> body_surface.BodySurface:
    return body_surface.load()


def _chart_label(chart_id: str) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state).
    return _data().chart(chart_id).label


def region_key(chart_id: str, region_id: str) -> str:
    return f"case_bsa_{chart_id}_{region_id}"


def _apply(target_key: str, total: float) -> None:
    # A callback runs before the next render, the only time a widget's value may be set.
    st.session_state[target_key] = round(total, 1)


def show(target_key: str) -> float | None:
    """Render the helper; return the total detached % when any region was filled."""
    data = _data()
    charts = {c.id: c for c in data.charts}
    chart_id = st.selectbox(
        "Body chart",
        list(charts),
        format_func=_chart_label,
        key=CHART_KEY,
        help="Rule of nines for adults; Lund-Browder adjusts head and leg shares for age.",
    )
    chart = charts[chart_id]
    st.caption(data.palm_hint)
    st.caption(
        "For each region, the share of that region that is detached or detachable "
        "(Nikolsky-positive), in %; leave blank if none."
    )
    shares: dict[str, float | None] = {}
    columns = st.columns(2)
    for i, region in enumerate(chart.regions):
        with columns[i % 2]:
            shares[region.id] = st.number_input(
                f"{region.label} ({fmt_number(region.pct)} % of body) — % detached",
                min_value=0.0,
                max_value=100.0,
                value=None,
                step=5.0,
                key=region_key(chart.id, region.id),
                placeholder="none",
            )
    if all(v is None for v in shares.values()):
        return None
    total = body_surface.detached_pct(chart, shares)
    st.markdown(f"**Total detached: {total:.1f} % of body surface**")
    st.button(
        f"Use {total:.1f} % in the detachment field",
        key=APPLY_KEY,
        on_click=_apply,
        args=(target_key, total),
    )
    st.caption(f"Source: {data.sources[chart.source]}")
    return total
