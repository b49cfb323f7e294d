"""`sockadvisor catalog lint`: warnings about a valid catalog and rules, already loaded.

Validation (sources) refuses what is wrong; lint warns about what is valid but probably
not meant: data the rules need but cannot read, products that are copies of each other,
size charts with holes or overlaps, rules that never do anything, and products that no
runner is ever shown (the search is lint.reach). Pure: it returns findings as data, and
the renderer words them (render.words). Each check's docstring says exactly what it
reports; for users: docs/catalog-format.md#lint-what-is-valid-but-probably-wrong.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sockadvisor.domain.models import Product, Range
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Cushion
from sockadvisor.engine.compile import CompiledRule, TestData, reads
from sockadvisor.lint.reach import Space, factors, group_profiles, reach
from sockadvisor.sources.catalog import Documents, describe_products
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
_MEASURES = ("shoe_eu", "shoe_us", "shoe_uk", "calf_cm", "ankle_cm")


@dataclass(frozen=True, order=True)
class Finding:
    """One warning about one place in one file, as data. Sorted by file, line, column, code."""

    file: str
    line: int
    col: int
    code: str
    where: str
    message: str  # what is wrong, and how to fix it: no command-line text
    severity: str = "warning"
    # never-top: the profile that gives the product its best rank (the renderer words it)
    profile: RunnerProfile | None = dataclasses.field(default=None, compare=False)


# ---------------------------------------------------------------------------
# Lint: every check over loaded data


def lint(documents: Documents, top: int = DEFAULT_TOP) -> list[Finding]:
    """Every finding for a loaded, valid catalog and rules (sources.catalog.load_documents).

    The documents give the positions, read only for the findings reported. Sorted by
    file, line, column and code.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    products = documents.catalog.products
    rules = documents.rules
    sp = group_profiles(rules)
    degrees = [[r.test(p) for p in products] for r in rules]
    places = _Places(documents.catalog_doc, documents.rules_doc)
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

    def product(
        self, code: str, path: Path, message: str, profile: RunnerProfile | None = None
    ) -> Finding:
        line, col = self.catalog.position(path)
        where = describe_products(self.catalog, path)
        return Finding(self.catalog.name, line, col, code, where, message, profile=profile)

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


def fields_read(test: TestData) -> frozenset[str]:
    """The optional (possibly unknown) product fields a product test reads."""
    return reads(test) & frozenset(OPTIONAL_FIELDS)


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
    """`unknown-data`: a product leaves out an optional field that a live rule reads.

    The fields are `cushion`, `seamless_toe` and `mesh_ventilation`; a rule is live when it
    applies to some profile, and it reads the field when the product's degree for it is
    unknown because of it (so that rule never gives it points). One finding per product,
    at the product, naming the fields and the rules. A field written out as `null` is
    "the maker does not say, and we checked", and is not reported; a field left out may
    be an oversight, and is. (The engine treats the two alike: both are unknown.)
    """
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
    """`near-duplicate`: two products that always score the same, at nearly one price.

    Of the same brand (ignoring case) and equal in everything the rules and the profile's
    filters read (_likeness), with prices within PRICE_TOLERANCE of the cheaper one. SKU,
    name, notes and the size chart may differ. Reported at the later product, naming the
    first earlier one that matches.
    """
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
    if measure.startswith("shoe_"):
        return f"{amount:g} {measure[5:].upper()} size{'' if amount == 1 else 's'}"
    return f"{amount:g} cm"


def _range(measure: str, r: Range) -> str:
    return f"{r}" if measure.startswith("shoe_") else f"{r} cm"


def _size_chart(at: _Places, products: Sequence[Product]) -> Iterable[Finding]:
    """`size-gap`, `size-overlap`: neighbouring rows of a size chart that do not meet.

    For each of `shoe_eu`, `shoe_us`, `shoe_uk`, `calf_cm` and `ankle_cm` that both
    consecutive rows give: a gap when the later row starts more than SIZE_TOLERANCE (one
    shoe size, one cm) above the end
    of the earlier one (`next.min - prev.max > 1`), an overlap when it starts more than
    that below it (`prev.max - next.min > 1`; this also catches rows out of order). Up to
    one unit either way is how real charts are written: rows in whole numbers (shoe 37-39
    then 40-42), a shared boundary (calf 33-38 then 38-43), neighbouring ankle ranges that
    share a centimetre (18-21 then 20-23). Reported at the later row's range.
    """
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
                unit = "" if measure.startswith("shoe_") else " cm"
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
    """`rule-never-fires`: a rule that never adds a point to any score.

    Its `when` holds for no profile of the space (lint.reach), or it gives no product any
    points: a positive weight whose degree is 0 or unknown for every product, or a
    penalty whose degree is 1 or unknown for every product. It only takes its share of
    the 100 points from every product alike. Reported at `when` or at `prefer`. (A
    penalty that no product triggers, degree 0 everywhere, is a guard against products
    the catalog may get later, costs nothing, and is not reported.)
    """
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
    """`rules-cancel`: two rules that together add a constant to every score.

    Each separates products on its own (its points differ between products), both apply
    to exactly the same profiles of the space, and |w1| * x1(p) + |w2| * x2(p) is the same
    for every product p, where x(p) is the degree for a positive weight and 1 - degree for
    a penalty (0 when unknown). Where they apply they share one divisor, so they never
    change a ranking. Reported at the later rule.
    """
    weighted = factors(rules, degrees)
    weights = [abs(r.rule.weight) for r in rules]
    candidates = [i for i in range(len(rules)) if sp.masks[i] and not _flat(weighted[i])]
    reported: set[int] = set()
    for a, b in itertools.combinations(candidates, 2):
        if b in reported or sp.masks[a] != sp.masks[b]:
            continue
        wa, wb, xa, xb = weights[a], weights[b], weighted[a], weighted[b]
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
    """`never-top`: a product never among the first `top` for any profile of the space.

    The space (lint.reach) has every class profile with `length` added: without it, a
    catalog with many knee-highs would bury every no-show sock, although a runner who asks
    for no-show socks is shown them. Reported at the product, with its best rank and, as
    data, the first profile that gives it.
    """
    for j, r in enumerate(reach(products, rules, grouped=sp, degrees=degrees)):
        if r.rank <= top:
            continue
        length = products[j].length.value
        yield at.product(
            "never-top",
            ("products", j),
            f"never in the top {top} for any runner profile: at best rank {r.rank} of the "
            f"{r.of} {length} socks; check its data, or drop it from the catalog",
            r.profile,
        )
