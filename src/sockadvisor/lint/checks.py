"""`sockadvisor catalog lint`: warnings about a valid catalog and rules file.

Validation (catalog.py) refuses what is wrong; lint warns about what is valid but
probably not meant: data the rules need but cannot read, products that are copies of
each other, size charts with holes or overlaps, rules that never do anything, and
products that no runner is ever shown. Pure: it returns findings and never prints.
Invalid files raise `DataError` (exit code 65), exactly as every other command does.

Each finding is one line, in the shape of the validation errors with the severity and
a stable code in front of the message:

    FILE:LINE:COL: WHERE: warning[CODE]: what, and how to fix it

The checks, each with its code (stable: scripts may rely on them):

`unknown-data`
    A product leaves out an optional field (`cushion`, `seamless_toe`,
    `mesh_ventilation`) and at least one rule that applies to some profile gives the
    product an unknown degree because of it (so that rule never gives it points). One
    finding per product, at the product, naming the fields and the rules. A field
    written out as `null` is taken as "the maker does not say, and we checked", and is
    not reported; a field left out may be an oversight, and is. (The engine treats the
    two alike: both are unknown.)

`near-duplicate`
    Two products of the same brand (ignoring case) that are equal in everything the
    rules and the profile's filters read — compression (mmHg range and graduated),
    length, materials, cushion, reinforced zones (as a set), `seamless_toe`,
    `toe_socks` and `mesh_ventilation` — with prices within 5% of the cheaper one. SKU,
    name, notes and the size chart may differ. Such products always score the same and
    sit side by side in every ranking. Reported at the later product, naming the first
    earlier one that matches.

`size-gap`, `size-overlap`
    Between consecutive rows of a product's size chart, for each of `shoe_eu`,
    `calf_cm` and `ankle_cm` that both rows give: a gap when the later row starts
    more than one unit (one EU size, one cm) above the end of the earlier row
    (`next.min - prev.max > 1`), an overlap when it starts more than one unit below it
    (`prev.max - next.min > 1`; this also catches rows out of order). Up to one unit
    either way is how real charts are written and is not reported: rows in whole
    numbers (shoe 37-39 then 40-42, calf 29 then 30), a shared boundary (calf 33-38
    then 38-43), and neighbouring ankle ranges that share a centimetre (18-21 then
    20-23). Reported at the later row's range.

`rule-never-fires`
    A rule whose `when` holds for no profile of the profile space (below), or that gives
    no product of the catalog any points: a rule with a positive weight whose degree
    is 0 or unknown for every product, or a penalty whose degree is 1 or unknown for
    every product. Such a rule never adds a point to any score: it only takes its share
    of the 100 points from every product alike. Reported at `when` or at `prefer`.
    (A penalty that no product triggers, degree 0 everywhere, is not reported: it is a
    guard against products the catalog may get later, and it costs nothing.)

`rules-cancel`
    Two rules, each of which separates products on its own (their points are not the
    same for every product), that apply to exactly the same profiles of the space and
    whose points add up to the same for every product of the catalog:
    |w1| * x1(p) + |w2| * x2(p) is constant, where x(p) is the degree for a positive
    weight and 1 - degree for a penalty (0 when unknown). In every profile where they
    apply they share the same divisor, so together they add a constant to every score
    and never change any ranking. Reported at the later rule.

`never-top`
    A product that is never among the first `top` (default 5) for any profile of the
    profile space with `--length` added: for every combination of the profile's
    classes — distance (not given or one of 4), terrain (not given or one of 4), use (3),
    climate (4), new to compression (2), blister-prone (2), i.e. 1,200 profiles — and
    length (not given or one of 6), 8,400 in all, with no budget, excluded fibres,
    measurements or conditions. Ranked as `engine.rank` does (score, then price, then
    SKU). `--length` is part of the space because it is a class-valued option: without
    it, a catalog with many knee-highs would bury every no-show sock, although a runner
    who asks for no-show socks is shown them. A product's best rank is its rank among
    the products of its own length (`--length` set to its length only removes
    competitors). Reported at the product, with its best rank and the first profile that
    gives it.

The search: a score depends on the profile only through the set of rules that apply, so
the 1,200 class profiles are grouped by that set (272 distinct sets for the bundled
rules), every product's score is computed once per set with the engine's own arithmetic,
and each length group is sorted once per set.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import add, lt
from typing import Any

from sockadvisor.domain.models import Catalog, Product, Range
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.rules import All, Any_, CushionIn, Has, Not
from sockadvisor.domain.vocab import Climate, Cushion, Distance, Length, Terrain, Use
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule, compile_rules
from sockadvisor.sources.catalog import (
    LoadedCatalog,
    catalog_document,
    describe_products,
    load_both,
    rules_document,
)
from sockadvisor.sources.validation import dotted
from sockadvisor.sources.yamlsource import Document, Path

CODES = (
    "unknown-data",
    "near-duplicate",
    "size-gap",
    "size-overlap",
    "rule-never-fires",
    "rules-cancel",
    "never-top",
)
DEFAULT_TOP = 5
# Relative price difference under which two otherwise equal products are near-duplicates.
PRICE_TOLERANCE = 0.05
# Neighbouring size rows may be this far apart, or overlap this much, without a warning
# (one EU shoe size, one centimetre).
SIZE_TOLERANCE = 1.0
_EPS = 1e-9

OPTIONAL_FIELDS = ("cushion", "seamless_toe", "mesh_ventilation")
_MEASURES = ("shoe_eu", "calf_cm", "ankle_cm")


@dataclass(frozen=True, order=True)
class Finding:
    """One warning about one place in one file. Sorted by file, line, column, code."""

    file: str
    line: int
    col: int
    code: str
    where: str
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        head = f"{self.file}:{self.line}:{self.col}:{where}"
        return f"{head} {self.severity}[{self.code}]: {self.message}"


# ---------------------------------------------------------------------------
# The profile space


def profile_space() -> list[RunnerProfile]:
    """Every combination of the profile's classes (1,200 profiles), in a fixed order.

    Length, budget, excluded fibres, measurements and conditions are left unset.
    """
    return [
        RunnerProfile(
            distance=distance,
            terrain=terrain,
            use=use,
            climate=climate,
            new_to_compression=new,
            blister_prone=blister,
        )
        for distance, terrain, use, climate, new, blister in itertools.product(
            (None, *Distance),
            (None, *Terrain),
            tuple(Use),
            tuple(Climate),
            (False, True),
            (False, True),
        )
    ]


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


def _factors(rules: Sequence[CompiledRule], degrees: list[list[float | None]]) -> list[list[float]]:
    """Per rule and product: what the engine multiplies the rule's share by (0 if unknown)."""
    out = []
    for compiled, row in zip(rules, degrees, strict=True):
        if compiled.rule.weight > 0:
            out.append([0.0 if d is None else d for d in row])
        else:
            out.append([0.0 if d is None else 1 - d for d in row])
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
    """Every product's best rank over the profile space with `--length` (module docstring).

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
    columns = _factors(rules, degrees)
    vectors = list(zip(*columns, strict=True)) if columns else [()] * n
    kinds: dict[tuple[float, ...], int] = {}
    kind_of = [kinds.setdefault(vectors[i], len(kinds)) for i in order]
    factors = [list(column) for column in zip(*kinds, strict=True)] if columns else []
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
            scores = list(map(add, scores, map(share.__mul__, factors[i])))
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


def command_line(profile: RunnerProfile) -> str:
    """The recommend options that give this profile (classes and length only)."""
    parts = []
    if profile.distance is not None:
        parts.append(f"--distance {profile.distance.value}")
    if profile.terrain is not None:
        parts.append(f"--terrain {profile.terrain.value}")
    parts += [f"--use {profile.use.value}", f"--climate {profile.climate.value}"]
    if profile.new_to_compression:
        parts.append("--new-to-compression")
    if profile.blister_prone:
        parts.append("--blister-prone")
    if profile.length is not None:
        parts.append(f"--length {profile.length.value}")
    return " ".join(parts)


# ---------------------------------------------------------------------------
# Loading: read each file once (standard input can be read only once), keep the Document.


def lint(catalog_path: str | None, rules_path: str | None, top: int = DEFAULT_TOP) -> list[Finding]:
    """Every finding for a catalog and a rules file (None: the bundled one), sorted.

    Raises DataError with the problems of both files when either is invalid, and
    InputError when one cannot be read, as the loaders do. Only one of the two paths
    can be '-' (standard input).
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    (catalog_doc, catalog), (rules_doc, ruleset) = load_both(
        lambda: catalog_document(catalog_path), lambda: rules_document(rules_path)
    )
    rules = compile_rules(ruleset)
    return lint_loaded(catalog_doc, catalog, rules_doc, rules, top)


