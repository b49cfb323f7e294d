"""One exception hierarchy; the CLI turns each kind into its exit code in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes (README and docs/exit-codes.md)."""

    OK = 0
    NOTHING_MATCHED = 1
    USAGE = 2
    DATA = 65  # sysexits EX_DATAERR: invalid catalog, rules or profile data
    NO_INPUT = 66  # sysexits EX_NOINPUT: missing or unreadable file
    INTERNAL = 70  # sysexits EX_SOFTWARE: a bug in sockadvisor
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file, at a position. Never carries the input value."""

    file: str
    line: int
    col: int
    where: str
    what: str

    def __str__(self) -> str:
        where = f" {_one_line(self.where, 120)}:" if self.where else ""
        return f"{_one_line(self.file, 300)}:{self.line}:{self.col}:{where} {_one_line(self.what)}"


def _one_line(text: str, limit: int = 600) -> str:
    """Text from a user's file, safe on one terminal line: escaped, and cut when long."""
    safe = terminal_safe(text)
    return safe if len(safe) <= limit else safe[: limit - 3] + "..."


def terminal_safe(text: str) -> str:
    """Text safe to show on a terminal: every character that is not printable (controls,
    escape sequences, line and paragraph separators, bidi and other format characters)
    is shown escaped, as Python writes it (\\x1b, \\u2028). The one place for stderr."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class SockadvisorError(Exception):
    """Base of every error a user can cause. Each line of `lines()` goes to stderr."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def lines(self) -> list[str]:
        return [_one_line(str(self))]


class UsageError(SockadvisorError):
    """A wrong value on the command line (an unknown SKU, an impossible option)."""

    exit_code = ExitCode.USAGE


class InputError(SockadvisorError):
    """A file that is missing, a directory, unreadable, or a terminal where data was due."""

    exit_code = ExitCode.NO_INPUT


class DataError(SockadvisorError):
    """Invalid data: every problem found in one file (or several), sorted by position."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
