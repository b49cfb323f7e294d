"""Why not this one (engine.diagnose.whynot): hand-worked cases, and the differences adding
up to the score difference on generated catalogs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.engine import diagnose
from sockadvisor.engine import ranking as engine

from .diagnose_cases import ABCDE, BUNDLED_RULES, THREE, A, C, D, E, catalogs, constrained


def test_why_not_against_the_top_pick() -> None:
    profile = RunnerProfile()
    top = diagnose.top_pick(ABCDE, THREE, profile)
    assert top is not None and top.sku == "A-KNEE"  # A and E tie at 100: A is cheaper
    result = diagnose.why_not(C, top, ABCDE, THREE, profile)
    assert [(t.rule, t.points, t.against_points, t.difference) for t in result.terms] == [
        ("knee", 0.0, 60.0, -60.0),
        ("seam", 20.0, 20.0, 0.0),
        ("light", 20.0, 20.0, 0.0),
    ]
    assert result.score_difference == pytest.approx(-60.0)
    assert (result.product.rank, result.against.rank) == (5, 1)
    assert result.product.excluded_by == []
    assert result.decision is not None
    assert (result.decision.higher, result.decision.lower) == ("A-KNEE", "C-CREW")
    assert (result.decision.decided_by, result.decision.decisive) == ("score", ["knee"])


def test_why_not_names_the_constraint_that_removed_it() -> None:
    profile = RunnerProfile(budget=50)
    result = diagnose.why_not(E, A, ABCDE, THREE, profile)
    assert result.score_difference == 0.0
    assert not result.product.eligible and result.product.rank is None
    assert [r.constraint for r in result.product.excluded_by] == ["budget"]
    assert result.decision is not None
    assert (result.decision.higher, result.decision.decided_by) == ("A-KNEE", "eligibility")


def test_why_not_a_tie_says_how_it_was_broken() -> None:
    result = diagnose.why_not(C, D, ABCDE, THREE, RunnerProfile())
    assert result.score_difference == 0.0
    assert result.decision is not None
    assert (result.decision.higher, result.decision.tie_break) == ("D-CREW", "price")
    same = diagnose.why_not(A, A, ABCDE, THREE, RunnerProfile())
    assert same.decision is None and all(t.difference == 0 for t in same.terms)


@settings(max_examples=40, deadline=None)
@given(items=catalogs(max_size=5), profile=constrained, data=st.data())
def test_why_not_differences_add_up_to_the_score_difference(
    items: list[Product], profile: RunnerProfile, data: st.DataObject
) -> None:
    mine, other = data.draw(st.sampled_from(items)), data.draw(st.sampled_from(items))
    result = diagnose.why_not(mine, other, items, BUNDLED_RULES, profile)
    ex_mine = engine.explain(mine, items, BUNDLED_RULES, profile)
    ex_other = engine.explain(other, items, BUNDLED_RULES, profile)
    assert result.product.score == ex_mine.score and result.against.score == ex_other.score
    assert result.score_difference == pytest.approx(ex_mine.score - ex_other.score, abs=1e-9)
    assert sum(t.difference for t in result.terms) == pytest.approx(
        result.score_difference, abs=1e-9
    )
    assert result.product.excluded_by == ex_mine.excluded_by
    assert result.product.rank == ex_mine.rank
    sizes = [round(abs(t.difference), 9) for t in result.terms]
    assert sizes == sorted(sizes, reverse=True)
