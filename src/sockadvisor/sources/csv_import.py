"""A shop's CSV file read into a validated catalog: the file's separators and quoting,
the header, and every problem mapped to its row and column; csv_cells reads each row's
cells. Nothing here prints. The format: docs/csv-format.md.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any

from pydantic import TypeAdapter, ValidationError

from sockadvisor.domain.csvformat import COLUMNS, REQUIRED, show
from sockadvisor.domain.models import Catalog, Text
from sockadvisor.domain.storemap import Store, StoreMap
from sockadvisor.errors import DataError, Problem, UsageError
from sockadvisor.sources import cache
from sockadvisor.sources.csv_cells import Context, Row, convert, suggest, word
from sockadvisor.sources.store_import import NAMES, Export, detect, read_export
from sockadvisor.sources.yamlsource import decode

__all__ = ["import_csv", "import_table"]

_TITLE = TypeAdapter(Text)


def import_csv(name: str, data: bytes, title: str | None = None) -> Catalog:
    """Read a CSV catalog into a validated catalog (render.yamlout writes it as YAML).

    `name` is the file's name in error messages; `title` is the catalog's title, by
    default "Imported from FILE". Raises DataError with every problem (sorted), or
    UsageError for a title that is not valid.
    """
    return import_table(name, data, title)[0]


def import_table(
    name: str,
    data: bytes,
    title: str | None = None,
    mapping: StoreMap | None = None,
    map_name: str = "",
) -> tuple[Catalog, list[str]]:
    """Our CSV format, or a web store's product export read with its mapping; the catalog
    and notes for the user (the export's columns not used, products left out)."""
    with cache.gc_paused():  # many small objects: the cyclic collector only slows it down
        return _import(name, data, title, mapping, map_name)


def _import(
    name: str, data: bytes, title: str | None, mapping: StoreMap | None, map_name: str
) -> tuple[Catalog, list[str]]:
    text = decode(name, data)
    catalog_title = _title(name, title)
    records, semicolons = _records(name, text)
    store = detect(records[0][1])
    if store is not None or mapping is not None:
        return _import_export(name, records, store, mapping, map_name, catalog_title)
    columns, nameless = _header(name, records[0][1])
    ctx = Context(name, columns, len(records[0][1]), semicolons)
    rows: list[Row] = []
    for number, (line, cells) in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in cells):
            rows.append(convert(ctx, number, line, cells))
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
    return catalog, []


REQUIRED_FIELDS = ("length", "materials")  # what no store export has in a column


def _import_export(
    name: str,
    records: list[tuple[int, list[str]]],
    store: Store | None,
    mapping: StoreMap | None,
    map_name: str,
    title: str,
) -> tuple[Catalog, list[str]]:
    header = records[0][1]
    if store is None:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "header",
                    "a mapping is for a Shopify or WooCommerce product export, and this header "
                    "is neither; import sockadvisor's own CSV format without a mapping",
                )
            ]
        )
    if mapping is None:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "header",
                    f"this is a {NAMES[store]}: it has no columns for mmHg, materials, length or "
                    "the size chart; write a mapping that says where they are (a starting one: "
                    f"sockadvisor catalog import {name} --suggest-map) and import with it",
                )
            ]
        )
    problems: list[Problem] = []
    if mapping.store is not None and mapping.store is not store:
        what = f"says store {mapping.store.value}, but {name} is a {NAMES[store]}; correct it"
        problems.append(Problem(map_name, 1, 1, "store", what))
    for field in REQUIRED_FIELDS:
        if field not in mapping.fields:
            what = (
                f"{field} is not mapped, and the export has no column for it; add "
                f"fields.{field} with where to find it (from, pattern) or a default"
            )
            problems.append(Problem(map_name, 1, 1, "fields", what))
    if problems:
        raise DataError(problems)
    export = Export(name, store, header, records, mapping)
    rows = read_export(export)
    if not rows:
        export.problems.append(Problem(name, 1, 1, "", "no products in the export"))
        raise DataError(export.problems)
    ctx = Context(name, {}, len(header), False, problems=export.problems)
    catalog = _validate(ctx, rows, title)
    _duplicates(rows)
    if export.problems or catalog is None:
        raise DataError(list(dict.fromkeys(export.problems)))
    return catalog, export.notes


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


def _header(name: str, cells: list[str]) -> tuple[dict[str, int], list[int]]:
    """The index of every known column, and the columns without a name; or a DataError."""
    columns: dict[str, int] = {}
    nameless: list[int] = []
    problems: list[Problem] = []
    if len(cells) == 1 and "\t" in cells[0]:
        what = "tab-separated files are not read; save the sheet as CSV (comma-separated)"
        raise DataError([Problem(name, 1, 1, "header", what)])
    for i, raw in enumerate(cells):
        key = word(raw)
        if not key:
            nameless.append(i)
        elif key in columns:
            what = f"column '{key}' is there twice (first as column {columns[key] + 1}); keep one"
            problems.append(Problem(name, 1, i + 1, "header", what))
        elif key in COLUMNS:
            columns[key] = i
        else:
            close = suggest(key, list(COLUMNS))
            fix = f"did you mean '{close}'?" if close else "the columns are " + ", ".join(COLUMNS)
            problems.append(
                Problem(name, 1, i + 1, "header", f"unknown column '{show(raw.strip())}'; {fix}")
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


def _nameless_columns(ctx: Context, nameless: list[int], rows: list[Row]) -> None:
    for i in nameless:
        used = next((r for r in rows if i < len(r.cells) and r.cells[i].strip()), None)
        if used is not None:
            what = (
                f"column {i + 1} has no name in the header but has values (first in row "
                f"{used.number}); name the column or delete it"
            )
            ctx.problems.append(Problem(ctx.name, 1, i + 1, "header", what))


def _validate(ctx: Context, rows: list[Row], title: str) -> Catalog | None:
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


def _locate(row: Row, rest: tuple[int | str, ...]) -> tuple[str, str]:
    """The CSV column of a product field's error, and what to say before the message."""
    if not rest:  # the product's own check: compression sizes need calf_cm
        return "calf_cm", ""
    head = str(rest[0])
    if head == "compression":
        return ("graduated" if rest[1:2] == ("graduated",) else "mmhg"), ""
    if head == "materials" and len(rest) > 1:
        return "materials", f"{rest[1]}: "
    if head == "sizes" and len(rest) > 1 and isinstance(rest[1], int):
        label = show(str(row.data["sizes"][rest[1]]["label"]))
        part = rest[2] if len(rest) > 2 else ""
        if part == "label":
            return "sizes", f"size label '{label}': "
        end = {"min": "lower end: ", "max": "upper end: "}.get(str(rest[-1]), "")
        column = {"calf_cm": "calf_cm", "ankle_cm": "ankle_cm", "sku": "size_skus"}.get(
            str(part), "stock" if part == "stock" else "sizes"
        )
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


def _duplicates(rows: list[Row]) -> None:
    first: dict[str, Row] = {}
    for row in rows:
        sku = row.data.get("sku")
        if not isinstance(sku, str):
            continue
        key = sku.casefold()
        if key in first:
            row.fail(
                "sku",
                f"duplicate SKU '{show(sku)}' (first in row {first[key].number}); "
                "give each SKU its own",
            )
        else:
            first[key] = row
