"""The rule language: pydantic models for rules (compiled by sockadvisor.engine.compile).

A rule says: when the runner's profile matches `when`, a product earns up to
`weight` points by how far it meets `prefer` (a degree from 0 to 1). A negative
weight is a penalty: a product loses points by having what `prefer` describes; an
`avoid: true` penalty met in full ranks the product below every product it does not
disqualify (docs/scoring.md).
No `eval`, no Python in YAML: every product test below is a data structure.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from sockadvisor.domain.models import Frozen, ShortText, Text
from sockadvisor.domain.profile import When
from sockadvisor.domain.vocab import Cushion, Fibre, Length, Zone

Feature = Literal["seamless_toe", "mesh_ventilation", "toe_socks"]


class LengthIn(Frozen):
    length: list[Length] = Field(min_length=1)


class LengthAtLeast(Frozen):
    length_at_least: Length


class Compressed(Frozen):
    compressed: Annotated[bool, Field(strict=True)]


class Graduated(Frozen):
    graduated: Annotated[bool, Field(strict=True)]


class MmhgWithin(Frozen):
    """Share of the product's mmHg range that lies in [low, high]."""

    mmhg_within: tuple[
        Annotated[float, Field(strict=True, allow_inf_nan=False)],
        Annotated[float, Field(strict=True, allow_inf_nan=False)],
    ]

    @field_validator("mmhg_within")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not 0 <= value[0] <= value[1] <= 60:
            raise ValueError("write [low, high] with 0 <= low <= high <= 60")
        return value


class MmhgAbove(Frozen):
    """Share of the product's mmHg range that lies above the threshold."""

    mmhg_above: Annotated[float, Field(strict=True, ge=0, le=60, allow_inf_nan=False)]


class Reinforced(Frozen):
    """Share of the listed zones that the product reinforces."""

    reinforced: list[Zone] = Field(min_length=1)


class Has(Frozen):
    """Share of the listed construction features that the product has."""

    has: list[Feature] = Field(min_length=1)


class CushionIn(Frozen):
    cushion: list[Cushion] = Field(min_length=1)


class CushionNear(Frozen):
    """Full credit at `cushion_near`; a quarter less for each step away on the scale."""

    cushion_near: Cushion


class FibreShare(Frozen):
    """Share of the fabric, by weight, made of the listed fibres."""

    fibre_share: list[Fibre] = Field(min_length=1)


class FibreMinimum(Frozen):
    fibres: list[Fibre] = Field(min_length=1)
    percent: Annotated[int, Field(strict=True, ge=1, le=100)]


class FibreAtLeast(Frozen):
    """Full credit from `percent` of the listed fibres on; partial credit below it."""

    fibre_at_least: FibreMinimum


class All(Frozen):
    """Every test holds: the smallest degree."""

    all: list[ProductTest] = Field(min_length=1)


class Any_(Frozen):
    """At least one test holds: the largest degree."""

    any: list[ProductTest] = Field(min_length=1)


class Not(Frozen):
    """The opposite: 1 minus the degree."""

    not_: ProductTest = Field(alias="not")


_TESTS: dict[str, type[Frozen]] = {
    "length": LengthIn,
    "length_at_least": LengthAtLeast,
    "compressed": Compressed,
    "graduated": Graduated,
    "mmhg_within": MmhgWithin,
    "mmhg_above": MmhgAbove,
    "reinforced": Reinforced,
    "has": Has,
    "cushion": CushionIn,
    "cushion_near": CushionNear,
    "fibre_share": FibreShare,
    "fibre_at_least": FibreAtLeast,
    "all": All,
    "any": Any_,
    "not": Not,
}
TEST_NAMES = tuple(_TESTS)


def _test_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next(iter(value)) if len(value) == 1 else None
    for tag, cls in _TESTS.items():
        if isinstance(value, cls):
            return tag
    return None


ProductTest = Annotated[
    Annotated[LengthIn, Tag("length")]
    | Annotated[LengthAtLeast, Tag("length_at_least")]
    | Annotated[Compressed, Tag("compressed")]
    | Annotated[Graduated, Tag("graduated")]
    | Annotated[MmhgWithin, Tag("mmhg_within")]
    | Annotated[MmhgAbove, Tag("mmhg_above")]
    | Annotated[Reinforced, Tag("reinforced")]
    | Annotated[Has, Tag("has")]
    | Annotated[CushionIn, Tag("cushion")]
    | Annotated[CushionNear, Tag("cushion_near")]
    | Annotated[FibreShare, Tag("fibre_share")]
    | Annotated[FibreAtLeast, Tag("fibre_at_least")]
    | Annotated[All, Tag("all")]
    | Annotated[Any_, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _test_tag,
        custom_error_type="product_test",
        custom_error_message="a product test is a mapping with exactly one of the keys "
        + ", ".join(TEST_NAMES),
    ),
]

for _cls in (All, Any_, Not):
    _cls.model_rebuild()


class Rule(Frozen):
    id: Annotated[str, Field(strict=True, pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")]
    label: ShortText | None = None
    when: When = When()
    prefer: ProductTest
    weight: Annotated[float, Field(strict=True, ge=-10, le=10, allow_inf_nan=False)]
    because: Text
    source: Text
    avoid: Annotated[bool, Field(strict=True)] = False

    @model_validator(mode="after")
    def _nonzero(self) -> Rule:
        if self.weight == 0:
            raise ValueError("weight 0 has no effect; give it a weight or delete the rule")
        if self.avoid and self.weight > 0:
            raise ValueError("an avoid rule is a penalty: give it a negative weight")
        return self


# A findable source names at least one thing a reader can look up (docs/rule-language.md
# #sources): a DOI, a web address, a registry or document number, authors with a year,
# or a quoted title or section of a named publication.
_FINDABLE = re.compile(
    r"10\.\d{4,9}/\S+"  # a DOI
    r"|https?://\S+|\b[\w-]+\.(?:com|org|net|gov|edu|de|uk)\b"  # a web address
    r"|\bCD\d{6}\b|\bACTRN\d{14}\b|\bCPB \d+|Bulletin \d+|RAL-GZ \d+"  # registry numbers
    r"|\b[A-Z][\w'-]+(?: et al\.| and [A-Z][\w'-]+)?,? (?:19|20)\d{2}\b"  # authors, year
    r"|\w[\w ,-]*,? sections? \"[^\"]{8,}\""  # a named publication's quoted section
)


def findable(source: str) -> bool:
    """Whether a rule's `source` names something a reader can look up."""
    return bool(_FINDABLE.search(source))


class RuleSet(Frozen):
    version: Annotated[int, Field(strict=True, ge=1, le=1)] = 1
    rules: list[Rule] = Field(min_length=1)
