"""Bounded load test: N concurrent browser sessions entering cases for a fixed time.

Starts `streamlit run app.py` on a free loopback port (or uses `--url`, which must be a
loopback address), opens N browser contexts in one headless Chromium (N Streamlit
sessions, as N clinicians), waits until every session has loaded, then, all together
for `--duration` seconds (or for `--changes` changes per session), keeps changing one
input at a time, each across its SCORTEN
cut-off (so every change moves the score, or its range while inputs are missing). For
every change it measures the time from the input change to the updated score on screen
(the SCORTEN headline equal to the engine's headline for the new inputs), then waits
for the app's run to finish (websocket `script_finished`, `stApp` notRunning) before the
next change. No sleeps, no clock-based waits.

An error is: an exception box, a wrong or missing score, a timeout, a failed page load,
or a traceback in the server's log. The run fails (exit 1) on any error.

`--quick` is the test suite's mode, built so that slowness alone cannot fail it on a busy
two-core machine: 5 sessions, a fixed count of 4 changes each (not a time window), and
waits of 5 minutes per step; it still fails on any error above.

Usage: python bench/load_test.py [--quick] [--sessions N] [--duration S | --changes N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from google.protobuf.message import DecodeError
from playwright.async_api import Browser, Page, WebSocket, async_playwright, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import local_app
from bench.local_app import CHROMIUM, CHROMIUM_ARGS, ROOT, stop_server
from reports.wording import score_title
from scoring.case import score_case

OUT = ROOT / "bench" / "out"
ACTION_TIMEOUT_MS = 90_000  # generous: 20 sessions share the machine with the server
QUICK_TIMEOUT_MS = 300_000  # the suite's mode: a busy CI machine is slow, not wrong
QUICK_SESSIONS = 5
QUICK_CHANGES = 4
timeout_ms = ACTION_TIMEOUT_MS  # set once by main() from the mode, before any session
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
SKELETON = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'
EXCEPTION = '[data-testid="stException"]'

MALIGNANCY = "Malignancy (active, solid or haematological)"
# Inputs changed in turn, each between a value under and one over its SCORTEN cut-off,
# so every change moves the score (or its range while inputs are missing).
FIELDS: tuple[tuple[str, str, tuple[float, float]], ...] = (
    ("age_years", "Age (years)", (35, 45)),
    ("heart_rate_bpm", "Heart rate (/min)", (100, 130)),
    ("bsa_detached_pct", "Detached + detachable epidermis (% of body surface)", (5, 35)),
    ("urea_mmol_l", "Urea / BUN (mmol/L (urea))", (5, 12)),
    ("bicarbonate_mmol_l", "Bicarbonate (mmol/L = mEq/L)", (24, 18)),
    ("glucose_mmol_l", "Glucose (mmol/L)", (6, 20)),
)


def expected_headline(record: dict[str, Any]) -> str:
    """What the Case page must show for `record`: the engine's own score heading."""
    return score_title(score_case(record).scorten)


# --- the server -----------------------------------------------------------------------


def is_loopback(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    server = local_app.start_server(log_path)
    return server.process, server.url


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- one session ----------------------------------------------------------------------


def is_script_finished(payload: Any) -> bool:
    if not isinstance(payload, bytes | bytearray):
        return False
    try:
        return ForwardMsg.FromString(bytes(payload)).WhichOneof("type") == "script_finished"
    except DecodeError:
        return False


@dataclass
class Session:
    index: int
    page: Page | None = None
    socket: WebSocket | None = None
    latencies_ms: list[float] = field(default_factory=list)  # input -> score on screen
    run_ms: list[float] = field(default_factory=list)  # input -> script_finished received
    errors: list[str] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)


async def wait_ready(page: Page) -> None:
    await page.wait_for_selector(CONNECTED)
    await page.wait_for_selector(APP_READY)
    await expect(page.locator(SKELETON)).to_have_count(0, timeout=timeout_ms)


def headline(page: Page):
    return page.get_by_text(re.compile(r"^SCORTEN \d"))


