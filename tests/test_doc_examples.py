"""Every console example in README.md and docs/*.md runs, and prints what the page shows.

Sybil finds the ```console blocks; each `$ ` line is a command, the lines under it what
it prints (standard output and standard error, as a terminal shows them). A page's
blocks run in order in one scratch folder holding docs/examples/, at COLUMNS=100 with
NO_COLOR. `sockadvisor ...` (alone, or piped or redirected to a file) runs in-process,
to keep the suite fast; any other line runs in bash with the installed `sockadvisor`.

After a change of output, rewrite the pages' outputs with what the commands print, then
read the diff:
    SOCKADVISOR_REGENERATE_DOCS=1 python -m pytest tests/test_doc_examples.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser
from typer.testing import CliRunner

from sockadvisor.cli.app import app

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "docs" / "examples"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "SOCKADVISOR_CATALOG": None, "SOCKADVISOR_RULES": None}


def _split(line: str) -> tuple[str, str, str] | None:
    """`sockadvisor ARGS [| REST | > FILE]` -> (ARGS, operator, REST); None for other lines."""
    if not line.startswith("sockadvisor "):
        return None
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "|>;&<`$":
            rest = line[i + 1 :].strip()
            if char == "|" or (char == ">" and rest and not set(rest) & set("|>;&<`$ ")):
                return line[:i], char, rest
            return None
    return line, "", ""


def _run(line: str, state: dict[str, Any]) -> str:
    if line == "echo $?":
        return f"{state['code']}\n"
    split = _split(line)
    if split is None:  # any other shell line: bash, with the last exit code in $?
        done = subprocess.run(
            ["bash", "-c", f"(exit {state['code']}); {line}"],
            cwd=state["cwd"],
            env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                 "COLUMNS": "100", "NO_COLOR": "1"},
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        state["code"] = done.returncode
        return done.stderr + done.stdout
    import shlex

    args, operator, rest = split
    result = CliRunner(env=ENV).invoke(app, shlex.split(args)[1:], prog_name="sockadvisor")
    state["code"] = result.exit_code
    if not operator:
        return result.output
    if operator == ">":
        (state["cwd"] / rest).write_text(result.stdout, encoding="utf-8")
        return result.stderr
    done = subprocess.run(
        ["bash", "-c", rest], cwd=state["cwd"], input=result.stdout, capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    state["code"] = done.returncode
    return result.stderr + done.stderr + done.stdout


def _commands(text: str) -> list[tuple[str, str]]:
    """(command, what it prints) for each `$ ` line; a line ending in \\ or an open
    here-document goes on."""
    out: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\") or (command.count("<<") and "\nEOF" not in command):
                i += 1
                command += "\n" + lines[i]
            out.append((command, []))
        elif out:
            out[-1][1].append(line)
        i += 1
    return [(c, "".join(f"{x}\n" for x in shown)) for c, shown in out]


def _trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n"))


def evaluate(example: Example) -> str | None:
    state = example.namespace["state"]
    cwd = Path.cwd()
    os.chdir(state["cwd"])
    try:
        wrong, block = "", []
        for command, shown in _commands(example.parsed):
            got = _run(command, state)
            block.append(f"$ {command}\n{got}")
            if _trimmed(got) != _trimmed(shown) and not wrong:
                wrong = f"$ {command}\n--- the page shows:\n{shown}--- it prints:\n{got}"
    finally:
        os.chdir(cwd)
    if wrong and REGENERATE and NEEDS_TERMINAL not in str(example.parsed):
        state["new"].append((str(example.parsed), "".join(block)))
    return wrong or None


SYBIL = Sybil(parsers=[CodeBlockParser("console", evaluate)], patterns=["*.md"])
REGENERATE = bool(os.environ.get("SOCKADVISOR_REGENERATE_DOCS"))

MISSING = "needs standard input to be a terminal, which the harness does not give"
# A block the harness cannot run as a person would fails strictly: a harness that
# learns to run it says to drop the mark.
NEEDS_TERMINAL = "but standard input is a terminal"  # in the block: it needs one
BLOCKS = [(page, example) for page in PAGES for example in SYBIL.parse(page).examples()]


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> Any:
    made: dict[Path, dict[str, Any]] = {}
    yield made
    for page, state in made.items():  # SOCKADVISOR_REGENERATE_DOCS=1: write what it prints
        text = page.read_text(encoding="utf-8")
        for old, new in state["new"]:
            text = text.replace(old, new, 1)
        if state["new"]:
            page.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "example"),
    [
        pytest.param(
            page, example, id=f"{page.name}:{example.line}",
            marks=[pytest.mark.xfail(strict=True, reason=MISSING)]
            if NEEDS_TERMINAL in str(example.parsed) else [],
        )
        for page, example in BLOCKS
    ],
)  # fmt: skip
def test_console_example(page: Path, example: Example, states: Any, tmp_path_factory: Any) -> None:
    if page not in states:  # a page's blocks share one folder, in order
        work = tmp_path_factory.mktemp(page.stem) / "work"
        shutil.copytree(EXAMPLES, work)
        states[page] = {"code": 0, "cwd": work, "new": []}
    example.namespace["state"] = states[page]
    example.evaluate()
