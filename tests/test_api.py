"""The library API (sockadvisor.api, docs/api.md): typed, documented, never prints or exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sockadvisor
from sockadvisor import api
from sockadvisor.domain.results import Explanation, Recommendation
from sockadvisor.domain.vocab import Format
from sockadvisor.errors import DataError, UsageError
from sockadvisor.render import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "api_example.py"


def test_the_documented_example_runs_and_prints_a_ranking(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1. ") and " size " in lines[0]
    assert lines[-1].startswith("behind the top pick by ")
    assert EXAMPLE.read_text() in (ROOT / "docs" / "api.md").read_text()


def test_the_example_type_checks_strictly_against_the_installed_package(tmp_path: Path) -> None:
    """py.typed ships: `mypy --strict` accepts a program that uses the API."""
    program = tmp_path / "example.py"
    program.write_text(EXAMPLE.read_text())
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_top_level_names_are_the_api() -> None:
    # `lint` is the lint package at the top level: the API's lint is sockadvisor.api.lint.
    assert set(sockadvisor.__all__) == {"__version__", *api.__all__} - {"lint"}
    for name in set(api.__all__) - {"lint"}:
        assert getattr(sockadvisor, name) is getattr(api, name)
    with pytest.raises(AttributeError):
        sockadvisor.nothing_here  # noqa: B018


def test_recommend_returns_the_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    advisor = api.load()
    result = api.recommend(advisor, api.profile(distance="ultra"), top=2, what_if=True)
    assert isinstance(result, Recommendation) and len(result.results) == 2
    assert result.what_if is not None and result.diagnosis is None
    doc = json.loads(render(result, Format.json))
    assert doc["results"][0]["sku"] == result.results[0].sku
    assert capsys.readouterr() == ("", "")  # the API never prints


def test_nothing_matched_carries_the_diagnosis() -> None:
    result = api.recommend(api.load(), api.profile(budget=1))
    assert result.results == [] and result.diagnosis is not None


def test_explain_includes_the_comparison_with_the_top_pick() -> None:
    advisor = api.load()
    runner = api.profile(distance="ultra", terrain="technical")
    top = api.recommend(advisor, runner, top=1).results[0].sku
    result = api.explain(advisor, "CRN-KH-1520", runner)
    assert isinstance(result, Explanation) and result.against is not None
    assert result.against.against.sku == top
    assert api.explain(advisor, top, runner).against is not None  # itself: no decision
    assert api.explain(advisor, top, runner).against.decision is None  # type: ignore[union-attr]


def test_errors_are_documented_exceptions_never_exits(tmp_path: Path) -> None:
    advisor = api.load()
    with pytest.raises(UsageError) as unknown:
        api.explain(advisor, "NO-SUCH-SKU", api.profile())
    assert unknown.value.exit_code == 2 and "unknown SKU" in unknown.value.lines()[0]
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nproducts: []\n")
    with pytest.raises(DataError) as invalid:
        api.load(str(bad))
    assert invalid.value.exit_code == 65 and invalid.value.problems
    with pytest.raises(ValueError):
        api.profile(calf_cm=300)


def test_limits_are_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCKADVISOR_NO_CACHE", raising=False)  # CI runs a pass without
    with pytest.raises(DataError) as capped:
        api.load(max_bytes=100)
    assert "larger than" in str(capped.value) or "bytes" in str(capped.value)
    folder = tmp_path / "cache"
    api.load(cache_dir=str(folder))
    assert any(folder.iterdir())  # the cache went where it was told
    api.load(cache_dir=str(tmp_path / "unused"), use_cache=False)
    assert not (tmp_path / "unused").exists()
