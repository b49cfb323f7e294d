"""Filter, score and rank products for one runner. Returns data; never prints.

Scoring: the rules whose `when` holds for the profile are the ones that apply.
Each applicable rule can give up to |weight| / (sum of |weight| over applicable
rules) x 100 points: a positive rule gives its share times the product's degree, a
penalty (negative weight) gives its share times (1 - degree), so avoiding what a
penalty describes earns its points. The score is the sum of the terms: 0 to 100.
A degree the product's data cannot decide (unknown) earns nothing and is flagged.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from operator import itemgetter

from sockadvisor.domain.models import Product, in_stock
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import SCHEMA_VERSION as SCHEMA_VERSION
from sockadvisor.domain.results import (
    Excluded,
    Explanation,
    Reason,
    Recommendation,
    Scored,
    Term,
    Warning,
)
from sockadvisor.domain.vocab import Use
from sockadvisor.engine import advice, sizing
from sockadvisor.engine.compile import CompiledRule


def applicable(rules: Iterable[CompiledRule], profile: RunnerProfile) -> list[CompiledRule]:
    return [r for r in rules if r.rule.when.holds(profile)]


def shares_of(rules: Sequence[CompiledRule]) -> list[float]:
    """Each rule's maximum points: its share of 100 by |weight|."""
    total = sum(abs(r.rule.weight) for r in rules)
    return [100 * abs(r.rule.weight) / total for r in rules]


def _points(weight: float, share: float, degree: float | None) -> float:
    if degree is None:
        return 0.0
    return share * degree if weight > 0 else share * (1 - degree)


def total_score(product: Product, rules: Sequence[CompiledRule], shares: Sequence[float]) -> float:
    """The score alone, without building terms: the same sum, in the same order."""
    total = 0.0
    for compiled, share in zip(rules, shares, strict=True):  # the hot loop: _points inlined
        degree = compiled.test(product)
        if degree is not None:
            total += share * degree if compiled.positive else share * (1 - degree)
    return total


def terms_for(product: Product, rules: Sequence[CompiledRule]) -> list[Term]:
    """One term per applicable rule; their points add up to the product's score."""
    terms = []
    for compiled, share in zip(rules, shares_of(rules), strict=True):
        rule = compiled.rule
        degree = compiled.test(product)
        points = _points(rule.weight, share, degree)
        terms.append(
            Term(
                rule=rule.id,
                label=rule.label or rule.id,
                weight=rule.weight,
                degree=degree,
                points=points,
                max_points=share,
                because=rule.because,
                source=rule.source,
            )
        )
    return terms


def hard_constraints(product: Product, profile: RunnerProfile) -> list[Reason]:
    """Why the profile rules this product out (empty: it is eligible)."""
    reasons = []
    if profile.budget is not None and product.price > profile.budget:
        reasons.append(
            Reason(
                constraint="budget",
                message=f"price {product.price:.2f} is over the budget of {profile.budget:.2f}",
            )
        )
    for fibre in profile.exclude_materials:
        share = product.materials.get(fibre)
        if share:
            reasons.append(
                Reason(
                    constraint="exclude_material",
                    message=f"contains {fibre.value} ({share}%), which you excluded",
                )
            )
    if profile.length is not None and product.length != profile.length:
        reasons.append(
            Reason(
                constraint="length",
                message=f"length {product.length.value}, not the required {profile.length.value}",
            )
        )
    return reasons


def _unknown(product: Product, terms: Sequence[Term]) -> list[Warning]:
    unknown = [t.rule for t in terms if t.degree is None]
    if not unknown:
        return []
    return [
        Warning(
            code="unknown-data",
            message=f"{product.sku}: the catalog lacks data that these rules read, so they "
            "gave no points: " + ", ".join(unknown),
        )
    ]


def score(
    product: Product,
    rules: Sequence[CompiledRule],
    profile: RunnerProfile | None = None,
    fit: sizing.Fit | None = None,
) -> Scored:
    """A product's score and terms; with a profile, its warnings; with a fit, its size."""
    terms = terms_for(product, rules)
    warnings = _unknown(product, terms)
    if profile is not None:
        warnings += advice.product_warnings(product, profile)
    return Scored(
        rank=0,
        product=product,
        score=sum(t.points for t in terms),
        terms=terms,
        warnings=warnings,
        size=fit.size.label if fit and fit.size else None,
        size_note=fit.note if fit else None,
        size_sku=fit.size.sku if fit and fit.size else None,
        size_stock=fit.size.stock if fit and fit.size else None,
    )


