"""A validated catalog as a cache payload of columns, and back (docs/performance.md).

The payload is one JSON document, `{"head": ..., "rows": [...]}`. The head holds the
catalog's own fields and shared tables (cache_codec), each product's SKU, name and price
as columns, and for every attribute a rule can read (compile.ATTRIBUTES) the table of
its distinct values and each product's index into it: what `engine.kernel` ranks on.
`rows` are the products in cache_codec's compact form, one JSON text each at a known
offset, so the top N are decoded alone and the whole catalog only when a command needs
every product. A newline ends the head, so loading turns only the head into text (the
rows stay bytes, read where the offsets say). Written in one pass: each row is
serialised once, and the entry's bytes are what is hashed and stored.

Loading checks the head's shape (column lengths, types, indexes within their tables);
a row is checked when it is decoded, and one that does not fit raises `Stale`.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sockadvisor.domain.columnar import Columns, Pressure, Shown, Stale
from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone
from sockadvisor.engine.compile import ATTRIBUTES
from sockadvisor.sources import cache_codec
from sockadvisor.sources.cache import loads

if TYPE_CHECKING:  # the models are imported when a product is decoded, not for ranking
    from sockadvisor.domain.models import Catalog, Product

# The head's end is the payload's first newline: JSON written with ensure_ascii (the
# default) has no newline but between the head and the rows, and is ASCII throughout.
_OPEN, _MIDDLE, _CLOSE = '{"head":', '\n,"rows":[', "]}"
_OPEN_BYTES, _MIDDLE_BYTES, _CLOSE_BYTES = _OPEN.encode(), _MIDDLE.encode(), _CLOSE.encode()
_NEWLINE = re.compile(b"\n")
_DUMP = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


def _plain(attr: str, value: Any) -> Any:
    """An attribute's value as plain JSON data (and, as a tuple, a key for its table)."""
    if attr == "compression":
        return None if value is None else (value.min_mmhg, value.max_mmhg, value.graduated)
    if attr == "materials":
        return tuple((fibre.value, share) for fibre, share in value.items())
    if attr == "reinforcement":
        return tuple(zone.value for zone in value)
    if attr in ("length", "cushion"):
        return None if value is None else value.value
    return value  # the construction flags: True, False or None


def _value(attr: str, plain: Any) -> Any:
    """An attribute's value from plain data, as the compiled tests read it."""
    if attr == "compression":
        if plain is None:
            return None
        low, high, graduated = plain
        if not (type(low) is float and type(high) is float and type(graduated) is bool):
            raise TypeError("not a compression")
        return Pressure(low, high, graduated)
    if attr == "materials":
        fibre_of = Fibre._value2member_map_
        materials = {fibre_of[fibre]: share for fibre, share in plain}
        if not all(type(share) is int for share in materials.values()):
            raise TypeError("not a share")
        return materials
    if attr == "reinforcement":
        return [Zone(zone) for zone in plain]
    if attr == "length":
        return Length(plain)
    if attr == "cushion":
        return None if plain is None else Cushion(plain)
    if plain is not None and type(plain) is not bool:
        raise TypeError("not a flag")
    return plain


