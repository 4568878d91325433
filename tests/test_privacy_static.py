"""Static privacy checks over the app code (app.py and ui/): where case data could leak.

Style guide #6/#7 and issue 7: case data lives in `st.session_state` only. So in the UI:
- `st.cache_data`/`st.cache_resource` only on functions that take no case data (no
  parameters except `_`-prefixed ones, which Streamlit does not hash either);
- no `unsafe_allow_html`, no `st.html`/`components.html` (raw HTML beside user text);
- `st.query_params` (case data in URLs) only on the Teaching page, and the reader's language
  (`lang=en|ko`, no case data) in ui/i18n.py;
- no logging, printing or writing to stdout/stderr (the server's logs stay case-free);
- no `global` statements (module state shared between sessions).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "ui").rglob("*.py")])
QUERY_PARAMS_ALLOWED = {ROOT / "ui" / "pages" / "teaching_page.py", ROOT / "ui" / "i18n.py"}
# The modules that may call st.html: static <style> rules, and one static script read from
# its file; both checked below.
RAW_HTML_ALLOWED = {
    ROOT / "ui" / "widgets" / "page_style.py",
    ROOT / "ui" / "widgets" / "page_scripts.py",
}
CACHE_DECORATORS = {"cache_data", "cache_resource"}
RAW_HTML_CALLS = {"html"}  # st.html, components.html, st.components.v1.html
LOGGING_MODULES = {"logging", "loguru", "structlog"}
PRINT_CALLS = {"print", "pprint"}


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(node: ast.AST) -> str:
    """Dotted name of a Name/Attribute chain (calls in a decorator: their function)."""
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


def cached_functions_with_case_parameters(path: Path, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any(_name(d).split(".")[-1] in CACHE_DECORATORS for d in node.decorator_list):
            continue
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params += [a for a in (args.vararg, args.kwarg) if a is not None]
        hashed = [p.arg for p in params if not p.arg.startswith("_") and p.arg != "self"]
        if hashed:
            found.append(f"{_where(path, node)} {node.name}({', '.join(hashed)})")
    return found


def raw_html(path: Path, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            found.append(f"{_where(path, node.value)} unsafe_allow_html")
        if isinstance(node, ast.Call) and _name(node.func).split(".")[-1] in RAW_HTML_CALLS:
            found.append(f"{_where(path, node)} {_name(node.func)}()")
    return found


def query_params(path: Path, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {
            "query_params",
            "experimental_get_query_params",
            "experimental_set_query_params",
        }:
            found.append(f"{_where(path, node)} {node.attr}")
    return found


def logging_calls(path: Path, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            for module in modules:
                if module and module.split(".")[0] in LOGGING_MODULES:
                    found.append(f"{_where(path, node)} import {module}")
                if module == "streamlit.logger":
                    found.append(f"{_where(path, node)} import {module}")
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in PRINT_CALLS or name.endswith(("stdout.write", "stderr.write")):
                found.append(f"{_where(path, node)} {name}()")
            if name.split(".")[-1] == "get_logger":
                found.append(f"{_where(path, node)} {name}()")
    return found


def global_statements(path: Path, tree: ast.Module) -> list[str]:
    return [
        f"{_where(path, node)} global {', '.join(node.names)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Global)
    ]


def _all(check) -> list[str]:
    found = []
    for path in SOURCES:
        found += check(path, _parse(path))
    return found


def test_there_is_code_to_check() -> None:
    assert ROOT / "app.py" in SOURCES
    assert any(p.name.endswith("_page.py") for p in SOURCES)


def test_caches_hold_no_case_data() -> None:
    assert _all(cached_functions_with_case_parameters) == []


def test_no_raw_html_in_the_ui() -> None:
    found = [
        f for path in SOURCES if path not in RAW_HTML_ALLOWED for f in raw_html(path, _parse(path))
    ]
    assert found == []


def test_the_style_module_sends_static_style_rules_only(monkeypatch) -> None:
    """ui/widgets/page_style.py: each st.html is one <style> block of fixed rules; the only
    parameters are widget keys written in the code, never user or case text."""
    import inspect

    from ui.widgets import page_style

    sent: list[str] = []
    monkeypatch.setattr(page_style.st, "html", sent.append)
    page_style.hide_keyed("teaching_next_slide_space", "teaching_prev_slide_page_up")
    page_style.presenter_margins()
    page_style.phone_layout()
    page_style.evidence_overview_columns()
    assert len(sent) == 4
    for css in sent:
        assert css.startswith("<style>") and css.endswith("</style>")
        assert css.count("<") == 2, css  # no other tag
    for name, function in inspect.getmembers(page_style, inspect.isfunction):
        if function.__module__ == page_style.__name__:
            params = inspect.signature(function).parameters
            assert set(params) <= {"keys"}, name


def test_the_page_scripts_are_the_static_files_and_nothing_else(monkeypatch) -> None:
    """ui/widgets/page_scripts.py sends one hidden <style> and the texts of
    ui/static/fold_sidebar.js and page_lang.js, unchanged (the deployment's CSP allows each
    by its file's hash); it takes no parameter, so no user or case text can reach it."""
    import inspect

    from ui.widgets import page_scripts

    sent: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        page_scripts.st,
        "html",
        lambda body, **kw: sent.append((body, kw["unsafe_allow_javascript"])),
    )
    page_scripts.install()
    scripts = [
        (ROOT / "ui" / "static" / name).read_text(encoding="utf-8")
        for name in ("fold_sidebar.js", "page_lang.js")
    ]
    style = (
        '<style>[data-testid="stLayoutWrapper"]:has(> .st-key-page_scripts), '
        ".st-key-page_scripts { display: none; } "
        "html:lang(ko) body { word-break: keep-all; overflow-wrap: break-word; }</style>"
    )
    assert sent == [(style + "".join(f"<script>{s}</script>" for s in scripts), True)]
    for script in scripts:
        assert "</script>" not in script and "fetch(" not in script
        assert "localStorage" not in script and "cookie" not in script
    assert inspect.signature(page_scripts.install).parameters == {}


def test_query_params_only_on_the_teaching_page() -> None:
    found = []
    for path in SOURCES:
        if path not in QUERY_PARAMS_ALLOWED:
            found += query_params(path, _parse(path))
    assert found == []


def test_the_ui_logs_and_prints_nothing() -> None:
    assert _all(logging_calls) == []


def test_no_module_state_written_from_pages() -> None:
    assert _all(global_statements) == []


# The checks themselves must be able to fail.
BAD_SOURCE = """
import logging
import streamlit as st

@st.cache_data
def score(age_years):
    return age_years

@st.cache_resource(ttl=5)
def fine(_case):
    return 1

st.markdown(f"<b>{x}</b>", unsafe_allow_html=True)
st.html("<i>x</i>")
st.query_params["age"] = "50"
print("age", 50)
logging.getLogger(__name__).info("x")

def f():
    global CASES
"""


@pytest.mark.parametrize(
    ("check", "count"),
    [
        (cached_functions_with_case_parameters, 1),
        (raw_html, 2),
        (query_params, 1),
        (logging_calls, 2),
        (global_statements, 1),
    ],
)
def test_each_check_catches_a_bad_example(check, count: int) -> None:
    tree = ast.parse(BAD_SOURCE)
    assert len(check(ROOT / "ui" / "bad.py", tree)) == count
