"""Ranking over columns: the warm path of `recommend` (docs/performance.md#big-catalogs).

A catalog comes as columns (`Columns`): each product's SKU, name and price, and for every
attribute a rule can read (compile.ATTRIBUTES) a table of its distinct values and each
product's index into it. A rule's degree depends only on the attributes it reads
(compile.reads), so each rule is scored once per distinct value (or combination) of
them, into a table of points; a product's score is then the sum of table lookups, in
rule order, by a function our compiler generates from the number of rules and columns
(no text from a rule or a catalog goes into it). Only the top N become models.

The sum adds the same floats in the same order as ranking.total_score, so scores, ranks
and every output are the same as `ranking.rank` gives (a property test checks it).
Profiles with measurements (sizes) are ranked by `ranking.rank`: `rank` returns None.
`Stale` (domain/columnar.py) is raised when the columns cannot give a product.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import not_, or_
from typing import TYPE_CHECKING, Any, cast

from sockadvisor.domain.columnar import Columns
from sockadvisor.domain.vocab import Fibre
from sockadvisor.engine.compile import ATTRIBUTES, CompiledRule, fibres, reads

if TYPE_CHECKING:  # the models only for `rank`, which builds them for the top N
    from sockadvisor.domain.models import Product
    from sockadvisor.domain.profile import RunnerProfile
    from sockadvisor.domain.results import Recommendation

EPS = 1e-9  # an avoid rule is met in full at a degree of 1 - EPS (ranking, warm)


class _Probe:
    """Stands in for a product in a compiled test: only the attributes it reads are set."""

    __slots__ = (*ATTRIBUTES, "price", "sku", "name")


def _probe(columns: Columns, attrs: Sequence[str], key: Sequence[int]) -> Any:
    probe = _Probe()
    for attr, i in zip(attrs, key, strict=True):
        setattr(probe, attr, columns.values[attr][i])
    return probe


def product_probe(columns: Columns, i: int) -> Product:
    """Everything `removal` reads of product i (price, materials, length, compression)."""
    probe = _probe(columns, ATTRIBUTES, [columns.index[a][i] for a in ATTRIBUTES])
    probe.price, probe.sku, probe.name = columns.prices[i], columns.skus[i], columns.names[i]
    return cast("Product", probe)


class _Groups:
    """Per set of attributes: each product's index into its distinct combinations.

    Materials are first cut down to the fibres a rule reads (compile.fibres): a rule on
    merino sees a few dozen distinct merino shares, not every blend in the catalog.
    """

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.done: dict[Any, tuple[list[int], list[Any]]] = {}
        self.cut: dict[frozenset[Fibre], tuple[list[int], list[Any]]] = {}

    def _attribute(self, attr: str, wanted: frozenset[Fibre]) -> tuple[list[int], list[Any]]:
        columns = self.columns
        if attr != "materials":
            return columns.index[attr], columns.values[attr]
        if wanted not in self.cut:
            order = sorted(wanted)
            ids: dict[tuple[int, ...], int] = {}
            index = columns.index["materials"]
            if order:  # each distinct blend's shares of the wanted fibres
                add = ids.setdefault
                shares = [columns.shares[f] for f in order]
                cut = [add(key, len(ids)) for key in zip(*shares, strict=True)]
                column = list(map(cut.__getitem__, index))
            else:  # no fibre read: one blend, {}, for every product
                column = [0] * len(index)
                if column:
                    ids[()] = 0
            # a share is 1-100: a 0 is a fibre the blend lacks
            blends = [{f: v for f, v in zip(order, key, strict=True) if v} for key in ids]
            self.cut[wanted] = (column, blends)
        return self.cut[wanted]

    def get(self, attrs: tuple[str, ...], wanted: frozenset[Fibre]) -> tuple[list[int], list[Any]]:
        """The index column and one probe per distinct combination of `attrs`."""
        key = (attrs, wanted if "materials" in attrs else None)
        if key not in self.done:
            parts = [self._attribute(attr, wanted) for attr in attrs]
            if len(parts) == 1:
                column = parts[0][0]
                keys: list[Any] = [(i,) for i in range(len(parts[0][1]))]
            else:
                ids: dict[tuple[int, ...], int] = {}
                add = ids.setdefault
                zipped = zip(*(part[0] for part in parts), strict=True)
                column = [add(k, len(ids)) for k in zipped]
                keys = list(ids)
            probes = []
            for k in keys:
                probe = _Probe()
                for attr, (_, values), i in zip(attrs, parts, k, strict=True):
                    setattr(probe, attr, values[i])
                probes.append(probe)
            self.done[key] = (column, probes)
        return self.done[key]


def _kernel(count: int, uses: list[int]) -> Callable[..., list[float]]:
    """sum(points[r][column[r][i]] for r in rules), in rule order, for every product i.

    `uses[r]` is the column rule r reads; the code is made from these numbers only.
    """
    names = ", ".join(f"c{j}" for j in range(count))
    terms = "".join(f" + t{r}[c{j}]" for r, j in enumerate(uses))
    tables = "".join(f", t{r}" for r in range(len(uses)))
    source = (
        f"def kernel(zip, {', '.join(f'C{j}' for j in range(count))}{tables}):\n"
        f"    return [0.0{terms} for {names}, in zip({', '.join(f'C{j}' for j in range(count))})]\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "<sockadvisor scoring kernel>", "exec"), namespace)  # our code only
    return cast(Callable[..., list[float]], namespace["kernel"])


Reading = tuple[frozenset[str], frozenset[Fibre]]  # a test's attributes, and its fibres


def scores(
    columns: Columns,
    rules: Sequence[CompiledRule],
    shares: Sequence[float],
    reading: Sequence[Reading],
) -> tuple[list[float], list[bool]]:
    """Every product's `total_score` and whether an avoid rule disqualifies it."""
    size = len(columns.skus)
    groups = _Groups(columns)
    used: dict[int, int] = {}  # id(column) -> its number
    columns_used: list[list[int]] = []
    uses: list[int] = []
    tables: list[list[float]] = []
    avoided = [False] * size
    for compiled, share, (read, wanted) in zip(rules, shares, reading, strict=True):
        attrs = tuple(a for a in ATTRIBUTES if a in read)
        column, probes = groups.get(attrs, wanted)
        degrees = [compiled.test(p) for p in probes]
        if compiled.positive:
            tables.append([0.0 if d is None else share * d for d in degrees])
        else:
            tables.append([0.0 if d is None else 0.0 - share * d for d in degrees])
        if id(column) not in used:
            used[id(column)] = len(columns_used)
            columns_used.append(column)
        uses.append(used[id(column)])
        if compiled.rule.avoid:
            met = [d is not None and d >= 1 - EPS for d in degrees]
            if any(met):
                avoided = list(map(or_, avoided, map(met.__getitem__, column)))
    if not tables:
        return [0.0] * size, avoided
    return _kernel(len(columns_used), uses)(zip, *columns_used, *tables), avoided


