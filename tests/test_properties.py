"""Invariants over generated products, profiles and rule weights (hypothesis)."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import (
    Climate,
    Condition,
    Cushion,
    Distance,
    Fibre,
    Length,
    Terrain,
    Use,
    Zone,
)
from sockadvisor.engine import ranking as engine
from sockadvisor.engine import sizing
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.render import jsonout
from sockadvisor.sources.catalog import load_rules

from .conftest import blends, rules

BUNDLED_RULES = load_rules(None)


@st.composite
def products(draw: st.DrawFn, sku: str | None = None) -> Product:
    materials = draw(blends())
    compressed = draw(st.booleans())
    low = draw(st.integers(8, 40))
    size: dict[str, Any] = {"label": "M", "shoe_eu": {"min": 38, "max": 42}}
    if compressed:
        size["calf_cm"] = {"min": 30, "max": 40}
    return Product.model_validate(
        {
            "sku": sku or draw(st.from_regex(r"[A-Z]{2}-[0-9]{1,4}", fullmatch=True)),
            "brand": "B",
            "name": "N",
            "price": draw(st.floats(1, 200, allow_nan=False).map(lambda p: round(p, 2))),
            "compression": {
                "min_mmhg": low,
                "max_mmhg": low + draw(st.integers(0, 10)),
                "graduated": draw(st.booleans()),
            }
            if compressed
            else None,
            "length": draw(st.sampled_from(list(Length))),
            "materials": materials,
            "cushion": draw(st.none() | st.sampled_from(list(Cushion))),
            "reinforcement": draw(st.lists(st.sampled_from(list(Zone)), unique=True)),
            "seamless_toe": draw(st.none() | st.booleans()),
            "toe_socks": draw(st.booleans()),
            "mesh_ventilation": draw(st.none() | st.booleans()),
            "sizes": [size],
        }
    )


profiles = st.builds(
    RunnerProfile,
    distance=st.none() | st.sampled_from(list(Distance)),
    terrain=st.none() | st.sampled_from(list(Terrain)),
    use=st.sampled_from(list(Use)),
    climate=st.sampled_from(list(Climate)),
    new_to_compression=st.booleans(),
    blister_prone=st.booleans(),
)


@st.composite
def reweighted(draw: st.DrawFn) -> tuple[CompiledRule, ...]:
    """The bundled product tests under random non-zero weights."""
    specs = [
        {
            "id": c.id,
            "prefer": c.rule.prefer,
            "weight": draw(st.sampled_from([-10, -3, -1, -0.5, 0.5, 1, 2, 7, 10])),
        }
        for c in BUNDLED_RULES
    ]
    return rules(*specs)


@given(product=products(), profile=profiles, ruleset=st.none() | reweighted())
def test_score_in_bounds_and_terms_add_up(
    product: Product, profile: RunnerProfile, ruleset: tuple[CompiledRule, ...] | None
) -> None:
    active = engine.applicable(ruleset or BUNDLED_RULES, profile)
    scored = engine.score(product, active)
    assert scored.score <= 100 + 1e-9
    assert abs(sum(t.points for t in scored.terms) - scored.score) < 1e-9
    for t in scored.terms:  # a gain in [0, share]; a penalty in [-share, 0]
        if t.weight > 0:
            assert 0 <= t.points <= t.max_points + 1e-9
        else:
            assert -t.max_points - 1e-9 <= t.points <= 0
        assert t.kind != "penalty-avoided" or t.points == 0
    if any(t.weight > 0 for t in scored.terms):
        gains = sum(t.max_points for t in scored.terms if t.weight > 0)
        assert abs(gains - 100) < 1e-9


@settings(max_examples=50)
@given(
    items=st.lists(products(), min_size=1, max_size=12, unique_by=lambda p: p.sku),
    profile=profiles,
    data=st.data(),
)
def test_ranking_is_deterministic_and_ordered(
    items: list[Product], profile: RunnerProfile, data: st.DataObject
) -> None:
    first = engine.rank(items, BUNDLED_RULES, profile, top=5)
    shuffled = data.draw(st.permutations(items))
    second = engine.rank(shuffled, BUNDLED_RULES, profile, top=5)
    assert jsonout.to_json(first) == jsonout.to_json(second)
    keys = [
        (bool(r.avoid), -round(r.score, 9), r.product.price, r.product.sku) for r in first.results
    ]
    assert keys == sorted(keys)
    assert first.matched == len(items)
    json.loads(jsonout.to_json(first))


@settings(max_examples=50)
@given(product=products(sku="X-1"), others=st.lists(products(), max_size=5), profile=profiles)
def test_explain_agrees_with_rank(
    product: Product, others: list[Product], profile: RunnerProfile
) -> None:
    items = [product] + [o for o in others if o.sku != "X-1"]
    ex = engine.explain(product, items, BUNDLED_RULES, profile)
    ranking = engine.rank(items, BUNDLED_RULES, profile)
    ranked = {r.product.sku: r for r in ranking.results}
    assert ex.eligible == ("X-1" in ranked)
    if ex.eligible:
        assert ex.rank == ranked["X-1"].rank
        assert ex.score == ranked["X-1"].score
    assert abs(sum(t.points for t in ex.terms) - ex.score) < 1e-9


constrained_profiles = st.builds(
    RunnerProfile,
    distance=st.none() | st.sampled_from(list(Distance)),
    budget=st.none() | st.floats(5, 80),
    exclude_materials=st.lists(st.sampled_from(list(Fibre)), max_size=2, unique=True).map(tuple),
    length=st.none() | st.sampled_from(list(Length)),
    calf_cm=st.none() | st.floats(20, 70),
    shoe_eu=st.none() | st.floats(30, 52),
    conditions=st.lists(st.sampled_from(list(Condition)), max_size=1).map(tuple),
)


@settings(max_examples=80)
@given(
    items=st.lists(products(), min_size=1, max_size=8, unique_by=lambda p: p.sku),
    profile=st.one_of(profiles, constrained_profiles),
)
def test_rank_removes_exactly_what_the_constraints_remove(
    items: list[Product], profile: RunnerProfile
) -> None:
    rec = engine.rank(items, BUNDLED_RULES, profile)
    removed = {p.sku for p in items if engine.removal(p, profile, sizing.fit(p, profile))}
    assert {e.sku for e in rec.excluded} == removed
    assert rec.matched == len(items) - len(removed)


@settings(max_examples=150)
@given(
    product=products(),
    profile=st.one_of(profiles, constrained_profiles),
    ruleset=st.none() | reweighted(),
)
def test_the_yes_no_checks_and_rank_score_agree_with_the_full_ones(
    product: Product, profile: RunnerProfile, ruleset: tuple[CompiledRule, ...] | None
) -> None:
    """The searches' shortcuts (no Reason or Term built) answer as the full functions do."""
    fit = sizing.fit(product, profile)
    assert engine.removes(product, profile, fit) == bool(engine.removal(product, profile, fit))
    assert engine.hard_removes(product, profile) == bool(engine.hard_constraints(product, profile))
    active = engine.applicable(ruleset or BUNDLED_RULES, profile)
    sized = fit if profile.measured else sizing.NO_FIT
    full = sum(t.points for t in engine.terms_for(product, active, sized))
    if engine.disqualified(product, active):
        full -= engine.AVOIDED
    # the same sum up to float noise in the last bit, which rank's ordering rounds away
    assert math.isclose(engine.rank_score(product, active, profile), full, abs_tol=1e-9)
