"""A catalog as CSV (a shop's spreadsheet), and a catalog as generated YAML.

`import_csv` turns a spreadsheet export into a validated catalog and the YAML to write;
`export_csv` writes a catalog in the same CSV format; `catalog_yaml` writes a catalog as
YAML that sockadvisor's loader reads back to the same catalog (files.write_atomic writes
it).
Nothing here prints.

The CSV format
==============

One row per sock, below one header row. The file is UTF-8 (a byte order mark, as Excel
writes, is fine); control characters other than tab and line breaks are refused.

Separators and quoting. Cells are separated by commas, with the standard CSV quoting: a
cell that contains a comma, a double quote or a line break is put in double quotes, and a
double quote inside it is doubled (`"Trail ""Pro"", 2024"`). A file whose first line has
more semicolons than commas is read as semicolon-separated, as Excel writes CSV in
countries that use a decimal comma; in such a file a number may also be written with a
decimal comma (`46,95`). Tab-separated files are not read, nor is Excel's `sep=;` first
line (delete it). Blank rows, and rows whose cells are all empty, are skipped.

The header. The first line names the columns, in any order. Case, spaces and hyphens do
not matter in a column name (`Seamless Toe` is `seamless_toe`). A column name that is not
listed below is an error, and so is a column listed twice. The required columns must be
there even when some of their cells are empty. A column with an empty name is ignored when
all its cells are empty.

Text cells (`brand`, `name`, `notes`) are taken as written, spaces included. A cell that
has only spaces counts as empty. Words (`length`, `cushion`, fibres, zones, `yes`/`no`) may
be in any case, with spaces or hyphens for underscores (`Knee-high` is `knee_high`).
Numbers are digits with an optional decimal point (`46.95`, `38`); no currency sign, no
thousands separator, no exponent.

The columns. "Required" columns must be in the header; "empty" says what an empty cell
means.

- `sku` (required): the product code, 2-40 letters, digits, `.`, `_` or `-`, starting with
  a letter or digit; unique in the file, ignoring case. Spaces around it are dropped.
  Empty: an error.
- `brand` (required): text, 1-200 characters, one line. Empty: an error.
- `name` (required): text, 1-200 characters, one line. Empty: an error.
- `price` (required): a number above 0 and at most 1000, such as `46.95` or `14`.
  Empty: an error.
- `mmhg` (required): the pressure at the ankle in mmHg, each number from 5 to 50:
  `15-20` (from-to) or `20` (one value); `15-20 mmHg` is fine too.
  Empty: no compression (a plain sock).
- `graduated` (required): `yes` (tightest at the ankle, easing up the leg) or `no`.
  Empty: fine for a plain sock; an error when `mmhg` is set.
- `length` (required): one of `no_show`, `ankle`, `quarter`, `micro_crew`, `crew`,
  `knee_high`. Empty: an error.
- `materials` (required): each fibre with its percent, separated by commas (or `;` or `/`):
  `nylon 70, elastane 20, merino 10`. A `%` sign, the percent first, and a `:` are fine:
  `70% nylon, 30% elastane`, `nylon: 70`. Percents are whole numbers from 1 to 100 and
  add up to 100. Fibres: `nylon`, `polyester`, `polypropylene`, `elastane`, `merino`,
  `acrylic`, `bamboo`, `cotton`, `silver`; `polyamide` is read as `nylon`, `spandex` and
  `lycra` as `elastane`.
  Empty: an error.
- `cushion`: one of `none`, `ultra_light`, `light`, `medium`, `max`. Empty: unknown.
- `reinforcement`: zones separated by commas (or `;` or `/`): `heel, toe, achilles`.
  Zones: `heel`, `toe`, `achilles`, `ball`, `shin`. Empty (or `none`): no reinforced zone.
- `seamless_toe`: `yes` or `no` (also `true`/`false`, `1`/`0`). Empty: unknown.
- `toe_socks`: `yes` or `no` (also `true`/`false`, `1`/`0`). Empty: `no`.
- `mesh_ventilation`: `yes` or `no` (also `true`/`false`, `1`/`0`). Empty: unknown.
- `sizes` (required): the size chart, smallest first, as `label:EU shoe sizes` separated by
  `;`: `S:35-38;M:39-42;L:43-46`. A range is `min-max` (the same number twice is fine) or
  one size, `38`. A label is 1-12 characters without `;` and without spaces at its ends;
  it may contain `:` and `/` (`S/M:35-38`). Sizes separated by commas
  (`S:35-38, M:39-42`) are an error, not a label `S:35-38, M`. Empty: an error.
- `calf_cm` (required): calf circumference in cm, by the labels of `sizes`:
  `S:28-33;M:33-38;L:38-43`; `min` must be below `max`. A compression sock needs a range
  for every size. Empty: no calf ranges (fine for a plain sock).
- `ankle_cm`: ankle circumference in cm, like `calf_cm`: `S:18-21;M:20-23;L:22-25`.
  Empty: no ankle ranges.
- `notes`: text, 1-2000 characters; line breaks are fine inside a quoted cell.
  Empty: no notes.

The size labels of `calf_cm` and `ankle_cm` must be labels of the `sizes` cell of the same
row; they may leave sizes out, and their order does not matter. Everything else the YAML
catalog checks applies too (docs/catalog-format.md): fibres adding up to 100, sizes from
smallest to largest, `min` not above `max`, text without control characters, and so on.

A small file:

    sku,brand,name,price,mmhg,graduated,length,materials,sizes,calf_cm
    K-1,Brand,Knee,39.9,15-20,yes,knee_high,"nylon 78, elastane 22",S:36-40;M:41-44,S:29-35;M:35-41
    C-1,Brand,Crew,14,,,crew,"polyester 70, nylon 30",38:37-39;41:40-42,

Errors. Every problem is one line, `FILE:LINE:COLUMN: row N (SKU) column NAME: what, and how
to fix it`, and all of them are reported at once. LINE is the line of the file where the row
starts (a quoted cell with line breaks makes a row longer than one line), COLUMN is the
number of the column (the first is 1), and `row N` is the row as a spreadsheet numbers it:
the header is row 1, the first sock row 2. Problems with the header say `header`. The
catalog's title is not in the file; it is given separately (by default "Imported from
FILE").

Export writes every column, in the order listed above, comma-separated, with `\\n` line
ends: numbers as short as they can be written exactly (`46.95`, `15-20`, `S:35-38`),
`yes`/`no`, and an empty cell for unknown. Importing an exported file gives the same
products. A catalog that the format cannot hold is refused (`CsvExportError`): a size
label with `;`, with spaces at its ends, or with a `:` and a range before a comma; or a
brand, name or notes that are only spaces.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from sockadvisor.domain.models import Catalog, Product, Size, Text
from sockadvisor.domain.vocab import Fibre, Zone
from sockadvisor.errors import DataError, ExitCode, Problem, SockadvisorError, UsageError
from sockadvisor.sources import cache
from sockadvisor.sources.validation import validate
from sockadvisor.sources.yamlsource import decode, parse

try:  # libyaml's emitter, when PyYAML was built with it: much faster on big catalogs
    from yaml import CSafeDumper as _FastBase
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeDumper as _FastBase  # type: ignore[assignment]

__all__ = [
    "COLUMNS",
    "OPTIONAL",
    "REQUIRED",
    "CsvExportError",
    "catalog_yaml",
    "csv_label",
    "export_csv",
    "import_csv",
]

# Every column, in the order export writes them.
COLUMNS = (
    "sku",
    "brand",
    "name",
    "price",
    "mmhg",
    "graduated",
    "length",
    "materials",
    "cushion",
    "reinforcement",
    "seamless_toe",
    "toe_socks",
    "mesh_ventilation",
    "sizes",
    "calf_cm",
    "ankle_cm",
    "notes",
)
REQUIRED = (
    "sku",
    "brand",
    "name",
    "price",
    "mmhg",
    "graduated",
    "length",
    "materials",
    "sizes",
    "calf_cm",
)
OPTIONAL = tuple(c for c in COLUMNS if c not in REQUIRED)

FIBRE_ALIASES = {"polyamide": Fibre.nylon, "spandex": Fibre.elastane, "lycra": Fibre.elastane}
_TRUE = ("yes", "true", "1")
_FALSE = ("no", "false", "0")
_EMPTY_HINT = {
    "sku": "write the product code",
    "brand": "write the maker",
    "name": "write the product name",
    "length": "write one of no_show, ankle, quarter, micro_crew, crew, knee_high",
}
_YAML_HEADER = (
    "# Generated by sockadvisor (catalog import or export). The format: docs/catalog-format.md.\n"
)
_TITLE = TypeAdapter(Text)


class CsvExportError(SockadvisorError):
    """A valid catalog that the CSV format cannot hold (a size label with ';', ...)."""

    exit_code = ExitCode.DATA


# ---------------------------------------------------------------------------- import


def import_csv(name: str, data: bytes, title: str | None = None) -> tuple[Catalog, str]:
    """Read a CSV catalog; return the validated catalog and the YAML text to write.

    `name` is the file's name in error messages; `title` is the catalog's title, by
    default "Imported from FILE". Raises DataError with every problem (sorted), or
    UsageError for a title that is not valid.
    """
    with cache.gc_paused():  # many small objects: the cyclic collector only slows it down
        return _import(name, data, title)


def _import(name: str, data: bytes, title: str | None) -> tuple[Catalog, str]:
    text = decode(name, data)
    catalog_title = _title(name, title)
    records, semicolons = _records(name, text)
    columns, nameless = _header(name, records[0][1])
    ctx = _Context(name, columns, len(records[0][1]), semicolons)
    rows: list[_Row] = []
    for number, (line, cells) in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in cells):
            rows.append(_convert(ctx, number, line, cells))
    _nameless_columns(ctx, nameless, rows)
    if not rows:
        ctx.problems.append(
            Problem(name, 1, 1, "", "no products: add a row for each sock below the header")
        )
        raise DataError(ctx.problems)
    catalog = _validate(ctx, rows, catalog_title)
    _duplicates(rows)
    if ctx.problems or catalog is None:
        raise DataError(list(dict.fromkeys(ctx.problems)))
    yaml_text = catalog_yaml(catalog)
    _check_reloads(yaml_text, catalog)
    return catalog, yaml_text


def _title(name: str, title: str | None) -> str:
    if title is None:
        source = "standard input" if name == "<stdin>" else os.path.basename(name) or name
        source = "".join(ch if ch.isprintable() else "?" for ch in source)
        return f"Imported from {source}"[:200]
    try:
        return _TITLE.validate_python(title)
    except ValidationError as exc:
        msg = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise UsageError(
            f"sockadvisor: the catalog title is not valid: {msg[0].lower()}{msg[1:]} "
            "(1-200 characters, one line, no control characters)"
        ) from None


def _records(name: str, text: str) -> tuple[list[tuple[int, list[str]]], bool]:
    """Every record with the line it starts on; and whether the file uses ';'."""
    first = text.split("\n", 1)[0]
    if not text.strip():
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"the file is empty; the first line must be the header: {','.join(REQUIRED)}",
                )
            ]
        )
    if first.strip().lower().startswith("sep="):
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    "the first line 'sep=...' is an Excel hint that "
                    "sockadvisor does not read; delete it (the header must be the first line)",
                )
            ]
        )
    semicolons = first.count(";") > first.count(",")
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=";" if semicolons else ",", strict=True
    )
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        what = str(exc)
        if "end of data" in what:
            what = "a quoted cell is never closed; add the closing double quote"
        elif "expected after" in what:
            what = (
                f'{what}: a double quote inside a quoted cell must be doubled (""), and a '
                "cell that contains quotes must be quoted as a whole"
            )
        where = f"row {len(records) + 1}" if records else "header"
        raise DataError([Problem(name, start, 1, where, f"CSV syntax: {what}")]) from None
    return records, semicolons


def _column_key(header: str) -> str:
    return re.sub(r"[\s-]+", "_", header.strip().casefold())


def _header(name: str, cells: list[str]) -> tuple[dict[str, int], list[int]]:
    """The index of every known column, and the columns without a name; or a DataError."""
    columns: dict[str, int] = {}
    nameless: list[int] = []
    problems: list[Problem] = []
    if len(cells) == 1 and "\t" in cells[0]:
        what = "tab-separated files are not read; save the sheet as CSV (comma-separated)"
        raise DataError([Problem(name, 1, 1, "header", what)])
    for i, raw in enumerate(cells):
        key = _column_key(raw)
        if not key:
            nameless.append(i)
        elif key in columns:
            what = f"column '{key}' is there twice (first as column {columns[key] + 1}); keep one"
            problems.append(Problem(name, 1, i + 1, "header", what))
        elif key in COLUMNS:
            columns[key] = i
        else:
            close = _suggest(key, list(COLUMNS))
            fix = f"did you mean '{close}'?" if close else "the columns are " + ", ".join(COLUMNS)
            problems.append(
                Problem(name, 1, i + 1, "header", f"unknown column '{_show(raw.strip())}'; {fix}")
            )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        plural = len(missing) > 1
        problems.append(
            Problem(
                name,
                1,
                1,
                "header",
                f"missing required column{'s' if plural else ''} {', '.join(missing)}; add "
                f"{'them' if plural else 'it'} (its cells may be empty where the format allows)",
            )
        )
    if problems:
        raise DataError(problems)
    return columns, nameless


def _nameless_columns(ctx: _Context, nameless: list[int], rows: list[_Row]) -> None:
    for i in nameless:
        used = next((r for r in rows if i < len(r.cells) and r.cells[i].strip()), None)
        if used is not None:
            what = (
                f"column {i + 1} has no name in the header but has values (first in row "
                f"{used.number}); name the column or delete it"
            )
            ctx.problems.append(Problem(ctx.name, 1, i + 1, "header", what))


@dataclass
class _Context:
    name: str
    columns: dict[str, int]
    width: int  # the number of cells in the header
    semicolons: bool
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        number = r"\d+(?:[.,]\d+)?" if self.semicolons else r"\d+(?:\.\d+)?"
        self.number = re.compile(number)
        self.range = re.compile(rf"({number})\s*(?:[-\u2013]\s*({number}))?")
        self.example = "46,95 or 46.95" if self.semicolons else "46.95"

    def to_number(self, text: str) -> float | None:
        if not self.number.fullmatch(text):
            return None
        return float(text.replace(",", "."))

    def to_range(self, text: str) -> dict[str, float] | None:
        match = self.range.fullmatch(text.strip())
        if not match:
            return None
        low = float(match[1].replace(",", "."))
        high = float(match[2].replace(",", ".")) if match[2] else low
        return {"min": low, "max": high}


class _Row:
    """One sock's row: its cells, the product data built from them, and its problems."""

    def __init__(self, ctx: _Context, number: int, line: int, cells: list[str]) -> None:
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
        return self.cells[i].replace("\r\n", "\n").replace("\r", "\n")

    def fail(self, column: str, what: str, omit: str | None = None) -> None:
        if column not in self.ctx.columns:  # an optional column that is not there
            column = "sizes"
        self.ctx.problems.append(
            Problem(
                self.ctx.name,
                self.line,
                self.ctx.columns[column] + 1,
                f"{self.label} column {column}",
                what,
            )
        )
        if omit:
            self.omitted.add(omit)


