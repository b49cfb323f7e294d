"""The validated-catalog cache: hits, misses on change, corruption, races, trust."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sockadvisor.sources import cache, catalog
from sockadvisor.sources.catalog import CATALOG_FILE, bundled, load_catalog


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


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(catalog, "parse_file", fail)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.pickle"))


def test_second_load_comes_from_the_cache(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_catalog(str(user_catalog))
    assert len(entries(folder)) == 1
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    no_parsing(monkeypatch)
    assert load_catalog(str(user_catalog)) == first


def test_a_changed_file_is_read_afresh(folder: Path, user_catalog: Path) -> None:
    load_catalog(str(user_catalog))
    user_catalog.write_text(
        user_catalog.read_text(encoding="utf-8").replace("price: 46.95", "price: 47.95", 1),
        encoding="utf-8",
    )
    changed = load_catalog(str(user_catalog))
    assert changed.get("CRN-KH-1520").price == 47.95
    assert len(entries(folder)) == 2


def test_off_by_option_and_environment(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog(str(user_catalog), use_cache=False)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    load_catalog(str(user_catalog))
    assert not folder.exists()


def test_a_corrupt_entry_is_dropped_and_rebuilt(folder: Path, user_catalog: Path) -> None:
    expected = load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    entry.write_bytes(b"not a pickle")
    assert load_catalog(str(user_catalog)) == expected
    assert entry.read_bytes() != b"not a pickle"


def test_an_unwritable_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(cache.DIR_ENV, str(blocker / "cache"))
    assert len(load_catalog(None).products) == 83


def test_a_folder_others_can_write_is_not_trusted(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog(str(user_catalog))
    folder.chmod(0o777)
    assert cache.get("catalog", user_catalog.read_bytes()) is None
    cache.put("catalog", b"other", 1)
    assert len(entries(folder)) == 1


def test_racing_writers_leave_whole_entries(folder: Path, user_catalog: Path) -> None:
    data = user_catalog.read_bytes()
    value = load_catalog(str(user_catalog), use_cache=False)
    threads = [threading.Thread(target=cache.put, args=("catalog", data, value)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("catalog", data) == value
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_old_entries_are_pruned(folder: Path) -> None:
    last = cache.KEEP + 3
    for i in range(last + 1):
        cache.put("catalog", str(i).encode(), i)
    assert len(entries(folder)) == cache.KEEP
    assert cache.get("catalog", str(last).encode()) == last
