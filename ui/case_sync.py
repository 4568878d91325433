"""The one place where the Case page's widgets and the session case meet.

Streamlit has the widgets' new values (and has run their callbacks) before the page
script starts, so `sync()` at the top of a page copies them into the case before
anything is rendered, scored or offered for download: every view of the run, including
the "Download case file" button at the top, reads the case as it is on screen now.
The other direction (case -> widgets) is `case_form.load_into_widgets`, from callbacks.
"""

from __future__ import annotations

from reports.case_file import CaseDict, active_assessment
from ui import state
from ui.widgets import case_form


def sync() -> CaseDict:
    """The session case, with the input widgets' current values stored in it."""
    case = state.get_case()
    case_form.store_widgets(active_assessment(case))  # type: ignore[arg-type]
    return case
