"""One row's cells (sources/csv_cells.py): every column's forms, its problems, and numbers
read as a person reads them."""

from __future__ import annotations

import pytest

from sockadvisor.domain.vocab import Cushion, Fibre

from .csvdata import HEADER, errors, only


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('"nylon 78, elastane 22"', {"nylon": 78, "elastane": 22}),
        ('"nylon 78%, elastane 22 %"', {"nylon": 78, "elastane": 22}),
        ('"78% nylon, 22% elastane"', {"nylon": 78, "elastane": 22}),
        ('"78 Nylon; 22 Elastane"', {"nylon": 78, "elastane": 22}),
        ("nylon 78 / spandex 22", {"nylon": 78, "elastane": 22}),
        ('"polyamide 78, lycra 22"', {"nylon": 78, "elastane": 22}),
        ("merino 100", {"merino": 100}),
    ],
)
def test_materials_forms(cell: str, expected: dict[str, int]) -> None:
    row = f"K-1,Brand,Knee,39.9,15-20,yes,knee_high,{cell},S:36-40;M:41-44,S:29-35;M:35-41\n"
    assert only(HEADER + row).materials == expected


@pytest.mark.parametrize(
    ("mmhg", "graduated", "expected"),
    [
        ("15-20", "yes", (15, 20, True)),
        ("20", "no", (20, 20, False)),
        (" 15 \u2013 20 ", "True", (15, 20, True)),
        ("15-20 mmHg", "1", (15, 20, True)),
        ("20mmhg", "0", (20, 20, False)),
        ("12.5-17.5", "false", (12.5, 17.5, False)),
    ],
)
def test_mmhg_forms(mmhg: str, graduated: str, expected: tuple[float, float, bool]) -> None:
    row = f"K-1,B,K,39.9,{mmhg},{graduated},crew,nylon 100,S:36-40,S:29-35\n"
    c = only(HEADER + row).compression
    assert c is not None and (c.min_mmhg, c.max_mmhg, c.graduated) == expected


def test_empty_mmhg_is_a_plain_sock_and_graduated_no_is_fine() -> None:
    assert only(HEADER + "C-1,B,C,14,,no,crew,nylon 100,M:39-42,\n").compression is None
    assert only(HEADER + "C-1,B,C,14, ,,crew,nylon 100,M:39-42,\n").compression is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("No", False), ("TRUE", True), ("false", False), ("1", True), ("0", False)],
)
def test_booleans(cell: str, expected: bool) -> None:
    header = HEADER.strip() + ",seamless_toe,toe_socks,mesh_ventilation\n"
    p = only(header + f"C-1,B,C,14,,,crew,nylon 100,M:39-42,,{cell},{cell},{cell}\n")
    assert (p.seamless_toe, p.toe_socks, p.mesh_ventilation) == (expected,) * 3


def test_empty_means_unknown_none_or_no() -> None:
    header = (
        HEADER.strip() + ",cushion,reinforcement,seamless_toe,toe_socks,mesh_ventilation,notes\n"
    )
    p = only(header + "C-1,B,C,14,,,crew,nylon 100,M:39-42,, , ,,  ,,\n")
    assert (p.cushion, p.seamless_toe, p.mesh_ventilation, p.notes) == (None, None, None, None)
    assert (p.reinforcement, p.toe_socks) == ([], False)
    p = only(header + "C-1,B,C,14,,,crew,nylon 100,M:39-42,,none,None,,,,\n")
    assert p.cushion is Cushion.none and p.reinforcement == []


