"""One sock row of a shop's CSV: its cells read as product data, each problem with its row
and column, and numbers read as a person reads them (decimal digits only). The reading of
the whole file is in csv_import. The format: docs/csv-format.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from sockadvisor.domain.csvformat import (
    FALSE_WORDS,
    IN_STOCK,
    MAX_NUMBER,
    OUT_OF_STOCK,
    RANGE_THEN_COMMA,
    TRUE_WORDS,
    show,
    unescape_cell,
)
from sockadvisor.domain.vocab import Fibre, Zone
from sockadvisor.errors import Problem

FIBRE_ALIASES = {"polyamide": Fibre.nylon, "spandex": Fibre.elastane, "lycra": Fibre.elastane}
_EMPTY_HINT = {
    "sku": "write the product code",
    "brand": "write the maker",
    "name": "write the product name",
    "length": "write one of no_show, ankle, quarter, micro_crew, crew, knee_high",
}


@dataclass
class Context:
    """What every row shares: the file's name, its columns, its separator, the problems."""

    name: str
    columns: dict[str, int]
    width: int  # the number of cells in the header
    semicolons: bool
    problems: list[Problem] = field(default_factory=list)
    # A store export read through a mapping (store_import): where each of our columns
    # came from (its column number, and the words that name it), and the shop's fibres.
    at: dict[str, int] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    fibres: dict[str, Fibre] = field(default_factory=lambda: dict(FIBRE_ALIASES))

    def __post_init__(self) -> None:
        # ASCII digits only: \d would also take other scripts' digits (٤٠, ４０).
        number = r"[0-9]+(?:[.,][0-9]+)?" if self.semicolons else r"[0-9]+(?:\.[0-9]+)?"
        self.number = re.compile(number)
        self.range = re.compile(rf"({number})\s*(?:[-\u2013]\s*({number}))?")
        self.example = "46,95 or 46.95" if self.semicolons else "46.95"

    def to_number(self, text: str) -> float | None:
        """A decimal number, or None (`odd_number` then says why, when it can)."""
        if not self.number.fullmatch(text) or len(text) > MAX_NUMBER:
            return None
        return float(text.replace(",", "."))

    def to_range(self, text: str) -> dict[str, float] | None:
        """`min-max` or one number as {min, max}, or None."""
        match = self.range.fullmatch(text.strip())
        if not match or any(len(n) > MAX_NUMBER for n in match.groups("")):
            return None
        low = float(match[1].replace(",", "."))
        high = float(match[2].replace(",", ".")) if match[2] else low
        return {"min": low, "max": high}


# Words that other programs read as numbers and a person may not: hexadecimal, binary and
# octal (0x1F, 0b101, 0o17), digit separators (1_000), exponents (2e1), inf and nan.
_TOKEN = re.compile(r"[0-9.,]+[eE][+-]?[0-9]+|[\w.,]+")
_BASE = re.compile(r"0([xbo])[0-9a-f_]+")
_BASES = {"x": "hexadecimal", "b": "binary", "o": "octal"}
_SEPARATED = re.compile(r"[0-9][0-9_.,]*_[0-9_.,]*")
_EXPONENT = re.compile(r"[0-9.,]*[0-9][0-9.,]*e[+-]?[0-9]+")
_DIGITS = re.compile(r"[0-9.,]+")


def odd_number(text: str) -> str | None:
    """Why a cell's number is not read, when it is written in a form that is not plain
    decimal digits (the first such word in the cell); None when nothing looks like one."""
    for token in _TOKEN.findall(text):
        low = token.casefold()
        shown = show(token)
        base = _BASE.fullmatch(low)
        if base:
            return f"'{shown}' is written in {_BASES[base[1]]}; write it in decimal digits (0-9)"
        if low in ("inf", "infinity", "nan"):
            return f"'{shown}' is not a number; write the number in decimal digits (0-9)"
        if _SEPARATED.fullmatch(token):
            return f"'{shown}' has '_' between its digits; write the digits without it"
        if _EXPONENT.fullmatch(low):
            return f"'{shown}' has an exponent (e); write the number out in digits"
        if any(ch.isdecimal() and not ch.isascii() for ch in token):
            return f"'{shown}' has digits other than 0-9; write the number with the digits 0-9"
        if _DIGITS.fullmatch(token) and len(token) > MAX_NUMBER:
            return (
                f"'{shown}' is too long for a number ({len(token)} characters); "
                f"a number has at most {MAX_NUMBER}"
            )
    return None


