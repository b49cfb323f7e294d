"""A catalog as columns: the shape the warm path ranks on (docs/performance.md#the-cache).

Plain data, no pydantic: sources/columns.py makes it (from a cache entry or a validated
catalog), engine/kernel.py ranks it; a product becomes a model only when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sockadvisor.domain.models import Product
    from sockadvisor.domain.vocab import Fibre


class Stale(Exception):
    """The columns could not give a product (a damaged cache entry): use the models."""


@dataclass(frozen=True, slots=True)
class Pressure:
    """A compression as the rules read it (Compression's fields, without the model)."""

    min_mmhg: float
    max_mmhg: float
    graduated: bool


@dataclass(frozen=True, slots=True)
class Columns:
    """A catalog as columns: what ranking reads, without a model per product."""

    skus: list[str]
    names: list[str]
    prices: list[float]
    values: dict[str, list[Any]]  # per attribute: its distinct values, as a product has them
    index: dict[str, list[int]]  # per attribute: each product's index into `values`
    product: Callable[[int], Product]  # product i as a model (raises Stale when it cannot)
    shares: dict[Fibre, Sequence[int]]  # per fibre: its share of each distinct blend, or 0