def test_sizes_with_calf_and_ankle_matched_by_label() -> None:
    header = HEADER.strip() + ",ankle_cm\n"
    row = (
        'K-1,B,K,39.9,15-20,yes,knee_high,nylon 100,"S/M:35-38.5; L:39-42\n",'
        "L:33-38;S/M:28-33,S/M:18-21\n"
    )
    p = only(header + row)
    assert [
        (s.label, s.shoe_eu and s.shoe_eu.min, s.shoe_eu and s.shoe_eu.max) for s in p.sizes
    ] == [
        ("S/M", 35, 38.5),
        ("L", 39, 42),
    ]
    assert [str(s.calf_cm) for s in p.sizes] == ["28-33", "33-38"]
    assert [s.ankle_cm and str(s.ankle_cm) for s in p.sizes] == ["18-21", None]
    plain = only(HEADER + "C-1,B,C,14,,,crew,nylon 100,38:38;39:39-40,39:30-40\n")
    assert [str(s.shoe_eu) for s in plain.sizes] == ["38-38", "39-40"]
    assert [s.calf_cm and str(s.calf_cm) for s in plain.sizes] == [None, "30-40"]


def test_bad_number() -> None:
    text = HEADER + "K-1,B,K,€39.90,15-20,yes,crew,nylon 100,S:36-40,S:29-35\n"
    assert errors(text) == [
        "p.csv:2:4: row 2 (K-1) column price: is not a number; write digits with a decimal "
        "point, such as 46.95 (no currency sign, no thousands separator)"
    ]


def test_materials_must_add_up_and_be_known() -> None:
    rows = [
        'A-1,B,N,10,,,crew,"nylon 70, elastane 20",M:39-42,\n',
        'A-2,B,N,10,,,crew,"nylon 70, wool 30",M:39-42,\n',
        'A-3,B,N,10,,,crew,"nylon 70, elastan 30",M:39-42,\n',
        'A-4,B,N,10,,,crew,"nylon 70.5, elastane 29.5",M:39-42,\n',
        'A-5,B,N,10,,,crew,"nylon 70, nylon 30",M:39-42,\n',
        'A-6,B,N,10,,,crew,"nylon seventy",M:39-42,\n',
        "A-7,B,N,10,,,crew,nylon 0; elastane 100,M:39-42,\n",
        "A-8,B,N,10,,,crew,,M:39-42,\n",
    ]
    assert errors(HEADER + "".join(rows)) == [
        "p.csv:2:8: row 2 (A-1) column materials: fibre percentages add up to 90, not 100; "
        "correct them",
        "p.csv:3:8: row 3 (A-2) column materials: unknown fibre 'wool'; the fibres are nylon, "
        "polyester, polypropylene, elastane, merino, acrylic, bamboo, cotton, silver",
        "p.csv:4:8: row 4 (A-3) column materials: unknown fibre 'elastan'; "
        "did you mean 'elastane'?",
        "p.csv:5:8: row 5 (A-4) column materials: elastane: a percent is a whole number "
        "from 1 to 100",
        "p.csv:5:8: row 5 (A-4) column materials: nylon: a percent is a whole number from 1 to 100",
        "p.csv:6:8: row 6 (A-5) column materials: nylon is there twice; list each fibre once",
        "p.csv:7:8: row 7 (A-6) column materials: 'nylon seventy' is not a fibre and a percent; "
        "write them like nylon 70 or 70% nylon",
        "p.csv:8:8: row 8 (A-7) column materials: nylon: input should be greater than or "
        "equal to 1",
        "p.csv:9:8: row 9 (A-8) column materials: is empty; write each fibre with its percent, "
        "such as nylon 70, elastane 20, merino 10",
    ]


def test_a_chart_sized_by_calf_alone_names_its_sizes_in_calf_cm() -> None:
    sleeve = "A-1,B,N,10,20-30,yes,knee_high,nylon 100,,S:28-34;M:34-40\n"
    product = only(HEADER + sleeve)
    assert [(s.label, s.shoe_eu, s.calf_cm and s.calf_cm.min) for s in product.sizes] == [
        ("S", None, 28),
        ("M", None, 34),
    ]
    plain = "A-2,B,N,10,,,crew,nylon 100,,S:28-34\n"  # a plain sock is sized by shoe
    assert errors(HEADER + plain) == [
        "p.csv:2:10: row 2 (A-2) column calf_cm: a plain sock is sized by shoe: add shoe_eu to "
        "every size"
    ]


