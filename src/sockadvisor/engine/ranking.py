"""Filter, score and rank products for one runner. Returns data; never prints.

Scoring (docs/scoring.md): the rules whose `when` holds for the profile apply. A
point is 1/100 of everything the applicable preferences (and, with measurements, the
fit) can give: a rule with weight w gives up to 100 x w / (sum of positive weights)
points. A preference gives its share times the product's degree (a gain); a penalty
takes its share times the degree away (a penalty incurred) and gives nothing for being
avoided. So 100 means every preference met in full and no penalty incurred. An
`avoid` rule met in full ranks the product below every product it does not disqualify.
A degree the product's data cannot decide (unknown) gives nothing and is flagged.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
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
)
from sockadvisor.domain.vocab import Use
from sockadvisor.engine import advice, notes, sizing
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.kernel import EPS, constrains, excludes
from sockadvisor.engine.kernel import applicable as applicable  # the engine's one import
from sockadvisor.engine.kernel import shares_of as shares_of

# The fit's weight, as if it were a rule, when the runner gave measurements.
FIT_WEIGHT = 4.0
FIT_BECAUSE = (
    "A snug fit matters: too loose loses the pressure gradient, too tight constricts; a "
    "size whose ranges centre on your measurements fits best."
)
FIT_SOURCE = (
    '"Compression Socks for Trail Running" (trail-running compression guide), section '
    '"Fit, Length, and Durability"'
)


def fit_share(rules: Sequence[CompiledRule]) -> float:
    """The fit's maximum points, on the same scale as `shares_of(rules, FIT_WEIGHT)`."""
    base = sum(r.rule.weight for r in rules if r.rule.weight > 0) + FIT_WEIGHT
    return 100 * FIT_WEIGHT / base


def _points(weight: float, share: float, degree: float | None) -> float:
    if degree is None:
        return 0.0
    return share * degree if weight > 0 else 0.0 - share * degree


def total_score(product: Product, rules: Sequence[CompiledRule], shares: Sequence[float]) -> float:
    """The score alone, without building terms: the same sum, in the same order."""
    total = 0.0
    for compiled, share in zip(rules, shares, strict=True):  # the hot loop: _points inlined
        degree = compiled.test(product)
        if degree is not None:
            total += share * degree if compiled.positive else 0.0 - share * degree
    return total


def disqualified(product: Product, rules: Sequence[CompiledRule]) -> bool:
    """Whether an applicable avoid rule is met in full (docs/rule-language.md#avoid)."""
    for compiled in rules:
        if compiled.rule.avoid:
            degree = compiled.test(product)
            if degree is not None and degree >= 1 - EPS:
                return True
    return False


def terms_for(
    product: Product, rules: Sequence[CompiledRule], fit: sizing.Fit | None = None
) -> list[Term]:
    """One term per applicable rule (and the fit, when sized); points add up to the score."""
    measured = fit is not None and fit.measured
    shares = shares_of(rules, FIT_WEIGHT if measured else 0.0)
    terms = []
    for compiled, share in zip(rules, shares, strict=True):
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
                avoid=rule.avoid,
            )
        )
    if measured and fit is not None:
        share = fit_share(rules)
        terms.append(
            Term(
                rule="fit",
                label="size fits your measurements",
                weight=FIT_WEIGHT,
                degree=fit.centred,
                points=share * (fit.centred or 0.0),
                max_points=share,
                because=FIT_BECAUSE,
                source=FIT_SOURCE,
            )
        )
    return terms


def hard_constraints(product: Product, profile: RunnerProfile) -> list[Reason]:
    """Why the profile rules this product out (empty: it is eligible)."""
    return advice.reasons(notes.hard_constraints(product, profile))


def score(
    product: Product,
    rules: Sequence[CompiledRule],
    profile: RunnerProfile | None = None,
    fit: sizing.Fit | None = None,
) -> Scored:
    """A product's score and terms; with a profile, its warnings; with a fit, its size."""
    terms = terms_for(product, rules, fit)
    found = notes.unknown_data(product.sku, [t.rule for t in terms if t.degree is None])
    found += [notes.avoided(product.sku, t.label, t.because) for t in terms if t.disqualifies]
    warnings = advice.warnings(found)
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
        fit=fit.centred if fit else None,
    )


