"""Sign-in through the hospital's OpenID Connect provider (Streamlit's `st.login`).

Off unless `.streamlit/secrets.toml` has an `[auth]` section (README, "Deploy"). Signed out,
only a page offering sign-in is drawn: no navigation, no case page. Signed in, the sidebar
names the user and offers sign-out. The app keeps nothing of the user: `st.user` is read
for this run only, never copied into session state, a cache or a log.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.widgets.markdown_text import escape

# The first claim the provider sent, in this order, names the user on screen.
NAME_CLAIMS = ("name", "preferred_username", "email", "sub")


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all: sign-in is off
        return False


def require_sign_in() -> None:
    """Stop the run here unless sign-in is off or the user has signed in."""
    if not sign_in_configured():
        return
    if not st.user.is_logged_in:
        st.title(t("app.title"))
        st.write(t("session.sign_in_text"))
        st.button(t("session.sign_in"), type="primary", on_click=st.login)
        st.stop()
    name = next(
        (str(st.user[c]) for c in NAME_CLAIMS if st.user.get(c)), t("session.signed_in_user")
    )
    with st.sidebar:
        st.caption(t("session.signed_in_as", name=escape(name)))
        st.button(t("session.sign_out"), on_click=st.logout)
