"""A fitter's case book (tests/data/casebook.yaml): profiles and what a running-shop fitter
expects of the advice on the bundled catalog and rules, run case by case.

Each case: `profile` (the profile file's keys); `top` (properties the top pick must have);
`top_sku` (acceptable top picks); `never_top` (SKUs never in the top 3); `size` (SKU ->
size label); `excluded` (SKU -> removal constraint); `warnings` / `no_warnings` (codes
present / absent among the runner's warnings, the top 3's warnings and the notes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import make_profile
from sockadvisor.domain.results import Recommendation
from sockadvisor.domain.vocab import Fibre
from sockadvisor.engine import ranking as engine
from sockadvisor.sources.catalog import load_catalog, load_rules

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "casebook.yaml").read_text(encoding="utf-8")
)["cases"]
PRODUCTS = load_catalog(None).products
RULES = load_rules(None)


def mmhg(p: Product) -> str:
    return "none" if p.compression is None else str(p.compression)


def check_top(p: Product, want: dict[str, Any]) -> None:
    if "compression" in want:
        assert mmhg(p) in want["compression"], (p.sku, mmhg(p))
    if "graduated" in want:
        assert p.compression is not None and p.compression.graduated == want["graduated"]
    if "length" in want:
        assert p.length.value in want["length"], (p.sku, p.length)
    if "cushion" in want:
        assert p.cushion is not None and p.cushion.value in want["cushion"], (p.sku, p.cushion)
    if "max_cotton" in want:
        assert p.materials.get(Fibre.cotton, 0) <= want["max_cotton"], p.sku
    if "min_merino" in want:
        assert p.materials.get(Fibre.merino, 0) >= want["min_merino"], p.sku
    if "max_merino" in want:
        assert p.materials.get(Fibre.merino, 0) <= want["max_merino"], p.sku
    if "toe_socks" in want:
        assert p.toe_socks == want["toe_socks"], p.sku
    if "reinforced" in want:
        assert {z.value for z in p.reinforcement} >= set(want["reinforced"]), p.sku


def codes(rec: Recommendation) -> set[str]:
    found = {w.code for w in rec.warnings} | {n.code for n in rec.notes}
    return found | {w.code for r in rec.results[:3] for w in r.warnings}


def test_the_case_book_covers_what_a_fitter_sees() -> None:
    assert len(CASES) >= 40
    profiles = [c["profile"] for c in CASES]
    for key, values in {
        "use": ["run", "recovery", "travel"],
        "distance": ["short", "half", "marathon", "ultra"],
        "terrain": ["road", "groomed", "mixed", "technical"],
        "climate": ["hot", "mild", "cold", "wet"],
        "conditions": ["pad", "heart-failure", "neuropathy", "diabetes", "skin", "dvt"],
        "blisters": ["toes", "heel", "ball"],
        "cushion": ["none", "light", "max"],
    }.items():
        seen = set()
        for p in profiles:
            value = p.get(key)
            seen |= set(value) if isinstance(value, list) else {value}
        assert set(values) <= seen, (key, set(values) - seen)
    assert any("conflict" in c["name"] for c in CASES)
    assert any(
        len(p.get("climate", [])) > 1 for p in profiles if isinstance(p.get("climate"), list)
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    profile = make_profile(case["profile"])
    rec = engine.rank(PRODUCTS, RULES, profile)
    assert rec.results, case["name"]
    top = rec.results[0]
    check_top(top.product, case.get("top", {}))
    if "top_sku" in case:
        assert top.product.sku in case["top_sku"], top.product.sku
    top3 = [r.product.sku for r in rec.results[:3]]
    for sku in case.get("never_top", []):
        assert sku not in top3, (sku, top3)
    sized = {r.product.sku: r.size for r in rec.results}
    for sku, label in case.get("size", {}).items():
        assert sized.get(sku) == label, (sku, sized.get(sku))
    removed = {e.sku: {r.constraint for r in e.reasons} for e in rec.excluded}
    for sku, constraint in case.get("excluded", {}).items():
        assert constraint in removed.get(sku, set()), (sku, removed.get(sku))
    found = codes(rec)
    for code in case.get("warnings", []):
        assert code in found, (code, found)
    for code in case.get("no_warnings", []):
        assert code not in found, (code, found)
