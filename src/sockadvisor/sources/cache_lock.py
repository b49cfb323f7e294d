"""One builder per new catalog: processes started at once build its cache entry once.

The first process that misses the cache takes an exclusive `flock` on a lock file in the
cache folder (`.KIND-HASH.lock`, HASH of the file's bytes) and builds; the others wait for
a shared lock on the same file, which they get the moment the builder is done, and then
read the entry it wrote. docs/performance.md#the-cache says what users see.

Never a deadlock, never a lock that outlives its holder: the kernel releases a `flock`
when its holder exits, however it dies (a killed builder just lets the next one build);
a waiter gives up after `timeout` seconds and builds itself; a lock that cannot be had
(no fcntl, a folder or lock file not to be trusted, any OSError) means building without
one. The lock file is opened relative to the checked folder descriptor without following
symlinks (created with O_EXCL, else opened with O_NOFOLLOW and checked on the descriptor
as cache entries are), and removed by its holder; a lock taken on a file that was removed
meanwhile is not trusted. Locks only save work: the entries stay safe without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from sockadvisor.sources import cache

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: every process builds for itself
    fcntl = None  # type: ignore[assignment]

MB = 1024 * 1024
POLL_SECONDS = (0.01, 0.02, 0.05, 0.1)  # the pauses between tries, then the last one


def timeout_for(size: int) -> float:
    """How long to wait for another builder: 10 s, plus 1 s per MB of the file (a 70 MB
    YAML catalog takes about a minute to build on a slow machine)."""
    return 10.0 + size / MB


@dataclass
class Turn:
    """What `acquire` found: `waited`, another process built these bytes while we waited
    (look in the cache again); `fd`, the lock we hold (None: build without one)."""

    waited: bool = False
    fd: int | None = None
    dir_fd: int | None = None
    name: str = ""

    def release(self) -> None:
        """Remove the lock file and let go (idempotent)."""
        if self.fd is not None and self.dir_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.name, dir_fd=self.dir_fd)
        for fd in (self.fd, self.dir_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)  # closing the last descriptor releases the flock
        self.fd = self.dir_fd = None


def lock_name(kind: str, data: bytes) -> str:
    return f".{kind}-{hashlib.sha256(data).hexdigest()[:40]}.lock"


def acquire(where: Path, kind: str, data: bytes, timeout: float | None = None) -> Turn:
    """Take the lock for these bytes, or wait while another process holds it.

    Returns a Turn holding the lock (build, then release), or one with `waited` set
    (another process finished: read the cache), or an empty one (build without a lock:
    no lock to be had, or `timeout` passed).
    """
    if fcntl is None:  # pragma: no cover
        return Turn()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return Turn()
    dir_fd = cache._open_folder(where)
    if dir_fd is None:
        return Turn()
    name = lock_name(kind, data)
    deadline = time.monotonic() + (timeout_for(len(data)) if timeout is None else timeout)
    try:
        return _acquire(dir_fd, name, deadline)
    except OSError:
        os.close(dir_fd)
        return Turn()


def _acquire(dir_fd: int, name: str, deadline: float) -> Turn:
    fd = _open_lock(dir_fd, name)
    if fd is None:
        os.close(dir_fd)
        return Turn()
    try:
        if _try(fd, fcntl.LOCK_EX):
            if _still_named(dir_fd, name, fd):
                return Turn(fd=fd, dir_fd=dir_fd, name=name)
            # The holder before us removed the file after locking it: it has finished.
            os.close(fd)
            os.close(dir_fd)
            return Turn(waited=True)
        # Another process is building: wait for its exclusive lock to go.
        pauses = iter(POLL_SECONDS)
        while not _try(fd, fcntl.LOCK_SH):
            if time.monotonic() >= deadline:
                os.close(fd)
                os.close(dir_fd)
                return Turn()  # it takes too long (or is stopped): build ourselves
            time.sleep(next(pauses, POLL_SECONDS[-1]))
        os.close(fd)
        os.close(dir_fd)
        return Turn(waited=True)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open_lock(dir_fd: int, name: str) -> int | None:
    """The lock file, created (O_EXCL never follows a link) or opened without following
    one; None unless it is a regular file of ours that nobody else can write."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        return os.open(name, flags | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=dir_fd)
    except FileExistsError:
        pass
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError:  # a symlink (ELOOP), gone meanwhile, or not ours to open
        return None
    if cache._ours(os.fstat(fd), stat.S_ISREG):
        return fd
    os.close(fd)
    return None


def _still_named(dir_fd: int, name: str, fd: int) -> bool:
    """Whether `name` is still the file we locked (a finished holder removes it)."""
    try:
        named = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
