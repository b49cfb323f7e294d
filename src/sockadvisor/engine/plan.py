"""The wear plan: the best pair for running, for recovery and, on long journeys, for travel.

Each role ranks the catalog for the runner's profile with that use. Recovery and travel
call for compression, so their pick is the best compression sock; running takes the best
sock of any kind. When a pair already in the plan scores within REUSE_WITHIN points of
another role's best, it takes that role too, and the plan says so instead of padding
itself with a second, nearly equal pair.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import (
    SCHEMA_VERSION,
    Missing,
    Plan,
    PlanPick,
    Recommendation,
    Scored,
    Warning,
    Wear,
)
from sockadvisor.domain.vocab import Use
from sockadvisor.engine import advice
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.ranking import rank

TRAVEL_MIN_HOURS = 4.0
# A pair already in the plan takes another role when it scores within this many points
# of that role's best: one good pair beats two nearly equal ones.
REUSE_WITHIN = 5.0

# role -> (use, needs compression, when, how long); sources in docs/safety.md.
ROLES: dict[str, tuple[Use, bool, str, str]] = {
    "running": (
        Use.run,
        False,
        "during runs, above all long or technical ones",
        "for the run itself; take them off afterwards if they feel tight",
    ),
    "recovery": (
        Use.recovery,
        True,
        "after runs, and on rest days after long races or hard training blocks",
        "1-3 hours after a run is common; longer if you are very sore",
    ),
    "travel": (
        Use.travel,
        True,
        "on flights of 4 hours or more: put them on before you set off",
        "for the whole journey; stand, walk and flex your ankles when you can",
    ),
}


def _choose(
    ranked: Sequence[Scored], needs_compression: bool, planned: Collection[str]
) -> Scored | None:
    """The role's best sock, or a planned pair that is nearly as good."""
    fitting = [r for r in ranked if r.product.is_compression or not needs_compression]
    if not fitting:
        return None
    return next(
        (
            r
            for r in fitting
            if r.product.sku in planned and fitting[0].score - r.score <= REUSE_WITHIN
        ),
        fitting[0],
    )


def _missing_reason(
    rec: Recommendation, products: Sequence[Product], needs_compression: bool
) -> str:
    """Blame a condition only when a condition is what removed every compression sock."""
    if not needs_compression:
        return "no sock in the catalog fits your constraints and measurements"
    compression = {p.sku for p in products if p.is_compression}
    blocked = [e for e in rec.excluded if e.sku in compression]
    if blocked and all(any(r.constraint == "condition" for r in e.reasons) for e in blocked):
        return "no compression sock is advised for you without a clinician"
    return "no compression sock in the catalog fits your constraints and measurements"


def plan(
    products: Sequence[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
    travel_hours: float | None = None,
) -> Plan:
    roles = ["running", "recovery"]
    warnings = advice.profile_warnings(profile)
    if travel_hours is not None and travel_hours >= TRAVEL_MIN_HOURS:
        roles.append("travel")
    elif travel_hours is not None:
        warnings.append(
            Warning(
                code="short-journey",
                message=f"A journey of {travel_hours:g} hours needs no compression plan: the "
                "evidence is for flights of 4 hours or more (Cochrane review CD004002).",
            )
        )
    picks: dict[str, PlanPick] = {}
    missing: list[Missing] = []
    for role in roles:
        use, needs_compression, when, how_long = ROLES[role]
        rec = rank(products, rules, profile.model_copy(update={"use": use}))
        ranked = rec.results
        best = _choose(ranked, needs_compression, picks)
        if best is None:
            missing.append(
                Missing(role=role, reason=_missing_reason(rec, products, needs_compression))
            )
            continue
        wear = Wear(role=role, when=when, how_long=how_long)
        sku = best.product.sku
        if sku in picks:
            old = picks[sku]
            picks[sku] = old.model_copy(
                update={
                    "roles": [*old.roles, role],
                    "scores": {**old.scores, role: best.score},
                    "wear": [*old.wear, wear],
                    "warnings": old.warnings + [w for w in best.warnings if w not in old.warnings],
                }
            )
        else:
            picks[sku] = PlanPick(
                roles=[role],
                product=best.product,
                scores={role: best.score},
                size=best.size,
                size_note=best.size_note,
                size_sku=best.size_sku,
                size_stock=best.size_stock,
                wear=[wear],
                warnings=best.warnings,
            )
    notes = advice.evidence_notes((p.product for p in picks.values()), "travel" in roles)
    if picks:  # the spare pair on ultras, what blisters call for
        notes += advice.fitter_notes(
            profile.model_copy(update={"use": Use.run}), lambda: any(p.toe_socks for p in products)
        )
    return Plan(
        schema_version=SCHEMA_VERSION,
        profile=profile,
        travel_hours=travel_hours,
        warnings=warnings,
        picks=list(picks.values()),
        missing=missing,
        notes=notes,
    )
