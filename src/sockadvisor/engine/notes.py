"""Safety and the fitter's notes, as plain (code, message) pairs: the words of the advice.

engine/advice.py gives them as the result models; the warm JSON path (engine/warm.py)
writes them as they are. Products and profiles are read by attribute (a model, or a
plain twin). No pydantic here.

Sources (docs/safety.md): the consensus contraindications of compression (Rabe et al.
2020, Phlebology 35(7)) are advanced peripheral arterial disease (ABPI below 0.5; 0.5-0.8
only with a clinician), decompensated heart failure, septic phlebitis, phlegmasia
cerulea dolens, severe neuropathy and fragile or infected skin. A past DVT is usually a
reason for compression under a clinician, not against it; with diabetes a clinician
comes first. With any condition the runner is sent to a clinician, so no compression is
recommended here: nothing the output tops is something it also says to see a clinician
about. 20-30 and 30-40 mmHg are firm, medical-grade classes (sigvaris.com).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from sockadvisor.domain.vocab import BlisterSpot, Condition, Distance, Use


class Note(NamedTuple):
    """A warning (`code`, `message`), or a reason a product is removed (`constraint`)."""

    code: str
    message: str


FIRM_MMHG = 20.0
CONSENSUS = "Rabe et al. 2020, Phlebology 35(7), international consensus on contraindications"

# Neutral words, for every output: the terminal's renderer adds which options to use.
MEASURE_HINT = Note(
    code="measure-for-size",
    message="For a size, give your calf and ankle (compression) or your shoe size: measure "
    "the calf at its widest and the ankle at its narrowest, in the morning, standing; "
    "measure both legs and use the larger.",
)

MEASURE_MORNING = Note(
    code="measure-in-the-morning",
    message="Sizes assume measurements taken in the morning, standing, before the legs "
    "swell; measure both legs and use the larger (German RAL guidance for medical "
    "compression hosiery, RAL-GZ 387).",
)

# What the evidence says for each condition: "never" only where the consensus says so.
CONDITION_ADVICE = {
    Condition.pad: "compression is never used with advanced disease (ankle-brachial index "
    "below 0.5) and only under a clinician at 0.5-0.8",
    Condition.heart_failure: "compression is not used with decompensated heart failure, and "
    "with stable heart failure only under a clinician",
    Condition.neuropathy: "compression is not used with severe neuropathy, and with milder "
    "neuropathy only after a clinician's check, as it hides a sock that is too tight",
    Condition.diabetes: "a clinician checks the circulation and skin first; neuropathy can "
    "hide a sock that is too tight",
    Condition.skin: "compression is not worn over infected, fragile or weeping skin until a "
    "clinician has treated it",
    Condition.dvt: "compression is often prescribed after a DVT, at a level a clinician "
    "chooses, rather than avoided",
}


def condition_reasons(product: Any, profile: Any) -> list[Note]:
    """Compression removed by the runner's conditions: chosen with a clinician, not here."""
    if product.compression is None:
        return []
    return [
        Note(
            code="condition",
            message=f"you have {condition.description}: {CONDITION_ADVICE[condition]}; "
            f"choose compression with your clinician ({CONSENSUS})",
        )
        for condition in profile.conditions
    ]


def profile_warnings(profile: Any) -> list[Note]:
    """Warnings about the runner, shown before any result."""
    warnings = []
    if profile.conditions:
        names = ", ".join(c.description for c in profile.conditions)
        warnings.append(
            Note(
                code="see-clinician",
                message=f"See a clinician before wearing compression socks: you have {names}; "
                "compression socks were removed from these results, so the clinician can "
                f"choose the level ({CONSENSUS}).",
            )
        )
    if not profile.measured:
        warnings.append(MEASURE_HINT)
    elif profile.calf_cm or profile.ankle_cm:
        warnings.append(MEASURE_MORNING)
    return warnings


def product_warnings(product: Any, profile: Any) -> list[Note]:
    """Warnings about one product for this runner."""
    c = product.compression
    warnings = []
    if c is not None and c.min_mmhg >= FIRM_MMHG:
        worn = (
            "you said you already wear this level"
            if profile.wears_firm_compression
            else "best chosen with a clinician"
        )
        warnings.append(
            Note(
                code="firm-medical-grade",
                message=f"{product.sku}: {c} mmHg is firm, medical-grade compression; {worn}"
                + ("; it can feel restrictive while running." if profile.use is Use.run else "."),
            )
        )
    if c is not None and profile.new_to_compression and c.max_mmhg > FIRM_MMHG:
        warnings.append(
            Note(
                code="firm-for-first-pair",
                message=f"{product.sku}: {c} mmHg goes above 20 mmHg, firm for a first pair; "
                "start at 8-20 mmHg.",
            )
        )
    return warnings


