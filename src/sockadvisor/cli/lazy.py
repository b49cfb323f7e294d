"""Commands built on first use: a run builds only the click command it invokes.

typer builds every command's click parameters (and we imported every command module)
before anything is parsed; with 16 commands that was a fifth of `recommend`'s start-up.
Here a group's `commands` is a mapping that knows the names (in help order) and builds a
command, or a sub-group (itself lazy), when it is looked up; a listing (help, completion
of command names) gets each command's summary, built without its parameters
(docs/performance.md, Start-up).
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.main import get_command_from_info, get_command_name, get_group_from_info
from typer.models import CommandInfo, TyperInfo

# How typer builds click commands here (pretty_exceptions_short, rich_markup_mode,
# suggest_commands): the root Typer's, as typer's own get_command passes them down.
Settings = dict[str, Any]
Info = CommandInfo | TyperInfo
BUILT: list[str] = []  # the commands built whole in this process, in order (tests read it)


class LazyCommands(MutableMapping[str, Any]):
    """name -> click command, built from what typer's decorators recorded on first lookup."""

    def __init__(self, infos: dict[str, Callable[[], Info]], settings: Settings) -> None:
        self._infos = infos
        self._settings = settings
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._infos[name]()  # KeyError: no such command
            self._built[name] = _build(info, self._settings, whole=True)
            BUILT.append(name)
        return self._built[name]

    def summary(self, name: str) -> Any:
        """The command as a listing shows it (name, help, hidden), without its parameters."""
        if name in self._built:
            return self._built[name]
        return _build(self._infos[name](), self._settings, whole=False)

    def __setitem__(self, name: str, command: Any) -> None:
        self._infos.setdefault(name, lambda: command)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._infos[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


def infos(instance: typer.Typer) -> dict[str, Callable[[], Info]]:
    """A Typer's registered commands, then its sub-groups (typer's order), by name."""
    out: dict[str, Callable[[], Info]] = {}
    for command in instance.registered_commands:
        assert command.callback is not None
        name = command.name or get_command_name(command.callback.__name__)
        out[name] = _const(command)
    for group in instance.registered_groups:
        group_name = typer.main.solve_typer_info_defaults(group).name
        assert group_name, "a sub-group needs a name"
        out[group_name] = _const(group)
    return out


def _const(info: Info) -> Callable[[], Info]:
    return lambda: info


def _build(info: Info, settings: Settings, *, whole: bool) -> Any:
    if isinstance(info, CommandInfo):
        if not whole:  # the same command, from a callback without parameters
            info = copy.copy(info)
            info.callback = _bare(info.callback)
        command = {k: v for k, v in settings.items() if k != "suggest_commands"}
        return get_command_from_info(info, **command)
    instance = info.typer_instance
    assert instance is not None
    bare = copy.copy(instance)  # the group itself, without building its commands
    bare.registered_commands, bare.registered_groups = [], []
    bare_info = copy.copy(info)
    bare_info.typer_instance = bare
    group = get_group_from_info(bare_info, **settings)
    if whole:
        group.commands = LazyCommands(infos(instance), settings)
    return group


def _bare(callback: Callable[..., Any] | None) -> Callable[..., Any]:
    def bare() -> None:
        raise AssertionError("a summary is only listed, never run")

    bare.__name__ = getattr(callback, "__name__", "bare")
    bare.__doc__ = getattr(callback, "__doc__", None)
    return bare


def from_modules(modules: dict[str, str], settings: Settings) -> LazyCommands:
    """The commands that `sockadvisor.cli.<module>.register(app)` registers, by name.

    A module is imported (and registers into a scratch Typer) when one of its commands is
    first looked up; a name that its module does not register is a bug, said at once.
    """
    registered: dict[str, dict[str, Callable[[], Info]]] = {}

    def info(name: str, module: str) -> Callable[[], Info]:
        def find() -> Info:
            if module not in registered:
                scratch = typer.Typer()
                importlib.import_module(f"sockadvisor.cli.{module}").register(scratch)
                registered[module] = infos(scratch)
            if name not in registered[module]:
                raise LookupError(f"sockadvisor.cli.{module} does not register {name!r}")
            return registered[module][name]()

        return find

    return LazyCommands({name: info(name, module) for name, module in modules.items()}, settings)
