"""A catalog as columns: the shape the warm path ranks on (docs/performance.md#the-cache).

Plain data, no pydantic: sources/columns.py makes it (from a cache entry or a validated
catalog), engine/kernel.py ranks it; a product becomes a model only when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone, mmhg_range

if TYPE_CHECKING:
    from sockadvisor.domain.models import Product


class Stale(Exception):
    """The columns could not give a product (a damaged cache entry): use the models."""


@dataclass(frozen=True, slots=True)
class Pressure:
    """A compression as the rules read it (Compression's fields, without the model)."""

    min_mmhg: float
    max_mmhg: float
    graduated: bool

    def __str__(self) -> str:
        return mmhg_range(self.min_mmhg, self.max_mmhg)


@dataclass(frozen=True, slots=True)
class Shown:
    """A product as the warm JSON shows it: its text, and the attributes rules read."""

    sku: str
    name: str
    brand: str
    price: float
    currency: str | None
    url: str | None
    image: str | None
    length: Length
    compression: Pressure | None
    materials: dict[Fibre, int]
    reinforcement: list[Zone]
    cushion: Cushion | None
    seamless_toe: bool | None
    toe_socks: bool
    mesh_ventilation: bool | None

    @property
    def is_compression(self) -> bool:
        return self.compression is not None


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
    shown: Callable[[int], Shown | Product]  # product i as the warm JSON reads it (or Stale)