def _of(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected a {kind.__name__}")
    return value


_EAGER = [attr for attr in ATTRIBUTES if attr != "materials"]


def _typed(kind: type, column: Any, size: int) -> list[Any]:
    if type(column) is not list or len(column) != size or not set(map(type, column)) <= {kind}:
        raise TypeError("not a column of this catalog")
    return column


# Whole-number columns (indexes, offsets) as the base64 of 32-bit unsigned integers in
# this machine's byte order: parsed in a few milliseconds instead of as JSON numbers.
_WORD = "I" if array("I").itemsize == 4 else "L"
_ORDER = f"{_WORD}{array(_WORD).itemsize}{sys.byteorder}"


def _packed(column: Sequence[int]) -> str:
    return f"{_ORDER}:" + base64.b64encode(array(_WORD, column).tobytes()).decode()


def _unpacked(text: Any, size: int) -> Any:
    """The whole numbers `_packed` wrote (an array: indexes and slices like a list)."""
    if type(text) is not str or not text.startswith(f"{_ORDER}:"):
        raise TypeError("not a packed column of this machine")
    column = array(_WORD)
    column.frombytes(base64.b64decode(text[len(_ORDER) + 1 :], validate=True))
    if len(column) != size:
        raise ValueError("not a column of this catalog")
    return column


@dataclass
class Encoded:
    """A catalog's cache payload, and its columns for ranking right away."""

    payload: bytes
    columns: Columns


def encode(catalog: Catalog) -> Encoded:
    """The payload for `catalog` (validated), and the columns ranking reads."""
    from sockadvisor.domain.models import Catalog, Product

    tables, root = cache_codec.encode(Catalog, catalog)
    *fields, rows = root  # Catalog's last field is its products
    products = catalog.products
    values: dict[str, list[Any]] = {}
    plains: dict[str, list[Any]] = {}
    index: dict[str, list[int]] = {}
    fields_of = list(Product.model_fields)
    for attr in ATTRIBUTES:  # keyed by the encoded cells: plain data, cheaper than models
        at = fields_of.index(attr)
        cells = [row[at] for row in rows]
        if attr == "materials":
            keys: list[Any] = [tuple(cell.items()) for cell in cells]
        elif attr == "reinforcement":
            keys = list(map(tuple, cells))
        else:  # text, a flag, None, or the index of a shared compression
            keys = cells
        ids: dict[Any, int] = {}
        add = ids.setdefault
        index[attr] = column = [add(key, len(ids)) for key in keys]
        first: dict[int, int] = {}
        for i, j in enumerate(column):
            if j not in first:
                first[j] = i
        values[attr] = [getattr(products[first[j]], attr) for j in range(len(ids))]
        plains[attr] = [_plain(attr, value) for value in values[attr]]
    shares = _shares(values["materials"])
    skus = [p.sku for p in products]
    names = [p.name for p in products]
    prices = [p.price for p in products]
    texts = [_DUMP(row) for row in rows]
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text) + 1)
    head = {
        "catalog": [tables, fields],
        "sku": skus,
        "name": names,
        "price": prices,
        "values": plains,
        "index": {attr: _packed(column) for attr, column in index.items()},
        "shares": {fibre.value: _packed(column) for fibre, column in shares.items()},
        "offsets": _packed(offsets),
        "fields": fields_of,  # a row's cells, by name (what `shown` reads without a model)
    }
    payload = "".join((_OPEN, _DUMP(head), _MIDDLE, ",".join(texts), _CLOSE)).encode()
    found = Columns(
        skus, names, prices, values, index, products.__getitem__, shares, products.__getitem__
    )
    return Encoded(payload, found)


def _shares(blends: list[dict[Fibre, int]]) -> dict[Fibre, Sequence[int]]:
    """Per fibre, its share of each blend (0 where the blend has none)."""
    shares: dict[Fibre, list[int]] = {fibre: [0] * len(blends) for fibre in Fibre}
    for j, blend in enumerate(blends):
        for fibre, share in blend.items():
            shares[fibre][j] = share
    return dict(shares)


class _Values(dict[str, list[Any]]):
    """The attributes' distinct values; the blends are built when first asked for (the
    warm path reads the fibres' shares instead): one that does not fit raises Stale."""

    def __init__(self, eager: dict[str, list[Any]], blends: list[Any]) -> None:
        super().__init__(eager)
        self._blends = blends

    def __missing__(self, attr: str) -> list[Any]:
        if attr != "materials":
            raise KeyError(attr)
        try:
            built = [_value(attr, plain) for plain in self._blends]
        except (ValueError, TypeError, KeyError) as exc:
            raise Stale(str(exc)) from None
        self[attr] = built
        return built


@dataclass
class Stored:
    """A catalog read back from a payload: its columns now, its models when asked."""

    columns: Columns
    catalog: Callable[[], Catalog]  # every product as models (raises Stale when it cannot)


