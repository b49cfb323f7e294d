"""Reading a shop's CSV file (sources/csv_import.py): separators, quoting, the header, the
title, and where each problem is reported. The cells themselves: test_csv_cells.py."""

from __future__ import annotations

import pytest

from sockadvisor.domain.models import Product
from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone
from sockadvisor.errors import UsageError
from sockadvisor.sources.csv_import import import_csv

from .csvdata import CREW, HEADER, KNEE, errors, imported, only


def test_small_csv_becomes_a_catalog() -> None:
    catalog = import_csv("shop/products.csv", (HEADER + KNEE + CREW).encode())
    assert catalog.title == "Imported from products.csv"
    knee, crew = catalog.products
    assert knee == Product.model_validate(
        {
            "sku": "K-1",
            "brand": "Brand",
            "name": "Knee",
            "price": 39.9,
            "compression": {"min_mmhg": 15, "max_mmhg": 20, "graduated": True},
            "length": "knee_high",
            "materials": {"nylon": 78, "elastane": 22},
            "sizes": [
                {
                    "label": "S",
                    "shoe_eu": {"min": 36, "max": 40},
                    "calf_cm": {"min": 29, "max": 35},
                },
                {
                    "label": "M",
                    "shoe_eu": {"min": 41, "max": 44},
                    "calf_cm": {"min": 35, "max": 41},
                },
            ],
        }
    )
    assert crew.compression is None
    assert [s.label for s in crew.sizes] == ["38", "41"]
    assert (crew.cushion, crew.seamless_toe, crew.mesh_ventilation) == (None, None, None)
    assert (crew.reinforcement, crew.toe_socks) == ([], False)


def test_title_is_an_option_and_checked() -> None:
    data = (HEADER + CREW).encode()
    assert import_csv("p.csv", data, title="My shop").title == "My shop"
    assert import_csv("<stdin>", data).title == "Imported from standard input"
    assert import_csv("dir/a\x1bb.csv", data).title == "Imported from a?b.csv"
    with pytest.raises(UsageError, match="the catalog title is not valid: must be one line"):
        import_csv("p.csv", data, title="two\nlines")
    with pytest.raises(UsageError, match="at least 1 character"):
        import_csv("p.csv", data, title="")


def test_header_is_case_insensitive_in_any_order_with_optional_columns() -> None:
    text = (
        "Notes,Mesh Ventilation,TOE-SOCKS,seamless_toe,Reinforcement,Cushion,Ankle_cm,"
        "Calf cm,Sizes,Materials,Length,Graduated,mmHg,Price,Name,Brand,SKU\n"
        '"Two\nlines",No,Yes,true,"Heel, toe, Achilles",Ultra light,S:18-21;M:20-23,'
        'S:28-33;M:33-38,S:35-38;M:39-42,"Nylon 62%, 20% polyester, elastane: 18",Knee-High,'
        "YES,15 - 20 mmHg,46.95,Trail  ,  Brand, A-1 \n"
    )
    p = only(text)
    assert (p.sku, p.brand, p.name, p.notes) == ("A-1", "  Brand", "Trail  ", "Two\nlines")
    assert (p.seamless_toe, p.toe_socks, p.mesh_ventilation) == (True, True, False)
    assert p.reinforcement == [Zone.heel, Zone.toe, Zone.achilles]
    assert p.cushion is Cushion.ultra_light and p.length is Length.knee_high
    assert p.materials == {Fibre.nylon: 62, Fibre.polyester: 20, Fibre.elastane: 18}
    assert p.compression is not None and str(p.compression) == "15-20"
    assert [(s.label, str(s.shoe_eu), str(s.calf_cm), str(s.ankle_cm)) for s in p.sizes] == [
        ("S", "35-38", "28-33", "18-21"),
        ("M", "39-42", "33-38", "20-23"),
    ]


def test_bom_crlf_and_blank_rows() -> None:
    text = "\ufeff" + HEADER + "\n" + KNEE + ",,,,,,,,,\n" + CREW
    catalog = import_csv("p.csv", text.replace("\n", "\r\n").encode())
    assert [p.sku for p in catalog.products] == ["K-1", "C-1"]


def test_semicolon_separated_with_decimal_commas() -> None:
    text = (
        "sku;brand;name;price;mmhg;graduated;length;materials;sizes;calf_cm\n"
        'K-1;Brand, Inc;Knee;39,90;15-20;ja?;knee_high;nylon 78, elastane 22;"S:36-40;M:41-44";'
        '"S:29,5-35;M:35-41"\n'
    )
    assert errors(text) == [
        "p.csv:2:6: row 2 (K-1) column graduated: write yes or no (or true/false, 1/0); "
        "leave it empty for a plain sock"
    ]
    p = only(text.replace("ja?", "ja").replace(";ja;", ";yes;"))
    assert (p.brand, p.price) == ("Brand, Inc", 39.9)
    assert p.sizes[0].calf_cm is not None and p.sizes[0].calf_cm.min == 29.5
    # a decimal comma in a comma-separated file is a mistake, and says so
    bad = HEADER + 'K-1,B,K,"39,90",15-20,yes,crew,nylon 100,S:36-40,S:29-35\n'
    assert errors(bad) == [
        "p.csv:2:4: row 2 (K-1) column price: is not a number; write digits with a decimal "
        "point, such as 46.95 (no currency sign, no thousands separator)"
    ]


