"""Parallel first runs build a catalog's cache entry once (sources/cache_lock.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from sockadvisor.sources import cache, cache_lock, catalog
from sockadvisor.sources.catalog import CATALOG_FILE, bundled

pytestmark = pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no flock here")

# A child that loads the catalog with the cache on; each build appends a line to a file
# and then lasts `pause` seconds, so that runs started together overlap.
CHILD = textwrap.dedent(
    """
    import sys, time
    from sockadvisor.sources import catalog

    path, counter, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
    parse = catalog._parse_catalog

    def counted(*args, **kwargs):
        with open(counter, "a") as out:
            out.write("built\\n")
        time.sleep(pause)
        return parse(*args, **kwargs)

    catalog._parse_catalog = counted
    print(len(catalog.load_catalog(path).catalog.products))
    """
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.DIR_ENV, str(where))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return where


@pytest.fixture
def user_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(Path(bundled(CATALOG_FILE)).read_bytes())
    return path


def child(script: Path, path: Path, counter: Path, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), str(path), str(counter), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def builds(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count this process's builds of a catalog."""
    seen: list[int] = []
    parse = catalog._parse_catalog

    def counted(*args: Any, **kwargs: Any) -> Any:
        seen.append(1)
        return parse(*args, **kwargs)

    monkeypatch.setattr(catalog, "_parse_catalog", counted)
    return seen


def locks(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.lock"))


def test_runs_started_at_once_build_once(folder: Path, user_catalog: Path, tmp_path: Path) -> None:
    script, counter = tmp_path / "child.py", tmp_path / "builds.txt"
    script.write_text(CHILD)
    runs = [child(script, user_catalog, counter, 2.0) for _ in range(5)]
    outs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 5, [err for _, err in outs]
    assert len({out for out, _ in outs}) == 1  # every run read the same catalog
    assert builds(counter) == 1
    assert len(list(folder.glob("catalog-*.json"))) == 1
    assert locks(folder) == []  # the builder removed its lock file


def test_a_killed_builder_does_not_block_the_next_run(
    folder: Path, user_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, counter = tmp_path / "child.py", tmp_path / "builds.txt"
    script.write_text(CHILD)
    holder = child(script, user_catalog, counter, 300.0)
    try:
        deadline = time.monotonic() + 60
        while builds(counter) == 0:  # it holds the lock while it builds
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert len(locks(folder)) == 1
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate()
    monkeypatch.setattr(cache_lock, "timeout_for", lambda size: 60.0)
    seen = count_builds(monkeypatch)
    start = time.monotonic()
    loaded = catalog.load_catalog(str(user_catalog))
    assert time.monotonic() - start < 30  # not the 60 s timeout: the flock went with it
    assert seen == [1] and loaded.catalog.products
    assert locks(folder) == []
    assert len(list(folder.glob("catalog-*.json"))) == 1


def test_a_builder_that_hangs_is_waited_for_only_until_the_timeout(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = user_catalog.read_bytes()
    held = cache_lock.acquire(folder, "catalog", data)  # another open file: another holder
    assert held.fd is not None and not held.waited
    try:
        monkeypatch.setattr(cache_lock, "timeout_for", lambda size: 0.5)
        seen = count_builds(monkeypatch)
        start = time.monotonic()
        catalog.load_catalog(str(user_catalog))
        assert 0.5 <= time.monotonic() - start < 20
        assert seen == [1]  # it built for itself
    finally:
        held.release()
    assert locks(folder) == []


def test_a_waiter_is_told_when_the_holder_is_done(folder: Path, user_catalog: Path) -> None:
    data = user_catalog.read_bytes()
    held = cache_lock.acquire(folder, "catalog", data)
    assert held.fd is not None
    timed_out = cache_lock.acquire(folder, "catalog", data, timeout=0.2)
    assert timed_out.fd is None and not timed_out.waited  # build without a lock
    found: list[cache_lock.Turn] = []
    waiter = threading.Thread(
        target=lambda: found.append(cache_lock.acquire(folder, "catalog", data, timeout=30))
    )
    waiter.start()
    time.sleep(0.3)
    assert not found  # still waiting
    held.release()
    waiter.join(timeout=30)
    assert found[0].waited and found[0].fd is None  # read the cache: the holder is done
    again = cache_lock.acquire(folder, "catalog", data, timeout=0.2)
    assert again.fd is not None and not again.waited  # free again
    again.release()
    assert locks(folder) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlink_at_the_lock_is_never_followed(
    folder: Path, user_catalog: Path, tmp_path: Path, dangling: bool
) -> None:
    data = user_catalog.read_bytes()
    folder.mkdir(mode=0o700)
    target = tmp_path / "elsewhere"
    if not dangling:
        target.write_text("keep")
    (folder / cache_lock.lock_name("catalog", data)).symlink_to(target)
    turn = cache_lock.acquire(folder, "catalog", data, timeout=0.2)
    assert turn.fd is None and not turn.waited  # no lock: the caller builds
    assert catalog.load_catalog(str(user_catalog)).catalog.products
    assert target.read_text() == "keep" if not dangling else not target.exists()
    assert (folder / cache_lock.lock_name("catalog", data)).is_symlink()


def test_a_lock_file_others_can_write_is_not_used(folder: Path, user_catalog: Path) -> None:
    data = user_catalog.read_bytes()
    folder.mkdir(mode=0o700)
    planted = folder / cache_lock.lock_name("catalog", data)
    planted.write_text("")
    planted.chmod(0o666)
    turn = cache_lock.acquire(folder, "catalog", data, timeout=0.2)
    assert turn.fd is None and not turn.waited


def test_an_untrusted_folder_means_no_lock(tmp_path: Path, user_catalog: Path) -> None:
    where = tmp_path / "open"
    where.mkdir()
    where.chmod(0o777)
    turn = cache_lock.acquire(where, "catalog", user_catalog.read_bytes(), timeout=0.2)
    assert turn.fd is None and not turn.waited
    assert list(where.iterdir()) == []
