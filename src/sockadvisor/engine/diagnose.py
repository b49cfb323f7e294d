"""Answers beyond the ranking: why nothing matched, why not this one, compare, what if.

Pure functions that return result models (sockadvisor.domain.results); they never print.

Constraints (`constraints`). The relaxable constraints of a profile are its units: the
budget (`budget`), each excluded fibre on its own (`exclude_material:merino`), the
required length (`length`) and each measurement (`calf_cm`, `ankle_cm`, `shoe_eu`).
Relaxing a unit drops it from the profile: no budget, the fibre allowed again, any
length, or the measurement ignored for sizing. Medical conditions are never units:
nothing here offers to relax a safety constraint.

Diagnosis (`diagnose`). When nothing matches, a relaxation is a set S of units such that
the profile with S relaxed matches at least one product; it is minimal when no proper
subset of S is a relaxation. `diagnose` reports every minimal relaxation (the minimal
diagnoses that FastDiag or QuickXPlain find one at a time, here all of them, in no
fixed order of preference), computed exactly:

- A product that a medical condition removes can never be brought back: it is counted
  in `blocked_by_safety` and otherwise ignored (conditions do not depend on any unit).
- For every other product p, the budget, fibre and length units that remove it form a
  set B(p) (each found with engine.hard_constraints on the profile with every other
  such unit relaxed). Sizing depends on the measurements together and not monotonically:
  a compression sock is sized by calf and ankle, and by shoe size only when neither is
  given, so ignoring the calf can bring in a shoe-size misfit. So for every subset M of
  the measurement units, sizing.fit decides whether p fits with M ignored; G(p) is the
  minimal such M.
- p is let through by S exactly when B(p) is in S and S's measurements fit p, so the
  minimal relaxations are the minimal sets among B(p) | M for M in G(p) over all p.
  Each candidate is checked once more with engine.removal on the relaxed profile.

Each relaxation reports `unlocks`, engine.rank(...).matched on the relaxed profile, and
`best`, that ranking's top result. Relaxations are sorted by size, then by `unlocks`
(most first), then by the units' order in `constraints`.

Why not (`why_not`). Rule by rule, the points of a product and of the product it is
compared with (by default, the caller passes `top_pick`), and their difference (product
minus other). The differences add up to the difference of the scores, since each score
is the sum of its terms. Sorted by absolute difference, largest first; ties by rule order.

Compare (`compare`). Columns are the selected products in ranked order: eligible
products first, by score (highest first), then price (lowest first), then SKU, as
engine.rank orders them; then the removed products, in the same order. For each
adjacent pair of columns (higher, lower) a PairDecision says what decides the order:
`eligibility` when only the higher one is eligible; otherwise `score` when the scores
differ (compared at 9 decimals, as engine.rank does), else the tie break: `price`, or
`sku` when the prices tie too (then `tie_break` names it). When a pair is decided by
score, its decisive rules are the rules whose points difference (higher minus lower) is
the largest, and positive; several when they tie (within 1e-9). A rule row is marked
`decisive` when it is decisive for at least one adjacent pair.

What if (`what_if`). The single changes to one profile option that change the top
pick, at the smallest cost. A change counts only when the new profile still matches
something and its top pick is another product. Candidates, and their costs:

- distance (short < half < marathon < ultra) and terrain (road < groomed < mixed <
  technical): every other value, cost 1 per step along the order; setting or unsetting
  the option costs 1.
- use, climate: every other value, cost 1. new_to_compression, blister_prone: the
  flip, cost 1.
- budget: the values tried are product prices, since any budget lets through what the
  highest product price at or below it lets through. Raising it to the price of any
  product dearer than the budget costs (new - old) / old; lowering it to the highest
  product price below the top pick's price (the loosest such budget that removes the
  top pick) costs (old - new) / old; removing it costs 1; with no budget, adding that
  loosest one costs 1.
- length: every other length, or none, cost 1.
- exclude_materials: excluding one more fibre, or allowing one excluded fibre, cost 1.

Measurements and medical conditions are never changed. Every change at the minimum
cost (at 9 decimals) is returned, in the option order above; none when no single change
alters the top pick.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import (
    AttributeRow,
    Change,
    Comparison,
    Constraint,
    Diagnosis,
    PairDecision,
    ProductRef,
    Relaxation,
    RuleRow,
    Scored,
    Standing,
    TermDifference,
    WhatIf,
    WhyNot,
)
from sockadvisor.domain.vocab import Climate, Distance, Fibre, Length, Terrain, Use
from sockadvisor.engine import advice, sizing
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.errors import UsageError

TIE = 1e-9  # float noise below this never separates two points differences


# --- Constraints ------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One relaxable constraint of a profile."""

    id: str
    label: str
    kind: str  # the Reason.constraint it lifts: budget, exclude_material, length, size
    field: str  # the RunnerProfile field
    fibre: Fibre | None = None

    def relax(self, profile: RunnerProfile) -> RunnerProfile:
        """The profile without this constraint."""
        if self.fibre is not None:
            kept = tuple(f for f in profile.exclude_materials if f is not self.fibre)
            return profile.model_copy(update={"exclude_materials": kept})
        return profile.model_copy(update={self.field: None})

    @property
    def constraint(self) -> Constraint:
        return Constraint(id=self.id, label=self.label, kind=self.kind)


