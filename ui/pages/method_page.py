"""Method page (being built)."""

import streamlit as st

st.title("Method")
st.info("This page is being built.")
