"""The application: the root command, its options, and the one place where every outcome
becomes a documented exit code and one line per problem on stderr (docs/exit-codes.md).

Heavy modules (pydantic, rich) are imported inside the commands, so `--version` and
`--help` stay fast for scripts that call us in loops.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from sockadvisor import __version__
from sockadvisor.cli.help import HelpGroup
from sockadvisor.cli.lazy import from_modules
from sockadvisor.cli.stdout import emit, fail
from sockadvisor.errors import ExitCode, SockadvisorError

REPORT = "https://github.com/sockadvisor/sockadvisor/issues"

# typer checks option values with pydantic: its words, said as a person would (patterns
# compiled on first use, by re's cache: only a run with an option error needs them)
_PYDANTIC_WORDS = (
    (r"Value error, ", ""),
    (r"Input should be greater than or equal to (\S+)", r"give \1 or more"),
    (r"Input should be less than or equal to (\S+)", r"give \1 or less"),
    (r"Input should be greater than (\S+)", r"give more than \1"),
    (r"Input should be less than (\S+)", r"give less than \1"),
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        "give a whole number",
    ),
    (
        r"Input should be a valid integer(, got a number with a fractional part)?",
        "give a whole number",
    ),
    (
        r"Input should be a valid number, unable to parse string as a number",
        "give a number",
    ),
)


def plain_words(message: str) -> str:
    """An option error without pydantic's phrasing ('Input should be ...')."""
    for pattern, words in _PYDANTIC_WORDS:
        message = re.sub(pattern, words, message)
    return message


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that files are cleaned up as on Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _people() -> bool:
    """Both ends are terminals, and this is not a shell's completion request."""
    streams = (sys.stdin, sys.stdout)
    return all(s is not None and s.isatty() for s in streams) and not any(
        k.endswith("_COMPLETE") for k in os.environ
    )


# The commands, in the order `--help` lists them, and the module whose `register(app)`
# registers each: a run imports and builds only the command it invokes (cli/lazy.py).
COMMANDS = {
    **dict.fromkeys(("recommend", "explain", "compare", "plan", "checklist"), "runner"),
    "ask": "ask",
    "schema": "shop",
    **dict.fromkeys(("catalog", "rules", "profile"), "shop"),  # groups after commands
}


class SockadvisorGroup(HelpGroup):
    """Runs the commands and maps every outcome to one documented exit code."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        settings = {
            "pretty_exceptions_short": app.pretty_exceptions_short,
            "rich_markup_mode": app.rich_markup_mode,
            "suggest_commands": app.suggest_commands,
        }
        self.commands = from_modules(COMMANDS, settings)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv and _people():  # a person at a terminal: ask rather than print usage
            argv = ["ask"]
        try:
            code = super().main(
                args=argv,
                prog_name=prog_name or "sockadvisor",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `sockadvisor`: the help
                fail(exc.format_message().splitlines(), ExitCode.USAGE)
            ctx = getattr(exc, "ctx", None)
            where = f"{ctx.command_path}: " if ctx is not None else "sockadvisor: "
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = plain_words(exc.format_message())
            fail([f"{where}{message}{hint}"], exc.exit_code)
        except SockadvisorError as exc:
            fail(exc.lines(), exc.exit_code)
        except Terminated:
            fail(["sockadvisor: terminated"], ExitCode.TERMINATED)
        except (KeyboardInterrupt, typer.Abort):
            fail(["sockadvisor: interrupted"], ExitCode.INTERRUPTED)
        except Exception as exc:
            if "--debug" in argv:
                traceback.print_exc()
            fail(
                [
                    f"sockadvisor: internal error ({type(exc).__name__}); this is a bug: run "
                    f"again with --debug for details and report it at {REPORT}"
                ],
                ExitCode.INTERNAL,
            )
        if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C inside a command into 130
            fail(["sockadvisor: interrupted"], ExitCode.INTERRUPTED)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


app = typer.Typer(
    cls=SockadvisorGroup,
    name="sockadvisor",
    help="Pick running socks, above all compression socks for trail running.\n\n"
    "Ranks a catalog of socks for your profile, explains every point of every score, "
    "and prints JSON for scripts. Exit codes: 0 ok, 1 nothing matched, 2 usage, "
    "65 invalid data, 66 missing file, 70 internal error, 130 interrupted, 143 terminated.",
    epilog="\b\nExamples:\n"
    "  sockadvisor ask\n"
    "  sockadvisor recommend --distance ultra --terrain trail --calf 15in\n"
    "  sockadvisor explain CRN-KH-1520 --distance ultra --terrain technical",
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        emit(f"sockadvisor {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            metavar="BYTES",
            help="Refuse input files larger than this (default 268435456, 256 MiB; "
            "also SOCKADVISOR_MAX_BYTES).",
        ),
    ] = None,
) -> None:
    """Pick running socks, above all compression socks for trail running."""
    from sockadvisor.cli.options import ROOT  # here: `--version` needs no profile table

    ROOT["max_bytes"] = max_bytes  # for the commands' loaders (cli.options.max_bytes)


def main() -> None:
    """The console script's entry point.

    A short-lived process that builds many small objects: the cyclic garbage collector
    only slows it (3x on a big catalog), and the memory it would reclaim is returned
    when the process ends a moment later.
    """
    gc.disable()
    signal.signal(signal.SIGTERM, _terminate)
    app()
