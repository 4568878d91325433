"""`make serve`: N app processes on loopback behind one nginx (HTTPS, sign-in, sticky).

Runs in the foreground. Starts each `streamlit run app.py` on 127.0.0.1, waits until each
answers its health check, writes nginx's configuration into a fresh run directory, checks it
(`nginx -t`) and starts nginx in the foreground. Ctrl-C, SIGTERM (`make serve-stop`) or the
end of any of them stops all of them and removes the run directory: everything it starts,
it stops. SIGHUP (`make serve-reload`) re-reads the certificate and the password file.
Nothing is written anywhere else but the pid file.

    python -m deploy.serve --processes 2 --cert C --key K --htpasswd H
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from deploy.nginx_conf import ROOT, ProxySettings, render_main, render_site

NGINX = "/usr/sbin/nginx"
LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 15.0
# Debian's nginx workers run as this user when the master starts as root.
WORKER_USER = "www-data"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    local = ROOT / "deploy" / "local"
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__)
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--first-app-port", type=int, default=8501, help="loopback ports from")
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--http-port", type=int, default=8080)
    parser.add_argument("--listen", default="0.0.0.0", help="the proxy's address")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--cert", type=Path, default=local / "tls" / "server.crt")
    parser.add_argument("--key", type=Path, default=local / "tls" / "server.key")
    parser.add_argument("--htpasswd", type=Path, default=local / "htpasswd")
    parser.add_argument(
        "--no-basic-auth",
        action="store_true",
        help="no password at the proxy: only with sign-in configured in .streamlit/secrets.toml",
    )
    parser.add_argument("--pid-file", type=Path, default=local / "serve.pid")
    parser.add_argument(
        "--app-arg",
        action="append",
        default=[],
        help="one more argument for every `streamlit run` (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    for name in ("cert", "key") + (() if args.no_basic_auth else ("htpasswd",)):
        path: Path = getattr(args, name)
        if not path.is_file():
            parser.error(f"--{name} {path}: no such file (README, section Deploy)")
    return args


def _healthy(port: int) -> bool:
    try:
        url = f"http://{LOOPBACK}:{port}/_stcore/health"
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_app(port: int, extra: Sequence[str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        LOOPBACK,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        *extra,
    ]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_healthy(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app on port {port} ended (status {process.returncode})")
        if _healthy(port):
            return
        time.sleep(0.2)  # polling the health endpoint
    raise RuntimeError(f"the app on port {port} did not answer its health check")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)


def prepare_run_dir(run_dir: Path, args: argparse.Namespace, app_ports: tuple[int, ...]) -> None:
    """nginx.conf, site.conf and a copy of the password file readable by nginx's workers."""
    as_root = os.geteuid() == 0
    htpasswd = None
    if not args.no_basic_auth:
        htpasswd = run_dir / "htpasswd"
        htpasswd.unlink(missing_ok=True)  # a reload copies it again
        shutil.copyfile(args.htpasswd, htpasswd)
        htpasswd.chmod(0o400)
        if as_root:  # workers read it on every request; the original may stay root-only
            os.chown(htpasswd, pwd.getpwnam(WORKER_USER).pw_uid, -1)
    if as_root:
        run_dir.chmod(0o711)  # workers may pass through, not list
    settings = ProxySettings(
        app_ports=app_ports,
        cert=args.cert.resolve(),
        key=args.key.resolve(),
        htpasswd=htpasswd,
        https_port=args.https_port,
        http_port=args.http_port,
        listen=args.listen,
        server_name=args.server_name,
    )
    site = run_dir / "site.conf"
    site.write_text(render_site(settings), encoding="utf-8")
    main = run_dir / "nginx.conf"
    main.write_text(render_main(run_dir, site, WORKER_USER if as_root else None), "utf-8")


def nginx_command(run_dir: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-e", "stderr", *extra]


def reload_proxy(
    run_dir: Path,
    args: argparse.Namespace,
    app_ports: tuple[int, ...],
    nginx: subprocess.Popen[bytes],
) -> None:
    """SIGHUP (`make serve-reload`): a renewed certificate or a changed password file is
    taken up without stopping the apps. nginx starts new workers; the old ones close their
    WebSockets within worker_shutdown_timeout and each browser reconnects to its process."""
    global _reload_requested
    _reload_requested = False
    try:
        prepare_run_dir(run_dir, args, app_ports)
        subprocess.run(nginx_command(run_dir, "-t", "-q"), check=True)
    except (OSError, KeyError, ValueError, subprocess.CalledProcessError) as error:
        print(f"serve: not reloaded, the running configuration stays: {error}", file=sys.stderr)
        return
    nginx.send_signal(signal.SIGHUP)
    print("Reloaded the proxy's configuration.", flush=True)


class StopRequestedError(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise StopRequestedError


_reload_requested = False


def _request_reload(signum: int, frame: FrameType | None) -> None:
    global _reload_requested  # a signal handler can only leave a flag
    _reload_requested = True


def serve(args: argparse.Namespace) -> int:
    app_ports = tuple(args.first_app_port + index for index in range(args.processes))
    started: list[subprocess.Popen[bytes]] = []
    run_dir: Path | None = None
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGHUP, _request_reload)
    args.pid_file.parent.mkdir(parents=True, exist_ok=True)
    args.pid_file.write_text(f"{os.getpid()}\n", encoding="utf-8")
    status = 0
    try:
        apps = [start_app(port, args.app_arg) for port in app_ports]
        started.extend(apps)
        for process, port in zip(apps, app_ports, strict=True):
            wait_healthy(process, port)
        run_dir = Path(tempfile.mkdtemp(prefix="sjs-serve-"))
        prepare_run_dir(run_dir, args, app_ports)
        subprocess.run(nginx_command(run_dir, "-t", "-q"), check=True)
        started.append(subprocess.Popen(nginx_command(run_dir, "-g", "daemon off;")))
        host = "<this host>" if args.server_name == "_" else args.server_name
        print(
            f"Serving https://{host}:{args.https_port}/ "
            f"(apps on {LOOPBACK}:{', '.join(map(str, app_ports))}); Ctrl-C or "
            "`make serve-stop` stops it.",
            flush=True,
        )
        while all(process.poll() is None for process in started):
            time.sleep(0.5)  # watching the children; a signal ends the wait at once
            if _reload_requested:
                reload_proxy(run_dir, args, app_ports, started[-1])
        print("A process ended on its own: stopping the others.", file=sys.stderr)
        status = 1
    except StopRequestedError:
        pass
    except (RuntimeError, OSError, KeyError, ValueError, subprocess.CalledProcessError) as error:
        print(f"serve: {error}", file=sys.stderr)
        status = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for process in reversed(started):  # the proxy first, then the apps
            stop(process)
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)
        args.pid_file.unlink(missing_ok=True)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    return serve(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
