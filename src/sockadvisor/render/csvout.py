"""CSV output: the one writer every CSV goes through (it escapes cells a spreadsheet would
run as formulas), and a catalog in its own CSV format, which `catalog import` reads back.
The format: docs/csv-format.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sockadvisor.domain.csvformat import (
    COLUMNS,
    MAX_NUMBER,
    NO,
    YES,
    csv_label,
    escape_cell,
    show,
)
from sockadvisor.domain.models import Catalog, Product, Size
from sockadvisor.errors import ExitCode, SockadvisorError

__all__ = ["CsvExportError", "export_csv", "write_csv"]


class CsvExportError(SockadvisorError):
    """A valid catalog that the CSV format cannot hold (a size label with ';', ...)."""

    exit_code = ExitCode.DATA


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header row and the rows, comma-separated with '\\n' line ends, every cell escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([escape_cell(h) for h in header])
    writer.writerows([escape_cell("" if c is None else str(c)) for c in row] for row in rows)
    return out.getvalue()


def export_csv(catalog: Catalog | Sequence[Product]) -> str:
    """Products as CSV in the import format (every column, '\\n' line ends).

    Takes a catalog or just its products (a filtered list, say). Raises CsvExportError for a
    product the format cannot hold (docs/csv-format.md#export).
    """
    products = catalog.products if isinstance(catalog, Catalog) else catalog
    return write_csv(COLUMNS, (_export_row(p) for p in products))


def _number(value: float) -> str:
    """The shortest decimal that reads back as exactly this float, without an exponent."""
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _span(low: float, high: float) -> str:
    return _number(low) if low == high else f"{_number(low)}-{_number(high)}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


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
                f"'{show(size.label)}' has ';', spaces at an end, or a ':' and a range before "
                "a comma, which the CSV sizes column cannot hold; rename the size"
            )
    # The other numbers are at least 5 and at most 1000, so always short.
    if len(_number(product.price)) > MAX_NUMBER:
        raise CsvExportError(
            f"sockadvisor: cannot write {product.sku} as CSV: its price {product.price!r} takes "
            f"more than {MAX_NUMBER} digits to write out, more than a CSV number may have; "
            "correct the price"
        )


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
        _sizes_cell(p.sizes, "shoe_us"),
        _sizes_cell(p.sizes, "shoe_uk"),
        p.notes or "",
        p.url or "",
        p.image or "",
        p.gtin or "",
        p.currency or "",
        ";".join(f"{s.label}:{s.sku}" for s in p.sizes if s.sku),
        ";".join(f"{s.label}:{s.stock}" for s in p.sizes if s.stock is not None),
    ]
