"""Entry point: page configuration and navigation only (pages live in ui/pages/)."""

from pathlib import Path

import streamlit as st

from ui.auth import require_sign_in
from ui.widgets import session_note, sidebar_fold

# A local file: a ":material/...:" page icon is fetched from a third-party font server on
# every load, which fails on an offline hospital network (issue 15).
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"

st.set_page_config(
    page_title="SJS/TEN decision support",
    page_icon=str(FAVICON),
    layout="wide",
)
# Off unless sign-in is configured in .streamlit/secrets.toml (README, "Deploy").
require_sign_in()

pages = {
    "Assess a case": [
        st.Page(
            "ui/pages/case_page.py", title="Case", icon=":material/monitor_heart:", default=True
        ),
        st.Page(
            "ui/pages/drugs_page.py", title="Drugs", url_path="drugs", icon=":material/medication:"
        ),
    ],
    "Reference": [
        st.Page(
            "ui/pages/evidence_page.py",
            title="Evidence",
            url_path="evidence",
            icon=":material/menu_book:",
        ),
        st.Page(
            "ui/pages/method_page.py",
            title="Method",
            url_path="method",
            icon=":material/functions:",
        ),
    ],
    "Teach and audit": [
        st.Page(
            "ui/pages/teaching_page.py",
            title="Teaching",
            url_path="teaching",
            icon=":material/school:",
        ),
        st.Page(
            "ui/pages/cohort_page.py", title="Cohort", url_path="cohort", icon=":material/groups:"
        ),
    ],
}

# One flat list, in the order of the sections above: Streamlit draws sections as <div>s
# inside the navigation's <ul>, which axe reports as a serious list violation (issue 15).
# A server restart is noticed on whatever the first action is, before the page runs: the
# Case and Drugs pages say it with their note; every other page says it here, on top.
session_note.notice_restart()
page = st.navigation([page for section in pages.values() for page in section])
sidebar_fold.install()  # a narrow window's sidebar folds after a page is picked in it
if page.title not in ("Case", "Drugs"):
    session_note.warning("app")
page.run()
