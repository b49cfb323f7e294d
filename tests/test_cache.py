"""The validated-catalog cache: hits, misses on change, damage, races, and hostile entries.

A hostile entry is one another user (or a killed run) could leave where the cache looks:
a pickle that would run code, a symlink, a FIFO, a file swapped in through a symlinked
folder, a file owned or writable by someone else. None of them may run anything, block,
or be trusted; the run must still succeed, from the file itself.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.errors import UsageError
from sockadvisor.sources import cache, catalog, columns
from sockadvisor.sources.catalog import CATALOG_FILE, bundled, load_catalog, load_rules
from sockadvisor.sources.yamlsource import parse_file

FRESH = load_catalog(None, use_cache=False)


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
    return sorted(folder.glob("catalog-*.json"))


def entry_path(folder: Path, data: bytes) -> Path:
    return folder / f"catalog-{cache._key('catalog', data)}{cache.SUFFIX}"


class Exploit:
    """A pickle that, if ever loaded, creates a marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def exploit(marker: Path) -> bytes:
    return pickle.dumps(Exploit(marker))


def assert_loaded_afresh(path: Path, marker: Path | None = None) -> None:
    """The catalog loads, equal to a fresh parse, and nothing ran."""
    assert load_catalog(str(path)) == FRESH
    if marker is not None:
        assert not marker.exists(), "a planted entry ran code"


# --- Ordinary use ------------------------------------------------------------------


