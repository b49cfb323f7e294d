"""Help that helps: whole command summaries, options in groups, examples last.

typer draws option groups (`rich_help_panel`) only with rich markup; we keep
`rich_markup_mode=None` (plain, fast help, no rich import for `--help`), so these classes
group the options by the same `rich_help_panel` attribute with click's own plain
formatter, and move a command's "Examples:" block after its options
(docs/cli-reference.md).
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperCommand, TyperGroup

# The option groups, in the order help shows them; options without one are "Options".
PROFILE, MEASUREMENTS, OUTPUT, DATA = "Profile", "Measurements", "Output", "Data"
ORDER = ("Arguments", PROFILE, MEASUREMENTS, OUTPUT, DATA, "Options")
EXAMPLES = "Examples:"


def split_examples(text: str) -> tuple[str, str]:
    """A help text -> (the text before its examples, the example lines)."""
    text = inspect.cleandoc(text)
    head, found, tail = text.partition(EXAMPLES)
    if not found:
        return text, ""
    return head.rstrip().removesuffix("\b").rstrip(), tail.strip("\n")


def format_grouped_options(command: Any, ctx: Any, formatter: Any) -> None:
    groups: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            name = "Arguments"
        else:
            name = getattr(param, "rich_help_panel", None) or "Options"
        groups.setdefault(name, []).append(record)
    for name in sorted(groups, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        with formatter.section(name):
            formatter.write_dl(groups[name])


class HelpCommand(TyperCommand):
    """A command whose help groups its options and ends with its examples."""

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text, _ = split_examples(self.help or "")
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        format_grouped_options(self, ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _, examples = split_examples(self.help or "")
        if examples:
            with formatter.section("Examples"):
                for line in inspect.cleandoc(examples).splitlines():
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")
        super().format_epilog(ctx, formatter)


class HelpGroup(TyperGroup):
    """A group whose command list gives each command's whole one-line summary."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: building waits for get_command

    def listed(self, ctx: Any, name: str) -> Any:
        """A command as listings show it: without its parameters when built lazily."""
        summary = getattr(self.commands, "summary", None)  # cli/lazy.py's LazyCommands
        return summary(name) if summary is not None else self.get_command(ctx, name)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """TyperGroup's completion (names, then options), from the commands' summaries."""
        from typer._click.shell_completion import CompletionItem

        names = [n for n in self.list_commands(ctx) if n.startswith(incomplete)]
        listed = [(n, c) for n in names if (c := self.listed(ctx, n)) and not c.hidden]
        items = [CompletionItem(n, help=c.get_short_help_str()) for n, c in listed]
        return items + super(TyperGroup, self).shell_complete(ctx, incomplete)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.listed(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
