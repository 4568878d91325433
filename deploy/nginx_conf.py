"""The nginx configuration of a deployment, rendered from deploy/site.conf.template.

Values come from one `ProxySettings`; the request-body limit is read from the app's own
`.streamlit/config.toml` (server.maxUploadSize), so the proxy and the app cannot disagree.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib.util
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATE = ROOT / "deploy" / "site.conf.template"
APP_CONFIG = ROOT / ".streamlit" / "config.toml"
ROUTE_COOKIE = "sjs_route"
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
# The app's own inline scripts (ui/widgets/page_scripts.py sends these files' text as is).
APP_SCRIPTS = (ROOT / "ui" / "static" / "fold_sidebar.js", ROOT / "ui" / "static" / "page_lang.js")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def streamlit_index() -> Path:
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise RuntimeError("streamlit is not installed: run `make serve` from the project")
    return Path(spec.origin).parent / "static" / "index.html"


def inline_script_hashes(index: Path | None = None) -> list[str]:
    """CSP sources for the inline scripts of the installed Streamlit's page, each allowed
    by its SHA-256 (no 'unsafe-inline'); read from the file, so a Streamlit update that
    changes them needs no edit here."""
    text = (index or streamlit_index()).read_text(encoding="utf-8")
    return [script_hash(body) for body in INLINE_SCRIPT.findall(text)]


def script_hash(body: str) -> str:
    """A CSP source allowing the inline script whose text is `body`."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def app_script_hashes() -> list[str]:
    """The app's own inline scripts, read from their files (deploy/ imports nothing of the
    app): a changed script changes its hash here by itself."""
    return [script_hash(path.read_text(encoding="utf-8")) for path in APP_SCRIPTS]


def content_security_policy() -> str:
    """What Streamlit's own front end needs, and nothing from another origin.
    frame-ancestors 'none' (and X-Frame-Options DENY) stop click-jacking; img-src and
    connect-src 'self' stop an image beacon even if some text ever escaped the escaping."""
    return "; ".join(
        (
            "default-src 'self'",
            " ".join(["script-src 'self'", *inline_script_hashes(), *app_script_hashes()]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


@dataclass(frozen=True)
class ProxySettings:
    app_ports: tuple[int, ...]
    cert: Path
    key: Path
    htpasswd: Path | None  # None: no basic authentication (sign-in by OpenID Connect)
    https_port: int = 443
    http_port: int = 80
    listen: str = "0.0.0.0"
    server_name: str = "_"


def max_upload_mb(config: Path = APP_CONFIG) -> int:
    """The app's upload limit in MiB (Streamlit's unit), from its config file."""
    with config.open("rb") as handle:
        value = tomllib.load(handle)["server"]["maxUploadSize"]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"server.maxUploadSize in {config} must be a whole number of MB")
    return value


def _basic_auth(htpasswd: Path | None) -> str:
    if htpasswd is None:
        return "    # No basic authentication: users sign in through the app (st.login, OIDC)."
    return f'    auth_basic "SJS/TEN decision support";\n    auth_basic_user_file {htpasswd};'


def render_site(settings: ProxySettings, config: Path = APP_CONFIG) -> str:
    """The http-context configuration: upstream, redirect server, HTTPS server."""
    if not settings.app_ports:
        raise ValueError("at least one app process is needed")
    values = {
        "ROUTE_COOKIE": ROUTE_COOKIE,
        "UPSTREAM_SERVERS": "\n".join(
            f"    server 127.0.0.1:{port} max_fails=0;" for port in settings.app_ports
        ),
        "LISTEN": settings.listen,
        "HTTP_PORT": str(settings.http_port),
        "HTTPS_PORT": str(settings.https_port),
        "HTTPS_PORT_SUFFIX": "" if settings.https_port == 443 else f":{settings.https_port}",
        "SERVER_NAME": settings.server_name,
        "CERT": str(settings.cert),
        "KEY": str(settings.key),
        "MAX_BODY": f"{max_upload_mb(config)}m",
        "BASIC_AUTH": _basic_auth(settings.htpasswd),
        "CSP": content_security_policy(),
    }
    return fill(SITE_TEMPLATE.read_text(encoding="utf-8"), values)


def render_main(run_dir: Path, site: Path, worker_user: str | None) -> str:
    """A whole nginx.conf for one foreground nginx whose files all live in `run_dir`."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {run_dir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = f"user {worker_user};\n" if worker_user else ""
    return (
        "# Written by deploy/serve.py for one run (nginx in the foreground).\n"
        f"{user}"
        "worker_processes auto;\n"
        f"pid {run_dir / 'nginx.pid'};\n"
        "error_log stderr warn;\n"
        "# A reload closes idle WebSockets after this; browsers reconnect to their process.\n"
        "worker_shutdown_timeout 5s;\n"
        "events {\n    worker_connections 1024;\n}\n"
        "http {\n"
        "    # No access log: it would hold addresses and user names, never case values\n"
        "    # (none are in URLs), but nothing here needs it. A site may turn it on.\n"
        "    access_log off;\n"
        f"{temp_paths}\n"
        "    default_type application/octet-stream;\n"
        f"    include {site};\n"
        "}\n"
    )


def fill(template: str, values: dict[str, str]) -> str:
    missing = set(PLACEHOLDER.findall(template)) - set(values)
    if missing:
        raise KeyError(f"no value for {sorted(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def main(argv: list[str] | None = None) -> int:
    """Print the site file for the system nginx (/etc/nginx/sites-enabled/), for a site
    that runs the app processes itself (README, "Deploy")."""
    parser = argparse.ArgumentParser(prog="python -m deploy.nginx_conf", description=main.__doc__)
    parser.add_argument("--app-ports", required=True, help="comma-separated, e.g. 8501,8502")
    parser.add_argument("--cert", type=Path, required=True)
    parser.add_argument("--key", type=Path, required=True)
    parser.add_argument("--htpasswd", type=Path, help="omit for sign-in by OpenID Connect only")
    parser.add_argument("--server-name", default="_")
    args = parser.parse_args(argv)
    ports = tuple(int(port) for port in args.app_ports.split(","))
    settings = ProxySettings(
        ports, args.cert, args.key, args.htpasswd, server_name=args.server_name
    )
    sys.stdout.write(render_site(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
