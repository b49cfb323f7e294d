"""The house rules (docs/architecture.md): layers import one way, modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sockadvisor"
LIMIT = 500  # lines; a longer module says why in its first lines ("Longer than ...")

# What each layer may import from sockadvisor (errors and the version are everyone's).
ALLOWED = {
    "domain": {"domain"},
    "sources": {"domain", "sources", "engine.compile"},
    "engine": {"domain", "engine"},
    "lint": {"domain", "engine", "lint", "sources"},
    "render": {"domain", "render"},
    "cli": {"cli", "domain", "api", "render", "sources", "engine", "lint"},
    "api": {"domain", "engine", "sources", "lint", "render"},
}


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("sockadvisor."):
                names.add(node.module.removeprefix("sockadvisor."))
            elif node.module == "sockadvisor":
                names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {
                a.name.removeprefix("sockadvisor.")
                for a in node.names
                if a.name.startswith("sockadvisor.")
            }
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_layers_import_one_way(path: Path) -> None:
    layer = path.relative_to(SRC).parts[0].removesuffix(".py")
    if layer not in ALLOWED:
        return  # __init__, __main__, errors
    for name in _imports(path) - {"errors", "__version__"}:
        assert any(name == a or name.startswith(a + ".") for a in ALLOWED[layer]), (
            f"{path.relative_to(SRC)} imports sockadvisor.{name}"
        )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_are_small_or_say_why(path: Path) -> None:
    lines = path.read_text().splitlines()
    if len(lines) > LIMIT:
        assert "Longer than" in "\n".join(lines[:15]), f"{path.name}: {len(lines)} lines"


def _strings(tree: ast.AST) -> list[str]:
    """The string constants of a module, less its docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_core_module_writes_command_line_flags() -> None:
    """Words belong to the output side: no `--flag` text in domain, engine, lint, sources."""
    for path in modules():
        if path.relative_to(SRC).parts[0] not in ("domain", "engine", "lint"):
            continue
        for text in _strings(ast.parse(path.read_text())):
            assert not re.search(r"(^|\s)--[a-z]", text), f"{path.name}: {text[:60]!r}"
