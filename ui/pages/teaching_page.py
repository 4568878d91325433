"""Teaching page (being built)."""

import streamlit as st

st.title("Teaching")
st.info("This page is being built.")
