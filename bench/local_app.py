"""A local Streamlit server and Debian's Chromium, shared by the e2e tests and bench/.

Loopback only: the server binds 127.0.0.1 on a free port and is polled on its health
endpoint. Chromium is Debian's (/usr/bin/chromium): Playwright cannot download its own here,
and the flags keep it from reaching for the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0


def venv_python() -> str:
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running `streamlit run app.py` and where its output goes."""

    url: str
    port: int
    log_path: Path
    process: subprocess.Popen

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_server(
    log_path: Path,
    app: str = "app.py",
    attempts: int = 3,
    port: int | None = None,
    root: Path = ROOT,
) -> AppServer:
    """Start the app on a free loopback port (or on `port`, e.g. to restart a server the
    browser is still connected to); retry on a port taken in between. `root`: the checkout
    to serve (another one is a benchmark's earlier version, run with this one's Python)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    last_error = ""
    chosen = port
    for _ in range(attempts):
        port = chosen or free_port()
        command = [
            venv_python(),
            "-m",
            "streamlit",
            "run",
            app,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            HOST,
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--server.runOnSave",
            "false",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env, text=True
        )
        log.close()  # the child keeps its own handle
        url = f"http://{HOST}:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            if _healthy(url):
                return AppServer(url=url, port=port, log_path=log_path, process=process)
            time.sleep(0.1)  # polling the health endpoint, not waiting on the app's state
        stop_server(process)
        last_error = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"streamlit did not become healthy on {HOST}:\n{last_error}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