class Row:
    """One sock's row: its cells, the product data built from them, and its problems."""

    def __init__(self, ctx: Context, number: int, line: int, cells: list[str]) -> None:
        self.ctx = ctx
        self.number = number
        self.line = line
        self.cells = cells
        self.data: dict[str, Any] = {}
        self.omitted: set[str] = set()  # product fields left out because a cell is wrong
        sku = self.cell("sku").strip()
        shown = f" ({sku[:40]})" if sku and sku.isprintable() else ""
        self.label = f"row {number}{shown}"

    def cell(self, column: str) -> str:
        i = self.ctx.columns.get(column)
        if i is None or i >= len(self.cells):
            return ""
        return unescape_cell(self.cells[i]).replace("\r\n", "\n").replace("\r", "\n")

    def fail(self, column: str, what: str, omit: str | None = None) -> None:
        if column not in self.ctx.columns:  # an optional column that is not there
            column = "sizes"
        self.ctx.problems.append(
            Problem(
                self.ctx.name,
                self.line,
                self.ctx.at.get(column, self.ctx.columns[column] + 1),
                f"{self.label} column {self.ctx.shown.get(column, column)}",
                what,
            )
        )
        if omit:
            self.omitted.add(omit)


def suggest(given: str, choices: list[str]) -> str | None:
    """The choice that differs only in case, or else the closest one, or None."""
    same = [c for c in choices if c.casefold() == given.casefold()]
    close = same or difflib.get_close_matches(given, choices, n=1)
    return close[0] if close else None


def word(text: str) -> str:
    """A word as the format compares it: any case, spaces or hyphens for underscores."""
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def convert(ctx: Context, number: int, line: int, cells: list[str]) -> Row:
    row = Row(ctx, number, line, cells)
    extra = next((i for i in range(ctx.width, len(cells)) if cells[i].strip()), None)
    if extra is not None:
        ctx.problems.append(
            Problem(
                ctx.name,
                line,
                extra + 1,
                row.label,
                "this cell is beyond the last column of the header; delete it, or put text "
                "that contains a comma in double quotes",
            )
        )
    for column in ("sku", "brand", "name"):
        _text(row, column, required=True)
    _price(row)
    _compression(row)
    _enum(row, "length", required=True)
    _materials(row)
    _enum(row, "cushion", required=False)
    _reinforcement(row)
    for column in ("seamless_toe", "mesh_ventilation", "toe_socks"):
        ok, value = _flag(row, column)
        if ok:
            row.data[column] = False if column == "toe_socks" and value is None else value
    _sizes(row)
    _text(row, "notes", required=False)
    for column in ("url", "image", "gtin", "currency"):
        raw = row.cell(column).strip()
        if raw:
            row.data[column] = raw.upper() if column == "currency" else raw
    return row


def _text(row: Row, column: str, required: bool) -> None:
    raw = row.cell(column)
    if not raw.strip():
        if required:
            row.fail(column, f"is empty; {_EMPTY_HINT[column]}", column)
        return
    row.data[column] = raw.strip() if column == "sku" else raw


def _price(row: Row) -> None:
    raw = row.cell("price").strip()
    example = row.ctx.example
    if not raw:
        row.fail("price", f"is empty; write the price as a number, such as {example}", "price")
        return
    value = row.ctx.to_number(raw)
    if value is None:
        row.fail(
            "price",
            odd_number(raw)
            or f"is not a number; write digits with a decimal point, such as {example} "
            "(no currency sign, no thousands separator)",
            "price",
        )
        return
    row.data["price"] = value


def _flag(row: Row, column: str) -> tuple[bool, bool | None]:
    """(True, the value or None for empty), or (False, None) after a problem."""
    raw = row.cell(column).strip().casefold()
    if not raw:
        return True, None
    if raw in TRUE_WORDS or raw in FALSE_WORDS:
        return True, raw in TRUE_WORDS
    empty = {"toe_socks": "no", "graduated": "a plain sock"}.get(column, "unknown")
    omit = None if column == "graduated" else column
    row.fail(column, f"write yes or no (or true/false, 1/0); leave it empty for {empty}", omit)
    return False, None


