"""Pick a size from the product's own chart, as a careful running-shop fitter would.

Compression socks are sized by calf (and ankle) circumference, plain socks by shoe
size. A size whose calf range excludes the calf is not a fit; a calf and ankle that no
one size holds remove the product (another product, or made to measure). When several
sizes hold both, the ankle decides for a graduated sock (the stated pressure is at the
ankle). A shoe size on the boundary of two sizes, or in a gap between them, is "between
sizes": take the larger compression size (a tight top band constricts) and the smaller
plain sock (a sock that wrinkles blisters), and say so. `Fit.centred` says how centred
the chosen size is (docs/scoring.md#fit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sockadvisor.domain.models import Product, Range, Size
from sockadvisor.domain.profile import RunnerProfile

Measure = Callable[[Size], Range | None]

LARGER = "the larger, as a tight top band constricts"
SMALLER = "the smaller, as a sock that wrinkles causes blisters"


@dataclass(frozen=True)
class Fit:
    """The chosen size and a note, or the reason no size fits (then `size` is None)."""

    size: Size | None = None
    note: str | None = None
    misfit: str | None = None
    centred: float | None = None  # 1 centred in every range, 0.5 at an edge, 0.25 in a gap
    measured: bool = False  # the runner gave measurements: the fit counts in the score


NO_FIT = Fit()


@dataclass(frozen=True)
class _Candidates:
    """The sizes one measurement allows, a note when it falls in a gap, or why none fit."""

    indexes: frozenset[int] = frozenset()
    note: str | None = None
    misfit: str | None = None


def _fmt(value: float) -> str:
    return f"{value:g}"


def _candidates(
    sizes: list[Size], value: float, shown: str, unit: str, measure: Measure, larger: bool
) -> _Candidates | None:
    """The sizes whose range holds `value`; None when the chart does not give this measure."""
    ranges = [measure(s) for s in sizes]
    charted = [r for r in ranges if r is not None]
    if len(charted) != len(sizes):
        return None
    inside = frozenset(i for i, r in enumerate(charted) if r.contains(value))
    if inside:
        return _Candidates(inside)
    if value < charted[0].min:
        return _Candidates(
            misfit=f"{shown}: smallest size {sizes[0].label} fits {charted[0]}{unit}"
        )
    if value > charted[-1].max:
        return _Candidates(
            misfit=f"{shown}: largest size {sizes[-1].label} fits {charted[-1]}{unit}"
        )
    below = max(i for i, r in enumerate(charted) if r.max < value)
    if shown.startswith("calf"):
        return _Candidates(
            misfit=f"{shown} falls between {sizes[below].label} ({charted[below]}{unit}) and "
            f"{sizes[below + 1].label} ({charted[below + 1]}{unit}), so no size's calf range "
            "holds it: choose another product or made-to-measure"
        )
    chosen = below + 1 if larger else below
    return _Candidates(
        frozenset({chosen}),
        note=f"{shown} falls between {sizes[below].label} ({charted[below]}) and "
        f"{sizes[below + 1].label} ({charted[below + 1]}): take {sizes[chosen].label}, "
        f"{LARGER if larger else SMALLER}",
    )


def by_calf(product: Product) -> bool:
    """Whether the maker's chart sizes by calf (else by shoe alone)."""
    return all(size.calf_cm is not None for size in product.sizes)


def _measures(product: Product, profile: RunnerProfile) -> list[tuple[float, str, str, Measure]]:
    """What to size this product by: calf and ankle for a compression chart that gives
    them, else shoe size (plain socks, and compression that its maker sizes by shoe)."""
    if product.is_compression and by_calf(product) and (profile.calf_cm or profile.ankle_cm):
        given = [
            (profile.calf_cm, "calf", " cm", lambda s: s.calf_cm),
            (profile.ankle_cm, "ankle", " cm", lambda s: s.ankle_cm),
        ]
    else:
        given = [_shoe(product, profile)]
    return [(v, f"{name} {_fmt(v)}{unit}", unit, m) for v, name, unit, m in given if v is not None]


