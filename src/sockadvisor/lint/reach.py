"""The never-top search: each product's best rank over every runner profile's classes.

The profile space is every combination of the profile's classes (distance, terrain, use,
climate and the two flags: 1,200 profiles) with `length` added (not given, or one of 6).
A product's best rank is its rank among the products of its own length: setting the
length to its own only removes competitors. The check that reports it, and why length is
part of the space: lint.checks (`never-top`); for users:
docs/catalog-format.md#lint-what-is-valid-but-probably-wrong.

The search: a score depends on the profile only through the set of rules that apply, so
the class profiles are grouped by that set (272 distinct sets for the bundled rules),
every product's score is computed once per set with the engine's own arithmetic, and
each length group is sorted once per set.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from operator import add, lt

from sockadvisor.domain.fields import FIELDS, Kind, ProfileField
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile, make_profile
from sockadvisor.domain.vocab import Length
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule


def profile_space() -> list[RunnerProfile]:
    """Every combination of the values of the fields that rules test (`when` in the
    profile table, domain/fields.py), in a fixed order: 2,400 profiles today. Then each
    value of a preference marked `alone` (cushion, blisters: 8 values) with every
    combination of the classes that have no default (distance, terrain: 25), the rest at
    their defaults: 200 more. A class that may be left unset is also tried unset;
    everything else is left at its default.
    """
    axes = [(f.name, _values(f)) for f in FIELDS if f.when and not f.alone]
    names = [name for name, _ in axes]
    base = [
        make_profile(dict(zip(names, combination, strict=True)))
        for combination in itertools.product(*(values for _, values in axes))
    ]
    alone = [(f.name, v) for f in FIELDS if f.when and f.alone for v in _values(f) if v]
    fixed = [f for f in FIELDS if f.when and not f.alone and f.default is not None]
    plain = [p for p in base if all(getattr(p, f.name) == f.default for f in fixed)]
    return base + [p.model_copy(update={name: v}) for name, v in alone for p in plain]


def _values(field: ProfileField) -> tuple[object, ...]:
    if field.kind is Kind.flag:
        return (False, True)
    assert field.enum is not None
    if field.kind is Kind.choices:  # each value alone (not every combination), or none
        return ((),) * (not field.default) + tuple((member,) for member in field.enum)
    return ((None,) if field.default is None else ()) + tuple(field.enum)


@dataclass(frozen=True)
class Space:
    """The class profiles grouped by which rules apply to them."""

    profiles: list[RunnerProfile]
    masks: list[int]  # per rule: bit k set when the rule applies to profiles[k]
    groups: dict[tuple[int, ...], int]  # applicable rule indexes -> first profile's index


def group_profiles(rules: Sequence[CompiledRule]) -> Space:
    profiles = profile_space()
    masks = [0] * len(rules)
    groups: dict[tuple[int, ...], int] = {}
    for k, profile in enumerate(profiles):
        active = tuple(i for i, r in enumerate(rules) if r.rule.when.holds(profile))
        for i in active:
            masks[i] |= 1 << k
        groups.setdefault(active, k)
    return Space(profiles, masks, groups)


AVOIDED = 1e6  # an avoid rule met in full sinks the sock below every sound one (scoring.md)


def factors(rules: Sequence[CompiledRule], degrees: list[list[float | None]]) -> list[list[float]]:
    """Per rule and product: what the engine multiplies the rule's share by (0 if unknown)."""
    out = []
    for compiled, row in zip(rules, degrees, strict=True):
        if compiled.rule.weight > 0:
            out.append([0.0 if d is None else d for d in row])
        elif compiled.rule.avoid:  # met in full: below every sock it does not disqualify
            out.append([0.0 if d is None else -d - AVOIDED * (d >= 1 - 1e-9) for d in row])
        else:
            out.append([0.0 if d is None else -d for d in row])
    return out


@dataclass(frozen=True)
class Reach:
    """A product's best rank over the profile space, and the first profile that gives it."""

    sku: str
    rank: int
    of: int  # how many products share its length (the ranking it is best in)
    profile: RunnerProfile  # with `length` set to the product's length


def reach(
    products: Sequence[Product],
    rules: Sequence[CompiledRule],
    *,
    grouped: Space | None = None,
    degrees: list[list[float | None]] | None = None,
) -> list[Reach]:
    """Every product's best rank over the profile space with `length` (module docstring).

    Scores are computed with the engine's own arithmetic (the same shares, products
    and additions in the same order, rounded to 9 places) and ordered by score, then
    price, then SKU, so the ranks are exactly those `engine.rank` gives.
    """
    sp = grouped or group_profiles(rules)
    if degrees is None:
        degrees = [[r.test(p) for p in products] for r in rules]
    n = len(products)
    # Products in (length, price, sku) order: each length's ranking is one slice, and a
    # stable sort of a slice by score leaves ties in engine.rank's order (price, SKU).
    order = sorted(
        range(n), key=lambda i: (products[i].length.rank, products[i].price, products[i].sku)
    )
    # Products that every rule treats alike score alike: score each kind once.
    columns = factors(rules, degrees)
    vectors = list(zip(*columns, strict=True)) if columns else [()] * n
    kinds: dict[tuple[float, ...], int] = {}
    kind_of = [kinds.setdefault(vectors[i], len(kinds)) for i in order]
    by_kind = [list(column) for column in zip(*kinds, strict=True)] if columns else []
    slices: list[tuple[int, int]] = []
    for _, run in itertools.groupby(range(n), key=lambda k: products[order[k]].length):
        ks = list(run)
        slices.append((ks[0], ks[-1] + 1))
    best = [n] * n  # 0-based rank, in `order`
    where = [0] * n
    for active, first in sp.groups.items():
        shares = engine.shares_of([rules[i] for i in active]) if active else []
        scores = [0.0] * len(kinds)
        for i, share in zip(active, shares, strict=True):
            scores = list(map(add, scores, map(share.__mul__, by_kind[i])))
        rounded = list(map(round, scores, itertools.repeat(9)))
        rounded = list(map(rounded.__getitem__, kind_of))
        for start, end in slices:
            keys = rounded[start:end]
            ranked = sorted(range(end - start), key=keys.__getitem__, reverse=True)
            ranks = sorted(range(end - start), key=ranked.__getitem__)  # the inverse
            old = best[start:end]
            better = list(itertools.compress(range(start, end), map(lt, ranks, old)))
            if better:
                best[start:end] = map(min, ranks, old)
                for k in better:
                    where[k] = first
    profiles: dict[tuple[int, Length], RunnerProfile] = {}
    out: dict[int, Reach] = {}
    for start, end in slices:
        for k in range(start, end):
            product = products[order[k]]
            key = (where[k], product.length)
            if key not in profiles:
                profiles[key] = sp.profiles[key[0]].model_copy(update={"length": key[1]})
            out[order[k]] = Reach(product.sku, best[k] + 1, end - start, profiles[key])
    return [out[i] for i in range(n)]
