"""The floor of bench/browser_case.py: a Streamlit page with one number input and its echo.

What any Streamlit page costs in this browser on this machine: the Case page's figures are
reported as ratios to this page's, measured in the same run.
"""

import streamlit as st

st.title("Floor", anchor=False)
value = st.number_input("Age (years)", value=None, step=1.0, key="floor_age")
st.subheader("Value none" if value is None else f"Value {value:g}", anchor=False)
