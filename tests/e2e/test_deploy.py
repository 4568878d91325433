"""The production set-up in deploy/ (README, "Deploy"), end to end in Chromium over HTTPS.

`python -m deploy.serve`, what `make serve` runs, starts two app processes on loopback and
Debian's nginx in front of them on high loopback ports, with a self-signed certificate and
a password file made by deploy/'s own scripts (Chromium told to accept the certificate). A
second set-up signs users in by OpenID Connect (`st.login`) against a real provider for
tests (oidc-provider-mock), without basic authentication. Each fixture stops what it
started and checks that the ports are closed again.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from playwright.sync_api import Error as PlaywrightError

from bench.local_app import free_port
from deploy.nginx_conf import ROUTE_COOKIE, max_upload_mb
from tests.e2e.conftest import (
    ARTIFACTS,
    ROOT,
    no_exception,
    number_input,
    open_app,
    screenshot,
    script_run,
    venv_python,
    wait_for_app,
    worker_name,
)
from tests.e2e.test_isolation import AGE, BICARBONATE, BSA, GLUCOSE, HEART_RATE, UREA
from tests.e2e.test_restart import LOST

# One worker runs this whole file (`--dist loadgroup`): one set-up, not one per worker.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("deploy")]

USER, PASSWORD = "ward-nurse", "correct horse battery staple"
START_TIMEOUT_S = 240.0  # two or three app processes starting on a busy 2-core machine
# Generous: the first page of a process just started, on a busy machine, is slow.
TIMEOUT_MS = 120_000
FIELDS = (AGE, HEART_RATE, BSA, UREA, BICARBONATE, GLUCOSE)
# 20 changes, each field several times (distinctive values: a mix-up would show).
VALUES = (
    61.17, 121.37, 12.53, 9.41, 19.27, 8.33, 62.19, 118.43, 14.71, 10.23,
    18.61, 9.07, 63.29, 116.53, 16.93, 11.39, 17.47, 7.71, 64.31, 114.67,
)  # fmt: skip
CHANGES = [(FIELDS[i % len(FIELDS)], f"{value:.2f}") for i, value in enumerate(VALUES)]
RELOAD_AFTER = (7, 14)  # the proxy reloads here: every WebSocket drops and reconnects
NAME, EMAIL, SUBJECT = "Dr Ada Example", "ada.example@hospital.test", "ada-example"


@dataclass
class Deployment:
    https: str
    http: str
    process: subprocess.Popen[bytes]
    log: Path
    ports: tuple[int, ...]

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _consecutive_free_ports(count: int) -> int:
    while True:
        first = free_port()
        if first + count < 65535 and not any(_listening(first + i) for i in range(count)):
            return first


def _wait_for_line(process: subprocess.Popen[bytes], log: Path, text: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        output = log.read_text(encoding="utf-8", errors="replace")
        if text in output:
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)  # polling the process's own output, not the clock
    raise RuntimeError(f"not started ({text!r} not seen):\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# Free ports are found by binding and letting go, so another process (the other test
# worker's server, an outgoing connection) can take one before an app binds it. Streamlit
# then says "Port N is not available" (nginx: "Address already in use") and it ends: only
# then are new ports picked.
PORT_TAKEN = re.compile(r"Port \d+ is not available|Address already in use")
PORT_ATTEMPTS = 3


def start_deployment(
    name: str, files: Path, processes: int, *args: str, https: int | None = None
) -> Deployment:
    """`python -m deploy.serve` on free loopback ports; ready once it says "Serving"."""
    for _ in range(PORT_ATTEMPTS - 1):
        try:
            return _start_deployment(name, files, processes, *args, https=https)
        except RuntimeError as exc:
            if not PORT_TAKEN.search(str(exc)):
                raise  # any other failure to start is the test's failure
    return _start_deployment(name, files, processes, *args, https=https)


def _start_deployment(
    name: str, files: Path, processes: int, *args: str, https: int | None
) -> Deployment:
    apps = _consecutive_free_ports(processes)
    https, http = https or free_port(), free_port()
    log = ARTIFACTS / "e2e" / f"deploy-{name}-{worker_name()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        venv_python(), "-m", "deploy.serve", "--processes", str(processes),
        "--first-app-port", str(apps), "--https-port", str(https), "--http-port", str(http),
        "--listen", "127.0.0.1", "--cert", str(files / "server.crt"),
        "--key", str(files / "server.key"), "--pid-file", str(files / f"{name}.pid"), *args,
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_line(process, log, "Serving https://")
    except RuntimeError:
        _stop(process)
        raise
    ports = (https, http, *range(apps, apps + processes))
    return Deployment(f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", process, log, ports)


def stop_deployment(deployment: Deployment) -> None:
    """Stop it as `make serve-stop` does; then nothing it started may still listen."""
    _stop(deployment.process)
    assert deployment.process.returncode == 0, deployment.logs()[-3000:]
    assert [port for port in deployment.ports if _listening(port)] == []


@pytest.fixture(scope="module")
def files() -> Iterator[Path]:
    """Certificate, key and password file, made by the documented commands."""
    folder = Path(tempfile.mkdtemp(prefix="sjs-deploy-test-"))
    try:
        subprocess.run([ROOT / "deploy" / "make-self-signed-cert.sh", folder], check=True)
        subprocess.run(
            [ROOT / "deploy" / "add-user.sh", USER, folder / "htpasswd"],
            input=PASSWORD.encode(),
            check=True,
        )
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def proxy(files: Path) -> Iterator[Deployment]:
    deployment = start_deployment("basic", files, 2, "--htpasswd", str(files / "htpasswd"))
    try:
        yield deployment
    finally:
        stop_deployment(deployment)


@pytest.fixture(scope="module")
def signed_in_proxy(files: Path) -> Iterator[Deployment]:
    """One app process with sign-in by OpenID Connect; no basic authentication."""
    port = free_port()
    provider_log = ARTIFACTS / "e2e" / f"deploy-oidc-provider-{worker_name()}.log"
    claims = json.dumps({"sub": SUBJECT, "name": NAME, "email": EMAIL})
    command = [str(Path(venv_python()).parent / "oidc-provider-mock"), "--port", str(port)]
    with provider_log.open("w", encoding="utf-8") as out:
        provider = subprocess.Popen(
            [*command, "--user-claims", claims], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_line(provider, provider_log, f"127.0.0.1:{port}")
        https = free_port()
        secrets = files / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "https://127.0.0.1:{https}/oauth2callback"\n'
            f'cookie_secret = "{"k" * 16}{free_port()}{"s" * 16}"\n'
            'client_id = "sjs-ten-test"\n'
            'client_secret = "test-client-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        deployment = start_deployment(
            "oidc",
            files,
            1,
            "--no-basic-auth",
            f"--app-arg=--secrets.files={secrets}",
            https=https,
        )
        try:
            yield deployment
        finally:
            stop_deployment(deployment)
    finally:
        _stop(provider)
        assert not _listening(port)


def new_context(browser: Browser, credentials: bool = True) -> BrowserContext:
    extra: dict[str, Any] = (
        {"http_credentials": {"username": USER, "password": PASSWORD}} if credentials else {}
    )
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 1400, "height": 1000}, **extra
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def assert_security_headers(headers: dict[str, str]) -> None:
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert re.fullmatch(r"max-age=\d{7,}", headers["strict-transport-security"])


def test_without_credentials_the_proxy_answers_401(browser: Browser, proxy: Deployment) -> None:
    context = new_context(browser, credentials=False)
    try:
        # Chromium, asked for a password it has not got, shows nothing of the app.
        with pytest.raises(PlaywrightError, match="ERR_INVALID_AUTH_CREDENTIALS"):
            context.new_page().goto(proxy.https)
        answer = context.request.get(proxy.https)
        assert answer.status == 401
        assert answer.headers["www-authenticate"].startswith("Basic ")
        assert_security_headers(answer.headers)
        for path in ("/_stcore/health", "/_stcore/stream", "/drugs"):
            assert context.request.get(proxy.https + path).status == 401, path
    finally:
        context.close()
    wrong = browser.new_context(
        ignore_https_errors=True, http_credentials={"username": USER, "password": "wrong"}
    )
    try:
        assert wrong.request.get(proxy.https).status == 401
    finally:
        wrong.close()


def test_plain_http_redirects_to_https(browser: Browser, proxy: Deployment) -> None:
    context = new_context(browser)
    try:
        answer = context.request.get(proxy.http + "/teaching?case=x", max_redirects=0)
        assert answer.status == 301
        assert answer.headers["location"] == proxy.https + "/teaching?case=x"
        page = context.new_page()
        page.goto(proxy.http)
        assert page.url == proxy.https + "/"
        wait_for_app(page, TIMEOUT_MS)
    finally:
        context.close()


def test_a_body_over_the_apps_limit_gets_413_from_the_proxy(
    browser: Browser, proxy: Deployment
) -> None:
    limit = max_upload_mb() * 1024 * 1024  # the app's own limit, in Streamlit's unit (MiB)
    context = new_context(browser)
    try:
        url = proxy.https + "/_stcore/upload_file/no-session/no-file"
        over = context.request.put(url, data=b"x" * (limit + 1))
        assert over.status == 413
        assert "nginx" in over.text()  # nginx's own page: the body never reached the app
        assert_security_headers(over.headers)
        at_limit = context.request.put(url, data=b"x" * limit)
        assert at_limit.status != 413  # passed on to the app, which refuses it itself
    finally:
        context.close()


def reconnect_after_a_proxy_reload(page: Page, proxy: Deployment) -> None:
    """SIGHUP (`make serve-reload`): nginx's old workers drop every WebSocket; the browser
    opens a new one, which must reach the process that holds its session."""
    with page.expect_event("websocket", timeout=TIMEOUT_MS):
        proxy.process.send_signal(signal.SIGHUP)
    wait_for_app(page, TIMEOUT_MS)


def test_a_case_across_20_changes_stays_on_its_process(
    browser: Browser, proxy: Deployment, tmp_path: Path
) -> None:
    context = new_context(browser)
    refused: list[str] = []

    def note_csp(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    try:
        answer = context.request.get(proxy.https + "/")
        assert answer.status == 200
        assert_security_headers(answer.headers)
        page = context.new_page()
        page.on("console", note_csp)
        open_app(page, proxy.https, TIMEOUT_MS)
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies[ROUTE_COOKIE]["secure"] and cookies[ROUTE_COOKIE]["httpOnly"]
        assert cookies["_streamlit_xsrf"]["secure"]  # the app's own cookie, made Secure

        for number, (label, value) in enumerate(CHANGES, start=1):
            field = number_input(page, label)
            with script_run(page, TIMEOUT_MS):
                field.fill(value)
                field.press("Enter")
            if number in RELOAD_AFTER:
                reconnect_after_a_proxy_reload(page, proxy)

        latest = dict(CHANGES)
        main = page.get_by_test_id("stMain")
        for label, value in latest.items():
            expect(number_input(page, label)).to_have_value(value, timeout=TIMEOUT_MS)
        expect(main.get_by_text(LOST)).to_have_count(0)
        no_exception(page)
        # The case file comes over plain HTTP(S) from the session's process, not the socket.
        with page.expect_download() as info:
            main.get_by_role("button", name="Download case file (JSON)").click()
        saved = tmp_path / "case.json"
        info.value.save_as(saved)
        case = json.loads(saved.read_text(encoding="utf-8"))
        stored = {float(v) for day in case["assessments"] for v in day["inputs"].values()
                  if isinstance(v, int | float) and not isinstance(v, bool)}  # fmt: skip
        assert {float(v) for v in latest.values()} <= stored
        assert refused == []
        screenshot(page, "deploy-case-through-the-proxy")
    finally:
        context.close()


def test_sign_in_by_openid_connect(browser: Browser, signed_in_proxy: Deployment) -> None:
    context = new_context(browser, credentials=False)
    try:
        page = context.new_page()
        page.goto(signed_in_proxy.https)
        wait_for_app(page, TIMEOUT_MS)
        sign_in = page.get_by_role("button", name="Sign in")
        expect(sign_in).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        expect(number_input(page, AGE)).to_have_count(0)  # no case page signed out

        sign_in.click()
        page.get_by_role("button", name=SUBJECT, exact=True).click()  # the provider's form
        page.wait_for_url(signed_in_proxy.https + "/**", timeout=TIMEOUT_MS)
        wait_for_app(page, TIMEOUT_MS)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text(f"Signed in as {NAME}")).to_be_visible(timeout=TIMEOUT_MS)
        expect(number_input(page, AGE)).to_be_visible(timeout=TIMEOUT_MS)
        no_exception(page)
        screenshot(page, "deploy-signed-in")

        # Nothing of the user kept by the server: not in its output.
        logs = signed_in_proxy.logs()
        assert NAME not in logs and EMAIL not in logs
        # Signing out ends it: the sign-in page again, the identity cookie gone.
        sidebar.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="End session").click()  # the provider's own page
        page.wait_for_url(signed_in_proxy.https + "/**", timeout=TIMEOUT_MS)
        wait_for_app(page, TIMEOUT_MS)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
        assert not [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    finally:
        context.close()