def _compression(row: Row) -> None:
    ok, graduated = _flag(row, "graduated")
    raw = re.sub(r"\s*mm\s*hg$", "", row.cell("mmhg").strip(), flags=re.IGNORECASE)
    if not raw:
        if graduated:
            row.fail(
                "graduated",
                "is yes, but mmhg is empty; write the pressure in mmhg, or empty this cell "
                "for a sock without compression",
            )
        row.data["compression"] = None
        return
    pressure = row.ctx.to_range(raw)
    if pressure is None:
        row.fail(
            "mmhg",
            odd_number(raw)
            or "is not a pressure; write from-to in mmHg, such as 15-20, or one value, such as "
            "20; leave it empty for a sock without compression",
            "compression",
        )
        return
    if ok and graduated is None:
        row.fail(
            "graduated",
            "is empty, but mmhg is set; write yes (tightest at the ankle, easing up the leg) or no",
        )
    # When graduated is wrong the row already has its problem; a stand-in lets the
    # pressure and the calf sizes of this compression sock still be checked.
    row.data["compression"] = {
        "min_mmhg": pressure["min"],
        "max_mmhg": pressure["max"],
        "graduated": True if graduated is None else graduated,
    }


def _enum(row: Row, column: str, required: bool) -> None:
    raw = row.cell(column)
    if not raw.strip():
        if required:
            row.fail(column, f"is empty; {_EMPTY_HINT[column]}", column)
        return
    row.data[column] = word(raw)


def _items(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;/\n]", raw) if item.strip()]


_PERCENT_FIRST = re.compile(r"([0-9]+(?:[.,][0-9]+)?)\s*%?\s*([^0-9%:]+)")
_PERCENT_LAST = re.compile(r"([^0-9%:]+?)\s*:?\s*([0-9]+(?:[.,][0-9]+)?)\s*%?")


def _materials(row: Row) -> None:
    raw = row.cell("materials")
    if not raw.strip():
        row.fail(
            "materials",
            "is empty; write each fibre with its percent, such as nylon 70, elastane 20, merino 10",
            "materials",
        )
        return
    ok = True
    materials: dict[str, int] = {}
    for item in _items(raw):
        fibre, percent = _material(row, item)
        if fibre is None or percent is None:
            ok = False
        elif fibre in materials:
            row.fail("materials", f"{fibre} is there twice; list each fibre once")
            ok = False
        else:
            materials[fibre] = percent
    if ok:
        row.data["materials"] = materials
    else:
        row.omitted.add("materials")


def _material(row: Row, item: str) -> tuple[str | None, int | None]:
    match = _PERCENT_FIRST.fullmatch(item)
    number, name = (match[1], match[2]) if match else (None, None)
    if not match:
        match = _PERCENT_LAST.fullmatch(item)
        number, name = (match[2], match[1]) if match else (None, None)
    if number is None or name is None:
        row.fail(
            "materials",
            odd_number(item)
            or f"'{show(item)}' is not a fibre and a percent; write them like nylon 70 or "
            "70% nylon",
        )
        return None, None
    key = word(name)
    fibre = row.ctx.fibres.get(key) or (Fibre(key) if key in Fibre.__members__ else None)
    if fibre is None:
        known: list[str] = [f.value for f in Fibre]
        close = suggest(key, [*known, *row.ctx.fibres])
        fix = f"did you mean '{close}'?" if close else "the fibres are " + ", ".join(known)
        row.fail("materials", f"unknown fibre '{show(name.strip())}'; {fix}")
        return None, None
    if not number.isdigit() or len(number) > 3:
        row.fail("materials", f"{fibre.value}: a percent is a whole number from 1 to 100")
        return fibre.value, None
    return fibre.value, int(number)


def _reinforcement(row: Row) -> None:
    items = _items(row.cell("reinforcement"))
    if [word(i) for i in items] == ["none"]:
        items = []
    zones: list[str] = []
    for item in items:
        zone = word(item)
        if zone not in Zone.__members__:
            known = [z.value for z in Zone]
            close = suggest(zone, known)
            fix = f"did you mean '{close}'?" if close else "the zones are " + ", ".join(known)
            row.fail("reinforcement", f"unknown zone '{show(item)}'; {fix}", "reinforcement")
        zones.append(zone)
    if "reinforcement" not in row.omitted:
        row.data["reinforcement"] = zones