def excludes(product: Any, profile: Any) -> bool:
    """Whether the runner's excluded fibres, length or conditions remove the product
    (ranking.removes without the budget and the size: a profile's own constraints)."""
    return bool(
        any(product.materials.get(fibre) for fibre in profile.exclude_materials)
        or (profile.length is not None and product.length != profile.length)
        or (profile.conditions and product.compression is not None)
    )


def _removed(columns: Columns, profile: Any) -> list[bool]:
    """Whether the profile removes each product (`excludes`, once per distinct length,
    compression and blend; then the budget by price)."""
    attrs = ("length", "compression", "materials")
    column, probes = _Groups(columns).get(attrs, frozenset(profile.exclude_materials))
    by_kind = [excludes(p, profile) for p in probes]
    removed = list(map(by_kind.__getitem__, column))
    if profile.budget is not None:
        budget = profile.budget
        removed = [r or price > budget for r, price in zip(removed, columns.prices, strict=True)]
    return removed


def constrains(profile: Any) -> bool:
    """Whether the profile can remove a product or size one at all."""
    return bool(
        profile.budget is not None
        or profile.exclude_materials
        or profile.length is not None
        or profile.conditions
        or profile.measured
    )


def applicable(rules: Sequence[CompiledRule], profile: Any) -> list[CompiledRule]:
    """The rules whose `when` holds for the profile."""
    return [r for r in rules if r.rule.when.holds(profile)]


