"""Helpers shared by the diagnosis modules: engine.rank's order, a product's standing for
a profile (score, rank, what removed it), and what decides between two standings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import PairDecision, ProductRef, Scored, Standing
from sockadvisor.engine import ranking as engine
from sockadvisor.engine import sizing
from sockadvisor.engine.compile import CompiledRule

TIE = 1e-9  # float noise below this never separates two points differences


def rank_key(score: float, product: Product) -> tuple[float, float, str]:
    """engine.rank's order: score (rounded, so float noise never breaks a tie), price, SKU."""
    return (-round(score, 9), product.price, product.sku)


def ref(scored: Scored) -> ProductRef:
    p = scored.product
    return ProductRef(sku=p.sku, name=p.name, score=scored.score, price=p.price)


def top_pick(
    products: Iterable[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> Product | None:
    """The product engine.rank puts first, or None when nothing matches."""
    results = engine.rank(products, rules, profile, top=1).results
    return results[0].product if results else None


def ranks_by_sku(
    products: Iterable[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> dict[str, int]:
    """Each matching product's rank, by SKU."""
    return {r.product.sku: r.rank for r in engine.rank(products, rules, profile).results}


def standing(
    product: Product,
    active: Sequence[CompiledRule],
    profile: RunnerProfile,
    ranked: dict[str, int],
) -> tuple[Standing, Scored]:
    """Where `product` stands for the profile, and its score term by term."""
    fit = sizing.fit(product, profile)
    scored = engine.score(product, active, profile, fit)
    reasons = engine.removal(product, profile, fit)
    place = Standing(
        sku=product.sku,
        name=product.name,
        price=product.price,
        score=scored.score,
        rank=ranked.get(product.sku) if not reasons else None,
        eligible=not reasons,
        excluded_by=reasons,
        size=scored.size,
        size_note=scored.size_note,
        size_sku=scored.size_sku,
        size_stock=scored.size_stock,
        url=product.url,
        image=product.image,
    )
    return place, scored


def column_key(place: Standing) -> tuple[bool, int, float, float, str]:
    """Eligible first, then engine.rank's order (an avoid rule can put a higher score lower)."""
    rank = place.rank if place.rank is not None else 0
    return (not place.eligible, rank, -round(place.score, 9), place.price, place.sku)


def decide(
    high: Standing,
    low: Standing,
    points: list[tuple[str, float, float]],
    avoided: list[str] | None = None,
) -> PairDecision:
    """What puts `high` above `low`; `points` holds (rule, high's points, low's points).

    `eligibility` when only `high` is eligible; else `avoid` when `low` meets an avoid
    rule in full and `high` does not (`avoided` names the rules); else `score` when the
    scores differ (at 9 decimals, as engine.rank compares them), with the decisive rules:
    those whose points difference is the largest, and positive (several when they tie
    within TIE); else the tie break, `price`, or `sku` when the prices tie too.
    """
    difference = high.score - low.score
    tie_break = None
    decisive: list[str] = []
    if high.eligible != low.eligible:
        decided_by = "eligibility"
    elif avoided:
        decided_by = "avoid"
        decisive = avoided
    elif round(high.score, 9) != round(low.score, 9):
        decided_by = "score"
        gains = [(rule, a - b) for rule, a, b in points]
        best = max(g for _, g in gains)
        decisive = [rule for rule, g in gains if g > TIE and g >= best - TIE]
    else:
        decided_by = tie_break = "price" if high.price != low.price else "sku"
    return PairDecision(
        higher=high.sku,
        lower=low.sku,
        score_difference=difference,
        decided_by=decided_by,
        tie_break=tie_break,
        decisive=decisive,
    )