def _chart(row: Row, column: str, what: str) -> dict[str, dict[str, float]] | None:
    """A `label:range;label:range` cell as {label: {min, max}}, or None after a problem."""
    raw = row.cell(column)
    chart: dict[str, dict[str, float]] = {}
    ok = True
    for entry in (e.strip() for e in re.split(r"[;\n]", raw)):
        if not entry:
            continue
        label, colon, text = entry.rpartition(":")
        label = label.strip()
        if not colon or not label:
            row.fail(column, f"'{show(entry)}' needs a size label and a range, such as S:35-38")
            ok = False
            continue
        if RANGE_THEN_COMMA.search(label):  # S:35-38, M:39-42
            row.fail(column, "separate the sizes with ';', such as S:35-38;M:39-42")
            ok = False
            continue
        value = row.ctx.to_range(text)
        if value is None:
            row.fail(
                column,
                f"size {show(label)}: "
                + (
                    odd_number(text)
                    or f"'{show(text.strip())}' is not a range of {what}; "
                    "write min-max, such as 35-38, or one number"
                ),
            )
            ok = False
        elif label in chart:
            row.fail(column, f"size {show(label)} is there twice; list each size once")
            ok = False
        else:
            chart[label] = value
    return chart if ok else None


# The chart's other columns, by label, onto the sizes column's sizes (the maker's own US
# and UK columns: docs/csv-format.md).
_COLUMNS = {
    "calf_cm": "centimetres",
    "ankle_cm": "centimetres",
    "shoe_us": "US shoe sizes",
    "shoe_uk": "UK shoe sizes",
}


def _sizes(row: Row) -> None:
    sizes: list[dict[str, Any]] | None
    if row.cell("sizes").strip():
        shoes = _chart(row, "sizes", "EU shoe sizes")
        sizes = None if shoes is None else [{"label": k, "shoe_eu": v} for k, v in shoes.items()]
    elif row.cell("calf_cm").strip():  # a chart sized by calf alone: its labels are calf_cm's
        calves = _chart(row, "calf_cm", _COLUMNS["calf_cm"])
        sizes = None if calves is None else [{"label": label} for label in calves]
    else:
        row.fail(
            "sizes",
            "is empty; write the size chart as label:EU shoe sizes, such as S:35-38;M:39-42 "
            "(a compression chart sized by calf alone: give its sizes in calf_cm instead)",
            "sizes",
        )
        sizes = None
    ok = sizes is not None
    labels: list[str] = [s["label"] for s in sizes or []]
    for column, what in _COLUMNS.items():
        chart = _chart(row, column, what)
        if chart is None:
            ok = False
            continue
        for label, value in chart.items():
            if sizes is None:
                continue
            if _known_label(row, column, label, labels):
                sizes[labels.index(label)][column] = value
            else:
                ok = False
    ok = _per_size(row, sizes, labels) and ok
    if ok:
        row.data["sizes"] = sizes
    else:
        row.omitted.add("sizes")


def _known_label(row: Row, column: str, label: str, labels: list[str]) -> bool:
    """Whether a size label is one of the sizes column's; if not, the row says so."""
    if label in labels:
        return True
    close = suggest(label, labels)
    fix = f"did you mean '{close}'?" if close else "use the labels of sizes"
    row.fail(
        column,
        f"size {show(label)} is not in the sizes column ({show(', '.join(labels))}); {fix}",
    )
    return False


def _per_size(row: Row, sizes: list[dict[str, Any]] | None, labels: list[str]) -> bool:
    """The size_skus and stock cells (`S:SKU-S;M:SKU-M`, `S:12;M:0;L:out`) onto the sizes."""
    ok = True
    for column, key in (("size_skus", "sku"), ("stock", "stock")):
        for entry in (e.strip() for e in re.split(r"[;\n]", row.cell(column))):
            if not entry:
                continue
            label, colon, text = entry.rpartition(":")
            label, text = label.strip(), text.strip()
            what = "a SKU, such as S:TS-1-S" if key == "sku" else "a count or in/out, such as S:12"
            if not colon or not label or not text:
                row.fail(column, f"'{show(entry)}' needs a size label and {what}")
                ok = False
                continue
            if sizes is None:
                continue
            if not _known_label(row, column, label, labels):
                ok = False
                continue
            value: object = text
            if key == "stock":
                value = _stock(row, label, text)
                if value is None:
                    ok = False
                    continue
            sizes[labels.index(label)][key] = value
    return ok


def _stock(row: Row, label: str, text: str) -> int | str | None:
    low = text.casefold()
    if low in (IN_STOCK, OUT_OF_STOCK):
        return low
    if text.isascii() and text.isdigit() and len(text) <= 8:
        return int(text)
    row.fail(
        "stock",
        f"size {show(label)}: "
        + (
            odd_number(text)
            or f"'{show(text)}' is not a stock; write a count (0 or more), or in or out"
        ),
    )
    return None
