"""What if: the cheapest single changes to one profile option that change the top pick.

Each change is data (the option, its old and new value, the cost); the renderer words it
(sockadvisor.render.words). For users: docs/user-guide.md#what-if; the JSON:
docs/json-output.md#what_if.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sockadvisor.domain.fields import FIELDS, Kind
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Change, WhatIf
from sockadvisor.engine import advice, sizing
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.diagnose.common import rank_key, ref


@dataclass(frozen=True)
class _Candidate:
    option: str
    old: str | None
    new: str | None
    cost: float
    profile: RunnerProfile


def _text(value: object) -> str | None:
    """An option's value as Change.old and Change.new show it (None: not given)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return ", ".join(_text(v) or "" for v in value) or None
    return str(value)


def _candidate(profile: RunnerProfile, option: str, new: object, cost: float) -> _Candidate:
    old = getattr(profile, option)
    return _Candidate(
        option, _text(old), _text(new), cost, profile.model_copy(update={option: new})
    )


def _ordered_steps(
    profile: RunnerProfile, option: str, values: Sequence[StrEnum]
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
    """Every single change, field by field in the profile table's order (the `space` ones)."""
    found: list[_Candidate] = []
    for field in FIELDS:
        if not field.space:
            continue
        old = getattr(profile, field.name)
        if field.kind is Kind.flag:
            found.append(_candidate(profile, field.name, not old, 1.0))
        elif field.kind is Kind.number:  # the budget: product prices are the only steps
            found += _budget_changes(profile, products, current)
        elif field.kind is Kind.choices:  # one value more, or one fewer
            assert field.enum is not None
            tried = set()
            for member in field.enum:
                changed = (
                    tuple(v for v in old if v is not member) if member in old else (*old, member)
                )
                if changed or not field.default:  # climate keeps at least one value
                    found.append(_candidate(profile, field.name, changed, 1.0))
                    tried.add(changed)
            if field.default:  # a class with a default (climate): also one value instead
                for member in field.enum:
                    if (member,) != old and (member,) not in tried:
                        found.append(_candidate(profile, field.name, (member,), 1.0))
        elif field.ordered:
            assert field.enum is not None
            found += _ordered_steps(profile, field.name, list(field.enum))
        else:
            assert field.enum is not None
            values = [*field.enum, *([None] if field.default is None else [])]
            found += [_candidate(profile, field.name, v, 1.0) for v in values if v is not old]
    if profile.measured and any(s.stock is not None for p in products for s in p.sizes):
        # Out-of-stock sizes kept, or no longer: only where the catalog records stock.
        found.append(
            _candidate(profile, "include_out_of_stock", not profile.include_out_of_stock, 1.0)
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
        self.scores: dict[tuple[float | None, ...], list[float]] = {}
        self.sweeps: dict[str, tuple[list[float], list[int]]] = {}

    def eligible(self, profile: RunnerProfile) -> list[int]:
        return [
            i
            for i, p in enumerate(self.products)
            if not engine.removes(p, profile, sizing.fit(p, profile))
        ]

    def top_with_budget(self, profile: RunnerProfile, budget: float | None) -> Product | None:
        """The top pick for `profile` with its budget set to `budget`, in O(log n) after
        one O(n log n) pass per profile: the products a budget lets through nest, so the
        best of each price prefix answers every budget (the candidates share one sweep)."""
        base = profile.model_copy(update={"budget": None})
        key = base.model_dump_json()
        if key not in self.sweeps:
            scores = self._scores(base)
            eligible = sorted(self.eligible(base), key=lambda i: self.products[i].price)
            prices, best, current = [], [], None
            for i in eligible:
                if current is None or rank_key(scores[i], self.products[i]) < rank_key(
                    scores[current], self.products[current]
                ):
                    current = i
                prices.append(self.products[i].price)
                best.append(current)
            self.sweeps[key] = (prices, best)
        prices, best = self.sweeps[key]
        upto = len(prices) if budget is None else bisect.bisect_right(prices, budget)
        return self.products[best[upto - 1]] if upto else None

    def _scores(self, profile: RunnerProfile) -> list[float]:
        active = engine.applicable(self.rules, profile)
        key = (*(id(r) for r in active), profile.calf_cm, profile.ankle_cm, profile.shoe_eu)
        if key not in self.scores:  # the rules and the measurements decide the scores
            self.scores[key] = [engine.rank_score(p, active, profile) for p in self.products]
        return self.scores[key]

    def top(self, profile: RunnerProfile) -> Product | None:
        active = engine.applicable(self.rules, profile)
        key = (*(id(r) for r in active), profile.calf_cm, profile.ankle_cm, profile.shoe_eu)
        if key not in self.scores:  # the rules and the measurements decide the scores
            self.scores[key] = [engine.rank_score(p, active, profile) for p in self.products]
        scores = self.scores[key]
        eligible = self.eligible(profile)
        if not eligible:
            return None
        best = min(eligible, key=lambda i: rank_key(scores[i], self.products[i]))
        return self.products[best]


def what_if(
    products: Sequence[Product], rules: Sequence[CompiledRule], profile: RunnerProfile
) -> WhatIf:
    """The cheapest single changes to the profile that change the top pick.

    A change counts only when the new profile still matches something and its top pick
    is another product. Candidates, and their costs:

    - distance (short < half < marathon < ultra) and terrain (road < groomed < mixed <
      technical): every other value, cost 1 per step along the order; setting or
      unsetting the option costs 1.
    - use: every other value, cost 1. cushion: every other level, 1 per step, or none.
      new_to_compression, blister_prone: the flip, cost 1.
    - budget: the values tried are product prices, since any budget lets through what the
      highest product price at or below it lets through. Raising it to the price of any
      product dearer than the budget costs (new - old) / old; lowering it to the highest
      product price below the top pick's price (the loosest such budget that removes the
      top pick) costs (old - new) / old; removing it costs 1; with no budget, adding that
      loosest one costs 1.
    - length: every other length, or none, cost 1.
    - exclude_materials, climate, blisters: one value more or one fewer, cost 1; climate
      keeps at least one, and may also take one other value instead, cost 1.

    The fields tried are those the profile table (domain/fields.py) marks `space`, in its
    order. Measurements and medical conditions are never changed. Every change at the
    minimum cost (at 9 decimals) is returned, in that order; none when no single change
    alters the top pick.
    """
    ranking = engine.rank(products, rules, profile, top=1)
    current = ranking.results[0] if ranking.results else None
    picker = _TopPicker(products, rules)
    current_product = current.product if current else None
    changing = []
    for candidate in _candidates(profile, products, current_product):
        if candidate.option == "budget":
            new_top = picker.top_with_budget(profile, candidate.profile.budget)
        else:
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
                cost=c.cost,
                profile=c.profile,
                top=ref(top),
            )
        )
    return WhatIf(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        current=ref(current) if current else None,
        cost=cost,
        changes=changes,
        warnings=advice.profile_warnings(profile),
    )