def constraints(profile: RunnerProfile) -> list[Unit]:
    """The profile's relaxable constraints, in a fixed order (never its conditions)."""
    units = []
    if profile.budget is not None:
        units.append(Unit("budget", f"budget <= {profile.budget:.2f}", "budget", "budget"))
    for fibre in dict.fromkeys(profile.exclude_materials):
        units.append(
            Unit(
                f"exclude_material:{fibre.value}",
                f"no {fibre.value}",
                "exclude_material",
                "exclude_materials",
                fibre,
            )
        )
    if profile.length is not None:
        units.append(Unit("length", f"length {profile.length.value}", "length", "length"))
    measures = (
        ("calf_cm", "calf {:g} cm"),
        ("ankle_cm", "ankle {:g} cm"),
        ("shoe_eu", "shoe EU {:g}"),
    )
    for field, shown in measures:
        value = getattr(profile, field)
        if value is not None:
            units.append(Unit(field, shown.format(value), "size", field))
    return units


def relaxed(profile: RunnerProfile, units: Iterable[Unit]) -> RunnerProfile:
    """The profile with every one of `units` relaxed."""
    for unit in units:
        profile = unit.relax(profile)
    return profile


# --- Shared helpers -----------------------------------------------------------


def _key(score: float, product: Product) -> tuple[float, float, str]:
    """engine.rank's order: score (rounded, so float noise never breaks a tie), price, SKU."""
    return (-round(score, 9), product.price, product.sku)


def _ref(scored: Scored) -> ProductRef:
    p = scored.product
    return ProductRef(sku=p.sku, name=p.name, score=scored.score, price=p.price)


