"""Rule compilation: each product test becomes a plain function, built once.

The rule language itself (the pydantic models) is sockadvisor.domain.rules;
docs/rule-language.md documents both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sockadvisor.domain.models import Frozen, Product
from sockadvisor.domain.rules import (
    All,
    Any_,
    Compressed,
    CushionIn,
    CushionNear,
    Feature,
    FibreAtLeast,
    FibreShare,
    Graduated,
    Has,
    LengthAtLeast,
    LengthIn,
    MmhgAbove,
    MmhgWithin,
    Not,
    Reinforced,
    Rule,
    RuleSet,
)
from sockadvisor.domain.vocab import Fibre

# A stated mmHg band is the ankle pressure of a graduated sock; flat compression at the
# same figure earns at most this share of a band's credit (docs/rule-language.md).
FLAT_BAND_CREDIT = 0.5

# A degree in [0, 1], or None when the product lacks the data the test reads.
Degree = float | None
Test = Callable[[Product], Degree]

# ---------------------------------------------------------------------------
# Compilation: each test becomes a closure over plain values, built once.


def _share_in(low: float, high: float, a: float, b: float) -> float:
    """The share of [a, b] inside [low, high]; a point range counts as in or out."""
    if a == b:
        return 1.0 if low <= a <= high else 0.0
    return max(0.0, min(b, high) - max(a, low)) / (b - a)


def _share_above(limit: float, a: float, b: float) -> float:
    """The share of [a, b] strictly above `limit`; a point range counts as above or not."""
    if a == b:
        return 1.0 if a > limit else 0.0
    return max(0.0, b - max(a, limit)) / (b - a)


def compile_test(test: Frozen) -> Test:  # noqa: C901 - one branch per test kind, on purpose
    if isinstance(test, LengthIn):
        lengths = frozenset(test.length)
        return lambda p: 1.0 if p.length in lengths else 0.0
    if isinstance(test, LengthAtLeast):
        least = test.length_at_least.rank
        return lambda p: 1.0 if p.length.rank >= least else 0.0
    if isinstance(test, Compressed):
        want = test.compressed
        return lambda p: 1.0 if (p.compression is not None) == want else 0.0
    if isinstance(test, Graduated):
        want = test.graduated
        return lambda p: (
            1.0 if p.compression is not None and p.compression.graduated == want else 0.0
        )
    if isinstance(test, MmhgWithin):
        low, high = test.mmhg_within
        return lambda p: (
            0.0
            if p.compression is None
            else _share_in(low, high, p.compression.min_mmhg, p.compression.max_mmhg)
            * (1.0 if p.compression.graduated else FLAT_BAND_CREDIT)
        )
    if isinstance(test, MmhgAbove):
        limit = test.mmhg_above
        return lambda p: (
            0.0
            if p.compression is None
            else _share_above(limit, p.compression.min_mmhg, p.compression.max_mmhg)
        )
    if isinstance(test, Reinforced):
        zones = frozenset(test.reinforced)
        return lambda p: len(zones.intersection(p.reinforcement)) / len(zones)
    if isinstance(test, Has):
        return _compile_has(tuple(test.has))
    if isinstance(test, CushionIn):
        cushions = frozenset(test.cushion)
        return lambda p: None if p.cushion is None else (1.0 if p.cushion in cushions else 0.0)
    if isinstance(test, CushionNear):
        target = test.cushion_near.rank
        return lambda p: (
            None if p.cushion is None else max(0.0, 1.0 - abs(p.cushion.rank - target) / 4)
        )
    if isinstance(test, FibreShare):
        fibres = frozenset(test.fibre_share)
        return lambda p: sum(v for f, v in p.materials.items() if f in fibres) / 100
    if isinstance(test, FibreAtLeast):
        wanted = frozenset(test.fibre_at_least.fibres)
        percent = test.fibre_at_least.percent
        return lambda p: min(1.0, sum(v for f, v in p.materials.items() if f in wanted) / percent)
    if isinstance(test, All):
        return _combine([compile_test(t) for t in test.all], min, settled=0.0)
    if isinstance(test, Any_):
        return _combine([compile_test(t) for t in test.any], max, settled=1.0)
    if isinstance(test, Not):
        inner = compile_test(test.not_)

        def negate(p: Product) -> Degree:
            d = inner(p)
            return None if d is None else 1.0 - d

        return negate
    raise TypeError(f"no compiler for {type(test).__name__}")  # pragma: no cover


# The product attributes a test reads: the scoring kernel (engine/kernel.py) scores each
# distinct value (or combination of values) of them once per rule.
ATTRIBUTES = (
    "length",
    "compression",
    "materials",
    "reinforcement",
    "cushion",
    "seamless_toe",
    "toe_socks",
    "mesh_ventilation",
)
_READS: dict[type, tuple[str, ...]] = {
    LengthIn: ("length",),
    LengthAtLeast: ("length",),
    Compressed: ("compression",),
    Graduated: ("compression",),
    MmhgWithin: ("compression",),
    MmhgAbove: ("compression",),
    Reinforced: ("reinforcement",),
    CushionIn: ("cushion",),
    CushionNear: ("cushion",),
    FibreShare: ("materials",),
    FibreAtLeast: ("materials",),
}


# The tests `reads` knows (kernel.rank leaves a rule with any other to ranking.rank).
READABLE: frozenset[type] = frozenset((*_READS, Has, All, Any_, Not))


def reads(test: Frozen) -> frozenset[str]:
    """The product attributes (names in ATTRIBUTES) that `test`'s degree depends on."""
    if isinstance(test, Has):
        return frozenset(test.has)
    if isinstance(test, All | Any_):
        parts = test.all if isinstance(test, All) else test.any
        return frozenset().union(*(reads(t) for t in parts))
    if isinstance(test, Not):
        return reads(test.not_)
    return frozenset(_READS[type(test)])