def lint_loaded(
    catalog_doc: Document,
    catalog: Catalog | LoadedCatalog,
    rules_doc: Document,
    rules: Sequence[CompiledRule],
    top: int = DEFAULT_TOP,
) -> list[Finding]:
    """The findings for loaded, valid data; the Documents give the positions."""
    if top < 1:
        raise ValueError("top must be at least 1")
    products = catalog.products if isinstance(catalog, Catalog) else catalog.catalog.products
    sp = group_profiles(rules)
    degrees = [[r.test(p) for p in products] for r in rules]
    places = _Places(catalog_doc, rules_doc)
    findings = [
        *_unknown_data(places, products, rules, sp, degrees),
        *_near_duplicates(places, products),
        *_size_chart(places, products),
        *_rules_never_fire(places, rules, sp, degrees),
        *_rules_cancel(places, rules, sp, degrees),
        *_never_top(places, products, rules, sp, degrees, top),
    ]
    return sorted(findings)


@dataclass(frozen=True)
class _Places:
    """Turns a path in either file into a Finding at its position."""

    catalog: Document
    rules: Document

    def product(self, code: str, path: Path, message: str) -> Finding:
        line, col = self.catalog.position(path)
        where = describe_products(self.catalog, path)
        return Finding(self.catalog.name, line, col, code, where, message)

    def rule(self, code: str, index: int, field: str | None, message: str) -> Finding:
        path: Path = ("rules", index) if field is None else ("rules", index, field)
        line, col = self.rules.position(path)
        rule_id = self.rules.data["rules"][index]["id"]
        where = dotted(path[2:], f"rules[{index}] ({rule_id})")
        return Finding(self.rules.name, line, col, code, where, message)

    def line_of_product(self, index: int) -> int:
        return self.catalog.position(("products", index))[0]

    def line_of_rule(self, index: int) -> int:
        return self.rules.position(("rules", index))[0]

    def written(self, index: int, field: str) -> bool:
        """Whether the product's mapping in the file has this key (even as null)."""
        item = self.catalog.data["products"][index]
        return isinstance(item, dict) and field in item


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------
# unknown-data