def top_pick(
    products: Iterable[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> Product | None:
    """The product engine.rank puts first, or None when nothing matches."""
    results = engine.rank(products, rules, profile, top=1).results
    return results[0].product if results else None


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


# --- Diagnosis ----------------------------------------------------------------


def _unlocking(
    product: Product,
    alone: dict[Unit, RunnerProfile],
    measured: list[tuple[frozenset[Unit], RunnerProfile]],
) -> list[frozenset[Unit]]:
    """The minimal sets of units whose relaxation lets `product` through."""
    blocking = frozenset(u for u, only in alone.items() if engine.hard_constraints(product, only))
    fitting = [m for m, prof in measured if not sizing.fit(product, prof).misfit]
    return [blocking | m for m in _minimal(fitting)]


def diagnose(
    products: Sequence[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> Diagnosis | None:
    """Every minimal relaxation when nothing matches; None when something does."""
    if engine.rank(products, rules, profile, top=1).matched:
        return None
    units = constraints(profile)
    order = {u: i for i, u in enumerate(units)}
    hard = [u for u in units if u.kind != "size"]
    # Each hard unit with every other hard unit relaxed: it alone decides its reason.
    alone = {u: relaxed(profile, (v for v in hard if v is not u)) for u in hard}
    measured = [(m, relaxed(profile, m)) for m in _subsets([u for u in units if u.kind == "size"])]
    profiles: dict[frozenset[Unit], RunnerProfile] = {}
    candidates: list[frozenset[Unit]] = []
    safety = 0
    for product in products:
        if advice.condition_reasons(product, profile):
            safety += 1
            continue
        for s in _unlocking(product, alone, measured):
            prof = profiles.setdefault(s, relaxed(profile, sorted(s, key=order.__getitem__)))
            if not engine.removal(product, prof, sizing.fit(product, prof)):
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
                best=_ref(ranking.results[0]),
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


# --- Why not, compare -----------------------------------------------------------


def _standing(
    product: Product,
    active: Sequence[CompiledRule],
    profile: RunnerProfile,
    ranks: dict[str, int],
) -> tuple[Standing, Scored]:
    fit = sizing.fit(product, profile)
    scored = engine.score(product, active, profile, fit)
    reasons = engine.removal(product, profile, fit)
    standing = Standing(
        sku=product.sku,
        name=product.name,
        price=product.price,
        score=scored.score,
        rank=ranks.get(product.sku) if not reasons else None,
        eligible=not reasons,
        excluded_by=reasons,
        size=scored.size,
        size_note=scored.size_note,
    )
    return standing, scored


def _ranks(
    products: Iterable[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> dict[str, int]:
    return {r.product.sku: r.rank for r in engine.rank(products, rules, profile).results}


def _column_key(standing: Standing) -> tuple[bool, float, float, str]:
    return (not standing.eligible, -round(standing.score, 9), standing.price, standing.sku)


def _decide(high: Standing, low: Standing, points: list[tuple[str, float, float]]) -> PairDecision:
    """What puts `high` above `low`; `points` holds (rule, high's points, low's points)."""
    difference = high.score - low.score
    tie_break = None
    decisive: list[str] = []
    if high.eligible != low.eligible:
        decided_by = "eligibility"
    elif round(high.score, 9) != round(low.score, 9):
        decided_by = "score"
        gains = [(rule, a - b) for rule, a, b in points]
        best = max(g for _, g in gains)
        decisive = [rule for rule, g in gains if g > TIE and g >= best - TIE]
    else:
        decided_by = tie_break = "price" if high.price != low.price else "sku"
    return PairDecision(
        higher=high.sku,
        lower=low.sku,
        score_difference=difference,
        decided_by=decided_by,
        tie_break=tie_break,
        decisive=decisive,
    )


def why_not(
    product: Product,
    against: Product,
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
    ranks: dict[str, int] | None = None,
) -> WhyNot:
    """Rule by rule, what `product` gained and lost against `against` (see the docstring).

    `ranks` maps SKUs to their rank for this profile when the caller has them already.
    """
    active = engine.applicable(rules, profile)
    ranks = _ranks(products, rules, profile) if ranks is None else ranks
    mine, mine_scored = _standing(product, active, profile, ranks)
    other, other_scored = _standing(against, active, profile, ranks)
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
        high, low = sorted((mine, other), key=_column_key)
        flip = high is not mine
        points = [
            (a.rule, b.points, a.points) if flip else (a.rule, a.points, b.points) for a, b in pairs
        ]
        decision = _decide(high, low, points)
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


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


ATTRIBUTES: tuple[tuple[str, Callable[[Product], str]], ...] = (
    ("price", lambda p: f"{p.price:.2f}"),
    ("length", lambda p: p.length.value),
    (
        "compression",
        lambda p: (
            "none"
            if p.compression is None
            else f"{p.compression} mmHg{', graduated' if p.compression.graduated else ''}"
        ),
    ),
    ("materials", lambda p: ", ".join(f"{f.value} {v}%" for f, v in p.materials.items())),
    ("cushion", lambda p: "unknown" if p.cushion is None else p.cushion.value),
    ("reinforcement", lambda p: ", ".join(z.value for z in p.reinforcement) or "none"),
    ("seamless_toe", lambda p: _yes_no(p.seamless_toe)),
    ("toe_socks", lambda p: _yes_no(p.toe_socks)),
    ("mesh_ventilation", lambda p: _yes_no(p.mesh_ventilation)),
)


def compare(
    selected: Sequence[Product],
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
) -> Comparison:
    """Two or more products side by side, in ranked order (see the module docstring)."""
    skus = [p.sku for p in selected]
    if len(selected) < 2:
        raise UsageError("sockadvisor: compare needs at least two SKUs")
    if len(set(skus)) != len(skus):
        twice = next(s for s in skus if skus.count(s) > 1)
        raise UsageError(f"sockadvisor: SKU '{twice}' is listed twice; list each SKU once")
    active = engine.applicable(rules, profile)
    ranks = _ranks(products, rules, profile)
    columns = sorted(
        ((*_standing(p, active, profile, ranks), p) for p in selected),
        key=lambda c: _column_key(c[0]),
    )
    standings = [s for s, _, _ in columns]
    ordered = [p for _, _, p in columns]
    points = [[t.points for t in scored.terms] for _, scored, _ in columns]
    pairs = [
        _decide(
            standings[i],
            standings[i + 1],
            [(r.id, points[i][j], points[i + 1][j]) for j, r in enumerate(active)],
        )
        for i in range(len(columns) - 1)
    ]
    decisive = {rule for pair in pairs for rule in pair.decisive}
    first_terms = columns[0][1].terms
    rule_rows = [
        RuleRow(
            rule=term.rule,
            label=term.label,
            max_points=term.max_points,
            points=[column[j] for column in points],
            decisive=term.rule in decisive,
        )
        for j, term in enumerate(first_terms)
    ]
    attributes = []
    for name, show in ATTRIBUTES:
        values = [show(p) for p in ordered]
        attributes.append(AttributeRow(name=name, values=values, differs=len(set(values)) > 1))
    return Comparison(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        products=standings,
        attributes=attributes,
        rules=rule_rows,
        pairs=pairs,
        warnings=advice.profile_warnings(profile),
    )


# --- What if ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    option: str
    old: str | None
    new: str | None
    label: str
    cost: float
    profile: RunnerProfile


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return ", ".join(_text(v) or "" for v in value) or None
    return str(value)


def _flag(option: str) -> str:
    return "--" + (
        "exclude-material" if option == "exclude_materials" else option.replace("_", "-")
    )


def _label(option: str, old: str | None, new: str | None) -> str:
    flag = _flag(option)
    if option in ("new_to_compression", "blister_prone"):
        return flag if new == "true" else f"without {flag}"
    if old is None:
        return f"{flag} {new}"
    if new is None:
        return f"without {flag} {old}"
    return f"{flag} {new} instead of {old}"


def _candidate(profile: RunnerProfile, option: str, new: object, cost: float) -> _Candidate:
    old = getattr(profile, option)
    old_text, new_text = _text(old), _text(new)
    return _Candidate(
        option,
        old_text,
        new_text,
        _label(option, old_text, new_text),
        cost,
        profile.model_copy(update={option: new}),
    )


def _ordered_steps(
    profile: RunnerProfile, option: str, values: Sequence[Distance] | Sequence[Terrain]
) -> list[_Candidate]:
    old = getattr(profile, option)
    found = []
    for new in [*values, None]:
        if new == old:
            continue
        if old is None or new is None:
            cost = 1.0
        else:
            cost = float(abs(list(values).index(new) - list(values).index(old)))
        found.append(_candidate(profile, option, new, cost))
    return found


def _budget_changes(
    profile: RunnerProfile,
    products: Sequence[Product],
    current: Product | None,
) -> list[_Candidate]:
    old = profile.budget
    found = []
    if current is not None:
        below = [p.price for p in products if p.price < current.price]
        if below:
            new = max(below)
            cost = 1.0 if old is None else (old - new) / old
            found.append(_candidate(profile, "budget", new, cost))
    if old is not None:
        for price in sorted({p.price for p in products if p.price > old}):
            found.append(_candidate(profile, "budget", price, (price - old) / old))
        found.append(_candidate(profile, "budget", None, 1.0))
    return found


def _candidates(
    profile: RunnerProfile,
    products: Sequence[Product],
    current: Product | None,
) -> list[_Candidate]:
    found = _ordered_steps(profile, "distance", list(Distance))
    found += _ordered_steps(profile, "terrain", list(Terrain))
    for option, values in (("use", list(Use)), ("climate", list(Climate))):
        old = getattr(profile, option)
        found += [_candidate(profile, option, v, 1.0) for v in values if v is not old]
    for option in ("new_to_compression", "blister_prone"):
        found.append(_candidate(profile, option, not getattr(profile, option), 1.0))
    found += _budget_changes(profile, products, current)
    found += [
        _candidate(profile, "length", v, 1.0) for v in [*Length, None] if v is not profile.length
    ]
    excluded = profile.exclude_materials
    for fibre in Fibre:
        if fibre in excluded:
            kept = tuple(f for f in excluded if f is not fibre)
            found.append(
                _Candidate(
                    "exclude_materials",
                    _text(excluded),
                    _text(kept),
                    f"without --exclude-material {fibre.value}",
                    1.0,
                    profile.model_copy(update={"exclude_materials": kept}),
                )
            )
        else:
            more = (*excluded, fibre)
            found.append(
                _Candidate(
                    "exclude_materials",
                    _text(excluded),
                    _text(more),
                    f"--exclude-material {fibre.value}",
                    1.0,
                    profile.model_copy(update={"exclude_materials": more}),
                )
            )
    return found


class _TopPicker:
    """engine.rank's top pick for many profiles, scoring each rule set only once.

    A score depends only on the applicable rules, and eligibility only on the profile, so
    scores are cached per set of applicable rules; the top pick is the first eligible
    product in engine.rank's order.
    """

    def __init__(self, products: Sequence[Product], rules: Sequence[CompiledRule]) -> None:
        self.products = products
        self.rules = rules
        self.scores: dict[tuple[int, ...], list[float]] = {}

    def eligible(self, profile: RunnerProfile) -> list[int]:
        return [
            i
            for i, p in enumerate(self.products)
            if not engine.removal(p, profile, sizing.fit(p, profile))
        ]

    def top(self, profile: RunnerProfile) -> Product | None:
        active = engine.applicable(self.rules, profile)
        key = tuple(id(r) for r in active)
        if key not in self.scores:
            self.scores[key] = [engine.score(p, active).score for p in self.products]
        scores = self.scores[key]
        eligible = self.eligible(profile)
        if not eligible:
            return None
        best = min(eligible, key=lambda i: _key(scores[i], self.products[i]))
        return self.products[best]


def what_if(
    products: Sequence[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> WhatIf:
    """The cheapest single changes to the profile that change the top pick."""
    ranking = engine.rank(products, rules, profile, top=1)
    current = ranking.results[0] if ranking.results else None
    picker = _TopPicker(products, rules)
    current_product = current.product if current else None
    changing = []
    for candidate in _candidates(profile, products, current_product):
        new_top = picker.top(candidate.profile)
        if new_top is not None and (current is None or new_top.sku != current.product.sku):
            changing.append(candidate)
    cost = min((round(c.cost, 9) for c in changing), default=None)
    changes = []
    for c in changing:
        if round(c.cost, 9) != cost:
            continue
        top = engine.rank(products, rules, c.profile, top=1).results[0]
        changes.append(
            Change(
                option=c.option,
                old=c.old,
                new=c.new,
                label=c.label,
                cost=c.cost,
                profile=c.profile,
                top=_ref(top),
            )
        )
    return WhatIf(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        current=_ref(current) if current else None,
        cost=cost,
        changes=changes,
        warnings=advice.profile_warnings(profile),
    )
