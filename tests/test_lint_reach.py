"""The never-top search (lint.reach) against a brute force with engine.rank."""

from __future__ import annotations

import random
from typing import Any

from sockadvisor.domain.models import Product
from sockadvisor.domain.vocab import BlisterSpot, Cushion
from sockadvisor.engine import ranking as engine
from sockadvisor.lint import reach
from sockadvisor.sources.catalog import load_rules

from .conftest import compression, product


def _random_catalog(seed: int, count: int) -> list[Product]:
    """Crew and knee-high socks from a few choices each, so that scores tie often."""
    rng = random.Random(seed)
    products = []
    for i in range(count):
        fields: dict[str, Any] = {
            "sku": f"R-{rng.randrange(1000):03d}-{i}",
            "price": rng.choice([12.0, 15.0, 15.0, 20.0]),
            "length": rng.choice(["crew", "knee_high"]),
            "materials": rng.choice(
                [{"nylon": 80, "elastane": 20}, {"merino": 60, "nylon": 35, "elastane": 5}]
            ),
            "cushion": rng.choice([None, "light", "medium"]),
            "reinforcement": rng.choice([[], ["heel", "toe"], ["heel", "toe", "shin"]]),
            "seamless_toe": rng.choice([None, True, False]),
            "mesh_ventilation": rng.choice([True, False]),
        }
        if rng.random() < 0.6:
            fields["compression"] = compression(*rng.choice([(15, 20), (20, 30), (8, 15)]))
        products.append(product(**fields))
    return products


def test_the_search_gives_each_products_best_rank_as_engine_rank_does() -> None:
    rules = load_rules(None)
    products = _random_catalog(seed=7, count=14)
    lengths = [None, *sorted({p.length for p in products}, key=lambda x: x.rank)]
    # Lengths no product has rank nothing; the brute force skips them, nothing else.
    best: dict[str, int] = {}
    for profile in reach.profile_space():
        for length in lengths:
            ranked = engine.rank(products, rules, profile.model_copy(update={"length": length}))
            for scored in ranked.results:
                sku = scored.product.sku
                best[sku] = min(best.get(sku, len(products)), scored.rank)
    reached = reach.reach(products, rules)
    assert {r.sku: r.rank for r in reached} == best
    assert len(set(best.values())) > 2
    for one in reached:  # the profile given is one that gives that rank
        ranked = engine.rank(products, rules, one.profile)
        assert next(x.rank for x in ranked.results if x.product.sku == one.sku) == one.rank
        assert one.of == len(ranked.results)


def test_profile_space_is_every_combination_of_the_classes() -> None:
    space = reach.profile_space()
    # distance, terrain, use, climate, new to compression, wears firm, blister-prone; then
    # each preference tried alone (cushion 5, blisters 3) with every distance and terrain
    assert len(space) == 5 * 5 * 3 * 4 * 2 * 2 * 2 + 8 * 5 * 5 == 2600
    assert len(set(space)) == 2600
    alone = space[2400:]
    assert {p.cushion for p in alone} == {None, *Cushion}
    assert {p.blisters for p in alone} == {(), *((b,) for b in BlisterSpot)}
    assert all(p.cushion is None or p.blisters == () for p in alone)
    assert all(p.length is None and p.budget is None and not p.measured for p in space)
