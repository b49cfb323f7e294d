"""Help that helps (issue 15 item 6): whole summaries, grouped options, examples last."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.cli.help import split_examples

COMMANDS = [
    ["recommend"],
    ["explain"],
    ["compare"],
    ["plan"],
    ["checklist"],
    ["schema"],
    ["catalog", "validate"],
    ["catalog", "list"],
    ["catalog", "show"],
    ["catalog", "import"],
    ["catalog", "export"],
    ["catalog", "lint"],
    ["rules", "validate"],
    ["rules", "export"],
    ["profile", "init"],
    ["ask"],
]


def test_bare_sockadvisor_without_a_terminal_prints_whole_summaries() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
        env={"COLUMNS": "80", "PATH": ""},
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("Usage: sockadvisor [OPTIONS] COMMAND")
    commands = done.stderr.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands and "\\n" not in done.stderr
    assert "Show a sock's card and every point of its score for your profile." in commands


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_command_help_ends_with_two_or_three_examples(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    tail = result.stdout.rstrip("\n").split("\nExamples:\n")
    assert len(tail) == 2, result.stdout
    examples = tail[1].splitlines()
    assert 2 <= len(examples) <= 3 and all(e.startswith("  sockadvisor ") for e in examples)


def test_recommend_help_groups_its_options() -> None:
    out = CliRunner().invoke(app, ["recommend", "--help"], env={"COLUMNS": "200"}).stdout
    heads = [line for line in out.splitlines() if line.endswith(":") and not line[0].isspace()]
    assert heads == ["Profile:", "Measurements:", "Output:", "Data:", "Options:", "Examples:"]
    measurements = out.split("Measurements:")[1].split("Output:")[0]
    assert "--calf-cm" in measurements and "--shoe-us" in measurements
    assert "--catalog" in out.split("Data:")[1].split("Options:")[0]


def test_examples_are_split_from_the_text() -> None:
    text, examples = split_examples("Do it.\n\n\b\nExamples:\n  sockadvisor a\n  sockadvisor b\n")
    assert (text, examples.splitlines()) == ("Do it.", ["  sockadvisor a", "  sockadvisor b"])
    assert split_examples("No examples.") == ("No examples.", "")
