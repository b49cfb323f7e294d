"""Web-store exports read as they are (sources/store_import.py, store_suggest.py): the
Shopify and WooCommerce fixtures under tests/data follow the stores' real column lists,
with invented products."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sockadvisor import api
from sockadvisor.cli.app import app
from sockadvisor.domain.models import Catalog
from sockadvisor.domain.storemap import StoreMap
from sockadvisor.errors import DataError
from sockadvisor.sources.csv_import import import_table
from sockadvisor.sources.store_import import price
from sockadvisor.sources.store_suggest import suggest_map

DATA = Path(__file__).parent / "data"
SHOPS = ("shopify", "woocommerce")


def export(shop: str) -> bytes:
    return (DATA / f"{shop}-products.csv").read_bytes()


def mapping(shop: str) -> StoreMap:
    return StoreMap.model_validate(yaml.safe_load((DATA / f"{shop}-map.yaml").read_text()))


def imported(shop: str, data: bytes | None = None) -> tuple[Catalog, list[str]]:
    return import_table(f"{shop}.csv", data or export(shop), None, mapping(shop), "map.yaml")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_shopify_export_groups_variant_rows_into_products_with_sizes() -> None:
    catalog, notes = imported("shopify")
    skus = [p.sku for p in catalog.products]
    assert skus == [
        "ridge-knee-15-20",
        "valley-knee-20-30",
        "trail-knee-merino",
        "stride-knee-20-30",
        "ease-knee-recovery",
        "scree-trail-crew",
        "tempo-no-show",
    ]  # the draft product is left out, and a note says so
    ridge = catalog.products[0]
    assert (ridge.brand, ridge.price, ridge.currency) == ("Summit Stride", 44.0, "USD")
    assert str(ridge.compression) == "15-20" and ridge.compression and ridge.compression.graduated
    assert ridge.length.value == "knee_high" and ridge.cushion and ridge.cushion.value == "light"
    assert {f.value: n for f, n in ridge.materials.items()} == {"nylon": 80, "elastane": 20}
    assert [(s.label, s.sku, s.stock) for s in ridge.sizes] == [
        ("S", "SS-RK-S", 12),
        ("M", "SS-RK-M", 0),
        ("L", "SS-RK-L", 5),
    ]
    assert ridge.sizes[1].calf_cm is not None and str(ridge.sizes[1].calf_cm) == "34-40"
    assert ridge.url == "https://summitstride.example/products/ridge-knee-15-20"
    assert ridge.image and ridge.image.endswith("/ridge-knee-15-20.jpg")
    merino = catalog.products[2]
    assert {f.value: n for f, n in merino.materials.items()} == {
        "merino": 60,
        "nylon": 30,
        "elastane": 10,
    }  # "Merino Wool" through the mapping's fibres
    valley = catalog.products[1]
    assert str(valley.compression) == "20-30"  # from the metafield column
    crew = catalog.products[5]
    assert crew.compression is None and crew.sizes[0].calf_cm is None and crew.seamless_toe
    assert notes[0] == "left out 1 product(s) not active: winter-wool-crew (draft)"
    assert len(notes) == 2 and "Variant Grams" in notes[1] and "Variant Price" not in notes[1]


def test_a_woocommerce_export_groups_variations_under_their_parent() -> None:
    catalog, notes = imported("woocommerce")
    knee, recovery, crew = catalog.products
    assert (knee.sku, knee.brand, knee.gtin, knee.currency) == (
        "CL-KH-1520",
        "Cairnline",
        "4006381333931",
        "EUR",
    )
    assert [(s.label, s.sku, s.stock) for s in knee.sizes] == [
        ("S", "CL-KH-1520-S", 8),
        ("M", "CL-KH-1520-M", 0),
        ("L", "CL-KH-1520-L", 4),
    ]
    assert knee.url == "https://cairnline.example/?p=201"
    assert {f.value for f in crew.materials} == {"merino", "nylon", "elastane"}  # wool: merino
    assert recovery.price == 49.5 and str(recovery.compression) == "20-30"
    assert len(notes) == 1 and notes[0].startswith("29 column(s) of the export not used")


@pytest.mark.parametrize("shop", SHOPS)
def test_an_imported_export_validates_and_ranks_with_stock(shop: str, tmp_path: Path) -> None:
    out = tmp_path / "catalog.yaml"
    code, stdout, err = run(
        "catalog", "import", str(DATA / f"{shop}-products.csv"),
        "--map", str(DATA / f"{shop}-map.yaml"), "-o", str(out),
    )  # fmt: skip
    assert (code, stdout) == (0, "")
    assert err.count("column(s) of the export not used") == 1
    assert run("catalog", "validate", str(out))[0] == 0
    advisor = api.load(str(out), use_cache=False)
    rec = api.recommend(advisor, api.profile(calf_cm=37, distance="marathon"))
    assert rec.results and all(r.size_stock not in (0, "out") for r in rec.results)
    gone = [e for e in rec.excluded if any(r.constraint == "stock" for r in e.reasons)]
    assert gone and all(r.message == "your size M is out of stock" for e in gone for r in e.reasons)


def test_every_unreadable_row_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    """The example of docs/store-exports.md#errors, and an empty title."""
    text = export("shopify").decode()
    text = text.replace(",44.00,", ",forty-four,", 1).replace("Ease Knee Recovery Sock", "", 1)
    text = text.replace("75% Polyamide, 25% Elastane", "75% Polyamide, 35% Elastane")
    bad = tmp_path / "products_export.csv"
    bad.write_text(text)
    shop_map = tmp_path / "shop-map.yaml"
    shop_map.write_text(
        "\n".join(
            line
            for line in (DATA / "shopify-map.yaml").read_text().splitlines()
            if "label: XL" not in line
        )
    )
    out = tmp_path / "catalog.yaml"
    code, stdout, err = run("catalog", "import", str(bad), "--map", str(shop_map), "-o", str(out))
    assert (code, stdout) == (65, "") and not out.exists()
    lines = [line.removeprefix(str(tmp_path) + "/") for line in err.splitlines()]
    doc = (Path(__file__).parents[1] / "docs" / "store-exports.md").read_text()
    documented = doc.split("--map shop-map.yaml -o shop.yaml\n", 2)[2].split("```")[0]
    assert lines[:3] == documented.splitlines()[:3]
    assert len(lines) == 4
    assert lines[3].startswith("products_export.csv:16:2: row 16 (ease-knee-recovery) column Title")