AVOIDED = 1e6  # what `rank_score` takes off a sock an avoid rule disqualifies


def rank_score(product: Product, rules: Sequence[CompiledRule], profile: RunnerProfile) -> float:
    """One number that orders as `rank` does (score with the fit; an avoid rule met in
    full takes AVOIDED off), for searches that compare many profiles (what-if)."""
    fit = sizing.fit(product, profile) if profile.measured else sizing.NO_FIT
    if fit.measured:  # the sum `rank` makes, term for term, without building terms
        total = total_score(product, rules, shares_of(rules, FIT_WEIGHT))
        total += fit_share(rules) * (fit.centred or 0)
    else:
        total = total_score(product, rules, shares_of(rules))
    return total - AVOIDED if disqualified(product, rules) else total


def removes(product: Product, profile: RunnerProfile, fit: sizing.Fit) -> bool:
    """Whether `removal` gives any reason, without building one (for the searches)."""
    return bool(
        (profile.budget is not None and product.price > profile.budget)
        or excludes(product, profile)
        or fit.misfit
        or out_of_stock(profile, fit)
    )


def hard_removes(product: Product, profile: RunnerProfile) -> bool:
    """Whether `hard_constraints` gives any reason, without building one."""
    return (
        (profile.budget is not None and product.price > profile.budget)
        or any(product.materials.get(fibre) for fibre in profile.exclude_materials)
        or (profile.length is not None and product.length != profile.length)
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


def _order(score: float, product: Product, avoided: bool = False) -> tuple[bool, float, float, str]:
    # Rounded so that float noise in the sum never breaks a real tie.
    return (avoided, -round(score, 9), product.price, product.sku)


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
    products = list(products)  # read twice: ranked, then for the fitter's notes
    active = applicable(rules, profile)
    shares = shares_of(active) if active else []
    eligible: list[tuple[tuple[bool, float, float, str], Product, sizing.Fit]] = []
    fit_points = fit_share(active)
    sized_shares = shares_of(active, FIT_WEIGHT) if active else []
    excluded: list[Excluded] = []
    constrained = constrains(profile)
    fit = sizing.NO_FIT
    for product in products:
        if constrained:  # an unconstrained profile removes nothing: skip the checks
            fit = sizing.fit(product, profile)
            reasons = removal(product, profile, fit)
            if reasons:
                excluded.append(Excluded(sku=product.sku, name=product.name, reasons=reasons))
                continue
        if fit.measured:
            points = total_score(product, active, sized_shares) + fit_points * (fit.centred or 0)
        else:
            points = total_score(product, active, shares)
        key = _order(points, product, disqualified(product, active))
        eligible.append((key, product, fit))
    if top is None:
        best = sorted(eligible, key=itemgetter(0))
    else:
        best = heapq.nsmallest(top, eligible, key=itemgetter(0))
    results = [
        score(product, active, profile, fit).model_copy(update={"rank": i})
        for i, (_, product, fit) in enumerate(best, 1)
    ]
    return recommendation(
        profile, len(eligible), results, excluded, lambda: any(p.toe_socks for p in products)
    )


def recommendation(
    profile: RunnerProfile,
    matched: int,
    results: list[Scored],
    excluded: list[Excluded],
    has_toe_socks: Callable[[], bool],
) -> Recommendation:
    """The document around a ranking, with the warnings and notes that go with it (one
    place for `rank` and the warm kernel, engine/kernel.py)."""
    excluded.sort(key=lambda e: e.sku)
    return Recommendation(
        schema_version=SCHEMA_VERSION,
        profile=profile,
        matched=matched,
        results=results,
        excluded=excluded,
        warnings=advice.profile_warnings(profile),
        notes=advice.evidence_notes((r.product for r in results), profile.use is Use.travel)
        + (advice.fitter_notes(profile, has_toe_socks) if results else []),
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
        fit=scored.fit,
    )
