"""Writing files safely: whole or not at all, and never over a file without --force."""

from __future__ import annotations

import os
import tempfile

from .errors import InputError, UsageError


def write_atomic(path: str, text: str, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file and a rename.

    An existing file is kept unless `force`; on any failure the old file (if any) is left
    as it was and no temporary file remains.
    """
    if os.path.lexists(path) and not force:
        raise UsageError(f"sockadvisor: {path} exists; use --force to replace it")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sockadvisor-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"sockadvisor: cannot write in {folder}: {exc.strerror}") from None
    try:
        os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"sockadvisor: cannot write {path}: {exc.strerror}") from None
        raise


def _mode(path: str) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
