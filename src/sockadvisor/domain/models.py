"""The data that flows between the layers: products and the catalog (the runner's profile
is sockadvisor.domain.profile).

Every model is frozen and forbids unknown fields, so a typo in a catalog is an error,
not a silently ignored key. Strings are strict: YAML's `NO` (a boolean) or `012`
(an integer) in a text field is an error that says "quote it", never a silent coercion.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from sockadvisor.domain.text import printable
from sockadvisor.domain.vocab import (
    Cushion,
    Fibre,
    Length,
    Zone,
    mmhg_range,
)


def _printable(value: str) -> str:
    return printable(value)


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be one line; remove the line break")
    return value


Text = Annotated[
    str,
    Field(strict=True, min_length=1, max_length=200),
    AfterValidator(_printable),
    AfterValidator(_one_line),
]
ShortText = Annotated[
    str,
    Field(strict=True, min_length=1, max_length=40),
    AfterValidator(_printable),
    AfterValidator(_one_line),
]
LongText = Annotated[
    str, Field(strict=True, min_length=1, max_length=2000), AfterValidator(_printable)
]
Sku = Annotated[
    str,
    Field(strict=True, min_length=2, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
]
Cm = Annotated[float, Field(strict=True, ge=10, le=90, allow_inf_nan=False)]
ShoeEU = Annotated[float, Field(strict=True, ge=16, le=54, allow_inf_nan=False)]
ShoeLocal = Annotated[float, Field(strict=True, ge=0, le=25, allow_inf_nan=False)]
Mmhg = Annotated[float, Field(strict=True, ge=5, le=50, allow_inf_nan=False)]
Percent = Annotated[int, Field(strict=True, ge=1, le=100)]

# A shop's links and identifiers (docs/catalog-format.md#stock-links-and-identifiers).
Url = Annotated[
    str,
    Field(
        strict=True,
        max_length=2000,
        pattern=r"^https?://[^\s/?#]+[^\s]*$",
        description="an http or https address",
    ),
]
Gtin = Annotated[
    str,
    Field(
        strict=True,
        pattern=r"^(?:[0-9]{8}|[0-9]{12,14})$",
        description="a GTIN (EAN/UPC barcode): 8, 12, 13 or 14 digits",
    ),
]
Currency = Annotated[
    str,
    Field(strict=True, pattern=r"^[A-Z]{3}$", description="an ISO 4217 code, such as EUR or USD"),
]
StockCount = Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
Stock = StockCount | Literal["in", "out"]
"""A size's stock: a count (0 is out of stock), or `in`/`out` when the shop keeps no count."""


def in_stock(stock: Stock | None) -> bool | None:
    """Whether a size can be bought now; None when the catalog does not say."""
    if stock is None:
        return None
    if isinstance(stock, str):
        return stock == "in"
    return stock > 0


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(Frozen):
    """A closed range [min, max] in centimetres or EU shoe sizes."""

    min: float
    max: float

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def __str__(self) -> str:
        return f"{self.min:g}-{self.max:g}"


class CmRange(Range):
    min: Cm
    max: Cm

    @model_validator(mode="after")
    def _ordered(self) -> CmRange:
        if self.min >= self.max:
            raise ValueError("min must be below max (they are equal or swapped)")
        return self


class ShoeRange(Range):
    min: ShoeEU
    max: ShoeEU

    @model_validator(mode="after")
    def _ordered(self) -> ShoeRange:
        if self.min > self.max:
            raise ValueError("min must not be above max; swap them")
        return self


class LocalShoeRange(Range):
    """A range of US or UK shoe sizes, as the maker's chart prints it (US: men's/unisex)."""

    min: ShoeLocal
    max: ShoeLocal

    @model_validator(mode="after")
    def _ordered(self) -> LocalShoeRange:
        if self.min > self.max:
            raise ValueError("min must not be above max; swap them")
        return self


class Size(Frozen):
    """One row of a size chart: a compression sock by calf (and ankle), any sock by shoe."""

    label: Annotated[
        str,
        Field(strict=True, min_length=1, max_length=12),
        AfterValidator(_printable),
        AfterValidator(_one_line),
    ]
    shoe_eu: ShoeRange | None = None  # None: a chart sized by calf alone (calf sleeves)
    calf_cm: CmRange | None = None
    ankle_cm: CmRange | None = None
    shoe_us: LocalShoeRange | None = Field(
        default=None, description="the maker's own US (men's or unisex) sizes; win over EU"
    )
    shoe_uk: LocalShoeRange | None = Field(
        default=None, description="the maker's own UK sizes; win over EU"
    )
    sku: Sku | None = Field(default=None, description="the size's own SKU (the store's variant)")
    stock: Stock | None = Field(
        default=None, description="a count, or in/out; left out: the shop does not say"
    )