def fields_read(test: Any) -> frozenset[str]:
    """The optional (possibly unknown) product fields a product test reads."""
    if isinstance(test, CushionIn):
        return frozenset({"cushion"})
    if isinstance(test, Has):
        return frozenset(test.has) & frozenset(OPTIONAL_FIELDS)
    if isinstance(test, All):
        return frozenset().union(*(fields_read(t) for t in test.all))
    if isinstance(test, Any_):
        return frozenset().union(*(fields_read(t) for t in test.any))
    if isinstance(test, Not):
        return fields_read(test.not_)
    return frozenset()


def _how_to_fill(field: str) -> str:
    if field == "cushion":
        return "`cushion:` (one of " + ", ".join(c.value for c in Cushion) + ")"
    return f"`{field}:` (true or false)"


def _unknown_data(
    at: _Places,
    products: Sequence[Product],
    rules: Sequence[CompiledRule],
    sp: Space,
    degrees: list[list[float | None]],
) -> Iterable[Finding]:
    reads = [fields_read(r.rule.prefer) for r in rules]
    live = [i for i in range(len(rules)) if sp.masks[i]]
    for j, product in enumerate(products):
        missing = {
            f for f in OPTIONAL_FIELDS if getattr(product, f) is None and not at.written(j, f)
        }
        if not missing:
            continue
        culprits = [i for i in live if degrees[i][j] is None and reads[i] & missing]
        if not culprits:
            continue
        fields = [
            f for f in OPTIONAL_FIELDS if any(f in reads[i] for i in culprits) and f in missing
        ]
        ids = [rules[i].id for i in culprits]
        one = len(ids) == 1
        message = (
            f"the catalog does not give {_join(fields)}, which "
            f"{'rule' if one else 'rules'} {_join(ids)} {'reads' if one else 'read'}, so "
            f"{'it gives' if one else 'they give'} this sock no points (unknown); add "
            f"{_join([_how_to_fill(f) for f in fields])} from the maker's data, or write "
            f"{_join([f'`{f}: null`' for f in fields])} to record that the maker does not say"
        )
        path: Path = ("products", j)
        yield at.product("unknown-data", path, message)