def decode(payload: bytes | memoryview) -> Stored:
    """The columns of a payload `encode` wrote; raises if its head does not fit.

    Only the head is turned into text; a row is read from `payload` when it is decoded.
    """
    view = memoryview(payload)
    if not (view[: len(_OPEN)] == _OPEN_BYTES and view[-len(_CLOSE) :] == _CLOSE_BYTES):
        raise ValueError("not a catalog payload")
    found = _NEWLINE.search(view, len(_OPEN))  # the head's JSON has none (ASCII, escaped)
    if found is None:
        raise ValueError("not a catalog payload")
    end = found.start()
    head = loads(str(view[len(_OPEN) : end], "ascii"))
    if view[end : end + len(_MIDDLE)] != _MIDDLE_BYTES:
        raise ValueError("not a catalog payload")
    start, stop = end + len(_MIDDLE), len(view) - len(_CLOSE)
    tables, fields = head["catalog"]
    size = len(_typed(str, head["sku"], len(head["sku"])))
    skus, names = head["sku"], _typed(str, head["name"], size)
    prices = _typed(float, head["price"], size)
    offsets = _unpacked(head["offsets"], size + 1)
    if offsets[0] != 0 or offsets[-1] != stop - start + 1:
        raise ValueError("the rows are not where the head says")
    plains = {attr: _of(list, head["values"][attr]) for attr in ATTRIBUTES}
    eager = {attr: [_value(attr, v) for v in plains[attr]] for attr in _EAGER}
    values = _Values(eager, plains["materials"])
    index = {attr: _unpacked(head["index"][attr], size) for attr in ATTRIBUTES}
    for attr, column in index.items():
        if column and (min(column) < 0 or max(column) >= len(plains[attr])):
            raise IndexError("an index outside its table")
    blends = len(plains["materials"])
    packed = _of(dict, head["shares"])
    if set(packed) != {fibre.value for fibre in Fibre}:
        raise ValueError("not the fibres of this build")
    shares = {fibre: _unpacked(packed[fibre.value], blends) for fibre in Fibre}
    cells = _typed(str, head["fields"], len(head["fields"]))
    rows = _Rows(view[start:stop], offsets, tables, fields, cells, skus, names, prices)

    def shown(i: int) -> Shown:
        return rows.shown(i, values, index)

    return Stored(
        Columns(skus, names, prices, values, index, rows.product, shares, shown), rows.catalog
    )


class _Rows:
    """The rows of a payload: one product as a model or as shown, or the whole catalog."""

    def __init__(
        self,
        view: memoryview,
        offsets: Sequence[int],
        tables: Any,
        fields: Any,
        cells: list[str],
        *columns: list[Any],
    ) -> None:
        self.view, self.offsets, self.tables, self.fields = view, offsets, tables, fields
        self.cells = cells  # a row's cells by name (Product's fields)
        self.skus, self.names, self.prices = columns
        self.decoder: Callable[[type[Product], Any], Product] | None = None  # made once

    def _row(self, i: int) -> Any:
        at = self.offsets
        return loads(str(self.view[at[i] : at[i + 1] - 1], "ascii"))

    def _check(self, i: int, sku: Any, name: Any, price: Any) -> None:
        if (sku, name, price) != (self.skus[i], self.names[i], self.prices[i]):
            raise Stale("a row that is not its columns' product")

    def product(self, i: int) -> Product:
        from sockadvisor.domain.models import Catalog, Product

        try:
            if self.decoder is None:
                self.decoder = cache_codec.rows(Catalog, self.tables)
            found: Product = self.decoder(Product, self._row(i))
            for key in _SHOWN:  # the text shown beside the columns: as `shown` checks it
                _text(getattr(found, key))
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise Stale(str(exc)) from None
        self._check(i, found.sku, found.name, found.price)
        return found

    def shown(self, i: int, values: dict[str, list[Any]], index: dict[str, list[int]]) -> Shown:
        """Product i as the warm JSON reads it: no model is built."""
        try:
            cells = dict(zip(self.cells, _of(list, self._row(i)), strict=True))
            text: dict[str, Any] = {key: _text(cells[key]) for key in _SHOWN}
            attrs = {attr: values[attr][index[attr][i]] for attr in ATTRIBUTES}
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise Stale(str(exc)) from None
        self._check(i, cells["sku"], cells["name"], cells["price"])
        return Shown(sku=self.skus[i], name=self.names[i], price=self.prices[i], **text, **attrs)

    def catalog(self) -> Catalog:
        from sockadvisor.domain.models import Catalog

        try:
            products = loads("[" + str(self.view, "ascii") + "]")
            whole: Catalog = cache_codec.decode(Catalog, [self.tables, [*self.fields, products]])
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise Stale(str(exc)) from None
        if [p.sku for p in whole.products] != self.skus:
            raise Stale("not the products of the columns")
        return whole


_SHOWN = ("brand", "currency", "url", "image")  # text a shown product needs beyond columns


def _text(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise TypeError("not text")
    return value
