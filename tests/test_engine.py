"""Scoring, filtering and ranking on small hand-built models, then on the bundled data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Fibre, Length, Zone
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.sources.catalog import load_catalog, load_rules

from .conftest import compression, product, rules

TWO_RULES = rules(
    {"id": "knee", "prefer": {"length": ["knee_high"]}, "weight": 3},
    {"id": "firm", "prefer": {"mmhg_above": 20}, "weight": -1},
)


def test_points_scale_by_preferences_and_penalties_take_away() -> None:
    plain = engine.score(product(), TWO_RULES)
    assert [t.points for t in plain.terms] == [0.0, 0.0]
    assert [t.kind for t in plain.terms] == ["shortfall", "penalty-avoided"]
    assert [t.max_points for t in plain.terms] == [100.0, 100 / 3]
    assert plain.score == 0.0
    firm_knee = product(length="knee_high", compression=compression(20, 30))
    scored = engine.score(firm_knee, TWO_RULES)
    assert [t.points for t in scored.terms] == [100.0, -100 / 3]
    assert [t.kind for t in scored.terms] == ["gain", "penalty"]
    assert [r.rule for r in scored.reasons] == ["knee"]
    assert [(c.rule, c.kind) for c in scored.concerns] == [("firm", "penalty")]


def test_unknown_data_earns_nothing_and_warns() -> None:
    seamless = rules({"id": "seam", "prefer": {"has": ["seamless_toe"]}, "weight": 2})
    scored = engine.score(product(seamless_toe=None), seamless)
    assert scored.score == 0.0
    assert scored.terms[0].degree is None
    assert [w.code for w in scored.warnings] == ["unknown-data"]
    assert "seam" in scored.warnings[0].message


def test_only_rules_whose_when_holds_apply() -> None:
    ruleset = rules(
        {
            "id": "ultra-only",
            "when": {"distance": ["ultra"]},
            "prefer": {"compressed": True},
            "weight": 5,
        },
        {"id": "always", "prefer": {"length": ["crew"]}, "weight": 1},
    )
    assert [r.id for r in engine.applicable(ruleset, RunnerProfile())] == ["always"]
    assert engine.score(product(), engine.applicable(ruleset, RunnerProfile())).score == 100.0
    assert len(engine.applicable(ruleset, RunnerProfile(distance="ultra"))) == 2


def test_no_applicable_rule_scores_zero() -> None:
    assert engine.score(product(), ()).score == 0.0


def test_hard_constraints_each_with_a_reason() -> None:
    p = product(price=24.5, materials={"merino": 60, "nylon": 37, "elastane": 3})
    profile = RunnerProfile(budget=20, exclude_materials=(Fibre.merino,), length=Length.knee_high)
    reasons = engine.hard_constraints(p, profile)
    assert [(r.constraint, r.message) for r in reasons] == [
        ("budget", "price 24.50 is over the budget of 20.00"),
        ("exclude_material", "contains merino (60%), which you excluded"),
        ("length", "length crew, not the required knee_high"),
    ]
    assert engine.hard_constraints(p, RunnerProfile(budget=24.5)) == []


def test_ties_break_by_price_then_sku() -> None:
    items = [
        product(sku="C-3", price=20.0),
        product(sku="B-2", price=10.0),
        product(sku="A-1", price=20.0),
    ]
    rec = engine.rank(items, TWO_RULES, RunnerProfile())
    assert [r.product.sku for r in rec.results] == ["B-2", "A-1", "C-3"]
    assert [r.rank for r in rec.results] == [1, 2, 3]


def test_rank_keeps_top_and_lists_excluded() -> None:
    items = [product(sku=f"S-{i}", price=10.0 + i) for i in range(6)]
    rec = engine.rank(items, TWO_RULES, RunnerProfile(budget=13), top=2)
    assert [r.product.sku for r in rec.results] == ["S-0", "S-1"]
    assert rec.matched == 4
    assert [e.sku for e in rec.excluded] == ["S-4", "S-5"]


def test_explain_an_excluded_product() -> None:
    items = [product(sku="A-1"), product(sku="B-2", price=99.0)]
    ex = engine.explain(items[1], items, TWO_RULES, RunnerProfile(budget=50))
    assert not ex.eligible
    assert ex.rank is None
    assert ex.excluded_by[0].constraint == "budget"
    assert ex.score == pytest.approx(sum(t.points for t in ex.terms))


# --- The bundled catalog and rules: the advice the issue asks for ------------


Bundled = tuple[list[Product], tuple[CompiledRule, ...]]


@pytest.fixture(scope="module")
def bundled() -> Bundled:
    return load_catalog(None).products, load_rules(None)


def top(
    bundled_data: Bundled,
    n: int = 5,
    **profile: object,
) -> list[Product]:
    products, compiled = bundled_data
    rec = engine.rank(products, compiled, RunnerProfile.model_validate(profile), n)
    return [r.product for r in rec.results]


def test_ultra_technical_gets_the_articles_sock(bundled: Bundled) -> None:
    best = top(bundled, 1, distance="ultra", terrain="technical")[0]
    assert best.length is Length.knee_high
    assert best.compression is not None
    assert best.compression.graduated
    assert (best.compression.min_mmhg, best.compression.max_mmhg) == (15, 20)
    assert {Zone.heel, Zone.toe} <= set(best.reinforcement)
    assert best.seamless_toe is True


def test_recovery_tops_with_graduated_knee_high_15_to_20(bundled: Bundled) -> None:
    for profile in ({}, {"distance": "ultra", "terrain": "technical"}):
        best = top(bundled, 1, use="recovery", **profile)[0]
        assert best.compression is not None and best.compression.graduated
        assert best.compression.min_mmhg == 15 and best.compression.max_mmhg == 20
        assert best.length is Length.knee_high


def test_hot_prefers_light_ventilated_synthetics_over_merino(bundled: Bundled) -> None:
    for profile in ({}, {"distance": "ultra", "terrain": "technical"}):
        results = top(bundled, 5, climate="hot", **profile)
        for p in results[:3]:
            assert p.mesh_ventilation is True
            assert p.cushion is not None and p.cushion.rank <= 2  # none .. light
            assert p.materials.get(Fibre.merino, 0) == 0
        everything = top(bundled, 100, climate="hot", **profile)
        heavy_merino = [
            i for i, p in enumerate(everything) if p.materials.get(Fibre.merino, 0) >= 50
        ]
        assert heavy_merino and min(heavy_merino) > 2


def test_new_to_compression_keeps_firm_socks_out_of_the_top_3(bundled: Bundled) -> None:
    for profile in ({}, {"distance": "ultra", "terrain": "technical"}, {"use": "recovery"}):
        results = top(bundled, 3, new_to_compression=True, **profile)
        assert all(p.compression is None or p.compression.max_mmhg <= 20 for p in results)


def test_hard_constraints_remove_exactly_what_they_should(bundled: Bundled) -> None:
    products, compiled = bundled
    cases: dict[str, tuple[object, Callable[[Product], bool]]] = {
        "exclude_materials": (("merino",), lambda p: Fibre.merino in p.materials),
        "budget": (20, lambda p: p.price > 20),
        "length": ("crew", lambda p: p.length is not Length.crew),
    }
    for field, (value, removed) in cases.items():
        rec = engine.rank(products, compiled, RunnerProfile.model_validate({field: value}))
        expected = sorted(p.sku for p in products if removed(p))
        assert [e.sku for e in rec.excluded] == expected
        assert rec.matched == len(products) - len(expected) > 0
