"""Rule compilation: each rule, as plain data, becomes a plain function, built once.

Rules are validated by the pydantic models (sockadvisor.domain.rules) when they are read
from a file; what is compiled, and cached, is their JSON form (the rule file's keys,
`RuleSet.model_dump(mode="json", by_alias=True)`), so a warm run compiles the cached
rules without building a model (docs/performance.md#the-warm-path). Compiling is also the
check of a cached entry: data that is not a rule's, or outside the models' limits (a
weight, an mmHg, an id, text a terminal must not get), raises ValueError, TypeError or
KeyError. docs/rule-language.md documents the language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sockadvisor.domain.fields import FIELDS, Kind
from sockadvisor.domain.text import printable
from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone

if TYPE_CHECKING:
    from sockadvisor.domain.rules import RuleSet

# A stated mmHg band is the ankle pressure of a graduated sock; flat compression at the
# same figure earns at most this share of a band's credit (docs/rule-language.md).
FLAT_BAND_CREDIT = 0.5

# A degree in [0, 1], or None when the product lacks the data the test reads.
Degree = float | None
Test = Callable[[Any], Degree]  # of a product (a model, or anything with its attributes)
TestData = Mapping[str, Any]  # a product test in its JSON form: {kind: value}

FEATURES = ("seamless_toe", "mesh_ventilation", "toe_socks")  # what `has` may list

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


def _kind(test: TestData) -> tuple[str, Any]:
    """A test's kind (its one key) and value."""
    if not isinstance(test, Mapping) or len(test) != 1:
        raise TypeError("a product test has exactly one key")
    ((kind, value),) = test.items()
    return kind, value


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError("not a number")
    return float(value)


def _within(value: Any, low: float, high: float) -> float:
    """A number the rule models allow (their limits; a cached entry is checked again)."""
    number = _number(value)
    if not low <= number <= high:  # also refuses NaN
        raise ValueError("a number outside its limits")
    return number


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("not a boolean")
    return value


def _words(kind: type[Any], value: Any) -> frozenset[Any]:
    if type(value) is not list or not value:
        raise TypeError("not a list of words")
    return frozenset(kind(v) for v in value)


def compile_test(test: TestData) -> Test:  # noqa: C901 - one branch per test kind, on purpose
    kind, value = _kind(test)
    if kind == "length":
        lengths = _words(Length, value)
        return lambda p: 1.0 if p.length in lengths else 0.0
    if kind == "length_at_least":
        least = Length(value).rank
        return lambda p: 1.0 if p.length.rank >= least else 0.0
    if kind == "compressed":
        want = _flag(value)
        return lambda p: 1.0 if (p.compression is not None) == want else 0.0
    if kind == "graduated":
        want = _flag(value)
        return lambda p: (
            1.0 if p.compression is not None and p.compression.graduated == want else 0.0
        )
    if kind == "mmhg_within":
        low, high = (_within(v, 0, 60) for v in value)
        if low > high:
            raise ValueError("not a range")
        return lambda p: (
            0.0
            if p.compression is None
            else _share_in(low, high, p.compression.min_mmhg, p.compression.max_mmhg)
            * (1.0 if p.compression.graduated else FLAT_BAND_CREDIT)
        )
    if kind == "mmhg_above":
        limit = _within(value, 0, 60)
        return lambda p: (
            0.0
            if p.compression is None
            else _share_above(limit, p.compression.min_mmhg, p.compression.max_mmhg)
        )
    if kind == "reinforced":
        zones = _words(Zone, value)
        return lambda p: len(zones.intersection(p.reinforcement)) / len(zones)
    if kind == "has":
        if type(value) is not list or not value or not set(value) <= set(FEATURES):
            raise ValueError("not a list of features")
        return _compile_has(tuple(value))
    if kind == "cushion":
        cushions = _words(Cushion, value)
        return lambda p: None if p.cushion is None else (1.0 if p.cushion in cushions else 0.0)
    if kind == "cushion_near":
        target = Cushion(value).rank
        return lambda p: (
            None if p.cushion is None else max(0.0, 1.0 - abs(p.cushion.rank - target) / 4)
        )
    if kind == "fibre_share":
        fibres = _words(Fibre, value)
        return lambda p: sum(v for f, v in p.materials.items() if f in fibres) / 100
    if kind == "fibre_at_least":
        wanted = _words(Fibre, value["fibres"])
        percent = value["percent"]
        if type(percent) is not int or not 1 <= percent <= 100:
            raise TypeError("not a percentage")
        return lambda p: min(1.0, sum(v for f, v in p.materials.items() if f in wanted) / percent)
    if kind in ("all", "any"):
        if type(value) is not list or not value:
            raise TypeError("not a list of tests")
        parts = [compile_test(t) for t in value]
        return _combine(parts, min, settled=0.0) if kind == "all" else _combine(parts, max, 1.0)
    if kind == "not":
        inner = compile_test(value)

        def negate(p: Any) -> Degree:
            d = inner(p)
            return None if d is None else 1.0 - d

        return negate
    raise KeyError(f"no product test '{kind}'")


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
_READS: dict[str, tuple[str, ...]] = {
    "length": ("length",),
    "length_at_least": ("length",),
    "compressed": ("compression",),
    "graduated": ("compression",),
    "mmhg_within": ("compression",),
    "mmhg_above": ("compression",),
    "reinforced": ("reinforcement",),
    "cushion": ("cushion",),
    "cushion_near": ("cushion",),
    "fibre_share": ("materials",),
    "fibre_at_least": ("materials",),
}


