"""Writing files safely: whole or not at all, and never over a file without --force."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from importlib import resources
from pathlib import Path

from sockadvisor.errors import InputError, UsageError

CATALOG_FILE = "catalog.yaml"
RULES_FILE = "rules.yaml"


def bundled(name: str) -> str:
    """The path of a bundled data file: inside the installed package, or the checkout's data/."""
    packaged = resources.files("sockadvisor") / "data" / name
    if packaged.is_file():
        return str(packaged)
    return str(Path(__file__).resolve().parents[3] / "data" / name)


def write_atomic(path: str, text: str, force: bool) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all; never overwrite without force.

    The text goes to a temporary file in the same folder, is flushed to disk, and then
    renamed over `path`. Raises UsageError when `path` exists and not `force`, and
    InputError (with one line that says why) when the file cannot be written; either
    way `path` is as it was and no temporary file is left. A new file gets the usual
    permissions (0666 less the umask); an overwritten one keeps its own. '-' (standard
    output) is the caller's to handle: this raises ValueError for it.
    """
    if path == "-":
        raise ValueError("write_atomic does not write standard output; print the text instead")
    if not path:
        raise UsageError(
            "sockadvisor: the file name is empty; give a path, or - for standard output"
        )
    if "\0" in path:  # no file can have it (os calls raise ValueError)
        raise InputError(
            f"sockadvisor: {path}: a file name cannot contain a NUL character; give another name"
        )
    if os.path.isdir(path):
        raise InputError(f"sockadvisor: {path}: is a folder; give the name of the file to write")
    _regular_or_absent(path)
    if not force and os.path.lexists(path):
        raise UsageError(f"sockadvisor: {path} already exists; use --force to overwrite it")
    folder = os.path.dirname(path) or "."
    _prune_stale(folder, os.path.basename(path))
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as exc:
        raise _write_error(path, folder, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, path)
        else:
            _rename_no_clobber(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_error(path, folder, exc) from None
        raise
    _sync_folder(folder)


def _regular_or_absent(path: str) -> None:
    """Only a regular file is ever replaced: never a device, a pipe, a socket or a link."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "a device, pipe or socket"
        raise InputError(
            f"sockadvisor: {path}: is {kind}, not a regular file; refusing to replace it "
            "(write to a file's path, or - for standard output)"
        )


STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed


def _prune_stale(folder: str, name: str) -> None:
    """Remove our temporary files for `name` that a killed run left behind (best effort)."""
    prefix = f".{name}."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)


def _mode_for(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _rename_no_clobber(tmp: str, path: str) -> None:
    """Rename, but fail if `path` appeared meanwhile (a hard link cannot overwrite)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise UsageError(
            f"sockadvisor: {path} already exists; use --force to overwrite it"
        ) from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise UsageError(
                f"sockadvisor: {path} already exists; use --force to overwrite it"
            ) from None
        os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; best effort (not every system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_error(path: str, folder: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        why = f"the folder {folder} does not exist"
    elif isinstance(exc, PermissionError):
        why = "permission denied"
    else:
        why = exc.strerror or str(exc)
    return InputError(f"sockadvisor: cannot write {path}: {why}")
