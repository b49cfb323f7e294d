"""A web store's product export (Shopify, WooCommerce) read as it is: recognised by its
header, variant rows grouped into one product with its sizes, prices with currency signs
and thousands separators, and what the export lacks taken from the shop's mapping
(domain/storemap.py). Each product becomes a row of our own CSV columns, read by
csv_cells, so every problem names the export's row and column. docs/store-exports.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sockadvisor.domain.csvformat import COLUMNS, show
from sockadvisor.domain.storemap import FieldName, Pick, Store, StoreMap
from sockadvisor.errors import Problem
from sockadvisor.sources.csv_cells import FIBRE_ALIASES, Context, Row, convert, word

__all__ = ["PATTERNS", "Export", "detect", "detect_bytes", "read_export"]

# The columns that tell each store's export apart (all of them must be in the header).
SIGNATURES = {
    Store.shopify: ("Handle", "Title", "Body (HTML)", "Vendor", "Variant Price"),
    Store.woocommerce: ("ID", "Type", "SKU", "Name", "Regular price", "Parent"),
}
NAMES = {Store.shopify: "Shopify product export", Store.woocommerce: "WooCommerce product export"}

# What each store's columns are, by our words.
_SHOPIFY = {
    "title": "Title",
    "body": "Body (HTML)",
    "brand": "Vendor",
    "type": "Type",
    "tags": "Tags",
    "price": "Variant Price",
    "size_sku": "Variant SKU",
    "image": "Image Src",
}
_WOO = {
    "title": "Name",
    "body": "Description",
    "brand": "Brands",
    "type": "Categories",
    "tags": "Tags",
    "price": "Regular price",
    "size_sku": "SKU",
    "image": "Images",
    "gtin": "GTIN, UPC, EAN, or ISBN",
}

# A field's pattern when the mapping gives none (any case); the first group is the value.
PATTERNS: dict[str, str] = {
    "mmhg": r"([0-9]+(?:\.[0-9]+)?(?:\s*(?:-|\u2013|to)\s*[0-9]+(?:\.[0-9]+)?)?)\s*mm\s*hg",
    "materials": r"([0-9]{1,3}\s*%\s*FIBRE(?:\s*(?:,|/|;|and)\s*[0-9]{1,3}\s*%\s*FIBRE)*)".replace(
        "FIBRE", r"[a-z]+(?:[ -](?!and\b)[a-z]+)?"
    ),
    "length": r"\b(no[\s_-]?show|ankle|quarter|micro[\s_-]?crew|crew|knee[\s_-]?high)\b",
    "cushion": r"\b(none|ultra[\s_-]?light|light|medium|max)[\s_-]+cushion",
    "graduated": r"\bgraduated\b",
    "seamless_toe": r"\bseamless\b",
    "toe_socks": r"\btoe[\s-]socks?\b",
    "mesh_ventilation": r"\bmesh\b",
}
FLAGS = ("graduated", "seamless_toe", "toe_socks", "mesh_ventilation")


def detect(header: list[str]) -> Store | None:
    names = {h.strip() for h in header}
    for store, needed in SIGNATURES.items():
        if all(n in names for n in needed):
            return store
    return None


def detect_bytes(data: bytes) -> Store | None:
    """The store whose export this is, from its first line (a quick look, no full read)."""
    import csv
    import io

    first = data[:65536].decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    return detect(next(csv.reader(io.StringIO(first)), []))


@dataclass
class Export:
    """The file being read: its name, header, rows and the problems found so far."""

    name: str
    store: Store
    header: list[str]
    records: list[tuple[int, list[str]]]  # (line, cells), the header first
    mapping: StoreMap
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # the export columns read

    def __post_init__(self) -> None:
        self.index = {h.strip(): i for i, h in reversed(list(enumerate(self.header)))}
        self.words = _SHOPIFY if self.store is Store.shopify else _WOO

    def col(self, name: str) -> int | None:
        """The index of an export column (and it counts as used), or None."""
        i = self.index.get(name)
        if i is not None:
            self.used.add(name)
        return i

    def metafield(self, key: str) -> str | None:
        """The column of a Shopify metafield or a WooCommerce meta key."""
        for name in self.index:
            if name.endswith(f"(product.metafields.{key})") or name in (f"Meta: {key}",):
                return name
        return None


@dataclass
class Item:
    """One product's rows: the product row and its variant rows (number, line, cells)."""

    number: int
    line: int
    cells: list[str]
    variants: list[tuple[int, int, list[str]]] = field(default_factory=list)


