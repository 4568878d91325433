"""Evidence page (being built)."""

import streamlit as st

st.title("Evidence")
st.info("This page is being built.")
