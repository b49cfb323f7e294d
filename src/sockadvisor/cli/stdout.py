"""Writing what a command made: to standard output, or to a file with -o, and the lines
for standard error (docs/robustness.md).

The whole text is made before a byte is written. Every line for standard error goes
through `errors.terminal_safe`, so a value typed on the command line or a file's name
can never send an escape sequence to the terminal.
"""

from __future__ import annotations

import os
import sys

from sockadvisor.errors import InputError, terminal_safe


def emit(text: str) -> None:
    """Write a whole rendered output to stdout; a reader that left early is not an error."""
    if sys.stdout is None:  # started with stdout closed: there is no reader
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    out = getattr(sys.stdout, "buffer", None)
    try:
        if out is None:  # a text-only stream (an embedding program's, a test's)
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.write(text.encode(encoding, errors="replace"))
            out.flush()
    except BrokenPipeError:
        _quiet_stdout()  # Python's signal docs, "Note on SIGPIPE": no failing later flush
    except BaseException as exc:
        _quiet_stdout()  # interrupted mid-write: never let the exit flush send the rest
        if isinstance(exc, OSError | ValueError):  # a full disk, a read-only or closed fd
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
            raise InputError(f"sockadvisor: cannot write to standard output: {why}") from None
        raise


def _quiet_stdout() -> None:
    """After a failed write, make the interpreter's last flush of stdout a no-op."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        sys.stdout = None


def say(line: str) -> None:
    """One line on standard error, made safe for a terminal; a closed stderr is no error."""
    try:
        sys.stderr.write(terminal_safe(line) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # closed or full: the exit code remains
        pass


def write(path: str, text: str, force: bool, what: str) -> None:
    """Standard output for '-', else a whole file written atomically (never clobbering)."""
    if path == "-":
        emit(text)
        return
    from sockadvisor.sources.files import write_atomic

    write_atomic(path, text, force)
    say(f"sockadvisor: wrote {path}{f' ({what})' if what else ''}")


def fail(lines: list[str], code: int) -> None:
    """One line per problem on stderr, then exit with the documented code (which a closed
    or full standard error never changes)."""
    for line in lines:
        say(line)
    sys.exit(code)