def test_without_a_mapping_the_error_says_which_store_and_what_to_do() -> None:
    code, stdout, err = run("catalog", "import", str(DATA / "woocommerce-products.csv"))
    assert (code, stdout) == (65, "")
    assert err.count("\n") == 1 and "is a WooCommerce product export" in err
    assert "--suggest-map" in err


@pytest.mark.parametrize("shop", SHOPS)
def test_suggest_map_gets_most_of_the_way(shop: str) -> None:
    suggested, notes = suggest_map(f"{shop}.csv", export(shop))
    wanted = mapping(shop)
    assert suggested.store == wanted.store and suggested.sizes.option == "Size"
    assert set(wanted.fields) <= set(suggested.fields)
    for name, pick in wanted.fields.items():
        assert set(pick.from_) & set(suggested.fields[name].from_), name
    assert wanted.fibres.items() <= suggested.fibres.items()
    labels = [[s.label for s in c.sizes] for c in suggested.sizes.charts]
    assert labels == [[s.label for s in c.sizes] for c in wanted.sizes.charts]
    # With the ranges and the url filled in, as the notes ask, it imports.
    finished = suggested.model_copy(
        update={"sizes": wanted.sizes, "url": wanted.url, "currency": wanted.currency}
    )
    catalog, _ = import_table(f"{shop}.csv", export(shop), None, finished, "m.yaml")
    assert catalog == imported(shop)[0]
    assert any("fill in" in n for n in notes)


def test_suggest_map_writes_a_mapping_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "shop-map.yaml"
    code, stdout, err = run(
        "catalog", "import", str(DATA / "shopify-products.csv"), "--suggest-map", "-o", str(out)
    )
    assert (code, stdout) == (0, "") and "fill in" in err
    first, second = out.read_text().splitlines()[:2]
    assert first.startswith("# yaml-language-server: $schema=file://")
    assert first.endswith("/schemas/map.schema.json")
    assert second.startswith("# A starting mapping for shopify-products.csv")
    code, _, err = run("catalog", "import", str(DATA / "shopify-products.csv"), "--map", str(out))
    assert code == 65 and "no shoe_eu range in the mapping's size chart" in err


def test_a_mapping_with_a_mistake_is_reported_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "map.yaml"
    bad.write_text("fields:\n  mmhg:\n    from: [tags]\n    pattern: '(unclosed'\n")
    code, _, err = run("catalog", "import", str(DATA / "shopify-products.csv"), "--map", str(bad))
    assert code == 65
    assert err.startswith(f"{bad}:4:14: fields.mmhg.pattern: ") and "regular expression" in err


@given(cents=st.integers(1, 99_999_999), sign=st.sampled_from(["", "$", "€", "£"]))
def test_prices_with_signs_and_thousands_separators_read_as_written(cents: int, sign: str) -> None:
    whole, part = divmod(cents, 100)
    us = f"{sign}{whole:,}.{part:02d}"
    eu = f"{whole:,}".replace(",", ".") + f",{part:02d} {sign}".rstrip()
    for text in (us, eu):
        plain, _ = price(text)
        assert round(float(plain) * 100) == cents, text


@pytest.mark.parametrize("text", ["abc", "$", "12 socks", "1.2.3,4,5"])
def test_a_price_that_is_not_one_is_left_for_the_reader_to_refuse(text: str) -> None:
    plain, _ = price(text)
    assert not plain.replace(".", "").isdigit() or text == "1.2.3,4,5"


def test_catalog_takes_a_csv_or_names_the_import_command(tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"
    catalog, _ = imported("woocommerce")
    from sockadvisor.render.csvout import export_csv

    ours.write_text(export_csv(catalog))
    code, stdout, _ = run("catalog", "list", "--catalog", str(ours), "--format", "csv")
    assert code == 0 and stdout.startswith("sku,") and "CL-KH-1520" in stdout
    store = tmp_path / "products_export.csv"
    shutil.copy(DATA / "shopify-products.csv", store)
    code, stdout, err = run("recommend", "--catalog", str(store))
    assert (code, stdout) == (2, "")
    assert "is a Shopify product export" in err and "catalog import" in err and "--map" in err
    env = {"SOCKADVISOR_MAP": str(DATA / "shopify-map.yaml")}
    code, stdout, err = run("recommend", "--catalog", str(store), "--shoe-eu", "40", env=env)
    assert code == 0 and "SS-" in stdout


def test_an_export_that_is_not_a_store_export_refuses_a_mapping() -> None:
    with pytest.raises(DataError) as info:
        import_table("p.csv", b"sku,brand\nA-1,B\n", None, mapping("shopify"), "m.yaml")
    assert "is neither" in info.value.lines()[0]
