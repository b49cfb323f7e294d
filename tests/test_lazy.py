"""Commands built on first use (cli/lazy.py): a run builds only the command it invokes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from sockadvisor.cli import ask, runner, shop
from sockadvisor.cli.app import COMMANDS, app
from sockadvisor.cli.lazy import from_modules

SETTINGS = {"pretty_exceptions_short": True, "rich_markup_mode": None, "suggest_commands": True}


def _in_a_fresh_interpreter(args: list[str]) -> dict[str, list[str]]:
    code = (
        "import json, sys\n"
        "from sockadvisor.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "from sockadvisor.cli.lazy import BUILT\n"
        "modules = [m for m in sys.modules if m.startswith('sockadvisor.cli.')]\n"
        "print(json.dumps({'built': BUILT, 'modules': sorted(modules)}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    result: dict[str, list[str]] = json.loads(done.stderr.strip().splitlines()[-1])
    return result


def test_a_json_run_builds_only_its_command_and_imports_no_other_command_module() -> None:
    seen = _in_a_fresh_interpreter(["recommend", "-d", "ultra", "-t", "technical", "--json"])
    assert seen["built"] == ["recommend"]
    assert "sockadvisor.cli.shop" not in seen["modules"]
    assert "sockadvisor.cli.ask" not in seen["modules"]
    assert "sockadvisor.cli.runner" in seen["modules"]


def test_a_sub_group_builds_only_the_command_it_runs() -> None:
    seen = _in_a_fresh_interpreter(["rules", "export", "--help"])
    assert seen["built"] == ["rules", "export"]
    assert "sockadvisor.cli.runner" not in seen["modules"]


def test_help_lists_every_command_and_builds_none() -> None:
    seen = _in_a_fresh_interpreter(["--help"])
    assert seen["built"] == []


def test_the_table_names_every_registered_command_in_typers_order() -> None:
    """A command a module registers but COMMANDS lacks would vanish from the CLI."""
    scratch = typer.Typer()
    for module in (runner, ask, shop):
        module.register(scratch)
    eager = typer.main.get_command(scratch)  # typer's own way: every command built
    assert list(COMMANDS) == list(eager.commands)  # type: ignore[attr-defined]


def test_a_name_its_module_does_not_register_is_a_loud_bug() -> None:
    commands = from_modules({"recommend": "runner", "nope": "runner"}, SETTINGS)
    assert list(commands) == ["recommend", "nope"]
    with pytest.raises(LookupError, match="does not register 'nope'"):
        commands["nope"]


def test_a_summary_has_the_commands_help_but_not_its_parameters() -> None:
    commands = from_modules({"recommend": "runner"}, SETTINGS)
    summary = commands.summary("recommend")
    whole = commands["recommend"]
    assert summary.get_short_help_str(1000) == whole.get_short_help_str(1000)
    assert (summary.help, summary.hidden) == (whole.help, whole.hidden)
    assert summary.params == [] and len(whole.params) > 20
    assert commands.summary("recommend") is whole  # once built, the command itself


def test_every_command_still_runs_its_help() -> None:
    group = typer.main.get_command(app)
    cli = CliRunner()
    for name in group.commands:  # type: ignore[attr-defined]
        result = cli.invoke(app, [name, "--help"])
        assert (result.exit_code, result.stderr) == (0, ""), name
        assert result.stdout.startswith(f"Usage: sockadvisor {name} ")
