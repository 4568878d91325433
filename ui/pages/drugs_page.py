"""Drugs page (being built)."""

import streamlit as st

st.title("Drugs")
st.info("This page is being built.")
