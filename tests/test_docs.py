"""The docs tell the truth: the CLI reference is the real --help, and links resolve.

Regenerate docs/cli-reference.md after changing a command's help with:
    SOCKADVISOR_REGENERATE_DOCS=1 python -m pytest tests/test_docs.py
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from sockadvisor.cli.app import app

ROOT = Path(__file__).parents[1]
REFERENCE = ROOT / "docs" / "cli-reference.md"


def _paths(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            out += _paths(command, (*path, name))
        else:
            out.append((*path, name))
    return out


def reference() -> str:
    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    parts = [
        "# CLI reference\n\n",
        "Generated from `--help`; `tests/test_docs.py` keeps it current. ",
        "Exit codes: [exit-codes.md](exit-codes.md). Shell completion: ",
        "`sockadvisor --install-completion` (bash, zsh, fish, PowerShell), then a new shell.\n",
    ]
    for path in _paths(typer.main.get_command(app)):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        title = " ".join(("sockadvisor", *path))
        parts.append(f"\n## {title}\n\n```\n{result.stdout.rstrip()}\n```\n")
    return "".join(parts)


def test_cli_reference_is_current() -> None:
    text = reference()
    if os.environ.get("SOCKADVISOR_REGENERATE_DOCS"):
        REFERENCE.write_text(text, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == text, (
        "docs/cli-reference.md is stale; regenerate it (see this file's docstring)"
    )


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# README.md is also the package index page, where a relative link leads nowhere, so the README
# links to files by their address in the repository; the pages in docs/ link relatively.
SOURCE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
    "Source"
]
BLOB = f"{SOURCE}/blob/main/"  # a file
TREE = f"{SOURCE}/tree/main/"  # a folder


def test_links_in_docs_resolve() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(BLOB):
                path = ROOT / target.removeprefix(BLOB)
                assert path.is_file(), f"{page.name}: {target} is not a file (use {TREE})"
            elif target.startswith(TREE):
                path = ROOT / target.removeprefix(TREE)
                assert path.is_dir(), f"{page.name}: {target} is not a folder (use {BLOB})"
            elif "://" in target:
                continue
            else:
                path = page.parent / target
            assert path.exists(), f"{page.name}: broken link {target}"


def test_readme_links_work_on_a_package_index_page() -> None:
    targets = LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(t.startswith(BLOB) for t in targets)
    relative = [t for t in targets if "://" not in t]
    assert relative == [], f"README.md: relative links break on a package index: {relative}"
