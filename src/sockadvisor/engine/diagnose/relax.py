"""Why nothing matched: every minimal set of the runner's own constraints to relax.

`constraints` lists a profile's relaxable constraints as data (field and value); `diagnose`
finds every minimal relaxation, exactly. Medical conditions are never relaxed. For users:
docs/user-guide.md#when-nothing-matches; the JSON: docs/json-output.md#diagnosis.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Constraint, Diagnosis, Relaxation
from sockadvisor.domain.vocab import Fibre
from sockadvisor.engine import advice, sizing
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.diagnose.common import ref


@dataclass(frozen=True)
class Unit:
    """One relaxable constraint of a profile: the profile field and the value it holds."""

    id: str
    kind: str  # the Reason.constraint it lifts: budget, exclude_material, length, size
    field: str  # the RunnerProfile field
    value: float | str  # a number, a fibre or a length
    fibre: Fibre | None = None

    def relax(self, profile: RunnerProfile) -> RunnerProfile:
        """The profile without this constraint."""
        if self.fibre is not None:
            kept = tuple(f for f in profile.exclude_materials if f is not self.fibre)
            return profile.model_copy(update={"exclude_materials": kept})
        if self.kind == "stock":
            return profile.model_copy(update={self.field: True})
        return profile.model_copy(update={self.field: None})

    @property
    def constraint(self) -> Constraint:
        return Constraint(id=self.id, kind=self.kind, field=self.field, value=self.value)


STOCK = Unit("stock", "stock", "include_out_of_stock", "your size")


def constraints(profile: RunnerProfile, stocked: bool = False) -> list[Unit]:
    """The profile's relaxable constraints, in a fixed order (never its conditions).

    Its units: the budget, each excluded fibre on its own, the required length, each
    measurement, and (`stocked`: the catalog records stock, and the runner's size is
    known) the runner's size in stock. Relaxing a unit drops it: no budget, the fibre
    allowed again, any length, the measurement ignored for sizing, or out-of-stock sizes
    included.
    """
    units = []
    if profile.budget is not None:
        units.append(Unit("budget", "budget", "budget", profile.budget))
    for fibre in dict.fromkeys(profile.exclude_materials):
        units.append(
            Unit(
                f"exclude_material:{fibre.value}",
                "exclude_material",
                "exclude_materials",
                fibre.value,
                fibre,
            )
        )
    if profile.length is not None:
        units.append(Unit("length", "length", "length", profile.length.value))
    for field in ("calf_cm", "ankle_cm", "shoe_eu"):
        value = getattr(profile, field)
        if value is not None:
            units.append(Unit(field, "size", field, value))
    if stocked and profile.measured and not profile.include_out_of_stock:
        units.append(STOCK)
    return units


def relaxed(profile: RunnerProfile, units: Iterable[Unit]) -> RunnerProfile:
    """The profile with every one of `units` relaxed."""
    for unit in units:
        profile = unit.relax(profile)
    return profile


def _subsets(items: Sequence[Unit]) -> list[frozenset[Unit]]:
    return [frozenset(c) for n in range(len(items) + 1) for c in itertools.combinations(items, n)]


def _minimal(sets: Iterable[frozenset[Unit]]) -> list[frozenset[Unit]]:
    """The sets that contain no other set of the family (duplicates merged)."""
    unique = sorted(set(sets), key=len)
    kept: list[frozenset[Unit]] = []
    for s in unique:
        if not any(k <= s for k in kept):
            kept.append(s)
    return kept


def _unlocking(
    product: Product,
    alone: dict[Unit, RunnerProfile],
    measured: list[tuple[frozenset[Unit], RunnerProfile]],
) -> list[frozenset[Unit]]:
    """The minimal sets of units whose relaxation lets `product` through."""
    blocking = frozenset(u for u, only in alone.items() if engine.hard_removes(product, only))
    fitting = []
    for m, prof in measured:
        fit = sizing.fit(product, prof)
        if not fit.misfit:  # the size it fits may be out of stock: then STOCK is needed too
            fitting.append(m | {STOCK} if engine.out_of_stock(prof, fit) else m)
    return [blocking | m for m in _minimal(fitting)]


def diagnose(
    products: Sequence[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> Diagnosis | None:
    """Every minimal relaxation when nothing matches; None when something does.

    A relaxation is a set S of units such that the profile with S relaxed matches at
    least one product; it is minimal when no proper subset of S is one. Every minimal
    relaxation is reported (the minimal diagnoses that FastDiag or QuickXPlain find one
    at a time, here all of them), computed exactly:

    - A product that a medical condition removes can never be brought back: it is
      counted in `blocked_by_safety` and otherwise ignored (conditions depend on no unit).
    - For every other product p, the budget, fibre and length units that remove it form a
      set B(p) (each found with engine.hard_constraints on the profile with every other
      such unit relaxed). Sizing depends on the measurements together and not
      monotonically: a compression sock is sized by calf and ankle, and by shoe size only
      when neither is given, so ignoring the calf can bring in a shoe-size misfit. So for
      every subset M of the measurement units, sizing.fit decides whether p fits with M
      ignored; G(p) is the minimal such M.
    - p is let through by S exactly when B(p) is in S and S's measurements fit p, so the
      minimal relaxations are the minimal sets among B(p) | M for M in G(p) over all p.
      Each candidate is checked once more with engine.removal on the relaxed profile.

    Each relaxation reports `unlocks`, engine.rank(...).matched on the relaxed profile,
    and `best`, that ranking's top result. Relaxations are sorted by size, then by
    `unlocks` (most first), then by the units' order in `constraints`.
    """
    if engine.rank(products, rules, profile, top=1).matched:
        return None
    units = constraints(profile, any(s.stock is not None for p in products for s in p.sizes))
    order = {u: i for i, u in enumerate(units)}
    hard = [u for u in units if u.kind not in ("size", "stock")]
    # Each hard unit with every other hard unit relaxed: it alone decides its reason.
    alone = {u: relaxed(profile, (v for v in hard if v is not u)) for u in hard}
    measured = [(m, relaxed(profile, m)) for m in _subsets([u for u in units if u.kind == "size"])]
    profiles: dict[frozenset[Unit], RunnerProfile] = {}
    candidates: list[frozenset[Unit]] = []
    safety = 0
    for product in products:
        if profile.conditions and product.compression is not None:  # condition_reasons
            safety += 1
            continue
        for s in _unlocking(product, alone, measured):
            prof = profiles.setdefault(s, relaxed(profile, sorted(s, key=order.__getitem__)))
            if not engine.removes(product, prof, sizing.fit(product, prof)):
                candidates.append(s)
    relaxations = []
    for s in _minimal(candidates):
        prof = profiles[s]
        ranking = engine.rank(products, rules, prof, top=1)
        relaxations.append(
            Relaxation(
                relax=[u.constraint for u in sorted(s, key=order.__getitem__)],
                profile=prof,
                unlocks=ranking.matched,
                best=ref(ranking.results[0]),
            )
        )
    position = {u.id: i for i, u in enumerate(units)}
    relaxations.sort(key=lambda r: (len(r.relax), -r.unlocks, [position[c.id] for c in r.relax]))
    return Diagnosis(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        constraints=[u.constraint for u in units],
        relaxations=relaxations,
        blocked_by_safety=safety,
        warnings=advice.profile_warnings(profile),
    )