# The tests `reads` knows (kernel.rank leaves a rule with any other to ranking.rank).
READABLE: frozenset[str] = frozenset((*_READS, "has", "all", "any", "not"))


def reads(test: TestData) -> frozenset[str]:
    """The product attributes (names in ATTRIBUTES) that `test`'s degree depends on;
    KeyError for a test it does not know."""
    kind, value = _kind(test)
    if kind == "has":
        return frozenset(value)
    if kind in ("all", "any"):
        return frozenset().union(*(reads(t) for t in value))
    if kind == "not":
        return reads(value)
    return frozenset(_READS[kind])


def fibres(test: TestData) -> frozenset[Fibre]:
    """The fibres whose shares `test` reads (its degree depends on no other fibre's)."""
    kind, value = _kind(test)
    if kind == "fibre_share":
        return frozenset(map(Fibre, value))
    if kind == "fibre_at_least":
        return frozenset(map(Fibre, value["fibres"]))
    if kind in ("all", "any"):
        return frozenset().union(*(fibres(t) for t in value))
    if kind == "not":
        return fibres(value)
    return frozenset()


def _compile_has(features: tuple[str, ...]) -> Test:
    if len(features) == 1:
        (feature,) = features

        def has_one(p: Any) -> Degree:
            value = getattr(p, feature)
            return None if value is None else (1.0 if value else 0.0)

        return has_one

    def has(p: Any) -> Degree:
        values = [getattr(p, f) for f in features]
        if any(v is None for v in values):
            return None
        return sum(1 for v in values if v) / len(values)

    return has


def _combine(parts: list[Test], pick: Callable[[list[float]], float], settled: float) -> Test:
    """min (all) or max (any) of the degrees. An unknown part leaves the result unknown,
    unless a known part already settles it: a 0 in `all`, a 1 in `any`."""

    def combined(p: Any) -> Degree:
        degrees = [t(p) for t in parts]
        known = [d for d in degrees if d is not None]
        if len(known) < len(degrees) and settled not in known:
            return None
        return pick(known)

    return combined


# ---------------------------------------------------------------------------
# A rule as plain data: what the engine reads of a rule (the fields of the Rule model).

_TESTED = tuple((f.name, f.kind, f.enum) for f in FIELDS if f.when)


@dataclass(frozen=True, slots=True)
class When:
    """A rule's profile test (the `when` model's `holds`): each listed field must match."""

    wanted: tuple[tuple[str, Kind, Any], ...]  # (field, kind, a flag or a set of values)

    def holds(self, profile: Any) -> bool:
        for name, kind, wanted in self.wanted:
            value = getattr(profile, name)
            if kind is Kind.flag:
                if value != wanted:
                    return False
            elif kind is Kind.choices:
                if not any(v in wanted for v in value):
                    return False
            elif value not in wanted:
                return False
        return True


def _when(data: Any) -> When:
    if type(data) is not dict or not set(data) <= {name for name, _, _ in _TESTED}:
        raise TypeError("not a rule's when")
    wanted = []
    for name, kind, enum in _TESTED:
        value = data.get(name)
        if value is None:
            continue
        flag = kind is Kind.flag
        wanted.append((name, kind, _flag(value) if flag else _words(cast(type, enum), value)))
    return When(tuple(wanted))


_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,59}")  # the Rule model's pattern (fullmatch)


def _text(value: Any, longest: int = 200) -> str:
    """One line of text as the rule models allow it (ShortText: 40, Text: 200)."""
    if type(value) is not str or not 1 <= len(value) <= longest or "\n" in value:
        raise TypeError("not a line of text")
    return printable(value)


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule as plain data; `data` is its JSON form (what the cache keeps)."""

    id: str
    label: str | None
    when: When
    prefer: TestData
    weight: float
    because: str
    source: str
    avoid: bool
    data: Mapping[str, Any] = field(repr=False, compare=False)


def _rule(data: Any) -> Rule:
    if type(data) is not dict:
        raise TypeError("not a rule")
    label, weight, avoid = data["label"], _within(data["weight"], -10, 10), _flag(data["avoid"])
    if weight == 0 or (avoid and weight > 0):
        raise ValueError("not a weight the rules allow")
    if type(data["id"]) is not str or not _RULE_ID.fullmatch(data["id"]):
        raise ValueError("not a rule id")
    return Rule(
        id=data["id"],
        label=None if label is None else _text(label, 40),
        when=_when(data["when"]),
        prefer=data["prefer"],
        weight=weight,
        because=_text(data["because"]),
        source=_text(data["source"]),
        avoid=avoid,
        data=data,
    )


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


def compile_plain(rules: Sequence[Any]) -> tuple[CompiledRule, ...]:
    """Rules in their JSON form (validated once, by the models), compiled; raises
    ValueError, TypeError or KeyError for data that is not rules."""
    if type(rules) is not list or not rules:
        raise TypeError("not a list of rules")
    compiled = []
    for data in rules:
        rule = _rule(data)
        compiled.append(CompiledRule(rule, compile_test(rule.prefer)))
    return tuple(compiled)


def rules_data(ruleset: RuleSet) -> list[dict[str, Any]]:
    """A validated rule set's rules in their JSON form (what `compile_plain` reads)."""
    data: list[dict[str, Any]] = ruleset.model_dump(mode="json", by_alias=True)["rules"]
    return data


def compile_rules(ruleset: RuleSet) -> tuple[CompiledRule, ...]:
    """A validated rule set, compiled."""
    return compile_plain(rules_data(ruleset))
