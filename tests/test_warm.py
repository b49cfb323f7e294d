"""The warm `recommend --json` (engine/warm.py) writes exactly the models' JSON, and builds
no model: docs/performance.md#the-warm-path."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sockadvisor.domain.columnar import Stale
from sockadvisor.domain.document import Document
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.runner import plain_profile
from sockadvisor.domain.vocab import Format
from sockadvisor.engine import ranking, warm
from sockadvisor.engine.compile import CompiledRule, compile_plain
from sockadvisor.render import render

from .test_kernel import mixed, stored
from .test_properties import BUNDLED_RULES, constrained_profiles, profiles, reweighted

# Our pydantic model modules: a warm `recommend --json` imports none of them.
MODEL_MODULES = {
    "sockadvisor.domain.models",
    "sockadvisor.domain.profile",
    "sockadvisor.domain.results",
    "sockadvisor.domain.rules",
}


def _plain(profile: RunnerProfile) -> Any:
    """The plain twin of a model profile, as the options would give its values."""
    values = {name: getattr(profile, name) for name in RunnerProfile.model_fields}
    plain = plain_profile(values)
    assert plain is not None
    return plain


# A rule that rarely applies: with none applying, every score is 0.0 (a float, not 0).
RARE = compile_plain(
    [
        {
            **BUNDLED_RULES[0].rule.data,
            "when": {"distance": ["ultra"], "use": ["recovery"], "blister_prone": True},
        }
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=mixed,
    profile=st.one_of(profiles, constrained_profiles),
    ruleset=st.none() | reweighted() | st.just(RARE),
    top=st.none() | st.integers(1, 6),
)
def test_the_warm_json_is_the_models_json_byte_for_byte(
    items: list[Product],
    profile: RunnerProfile,
    ruleset: tuple[CompiledRule, ...] | None,
    top: int | None,
) -> None:
    rules = ruleset or BUNDLED_RULES
    expected = ranking.rank(items, rules, profile, top)
    cols = stored(items).columns
    got = warm.recommendation(cols, rules, _plain(profile), top)
    if profile.measured or not expected.results:
        assert got is None  # sizes, or a diagnosis: only the models make them
        return
    assert got is not None
    assert render(got, Format.json) == render(expected, Format.json)


def test_with_no_rule_that_applies_every_score_is_a_float_zero() -> None:
    items = load_bundled()[:3]
    expected = render(ranking.rank(items, RARE, RunnerProfile(), 3), Format.json)
    got = warm.recommendation(stored(items).columns, RARE, _plain(RunnerProfile()), 3)
    assert got is not None and render(got, Format.json) == expected
    assert expected.count('"score": 0.0,') == 3


def test_a_document_renders_only_as_json() -> None:
    with pytest.raises(KeyError):
        render(Document({"results": []}), Format.table)


def test_a_damaged_row_is_stale_on_the_warm_path() -> None:
    items = stored(list(load_bundled()))
    profile = _plain(RunnerProfile())
    good = warm.recommendation(items.columns, BUNDLED_RULES, profile, 3)
    assert good is not None

    def damaged(i: int) -> Any:
        raise Stale("a row that does not fit")

    broken = dataclasses.replace(items.columns, shown=damaged)
    with pytest.raises(Stale):
        warm.recommendation(broken, BUNDLED_RULES, profile, 3)


def load_bundled() -> list[Product]:
    from sockadvisor.sources.catalog import load_catalog

    return load_catalog(None, use_cache=False).products


CHECK = """
import json, runpy, sys
sys.argv = ["sockadvisor", *json.loads(sys.argv[1])]
try:
    runpy.run_module("sockadvisor", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(json.dumps([code, sorted(m for m in sys.modules if m.startswith("sockadvisor"))]),
      file=sys.stderr)
"""


def _run(args: list[str], cache: Path) -> tuple[int, str, list[str]]:
    env = {**os.environ, "SOCKADVISOR_CACHE_DIR": str(cache), "PYTHONIOENCODING": "utf-8"}
    env.pop("SOCKADVISOR_NO_CACHE", None)  # the cache on, even in CI's run without it
    done = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    code, modules = json.loads(done.stderr.splitlines()[-1])
    return code, done.stdout, modules


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--json"],
        ["recommend", "--json", "-d", "ultra", "-t", "technical", "--budget", "30"],
        ["recommend", "--json", "--exclude-material", "merino", "--condition", "pad", "-n", "2"],
        ["recommend", "--format", "json", "--use", "travel", "--blisters", "toes"],
    ],
)
def test_a_warm_recommend_json_builds_no_model(tmp_path: Path, args: list[str]) -> None:
    code, first, modules = _run(args, tmp_path)  # writes the cache entries
    assert code == 0 and "sockadvisor.domain.models" in modules  # the file was validated
    code, warm_out, modules = _run(args, tmp_path)
    assert code == 0
    assert not MODEL_MODULES & set(modules), sorted(MODEL_MODULES & set(modules))
    assert warm_out == first
    assert "sockadvisor.engine.warm" in modules


@pytest.mark.parametrize(
    "args",
    [
        ["recommend"],  # a table needs the models
        ["recommend", "--json", "--what-if"],
        ["recommend", "--json", "--calf-cm", "38"],  # sizes
        ["recommend", "--json", "--budget", "1"],  # nothing matches: a diagnosis
    ],
)
def test_what_the_warm_json_cannot_make_goes_to_the_models(tmp_path: Path, args: list[str]) -> None:
    _run(args, tmp_path)
    code, out, modules = _run(args, tmp_path)
    assert "sockadvisor.domain.results" in modules
    assert (code, out) == _run([*args, "--no-cache"], tmp_path)[:2]
