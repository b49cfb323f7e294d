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
from itertools import compress
from operator import not_, or_
from typing import Any, cast

from sockadvisor.domain.columnar import Columns
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Excluded, Recommendation
from sockadvisor.domain.vocab import Fibre
from sockadvisor.engine import sizing
from sockadvisor.engine.compile import ATTRIBUTES, CompiledRule, fibres, reads
from sockadvisor.engine.ranking import (
    _EPS,
    _constrains,
    applicable,
    recommendation,
    removal,
    removes,
    score,
    shares_of,
)


class _Probe:
    """Stands in for a product in a compiled test: only the attributes it reads are set."""

    __slots__ = (*ATTRIBUTES, "price", "sku", "name")


def _probe(columns: Columns, attrs: Sequence[str], key: Sequence[int]) -> Any:
    probe = _Probe()
    for attr, i in zip(attrs, key, strict=True):
        setattr(probe, attr, columns.values[attr][i])
    return probe


def _product_probe(columns: Columns, i: int) -> Product:
    """Everything `removal` reads of product i (price, materials, length, compression)."""
    probe = _probe(columns, ATTRIBUTES, [columns.index[a][i] for a in ATTRIBUTES])
    probe.price, probe.sku, probe.name = columns.prices[i], columns.skus[i], columns.names[i]
    return cast(Product, probe)


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
            met = [d is not None and d >= 1 - _EPS for d in degrees]
            if any(met):
                avoided = list(map(or_, avoided, map(met.__getitem__, column)))
    if not tables:
        return [0.0] * size, avoided
    return _kernel(len(columns_used), uses)(zip, *columns_used, *tables), avoided


def _removed(columns: Columns, profile: RunnerProfile) -> list[bool]:
    """Whether the profile removes each product (`removes`, without a size or the budget,
    once per distinct length, compression and blend; then the budget by price)."""
    attrs = ("length", "compression", "materials")
    column, probes = _Groups(columns).get(attrs, frozenset(profile.exclude_materials))
    lenient = profile.model_copy(update={"budget": None})
    by_kind = [removes(p, lenient, sizing.NO_FIT) for p in probes]
    removed = list(map(by_kind.__getitem__, column))
    if profile.budget is not None:
        budget = profile.budget
        removed = [r or price > budget for r, price in zip(removed, columns.prices, strict=True)]
    return removed


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


def rank(
    columns: Columns, rules: Sequence[CompiledRule], profile: RunnerProfile, top: int | None
) -> Recommendation | None:
    """`ranking.rank` over columns (the same Recommendation); None for a measured profile
    (or a test whose attributes compile.reads does not know: the models rank it)."""
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
    excluded: list[Excluded] = []
    kept: Sequence[int] = range(len(skus))
    if _constrains(profile):
        removed = _removed(columns, profile)
        for i in compress(kept, removed):
            reasons = removal(_product_probe(columns, i), profile, sizing.NO_FIT)
            excluded.append(Excluded(sku=skus[i], name=columns.names[i], reasons=reasons))
        kept = list(compress(kept, map(not_, removed)))
    chosen = kept if top is None else _contenders(kept, points, avoided, top)
    keys = [(avoided[i], -round(points[i], 9), prices[i], skus[i], i) for i in chosen]
    best = sorted(keys) if top is None else heapq.nsmallest(top, keys)
    results = [
        score(columns.product(key[-1]), active, profile, sizing.NO_FIT).model_copy(
            update={"rank": i}
        )
        for i, key in enumerate(best, 1)
    ]
    return recommendation(
        profile, len(kept), results, excluded, lambda: any(columns.values["toe_socks"])
    )
