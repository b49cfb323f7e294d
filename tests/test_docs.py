"""The docs tell the truth: the CLI reference is the real --help, and links resolve.

Regenerate docs/cli-reference.md after changing a command's help with:
    SOCKADVISOR_REGENERATE_DOCS=1 python -m pytest tests/test_docs.py
"""

from __future__ import annotations

import os
import re
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


def test_links_in_docs_resolve() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