async def open_session(browser: Browser, url: str, session: Session, shared=None) -> None:
    context = shared or await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(timeout_ms)
    page = await context.new_page()
    session.page = page

    def remember(ws: WebSocket) -> None:
        if "/_stcore/stream" in ws.url:
            session.socket = ws

    page.on("websocket", remember)
    await page.goto(url)
    await wait_ready(page)
    await expect(headline(page)).to_have_text(expected_headline({}), timeout=timeout_ms)


async def timed_change(session: Session, step: int) -> None:
    """One input change, timed until the page shows the updated score."""
    page, ws = session.page, session.socket
    assert page is not None and ws is not None
    if step == 0:  # the tri-state first: afterwards a complete case is possible
        label, value, show = MALIGNANCY, False, "No"
        name = "malignancy"
    else:
        name, label, (low, high) = FIELDS[(step + session.index) % len(FIELDS)]
        value = high if session.record.get(name) == low else low
        show = f"{value:g}"
    after = {**session.record, name: value}
    expected = expected_headline(after)
    finished_at: list[float] = []

    def finished(payload: Any) -> bool:
        if is_script_finished(payload):
            finished_at.append(time.perf_counter())
            return True
        return False

    async with ws.expect_event("framereceived", predicate=finished):
        began = time.perf_counter()
        if name == "malignancy":
            group = page.get_by_role("radiogroup", name=label, exact=True)
            await group.get_by_text(show, exact=True).click()
        else:
            box = page.get_by_label(label, exact=True)
            await box.fill(show)
            await box.press("Enter")  # the input change
        await expect(headline(page)).to_have_text(expected, timeout=timeout_ms)
        session.latencies_ms.append((time.perf_counter() - began) * 1000)
    session.run_ms.append((finished_at[0] - began) * 1000)
    session.record = after
    await wait_ready(page)
    if await page.locator(EXCEPTION).count():
        session.errors.append(f"session {session.index}: exception box after {name}")


async def change_loop(
    session: Session, start: asyncio.Event, stop_at: list[float], changes: int | None
) -> None:
    """Changes until the time window closes, or exactly `changes` of them when given."""
    await start.wait()
    step = 0
    while step < changes if changes is not None else time.monotonic() < stop_at[0]:
        await timed_change(session, step)
        step += 1


async def run_session(
    browser: Browser,
    url: str,
    session: Session,
    ready: asyncio.Queue,
    start: asyncio.Event,
    stop_at: list[float],
    changes: int | None,
    shared=None,
) -> None:
    try:
        try:
            await open_session(browser, url, session, shared)
        finally:
            await ready.put(session.index)
        await change_loop(session, start, stop_at, changes)
    except Exception as exc:  # a load test counts every failure as an error
        session.errors.append(f"session {session.index}: {type(exc).__name__}: {exc}"[:300])
    finally:
        if session.page is not None:
            if shared is None:
                await session.page.context.close()
            else:
                await session.page.close()


async def load(
    url: str, sessions: int, duration: float, changes: int | None, shared: bool
) -> dict[str, Any]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = (
            await browser.new_context(viewport={"width": 1400, "height": 1000}) if shared else None
        )
        try:
            ready: asyncio.Queue = asyncio.Queue()
            start = asyncio.Event()
            stop_at = [0.0]
            all_sessions = [Session(i) for i in range(sessions)]
            opened = time.monotonic()
            tasks = [
                asyncio.create_task(
                    run_session(browser, url, s, ready, start, stop_at, changes, context)
                )
                for s in all_sessions
            ]
            for _ in range(sessions):
                await ready.get()
            setup_s = time.monotonic() - opened
            stop_at[0] = time.monotonic() + duration
            start.set()
            await asyncio.gather(*tasks)
            measured_s = time.monotonic() - (stop_at[0] - duration)
        finally:
            await browser.close()
    latencies = [ms for s in all_sessions for ms in s.latencies_ms]
    errors = [e for s in all_sessions for e in s.errors]
    ordered = sorted(latencies)

    def pct(q: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)

    runs = sorted(ms for s in all_sessions for ms in s.run_ms)
    return {
        "run_p50_ms": round(statistics.median(runs), 1) if runs else None,
        "run_p95_ms": round(runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))], 1)
        if runs
        else None,
        "sessions": sessions,
        "duration_s": None if changes else duration,
        "changes_per_session": changes,
        "setup_s": round(setup_s, 1),
        "measured_s": round(measured_s, 1),
        "changes": len(latencies),
        "changes_per_s": round(len(latencies) / measured_s, 2) if measured_s else None,
        "sessions_with_changes": sum(1 for s in all_sessions if s.latencies_ms),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": pct(0.95),
        "max_ms": pct(1.0),
        "errors": len(errors),
        "error_samples": errors[:10],
    }


