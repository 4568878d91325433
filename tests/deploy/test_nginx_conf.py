"""The rendered nginx configuration (deploy/nginx_conf.py); nginx itself runs in
tests/e2e/test_deploy.py."""

from __future__ import annotations

import base64
import hashlib
import tomllib
from pathlib import Path

import pytest

from deploy import nginx_conf, serve
from deploy.nginx_conf import (
    APP_CONFIG,
    PLACEHOLDER,
    ROOT,
    ProxySettings,
    app_script_hashes,
    content_security_policy,
    fill,
    inline_script_hashes,
    max_upload_mb,
    render_main,
    render_site,
)

SETTINGS = ProxySettings(
    app_ports=(8501, 8502, 8503),
    cert=Path("/etc/ssl/sjs/server.crt"),
    key=Path("/etc/ssl/sjs/server.key"),
    htpasswd=Path("/etc/nginx/sjs.htpasswd"),
)
# SHA-256 of the empty string, base64 (FIPS 180-4 test vector, as CSP writes it).
EMPTY_SHA256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def _config(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f"[server]\nmaxUploadSize = {value}\n", encoding="utf-8")
    return path


def test_the_body_limit_is_the_apps_own_setting():
    with APP_CONFIG.open("rb") as handle:
        app_limit = tomllib.load(handle)["server"]["maxUploadSize"]
    assert max_upload_mb() == app_limit
    assert f"client_max_body_size {app_limit}m;" in render_site(SETTINGS)


@pytest.mark.parametrize("value", ["0", "-1", "true", '"5"', "5.5"])
def test_a_limit_that_is_not_a_whole_positive_number_is_refused(tmp_path: Path, value: str):
    with pytest.raises(ValueError, match="maxUploadSize"):
        max_upload_mb(_config(tmp_path, value))


def test_every_placeholder_is_filled_and_every_process_is_upstream():
    site = render_site(SETTINGS)
    assert PLACEHOLDER.search(site) is None
    for port in SETTINGS.app_ports:
        assert f"server 127.0.0.1:{port} max_fails=0;" in site
    assert "hash $sjs_route consistent;" in site
    assert "ssl_certificate     /etc/ssl/sjs/server.crt;" in site
    assert "ssl_certificate_key /etc/ssl/sjs/server.key;" in site
    assert "auth_basic_user_file /etc/nginx/sjs.htpasswd;" in site
    assert "return 301 https://$host$request_uri;" in site  # port 443: no port in the URL
    assert 'proxy_set_header Authorization "";' in site  # the password stays at the proxy


def test_a_redirect_names_a_port_other_than_443_and_no_password_file_means_no_basic_auth():
    settings = ProxySettings(
        app_ports=(9000,), cert=Path("c"), key=Path("k"), htpasswd=None, https_port=8443
    )
    site = render_site(settings)
    assert "return 301 https://$host:8443$request_uri;" in site
    assert "auth_basic" not in site


def test_no_app_process_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        render_site(ProxySettings(app_ports=(), cert=Path("c"), key=Path("k"), htpasswd=None))


def test_a_missing_value_is_refused_not_left_in_the_file():
    with pytest.raises(KeyError, match="PORT"):
        fill("listen {{PORT}};", {})


def test_inline_scripts_are_allowed_by_their_hash_only(tmp_path: Path):
    index = tmp_path / "index.html"
    index.write_text(
        '<script src="./a.js"></script><script></script><script type="module" src="b.js"></script>',
        encoding="utf-8",
    )
    assert inline_script_hashes(index) == [EMPTY_SHA256]
    policy = content_security_policy()
    assert "'unsafe-inline'" not in policy.split("; ")[1]  # script-src
    assert "frame-ancestors 'none'" in policy and "'unsafe-eval'" not in policy


def test_the_apps_own_scripts_are_allowed_by_the_hash_of_their_files():
    """ui/widgets/page_scripts.py sends ui/static/fold_sidebar.js and page_lang.js inline:
    the policy names each file's SHA-256, so the browser runs them and nothing else inline."""
    digests = []
    for name in ("fold_sidebar.js", "page_lang.js"):
        script = (ROOT / "ui" / "static" / name).read_text(encoding="utf-8")
        digests.append(base64.b64encode(hashlib.sha256(script.encode()).digest()).decode())
    assert app_script_hashes() == [f"'sha256-{digest}'" for digest in digests]
    script_src = content_security_policy().split("; ")[1]
    assert all(f"'sha256-{digest}'" in script_src.split() for digest in digests)


def test_the_main_file_keeps_everything_in_its_run_directory(tmp_path: Path):
    main = render_main(tmp_path, tmp_path / "site.conf", worker_user="www-data")
    assert main.startswith("# Written by deploy/serve.py")
    assert "user www-data;" in main and f"include {tmp_path / 'site.conf'};" in main
    assert f"pid {tmp_path / 'nginx.pid'};" in main
    assert "daemon" not in main  # the foreground is chosen on the command line
    assert "\nuser " not in render_main(tmp_path, tmp_path / "site.conf", worker_user=None)


def test_serve_refuses_to_start_without_its_files(tmp_path: Path, capsys):
    with pytest.raises(SystemExit):
        serve.parse_args(["--cert", str(tmp_path / "missing.crt")])
    assert "missing.crt: no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        serve.parse_args(["--processes", "0"])


def test_the_site_file_for_the_system_nginx_is_printed(capsys):
    assert nginx_conf.main(["--app-ports", "8501,8502", "--cert", "/c", "--key", "/k"]) == 0
    site = capsys.readouterr().out
    assert "server 127.0.0.1:8502 max_fails=0;" in site and "auth_basic" not in site