def test_unknown_column_with_did_you_mean_and_duplicates() -> None:
    text = HEADER.strip() + ",cushoin,colour,Price\n" + CREW
    assert errors(text) == [
        "p.csv:1:11: header: unknown column 'cushoin'; did you mean 'cushion'?",
        "p.csv:1:12: header: unknown column 'colour'; the columns are sku, brand, name, price, "
        "mmhg, graduated, length, materials, cushion, reinforcement, seamless_toe, toe_socks, "
        "mesh_ventilation, sizes, calf_cm, ankle_cm, shoe_us, shoe_uk, notes, url, image, gtin, "
        "currency, size_skus, stock",
        "p.csv:1:13: header: column 'price' is there twice (first as column 4); keep one",
    ]


def test_missing_required_columns_is_one_error() -> None:
    assert errors(
        "sku,brand,name,price,length,materials,sizes\nC-1,B,C,14,crew,nylon 100,M:39\n"
    ) == [
        "p.csv:1:1: header: missing required columns mmhg, graduated, calf_cm; add them "
        "(its cells may be empty where the format allows)"
    ]
    assert errors(HEADER.replace(",calf_cm", "") + "C-1,B,C,14,,,crew,nylon 100,M:39\n") == [
        "p.csv:1:1: header: missing required column calf_cm; add it "
        "(its cells may be empty where the format allows)"
    ]


def test_duplicate_sku_ignoring_case() -> None:
    text = HEADER + CREW + KNEE + CREW.replace("C-1", "c-1") + CREW.replace("C-1", " C-1 ")
    assert errors(text) == [
        "p.csv:4:1: row 4 (c-1) column sku: duplicate SKU 'c-1' (first in row 2); "
        "give each SKU its own",
        "p.csv:5:1: row 5 (C-1) column sku: duplicate SKU 'C-1' (first in row 2); "
        "give each SKU its own",
    ]


def test_quoted_line_breaks_shift_lines_but_not_rows() -> None:
    header = HEADER.strip() + ",notes\n"
    text = (
        header
        + 'A-1,B,N,10,,,crew,nylon 100,M:39-42,,"first\r\nsecond\nthird"\n'
        + 'A-2,B,"Two\nlines",10,,,crew,"nylon 50,\n elastane 40",M:39-42,,\n'
        + "A-3,B,N,ten,,,crew,nylon 100,M:39-42,,\n"
    )
    assert errors(text) == [
        "p.csv:5:3: row 3 (A-2) column name: must be one line; remove the line break",
        "p.csv:5:8: row 3 (A-2) column materials: fibre percentages add up to 90, not 100; "
        "correct them",
        "p.csv:8:4: row 4 (A-3) column price: is not a number; write digits with a decimal "
        "point, such as 46.95 (no currency sign, no thousands separator)",
    ]
    notes = only(header + 'A-1,B,N,10,,,crew,nylon 100,M:39-42,,"first\r\nsecond"\n').notes
    assert notes == "first\nsecond"


def test_invalid_utf8_and_control_characters() -> None:
    assert errors(HEADER.encode() + b"C-1,Caf\xe9,C,14,,,crew,nylon 100,M:39-42,\n") == [
        "p.csv:2:8: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]
    assert errors(HEADER + "C-1,B\x1b[2J,C,14,,,crew,nylon 100,M:39-42,\n") == [
        "p.csv:2:6: control character U+001B is not allowed; remove it"
    ]
    (line,) = errors(HEADER + "C-1,B\u202e,C,14,,,crew,nylon 100,M:39-42,\n")
    assert line.startswith(
        "p.csv:2:2: row 2 (C-1) column brand: contains the control or format character U+202E; "
        "remove it"
    )


def test_file_level_problems() -> None:
    assert errors(b"") == [
        "p.csv:1:1: the file is empty; the first line must be the header: sku,brand,name,"
        "price,mmhg,graduated,length,materials,sizes,calf_cm"
    ]
    assert errors(HEADER) == ["p.csv:1:1: no products: add a row for each sock below the header"]
    assert errors("sep=;\n" + HEADER.replace(",", ";")) == [
        "p.csv:1:1: the first line 'sep=...' is an Excel hint that sockadvisor does not read; "
        "delete it (the header must be the first line)"
    ]
    assert errors(HEADER.replace(",", "\t") + CREW) == [
        "p.csv:1:1: header: tab-separated files are not read; save the sheet as CSV "
        "(comma-separated)"
    ]
    assert errors(HEADER + CREW + 'K-1,B,"K\n,14\n') == [
        "p.csv:3:1: row 3: CSV syntax: a quoted cell is never closed; add the closing double quote"
    ]
    assert errors(HEADER + 'K-1,B,"K"x,14\n') == [
        "p.csv:2:1: row 2: CSV syntax: ',' expected after '\"': a double quote inside a quoted "
        'cell must be doubled (""), and a cell that contains quotes must be quoted as a whole'
    ]


def test_columns_without_a_name_and_cells_beyond_the_header() -> None:
    header = HEADER.strip() + ",,\n"
    ok = imported(header + CREW.strip() + ",,\n" + KNEE.strip() + ",, \n")
    assert len(ok.products) == 2
    assert errors(header + CREW.strip() + ",,\n" + KNEE.strip() + ",,x,y\n") == [
        "p.csv:1:12: header: column 12 has no name in the header but has values (first in "
        "row 3); name the column or delete it",
        "p.csv:3:13: row 3 (K-1): this cell is beyond the last column of the header; delete it, "
        "or put text that contains a comma in double quotes",
    ]
