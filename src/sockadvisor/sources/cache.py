"""A cache of validated catalogs and rules, keyed by content (docs/performance.md).

Parsing and validating a big YAML catalog takes seconds; loading the validated result
back takes a fraction of that. An entry is JSON (plain data, never pickle or marshal),
so loading one cannot run code, whoever wrote it. It is named by a hash of the file's
bytes and of everything that could change what they mean (sockadvisor's, pydantic's and
Python's versions, and the source of the models and of this loader), and starts with a
header that repeats the key and gives the payload's length and CRC-32: a truncated,
foreign, corrupt or wrong-version entry is ignored and rebuilt, never trusted.

The folder and every entry are opened without following symlinks, and checked on the
open descriptor: the folder must be a folder, the entries regular files, both ours and
writable by nobody else; a FIFO cannot block a run. Entries are written to a temporary
file and renamed, so a run killed at any point leaves nothing a later run reads; stale
temporary files of killed runs are removed by the next write. Nothing here is ever an
error: a cache that cannot be used is not used. `--no-cache` or `SOCKADVISOR_NO_CACHE`
set to 1, true, yes or on turns it off (0, false, no, off or empty leave it on).
Shell completion's SKU lists (sources/skus.py) are entries too, named by the catalog's
path, size and modification time (`get_keyed`, `put_keyed`), so a hit imports no pydantic.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import secrets
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sockadvisor import __version__
from sockadvisor.errors import UsageError

NO_CACHE_ENV = "SOCKADVISOR_NO_CACHE"
DIR_ENV = "SOCKADVISOR_CACHE_DIR"
# Bump when the shape of what is cached changes without a version change.
FORMAT = 3
KEEP = 8  # entries kept per kind; older ones are removed when a new one is written
STALE_TMP_SECONDS = 10 * 60  # a temporary file this old belongs to a run that was killed
SUFFIX = ".json"
_ENTRY = re.compile(r"[a-z-]+-[0-9a-f]{40}\.json")  # kind-key.json ("catalog-csv" is a kind)
MAGIC = b"sockadvisor-cache"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")

V = TypeVar("V")


def enabled() -> bool:
    """False when SOCKADVISOR_NO_CACHE says yes; a value that is neither yes nor no is an error."""
    raw = os.environ.get(NO_CACHE_ENV, "")
    value = raw.strip().lower()
    if value in _FALSE:
        return True
    if value in _TRUE:
        return False
    raise UsageError(
        f"sockadvisor: {NO_CACHE_ENV}={raw[:40]!r} is neither yes nor no; set it to 1 (or "
        "true, yes, on) to turn the cache off, or to 0 (or false, no, off) or unset it"
    )


def folder(given: str | None = None) -> Path:
    """The cache folder: `given`, else SOCKADVISOR_CACHE_DIR, else the XDG cache folder."""
    if given:
        return Path(given)
    if os.environ.get(DIR_ENV):
        return Path(os.environ[DIR_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sockadvisor"


def _key(kind: str, data: bytes) -> str:
    """SHA-256 (twice as fast as BLAKE2 where the CPU has SHA instructions), not copying data."""
    import pydantic  # here, so that shell completion's SKU lookup (sources/skus.py) skips it

    digest = hashlib.sha256(
        f"{FORMAT}:{kind}:{__version__}:{pydantic.VERSION}:{sys.version}".encode()
    )
    digest.update(_code_source() + b"\0")
    digest.update(data)
    return digest.hexdigest()[:40]


def _code_source() -> bytes:
    """The source of the cached classes and of their loader: a change never reads old entries."""
    package = Path(__file__).parent.parent
    names = (
        "domain/models.py",
        "domain/rules.py",
        "domain/vocab.py",
        "domain/columnar.py",
        "domain/text.py",
        "domain/profile.py",
        "domain/fields.py",
        "sources/cache.py",
        "sources/cache_codec.py",
        "sources/columns.py",
        "engine/compile.py",
        "engine/kernel.py",
    )
    return b"".join((package / name).read_bytes() for name in names)


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


def _ours(info: os.stat_result, kind: Callable[[int], bool]) -> bool:
    """Of the right kind, owned by us, and writable by nobody else."""
    return kind(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


# Where the checks below cannot be made (no O_NOFOLLOW, no owners, no dir_fd), no cache.
_SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "geteuid")
    and os.open in os.supports_dir_fd
)


def _open_folder(where: Path) -> int | None:
    """A descriptor of the cache folder, or None when it is missing or not to be trusted.

    O_NOFOLLOW: the folder itself is never a symlink; the checks are on the descriptor,
    so swapping the path afterwards changes nothing: every entry is opened relative to it.
    """
    if not _SUPPORTED:
        return None
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(where, flags)
    except OSError:
        return None
    try:
        if _ours(os.fstat(fd), stat.S_ISDIR):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_entry(dir_fd: int, name: str) -> bytes | None:
    """The bytes of a regular file of ours in the folder; None for anything else.

    O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not _ours(info, stat.S_ISREG):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _header(kind: str, key: str, payload: bytes | memoryview) -> bytes:
    crc = zlib.crc32(payload)
    return b"%s %d %s %s %d %08x\n" % (
        MAGIC,
        FORMAT,
        kind.encode(),
        key.encode(),
        len(payload),
        crc,
    )