def server_log_errors(log_path: Path) -> list[str]:
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (the test suite's mode)")
    parser.add_argument("--sessions", type=int, help="concurrent sessions (20; quick 5)")
    parser.add_argument("--duration", type=float, help="seconds of changes (60)")
    parser.add_argument(
        "--changes", type=int, help="changes per session instead of a time window (quick 4)"
    )
    parser.add_argument("--url", help="a running app on a loopback address (default: start one)")
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    parser.add_argument(
        "--shared-context",
        action="store_true",
        help="all sessions as tabs of one browser context (shared HTTP cache)",
    )
    args = parser.parse_args(argv)
    global timeout_ms
    timeout_ms = QUICK_TIMEOUT_MS if args.quick else ACTION_TIMEOUT_MS
    sessions = args.sessions or (QUICK_SESSIONS if args.quick else 20)
    changes = args.changes or (QUICK_CHANGES if args.quick and args.duration is None else None)
    duration = args.duration or 60.0
    log_path = OUT / f"load_test_server_{os.getpid()}.log"
    process = None
    if args.url:
        if not is_loopback(args.url):
            parser.error("--url must be a loopback address (127.0.0.1, ::1, localhost)")
        url = args.url.rstrip("/")
    else:
        process, url = start_server(log_path)
    began = time.monotonic()
    try:
        report = asyncio.run(load(url, sessions, duration, changes, args.shared_context))
        if process is not None:
            server_cpu = cpu_seconds(process.pid)
            if server_cpu is not None:
                wall = time.monotonic() - began
                report["server_cpu_s"] = round(server_cpu, 1)
                report["server_cpu_share"] = round(server_cpu / wall, 2)
    finally:
        if process is not None:
            stop_server(process)
    if process is not None:
        log_errors = server_log_errors(log_path)
        report["server_log_errors"] = len(log_errors)
        report["errors"] += len(log_errors)
        report["error_samples"] += log_errors[:5]
    sessions_idle = report["sessions"] - report["sessions_with_changes"]
    if sessions_idle:  # a session that never got a change through is a failure too
        report["errors"] += sessions_idle
        report["error_samples"].append(f"{sessions_idle} sessions made no change")
    if process is not None and report["errors"] == 0:
        log_path.unlink(missing_ok=True)  # kept only when it may explain an error
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"Load test: {report['sessions']} concurrent sessions, "
            + (f"{changes} changes each " if changes else f"{duration:g} s of changes ")
            + f"(set-up {report['setup_s']} s), app on {url}"
        )
        print(
            f"  changes {report['changes']} ({report['changes_per_s']}/s), "
            f"input change -> updated score p50 {report['p50_ms']} ms, "
            f"p95 {report['p95_ms']} ms, max {report['max_ms']} ms"
        )
        print(
            f"  input change -> server run finished (websocket) p50 {report['run_p50_ms']} ms, "
            f"p95 {report['run_p95_ms']} ms"
        )
        if "server_cpu_s" in report:
            print(
                f"  server CPU {report['server_cpu_s']} s "
                f"({report['server_cpu_share']:.0%} of one core over the run)"
            )
        print(f"  errors {report['errors']}")
        for sample in report["error_samples"]:
            print(f"    {sample}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
