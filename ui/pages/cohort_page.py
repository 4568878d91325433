"""Cohort page (being built)."""

import streamlit as st

st.title("Cohort")
st.info("This page is being built.")