def _payload(kind: str, key: str, raw: bytes) -> memoryview | None:
    """The payload of an entry whose header matches this kind, key, length and CRC: a view
    of `raw`, not a copy (a catalog's payload is tens of MB)."""
    end = raw.find(b"\n", 0, 200)
    if end < 0:
        return None
    payload = memoryview(raw)[end + 1 :]
    if raw[: end + 1] != _header(kind, key, payload):
        return None
    return payload


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} in a cache entry (a validated number is finite)")


def loads(text: str | bytes) -> Any:
    """A cache entry's JSON; NaN and Infinity (which json.loads takes) are refused."""
    return json.loads(text, parse_constant=_refuse)


def _json(payload: memoryview) -> Any:
    """A payload's JSON (the default `parse`)."""
    return loads(bytes(payload))


def get(
    kind: str,
    data: bytes,
    decode: Callable[[Any], V],
    where_given: str | None = None,
    parse: Callable[[memoryview], Any] = _json,
    shared: str | None = None,
) -> V | None:
    """The cached value for these bytes, or None (missing, damaged or not to be trusted).

    `decode` turns the entry's plain data (`parse` of its payload, a view of the bytes
    read; JSON by default) back
    into the value; anything it raises means the entry is not one of ours, and it is deleted.
    With `shared` (a kind), the entry for these bytes names an entry of that kind by the
    hash of its payload: copies of one catalog in YAML, JSON and CSV share that entry.
    """
    return get_keyed(kind, lambda: _key(kind, data), decode, where_given, parse, shared)


def get_keyed(
    kind: str,
    key: Callable[[], str],
    decode: Callable[[Any], V],
    where_given: str | None = None,
    parse: Callable[[memoryview], Any] = _json,
    shared: str | None = None,
) -> V | None:
    """As `get`, for an entry named by the caller's `key` (40 hex digits), computed only
    once the folder is known to be usable."""
    dir_fd = _open_folder(folder(where_given))
    if dir_fd is None:
        return None
    try:
        name_key = key()
        if shared is None:
            return _get_entry(dir_fd, kind, name_key, decode, parse)
        content = _get_entry(dir_fd, kind, name_key, _content_key, _json)
        if content is None:
            return None
        return _get_entry(dir_fd, shared, content, decode, parse)
    finally:
        os.close(dir_fd)


def _content_key(plain: Any) -> str:
    if type(plain) is not str or not re.fullmatch(r"[0-9a-f]{40}", plain):
        raise ValueError("not a content key")
    return plain


