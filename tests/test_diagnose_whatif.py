"""What if (engine.diagnose.whatif): hand-worked changes, a brute force over every single
change on generated catalogs, and the bundled data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Climate, Distance, Fibre, Length, Terrain, Use
from sockadvisor.engine import diagnose
from sockadvisor.engine import ranking as engine

from .conftest import product, rules
from .diagnose_cases import BUNDLED_RULES, LENGTHS, bundled, catalogs, constrained

TERRAIN = rules(
    {
        "id": "road-light",
        "when": {"terrain": ["road"]},
        "prefer": {"cushion": ["light"]},
        "weight": 2,
    },
    {
        "id": "tech-max",
        "when": {"terrain": ["technical"]},
        "prefer": {"cushion": ["max"]},
        "weight": 2,
    },
    {"id": "crew", "prefer": {"length": ["crew"]}, "weight": 1},
)
LIGHT = product(sku="LIGHT", cushion="light", price=15.0)
MAX = product(sku="MAX", cushion="max", price=20.0)
MED = product(sku="MED", cushion="medium", price=10.0)


def test_what_if_one_terrain_step_or_a_budget() -> None:
    items = [LIGHT, MAX, MED]
    result = diagnose.what_if(items, TERRAIN, RunnerProfile(terrain=Terrain.technical))
    assert result.current is not None and result.current.sku == "MAX"
    assert result.cost == 1.0
    assert [(c.option, c.old, c.new, c.top.sku) for c in result.changes] == [
        ("terrain", "technical", "mixed", "MED"),  # only `crew` applies: a tie, cheapest
        ("terrain", "technical", None, "MED"),
        ("budget", None, "15.00", "MED"),  # the loosest budget that removes MAX
    ]
    assert result.changes[0].profile == RunnerProfile(terrain=Terrain.mixed)


def test_what_if_a_small_budget_cut_beats_any_step() -> None:
    items = [LIGHT, MAX, MED]
    profile = RunnerProfile(terrain=Terrain.technical, budget=25)
    result = diagnose.what_if(items, TERRAIN, profile)
    assert result.cost == pytest.approx(0.4)
    assert [(c.option, c.old, c.new, c.top.sku) for c in result.changes] == [
        ("budget", "25.00", "15.00", "MED")
    ]


def test_what_if_flags_and_fibres() -> None:
    flagged = rules(
        {
            "id": "seam",
            "when": {"blister_prone": True},
            "prefer": {"has": ["seamless_toe"]},
            "weight": 5,
        },
        {"id": "cheap", "prefer": {"cushion": ["medium"]}, "weight": 1},
    )
    seamless = product(sku="SEAMLESS", materials={"merino": 60, "nylon": 37, "elastane": 3})
    seamed = product(sku="SEAMED", seamless_toe=False, cushion="medium", price=30.0)
    profile = RunnerProfile(blister_prone=True, budget=30)
    result = diagnose.what_if([seamless, seamed], flagged, profile)
    assert result.current is not None and result.current.sku == "SEAMLESS"
    assert [(c.option, c.old, c.new) for c in result.changes] == [
        ("blister_prone", "true", "false"),
        ("exclude_materials", None, "merino"),
    ]
    assert all(c.top.sku == "SEAMED" for c in result.changes)


def test_what_if_nothing_changes_a_lone_product() -> None:
    result = diagnose.what_if([MAX], TERRAIN, RunnerProfile(terrain=Terrain.technical))
    assert result.current is not None and result.current.sku == "MAX"
    assert (result.cost, result.changes) == (None, [])


OPTIONS = rules(
    {
        "id": "long-knee",
        "when": {"distance": ["marathon", "ultra"]},
        "prefer": {"length": ["knee_high"]},
        "weight": 3,
    },
    {
        "id": "trail-tough",
        "when": {"terrain": ["mixed", "technical"]},
        "prefer": {"reinforced": ["heel", "toe"]},
        "weight": 2,
    },
    {
        "id": "recovery-firm",
        "when": {"use": ["recovery"]},
        "prefer": {"mmhg_within": [20, 30]},
        "weight": 4,
    },
    {
        "id": "hot-mesh",
        "when": {"climate": ["hot"]},
        "prefer": {"has": ["mesh_ventilation"]},
        "weight": 2,
    },
    {
        "id": "first-mild",
        "when": {"new_to_compression": True},
        "prefer": {"mmhg_above": 20},
        "weight": -3,
    },
    {
        "id": "blister-seam",
        "when": {"blister_prone": True},
        "prefer": {"has": ["seamless_toe"]},
        "weight": 2,
    },
    {"id": "light", "prefer": {"cushion": ["light"]}, "weight": 1},
)


def brute_force(
    items: Sequence[Product], profile: RunnerProfile
) -> tuple[str | None, dict[tuple[str, object], float]]:
    """Every single change (all values, budgets at every price) that changes the top pick."""
    ranking = engine.rank(items, OPTIONS, profile, top=1)
    current = ranking.results[0].product.sku if ranking.results else None
    steps: dict[str, list[Any]] = {
        "distance": list(Distance),
        "terrain": list(Terrain),
        "use": list(Use),
        "climate": [(c,) for c in Climate],  # one climate instead; one more or fewer below
        "new_to_compression": [True, False],
        "blister_prone": [True, False],
        "length": list(Length),
    }
    tries: list[tuple[str, Any, float]] = []
    for option, values in steps.items():
        old = getattr(profile, option)
        for new in [*values, None] if option in ("distance", "terrain", "length") else values:
            if new == old:
                continue
            cost = 1.0
            if option in ("distance", "terrain") and old is not None and new is not None:
                cost = abs(values.index(new) - values.index(old))
            tries.append((option, new, cost))
    for price in {p.price for p in items} | {None}:
        if price == profile.budget:
            continue
        old = profile.budget
        cost = 1.0 if old is None or price is None else abs(price - old) / old
        tries.append(("budget", price, cost))
    for c in Climate:
        if c not in profile.climate:
            tries.append(("climate", (*profile.climate, c), 1.0))
        elif len(profile.climate) > 1:
            tries.append(("climate", tuple(v for v in profile.climate if v is not c), 1.0))
    for fibre in Fibre:
        if fibre in profile.exclude_materials:
            kept = tuple(f for f in profile.exclude_materials if f is not fibre)
            tries.append(("exclude_materials", kept, 1.0))
        else:
            tries.append(("exclude_materials", (*profile.exclude_materials, fibre), 1.0))
    changing = {}
    for option, new, cost in tries:
        results = engine.rank(items, OPTIONS, profile.model_copy(update={option: new})).results
        if results and results[0].product.sku != current:
            changing[(option, new)] = cost
    return current, changing


what_if_profiles = st.builds(
    RunnerProfile,
    distance=st.none() | st.sampled_from(list(Distance)),
    terrain=st.none() | st.sampled_from(list(Terrain)),
    use=st.sampled_from(list(Use)),
    climate=st.sampled_from([(c,) for c in Climate] + [(Climate.cold, Climate.wet)]),
    new_to_compression=st.booleans(),
    blister_prone=st.booleans(),
    budget=st.none() | st.sampled_from([14.0, 25.0, 40.0]),
    exclude_materials=st.sampled_from([(), (Fibre.merino,), (Fibre.cotton, Fibre.polyester)]),
    length=st.none() | st.sampled_from(LENGTHS),
)


@settings(max_examples=25, deadline=None)
@given(items=catalogs(max_size=5), profile=what_if_profiles)
def test_what_if_changes_change_the_answer_and_none_is_cheaper(
    items: list[Product], profile: RunnerProfile
) -> None:
    result = diagnose.what_if(items, OPTIONS, profile)
    current, changing = brute_force(items, profile)
    assert (result.current.sku if result.current else None) == current
    if not changing:
        assert result.changes == [] and result.cost is None
        return
    cheapest = min(changing.values())
    assert result.cost == pytest.approx(cheapest)
    assert result.changes
    shown = {(c.option, getattr(c.profile, c.option)) for c in result.changes}
    for change in result.changes:
        assert change.cost == pytest.approx(cheapest)
        top = engine.rank(items, OPTIONS, change.profile, top=1).results[0]
        assert change.top.sku == top.product.sku != current
        assert change.top.score == top.score
        assert changing[(change.option, getattr(change.profile, change.option))] == (
            pytest.approx(change.cost)
        )
    # Every cheapest change is reported, but adding a budget: only the loosest one is.
    for (option, new), cost in changing.items():
        if cost == pytest.approx(cheapest) and not (option == "budget" and profile.budget is None):
            assert (option, new) in shown


def test_what_if_on_the_bundled_catalog() -> None:
    products, compiled = bundled()
    profile = RunnerProfile(use=Use.recovery, budget=45)
    result = diagnose.what_if(products, compiled, profile)
    assert result.current is not None
    assert result.changes and result.cost is not None and result.cost < 1
    for change in result.changes:
        assert change.option == "budget"
        top = engine.rank(products, compiled, change.profile, top=1).results[0]
        assert top.product.sku == change.top.sku != result.current.sku


@settings(max_examples=60, deadline=None)
@given(
    items=catalogs(max_size=8),
    profile=constrained,
    budget=st.none() | st.floats(1, 80, allow_nan=False),
)
def test_the_budget_sweep_gives_the_rankings_top_pick(
    items: list[Product], profile: RunnerProfile, budget: float | None
) -> None:
    """One sorted pass answers every budget exactly as engine.rank does (issue 17)."""
    from sockadvisor.engine.diagnose.whatif import _TopPicker

    picker = _TopPicker(items, BUNDLED_RULES)
    changed = profile.model_copy(update={"budget": budget})
    ranked = engine.rank(items, BUNDLED_RULES, changed, top=1).results
    expected = ranked[0].product.sku if ranked else None
    got = picker.top_with_budget(profile, budget)
    assert (got.sku if got else None) == expected
