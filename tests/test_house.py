"""How the package is kept: one owner for the characters every step shares, small functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "claimtrack"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
# Curly and low quote marks, guillemets, primes and dashes: claimtrack/text.py names them all.
SHARED_CHARACTERS = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"  # single, double and low quote marks
    "\u00ab\u00bb\u2032\u2033"  # guillemets, primes
    "\u2013\u2014\u2015"  # en dash, em dash, horizontal bar
)


def code_strings(tree: ast.Module) -> list[ast.Constant]:
    """The string constants a module computes with: not its docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_text_module_spells_quote_marks_and_dashes(path: Path) -> None:
    if path == PACKAGE / "text.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spelled = [
        f"line {node.lineno}: {sorted(SHARED_CHARACTERS.intersection(node.value))}"
        for node in code_strings(tree)
        if SHARED_CHARACTERS.intersection(node.value)
    ]
    assert not spelled, "import these from claimtrack.text: " + "; ".join(spelled)


def test_the_check_sees_an_escaped_dash() -> None:
    tree = ast.parse('"""A docstring may say \u2014."""\nDASH = "\\u2014"\n')
    assert [node.value for node in code_strings(tree)] == ["\u2014"]


MAX_MODULE_LINES = 800
MAX_BODY_LINES = 40  # a function's statements, its signature and docstring aside


def body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = function.body
    docstring = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    first = body[1] if docstring and len(body) > 1 else body[0]
    return function.end_lineno - first.lineno + 1


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({body_lines(node)} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and body_lines(node) > MAX_BODY_LINES
    ]
    assert not long, "split these: " + ", ".join(long)