def _cell(export: Export, cells: list[str], name: str) -> str:
    i = export.col(name)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _groups(export: Export) -> list[Item]:
    """Rows grouped into products, in the export's order; draft products left out."""
    items: list[Item] = []
    by_key: dict[str, Item] = {}
    skipped: list[str] = []
    for number, (line, cells) in enumerate(export.records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if export.store is Store.shopify:
            key = _cell(export, cells, "Handle")
            variant = any(
                _cell(export, cells, c) for c in ("Option1 Value", "Variant SKU", "Variant Price")
            )
            item = by_key.get(key)
            if item is None:
                item = by_key[key] = Item(number, line, cells)
                status = _cell(export, cells, "Status").casefold()
                if status and status != "active":
                    skipped.append(f"{key} ({status})")
                else:
                    items.append(item)
            if variant:
                item.variants.append((number, line, cells))
            continue
        kind = _cell(export, cells, "Type").casefold()
        if "variation" in kind:
            parent = _cell(export, cells, "Parent")
            owner = by_key.get(parent) or by_key.get(parent.removeprefix("id:"))
            if owner is None:
                export.problems.append(
                    Problem(
                        export.name,
                        line,
                        (export.col("Parent") or 0) + 1,
                        f"row {number} column Parent",
                        f"variation of '{show(parent)}', which is not a product in this file; "
                        "export the parent product too",
                    )
                )
                continue
            owner.variants.append((number, line, cells))
            continue
        item = Item(number, line, cells)
        for key in (_cell(export, cells, "ID"), _cell(export, cells, "SKU")):
            if key:
                by_key[key] = by_key.get(key, item)
                by_key[f"id:{key}"] = by_key.get(f"id:{key}", item)
        published = _cell(export, cells, "Published")
        if published not in ("", "1"):
            skipped.append(f"{_cell(export, cells, 'Name')} (not published)")
        else:
            items.append(item)
    if skipped:
        export.notes.append(f"left out {len(skipped)} product(s) not active: {', '.join(skipped)}")
    return items


def _text(export: Export, item: Item, source: str) -> tuple[str, str]:
    """A source's text for a product, and the export column it came from."""
    kind, _, rest = source.partition(":")
    if kind in ("title", "body", "tags", "type"):
        name = export.words[kind]
    elif kind == "metafield":
        name = export.metafield(rest.strip()) or ""
    else:
        name = rest.strip()
    if export.col(name) is None:
        return "", name
    text = _cell(export, item.cells, name)
    if not text:
        text = next((t for _, _, c in item.variants if (t := _cell(export, c, name))), "")
    if kind == "body" and export.store is Store.woocommerce:
        text = f"{text} {_cell(export, item.cells, 'Short description')}"
        export.col("Short description")
    if kind == "body":
        lines = html.unescape(re.sub(r"<[^>]+>", "\n", text)).splitlines()
        text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    return text, name


def _find(export: Export, item: Item, name: FieldName, pick: Pick) -> tuple[str, str]:
    """The value of one mapped field for a product, and the column it came from."""
    values = {word(k): v for k, v in pick.values.items()}
    for source in pick.from_:
        # A column or metafield holds the field itself: read whole, unless a pattern is given.
        own = source.startswith(("column:", "metafield:"))
        pattern = pick.pattern or (None if own else PATTERNS.get(name))
        text, column = _text(export, item, source)
        if not text:
            continue
        if pattern is None:
            value = text
        else:
            match = re.search(pattern, text, re.IGNORECASE)
            if not match:
                continue
            group = match.group(1) if match.re.groups else None
            value = group if group is not None else ("yes" if name in FLAGS else match.group(0))
        value = values.get(word(value), value)
        if name == "mmhg":
            value = re.sub(r"\s*(?:to|\u2013)\s*", "-", value)
        if name == "materials":
            value = re.sub(r"\s+and\s+", ", ", value, flags=re.IGNORECASE)
        return value, column
    return pick.default or "", ""


_MONEY = re.compile(
    r"^\s*([A-Z]{3}|[$\u20ac\u00a3\u00a5])?\s*([0-9][0-9.,\u00a0 ']*)\s*"
    r"([$\u20ac\u00a3\u00a5]|[A-Z]{3})?\s*$"
)
_SIGNS = {"\u20ac": "EUR", "\u00a3": "GBP"}


def price(text: str) -> tuple[str, str | None]:
    """A store's price as plain digits ('$1,018.00' -> '1018.00', '1.018,00 EUR' ->
    '1018.00'), and the currency its sign names; the text as it is when it is not a price
    (the reader then says why). One separator before exactly three digits is a thousands
    separator; otherwise the last separator is the decimal one."""
    match = _MONEY.match(text)
    if not match:
        return text, None
    digits = re.sub(r"[\u00a0 ']", "", match[2])
    seps = [ch for ch in digits if ch in ".,"]
    last = max(digits.rfind("."), digits.rfind(","))
    thousands = not seps or (len(set(seps)) == 1 and (len(seps) > 1 or len(digits) - last == 4))
    sign = match[1] or match[3] or ""
    currency = _SIGNS.get(sign) or (sign if len(sign) == 3 else None)
    if thousands:
        return digits.replace(",", "").replace(".", ""), currency
    whole = digits[:last].replace(",", "").replace(".", "")
    return f"{whole}.{digits[last + 1 :]}", currency


# --- One product as a row of our own CSV columns -----------------------------------

_AT = {c: i for i, c in enumerate(COLUMNS)}


@dataclass
class _Cells:
    """Our columns' cells for one product, with the export column each came from."""

    export: Export
    values: dict[str, str] = field(default_factory=dict)
    at: dict[str, int] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (our column, what)

    def put(self, column: str, value: str, source: str = "", why: str = "") -> None:
        self.values[column] = value
        if source:
            i = self.export.index.get(source)
            if i is not None:
                self.at[column] = i + 1
            self.shown[column] = f"{source} ({why})" if why else source


def _size_option(export: Export, item: Item) -> tuple[str, int | None]:
    """The column of the size option's value for this product's variant rows."""
    wanted = export.mapping.sizes.option.casefold()
    if export.store is Store.shopify:
        for n in (1, 2, 3):
            if _cell(export, item.cells, f"Option{n} Name").casefold() == wanted:
                return f"Option{n} Value", export.col(f"Option{n} Value")
        return "", None
    for n in range(1, 100):
        name = f"Attribute {n} name"
        if name not in export.index:
            break
        rows = [item.cells] + [c for _, _, c in item.variants]
        if any(_cell(export, c, name).casefold() == wanted for c in rows):
            return f"Attribute {n} value(s)", export.col(f"Attribute {n} value(s)")
    return "", None


def _stock(export: Export, cells: list[str]) -> str | None:
    """A variant row's stock as our cell says it: a count, in or out; None when unknown."""
    if export.store is Store.shopify:
        if "Variant Inventory Tracker" in export.index and not _cell(
            export, cells, "Variant Inventory Tracker"
        ):
            return None  # the store does not track it: no claim
        qty = _cell(export, cells, "Variant Inventory Qty")
        if not re.fullmatch(r"-?[0-9]+", qty):
            return None
        if _cell(export, cells, "Variant Inventory Policy").casefold() == "continue":
            return "in"  # sold when out of stock: buyable
        return str(max(int(qty), 0))
    qty = _cell(export, cells, "Stock")
    if re.fullmatch(r"-?[0-9]+", qty):
        return str(max(int(qty), 0))
    status = _cell(export, cells, "In stock?").casefold()
    return {"1": "in", "0": "out", "backorder": "in"}.get(status)


def _chart(export: Export, item: Item, kind: str) -> dict[str, dict[str, str | None]] | None:
    """The mapping's chart for this product type: {label: {shoe_eu, calf_cm, ankle_cm}}."""
    types = {word(t) for t in re.split(r"[,>|]", kind) if t.strip()} | {word(kind)}
    fallback = None
    for chart in export.mapping.sizes.charts:
        if not chart.types:
            fallback = fallback or chart
        elif types & {word(t) for t in chart.types}:
            fallback = chart
            break
    if fallback is None:
        return None
    return {
        s.label: {"shoe_eu": s.shoe_eu, "calf_cm": s.calf_cm, "ankle_cm": s.ankle_cm}
        for s in fallback.sizes
    }


def _sizes(export: Export, item: Item, out: _Cells, kind: str) -> None:
    column, index = _size_option(export, item)
    option = export.mapping.sizes.option
    rows = item.variants or [(item.number, item.line, item.cells)]
    labels: dict[str, list[list[str]]] = {}
    for _, _, cells in rows:
        raw = cells[index].strip() if index is not None and index < len(cells) else ""
        for label in [raw] if item.variants else [x.strip() for x in raw.split(",")]:
            if label:
                labels.setdefault(label, []).append(cells)
    chart = _chart(export, item, kind)
    where = column or (export.words["title"])
    if not labels:
        out.put("sizes", "", where, f"size option '{option}'")
        out.problems.append(
            (
                "sizes",
                f"has no option '{show(option)}' with the sizes; set sizes.option in the "
                "mapping to the name of the store's size option",
            )
        )
        return
    if chart is None:
        out.put("sizes", "", where, "the mapping's size chart")
        out.problems.append(
            (
                "sizes",
                f"the mapping has no size chart for type '{show(kind)}' and none for "
                "every product; add one under sizes.charts",
            )
        )
        return
    order = [label for label in chart if label in labels and chart[label]["shoe_eu"]]
    missing = [label for label in labels if label not in order]
    if missing:
        kind_words = f" for type '{show(kind)}'" if kind else ""
        out.problems.append(
            (
                "sizes",
                f"size{'s' if len(missing) > 1 else ''} {show(', '.join(missing))} "
                f"{'have' if len(missing) > 1 else 'has'} no shoe_eu range in the mapping's "
                f"size chart{kind_words}; add {'them' if len(missing) > 1 else 'it'} "
                "under sizes.charts",
            )
        )
    cells_of: dict[str, list[str]] = {"sizes": [], "calf_cm": [], "ankle_cm": []}
    for label in order:
        ranges = chart[label]
        for ours, key in (("sizes", "shoe_eu"), ("calf_cm", "calf_cm"), ("ankle_cm", "ankle_cm")):
            value = ranges.get(key)
            if value:
                cells_of[ours].append(f"{label}:{value.strip()}")
    for ours, parts in cells_of.items():
        out.put(ours, ";".join(parts), column, "the mapping's size chart")
    skus, stock = [], []
    for label in order:
        found = labels[label]
        if not item.variants:
            continue
        variant_skus = [_cell(export, c, export.words["size_sku"]) for c in found]
        if len(found) == 1 and variant_skus[0]:
            skus.append(f"{label}:{variant_skus[0]}")
        counts = [_stock(export, c) for c in found]
        if all(c is not None for c in counts):
            total = [c for c in counts if c is not None]
            if all(c.isdigit() for c in total):
                stock.append(f"{label}:{sum(int(c) for c in total)}")
            else:
                buyable = any(c == "in" or (c.isdigit() and int(c) > 0) for c in total)
                stock.append(f"{label}:{'in' if buyable else 'out'}")
    out.put("size_skus", ";".join(skus), export.words["size_sku"])
    stock_column = "Variant Inventory Qty" if export.store is Store.shopify else "Stock"
    out.put("stock", ";".join(stock), stock_column)


def _product(export: Export, item: Item) -> _Cells:
    out = _Cells(export)
    words = export.words
    mapping = export.mapping
    key = "Handle" if export.store is Store.shopify else "SKU"
    sku = _cell(export, item.cells, key)
    if export.store is Store.woocommerce and not sku:
        sku = f"WC-{_cell(export, item.cells, 'ID')}"
    out.put("sku", sku, key)
    out.put("name", _cell(export, item.cells, words["title"]), words["title"])
    out.put("brand", _cell(export, item.cells, words["brand"]), words["brand"])
    prices = [_cell(export, c, words["price"]) for _, _, c in item.variants] or [
        _cell(export, item.cells, words["price"])
    ]
    plain = [price(p) for p in prices if p]
    numbers = sorted(plain, key=lambda p: float(p[0]) if re.fullmatch(r"[0-9.]+", p[0]) else 0)
    first = numbers[0] if numbers else ("", None)
    out.put("price", first[0], words["price"])
    currency = mapping.currency or first[1]
    if currency:
        out.put("currency", currency)
    image = _cell(export, item.cells, words["image"]).split(",")[0].strip()
    out.put("image", image, words["image"])
    if "gtin" in words:
        out.put("gtin", _cell(export, item.cells, words["gtin"]), words["gtin"])
    if mapping.url:
        out.put("url", _url(export, item, mapping.url), "", "the mapping's url")
    for name, pick in mapping.fields.items():
        value, column = _find(export, item, name, pick)
        if not value and out.values.get(name):
            continue  # found nothing: the store's own column (brand) stays
        out.put(name, value, column, f"the mapping's fields.{name}")
        if not column:
            out.shown[name] = f"the mapping's fields.{name}"
    _sizes(export, item, out, _cell(export, item.cells, words["type"]))
    return out


def _url(export: Export, item: Item, template: str) -> str:
    def fill(match: re.Match[str]) -> str:
        return _cell(export, item.cells, match[1])

    return re.sub(r"\{([^{}]+)\}", fill, template)


def read_export(
    export: Export, make: Callable[[Context, int, int, list[str]], Row] = convert
) -> list[Row]:
    """Every product of the export as a row of our columns (problems in export.problems)."""
    aliases = dict(FIBRE_ALIASES)
    aliases.update({word(k): v for k, v in export.mapping.fibres.items()})
    rows = []
    for item in _groups(export):
        cells = _product(export, item)
        ctx = Context(
            export.name,
            dict(_AT),
            len(COLUMNS),
            False,
            problems=export.problems,
            at=cells.at,
            shown=cells.shown,
            fibres=aliases,
        )
        before = len(export.problems)
        row = make(ctx, item.number, item.line, [cells.values.get(c, "") for c in COLUMNS])
        if cells.problems:  # the mapping's own problems replace what the cells then say
            sizes = f"{row.label} column {ctx.shown.get('sizes', 'sizes')}"
            export.problems[before:] = [p for p in export.problems[before:] if p.where != sizes]
            for column, what in cells.problems:
                row.fail(column, what, omit=column)
        rows.append(row)
    unused = [h.strip() for h in export.header if h.strip() and h.strip() not in export.used]
    if unused:
        export.notes.append(f"{len(unused)} column(s) of the export not used: {', '.join(unused)}")
    return rows
