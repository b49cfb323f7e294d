"""A cache of validated catalogs and rules, keyed by content (docs/performance.md).

Parsing and validating a big YAML catalog takes seconds; loading the validated result
back takes a fraction of that. The cache lives in `$SOCKADVISOR_CACHE_DIR`, else
`$XDG_CACHE_HOME/sockadvisor`, else `~/.cache/sockadvisor`. An entry's name is a hash
of the file's bytes and of everything that could change what they mean (sockadvisor's,
pydantic's and Python's versions, and the source of the model classes), so an edited
file, an upgrade or a changed model never reads a stale entry. Entries are written to a
temporary file and renamed, so two processes racing leave one whole entry. A corrupt,
unreadable or unwritable cache is ignored, never an error. The folder must belong to
the user and be writable by nobody else, since its entries are pickles; otherwise it is
not used. `--no-cache` or SOCKADVISOR_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pydantic

from sockadvisor import __version__

NO_CACHE_ENV = "SOCKADVISOR_NO_CACHE"
DIR_ENV = "SOCKADVISOR_CACHE_DIR"
# Bump when the shape of what is cached changes without a version change.
FORMAT = 1
KEEP = 8  # entries kept per kind; older ones are removed when a new one is written


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def folder(given: str | None = None) -> Path:
    """The cache folder: `given`, else SOCKADVISOR_CACHE_DIR, else the XDG cache folder."""
    if given:
        return Path(given)
    if os.environ.get(DIR_ENV):
        return Path(os.environ[DIR_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sockadvisor"


def _key(kind: str, data: bytes) -> str:
    salt = f"{FORMAT}:{kind}:{__version__}:{pydantic.VERSION}:{sys.version}".encode()
    return hashlib.blake2b(salt + _models_source() + b"\0" + data, digest_size=20).hexdigest()


def _models_source() -> bytes:
    """The source of the cached classes: a changed model never reads an old entry."""
    here = Path(__file__).parent.parent / "domain"
    names = ("models.py", "rules.py", "vocab.py", "profile.py", "fields.py")
    return b"".join((here / name).read_bytes() for name in names)


def _safe(path: Path) -> bool:
    """Ours and writable by nobody else: a pickle from anyone else must never be loaded."""
    try:
        info = path.stat()
    except OSError:
        return False
    mode = stat.S_IMODE(info.st_mode)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not mode & 0o022


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building many small objects: the cyclic collector only slows it down."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def get(kind: str, data: bytes, where_given: str | None = None) -> Any | None:
    """The cached object for these bytes, or None (missing, corrupt or not trusted)."""
    where = folder(where_given)
    if not _safe(where):
        return None
    path = where / f"{kind}-{_key(kind, data)}.pickle"
    try:
        with open(path, "rb") as handle, gc_paused():
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt or from an incompatible build: drop it and rebuild
        try:
            path.unlink()
        except OSError:
            pass
        return None


def put(kind: str, data: bytes, value: Any, where_given: str | None = None) -> None:
    """Store `value` for these bytes; any failure leaves the cache as it was."""
    where = folder(where_given)
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(where):
            return
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where / f"{kind}-{_key(kind, data)}.pickle")
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(where, kind)
    except (OSError, pickle.PicklingError):
        return


def _prune(where: Path, kind: str) -> None:
    entries = sorted(where.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)
