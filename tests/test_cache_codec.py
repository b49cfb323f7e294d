"""Models to compact plain data and back (the cache's format): exact, shared, and strict."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings

from sockadvisor.domain.models import Catalog, Frozen
from sockadvisor.sources import cache_codec
from sockadvisor.sources.catalog import load_catalog
from tests.csvdata import catalogs

BUNDLED = load_catalog(None, use_cache=False).catalog


def round_trip(model: type[Any], value: Any) -> Any:
    text = json.dumps(cache_codec.encode(model, value), allow_nan=False)
    return cache_codec.decode(model, json.loads(text))


@settings(max_examples=100, deadline=None)
@given(catalog=catalogs)
def test_any_catalog_comes_back_equal(catalog: Catalog) -> None:
    again = round_trip(Catalog, catalog)
    assert again == catalog
    assert again.model_dump() == catalog.model_dump()
    assert [type(p.length) for p in again.products] == [type(p.length) for p in catalog.products]


def test_the_bundled_catalog_comes_back_equal_and_frozen() -> None:
    again = round_trip(Catalog, BUNDLED)
    assert again == BUNDLED and again.model_dump() == BUNDLED.model_dump()
    assert repr(again) == repr(BUNDLED)
    with pytest.raises(ValueError, match="frozen"):
        again.products[0].price = 1.0


def test_repeated_values_are_stored_once_and_shared() -> None:
    plain = cache_codec.encode(Catalog, BUNDLED)
    tables, _ = plain
    sizes = sum(len(p.sizes) for p in BUNDLED.products)
    assert len(tables["Size"]) < sizes
    again = cache_codec.decode(Catalog, plain)
    first, second = again.products[0].sizes[0], again.products[1].sizes[0]
    assert first == second and first is second


class Value(Frozen):
    a: float | int | bool


class Holder(Frozen):
    values: list[Value]
    pair: tuple[float, float]
    many: tuple[int, ...]


def test_equal_but_different_values_stay_apart() -> None:
    """1, 1.0 and True are equal in Python, as are 0.0 and -0.0: sharing must not merge them."""
    holder = Holder(
        values=[Value(a=1), Value(a=1.0), Value(a=True), Value(a=0.0), Value(a=-0.0)],
        pair=(1.5, 2.5),
        many=(1, 2, 3),
    )
    again = round_trip(Holder, holder)
    cells = [v.a for v in again.values]
    assert [type(c) for c in cells] == [int, float, bool, float, float]
    assert math.copysign(1, cells[4]) == -1
    assert again.pair == (1.5, 2.5) and again.many == (1, 2, 3)


def _mangle(plain: Any, how: str) -> Any:
    tables, root = plain
    product = root[3][0]  # Catalog's fourth field: products; a Product's 13th: sizes
    if how == "short row":
        root[3][0] = product[:-1]
    elif how == "unknown enum":
        product[5] = "thigh_high"
    elif how == "index past the table":
        product[12][0] = len(tables["Size"])
    elif how == "negative index":
        product[12][0] = -1
    elif how == "dict for a list":
        product[12] = {}
    elif how == "missing table":
        del tables["Size"]
    elif how == "extra table":
        tables["Other"] = []
    elif how == "not a pair":
        plain.append(1)
    return plain


@pytest.mark.parametrize(
    "how",
    [
        "short row",
        "unknown enum",
        "index past the table",
        "negative index",
        "dict for a list",
        "missing table",
        "extra table",
        "not a pair",
    ],
)
def test_data_that_does_not_fit_raises(how: str) -> None:
    plain = json.loads(json.dumps(cache_codec.encode(Catalog, BUNDLED)))
    with pytest.raises((TypeError, KeyError, IndexError, ValueError)):
        cache_codec.decode(Catalog, _mangle(plain, how))


def test_a_model_it_cannot_store_is_refused_up_front() -> None:
    class Loose(Frozen):
        anything: dict[str, Any] | list[int]

    with pytest.raises(TypeError, match="cannot store"):
        cache_codec.encode(Loose, Loose(anything={}))
