"""A starting mapping for a web store's product export (`catalog import --suggest-map`):
from the header and the products' values, where each field seems to be (a metafield
named like it, else the tags, title or description where the field's pattern matches),
the size option, the fibre words the shop uses, and one size chart per product type
with the labels found (the ranges are the shop's to fill in). docs/store-exports.md.
"""

from __future__ import annotations

import re

from sockadvisor.domain.storemap import Chart, ChartSize, Pick, Sizes, Store, StoreMap
from sockadvisor.domain.vocab import Fibre
from sockadvisor.errors import DataError, Problem
from sockadvisor.sources.csv_cells import FIBRE_ALIASES, word
from sockadvisor.sources.csv_import import _records
from sockadvisor.sources.store_import import (
    Export,
    Item,
    _cell,
    _find,
    _groups,
    _size_option,
    detect,
    price,
)
from sockadvisor.sources.yamlsource import decode

__all__ = ["suggest_map"]

# Metafield or column names that say which field they hold.
_NAMED = {
    "mmhg": ("compression", "mmhg", "pressure"),
    "materials": ("material", "fabric", "composition", "fibre", "fiber"),
    "length": ("length", "height", "cut"),
    "cushion": ("cushion",),
}
# Fibre words that shops use, and the fibre each usually means.
_KNOWN_FIBRES = {
    "wool": Fibre.merino,
    "merino wool": Fibre.merino,
    "merino_wool": Fibre.merino,
    "polyamid": Fibre.nylon,
    "elastan": Fibre.elastane,
    "bamboo viscose": Fibre.bamboo,
    "polypropylen": Fibre.polypropylene,
}
_ORDER = ("mmhg", "graduated", "length", "materials", "cushion", "seamless_toe")


def suggest_map(name: str, data: bytes) -> tuple[StoreMap, list[str]]:
    """A starting mapping for the export, and notes on what it could not find."""
    records, _ = _records(name, decode(name, data))
    header = records[0][1]
    store = detect(header)
    if store is None:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "header",
                    "not a Shopify or WooCommerce product export, so there is nothing to map; "
                    "a file in sockadvisor's own CSV format imports without a mapping",
                )
            ]
        )
    export = Export(name, store, header, records, StoreMap(store=store))
    items = _groups(export)
    notes: list[str] = []
    fields: dict[str, Pick] = {}
    for field in _ORDER:
        pick = _suggest_field(export, items, field)
        if pick is not None:
            fields[field] = pick
        elif field in ("length", "materials"):
            fields[field] = Pick.model_validate({"from": ["tags", "title", "body"]})
            notes.append(
                f"no product shows its {field} where sockadvisor looked; say where it is "
                f"in fields.{field} of the mapping"
            )
    if "mmhg" in fields:
        fields["graduated"] = fields.get("graduated") or Pick.model_validate(
            {"from": ["tags", "body"]}
        )
        fields["graduated"] = fields["graduated"].model_copy(update={"default": "no"})
    fibres = _fibres(export, items, notes)
    sizes = _sizes(export, items, "mmhg" in fields, notes)
    currency = next(
        (c for it in items if (c := price(_cell(export, it.cells, export.words["price"]))[1])),
        None,
    )
    notes.append("add url (the product page, with export columns in braces) to link each product")
    mapping = StoreMap.model_validate(
        {
            "store": store,
            "currency": currency,
            "fibres": fibres,
            "fields": fields,
            "sizes": sizes,
        }
    )
    return mapping, notes


def _suggest_field(export: Export, items: list[Item], field: str) -> Pick | None:
    sources: list[str] = []
    for keyword in _NAMED.get(field, ()):
        for column in export.index:
            meta = re.search(r"\(product\.metafields\.([^)]+)\)$", column) or re.match(
                r"Meta: (.+)$", column
            )
            if meta and keyword in column.casefold():
                source = f"metafield:{meta[1]}"
                if source not in sources:
                    sources.append(source)
    places = ("tags", "title", "body") if field != "seamless_toe" else ("body", "tags")
    for place in places:
        pick = Pick.model_validate({"from": [place]})
        if any(_find(export, item, field, pick)[0] for item in items):  # type: ignore[arg-type]
            sources.append(place)
    return Pick.model_validate({"from": sources}) if sources else None


def _fibres(export: Export, items: list[Item], notes: list[str]) -> dict[str, Fibre]:
    found: dict[str, Fibre] = {}
    unknown: list[str] = []
    pick = Pick.model_validate({"from": ["body", "tags", "title"]})
    for item in items:
        text = _find(export, item, "materials", pick)[0]
        for name in re.findall(r"%\s*([a-z]+(?:[ -](?!and\b)[a-z]+)?)", text, re.IGNORECASE):
            key = word(name)
            if key in Fibre.__members__ or key in FIBRE_ALIASES or key in found:
                continue
            fibre = _KNOWN_FIBRES.get(key) or _KNOWN_FIBRES.get(name.casefold())
            if fibre is not None:
                found[name.casefold()] = fibre
            elif name not in unknown:
                unknown.append(name)
    if unknown:
        notes.append(
            "fibre words that are not sockadvisor's fibres: "
            + ", ".join(unknown)
            + "; add each to fibres with the fibre it is"
        )
    return found


def _sizes(export: Export, items: list[Item], compression: bool, notes: list[str]) -> Sizes:
    options: dict[str, int] = {}
    names = (
        [f"Option{n} Name" for n in (1, 2, 3)]
        if export.store is Store.shopify
        else [h for h in export.index if re.fullmatch(r"Attribute [0-9]+ name", h)]
    )
    for item in items:
        for column in names:
            value = _cell(export, item.cells, column)
            if value:
                options[value] = options.get(value, 0) + 1
    option = next((o for o in options if "size" in o.casefold()), None)
    if option is None:
        notes.append("no option or attribute named like 'Size'; set sizes.option")
        return Sizes()
    by_type: dict[str, list[str]] = {}
    mapping = StoreMap(store=export.store, sizes=Sizes(option=option))
    export.mapping = mapping
    for item in items:
        _, index = _size_option(export, item)
        kind = _cell(export, item.cells, export.words["type"])
        labels = by_type.setdefault(kind, [])
        rows = [c for _, _, c in item.variants] or [item.cells]
        for cells in rows:
            raw = cells[index].strip() if index is not None and index < len(cells) else ""
            for label in [raw] if item.variants else [x.strip() for x in raw.split(",")]:
                if label and label not in labels and len(label) <= 12:
                    labels.append(label)
    charts = [
        Chart(
            types=[kind] if kind and len(by_type) > 1 else [],
            sizes=[ChartSize(label=label) for label in labels],
        )
        for kind, labels in by_type.items()
        if labels
    ]
    if charts:
        notes.append(
            "fill in each size's shoe_eu range in sizes.charts"
            + (" (and calf_cm, ankle_cm for compression socks)" if compression else "")
        )
    return Sizes(option=option, charts=charts)