def test_bad_sizes() -> None:
    rows = [
        "A-1,B,N,10,,,crew,nylon 100,M:39/42,\n",
        "A-2,B,N,10,,,crew,nylon 100,M 39-42,\n",
        "A-3,B,N,10,,,crew,nylon 100,L:43-46;M:39-42,\n",
        "A-4,B,N,10,,,crew,nylon 100,M:42-39;L:43-60,\n",
        'A-5,B,N,10,,,crew,nylon 100,"S:35-38, M:39-42",\n',
        "A-6,B,N,10,,,crew,nylon 100,M:39-42;M:43-46,\n",
        "A-7,B,N,10,,,crew,nylon 100,,\n",
        "A-8,B,N,10,,,crew,nylon 100,ABCDEFGHIJKLM:39-42,\n",
    ]
    assert errors(HEADER + "".join(rows)) == [
        "p.csv:2:9: row 2 (A-1) column sizes: size M: '39/42' is not a range of EU shoe sizes; "
        "write min-max, such as 35-38, or one number",
        "p.csv:3:9: row 3 (A-2) column sizes: 'M 39-42' needs a size label and a range, "
        "such as S:35-38",
        "p.csv:4:9: row 4 (A-3) column sizes: size M comes after L but is smaller in shoe_eu; "
        "list sizes from smallest to largest",
        "p.csv:5:9: row 5 (A-4) column sizes: size L: upper end: input should be less than "
        "or equal to 54",
        "p.csv:5:9: row 5 (A-4) column sizes: size M: min must not be above max; swap them",
        "p.csv:6:9: row 6 (A-5) column sizes: separate the sizes with ';', such as S:35-38;M:39-42",
        "p.csv:7:9: row 7 (A-6) column sizes: size M is there twice; list each size once",
        "p.csv:8:9: row 8 (A-7) column sizes: is empty; write the size chart as label:EU shoe "
        "sizes, such as S:35-38;M:39-42 (a compression chart sized by calf alone: give its "
        "sizes in calf_cm instead)",
        "p.csv:9:9: row 9 (A-8) column sizes: size label 'ABCDEFGHIJKLM': string should have "
        "at most 12 characters",
    ]


def test_calf_and_ankle_labels_must_match_sizes() -> None:
    header = HEADER.strip() + ",ankle_cm\n"
    rows = [
        "K-1,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35-38;M:39-42,S:28-33;XL:38-43,\n",
        "K-2,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35-38;M:39-42,S:28-33;M:33-38,s:18-21\n",
        "K-3,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35-38;M:39-42,S:28-33,\n",
        "K-4,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35-38;M:39-42,S:33-33;M:33-35,\n",
        "K-5,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35/38,S:28-33;L:1-2,\n",
        "K-6,B,K,39.9,15-20,yes,knee_high,nylon 100,S:35-38;M:39-42,S:33-38;M:30-35,\n",
    ]
    assert errors(header + "".join(rows)) == [
        "p.csv:2:10: row 2 (K-1) column calf_cm: size XL is not in the sizes column (S, M); "
        "use the labels of sizes",
        "p.csv:3:11: row 3 (K-2) column ankle_cm: size s is not in the sizes column (S, M); "
        "did you mean 'S'?",
        "p.csv:4:10: row 4 (K-3) column calf_cm: give calf_cm on every size or on none (a "
        "chart sized by shoe alone); copy the maker's chart",
        "p.csv:5:10: row 5 (K-4) column calf_cm: size S: min must be below max (they are equal "
        "or swapped)",
        "p.csv:6:9: row 6 (K-5) column sizes: size S: '35/38' is not a range of EU shoe sizes; "
        "write min-max, such as 35-38, or one number",
        "p.csv:7:9: row 7 (K-6) column sizes: size M comes after S but is smaller in calf_cm; "
        "list sizes from smallest to largest",
    ]