def removal(product: Product, profile: RunnerProfile, fit: sizing.Fit) -> list[Reason]:
    """Every reason the profile removes this product: constraints, conditions, size."""
    reasons = hard_constraints(product, profile) + advice.condition_reasons(product, profile)
    if fit.misfit:
        reasons.append(Reason(constraint="size", message=f"no size fits: {fit.misfit}"))
    if out_of_stock(profile, fit):
        assert fit.size is not None
        reasons.append(
            Reason(constraint="stock", message=f"your size {fit.size.label} is out of stock")
        )
    return reasons


def out_of_stock(profile: RunnerProfile, fit: sizing.Fit) -> bool:
    """Whether the runner's size is known and the catalog says it is out of stock.

    No stock data is no claim: only a recorded 0 or `out` removes a product.
    """
    return (
        fit.size is not None
        and in_stock(fit.size.stock) is False
        and not profile.include_out_of_stock
    )


def _order(score: float, product: Product) -> tuple[float, float, str]:
    # Rounded so that float noise in the sum never breaks a real tie.
    return (-round(score, 9), product.price, product.sku)


def _constrains(profile: RunnerProfile) -> bool:
    """Whether the profile can remove a product or size one at all."""
    return bool(
        profile.budget is not None
        or profile.exclude_materials
        or profile.length is not None
        or profile.conditions
        or profile.measured
    )


def rank(
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
    top: int | None = None,
) -> Recommendation:
    """Every product either ranked or excluded with its reasons; the best `top` kept.

    One pass scores every eligible product as a bare number; only the `top` kept get
    their terms and warnings built, so the cost is linear in products x rules.
    """
    active = applicable(rules, profile)
    shares = shares_of(active) if active else []
    eligible: list[tuple[tuple[float, float, str], Product, sizing.Fit]] = []
    excluded: list[Excluded] = []
    constrained = _constrains(profile)
    fit = sizing.NO_FIT
    for product in products:
        if constrained:  # an unconstrained profile removes nothing: skip the checks
            fit = sizing.fit(product, profile)
            reasons = removal(product, profile, fit)
            if reasons:
                excluded.append(Excluded(sku=product.sku, name=product.name, reasons=reasons))
                continue
        key = _order(total_score(product, active, shares), product)
        eligible.append((key, product, fit))
    if top is None:
        best = sorted(eligible, key=itemgetter(0))
    else:
        best = heapq.nsmallest(top, eligible, key=itemgetter(0))
    results = [
        score(product, active, profile, fit).model_copy(update={"rank": i})
        for i, (_, product, fit) in enumerate(best, 1)
    ]
    excluded.sort(key=lambda e: e.sku)
    return Recommendation(
        schema_version=SCHEMA_VERSION,
        profile=profile,
        matched=len(eligible),
        results=results,
        excluded=excluded,
        warnings=advice.profile_warnings(profile),
        notes=advice.evidence_notes((r.product for r in results), profile.use is Use.travel),
    )


def explain(
    product: Product,
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
    ranking: Recommendation | None = None,
) -> Explanation:
    """Every term of one product's score, its rank, and what (if anything) removed it.

    `ranking` is the whole ranking for this profile when the caller has it already.
    """
    ranking = ranking or rank(products, rules, profile)
    position = next((r.rank for r in ranking.results if r.product.sku == product.sku), None)
    fit = sizing.fit(product, profile)
    scored = score(product, applicable(rules, profile), profile, fit)
    reasons = removal(product, profile, fit)
    return Explanation(
        schema_version=SCHEMA_VERSION,
        profile=profile,
        product=product,
        eligible=not reasons,
        rank=position,
        of=ranking.matched,
        excluded_by=reasons,
        score=scored.score,
        terms=scored.terms,
        warnings=advice.profile_warnings(profile) + scored.warnings,
        size=scored.size,
        size_note=scored.size_note,
        size_sku=scored.size_sku,
        size_stock=scored.size_stock,
    )