def shares_of(rules: Sequence[CompiledRule], extra: float = 0.0) -> list[float]:
    """Each rule's maximum points: 100 x |weight| / (sum of positive weights + extra)."""
    base = sum(r.rule.weight for r in rules if r.rule.weight > 0) + extra
    if base <= 0:  # only penalties apply: scale by them
        base = sum(abs(r.rule.weight) for r in rules)
    return [100 * abs(r.rule.weight) / base for r in rules]


_MARGIN = 2e-9  # below a score rounded to 9 places, more than the rounding can take off
_LIMIT = 1e6  # scores this large have too few places for the margin: round every one


def _contenders(
    kept: Sequence[int], points: list[float], avoided: list[bool], top: int
) -> Sequence[int]:
    """The products among `kept` that can be in the top `top` by ranking's sort key
    (avoided, -round(score, 9), price, SKU): a superset of them, found without rounding
    every score. Rounding keeps order, so the top `top` of a group (not avoided, then
    avoided) all round to at least the `top`-th largest score rounded."""
    chosen: list[int] = []
    need = top
    groups = [list(kept)]
    if any(avoided):
        groups = [[i for i in kept if not avoided[i]], [i for i in kept if avoided[i]]]
    for group in groups:
        if need <= 0:
            break
        if len(group) <= need:
            chosen += group
            need -= len(group)
            continue
        scores = list(map(points.__getitem__, group))
        cut = round(heapq.nlargest(need, scores)[-1], 9)
        if not abs(cut) < _LIMIT:
            return kept
        chosen += compress(group, map((cut - _MARGIN).__le__, scores))
        break
    return chosen


@dataclass(frozen=True, slots=True)
class Selection:
    """A ranking over columns, as indexes: what `rank` and the warm JSON build on."""

    active: list[CompiledRule]  # the rules that apply, in rule order
    matched: int  # how many products the profile leaves
    best: list[int]  # the top products, best first
    removed: list[int]  # the products the profile removes


def select(
    columns: Columns, rules: Sequence[CompiledRule], profile: Any, top: int | None
) -> Selection | None:
    """The ranking of `ranking.rank`, as indexes; None for a measured profile (or a test
    whose attributes compile.reads does not know: the models rank it)."""
    active = applicable(rules, profile)
    try:
        reading = [(reads(r.rule.prefer), fibres(r.rule.prefer)) for r in active]
    except KeyError:  # a test not in compile._READS: correct, only slower
        return None
    if profile.measured:
        return None
    shares = shares_of(active) if active else []
    points, avoided = scores(columns, active, shares, reading)
    skus, prices = columns.skus, columns.prices
    kept: Sequence[int] = range(len(skus))
    removed: list[int] = []
    if constrains(profile):
        out = _removed(columns, profile)
        removed = list(compress(kept, out))
        kept = list(compress(kept, map(not_, out)))
    chosen = kept if top is None else _contenders(kept, points, avoided, top)
    keys = [(avoided[i], -round(points[i], 9), prices[i], skus[i], i) for i in chosen]
    best = sorted(keys) if top is None else heapq.nsmallest(top, keys)
    return Selection(active, len(kept), [key[-1] for key in best], removed)


def rank(
    columns: Columns, rules: Sequence[CompiledRule], profile: RunnerProfile, top: int | None
) -> Recommendation | None:
    """`ranking.rank` over columns (the same Recommendation); None when `select` is."""
    from sockadvisor.domain.results import Excluded
    from sockadvisor.engine import sizing
    from sockadvisor.engine.ranking import recommendation, removal, score

    chosen = select(columns, rules, profile, top)
    if chosen is None:
        return None
    excluded = [
        Excluded(
            sku=columns.skus[i],
            name=columns.names[i],
            reasons=removal(product_probe(columns, i), profile, sizing.NO_FIT),
        )
        for i in chosen.removed
    ]
    results = [
        score(columns.product(i), chosen.active, profile, sizing.NO_FIT).model_copy(
            update={"rank": rank}
        )
        for rank, i in enumerate(chosen.best, 1)
    ]
    return recommendation(
        profile, chosen.matched, results, excluded, lambda: any(columns.values["toe_socks"])
    )
