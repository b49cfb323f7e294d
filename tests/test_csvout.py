"""CSV output (render/csvout.py): the catalog's own CSV format, which imports back to the
same catalog, what it refuses, and the formula escape every CSV writer applies."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.csvformat import COLUMNS
from sockadvisor.domain.models import Catalog
from sockadvisor.render.csvout import CsvExportError, export_csv, write_csv
from sockadvisor.render.yamlout import catalog_yaml
from sockadvisor.sources.catalog import load_catalog
from sockadvisor.sources.csv_import import import_csv

from .csvdata import catalogs, reload, texts


def test_bundled_catalog_round_trips_through_csv() -> None:
    bundled = load_catalog(None).catalog
    text = export_csv(bundled)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "CRN-KH-1520,Cairnstep,Summit Grade Trail OTC,46.95,15-20,yes,knee_high," in text
    assert ",S:35-38;M:39-42;L:43-45;XL:46-48,S:28-33;M:33-38;L:38-43;XL:43-48," in text
    catalog = import_csv("b.csv", text.encode(), title=bundled.title)
    assert catalog.products == bundled.products
    assert export_csv(catalog) == text
    assert export_csv(catalog.products[:2]) == "".join(text.splitlines(keepends=True)[:3])
    assert export_csv([]) == ",".join(COLUMNS) + "\n"


def test_export_refuses_what_csv_cannot_hold() -> None:
    base: dict[str, Any] = {
        "sku": "A-1",
        "brand": "B",
        "name": "N",
        "price": 10,
        "compression": None,
        "length": "crew",
        "materials": {"nylon": 100},
        "sizes": [{"label": "M", "shoe_eu": {"min": 39, "max": 42}}],
    }
    for change in (
        {"sizes": [{"label": "S;M", "shoe_eu": {"min": 39, "max": 42}}]},
        {"sizes": [{"label": " M", "shoe_eu": {"min": 39, "max": 42}}]},
        {"sizes": [{"label": "S:35-38, M", "shoe_eu": {"min": 39, "max": 42}}]},
        {"name": "   "},
        {"notes": "\n"},
    ):
        catalog = Catalog.model_validate({"title": "t", "products": [{**base, **change}]})
        with pytest.raises(CsvExportError, match="cannot write A-1 as CSV") as info:
            export_csv(catalog)
        assert info.value.exit_code == 65
        assert reload(catalog_yaml(catalog)) == catalog


@settings(max_examples=150, deadline=None)
@given(catalog=catalogs)
def test_any_catalog_round_trips_through_csv(catalog: Catalog) -> None:
    again = import_csv("p.csv", export_csv(catalog).encode(), title=catalog.title)
    assert again == catalog.model_copy(update={"note": None})


NOTES = COLUMNS.index("notes")


def test_write_csv_escapes_every_cell_a_spreadsheet_would_run() -> None:
    text = write_csv(["a", "b", "c", "d"], [["=1+1", -3, None, "@SUM(A1)"], ["-x", 2.5, "", "ok"]])
    assert text == "a,b,c,d\n'=1+1,-3,,'@SUM(A1)\n'-x,2.5,,ok\n"


def test_export_escapes_formulas_and_import_reads_them_back() -> None:
    base = load_catalog(None).catalog
    first = base.products[0].model_copy(
        update={"brand": '=HYPERLINK("http://x")', "name": "@SUM(1+1)", "notes": "-2+3"}
    )
    second = base.products[1].model_copy(update={"brand": "'=quoted", "name": "+41 22"})
    catalog = Catalog(title=base.title, products=[first, second])
    text = export_csv(catalog)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1:3] == ['\'=HYPERLINK("http://x")', "'@SUM(1+1)"] and rows[1][NOTES] == "'-2+3"
    assert rows[2][1:3] == ["''=quoted", "'+41 22"]
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert import_csv("p.csv", text.encode(), title=catalog.title) == catalog


FORMULA_TEXT = st.builds(
    lambda quotes, start, rest: "'" * quotes + start + rest,
    st.integers(0, 2),
    st.sampled_from(["=", "+", "-", "@"]),  # tab and CR are not allowed in catalog text
    texts(25),
).filter(lambda t: not re.fullmatch(r"-[0-9]+(?:\.[0-9]+)?", t))  # a plain number stays as it is


@settings(max_examples=150, deadline=None)
@given(catalog=catalogs, brand=FORMULA_TEXT, name=FORMULA_TEXT, notes=FORMULA_TEXT)
def test_text_starting_like_a_formula_round_trips_through_csv(
    catalog: Catalog, brand: str, name: str, notes: str
) -> None:
    changed = [
        p.model_copy(update={"brand": brand, "name": name, "notes": notes})
        for p in catalog.products
    ]
    catalog = catalog.model_copy(update={"products": changed, "note": None})
    text = export_csv(catalog)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert all(row[1:3] == ["'" + brand, "'" + name] and row[NOTES] == "'" + notes for row in rows)
    assert import_csv("p.csv", text.encode(), title=catalog.title) == catalog


def test_export_refuses_a_price_too_small_to_write_in_40_digits() -> None:
    base = load_catalog(None).catalog
    small = base.products[0].model_copy(update={"price": 1e-20})
    text = export_csv([small])
    assert ",0.00000000000000000001," in text
    assert import_csv("p.csv", text.encode()).products == [small]
    tiny = base.products[0].model_copy(update={"price": 1.5e-39})
    with pytest.raises(CsvExportError, match="its price 1.5e-39 takes more than 40 digits"):
        export_csv([tiny])


def test_the_makers_us_and_uk_columns_round_trip_through_csv() -> None:
    sizes: list[dict[str, Any]] = [
        {"label": "S", "shoe_eu": {"min": 35, "max": 38}, "shoe_us": {"min": 4, "max": 5.5}},
        {"label": "M", "shoe_eu": {"min": 39, "max": 42}, "shoe_us": {"min": 6, "max": 9.5}},
    ]
    sizes[0]["shoe_uk"] = {"min": 3, "max": 4.5}
    sizes[1]["shoe_uk"] = {"min": 5, "max": 8.5}
    product = {"sku": "A-1", "brand": "B", "name": "N", "price": 15.0, "compression": None}
    product |= {"length": "crew", "materials": {"nylon": 100}, "sizes": sizes}
    catalog = Catalog.model_validate({"title": "t", "products": [product]})
    text = export_csv(catalog)
    row = dict(zip(COLUMNS, next(csv.reader(io.StringIO(text.splitlines()[1]))), strict=True))
    assert (row["shoe_us"], row["shoe_uk"]) == ("S:4-5.5;M:6-9.5", "S:3-4.5;M:5-8.5")
    assert import_csv("p.csv", text.encode(), title="t") == catalog
    assert reload(catalog_yaml(catalog)) == catalog
