"""Writing what a command made: to standard output, or to a file with -o.

The whole text is written in one go, so a failure never leaves half a document.
"""

from __future__ import annotations

import os
import sys


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
        # Python's signal docs, "Note on SIGPIPE": stop later flushes from failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write(path: str, text: str, force: bool, what: str) -> None:
    """Standard output for '-', else a whole file written atomically (never clobbering)."""
    if path == "-":
        emit(text)
        return
    from sockadvisor.sources.files import write_atomic

    write_atomic(path, text, force)
    sys.stderr.write(f"sockadvisor: wrote {path}{f' ({what})' if what else ''}\n")


def fail(lines: list[str], code: int) -> None:
    """One line per problem on stderr, then exit with the documented code."""
    for line in lines:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
    sys.exit(code)