def _shoe(product: Product, profile: RunnerProfile) -> tuple[float | None, str, str, Measure]:
    """The shoe size to size by: the maker's own US or UK column when the runner gave a
    size in that system and the chart has it (it wins over the EU conversion), else EU."""
    if profile.shoe_eu is not None:
        if profile.shoe_us is not None and all(s.shoe_us for s in product.sizes):
            return profile.shoe_us, "shoe US", "", lambda s: s.shoe_us
        if profile.shoe_uk is not None and all(s.shoe_uk for s in product.sizes):
            return profile.shoe_uk, "shoe UK", "", lambda s: s.shoe_uk
    return profile.shoe_eu, "shoe EU", "", lambda s: s.shoe_eu


def _centred(value: float, r: Range | None) -> float:
    """1 at the middle of the range, 0.5 at its edges, 0.25 outside (a gap)."""
    if r is None:
        return 1.0
    half = (r.max - r.min) / 2
    if not r.contains(value):
        return 0.25
    if half <= 0:
        return 1.0
    return 1.0 - 0.5 * abs(value - (r.min + r.max) / 2) / half


def fit(product: Product, profile: RunnerProfile) -> Fit:
    """The size of `product` for the runner's measurements (an empty Fit if none apply)."""
    if not profile.measured:
        return NO_FIT
    found_fit = _fit(product, profile)
    if found_fit.size is None:
        return replace(found_fit, measured=True)
    size = found_fit.size
    centred = min(
        (_centred(value, measure(size)) for value, _, _, measure in _measures(product, profile)),
        default=None,
    )
    return replace(found_fit, centred=centred, measured=True)


def _fit(product: Product, profile: RunnerProfile) -> Fit:
    sizes = product.sizes
    larger = product.is_compression
    found = [
        (shown, c)
        for value, shown, unit, measure in _measures(product, profile)
        if (c := _candidates(sizes, value, shown, unit, measure, larger)) is not None
    ]
    if not found:
        if not product.is_compression:
            return Fit(note="plain socks are sized by shoe: give your shoe size for one")
        if not by_calf(product):
            return Fit(note="its maker sizes it by shoe: give your shoe size for one")
        if any(size.shoe_eu is None for size in sizes):
            return Fit(note="its maker sizes it by calf: give your calf for a size")
        return Fit()
    misfits = [c.misfit for _, c in found if c.misfit]
    if misfits:
        return Fit(misfit="; ".join(misfits))
    notes = [c.note for _, c in found if c.note]
    common = frozenset.intersection(*(c.indexes for _, c in found))
    pick = max if larger else min
    ankle = profile.ankle_cm
    graduated = product.compression is not None and product.compression.graduated
    if common and len(common) > 1 and graduated and ankle is not None:
        ranked = sorted(common, key=lambda i: (-_centred(ankle, sizes[i].ankle_cm), -i))
        chosen = ranked[0]
        shown = " and ".join(s for s, _ in found)
        notes.append(
            f"{shown} {'fit' if len(found) > 1 else 'fits'} both "
            f"{' and '.join(sizes[i].label for i in sorted(common))}: take "
            f"{sizes[chosen].label}, the size whose ankle range centres on your ankle "
            "(a graduated sock's pressure is set at the ankle)"
        )
    elif common:
        chosen = pick(common)
        if len(common) > 1:
            shown = " and ".join(s for s, _ in found)
            verb = "fit" if len(found) > 1 else "fits"
            notes.append(
                f"{shown} {verb} both {sizes[min(common)].label} and {sizes[max(common)].label}: "
                f"take {sizes[chosen].label}, {LARGER if larger else SMALLER}"
            )
    else:
        per = ", ".join(
            f"{s} fits {'/'.join(sizes[i].label for i in sorted(c.indexes))}" for s, c in found
        )
        return Fit(misfit=f"{per}: no size fits both; choose another product, or made-to-measure")
    if product.is_compression and not by_calf(product):
        notes.append("its maker sizes it by shoe alone")
    elif product.is_compression and not (profile.calf_cm or profile.ankle_cm):
        notes.append("sized by shoe only: measure your calf for a compression fit")
    return Fit(size=sizes[chosen], note="; ".join(notes) or None)
