"""Cohort page in Chromium against a one-input Streamlit page (the floor), in one run.

Four figures, each as the Cohort page's time and its ratio to the floor's:

    first line, cold   a fresh tab opening the Cohort page until its heading is on screen,
                       the first load after the server started (the page's imports run
                       then); floor: its heading, first load after its start
    first line, warm   the same on later loads
    demo -> results    a fresh tab on the Cohort page: "Load the synthetic demo cohort"
                       clicked until the figures are on screen (the AUROC metric), and until
                       both charts are drawn; floor: a typed value until the page echoes it

Issue 22 measured about 3 s to the first line and about 5 s to load the demo cohort. The
figures are printed, never enforced: the machine is shared, so the test suite runs
`--quick` for correctness only (the demo's 400 rows read, no exception, no traceback).

With `--against DIR` (another checkout of the project, e.g. `git archive` of an earlier
commit) its Cohort page is served too and measured the same way, interleaved sample by
sample with this one's (alternating which goes first): the before/after ratio of a change,
on the same machine in the same minutes.

Usage: python bench/browser_cohort.py [--quick] [--rounds N] [--loads N] [--demos N]
                                      [--against DIR] [--json]
Each round starts the servers afresh (one cold load each), then times warm loads and demo
loads. Exit status 1 when a run timed out, showed a wrong count or an exception.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

from bench.browser_timing import (  # noqa: E402
    EXCEPTION,
    TIMEOUT_MS,
    chromium,
    heading_shows,
    ms_since,
    new_tab,
    problem,
    ready,
    stats,
)
from bench.local_app import AppServer, start_server, stop_server  # noqa: E402

OUT = ROOT / "bench" / "out"
COHORT_HEADING = "Cohort validation"
DEMO_BUTTON = ".st-key-cohort_load_demo button"
DEMO_ROWS = "400"  # knowledge/data/synthetic_cohort.csv
CHARTS = 2  # calibration and ROC
FLOOR_VALUE = 45


def _metric(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _charts_drawn(page: Page) -> None:
    page.wait_for_function(
        "(n) => document.querySelectorAll('.stPlotlyChart .main-svg').length >= n",
        arg=CHARTS,
        polling="raf",
        timeout=TIMEOUT_MS,
    )


def first_line(browser: Browser, server: AppServer, floor: bool) -> float:
    page = new_tab(browser)
    try:
        start = time.perf_counter()
        page.goto(server.url if floor else f"{server.url}/cohort", wait_until="commit")
        heading_shows(page, "Floor" if floor else COHORT_HEADING)
        elapsed = ms_since(start)
        ready(page)
        return elapsed
    finally:
        page.context.close()


def demo_load(browser: Browser, server: AppServer) -> tuple[float, float]:
    """(ms to the figures, ms to both charts drawn) after the demo button is clicked."""
    page = new_tab(browser)
    try:
        page.goto(f"{server.url}/cohort")
        ready(page)
        start = time.perf_counter()
        page.locator(DEMO_BUTTON).click()
        page.get_by_test_id("stMetric").filter(has_text="AUROC").wait_for(timeout=TIMEOUT_MS)
        figures = ms_since(start)
        _charts_drawn(page)
        charts = ms_since(start)
        ready(page)
        if _metric(page, "Rows read") != DEMO_ROWS:
            raise RuntimeError(f"the demo cohort shows {_metric(page, 'Rows read')} rows read")
        if page.locator(EXCEPTION).count():
            raise RuntimeError("an exception box is shown")
        return figures, charts
    finally:
        page.context.close()


def floor_input(browser: Browser, server: AppServer) -> float:
    page = new_tab(browser)
    try:
        page.goto(server.url)
        ready(page)
        field = page.locator(".st-key-floor_age input")
        field.fill(str(FLOOR_VALUE))
        start = time.perf_counter()
        field.press("Enter")
        heading_shows(page, f"Value {FLOOR_VALUE}")
        elapsed = ms_since(start)
        ready(page)
        return elapsed
    finally:
        page.context.close()


def _round(
    browser: Browser, loads: int, demos: int, times: dict[str, list[float]], against: Path | None
) -> None:
    """The servers started afresh: one cold load each, then warm loads and demo loads, the
    pages taking turns (the earlier version, if any, first on every other turn)."""
    servers = {
        "floor": start_server(OUT / "browser-cohort-floor.log", app="bench/floor_app.py"),
        "cohort": start_server(OUT / "browser-cohort-app.log"),
    }
    if against is not None:
        servers["against"] = start_server(OUT / "browser-cohort-against.log", root=against)
    pages = [name for name in servers if name != "floor"]
    try:
        times["floor_cold"].append(first_line(browser, servers["floor"], floor=True))
        for name in pages:
            times[f"{name}_cold"].append(first_line(browser, servers[name], floor=False))
        for turn in range(loads):
            times["floor_warm"].append(first_line(browser, servers["floor"], floor=True))
            for name in pages[:: -1 if turn % 2 else 1]:
                times[f"{name}_warm"].append(first_line(browser, servers[name], floor=False))
        for turn in range(demos):
            times["floor_input"].append(floor_input(browser, servers["floor"]))
            for name in pages[:: -1 if turn % 2 else 1]:
                figures, charts = demo_load(browser, servers[name])
                times[f"{name}_figures"].append(figures)
                times[f"{name}_charts"].append(charts)
    finally:
        for name, server in servers.items():
            stop_server(server.process)
            if "Traceback" in server.logs():
                raise RuntimeError(f"traceback in the {name} server's log")


def _ratio(times: dict[str, list[float]], case: str, floor: str) -> float:
    return round(statistics.median(times[case]) / statistics.median(times[floor]), 2)


FIGURES = ("cold", "warm", "figures", "charts")
# Each figure's floor: a fresh load of the one-input page, or a value typed into it.
FLOOR_OF = {
    "cold": "floor_cold",
    "warm": "floor_warm",
    "figures": "floor_input",
    "charts": "floor_input",
}


def bench(rounds: int, loads: int, demos: int, against: Path | None = None) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    pages = ("cohort", "against") if against is not None else ("cohort",)
    names = [*FLOOR_OF.values(), *(f"{p}_{f}" for p in pages for f in FIGURES)]
    times: dict[str, list[float]] = {name: [] for name in names}
    problems: list[str] = []
    report: dict = {"rounds": rounds, "loads": loads, "demos": demos}
    report["against"] = str(against) if against is not None else None
    try:
        with chromium() as browser:
            for _ in range(rounds):
                _round(browser, loads, demos, times, against)
    except (PlaywrightError, RuntimeError) as exc:
        problems.append(problem(exc))
    report["errors"] = len(problems)
    report["problems"] = problems
    if problems:
        return report
    report.update({name: stats(values) for name, values in times.items() if values})
    for figure in FIGURES:
        report[f"{figure}_ratio"] = _ratio(times, f"cohort_{figure}", FLOOR_OF[figure])
        if against is not None:
            report[f"{figure}_vs_against"] = _ratio(times, f"cohort_{figure}", f"against_{figure}")
    return report


TITLES = {
    "cold": "first line, cold",
    "warm": "first line, warm",
    "figures": "demo -> figures",
    "charts": "demo -> charts",
}


def print_report(report: dict) -> None:
    print(
        f"Cohort page in Chromium vs a one-input page, {report['rounds']} server starts, "
        f"{report['loads']} warm loads and {report['demos']} demo loads each"
    )
    if report["errors"]:
        print(f"  errors {report['errors']}")
        for problem_text in report["problems"]:
            print(f"    {problem_text}")
        return
    for figure in FIGURES:
        c, f = report[f"cohort_{figure}"], report[FLOOR_OF[figure]]
        print(
            f"  {TITLES[figure]:17} cohort p50 {c['p50_ms']:7.1f} ms (p95 {c['p95_ms']:7.1f}); "
            f"floor p50 {f['p50_ms']:7.1f} ms; ratio {report[f'{figure}_ratio']:.2f}x"
        )
    if report["against"]:
        print(f"  against {report['against']} (the same samples, interleaved):")
        for figure in FIGURES:
            a = report[f"against_{figure}"]
            print(
                f"  {TITLES[figure]:17} against p50 {a['p50_ms']:7.1f} ms (p95 "
                f"{a['p95_ms']:7.1f}); this / against {report[f'{figure}_vs_against']:.2f}x"
            )
    print("  errors 0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round (the tests' mode)")
    parser.add_argument("--rounds", type=int, help="server starts (default 3, quick 1)")
    parser.add_argument("--loads", type=int, help="warm loads per round (default 4, quick 1)")
    parser.add_argument("--demos", type=int, help="demo loads per round (default 4, quick 1)")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 3)
    loads = args.loads or (1 if args.quick else 4)
    demos = args.demos or (1 if args.quick else 4)
    report = bench(rounds, loads, demos, args.against)
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
