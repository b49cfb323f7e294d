"""Commands built on first use: a run builds only the click command it invokes.

typer builds every command's click parameters (and imports every command module) before it
parses anything; with ~16 commands that is a fifth of `recommend`'s start-up. Here a
group's `commands` is a mapping that knows the names (in help order) and builds a command,
or a sub-group (itself lazy), when it is looked up (docs/performance.md, Start-up).
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.main import get_command_from_info, get_command_name, get_group_from_info
from typer.models import CommandInfo, TyperInfo

# How typer builds a click command or group from what the decorators recorded
# (pretty_exceptions_short, rich_markup_mode, suggest_commands), as the root's get_command does.
Settings = dict[str, Any]
BUILT: list[str] = []  # the names built in this process, in order (tests check it)


class LazyCommands(MutableMapping[str, Any]):
    """name -> click command, built by its builder when first looked up."""

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            builder = self._builders[name]  # KeyError: no such command
            self._built[name] = builder()
            BUILT.append(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._builders.setdefault(name, lambda: command)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


def _group_name(info: TyperInfo) -> str:
    name = typer.main.solve_typer_info_defaults(info).name
    assert name, "a sub-group needs a name"
    return name


def builders(instance: typer.Typer, settings: Settings) -> dict[str, Callable[[], Any]]:
    """A Typer's registered commands and sub-groups, by name, each as a builder."""
    out: dict[str, Callable[[], Any]] = {}
    for command in instance.registered_commands:
        assert command.callback is not None
        name = command.name or get_command_name(command.callback.__name__)
        out[name] = _command_builder(command, settings)
    for group in instance.registered_groups:
        out[_group_name(group)] = _group_builder(group, settings)
    return out


def _command_builder(info: CommandInfo, settings: Settings) -> Callable[[], Any]:
    command = {k: v for k, v in settings.items() if k != "suggest_commands"}
    return lambda: get_command_from_info(info, **command)


def _group_builder(info: TyperInfo, settings: Settings) -> Callable[[], Any]:
    def build() -> Any:
        instance = info.typer_instance
        assert instance is not None
        bare = copy.copy(instance)  # the group itself, without building its commands
        bare.registered_commands, bare.registered_groups = [], []
        bare_info = copy.copy(info)
        bare_info.typer_instance = bare
        group = get_group_from_info(bare_info, **settings)
        group.commands = LazyCommands(builders(instance, settings))
        return group

    return build


def from_modules(modules: dict[str, str], settings: Settings) -> LazyCommands:
    """The commands that `sockadvisor.cli.<module>.register(app)` registers, by name.

    A module is imported (and registers into a scratch Typer) when one of its commands is
    first looked up; a name it does not register is a bug, said at once.
    """
    registered: dict[str, dict[str, Callable[[], Any]]] = {}

    def builder(name: str, module: str) -> Callable[[], Any]:
        def build() -> Any:
            if module not in registered:
                scratch = typer.Typer()
                importlib.import_module(f"sockadvisor.cli.{module}").register(scratch)
                registered[module] = builders(scratch, settings)
            if name not in registered[module]:
                raise LookupError(f"sockadvisor.cli.{module} does not register {name!r}")
            return registered[module][name]()

        return build

    return LazyCommands({name: builder(name, module) for name, module in modules.items()})
