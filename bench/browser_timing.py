"""Timing helpers shared by the Chromium benchmarks (bench/browser_case.py,
bench/browser_cohort.py): waits that poll on every animation frame, fresh tabs, medians."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, sync_playwright

from bench.local_app import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 90_000  # generous: the machine is shared
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
VIEWPORT = {"width": 1400, "height": 1000}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def stats(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
    }


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def ready(page: Page) -> None:
    page.wait_for_selector(APP_READY, timeout=TIMEOUT_MS)


def heading_shows(page: Page, text: str) -> None:
    """Wait, polling on every animation frame, until a heading reads exactly `text`."""
    page.wait_for_function(
        """(text) => [...document.querySelectorAll('h1, h2, h3')]
            .some((h) => h.innerText.trim() === text)""",
        arg=text,
        polling="raf",
        timeout=TIMEOUT_MS,
    )


def new_tab(browser: Browser) -> Page:
    """A tab in a fresh context: its own cache, as a first visit."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium for one benchmark run, closed after it."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def problem(exc: Exception) -> str:
    """A failed run, as the report lists it."""
    return f"{type(exc).__name__}: {str(exc)[:300]}"