# ---------------------------------------------------------------------------
# near-duplicate


def _likeness(product: Product) -> tuple[object, ...]:
    """Everything the rules and the profile's filters read, but the price."""
    c = product.compression
    return (
        product.brand.casefold(),
        None if c is None else (c.min_mmhg, c.max_mmhg, c.graduated),
        product.length,
        frozenset(product.materials.items()),
        product.cushion,
        frozenset(product.reinforcement),
        product.seamless_toe,
        product.toe_socks,
        product.mesh_ventilation,
    )


def _near_duplicates(at: _Places, products: Sequence[Product]) -> Iterable[Finding]:
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for j, product in enumerate(products):
        earlier = groups[_likeness(product)]
        for i in earlier:
            low, high = sorted((products[i].price, product.price))
            if high - low <= PRICE_TOLERANCE * low + _EPS:
                first = products[i]
                yield at.product(
                    "near-duplicate",
                    ("products", j),
                    f"the same as {first.sku} (line {at.line_of_product(i)}) in everything the "
                    "rules and filters read (brand, compression, length, materials, cushion, "
                    "reinforcement, toe and mesh), at a price within 5% "
                    f"({first.price:.2f} and {product.price:.2f}), so the two always score the "
                    "same and sit side by side in every ranking; merge them into one product, "
                    "or correct the field that tells them apart",
                )
                break
        earlier.append(j)


# ---------------------------------------------------------------------------
# size-gap, size-overlap


def _unit(measure: str, amount: float) -> str:
    if measure == "shoe_eu":
        return f"{amount:g} EU size{'' if amount == 1 else 's'}"
    return f"{amount:g} cm"


def _range(measure: str, r: Range) -> str:
    return f"{r}" if measure == "shoe_eu" else f"{r} cm"


def _size_chart(at: _Places, products: Sequence[Product]) -> Iterable[Finding]:
    fix = (
        "copy the maker's chart again (neighbouring sizes usually meet at one boundary, "
        "such as 33-38 then 38-43, or run on in whole numbers, such as 37-39 then 40-42)"
    )
    for j, product in enumerate(products):
        for k, (prev, size) in enumerate(itertools.pairwise(product.sizes), 1):
            for measure in _MEASURES:
                a: Range | None = getattr(prev, measure)
                b: Range | None = getattr(size, measure)
                if a is None or b is None:
                    continue
                path: Path = ("products", j, "sizes", k, measure)
                name = measure.split("_")[0]
                unit = "" if measure == "shoe_eu" else " cm"
                step = b.min - a.max
                if step > SIZE_TOLERANCE + _EPS:
                    yield at.product(
                        "size-gap",
                        path,
                        f"size {size.label} ({_range(measure, b)}) starts "
                        f"{_unit(measure, step)} above the end of size {prev.label} "
                        f"({_range(measure, a)}), so a {name} between {a.max:g} and "
                        f"{b.min:g}{unit} fits neither; {fix}",
                    )
                elif -step > SIZE_TOLERANCE + _EPS:
                    if b.max <= a.max:
                        what = (
                            f"does not reach past the end of size {prev.label} "
                            f"({_range(measure, a)}): the sizes are out of order, or a range "
                            "is mistyped"
                        )
                    else:
                        what = (
                            f"starts {_unit(measure, -step)} below the end of size {prev.label} "
                            f"({_range(measure, a)}), so a {name} of {b.min:g}-{a.max:g}{unit} "
                            "fits both"
                        )
                    yield at.product(
                        "size-overlap",
                        path,
                        f"size {size.label} ({_range(measure, b)}) {what}; {fix}",
                    )


