"""Case page: severity from the bedside inputs (first version; the full page is issue 5)."""

import streamlit as st

from scoring.case import score_case
from scoring.units import BUN_IS_NITROGEN_NOTE

st.title("Case")
st.caption("Decision support for clinicians — not a substitute for clinical judgement.")

TRISTATE = {"Unknown": None, "No": False, "Yes": True}

inputs, results = st.columns([1, 1.4], gap="large")
with inputs:
    record: dict = {}
    record["age_years"] = st.number_input("Age (years)", min_value=None, value=None, step=1.0)
    record["heart_rate_bpm"] = st.number_input("Heart rate (/min)", value=None, step=1.0)
    record["malignancy"] = TRISTATE[
        st.radio("Malignancy (active)", list(TRISTATE), horizontal=True, key="malignancy")
    ]
    record["bsa_detached_pct"] = st.number_input(
        "Detached + detachable epidermis (% BSA)", value=None, step=1.0
    )
    urea_unit = st.radio(
        "Urea unit", ["mmol/L (urea)", "mg/dL (BUN)"], horizontal=True, help=BUN_IS_NITROGEN_NOTE
    )
    urea = st.number_input(f"Urea / BUN ({urea_unit})", value=None, step=0.1)
    record["urea_mmol_l" if urea_unit.startswith("mmol") else "bun_mg_dl"] = urea
    record["bicarbonate_mmol_l"] = st.number_input("Bicarbonate (mmol/L)", value=None, step=0.1)
    glucose_unit = st.radio("Glucose unit", ["mmol/L", "mg/dL"], horizontal=True)
    glucose = st.number_input(f"Glucose ({glucose_unit})", value=None, step=0.1)
    record["glucose_mmol_l" if glucose_unit == "mmol/L" else "glucose_mg_dl"] = glucose

result = score_case({k: v for k, v in record.items() if v is not None})
with results:
    for issue in result.errors:
        st.error(issue.message)
    s = result.scorten
    if result.valid:
        if s.score is not None:
            st.metric("SCORTEN", f"{s.score} of 7")
            st.write(f"Predicted mortality {s.mortality_logistic:.1%}")
        else:
            st.metric("SCORTEN", f"{s.min}-{s.max} of 7")
            st.write(f"Missing: {', '.join(s.missing)}")
        for row in s.criteria:
            mark = "•" if row.met is None else ("✓" if row.met else "✗")
            st.write(f"{mark} {row.rule}: {row.input_value if row.met is not None else 'missing'}")
    for issue in result.warnings:
        st.warning(issue.message)