def test_compression_cells() -> None:
    rows = [
        "K-1,B,K,39.9,15-20,,crew,nylon 100,S:36-40,S:29-35\n",
        "K-2,B,K,39.9,,yes,crew,nylon 100,S:36-40,S:29-35\n",
        "K-3,B,K,39.9,high,yes,crew,nylon 100,S:36-40,S:29-35\n",
        "K-4,B,K,39.9,20-15,yes,crew,nylon 100,S:36-40,S:29-35\n",
        "K-5,B,K,39.9,15-60,maybe,crew,nylon 100,S:36-40,S:29-35\n",
        "K-6,B,K,39.9,15-20,yes,crew,nylon 100,S:36-40,\n",
    ]
    assert errors(HEADER + "".join(rows)) == [
        "p.csv:2:6: row 2 (K-1) column graduated: is empty, but mmhg is set; write yes "
        "(tightest at the ankle, easing up the leg) or no",
        "p.csv:3:6: row 3 (K-2) column graduated: is yes, but mmhg is empty; write the pressure "
        "in mmhg, or empty this cell for a sock without compression",
        "p.csv:4:5: row 4 (K-3) column mmhg: is not a pressure; write from-to in mmHg, such as "
        "15-20, or one value, such as 20; leave it empty for a sock without compression",
        "p.csv:5:5: row 5 (K-4) column mmhg: min_mmhg must not be above max_mmhg; swap them",
        "p.csv:6:5: row 6 (K-5) column mmhg: input should be less than or equal to 50",
        "p.csv:6:6: row 6 (K-5) column graduated: write yes or no (or true/false, 1/0); "
        "leave it empty for a plain sock",
    ]  # K-6: a compression chart sized by shoe alone is valid (several makers do so)


def test_other_cells_and_words() -> None:
    header = HEADER.strip() + ",cushion,reinforcement,toe_socks\n"
    rows = [
        ",,,,,,,,,,,,\n" + "  ,B,N,10,,,crew,nylon 100,M:39-42,,,,\n",
        "A 2,,N,-3,,,knee high-socks,nylon 100,M:39-42,,thick,heal,maybe\n",
        "A-3,B,N,0,,,,nylon 100,M:39-42,,,,\n",
    ]
    assert errors(header + "".join(rows)) == [
        "p.csv:3:1: row 3 column sku: is empty; write the product code",
        "p.csv:4:1: row 4 (A 2) column sku: a SKU is 2-40 letters, digits, '.', '_' or '-', "
        "starting with a letter or digit",
        "p.csv:4:2: row 4 (A 2) column brand: is empty; write the maker",
        "p.csv:4:4: row 4 (A 2) column price: is not a number; write digits with a decimal "
        "point, such as 46.95 (no currency sign, no thousands separator)",
        "p.csv:4:7: row 4 (A 2) column length: input should be 'no_show', 'ankle', 'quarter', "
        "'micro_crew', 'crew' or 'knee_high'",
        "p.csv:4:11: row 4 (A 2) column cushion: input should be 'none', 'ultra_light', 'light', "
        "'medium' or 'max'",
        "p.csv:4:12: row 4 (A 2) column reinforcement: unknown zone 'heal'; did you mean 'heel'?",
        "p.csv:4:13: row 4 (A 2) column toe_socks: write yes or no (or true/false, 1/0); "
        "leave it empty for no",
        "p.csv:5:4: row 5 (A-3) column price: input should be greater than 0",
        "p.csv:5:7: row 5 (A-3) column length: is empty; write one of no_show, ankle, quarter, "
        "micro_crew, crew, knee_high",
    ]


def test_problems_never_echo_long_or_unprintable_cells() -> None:
    text = HEADER + f"C-1,B,C,14,,,crew,{'w' * 500} 100,M:39-42,\n"
    (line,) = errors(text)
    assert len(line) < 200 and "\u2026" in line
    (line,) = errors(HEADER + 'C-1,B,C,14,,,crew,"wo\tol 100",M:39-42,\n')
    assert "wo\\tol" in line


# ---------------------------------------------------------------------------- numbers