def evidence_notes(products: Iterable[Any], travel: bool) -> list[Note]:
    """What compression can honestly be said to do, with sources, when it is recommended."""
    if not any(p.is_compression for p in products):
        return []
    notes = [
        Note(
            code="evidence-recovery",
            message="Compression can reduce soreness and perceived fatigue and is a modest "
            "recovery aid; it does not make you faster (Engel et al. 2016, Sports Medicine "
            "46(12); Brown et al. 2017).",
        )
    ]
    notes.append(
        Note(
            code="replace-worn",
            message="Compression socks lose pressure with wear and washing: replace them "
            "every 3-6 months of regular use (makers' pages, weak); insurers allow a few "
            "replacements a year (Aetna Clinical Policy Bulletin 0482).",
        )
    )
    if travel:
        notes.append(
            Note(
                code="evidence-flights",
                message="On flights of 4 hours or more, compression stockings reduce leg "
                "swelling and symptomless clots (Cochrane review CD004002).",
            )
        )
    return notes


ULTRA_SPARE = Note(
    code="ultra-spare-pair",
    message="On an ultra, carry a spare pair and change into it after rain or a river "
    "crossing: wet skin rubs and blisters sooner (blister-prevention.com, moisture and "
    "friction).",
)
HEEL_FIT = Note(
    code="heel-blisters-fit",
    message="Heel blisters: the fit matters most. The sock's heel pocket should sit on "
    "your heel: above it the sock is too big, towards the arch too small (Swiftwick fit "
    "guide, swiftwick.com); toe socks do not help heel blisters (blister-prevention.com).",
)
NO_TOE_SOCKS = Note(
    code="toe-socks-elsewhere",
    message="Blisters between the toes: toe socks keep the toes apart and help there "
    "(blister-prevention.com, toe socks and blisters); this catalog has none, so look for "
    "them in another shop.",
)


def fitter_notes(profile: Any, has_toe_socks: Callable[[], bool]) -> list[Note]:
    """What a fitter adds for this runner: a spare pair on ultras, where blisters point.

    `has_toe_socks` says whether the catalog has any toe socks (asked only when it matters).
    """
    notes = []
    if profile.distance is Distance.ultra and profile.use is Use.run:
        notes.append(ULTRA_SPARE)
    if BlisterSpot.heel in profile.blisters:
        notes.append(HEEL_FIT)
    if BlisterSpot.toes in profile.blisters and not has_toe_socks():
        notes.append(NO_TOE_SOCKS)
    return notes


def hard_constraints(product: Any, profile: Any) -> list[Note]:
    """Why the profile's budget, excluded fibres or length rule this product out."""
    reasons = []
    if profile.budget is not None and product.price > profile.budget:
        reasons.append(
            Note(
                code="budget",
                message=f"price {product.price:.2f} is over the budget of {profile.budget:.2f}",
            )
        )
    for fibre in profile.exclude_materials:
        share = product.materials.get(fibre)
        if share:
            reasons.append(
                Note(
                    code="exclude_material",
                    message=f"contains {fibre.value} ({share}%), which you excluded",
                )
            )
    if profile.length is not None and product.length != profile.length:
        reasons.append(
            Note(
                code="length",
                message=f"length {product.length.value}, not the required {profile.length.value}",
            )
        )
    return reasons


def unknown_data(sku: str, rules: list[str]) -> list[Note]:
    """The rules that gave a product no points because the catalog lacks what they read."""
    if not rules:
        return []
    return [
        Note(
            code="unknown-data",
            message=f"{sku}: the catalog lacks data that these rules read, so they "
            "gave no points: " + ", ".join(rules),
        )
    ]


def avoided(sku: str, label: str, because: str) -> Note:
    """An avoid rule the product meets in full."""
    return Note(
        code="avoid",
        message=f"{sku}: {label}: {because} It ranks below every sock without such a property.",
    )
