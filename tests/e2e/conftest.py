"""Browser tests against the real app (style guide #21: wait for Streamlit, not the clock).

One `streamlit run app.py` per pytest(-xdist) worker on a free loopback port, ready when
`/_stcore/health` answers; its stdout/stderr go to `artifacts/e2e/` so tests can read the
server's logs. One headless Chromium per worker (Debian's, Playwright cannot fetch its own
here), one fresh browser context per test.

Waiting: after an action the page waits for the server's `script_finished` message on the
app's websocket (decoded with Streamlit's own protobuf), then for the `stApp` element to
report `data-test-script-state="notRunning"` with no skeleton left. No sleeps.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import DecodeError
from playwright.sync_api import Browser, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser_timing import chromium
from bench.local_app import (  # re-exported: the e2e tests import these from here
    ROOT,
    AppServer,
    start_server,
    stop_server,
    venv_python,
)

__all__ = ["ROOT", "AppServer", "venv_python"]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# Sized for a busy two-core CI machine: a slow step is waited for, never a failure by itself.
ACTION_TIMEOUT_MS = 60_000
expect.set_options(timeout=ACTION_TIMEOUT_MS)  # the assertions wait as long as the actions
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SKELETON = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'
EXCEPTION = '[data-testid="stException"]'


def worker_name() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    server = start_server(ARTIFACTS / "e2e" / f"streamlit-{worker_name()}.log")
    try:
        yield server
    finally:
        stop_server(server.process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:  # the benchmarks' launch: Debian's Chromium, same flags
        yield launched


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            _save_screenshot(tab, f"FAILED-{request.node.name}", full_page=True)
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# --- waiting for Streamlit -------------------------------------------------------------

_SOCKETS: dict[int, WebSocket] = {}


def _is_script_finished(payload: Any) -> bool:
    if not isinstance(payload, bytes | bytearray):
        return False
    try:
        message = ForwardMsg.FromString(bytes(payload))
    except DecodeError:  # not a ForwardMsg: some other frame
        return False
    return message.WhichOneof("type") == "script_finished"


def open_app(page: Page, url: str, timeout: float = ACTION_TIMEOUT_MS) -> Page:
    """Load the app (or one of its pages) and wait until its first script run is shown."""

    def remember(ws: WebSocket) -> None:
        if "/_stcore/stream" in ws.url:
            _SOCKETS[id(page)] = ws

    page.on("websocket", remember)
    page.goto(url)
    wait_for_app(page, timeout)
    return page


def wait_for_app(page: Page, timeout: float = ACTION_TIMEOUT_MS) -> None:
    """Connected, the script not running, and no skeleton left on the page."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    page.wait_for_selector(APP_READY, timeout=timeout)
    expect(page.locator(SKELETON)).to_have_count(0, timeout=timeout)


@contextmanager
def script_run(page: Page, timeout: float = ACTION_TIMEOUT_MS) -> Iterator[None]:
    """Around an action that makes Streamlit rerun: wait for that run to finish."""
    ws = _SOCKETS.get(id(page))
    if ws is None:
        raise RuntimeError("open the page with open_app() so its websocket is followed")
    with ws.expect_event("framereceived", predicate=_is_script_finished, timeout=timeout):
        yield
    wait_for_app(page, timeout)


def number_input(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def fill_number(page: Page, label: str, value: float | int | None) -> None:
    """Type a value (None clears it) into the number input labelled `label`, commit it."""
    field = number_input(page, label)
    text = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    if field.input_value() == text:
        return  # nothing would change, so Streamlit would not rerun
    with script_run(page):
        field.fill(text)
        field.press("Enter")


def choose_radio(page: Page, label: str, option: str) -> None:
    """Pick `option` in the radio group labelled `label`."""
    group = page.get_by_role("radiogroup", name=label, exact=True)
    choice = group.get_by_text(option, exact=True)
    if group.get_by_role("radio", name=option, exact=True).is_checked():
        return
    with script_run(page):
        choice.click()


def go_to(page: Page, title: str) -> None:
    """Open a page from the sidebar navigation by its title."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    with script_run(page):
        link.click()


# The review screenshots (`make screenshots`) cost about a third of a browser test's time, so
# the suite takes them only when asked; a failing test's screenshot is always taken.
REVIEW_SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS") == "1"


def _save_screenshot(page: Page, name: str, *, full_page: bool) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name.removesuffix(".png"))
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def screenshot(page: Page, name: str) -> None:
    """The whole page, for the review (only under `make screenshots`)."""
    if REVIEW_SCREENSHOTS:
        _save_screenshot(page, name, full_page=True)


def viewport_screenshot(page: Page, name: str) -> None:
    """What the window shows, for the review (only under `make screenshots`)."""
    if REVIEW_SCREENSHOTS:
        _save_screenshot(page, name, full_page=False)


def no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.fixture
def own_server() -> Iterator[list]:
    """A server of this test only (a test restarts it); the list holds the live one."""
    log = ARTIFACTS / "e2e" / "streamlit-restart.log"
    servers = [start_server(log)]
    try:
        yield servers
    finally:
        stop_server(servers[-1].process)


def run_json_script(args: list[str], timeout: float = 900) -> dict:
    """Run a bench/ script in its `--json` mode; its last stdout line, parsed, once it
    exited 0 (the scripts exit 1 on any error, which the report then names)."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    report = json.loads(lines[-1])
    assert done.returncode == 0, (report, done.stderr[-3000:])
    return report
