"""Completion that knows the catalog (issue 15 item 5): SKUs for explain, compare,
catalog show and --against, in bash, zsh and fish, from the catalog in use, cached."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sockadvisor.sources.skus import catalog_skus

BUNDLED = (Path(__file__).parents[1] / "data" / "catalog.yaml").read_text(encoding="utf-8")


def complete(shell: str, words: str, tmp_path: Path, **extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOCKADVISOR_CATALOG"}
    env.update(SOCKADVISOR_CACHE_DIR=str(tmp_path / "cache"), **extra)
    env["_SOCKADVISOR_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    if shell == "zsh":  # _arguments '*: :(("SKU"\n"SKU"...))'
        return [w.strip("\"()'") for w in done.stdout.split("\n") if w.strip("\"()' ")]
    if shell == "fish":
        return [line.split("\t")[0] for line in done.stdout.splitlines()]
    return done.stdout.split()


def clean(words: list[str]) -> list[str]:
    return [w.removeprefix("_arguments '*: :((").strip('"') for w in words]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("sockadvisor explain TRN-KH-15", ["TRN-KH-1520"]),
        ("sockadvisor catalog show TRN-KH-15", ["TRN-KH-1520"]),
        ("sockadvisor explain SSW-KH-1520 --against TRN-KH-15", ["TRN-KH-1520"]),
        ("sockadvisor compare TRN-KH-1520 TRN-KH-", ["TRN-KH-2030", "TRN-KH-0815"]),
    ],
)
def test_skus_complete_in_every_shell(
    shell: str, words: str, expected: list[str], tmp_path: Path
) -> None:
    assert clean(complete(shell, words, tmp_path)) == expected


def test_the_catalog_in_use_and_its_changes(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BUNDLED.replace("CRN-KH-1520C", "ZZ-ONE"), encoding="utf-8")
    words = f"sockadvisor explain --catalog {mine} Z"
    assert complete("bash", words, tmp_path) == ["ZZ-ONE"]
    assert complete("bash", "sockadvisor explain Z", tmp_path, SOCKADVISOR_CATALOG=str(mine)) == [
        "ZZ-ONE"
    ]
    two = BUNDLED.replace("CRN-KH-1520C", "ZZ-ONE").replace("CRN-KH-2030R", "ZZ-TWO")
    mine.write_text(two, encoding="utf-8")
    os.utime(mine, ns=(1, 2))  # a changed file is read again, whatever its time
    assert sorted(complete("bash", words, tmp_path)) == ["ZZ-ONE", "ZZ-TWO"]
    assert complete("bash", "sockadvisor explain --catalog - Z", tmp_path) == []
    assert complete("bash", f"sockadvisor explain --catalog {tmp_path}/none.yaml Z", tmp_path) == []


def test_a_cached_list_is_read_without_pydantic(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCKADVISOR_NO_CACHE"}
    env["SOCKADVISOR_CACHE_DIR"] = str(tmp_path)
    code = (
        "import sys; from sockadvisor.sources.skus import catalog_skus; "
        "skus = catalog_skus(None); print(len(skus), 'pydantic' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout.split()[1] == "True" and again.stdout.split() == [
        first.stdout.split()[0],
        "False",
    ]
    assert list(tmp_path.glob("skus-*.json"))


def test_no_cache_still_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCKADVISOR_NO_CACHE", "1")
    monkeypatch.setenv("SOCKADVISOR_CACHE_DIR", str(tmp_path))
    assert "CRN-KH-1520" in catalog_skus(None)
    assert not list(tmp_path.glob("skus-*"))