def test_second_load_comes_from_the_cache(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    no_parsing(monkeypatch)
    again = load_catalog(str(user_catalog))
    assert again == first == FRESH and again is not first
    assert again.catalog.model_dump() == FRESH.catalog.model_dump()


def test_copies_of_one_catalog_share_one_entry(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YAML, JSON and CSV copies of the same products: one entry of the products, and
    one small entry per file naming it."""
    from tests.csvdata import CREW, HEADER

    csv = tmp_path / "shop.csv"
    csv.write_text(HEADER + CREW)
    from_csv = load_catalog(str(csv)).catalog
    plain = from_csv.model_dump(mode="json")
    (tmp_path / "copy.json").write_text(json.dumps(plain))
    (tmp_path / "copy.yaml").write_text(json.dumps(plain, indent=1))  # JSON is YAML too
    for name in ("copy.json", "copy.yaml"):
        load_catalog(str(tmp_path / name))
    products = sorted(p.name for p in folder.glob("products-*"))
    pointers = sorted(p.name.rsplit("-", 1)[0] for p in folder.glob("catalog*"))
    assert len(products) == 1 and pointers == ["catalog", "catalog", "catalog-csv"]
    no_parsing(monkeypatch)
    for name in ("copy.json", "copy.yaml", "shop.csv"):
        assert load_catalog(str(tmp_path / name)).catalog == from_csv


def test_an_entry_is_json_with_a_header_and_never_a_pickle(
    folder: Path, user_catalog: Path
) -> None:
    load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    header, payload = entry.read_bytes().split(b"\n", 1)
    magic, version, kind, key, length, _crc = header.split(b" ")
    assert (magic, int(version), kind) == (cache.MAGIC, cache.FORMAT, b"catalog")
    assert entry.name == f"catalog-{key.decode()}.json"
    assert int(length) == len(payload)
    json.loads(payload)  # plain data


def test_rules_come_from_the_cache_too(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rules(None)
    assert len(list(folder.glob("rules-*.json"))) == 1
    monkeypatch.setattr(catalog, "parse_file", lambda *a: 1 / 0)
    assert [r.rule.id for r in load_rules(None)] == [r.rule.id for r in first]


@pytest.mark.parametrize(
    "damage",
    [
        lambda rules: rules[0].update(prefer={"no_such_test": 1}),
        lambda rules: rules[0].update(prefer={"length": ["ankle", "thigh"]}),
        lambda rules: rules[0].update(weight="3"),
        lambda rules: [rule.update(weight=0.0) for rule in rules],  # 0 points to share
        lambda rules: rules[0].update(weight=float("nan")),
        lambda rules: rules[0].update(weight=2.0, avoid=True),
        lambda rules: rules[0].update(prefer={"mmhg_within": [20.0, 15.0]}),
        lambda rules: rules[0].update(because="\x1b[31mred on a terminal"),
        lambda rules: rules[0].update(label="\x1b[5mblink"),
        lambda rules: rules[0].update(source="two\nlines"),
        lambda rules: rules[0].update(label="x" * 41),
        lambda rules: rules[0].update(id="X Y"),
        lambda rules: rules[0].update(id="ok-id\n"),
        lambda rules: rules[0]["when"].update(distance="ultra"),
        lambda rules: rules[0].update(label=7),
        lambda rules: rules[0].pop("because"),
        lambda rules: rules.clear(),
    ],
)
def test_a_rules_entry_that_is_not_rules_is_dropped(
    folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    """An entry changed under a matching CRC: compiling it is its check (engine/compile.py)."""
    first = load_rules(None)
    (entry,) = folder.glob("rules-*.json")
    header, payload = entry.read_bytes().split(b"\n", 1)
    _, _, kind, key, _, _ = header.split(b" ")
    rules = json.loads(payload)
    damage(rules)
    payload = json.dumps(rules).encode()
    entry.write_bytes(cache._header(kind.decode(), key.decode(), payload) + payload)
    again = load_rules(None)  # from the file, and written afresh
    assert [r.rule.data for r in again] == [r.rule.data for r in first]
    monkeypatch.setattr(catalog, "parse_file", lambda *a: 1 / 0)
    assert [r.rule.data for r in load_rules(None)] == [r.rule.data for r in first]


def test_a_changed_file_is_read_afresh(folder: Path, user_catalog: Path) -> None:
    load_catalog(str(user_catalog))
    user_catalog.write_text(
        user_catalog.read_text(encoding="utf-8").replace("price: 46.95", "price: 47.95", 1),
        encoding="utf-8",
    )
    changed = load_catalog(str(user_catalog))
    assert changed.get("CRN-KH-1520").price == 47.95
    assert len(entries(folder)) == 2


def test_a_changed_model_or_loader_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache._key("catalog", b"x")
    monkeypatch.setattr(cache, "_code_source", lambda: b"another build")
    assert cache._key("catalog", b"x") != before
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache._key("rules", b"x") != cache._key("catalog", b"x")


# --- On and off --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " Yes "])
def test_off_by_environment(
    folder: Path, user_catalog: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, value)
    assert not cache.enabled()
    load_catalog(str(user_catalog))
    assert not folder.exists()


@pytest.mark.parametrize("value", ["", "0", "false", "False", "no", "NO", "off"])
def test_false_values_leave_the_cache_on(
    folder: Path, user_catalog: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, value)
    assert cache.enabled()
    load_catalog(str(user_catalog))
    assert len(entries(folder)) == 1


def test_off_by_option(folder: Path, user_catalog: Path) -> None:
    load_catalog(str(user_catalog), use_cache=False)
    assert not folder.exists()


def test_a_value_that_is_neither_yes_nor_no_is_a_usage_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "maybe")
    with pytest.raises(UsageError, match="neither yes nor no"):
        cache.enabled()
    result = CliRunner().invoke(app, ["recommend", "--json"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "sockadvisor: SOCKADVISOR_NO_CACHE='maybe' is neither yes nor no; set it to 1 (or "
        "true, yes, on) to turn the cache off, or to 0 (or false, no, off) or unset it\n"
    )


# --- Damage: truncated, corrupt, foreign, wrong version --------------------------------


def _damaged(entry: bytes, key: str) -> dict[str, bytes]:
    header, payload = entry.split(b"\n", 1)
    misfit, pickled = b"[{}, [1, 2]]", pickle.dumps([{}, []])
    return {
        "garbage": b"not an entry",
        "empty": b"",
        "truncated": entry[: len(entry) // 2],
        "one byte short": entry[:-1],
        "one byte more": entry + b" ",
        "flipped byte": entry[:-10] + bytes([entry[-10] ^ 1]) + entry[-9:],
        "old format": header.replace(b" 2 ", b" 1 ", 1) + b"\n" + payload,
        "another key": header.replace(key.encode(), b"0" * len(key)) + b"\n" + payload,
        "json that fits no model": cache._header("catalog", key, misfit) + misfit,
        "pickle with a fitting header": cache._header("catalog", key, pickled) + pickled,
    }


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "empty",
        "truncated",
        "one byte short",
        "one byte more",
        "flipped byte",
        "old format",
        "another key",
        "json that fits no model",
        "pickle with a fitting header",
    ],
)
def test_a_damaged_entry_is_dropped_and_rebuilt(
    folder: Path, user_catalog: Path, damage: str
) -> None:
    load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    good = entry.read_bytes()
    key = entry.name.removeprefix("catalog-").removesuffix(".json")
    entry.write_bytes(_damaged(good, key)[damage])
    assert_loaded_afresh(user_catalog)
    assert entry.read_bytes() == good


def test_an_entry_of_another_catalog_under_this_name_is_not_used(
    folder: Path, user_catalog: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        user_catalog.read_text(encoding="utf-8").replace("price: 46.95", "price: 1.95", 1),
        encoding="utf-8",
    )
    load_catalog(str(other))
    (foreign,) = entries(folder)
    foreign.rename(entry_path(folder, user_catalog.read_bytes()))
    assert_loaded_afresh(user_catalog)


# --- Hostile entries ---------------------------------------------------------------


def test_a_planted_pickle_never_runs(folder: Path, user_catalog: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    folder.mkdir(mode=0o700)
    entry = entry_path(folder, user_catalog.read_bytes())
    entry.write_bytes(exploit(marker))
    entry.chmod(0o600)
    assert_loaded_afresh(user_catalog, marker)
    assert entry.read_bytes().startswith(cache.MAGIC)
    # the old name, too: nothing ever reads a .pickle
    (folder / entry.name.replace(".json", ".pickle")).write_bytes(exploit(marker))
    assert_loaded_afresh(user_catalog, marker)


def test_a_symlinked_entry_is_not_followed(
    folder: Path, user_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())  # even a good entry is not read through a link
    entry.unlink()
    entry.symlink_to(elsewhere)
    parsed: list[str] = []

    def counted(*args: Any) -> Any:
        parsed.append(args[0])
        return parse_file(*args)

    monkeypatch.setattr(catalog, "parse_file", counted)
    assert_loaded_afresh(user_catalog)
    assert parsed == [str(user_catalog)]
    assert not entry.is_symlink() and elsewhere.read_bytes() == entry.read_bytes()


def test_a_symlinked_folder_is_not_used(
    user_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    entry_path(real, user_catalog.read_bytes()).write_bytes(exploit(marker))
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv(cache.DIR_ENV, str(link))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    assert_loaded_afresh(user_catalog, marker)
    assert cache.get("catalog", user_catalog.read_bytes(), lambda plain: plain) is None


def test_a_folder_swapped_for_a_symlink_after_the_check_is_not_followed(
    folder: Path, user_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of issue 12: the path is checked, then swapped before the entry is opened."""
    load_catalog(str(user_catalog))
    marker = tmp_path / "ran"
    evil = tmp_path / "evil"
    evil.mkdir(mode=0o700)
    name = entry_path(folder, user_catalog.read_bytes()).name
    (evil / name).write_bytes(exploit(marker))
    read_entry = cache._read_entry

    def swap_then_read(dir_fd: int, entry: str) -> bytes | None:
        if not folder.is_symlink():  # once, before the first entry is read
            folder.rename(tmp_path / "moved")
            folder.symlink_to(evil)
        return read_entry(dir_fd, entry)

    monkeypatch.setattr(cache, "_read_entry", swap_then_read)
    with cache.gc_paused():
        hit = cache.get(
            "catalog",
            user_catalog.read_bytes(),
            catalog._catalog_from_cache,
            parse=catalog._same,
            shared=catalog.PRODUCTS,
        )
    assert hit == FRESH  # read through the folder that was checked, not the swapped path
    assert not marker.exists()


def test_a_fifo_at_an_entry_does_not_block(folder: Path, user_catalog: Path) -> None:
    folder.mkdir(mode=0o700)
    os.mkfifo(entry_path(folder, user_catalog.read_bytes()))
    script = textwrap.dedent(
        f"""
        from sockadvisor.sources.catalog import load_catalog
        print(len(load_catalog({str(user_catalog)!r}).products))
        """
    )
    env = {**os.environ, cache.DIR_ENV: str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{len(FRESH.products)}\n", "")


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_an_entry_others_can_write_is_not_trusted(
    folder: Path, user_catalog: Path, tmp_path: Path, mode: int
) -> None:
    load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    entry.chmod(mode)
    data = user_catalog.read_bytes()
    assert (
        cache.get(
            "catalog",
            data,
            catalog._catalog_from_cache,
            parse=catalog._same,
            shared=catalog.PRODUCTS,
        )
        is None
    )
    assert_loaded_afresh(user_catalog)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # replaced by one of ours


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o707])
def test_a_folder_others_can_write_is_not_trusted(
    folder: Path, user_catalog: Path, mode: int
) -> None:
    load_catalog(str(user_catalog))
    folder.chmod(mode)
    assert cache.get("catalog", user_catalog.read_bytes(), lambda plain: plain) is None
    cache.put("catalog", b"other", [{}, []])
    assert len(entries(folder)) == 1


root_only = pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")


@root_only
def test_an_entry_owned_by_someone_else_is_not_trusted(
    folder: Path, user_catalog: Path, tmp_path: Path
) -> None:
    load_catalog(str(user_catalog))
    (entry,) = entries(folder)
    os.chown(entry, 65534, 65534)
    assert cache.get("catalog", user_catalog.read_bytes(), lambda plain: plain) is None
    assert_loaded_afresh(user_catalog)
    assert entry.stat().st_uid == os.geteuid()


@root_only
def test_a_folder_owned_by_someone_else_is_not_used(folder: Path, user_catalog: Path) -> None:
    load_catalog(str(user_catalog))
    os.chown(folder, 65534, 65534)
    assert cache.get("catalog", user_catalog.read_bytes(), lambda plain: plain) is None
    assert_loaded_afresh(user_catalog)


def test_an_unwritable_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(cache.DIR_ENV, str(blocker / "cache"))
    assert len(load_catalog(None).products) == 83


def test_no_cache_where_the_checks_cannot_be_made(
    folder: Path, user_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system without O_NOFOLLOW, owners or dir_fd: the cache is not used at all."""
    load_catalog(str(user_catalog))
    monkeypatch.setattr(cache, "_SUPPORTED", False)
    assert cache.get("catalog", user_catalog.read_bytes(), lambda plain: plain) is None
    cache.put("catalog", b"other", [{}, []])
    assert len(entries(folder)) == 1
    assert_loaded_afresh(user_catalog)


def test_a_hostile_entry_leaves_the_command_working(
    folder: Path, user_catalog: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    folder.mkdir(mode=0o700)
    entry_path(folder, user_catalog.read_bytes()).write_bytes(exploit(marker))
    args = ["recommend", "--catalog", str(user_catalog), "--json", "-n", "1"]
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["results"][0]["sku"]
    assert not marker.exists()


# --- Writers: races, kills, leftovers ---------------------------------------------


def test_racing_writers_leave_whole_entries(folder: Path, user_catalog: Path) -> None:
    data = user_catalog.read_bytes()
    payload = columns.encode(FRESH.catalog).payload
    threads = [
        threading.Thread(
            target=cache.put_payload, args=("catalog", data, payload, None, catalog.PRODUCTS)
        )
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with cache.gc_paused():
        assert (
            cache.get(
                "catalog",
                data,
                catalog._catalog_from_cache,
                parse=catalog._same,
                shared=catalog.PRODUCTS,
            )
            == FRESH
        )
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(
    folder: Path, user_catalog: Path
) -> None:
    folder.mkdir(mode=0o700)
    stale = folder / ".catalog-0123.json.abc.tmp"
    stale.write_bytes(b"half an entry")
    old = time.time() - cache.STALE_TMP_SECONDS - 60
    os.utime(stale, (old, old))
    busy = folder / ".catalog-4567.json.def.tmp"  # another run writing right now
    busy.write_bytes(b"being written")
    load_catalog(str(user_catalog))
    assert not stale.exists() and busy.exists()
    assert len(entries(folder)) == 1


def test_what_a_killed_run_leaves_is_never_trusted(folder: Path, user_catalog: Path) -> None:
    """A run killed mid-write leaves a .tmp file, never a half entry under an entry's name."""
    folder.mkdir(mode=0o700)
    data = user_catalog.read_bytes()
    key = cache._key("catalog", data)
    whole = cache._header("catalog", key, b"[{}, []]") + b"[{}, []]"
    (folder / f".catalog-{key}.json.0123.tmp").write_bytes(whole[:20])
    assert_loaded_afresh(user_catalog)
    assert len(entries(folder)) == 1


def test_runs_killed_at_any_moment_leave_nothing_that_is_trusted(
    folder: Path, tmp_path: Path
) -> None:
    """SIGKILL (as the kernel's OOM killer sends) at several moments of a first run."""
    big = tmp_path / "big.yaml"
    text = Path(bundled(CATALOG_FILE)).read_text(encoding="utf-8")
    head, products = text.split("products:\n", 1)
    copies = [products.replace("sku: ", f"sku: C{i}-") for i in range(40)]
    big.write_text(head + "products:\n" + "".join(copies), encoding="utf-8")
    script = f"from sockadvisor.sources.catalog import load_catalog; load_catalog({str(big)!r})"
    env = {**os.environ, cache.DIR_ENV: str(folder)}
    for delay in (0.4, 0.8, 1.2, 1.8):
        child = subprocess.Popen([sys.executable, "-c", script], env=env)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for entry in entries(folder):  # an entry, if any, is whole
            raw = entry.read_bytes()
            key = entry.name.removeprefix("catalog-").removesuffix(".json")
            assert cache._payload("catalog", key, raw) is not None
    expected = load_catalog(str(big), use_cache=False)
    assert load_catalog(str(big)) == expected
    assert load_catalog(str(big)) == expected


def test_old_entries_are_pruned(folder: Path) -> None:
    last = cache.KEEP + 3
    for i in range(last + 1):
        cache.put("catalog", str(i).encode(), [{}, i])
    assert len(entries(folder)) == cache.KEEP
    assert cache.get("catalog", str(last).encode(), lambda plain: plain[1]) == last