def _show(text: str) -> str:
    """A cell's text for a message: short, and escaped when it cannot be printed."""
    text = text if len(text) <= 40 else text[:39] + "\u2026"
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _suggest(word: str, choices: list[str]) -> str | None:
    """The choice that differs only in case, or else the closest one, or None."""
    same = [c for c in choices if c.casefold() == word.casefold()]
    close = same or difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def _word(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def _convert(ctx: _Context, number: int, line: int, cells: list[str]) -> _Row:
    row = _Row(ctx, number, line, cells)
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
    return row


def _text(row: _Row, column: str, required: bool) -> None:
    raw = row.cell(column)
    if not raw.strip():
        if required:
            row.fail(column, f"is empty; {_EMPTY_HINT[column]}", column)
        return
    row.data[column] = raw.strip() if column == "sku" else raw


def _price(row: _Row) -> None:
    raw = row.cell("price").strip()
    example = row.ctx.example
    if not raw:
        row.fail("price", f"is empty; write the price as a number, such as {example}", "price")
        return
    value = row.ctx.to_number(raw)
    if value is None:
        row.fail(
            "price",
            f"is not a number; write digits with a decimal point, such as {example} "
            "(no currency sign, no thousands separator)",
            "price",
        )
        return
    row.data["price"] = value


def _flag(row: _Row, column: str) -> tuple[bool, bool | None]:
    """(True, the value or None for empty), or (False, None) after a problem."""
    raw = row.cell(column).strip().casefold()
    if not raw:
        return True, None
    if raw in _TRUE or raw in _FALSE:
        return True, raw in _TRUE
    empty = {"toe_socks": "no", "graduated": "a plain sock"}.get(column, "unknown")
    omit = None if column == "graduated" else column
    row.fail(column, f"write yes or no (or true/false, 1/0); leave it empty for {empty}", omit)
    return False, None


def _compression(row: _Row) -> None:
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
            "is not a pressure; write from-to in mmHg, such as 15-20, or one value, such as 20; "
            "leave it empty for a sock without compression",
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


def _enum(row: _Row, column: str, required: bool) -> None:
    raw = row.cell(column)
    if not raw.strip():
        if required:
            row.fail(column, f"is empty; {_EMPTY_HINT[column]}", column)
        return
    row.data[column] = _word(raw)


def _items(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;/\n]", raw) if item.strip()]


_PERCENT_FIRST = re.compile(r"(\d+(?:[.,]\d+)?)\s*%?\s*([^\d%:]+)")
_PERCENT_LAST = re.compile(r"([^\d%:]+?)\s*:?\s*(\d+(?:[.,]\d+)?)\s*%?")


def _materials(row: _Row) -> None:
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


def _material(row: _Row, item: str) -> tuple[str | None, int | None]:
    match = _PERCENT_FIRST.fullmatch(item)
    number, word = (match[1], match[2]) if match else (None, None)
    if not match:
        match = _PERCENT_LAST.fullmatch(item)
        number, word = (match[2], match[1]) if match else (None, None)
    if number is None or word is None:
        row.fail(
            "materials",
            f"'{_show(item)}' is not a fibre and a percent; write them like nylon 70 or 70% nylon",
        )
        return None, None
    key = _word(word)
    fibre = FIBRE_ALIASES.get(key) or (Fibre(key) if key in Fibre.__members__ else None)
    if fibre is None:
        known: list[str] = [f.value for f in Fibre]
        close = _suggest(key, [*known, *FIBRE_ALIASES])
        fix = f"did you mean '{close}'?" if close else "the fibres are " + ", ".join(known)
        row.fail("materials", f"unknown fibre '{_show(word.strip())}'; {fix}")
        return None, None
    if not number.isdigit() or len(number) > 3:
        row.fail("materials", f"{fibre.value}: a percent is a whole number from 1 to 100")
        return fibre.value, None
    return fibre.value, int(number)


def _reinforcement(row: _Row) -> None:
    items = _items(row.cell("reinforcement"))
    if [_word(i) for i in items] == ["none"]:
        items = []
    zones: list[str] = []
    for item in items:
        zone = _word(item)
        if zone not in Zone.__members__:
            known = [z.value for z in Zone]
            close = _suggest(zone, known)
            fix = f"did you mean '{close}'?" if close else "the zones are " + ", ".join(known)
            row.fail("reinforcement", f"unknown zone '{_show(item)}'; {fix}", "reinforcement")
        zones.append(zone)
    if "reinforcement" not in row.omitted:
        row.data["reinforcement"] = zones


# A label that holds a whole size and a comma: sizes separated by ',' instead of ';'.
_RANGE_THEN_COMMA = re.compile(r":\s*\d+(?:[.,]\d+)?\s*(?:[-\u2013]\s*\d+(?:[.,]\d+)?\s*)?,")


def _chart(row: _Row, column: str, what: str) -> dict[str, dict[str, float]] | None:
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
            row.fail(column, f"'{_show(entry)}' needs a size label and a range, such as S:35-38")
            ok = False
            continue
        if _RANGE_THEN_COMMA.search(label):  # S:35-38, M:39-42
            row.fail(column, "separate the sizes with ';', such as S:35-38;M:39-42")
            ok = False
            continue
        value = row.ctx.to_range(text)
        if value is None:
            row.fail(
                column,
                f"size {_show(label)}: '{_show(text.strip())}' is not a range of {what}; "
                "write min-max, such as 35-38, or one number",
            )
            ok = False
        elif label in chart:
            row.fail(column, f"size {_show(label)} is there twice; list each size once")
            ok = False
        else:
            chart[label] = value
    return chart if ok else None


def _sizes(row: _Row) -> None:
    sizes: list[dict[str, Any]] | None
    if not row.cell("sizes").strip():
        row.fail(
            "sizes",
            "is empty; write the size chart as label:EU shoe sizes, such as S:35-38;M:39-42",
            "sizes",
        )
        sizes = None
    else:
        shoes = _chart(row, "sizes", "EU shoe sizes")
        sizes = None if shoes is None else [{"label": k, "shoe_eu": v} for k, v in shoes.items()]
    ok = sizes is not None
    labels: list[str] = [s["label"] for s in sizes or []]
    for column in ("calf_cm", "ankle_cm"):
        chart = _chart(row, column, "centimetres")
        if chart is None:
            ok = False
            continue
        for label, value in chart.items():
            if sizes is None:
                continue
            if label not in labels:
                close = _suggest(label, labels)
                fix = f"did you mean '{close}'?" if close else "use the labels of sizes"
                row.fail(
                    column,
                    f"size {_show(label)} is not in the sizes column "
                    f"({_show(', '.join(labels))}); {fix}",
                )
                ok = False
            else:
                sizes[labels.index(label)][column] = value
    if ok:
        row.data["sizes"] = sizes
    else:
        row.omitted.add("sizes")


def _validate(ctx: _Context, rows: list[_Row], title: str) -> Catalog | None:
    """Validate every row's product; map each pydantic error to its row and column."""
    try:
        return Catalog.model_validate({"title": title, "products": [r.data for r in rows]})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            if len(loc) < 2 or loc[0] != "products" or not isinstance(loc[1], int):
                raise  # the title is checked before and products is never empty: a bug
            row, rest = rows[loc[1]], loc[2:]
            if error["type"] == "missing" and rest and rest[0] in row.omitted:
                continue  # the cell already has its problem
            column, prefix = _locate(row, rest)
            row.fail(column, prefix + _message(error, column))
    return None


def _locate(row: _Row, rest: tuple[int | str, ...]) -> tuple[str, str]:
    """The CSV column of a product field's error, and what to say before the message."""
    if not rest:  # the product's own check: compression sizes need calf_cm
        return "calf_cm", ""
    head = str(rest[0])
    if head == "compression":
        return ("graduated" if rest[1:2] == ("graduated",) else "mmhg"), ""
    if head == "materials" and len(rest) > 1:
        return "materials", f"{rest[1]}: "
    if head == "sizes" and len(rest) > 1 and isinstance(rest[1], int):
        label = _show(str(row.data["sizes"][rest[1]]["label"]))
        part = rest[2] if len(rest) > 2 else ""
        if part == "label":
            return "sizes", f"size label '{label}': "
        end = {"min": "lower end: ", "max": "upper end: "}.get(str(rest[-1]), "")
        column = str(part) if part in ("calf_cm", "ankle_cm") else "sizes"
        return column, f"size {label}: {end}"
    return head, ""


def _message(error: Any, column: str) -> str:
    kind = error["type"]
    msg: str = error["msg"]
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch" and column == "sku":
        msg = "a SKU is 2-40 letters, digits, '.', '_' or '-', starting with a letter or digit"
    elif kind == "finite_number":
        msg = "must be a finite number"
    elif kind == "missing":
        msg = "is required; fill it in"
    return msg[0].lower() + msg[1:] if msg else kind


def _duplicates(rows: list[_Row]) -> None:
    first: dict[str, _Row] = {}
    for row in rows:
        sku = row.data.get("sku")
        if not isinstance(sku, str):
            continue
        key = sku.casefold()
        if key in first:
            row.fail(
                "sku",
                f"duplicate SKU '{_show(sku)}' (first in row {first[key].number}); "
                "give each SKU its own",
            )
        else:
            first[key] = row


def _check_reloads(text: str, catalog: Catalog) -> None:
    """The YAML must read back to the same catalog; never write one that does not."""
    try:
        again = validate(parse("<generated>", text), Catalog, "catalog")
    except DataError as exc:  # pragma: no cover - a bug in catalog_yaml
        raise RuntimeError(f"the generated YAML does not read back: {exc}") from None
    if again != catalog:  # pragma: no cover - a bug in catalog_yaml
        raise RuntimeError("the generated YAML reads back to a different catalog")


# ---------------------------------------------------------------------------- export


def _number(value: float) -> str:
    """The shortest decimal that reads back as exactly this float, without an exponent."""
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _span(low: float, high: float) -> str:
    return _number(low) if low == high else f"{_number(low)}-{_number(high)}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _exportable(product: Product) -> None:
    for column in ("brand", "name", "notes"):
        value = getattr(product, column)
        if value is not None and not value.strip():
            raise CsvExportError(
                f"sockadvisor: cannot write {product.sku} as CSV: its {column} is only "
                "spaces, which CSV reads as empty; give it text"
            )
    for size in product.sizes:
        if not csv_label(size.label):
            raise CsvExportError(
                f"sockadvisor: cannot write {product.sku} as CSV: the size label "
                f"'{_show(size.label)}' has ';', spaces at an end, or a ':' and a range before "
                "a comma, which the CSV sizes column cannot hold; rename the size"
            )


def csv_label(label: str) -> bool:
    """Whether a size label can be written in the CSV sizes columns and read back."""
    return ";" not in label and label == label.strip() and not _RANGE_THEN_COMMA.search(label)


def _sizes_cell(sizes: list[Size], attr: str) -> str:
    parts = []
    for size in sizes:
        span = getattr(size, attr)
        if span is not None:
            parts.append(f"{size.label}:{_span(span.min, span.max)}")
    return ";".join(parts)


def _export_row(p: Product) -> list[str]:
    _exportable(p)
    c = p.compression
    return [
        p.sku,
        p.brand,
        p.name,
        _number(p.price),
        "" if c is None else _span(c.min_mmhg, c.max_mmhg),
        "" if c is None else _yes_no(c.graduated),
        p.length.value,
        ", ".join(f"{fibre.value} {percent}" for fibre, percent in p.materials.items()),
        "" if p.cushion is None else p.cushion.value,
        ", ".join(z.value for z in p.reinforcement),
        _yes_no(p.seamless_toe),
        _yes_no(p.toe_socks),
        _yes_no(p.mesh_ventilation),
        _sizes_cell(p.sizes, "shoe_eu"),
        _sizes_cell(p.sizes, "calf_cm"),
        _sizes_cell(p.sizes, "ankle_cm"),
        p.notes or "",
    ]


def export_csv(catalog: Catalog | Sequence[Product]) -> str:
    """Products as CSV in the import format (every column, '\\n' line ends).

    Takes a catalog or just its products (a filtered list, say). Raises CsvExportError for a
    product the format cannot hold (see the module docs).
    """
    products = catalog.products if isinstance(catalog, Catalog) else catalog
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for product in products:
        writer.writerow(_export_row(product))
    return out.getvalue()


# ---------------------------------------------------------------------------- YAML


class _Flow(dict[str, Any]):
    """A mapping written on one line: {min: 35, max: 38}."""


class _FlowList(list[Any]):
    """A list written on one line: [heel, toe]."""


def _represent_flow(dumper: Any, data: _Flow) -> yaml.Node:
    node: yaml.Node = dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
    return node


def _represent_flow_list(dumper: Any, data: _FlowList) -> yaml.Node:
    node: yaml.Node = dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
    return node


def _represent_str(dumper: Any, data: str) -> yaml.Node:
    # Text with line breaks as a literal block (|) when the emitter can; it falls back.
    # Not for text that ends with a line break: the emitter would keep it with "|+" and end
    # the document ("..."), and the blank line between products would join the text.
    # Text with U+2028, U+2029 or U+0085 double-quoted, where they are escaped: written raw,
    # the emitters treat them as line breaks, which _indent does not see.
    if any(ch in data for ch in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in data and not data.endswith("\n") else None
    node: yaml.Node = dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)
    return node


class _CDumper(_FastBase):
    """Plain data only: no aliases (the loader refuses them), flow for small mappings."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class _PyDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


for _cls in (_CDumper, _PyDumper):
    _cls.add_representer(_Flow, _represent_flow)
    _cls.add_representer(_FlowList, _represent_flow_list)
    _cls.add_representer(str, _represent_str)

_Dumper: type[Any] = _CDumper  # tests swap in _PyDumper


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, indent=2)


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _span_yaml(span: Any) -> _Flow:
    return _Flow(min=_plain(span.min), max=_plain(span.max))


def _product_yaml(p: Product) -> dict[str, Any]:
    c = p.compression
    out: dict[str, Any] = {
        "sku": p.sku,
        "brand": p.brand,
        "name": p.name,
        "price": _plain(p.price),
        "compression": None
        if c is None
        else _Flow(min_mmhg=_plain(c.min_mmhg), max_mmhg=_plain(c.max_mmhg), graduated=c.graduated),
        "length": p.length.value,
        "materials": _Flow({fibre.value: percent for fibre, percent in p.materials.items()}),
    }
    # Unknown is written as an explicit null: "the maker does not say", which lint accepts.
    out["cushion"] = None if p.cushion is None else p.cushion.value
    out["reinforcement"] = _FlowList(z.value for z in p.reinforcement)
    out["seamless_toe"] = p.seamless_toe
    out["toe_socks"] = p.toe_socks
    out["mesh_ventilation"] = p.mesh_ventilation
    sizes = []
    for s in p.sizes:
        size = _Flow(label=s.label)
        if s.calf_cm is not None:
            size["calf_cm"] = _span_yaml(s.calf_cm)
        if s.ankle_cm is not None:
            size["ankle_cm"] = _span_yaml(s.ankle_cm)
        size["shoe_eu"] = _span_yaml(s.shoe_eu)
        sizes.append(size)
    out["sizes"] = sizes
    if p.notes is not None:
        out["notes"] = p.notes
    return out


def _indent(text: str) -> str:
    # split on "\n" only: str.splitlines would also split at U+2028 inside a scalar
    return "\n".join("  " + line if line else line for line in text.split("\n"))


def catalog_yaml(catalog: Catalog) -> str:
    """The catalog as YAML in the bundled catalog's style, which sockadvisor reads back.

    A comment line first, then version, title, note and the products, one blank line
    between products. No anchors or aliases, no tags.
    """
    top: dict[str, Any] = {"version": catalog.version, "title": catalog.title}
    if catalog.note is not None:
        top["note"] = catalog.note
    parts = [_YAML_HEADER, "\n", _dump(top), "\nproducts:\n"]
    for i, product in enumerate(catalog.products):
        if i:
            parts.append("\n")
        parts.append(_indent(_dump([_product_yaml(product)])))
    return "".join(parts)


# ---------------------------------------------------------------------------- writing