# ---------------------------------------------------------------------------
# rule-never-fires, rules-cancel


def _flat(values: Sequence[float]) -> bool:
    return max(values) - min(values) <= _EPS


def _rules_never_fire(
    at: _Places,
    rules: Sequence[CompiledRule],
    sp: Space,
    degrees: list[list[float | None]],
) -> Iterable[Finding]:
    for i, compiled in enumerate(rules):
        if not sp.masks[i]:
            yield at.rule(
                "rule-never-fires",
                i,
                "when",
                "its `when` holds for no runner profile, so the rule never applies; "
                "loosen `when`, or delete the rule",
            )
            continue
        row = degrees[i]
        unknown = sum(1 for d in row if d is None)
        if compiled.rule.weight > 0:
            if all(d is None or d <= _EPS for d in row):
                why = "no sock in the catalog meets `prefer` (every degree is 0"
                fix = "loosen `prefer` so that some socks meet it"
            else:
                continue
        elif all(d is None or d >= 1 - _EPS for d in row):
            why = (
                "every sock in the catalog has all that the penalty's `prefer` describes "
                "(every degree is 1"
            )
            fix = "narrow `prefer` so that some socks avoid it"
        else:
            continue
        why += f", or unknown for {unknown})" if unknown else ")"
        yield at.rule(
            "rule-never-fires",
            i,
            "prefer",
            f"{why}, so the rule gives no sock any points and only takes its share of the "
            f"100 from every score alike; {fix}, or delete the rule",
        )


def _rules_cancel(
    at: _Places,
    rules: Sequence[CompiledRule],
    sp: Space,
    degrees: list[list[float | None]],
) -> Iterable[Finding]:
    factors = _factors(rules, degrees)
    weights = [abs(r.rule.weight) for r in rules]
    candidates = [i for i in range(len(rules)) if sp.masks[i] and not _flat(factors[i])]
    reported: set[int] = set()
    for a, b in itertools.combinations(candidates, 2):
        if b in reported or sp.masks[a] != sp.masks[b]:
            continue
        wa, wb, xa, xb = weights[a], weights[b], factors[a], factors[b]
        total = wa * xa[0] + wb * xb[0]
        tolerance = _EPS * (wa + wb)
        if all(abs(wa * u + wb * v - total) <= tolerance for u, v in zip(xa, xb, strict=True)):
            reported.add(b)
            share = total / (wa + wb)
            yield at.rule(
                "rules-cancel",
                b,
                None,
                f"always cancels rule {rules[a].id} (line {at.line_of_rule(a)}): they apply to "
                "the same profiles, and for every sock in the catalog their points add up to "
                f"the same {share:.0%} of what the two can give, so together they never change "
                "a ranking; delete one of them, or change one so that they no longer mirror "
                "each other",
            )


# ---------------------------------------------------------------------------
# never-top


def _never_top(
    at: _Places,
    products: Sequence[Product],
    rules: Sequence[CompiledRule],
    sp: Space,
    degrees: list[list[float | None]],
    top: int,
) -> Iterable[Finding]:
    for j, r in enumerate(reach(products, rules, grouped=sp, degrees=degrees)):
        if r.rank <= top:
            continue
        length = products[j].length.value
        yield at.product(
            "never-top",
            ("products", j),
            f"never in the top {top} for any runner profile: at best rank {r.rank} of the "
            f"{r.of} {length} socks, for `recommend {command_line(r.profile)}`; "
            "check its data, or drop it from the catalog",
        )
