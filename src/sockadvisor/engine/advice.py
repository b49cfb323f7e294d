"""Safety: what medical conditions remove, the warnings a runner must see, honest claims.

Sources (docs/safety.md): compression is not used without a clinician with peripheral
arterial disease, heart failure, skin infection or weeping dermatitis, or advanced
peripheral neuropathy; with diabetes a clinician comes first and the skin is checked,
since neuropathy hides a sock that is too tight. 20-30 and 30-40 mmHg are firm,
medical-grade levels; a first pair should be 8-20 mmHg.
"""

from __future__ import annotations

from collections.abc import Iterable

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Reason, Warning
from sockadvisor.domain.vocab import Condition, Use

# With diabetes only mild compression is shown, and only after a clinician's check.
DIABETES_MAX_MMHG = 15.0
FIRM_MMHG = 20.0

# Neutral words, for every output: the terminal's renderer adds which options to use.
MEASURE_HINT = Warning(
    code="measure-for-size",
    message="For a size, give your calf and ankle (compression) or your shoe size: measure "
    "the calf at its widest and the ankle at its narrowest, in the morning, standing; "
    "measure both legs and use the larger.",
)


def condition_reasons(product: Product, profile: RunnerProfile) -> list[Reason]:
    """Compression removed (or capped, for diabetes) by the runner's conditions."""
    c = product.compression
    if c is None:
        return []
    reasons = []
    for condition in profile.conditions:
        if condition is Condition.diabetes:
            if c.max_mmhg > DIABETES_MAX_MMHG:
                reasons.append(
                    Reason(
                        constraint="condition",
                        message=f"{c} mmHg is above the {DIABETES_MAX_MMHG:g} mmHg shown with "
                        "diabetes; ask a clinician before wearing firmer compression",
                    )
                )
        else:
            reasons.append(
                Reason(
                    constraint="condition",
                    message=f"compression is not advised with {condition.description} "
                    "without a clinician",
                )
            )
    return reasons


def profile_warnings(profile: RunnerProfile) -> list[Warning]:
    """Warnings about the runner, shown before any result."""
    warnings = []
    if profile.conditions:
        names = ", ".join(c.description for c in profile.conditions)
        removed = (
            "compression socks were removed from these results"
            if any(c is not Condition.diabetes for c in profile.conditions)
            else f"only mild compression (up to {DIABETES_MAX_MMHG:g} mmHg) is shown, and "
            "you should check your skin daily: neuropathy can hide a sock that is too tight"
        )
        warnings.append(
            Warning(
                code="see-clinician",
                message=f"See a clinician before wearing compression socks: you have {names}; "
                f"{removed}.",
            )
        )
    if not profile.measured:
        warnings.append(MEASURE_HINT)
    return warnings


def product_warnings(product: Product, profile: RunnerProfile) -> list[Warning]:
    """Warnings about one product for this runner."""
    c = product.compression
    warnings = []
    if c is not None and c.min_mmhg >= FIRM_MMHG:
        warnings.append(
            Warning(
                code="firm-medical-grade",
                message=f"{product.sku}: {c} mmHg is firm, medical-grade compression, best "
                "chosen with a clinician"
                + ("; it can feel restrictive while running." if profile.use is Use.run else "."),
            )
        )
    if c is not None and profile.new_to_compression and c.max_mmhg > FIRM_MMHG:
        warnings.append(
            Warning(
                code="firm-for-first-pair",
                message=f"{product.sku}: {c} mmHg goes above 20 mmHg, firm for a first pair; "
                "start at 8-20 mmHg.",
            )
        )
    return warnings


def evidence_notes(products: Iterable[Product], travel: bool) -> list[Warning]:
    """What compression can honestly be said to do, with sources, when it is recommended."""
    if not any(p.is_compression for p in products):
        return []
    notes = [
        Warning(
            code="evidence-recovery",
            message="Compression can reduce soreness and perceived fatigue and is a modest "
            "recovery aid; it does not make you faster (Engel et al. 2016, Sports Medicine "
            "46(12); Brown et al. 2017).",
        )
    ]
    if travel:
        notes.append(
            Warning(
                code="evidence-flights",
                message="On flights of 4 hours or more, compression stockings reduce leg "
                "swelling and symptomless clots (Cochrane review CD004002).",
            )
        )
    return notes
