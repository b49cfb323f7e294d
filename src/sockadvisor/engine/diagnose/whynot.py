"""Why not this one: a product against another (by default the top pick), rule by rule.

For users: docs/user-guide.md#why-not-the-top-pick; the JSON: docs/json-output.md#against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import TermDifference, WhyNot
from sockadvisor.engine import advice
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.diagnose.common import column_key, decide, ranks_by_sku, standing


def why_not(
    product: Product,
    against: Product,
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
    ranks: dict[str, int] | None = None,
) -> WhyNot:
    """Rule by rule, what `product` gained and lost against `against`.

    Each rule's points for both products and their difference (product minus other).
    The differences add up to the difference of the scores, since each score is the sum
    of its terms. Sorted by absolute difference, largest first; ties in rule order. The
    decision says what puts the higher one above the other (common.decide). `ranks`
    maps SKUs to their rank for this profile when the caller has them already.
    """
    active = engine.applicable(rules, profile)
    ranked = ranks_by_sku(products, rules, profile) if ranks is None else ranks
    mine, mine_scored = standing(product, active, profile, ranked)
    other, other_scored = standing(against, active, profile, ranked)
    pairs = list(zip(mine_scored.terms, other_scored.terms, strict=True))
    terms = [
        TermDifference(
            rule=a.rule,
            label=a.label,
            max_points=a.max_points,
            points=a.points,
            against_points=b.points,
            difference=a.points - b.points,
            because=a.because,
            source=a.source,
        )
        for a, b in pairs
    ]
    terms.sort(key=lambda t: -round(abs(t.difference), 9))
    decision = None
    if product.sku != against.sku:
        high, low = sorted((mine, other), key=column_key)
        flip = high is not mine
        points = [
            (a.rule, b.points, a.points) if flip else (a.rule, a.points, b.points) for a, b in pairs
        ]
        decision = decide(high, low, points)
    return WhyNot(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        product=mine,
        against=other,
        score_difference=mine.score - other.score,
        terms=terms,
        decision=decision,
        warnings=advice.profile_warnings(profile),
    )
