"""Loading the bundled and a user's catalog and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sockadvisor.errors import DataError, UsageError
from sockadvisor.sources.catalog import (
    CATALOG_FILE,
    RULES_FILE,
    bundled,
    load_catalog,
    load_documents,
    load_rules,
)


def test_bundled_catalog_loads_clean_and_is_labelled_sample() -> None:
    loaded = load_catalog(None)
    assert len(loaded.products) >= 40
    assert "sample" in loaded.catalog.title.lower()
    head = Path(bundled(CATALOG_FILE)).read_text(encoding="utf-8")[:1200]
    assert "SAMPLE DATA" in head.upper()


def test_bundled_catalog_spans_the_space() -> None:
    products = load_catalog(None).products
    lengths = {p.length for p in products}
    assert len(lengths) == 6
    assert any(p.compression is None for p in products)
    assert any(p.compression and p.compression.min_mmhg >= 20 for p in products)
    assert any(p.compression and p.compression.max_mmhg <= 15 for p in products)
    assert any(p.cushion is None or p.seamless_toe is None for p in products)


def test_bundled_rules_are_many_and_sourced() -> None:
    compiled = load_rules(None)
    assert len(compiled) >= 25
    assert all(c.rule.source.strip() and c.rule.because.strip() for c in compiled)


def test_get_is_case_insensitive_and_suggests(tmp_path: Path) -> None:
    loaded = load_catalog(None)
    sku = loaded.products[0].sku
    assert loaded.get(sku.lower()).sku == sku
    with pytest.raises(UsageError, match=f"did you mean {sku}"):
        loaded.get(sku[:-1] + "Q")
    with pytest.raises(UsageError, match="unknown SKU 'zzzzzz'"):
        loaded.get("zzzzzz")


def test_duplicate_skus_and_rule_ids(tmp_path: Path) -> None:
    product = """  - sku: {sku}
    brand: B
    name: N
    price: 10
    compression: null
    length: crew
    materials: {{nylon: 100}}
    sizes: [{{label: M, shoe_eu: {{min: 39, max: 42}}}}]
"""
    path = tmp_path / "c.yaml"
    path.write_text("title: t\nproducts:\n" + product.format(sku="A-1") + product.format(sku="a-1"))
    with pytest.raises(DataError) as info:
        load_catalog(str(path))
    assert info.value.lines() == [
        f"{path}:11:10: products[1] (a-1).sku: duplicate SKU 'a-1' (first on line 3); "
        "give each SKU its own"
    ]
    rule = "  - {id: r-one, prefer: {compressed: true}, weight: 1, because: b, source: s}\n"
    rpath = tmp_path / "r.yaml"
    rpath.write_text("rules:\n" + rule + rule)
    with pytest.raises(DataError, match="duplicate rule id 'r-one'"):
        load_rules(str(rpath))


def test_bundled_paths_exist() -> None:
    assert Path(bundled(CATALOG_FILE)).is_file()
    assert Path(bundled(RULES_FILE)).is_file()


def test_load_documents_keeps_the_positions_and_compiles_the_rules() -> None:
    documents = load_documents(None, None)
    assert documents.catalog.products == load_catalog(None, use_cache=False).products
    assert [r.id for r in documents.rules] == [r.id for r in load_rules(None, use_cache=False)]
    line, _ = documents.catalog_doc.position(("products", 1))
    assert documents.catalog_doc.name.endswith(CATALOG_FILE) and line > 1
    assert documents.rules_doc.position(("rules", 0))[0] > 1


def test_load_documents_reports_the_problems_of_both_files(tmp_path: Path) -> None:
    c, r = tmp_path / "c.yaml", tmp_path / "r.yaml"
    c.write_text("title: Shop\nproducts: []\n", encoding="utf-8")
    r.write_text("rules:\n  - id: X\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_documents(str(c), str(r))
    assert [p.file for p in info.value.problems] == [str(c), *[str(r)] * 5]
