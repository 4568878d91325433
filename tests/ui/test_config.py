"""The server configuration the security claims rest on (SECURITY.md), read from the file
Streamlit reads, and the upload limits the app, its widgets and the server share."""

from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config as st_config

from cohort import upload
from reports import case_file

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_no_error_details_reach_the_browser():
    value = _config()["client"]["showErrorDetails"]
    assert value == "none"
    # "none" is one of the values this Streamlit accepts (not a deprecated boolean).
    description = st_config._config_options_template["client.showErrorDetails"].description
    assert '"none"' in description


def test_xsrf_and_cors_are_pinned_on():
    server = _config()["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True


def test_server_upload_limit_is_the_largest_widget_limit():
    # Streamlit's default is 200 MB: unset, a client that skips the widget could send it.
    assert _config()["server"]["maxUploadSize"] == max(
        upload.MAX_UPLOAD_MB, case_file.MAX_IMPORT_MB
    )


def test_app_byte_limits_are_the_widget_megabytes():
    # The browser counts 1 MB = 1,000,000 bytes: the app refuses exactly what the widget does.
    assert upload.MAX_UPLOAD_BYTES == upload.MAX_UPLOAD_MB * 1_000_000
    assert case_file.MAX_IMPORT_BYTES == case_file.MAX_IMPORT_MB * 1_000_000


def test_loopback_only_and_no_usage_statistics():
    config = _config()
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_focus_colour_is_blue_not_the_error_red():
    """The primary colour is the inputs' focus ring: not red, which reads as an error."""
    from ui.widgets.chart_config import contrast_ratio

    colour = _config()["theme"]["primaryColor"]
    assert colour.lower() not in ("#ff4b4b", "#ff2b2b")
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red and blue > green  # a blue
    assert contrast_ratio(colour) >= 4.5  # WCAG AA, text in it and white text on it
