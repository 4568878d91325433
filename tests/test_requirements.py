"""Two pinned requirement sets: runtime (`make run`) and development (`make test`)."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)$")
# What the app imports (app.py and every layer below it); each pulls in its dependencies.
RUNTIME_ROOTS = (
    "streamlit", "plotly", "pydantic", "fhir.resources", "PyYAML",
    "numpy", "pandas", "pyarrow", "scipy",
    "Authlib", "httpx",  # st.login (sign-in, README "Deploy"): streamlit[auth]
)  # fmt: skip
# scikit-learn checks the cohort figures in the tests only (tests/scoring/).
DEV_ONLY = (
    "pytest", "pytest-xdist", "pytest-cov", "pytest-randomly", "hypothesis", "playwright",
    "ruff", "mypy", "types-PyYAML", "oidc-provider-mock", "scikit-learn",
)  # fmt: skip
TEST_ONLY_IMPORTS = ("sklearn",)


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in _lines(name):
        if line == "-r requirements.txt":
            continue
        match = PIN.match(line)
        assert match, f"{name}: not pinned: {line}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _closure(roots: tuple[str, ...]) -> set[str]:
    seen: set[str] = set()
    stack = [canonicalize_name(r) for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                stack.append(canonicalize_name(requirement.name))
    return seen


def test_both_sets_are_pinned_and_disjoint():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert _lines("requirements-dev.txt")[0] == "-r requirements.txt"
    assert not set(runtime) & set(dev)


def test_runtime_set_is_complete_and_has_no_test_tools():
    runtime = _pins("requirements.txt")
    assert _closure(RUNTIME_ROOTS) <= set(runtime)
    assert not {canonicalize_name(n) for n in DEV_ONLY} & set(runtime)


def test_no_layer_of_the_app_imports_a_test_only_package():
    layers = ["app.py", *(str(p) for d in ("ui", "reports", "teaching", "cohort", "scoring",
              "knowledge") for p in (ROOT / d).rglob("*.py"))]  # fmt: skip
    for path in layers:
        text = (ROOT / path).read_text(encoding="utf-8")
        for name in TEST_ONLY_IMPORTS:
            assert not re.search(rf"^\s*(from|import) {name}\b", text, re.M), (path, name)


def test_development_set_holds_the_test_tools_and_their_dependencies():
    everything = {**_pins("requirements.txt"), **_pins("requirements-dev.txt")}
    assert _closure(DEV_ONLY) <= set(everything)


def test_pins_match_the_installed_environment():
    everything = {**_pins("requirements.txt"), **_pins("requirements-dev.txt")}
    for name, version in everything.items():
        assert metadata.version(name) == version, name


def _dry_run(target: str, tmp_path: Path) -> str:
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_installs_runtime_only_and_make_test_the_dev_set(tmp_path: Path):
    run = _dry_run("run", tmp_path)
    assert "-r requirements.txt" in run and "requirements-dev.txt" not in run
    test = _dry_run("test", tmp_path)
    assert "-r requirements-dev.txt" in test
    for commands in (run, test):  # a new venv first gets a pinned, current pip/setuptools
        assert re.search(r"pip install .*\n?.*pip==[\d.]+ setuptools==[\d.]+", commands)
