"""Shared by the CSV and YAML tests: a small CSV, helpers that import it, and hypothesis
strategies for any catalog (text full of characters that CSV, YAML or a spreadsheet treat
specially)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st

from sockadvisor.domain.csvformat import csv_label
from sockadvisor.domain.models import Catalog, Product
from sockadvisor.domain.vocab import Cushion, Length, Zone
from sockadvisor.errors import DataError
from sockadvisor.sources.catalog import describe_products
from sockadvisor.sources.csv_import import import_csv
from sockadvisor.sources.validation import validate
from sockadvisor.sources.yamlsource import parse

from .conftest import blends

HEADER = "sku,brand,name,price,mmhg,graduated,length,materials,sizes,calf_cm\n"
KNEE = (
    'K-1,Brand,Knee,39.9,15-20,yes,knee_high,"nylon 78, elastane 22",S:36-40;M:41-44,'
    "S:29-35;M:35-41\n"
)
CREW = 'C-1,Brand,Crew,14,,,crew,"polyester 70, nylon 30",38:37-39;41:40-42,\n'


def imported(text: str) -> Catalog:
    return import_csv("p.csv", text.encode())


def only(text: str) -> Product:
    (product,) = imported(text).products
    return product


def errors(data: str | bytes) -> list[str]:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(DataError) as info:
        import_csv("p.csv", raw)
    return info.value.lines()


def reload(text: str) -> Catalog:
    """The YAML text through sockadvisor's own loader."""
    return validate(parse("c.yaml", text), Catalog, "catalog", describe_products)


ODD = st.sampled_from(
    [",", ";", ":", '"', "'", "#", " ", "-", "=", "@", "%", "|", ">", "*", "&", "!", "[", "{"]
    + ["\\", "é", "ß", "Ø", "中", "\u00a0", "\u2002", "\u3000", "yes", "null", "1:30", "0x1F"]
)
# What catalog text may hold (domain/models.py's _printable refuses the rest).
CHARS = st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp"),
    exclude_characters="\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0",
)


def texts(max_size: int, line_breaks: bool = False) -> st.SearchStrategy[str]:
    alphabet = st.one_of(ODD, CHARS, st.just("\n")) if line_breaks else st.one_of(ODD, CHARS)
    return (
        st.lists(alphabet, min_size=1, max_size=max_size)
        .map("".join)
        .filter(lambda s: 0 < len(s) <= max_size and bool(s.strip()))
    )


labels = texts(12).filter(csv_label)
# Prices from 1e-20 up: a smaller one takes more than MAX_NUMBER digits to write out,
# which export refuses (test_csvout.py shows it).
prices = st.floats(1e-20, 1000)
numbers = st.one_of(st.integers(0, 40).map(lambda n: n / 2), st.floats(0, 20))


@st.composite
def spans(draw: st.DrawFn, low: float, high: float, count: int) -> list[dict[str, float]]:
    """`count` ranges within [low, high], min below max, each no smaller than the one before."""
    out: list[dict[str, float]] = []
    lo = hi = low
    for _ in range(count):
        lo = min(high - 1, lo + draw(numbers) / 4)
        hi = min(high, max(hi, lo + 0.5 + draw(numbers)))
        out.append({"min": lo, "max": hi})
    return out


variant_skus = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{1,12}", fullmatch=True)
urls = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9.-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]{0,40}", fullmatch=True),
)


@st.composite
def products(draw: st.DrawFn) -> Product:
    materials = draw(blends())
    compressed = draw(st.booleans())
    count = draw(st.integers(1, 4))
    names = draw(st.lists(labels, min_size=count, max_size=count, unique=True))
    shoes = draw(spans(16, 54, count))
    calves = draw(spans(10, 90, count))
    sizes: list[dict[str, Any]] = []
    calf_alone = compressed and draw(st.booleans())  # a chart sized by calf alone (sleeves)
    for label, shoe, calf in zip(names, shoes, calves, strict=True):
        size: dict[str, Any] = {"label": label} if calf_alone else {"label": label, "shoe_eu": shoe}
        if compressed or draw(st.booleans()):
            size["calf_cm"] = calf
        if draw(st.booleans()):
            low = draw(st.floats(10, 80))
            size["ankle_cm"] = {"min": low, "max": low + draw(st.floats(0.01, 10))}
        if draw(st.booleans()):
            size["stock"] = draw(st.integers(0, 10_000_000) | st.sampled_from(["in", "out"]))
        sizes.append(size)
    skus = draw(st.lists(variant_skus, min_size=count, max_size=count, unique_by=str.casefold))
    for size, sku in zip(sizes, skus, strict=True):
        if draw(st.booleans()):
            size["sku"] = sku
    low = draw(st.floats(5, 50))
    return Product.model_validate(
        {
            "sku": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{1,12}", fullmatch=True)),
            "brand": draw(texts(30)),
            "name": draw(texts(30)),
            "price": draw(prices),
            "compression": {
                "min_mmhg": low,
                "max_mmhg": draw(st.floats(low, 50)),
                "graduated": draw(st.booleans()),
            }
            if compressed
            else None,
            "length": draw(st.sampled_from(list(Length))),
            "materials": materials,
            "cushion": draw(st.none() | st.sampled_from(list(Cushion))),
            "reinforcement": draw(st.lists(st.sampled_from(list(Zone)), unique=True)),
            "seamless_toe": draw(st.none() | st.booleans()),
            "toe_socks": draw(st.booleans()),
            "mesh_ventilation": draw(st.none() | st.booleans()),
            "sizes": sizes,
            "notes": draw(st.none() | texts(60, line_breaks=True)),
            "url": draw(st.none() | urls),
            "image": draw(st.none() | urls),
            "gtin": draw(st.none() | st.from_regex(r"[0-9]{8}|[0-9]{12,14}", fullmatch=True)),
            "currency": draw(st.none() | st.from_regex(r"[A-Z]{3}", fullmatch=True)),
        }
    )


catalogs = st.builds(
    Catalog,
    title=texts(40),
    note=st.none() | texts(60, line_breaks=True),
    products=st.lists(products(), min_size=1, max_size=4, unique_by=lambda p: p.sku.casefold()),
)
