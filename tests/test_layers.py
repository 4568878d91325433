"""Static layer check: every project import points down the layers (ARCHITECTURE.md).

    ui  ->  reports | teaching | cohort  ->  scoring  ->  knowledge

- `knowledge/` (data, pydantic models, loaders) imports nothing of the project;
- `scoring/` (pure rules) may import `knowledge`;
- the application packages `reports/`, `teaching/`, `cohort/` may import `scoring` and
  `knowledge`, and none of them imports another (so no cycle can form between them);
- `ui/` may import everything below it. `app.py`, `tools/`, `bench/` and `tests/` sit on top.

Imports are read with `ast`, including imports inside functions (a lazy import is still an
arrow). Streamlit stays in `ui/` and `app.py`: ruff's TID251 rule (pyproject.toml) bans it
elsewhere, and this file checks that the rule is still configured and still true.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Rank of each project package: an import may only go to a lower rank (or stay in its package).
RANK: dict[str, int] = {
    "knowledge": 0,
    "scoring": 1,
    "reports": 2,
    "teaching": 2,
    "cohort": 2,
    "ui": 3,
    "app": 4,
    "tools": 4,
    "bench": 4,
    "tests": 5,
}
LAYERED = ("knowledge", "scoring", "reports", "teaching", "cohort", "ui")
STREAMLIT_ALLOWED = ("ui", "app")


def _package(module: str) -> str:
    return module.split(".", 1)[0]


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in `source`, relative imports resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from ..a import b
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                if node.module is None:  # from .. import x: x is a module of `base`
                    found += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
                    continue
                target = ".".join([*base, node.module])
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Imports in `source` (the code of `module`) that break the layer order."""
    own = _package(module)
    bad = []
    for line, target in imported_modules(source, module, is_package):
        other = _package(target)
        if other == own or other not in RANK:
            continue  # the package itself, the standard library or a third-party package
        if RANK[other] >= RANK[own]:
            bad.append(f"{module}:{line} imports {target} ({own} may not import {other})")
    return bad


def streamlit_imports(source: str, module: str) -> list[str]:
    if _package(module) in STREAMLIT_ALLOWED:
        return []
    return [
        f"{module}:{line} imports {target}"
        for line, target in imported_modules(source, module)
        if _package(target) == "streamlit"
    ]


def _sources() -> list[Path]:
    return sorted(p for package in LAYERED for p in (ROOT / package).rglob("*.py"))


def test_there_is_code_in_every_layer() -> None:
    packages = {_package(_module_of(p)) for p in _sources()}
    assert packages == set(LAYERED)


def test_every_import_points_down_the_layers() -> None:
    problems = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        problems += upward_imports(source, _module_of(path), path.name == "__init__.py")
    assert problems == []


def test_streamlit_only_in_the_ui() -> None:
    problems = []
    for path in [*_sources(), *sorted((ROOT / "tools").rglob("*.py"))]:
        problems += streamlit_imports(path.read_text(encoding="utf-8"), _module_of(path))
    assert problems == []


def test_ruff_still_bans_streamlit_outside_the_ui() -> None:
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert "TID" in ruff["lint"]["select"]
    assert "streamlit" in ruff["lint"]["flake8-tidy-imports"]["banned-api"]
    exempt = {
        path
        for path, rules in ruff["lint"]["per-file-ignores"].items()
        if "TID251" in rules or "TID" in rules
    }
    assert exempt <= {"app.py", "ui/**", "tests/ui/**", "tests/e2e/**", "bench/**"}


# --- the check itself catches what it should -------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("knowledge.drugs", "from scoring.case import score_case\n"),
        ("knowledge.drugs", "def f():\n    from teaching import cases\n"),  # lazy import
        ("scoring.case", "import reports.wording\n"),
        ("scoring.batch", "from ui.state import get_case\n"),
        ("scoring.units", "from cohort.upload import score_upload\n"),
        ("reports.fhir", "from teaching.cases import TeachingCase\n"),  # sideways
        ("cohort.upload", "from reports import wording\n"),  # sideways
        ("teaching.cases", "from ui.widgets import disclaimer\n"),
        ("scoring.models", "from .. import reports\n"),  # relative, to the root
    ],
)
def test_an_upward_import_fails(module: str, source: str) -> None:
    assert len(upward_imports(source, module)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("scoring.alden", "from knowledge.drugs import default_catalogue\n"),
        ("reports.fhir", "from scoring import scorten\nfrom knowledge import drugs\n"),
        ("reports.chart_note", "from reports.wording import DAY3_REMINDER\n"),
        ("ui.state", "from reports.case_file import new_case\nimport streamlit as st\n"),
        ("scoring.case", "from . import units\nimport numpy as np\nimport json\n"),
    ],
)
def test_a_downward_import_passes(module: str, source: str) -> None:
    assert upward_imports(source, module) == []


def test_a_synthetic_upward_import_in_a_real_module_fails() -> None:
    # The real scoring/case.py with one line added: the check must name that line.
    path = ROOT / "scoring" / "case.py"
    source = path.read_text(encoding="utf-8") + "\nfrom ui.state import get_case\n"
    problems = upward_imports(source, "scoring.case")
    assert len(problems) == 1
    assert "scoring may not import ui" in problems[0]


def test_streamlit_outside_the_ui_fails() -> None:
    assert streamlit_imports("import streamlit as st\n", "reports.wording") != []
    assert streamlit_imports("from streamlit import session_state\n", "scoring.case") != []
    assert streamlit_imports("import streamlit as st\n", "ui.state") == []


def test_knowledge_loads_without_the_rest_of_the_project() -> None:
    # The static check's runtime twin: importing every knowledge module (as a fresh process
    # would) pulls in no other project package, so knowledge/__init__.py may import any of them.
    import subprocess
    import sys

    modules = sorted(_module_of(p) for p in (ROOT / "knowledge").glob("*.py"))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(RANK)!r}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['knowledge']"
