"""Advice that knows the shelf: an out-of-stock size removes a product (with its own
reason), no stock data makes no claim, and the runner may keep them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.engine import diagnose
from sockadvisor.engine import ranking as engine
from sockadvisor.render import words
from sockadvisor.render.words import Style

from .conftest import product, rules

CREW = rules({"id": "crew", "prefer": {"length": ["crew"]}, "weight": 1})


def stocked(sku: str, stock: Any, price: float = 15.0) -> Product:
    sizes = [
        {"label": "S", "shoe_eu": {"min": 35, "max": 38}, "sku": f"{sku}-S", "stock": 4},
        {"label": "M", "shoe_eu": {"min": 39, "max": 42}, "sku": f"{sku}-M", "stock": stock},
    ]
    return product(sku=sku, price=price, sizes=sizes, url=f"https://shop.example/p/{sku}")


@pytest.mark.parametrize("stock", [0, "out"])
def test_an_out_of_stock_size_removes_the_product_with_its_own_reason(stock: object) -> None:
    rec = engine.rank([stocked("A-1", stock), stocked("B-1", 3)], CREW, RunnerProfile(shoe_eu=40))
    assert [r.sku for r in rec.results] == ["B-1"]
    (gone,) = rec.excluded
    assert gone.sku == "A-1"
    assert [(r.constraint, r.message) for r in gone.reasons] == [
        ("stock", "your size M is out of stock")
    ]
    first = rec.results[0]
    assert (first.size, first.size_sku, first.size_stock) == ("M", "B-1-M", 3)
    dumped = first.model_dump(mode="json")
    assert dumped["url"] == "https://shop.example/p/B-1" and dumped["size_sku"] == "B-1-M"


@given(stock=st.one_of(st.none(), st.integers(1, 1000), st.just("in")))
def test_in_stock_or_unknown_stock_is_never_removed(stock: object) -> None:
    rec = engine.rank([stocked("A-1", stock)], CREW, RunnerProfile(shoe_eu=40))
    assert [r.sku for r in rec.results] == ["A-1"] and not rec.excluded


def test_without_a_known_size_there_is_no_stock_claim() -> None:
    rec = engine.rank([stocked("A-1", 0)], CREW, RunnerProfile())
    assert [r.sku for r in rec.results] == ["A-1"]
    assert rec.results[0].size_stock is None


def test_include_out_of_stock_brings_it_back() -> None:
    profile = RunnerProfile(shoe_eu=40, include_out_of_stock=True)
    rec = engine.rank([stocked("A-1", "out")], CREW, profile)
    assert [(r.sku, r.size_stock) for r in rec.results] == [("A-1", "out")]


def test_diagnosis_offers_the_stock_and_what_if_changes_it() -> None:
    products = [stocked("A-1", 0, price=10.0), stocked("B-1", 5, price=20.0)]
    profile = RunnerProfile(shoe_eu=40, budget=15)
    found = diagnose.diagnose(products, CREW, profile)
    assert found is not None
    ways = [[words.constraint(c) for c in r.relax] for r in found.relaxations]
    assert ["in stock: your size"] in ways and ["budget <= 15.00"] in ways
    assert "stock" in [c.id for c in found.constraints]
    change = diagnose.what_if(products, CREW, RunnerProfile(shoe_eu=40))
    stock = [c for c in change.changes if c.option == "include_out_of_stock"]
    assert [(words.change(c, Style.plain), c.top.sku) for c in stock] == [
        ("in stock: not required", "A-1")
    ]
    assert words.change(stock[0], Style.terminal) == (
        "in stock: not required (--include-out-of-stock)"
    )


@pytest.mark.parametrize(
    "field,value",
    [
        ("url", "ftp://shop.example/a"),
        ("url", "shop.example/a"),
        ("image", "javascript:alert(1)"),
        ("gtin", "12345"),
        ("currency", "usd"),
    ],
)
def test_links_and_identifiers_are_validated(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        product(**{field: value})


@pytest.mark.parametrize("stock", [-1, 1.5, "some", True])
def test_a_stock_is_a_count_or_in_or_out(stock: object) -> None:
    with pytest.raises(ValidationError):
        stocked("A-1", stock)
