"""Writing files: whole or not at all, never over a file without --force."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sockadvisor.errors import InputError, UsageError
from sockadvisor.sources.files import write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_writes_a_new_file_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "catalog.yaml"
    old_mask = os.umask(0o027)
    try:
        write_atomic(str(target), "title: Café\n", force=False)
    finally:
        os.umask(old_mask)
    assert target.read_bytes() == "title: Café\n".encode()
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == ["catalog.yaml"]


def test_write_atomic_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "catalog.yaml"
    target.write_text("old\n")
    with pytest.raises(UsageError, match="catalog.yaml already exists; use --force to overwrite"):
        write_atomic(str(target), "new\n", force=False)
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == ["catalog.yaml"]
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "missing")
    for force in (False, True):  # a link is never replaced: it is not a regular file
        with pytest.raises(InputError, match="is a symbolic link, not a regular file"):
            write_atomic(str(link), "new\n", force=force)
    assert link.is_symlink()


def test_write_atomic_overwrites_with_force_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "catalog.yaml"
    target.write_text("old\n")
    target.chmod(0o600)
    write_atomic(str(target), "new\n", force=True)
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == ["catalog.yaml"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "catalog.yaml"
    target.write_text("old\n")

    def boom(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(InputError) as info:
        write_atomic(str(target), "new\n" * 1000, force=True)
    assert info.value.lines() == [f"sockadvisor: cannot write {target}: No space left on device"]
    assert info.value.exit_code == 66
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == ["catalog.yaml"]


def test_an_interrupted_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(tmp_path / "c.yaml"), "new\n", force=False)
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "catalog.yaml"
    real_link = os.link

    def racing_link(src: str, dst: str) -> None:
        target.write_text("theirs\n")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(UsageError, match="already exists"):
        write_atomic(str(target), "ours\n", force=False)
    assert target.read_text() == "theirs\n"
    assert leftovers(tmp_path) == ["catalog.yaml"]


def test_without_hard_links_it_still_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "catalog.yaml"
    write_atomic(str(target), "new\n", force=False)
    assert target.read_text() == "new\n"
    assert leftovers(tmp_path) == ["catalog.yaml"]


def test_write_atomic_says_why_it_cannot_write(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "c.yaml"
    with pytest.raises(InputError) as info:
        write_atomic(str(missing), "x\n", force=False)
    assert info.value.lines() == [
        f"sockadvisor: cannot write {missing}: the folder {tmp_path / 'nope'} does not exist"
    ]
    with pytest.raises(InputError, match="is a folder; give the name of the file to write"):
        write_atomic(str(tmp_path), "x\n", force=True)
    with pytest.raises(ValueError, match="standard output"):
        write_atomic("-", "x\n", force=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_permission_denied(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "c.yaml").write_text("old\n")
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="c.yaml: permission denied"):
            write_atomic(str(folder / "c.yaml"), "new\n", force=True)
    finally:
        folder.chmod(0o700)
    assert (folder / "c.yaml").read_text() == "old\n"
    assert leftovers(folder) == ["c.yaml"]


@pytest.mark.parametrize("name", ["\0", "out\0.csv", "sub/\0/x.json"])
def test_a_nul_in_the_name_is_said_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="a file name cannot contain a NUL character"):
        write_atomic(str(tmp_path / name), "text", force=True)
    assert not any(tmp_path.rglob("*"))
