"""Compare (engine.diagnose.compare): hand-worked columns and decisions, and on generated
catalogs, columns that add up and follow the ranking."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.engine import diagnose
from sockadvisor.engine import ranking as engine
from sockadvisor.errors import UsageError

from .conftest import compression, product
from .diagnose_cases import ABCDE, BUNDLED_RULES, THREE, A, B, C, D, E, catalogs, constrained


def test_compare_orders_columns_and_marks_the_deciding_rows() -> None:
    result = diagnose.compare([C, A, E, B, D], ABCDE, THREE, RunnerProfile(budget=50))
    assert [s.sku for s in result.products] == ["A-KNEE", "B-KNEE", "D-CREW", "C-CREW", "E-KNEE"]
    assert [s.rank for s in result.products] == [1, 2, 3, 4, None]
    assert [(p.higher, p.decided_by, p.tie_break, p.decisive) for p in result.pairs] == [
        ("A-KNEE", "score", None, ["seam"]),  # +20 on seam
        ("B-KNEE", "score", None, ["knee"]),  # +60 on knee outweighs -20 on seam
        ("D-CREW", "price", "price", []),  # a tie at 40 points: the cheaper first
        ("C-CREW", "eligibility", None, []),  # E is over the budget
    ]
    assert [(r.rule, r.decisive) for r in result.rules] == [
        ("knee", True),
        ("seam", True),
        ("light", False),
    ]
    assert result.rules[0].points == [60.0, 60.0, 0.0, 0.0, 60.0]
    rows = {a.name: a for a in result.attributes}
    assert rows["price"].values == ["40.00", "35.00", "10.00", "15.00", "99.00"]
    assert rows["seamless_toe"].values == ["yes", "no", "yes", "yes", "yes"]
    assert rows["compression"].values == ["none"] * 5 and not rows["compression"].differs
    assert rows["length"].differs
    assert [r.constraint for r in result.products[-1].excluded_by] == ["budget"]


def test_compare_breaks_a_full_tie_by_sku_and_needs_two_skus() -> None:
    twin = product(sku="A-TWIN", length="knee_high", price=40.0)
    result = diagnose.compare([twin, A], [A, twin], THREE, RunnerProfile())
    assert [s.sku for s in result.products] == ["A-KNEE", "A-TWIN"]
    assert result.pairs[0].tie_break == "sku"
    with pytest.raises(UsageError, match="at least two"):
        diagnose.compare([A], ABCDE, THREE, RunnerProfile())
    with pytest.raises(UsageError, match="twice"):
        diagnose.compare([A, B, A], ABCDE, THREE, RunnerProfile())


def test_compare_shows_compression_and_unknowns() -> None:
    sock = product(
        sku="KNEE-C",
        compression=compression(15, 20),
        length="knee_high",
        cushion=None,
        mesh_ventilation=None,
    )
    result = diagnose.compare([sock, C], [sock, C], THREE, RunnerProfile())
    rows = {a.name: a.values for a in result.attributes}
    assert rows["compression"] == ["15-20 mmHg, graduated", "none"]
    assert rows["cushion"] == ["unknown", "light"]
    assert rows["mesh_ventilation"] == ["unknown", "yes"]
    assert rows["materials"] == ["nylon 80%, elastane 20%"] * 2


@settings(max_examples=40, deadline=None)
@given(items=catalogs(max_size=5), profile=constrained, data=st.data())
def test_compare_columns_add_up_and_follow_the_ranking(
    items: list[Product], profile: RunnerProfile, data: st.DataObject
) -> None:
    if len(items) < 2:
        return
    chosen = data.draw(st.permutations(items)).copy()[: data.draw(st.integers(2, len(items)))]
    result = diagnose.compare(chosen, items, BUNDLED_RULES, profile)
    ranking = engine.rank(items, BUNDLED_RULES, profile)
    ranked = [r.product.sku for r in ranking.results]
    eligible = [s.sku for s in result.products if s.eligible]
    assert eligible == [sku for sku in ranked if sku in {p.sku for p in chosen}]
    assert all(not s.eligible for s in result.products[len(eligible) :])
    for j, standing in enumerate(result.products):
        total = sum(row.points[j] for row in result.rules)
        assert total == pytest.approx(standing.score, abs=1e-9)
    assert len(result.pairs) == len(chosen) - 1
    for pair, (high, low) in zip(result.pairs, itertools.pairwise(result.products), strict=True):
        assert (pair.higher, pair.lower) == (high.sku, low.sku)
        if pair.decided_by == "score":
            assert high.score > low.score and pair.decisive
            j, k = result.products.index(high), result.products.index(low)
            gains = {r.rule: r.points[j] - r.points[k] for r in result.rules}
            assert all(gains[rule] == pytest.approx(max(gains.values())) for rule in pair.decisive)
    decisive = {rule for pair in result.pairs for rule in pair.decisive}
    assert {r.rule for r in result.rules if r.decisive} == decisive
