"""Body-surface helper: detached share per region -> total % BSA, fed into the field.

Region shares come from knowledge/data/body_surface.yaml (rule of nines for adults,
age-adjusted Lund-Browder for children); the sum is knowledge.body_surface's. The
regional entries live only in this session's widget state (cleared with the case).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from knowledge import body_surface
from knowledge.i18n import Lang
from reports.wording import fmt_number
from ui.i18n import lang, t

CHART_KEY = "case_bsa_chart"
APPLY_KEY = "case_bsa_apply"


@st.cache_data  # static reference data only: the file, never a case value
def _data() -> body_surface.BodySurface:
    return body_surface.load()


def _chart_label(chart_id: str, lang: Lang) -> str:
    # Module-level, not a lambda: widget options must pickle (serialisable session state);
    # the language bound when drawn (see ui/pages/case_page.py `_day_label`).
    return _data().chart(chart_id).name(lang)


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
        t("bsa.chart"),
        list(charts),
        format_func=partial(_chart_label, lang=lang()),
        key=CHART_KEY,
        help=t("bsa.chart_help"),
    )
    chart = charts[chart_id]
    st.caption(data.palm_hint_in(lang()))
    st.caption(t("bsa.region_caption"))
    shares: dict[str, float | None] = {}
    columns = st.columns(2)
    for i, region in enumerate(chart.regions):
        with columns[i % 2]:
            shares[region.id] = st.number_input(
                t("bsa.region", region=region.name(lang()), pct=fmt_number(region.pct)),
                min_value=0.0,
                max_value=100.0,
                value=None,
                step=5.0,
                key=region_key(chart.id, region.id),
                placeholder=t("bsa.none"),
            )
    if all(v is None for v in shares.values()):
        return None
    total = body_surface.detached_pct(chart, shares)
    st.markdown(t("bsa.total", total=f"{total:.1f}"))
    st.button(
        t("bsa.apply", total=f"{total:.1f}"),
        key=APPLY_KEY,
        on_click=_apply,
        args=(target_key, total),
    )
    st.caption(t("bsa.source", source=data.sources[chart.source]))
    return total
