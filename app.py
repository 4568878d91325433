"""Entry point: page configuration and navigation only (pages live in ui/pages/)."""

from pathlib import Path

import streamlit as st

from ui import i18n
from ui.auth import require_sign_in
from ui.widgets import page_scripts, session_note

# A local file: a ":material/...:" page icon is fetched from a third-party font server on
# every load, which fails on an offline hospital network (issue 15).
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"

# The language first: every title below is in it (ui/i18n.py: URL, session, browser).
i18n.init()
st.set_page_config(
    page_title=i18n.t("app.title"),
    page_icon=str(FAVICON),
    layout="wide",
)
# Off unless sign-in is configured in .streamlit/secrets.toml (README, "Deploy").
require_sign_in()

pages = {
    "assess": [
        st.Page(
            "ui/pages/case_page.py",
            title=i18n.t("app.page_case"),
            icon=":material/monitor_heart:",
            default=True,
        ),
        st.Page(
            "ui/pages/drugs_page.py",
            title=i18n.t("app.page_drugs"),
            url_path="drugs",
            icon=":material/medication:",
        ),
    ],
    "reference": [
        st.Page(
            "ui/pages/evidence_page.py",
            title=i18n.t("app.page_evidence"),
            url_path="evidence",
            icon=":material/menu_book:",
        ),
        st.Page(
            "ui/pages/method_page.py",
            title=i18n.t("app.page_method"),
            url_path="method",
            icon=":material/functions:",
        ),
    ],
    "teach": [
        st.Page(
            "ui/pages/teaching_page.py",
            title=i18n.t("app.page_teaching"),
            url_path="teaching",
            icon=":material/school:",
        ),
        st.Page(
            "ui/pages/cohort_page.py",
            title=i18n.t("app.page_cohort"),
            url_path="cohort",
            icon=":material/groups:",
        ),
    ],
}

# One flat list, in the order of the sections above: Streamlit draws sections as <div>s
# inside the navigation's <ul>, which axe reports as a serious list violation (issue 15).
# A server restart is noticed on whatever the first action is, before the page runs: the
# Case and Drugs pages say it with their note; every other page says it here, on top.
session_note.notice_restart()
i18n.selector()
page = st.navigation([page for section in pages.values() for page in section])
page_scripts.install()  # folds a narrow window's sidebar; the page's language
# The Case and Drugs pages say it in their own session note.
if page.url_path not in ("", "drugs"):
    session_note.warning("app")
page.run()