class Compression(Frozen):
    """Pressure at the ankle, in mmHg. Graduated: tightest at the ankle, easing up the leg."""

    min_mmhg: Mmhg
    max_mmhg: Mmhg
    graduated: Annotated[bool, Field(strict=True)]

    @model_validator(mode="after")
    def _ordered(self) -> Compression:
        if self.min_mmhg > self.max_mmhg:
            raise ValueError("min_mmhg must not be above max_mmhg; swap them")
        return self

    def __str__(self) -> str:
        return mmhg_range(self.min_mmhg, self.max_mmhg)


OptBool = Annotated[bool | None, Field(strict=True)]


class Product(Frozen):
    sku: Sku
    brand: Text
    name: Text
    price: Annotated[float, Field(strict=True, gt=0, le=1000, allow_inf_nan=False)]
    compression: Compression | None = Field(
        description="the pressure range; required: write null for a sock without compression"
    )
    length: Length
    materials: dict[Fibre, Percent]
    cushion: Cushion | None = None
    reinforcement: list[Zone] = Field(default_factory=list)
    seamless_toe: OptBool = None
    toe_socks: Annotated[bool, Field(strict=True)] = False
    mesh_ventilation: OptBool = None
    sizes: list[Size] = Field(min_length=1)
    notes: LongText | None = None
    url: Url | None = Field(default=None, description="the product's page in the shop")
    image: Url | None = Field(default=None, description="an image of the product")
    gtin: Gtin | None = None
    currency: Currency | None = Field(default=None, description="the currency of `price`")

    @field_validator("materials")
    @classmethod
    def _sum_100(cls, value: dict[Fibre, int]) -> dict[Fibre, int]:
        total = sum(value.values())
        if total != 100:
            raise ValueError(f"fibre percentages add up to {total}, not 100; correct them")
        return value

    @field_validator("reinforcement")
    @classmethod
    def _unique_zones(cls, value: list[Zone]) -> list[Zone]:
        if len(set(value)) != len(value):
            raise ValueError("a zone is listed twice; list each zone once")
        return value

    @field_validator("sizes")
    @classmethod
    def _sizes_ordered(cls, value: list[Size]) -> list[Size]:
        labels = [s.label for s in value]
        if len(set(labels)) != len(labels):
            raise ValueError("two sizes share a label; give each size its own label")
        skus = [s.sku.casefold() for s in value if s.sku]
        if len(set(skus)) != len(skus):
            raise ValueError("two sizes share a SKU; give each size its own SKU")
        for before, after in zip(value, value[1:], strict=False):
            a, b = before.shoe_eu, after.shoe_eu
            if a is not None and b is not None and (b.min < a.min or b.max < a.max):
                raise ValueError(
                    f"size {after.label} comes after {before.label} but is smaller in shoe_eu; "
                    "list sizes from smallest to largest"
                )
            if before.calf_cm and after.calf_cm and after.calf_cm.min < before.calf_cm.min:
                raise ValueError(
                    f"size {after.label} comes after {before.label} but is smaller in calf_cm; "
                    "list sizes from smallest to largest"
                )
        return value

    @model_validator(mode="after")
    def _one_kind_of_chart(self) -> Product:
        # A chart sizes by calf on every size or on none (some makers size compression by
        # shoe alone); every size needs a shoe or a calf range (calf sleeves: calf alone).
        calf = [s.calf_cm is not None for s in self.sizes]
        if self.compression is not None and any(calf) and not all(calf):
            raise ValueError(
                "give calf_cm on every size or on none (a chart sized by shoe alone); "
                "copy the maker's chart"
            )
        if any(s.shoe_eu is None for s in self.sizes) and not all(calf):
            raise ValueError(
                "a size without shoe_eu must have calf_cm (a chart sized by calf alone); "
                "add the shoe or calf ranges from the maker's chart"
            )
        if any(s.shoe_eu is None for s in self.sizes) and self.compression is None:
            raise ValueError("a plain sock is sized by shoe: add shoe_eu to every size")
        for system in ("shoe_us", "shoe_uk"):  # the maker's own columns: all or none
            given = [getattr(s, system) is not None for s in self.sizes]
            if any(given) and not all(given):
                raise ValueError(f"give {system} on every size or on none; copy the maker's chart")
        return self

    @property
    def is_compression(self) -> bool:
        return self.compression is not None


class Catalog(Frozen):
    version: Annotated[int, Field(strict=True, ge=1, le=1)] = 1
    title: Text
    note: LongText | None = None
    products: list[Product] = Field(min_length=1)
