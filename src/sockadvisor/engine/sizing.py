"""Pick a size from the product's own chart, as a careful running-shop fitter would.

Compression socks are sized by calf (and ankle) circumference, plain socks by shoe
size. A measurement on the boundary of two sizes, or in a gap between them, is
"between sizes": take the larger compression size (a tight top band constricts) and
the smaller plain sock (a sock that wrinkles blisters), and say so. A measurement
outside every size removes the product, naming the nearest size's range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    chosen = below + 1 if larger else below
    return _Candidates(
        frozenset({chosen}),
        note=f"{shown} falls between {sizes[below].label} ({charted[below]}) and "
        f"{sizes[below + 1].label} ({charted[below + 1]}): take {sizes[chosen].label}, "
        f"{LARGER if larger else SMALLER}",
    )


def _measures(product: Product, profile: RunnerProfile) -> list[tuple[float, str, str, Measure]]:
    """What to size this product by: calf and ankle for compression, else shoe size."""
    if product.is_compression and (profile.calf_cm or profile.ankle_cm):
        given = [
            (profile.calf_cm, "calf", " cm", lambda s: s.calf_cm),
            (profile.ankle_cm, "ankle", " cm", lambda s: s.ankle_cm),
        ]
    else:
        given = [(profile.shoe_eu, "shoe EU", "", lambda s: s.shoe_eu)]
    return [(v, f"{name} {_fmt(v)}{unit}", unit, m) for v, name, unit, m in given if v is not None]


def fit(product: Product, profile: RunnerProfile) -> Fit:
    """The size of `product` for the runner's measurements (an empty Fit if none apply)."""
    if not profile.measured:
        return NO_FIT
    sizes = product.sizes
    larger = product.is_compression
    found = [
        (shown, c)
        for value, shown, unit, measure in _measures(product, profile)
        if (c := _candidates(sizes, value, shown, unit, measure, larger)) is not None
    ]
    if not found:
        if profile.measured and not product.is_compression:
            return Fit(note="plain socks are sized by shoe: give your shoe size for one")
        return Fit()
    misfits = [c.misfit for _, c in found if c.misfit]
    if misfits:
        return Fit(misfit="; ".join(misfits))
    notes = [c.note for _, c in found if c.note]
    common = frozenset.intersection(*(c.indexes for _, c in found))
    pick = max if larger else min
    if common:
        chosen = pick(common)
        if len(common) > 1:
            shown = " and ".join(s for s, _ in found)
            verb = "fit" if len(found) > 1 else "fits"
            notes.append(
                f"{shown} {verb} both {sizes[min(common)].label} and {sizes[max(common)].label}: "
                f"take {sizes[chosen].label}, {LARGER if larger else SMALLER}"
            )
    else:
        chosen = max(pick(c.indexes) for _, c in found)
        per = ", ".join(f"{s} fits {sizes[pick(c.indexes)].label}" for s, c in found)
        notes.append(f"{per}: take {sizes[chosen].label}, {LARGER}")
    if product.is_compression and not (profile.calf_cm or profile.ankle_cm):
        notes.append("sized by shoe only: measure your calf for a compression fit")
    return Fit(size=sizes[chosen], note="; ".join(notes) or None)