# A cell in each column that holds numbers, with {} where the number goes.
NUMBER_CELLS = {
    "price": "C-1,B,C,{},,,crew,nylon 100,M:39-42,\n",
    "mmhg": "K-1,B,K,39.9,{}-20,yes,crew,nylon 100,S:36-40,S:29-35\n",
    "materials": 'C-1,B,C,14,,,crew,"nylon {}, elastane 30",M:39-42,\n',
    "sizes": "C-1,B,C,14,,,crew,nylon 100,M:{},\n",
    "calf_cm": "K-1,B,K,39.9,15-20,yes,crew,nylon 100,S:36-40,S:{}-35\n",
}


@pytest.mark.parametrize("column", NUMBER_CELLS)
@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("0x1F", "'0x1F' is written in hexadecimal; write it in decimal digits (0-9)"),
        ("0X1f", "'0X1f' is written in hexadecimal; write it in decimal digits (0-9)"),
        ("0b101", "'0b101' is written in binary; write it in decimal digits (0-9)"),
        ("0o17", "'0o17' is written in octal; write it in decimal digits (0-9)"),
        ("1__0", "'1__0' has '_' between its digits; write the digits without it"),
        ("1_000", "'1_000' has '_' between its digits; write the digits without it"),
        ("2e1", "'2e1' has an exponent (e); write the number out in digits"),
        ("1.0e309", "'1.0e309' has an exponent (e); write the number out in digits"),
        ("4E-1", "'4E-1' has an exponent (e); write the number out in digits"),
        ("inf", "'inf' is not a number; write the number in decimal digits (0-9)"),
        ("NaN", "'NaN' is not a number; write the number in decimal digits (0-9)"),
        ("Infinity", "'Infinity' is not a number; write the number in decimal digits (0-9)"),
        ("\u0664\u0660", "has digits other than 0-9; write the number with the digits 0-9"),
        ("\uff14\uff10", "has digits other than 0-9; write the number with the digits 0-9"),
    ],
)
def test_numbers_are_decimal_digits_only(column: str, number: str, message: str) -> None:
    (line,) = errors(HEADER + NUMBER_CELLS[column].format(number))
    assert f" column {column}: " in line and line.endswith(message), line


@pytest.mark.parametrize("column", ["price", "mmhg", "sizes", "calf_cm"])
@pytest.mark.parametrize("number", ["9" * 5000, "0." + "0" * 4998 + "1", "1" * 41])
def test_a_number_too_long_is_refused_in_plain_words(column: str, number: str) -> None:
    (line,) = errors(HEADER + NUMBER_CELLS[column].format(number))
    assert line.endswith(
        f"is too long for a number ({len(number)} characters); a number has at most 40"
    ), line
    assert "\u2026" in line and len(line) < 200
    assert "sys." not in line and "()" not in line and "digits limit" not in line


def test_a_long_percent_is_a_percent_problem() -> None:
    (line,) = errors(HEADER + NUMBER_CELLS["materials"].format("7" * 5000))
    assert line.endswith("column materials: nylon: a percent is a whole number from 1 to 100")


def test_a_number_of_40_characters_is_read() -> None:
    assert only(HEADER + NUMBER_CELLS["price"].format("14." + "0" * 37)).price == 14


def test_a_leading_zero_is_decimal_never_octal() -> None:
    p = only(
        HEADER + 'K-1,B,K,040,015-020,yes,crew,"nylon 070, elastane 030",S:036-040,S:029-035\n'
    )
    assert p.price == 40 and p.compression is not None and str(p.compression) == "15-20"
    assert p.materials == {Fibre.nylon: 70, Fibre.elastane: 30}
    assert [(str(s.shoe_eu), str(s.calf_cm)) for s in p.sizes] == [("36-40", "29-35")]


def test_odd_numbers_in_a_semicolon_file() -> None:
    text = (
        "sku;brand;name;price;mmhg;graduated;length;materials;sizes;calf_cm\n"
        "C-1;B;C;1,5e1;;;crew;nylon 100;M:39-42;\n"
    )
    assert errors(text) == [
        "p.csv:2:4: row 2 (C-1) column price: '1,5e1' has an exponent (e); write the number "
        "out in digits"
    ]
    assert only(text.replace("1,5e1", "014,50")).price == 14.5
