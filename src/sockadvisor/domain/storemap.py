"""The mapping file a shop writes once for its web store's product export: where what the
export lacks in columns (mmHg, materials, length, cushion, ...) is found, fibre synonyms,
and the size chart per size label or product type. docs/store-exports.md documents it;
`sockadvisor schema map` is its JSON Schema.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sockadvisor.domain.vocab import Fibre


class Store(StrEnum):
    """The web stores whose product CSV export is recognised by its header."""

    shopify = "shopify"
    woocommerce = "woocommerce"


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"is not a regular expression ({exc}); correct it") from None
    return value


def _source(value: str) -> str:
    kind, colon, rest = value.partition(":")
    if kind in SOURCES and not colon:
        return value
    if kind in ("column", "metafield") and colon and rest.strip():
        return value
    raise ValueError(
        f"'{value[:40]}' is not a source; write one of {', '.join(SOURCES)}, "
        "column:NAME or metafield:NAMESPACE.KEY"
    )


SOURCES = ("title", "body", "tags", "type")
"""The export's own places: the product's title, its description (HTML read as text),
its tags and its product type (Shopify's Type, WooCommerce's Categories)."""

Regex = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_regex)]
Source = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_source)]
Word = Annotated[str, Field(min_length=1, max_length=200)]
Range = Annotated[
    str,
    Field(
        pattern=r"^\s*[0-9]+(\.[0-9]+)?\s*(-\s*[0-9]+(\.[0-9]+)?\s*)?$",
        description="min-max, such as 35-38, or one number",
    ),
]

FieldName = Literal[
    "brand",
    "mmhg",
    "graduated",
    "length",
    "materials",
    "cushion",
    "reinforcement",
    "seamless_toe",
    "toe_socks",
    "mesh_ventilation",
    "notes",
]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Pick(Strict):
    """Where one catalog field is found: the first source whose text matches wins."""

    from_: list[Source] = Field(
        default_factory=list,
        alias="from",
        description="where to look, in order: title, body, tags, type, column:NAME, "
        "metafield:NAMESPACE.KEY",
    )
    pattern: Regex | None = Field(
        default=None,
        description="a regular expression (any case); its first group, or the whole match, "
        "is the value; for a yes/no field a match without a group means yes",
    )
    values: dict[Word, Word] = Field(
        default_factory=dict,
        description="what the shop writes -> the catalog's word ('over the calf': knee_high)",
    )
    default: Word | None = Field(default=None, description="the value when nothing matches")


class ChartSize(Strict):
    """One size of a chart, by the label the store's size option uses."""

    label: Annotated[str, Field(min_length=1, max_length=12)]
    shoe_eu: Range | None = None
    calf_cm: Range | None = None
    ankle_cm: Range | None = None


class Chart(Strict):
    """A size chart, smallest size first, for some product types or for every product."""

    types: list[Word] = Field(
        default_factory=list,
        description="the product types (Shopify's Type, a WooCommerce category) it is for; "
        "empty: every product without a chart of its own",
    )
    sizes: list[ChartSize] = Field(min_length=1)


class Sizes(Strict):
    option: Word = Field(
        default="Size",
        description="the name of the store's option (Shopify) or attribute (WooCommerce) "
        "that holds the size",
    )
    charts: list[Chart] = Field(default_factory=list)


class StoreMap(Strict):
    """A store export's mapping (shop-map.yaml)."""

    version: Annotated[int, Field(strict=True, ge=1, le=1)] = 1
    store: Store | None = Field(default=None, description="left out: known from the header")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    url: Annotated[str, Field(pattern=r"^https?://")] | None = Field(
        default=None,
        description="the product page, with export columns in braces: "
        "https://shop.example/products/{Handle}",
    )
    fibres: dict[Word, Fibre] = Field(
        default_factory=dict, description="the shop's fibre words: polyamide: nylon, wool: merino"
    )
    fields: dict[FieldName, Pick] = Field(default_factory=dict)
    sizes: Sizes = Field(default_factory=Sizes)