def fibres(test: Frozen) -> frozenset[Fibre]:
    """The fibres whose shares `test` reads (its degree depends on no other fibre's)."""
    if isinstance(test, FibreShare):
        return frozenset(test.fibre_share)
    if isinstance(test, FibreAtLeast):
        return frozenset(test.fibre_at_least.fibres)
    if isinstance(test, All | Any_):
        parts = test.all if isinstance(test, All) else test.any
        return frozenset().union(*(fibres(t) for t in parts))
    if isinstance(test, Not):
        return fibres(test.not_)
    return frozenset()


def _compile_has(features: tuple[Feature, ...]) -> Test:
    if len(features) == 1:
        (feature,) = features

        def has_one(p: Product) -> Degree:
            value = getattr(p, feature)
            return None if value is None else (1.0 if value else 0.0)

        return has_one

    def has(p: Product) -> Degree:
        values = [getattr(p, f) for f in features]
        if any(v is None for v in values):
            return None
        return sum(1 for v in values if v) / len(values)

    return has


def _combine(parts: list[Test], pick: Callable[[list[float]], float], settled: float) -> Test:
    """min (all) or max (any) of the degrees. An unknown part leaves the result unknown,
    unless a known part already settles it: a 0 in `all`, a 1 in `any`."""

    def combined(p: Product) -> Degree:
        degrees = [t(p) for t in parts]
        known = [d for d in degrees if d is not None]
        if len(known) < len(degrees) and settled not in known:
            return None
        return pick(known)

    return combined


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    test: Test
    positive: bool = field(init=False)  # weight > 0; read once per product in the hot loop

    def __post_init__(self) -> None:
        object.__setattr__(self, "positive", self.rule.weight > 0)

    @property
    def id(self) -> str:
        return self.rule.id


def compile_rules(ruleset: RuleSet) -> tuple[CompiledRule, ...]:
    return tuple(CompiledRule(rule, compile_test(rule.prefer)) for rule in ruleset.rules)
