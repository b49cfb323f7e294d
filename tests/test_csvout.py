"""CSV output (render/csvout.py): the catalog's own CSV format, which imports back to the
same catalog, what it refuses, and the formula escape every CSV writer applies."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from sockadvisor.domain.csvformat import COLUMNS
from sockadvisor.domain.models import Catalog
from sockadvisor.render.csvout import CsvExportError, export_csv
from sockadvisor.render.yamlout import catalog_yaml
from sockadvisor.sources.catalog import load_catalog
from sockadvisor.sources.csv_import import import_csv

from .csvdata import catalogs, reload


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