def _get_entry(
    dir_fd: int,
    kind: str,
    key: str,
    decode: Callable[[Any], V],
    parse: Callable[[memoryview], Any],
) -> V | None:
    name = f"{kind}-{key}{SUFFIX}"
    raw = _read_entry(dir_fd, name)
    if raw is None:
        return None
    try:
        payload = _payload(kind, key, raw)
        if payload is None:
            raise ValueError("not an entry for this key")
        with gc_paused():
            return decode(parse(payload))
    except Exception:  # damaged or from another build: drop it and rebuild
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
        return None


def drop(kind: str, data: bytes, where_given: str | None = None, shared: str | None = None) -> None:
    """Delete the entry for these bytes (found damaged after it was loaded), and with
    `shared`, the entry it names."""
    dir_fd = _open_folder(folder(where_given))
    if dir_fd is None:
        return
    try:
        name = f"{kind}-{_key(kind, data)}{SUFFIX}"
        if shared is not None:
            content = _get_entry(dir_fd, kind, _key(kind, data), _content_key, _json)
            if content is not None:
                with contextlib.suppress(OSError):
                    os.unlink(f"{shared}-{content}{SUFFIX}", dir_fd=dir_fd)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)


def put(kind: str, data: bytes, plain: Any, where_given: str | None = None) -> None:
    """Store `plain` (JSON-able data) for these bytes; any failure leaves the cache as it was."""
    put_keyed(kind, lambda: _key(kind, data), plain, where_given)


def put_keyed(
    kind: str, key: Callable[[], str], plain: Any, where_given: str | None = None
) -> None:
    """As `put`, for an entry named by the caller's `key` (40 hex digits)."""
    try:
        payload = json.dumps(plain, separators=(",", ":"), allow_nan=False).encode()
    except (ValueError, TypeError):
        return
    _put(kind, key, payload, where_given, None)


def put_payload(
    kind: str,
    data: bytes,
    payload: bytes,
    where_given: str | None = None,
    shared: str | None = None,
) -> None:
    """Store a payload (JSON text) for these bytes; any failure leaves the cache as it was.

    With `shared` (a kind), the payload goes in an entry of that kind named by its hash,
    and the entry for these bytes holds that name (see `get`).
    """
    _put(kind, lambda: _key(kind, data), payload, where_given, shared)


def _put(
    kind: str,
    key: Callable[[], str],
    payload: bytes,
    where_given: str | None,
    shared: str | None,
) -> None:
    where = folder(where_given)
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    dir_fd = _open_folder(where)
    if dir_fd is None:
        return
    try:
        _prune(dir_fd, kind)
        name_key = key()
        if shared is not None:
            _prune(dir_fd, shared)
            content = _key(shared, payload)
            _write(
                dir_fd, f"{shared}-{content}{SUFFIX}", _header(shared, content, payload) + payload
            )
            payload = json.dumps(content).encode()
        _write(dir_fd, f"{kind}-{name_key}{SUFFIX}", _header(kind, name_key, payload) + payload)
    except OSError:
        return
    finally:
        os.close(dir_fd)


def _write(dir_fd: int, name: str, content: bytes) -> None:
    """Write to a temporary file and rename it: a reader sees a whole entry or none."""
    tmp = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(tmp, flags, 0o600, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise


def _prune(dir_fd: int, kind: str) -> None:
    """Remove stale temporary files, and all but the KEEP - 1 newest entries of this kind."""
    now = time.time()
    entries: list[tuple[float, str]] = []
    for name in os.listdir(dir_fd):
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            continue
        if name.startswith(".") and name.endswith(".tmp"):
            if now - info.st_mtime > STALE_TMP_SECONDS:
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=dir_fd)
        elif _ENTRY.fullmatch(name) and name.rpartition("-")[0] == kind:
            entries.append((info.st_mtime, name))
    for _, name in sorted(entries)[: max(0, len(entries) - (KEEP - 1))]:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=dir_fd)
