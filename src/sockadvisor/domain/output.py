"""The JSON output's shape, as pydantic models: `sockadvisor schema output` is made from
these, and the JSON writer builds them, so the schema and the output cannot drift apart.

Stable: fields may be added; a field is never removed or renamed without a new
`schema_version` (docs/json-output.md).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sockadvisor.domain.models import Compression, Product, RunnerProfile
from sockadvisor.domain.results import (
    Comparison,
    Diagnosis,
    Excluded,
    Missing,
    Reason,
    Wear,
    WhatIf,
    WhyNot,
)
from sockadvisor.domain.results import Warning as Notice

SCHEMA_VERSION = 1


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReasonOut(Out):
    rule: str
    points: float
    because: str


class ResultOut(Out):
    rank: int
    sku: str
    name: str
    brand: str
    score: float
    price: float
    length: str
    compression: Compression | None
    size: str | None
    size_note: str | None
    reasons: list[ReasonOut]
    warnings: list[Notice]


class RecommendOutput(Out):
    """`sockadvisor recommend --json`."""

    schema_version: int = SCHEMA_VERSION
    profile: RunnerProfile
    warnings: list[Notice]
    matched: int
    results: list[ResultOut]
    excluded: list[Excluded]
    notes: list[Notice]
    diagnosis: Diagnosis | None = None  # when nothing matched
    what_if: WhatIf | None = None  # with --what-if


class TermOut(Out):
    rule: str
    label: str
    weight: float
    degree: float | None
    points: float
    max_points: float
    because: str
    source: str


class ExplainOutput(Out):
    """`sockadvisor explain SKU --json`."""

    schema_version: int = SCHEMA_VERSION
    sku: str
    profile: RunnerProfile
    product: Product
    eligible: bool
    excluded_by: list[Reason]
    rank: int | None
    of: int
    size: str | None
    size_note: str | None
    score: float
    terms: list[TermOut]
    warnings: list[Notice]
    against: WhyNot | None


class PickOut(Out):
    roles: list[str]
    sku: str
    name: str
    brand: str
    scores: dict[str, float]
    price: float
    length: str
    compression: Compression | None
    size: str | None
    size_note: str | None
    wear: list[Wear]
    warnings: list[Notice]


class PlanOutput(Out):
    """`sockadvisor plan --json`."""

    schema_version: int = SCHEMA_VERSION
    profile: RunnerProfile
    travel_hours: float | None
    warnings: list[Notice]
    picks: list[PickOut]
    missing: list[Missing]
    notes: list[Notice]


class ProductOutput(Out):
    """`sockadvisor catalog show SKU --json`."""

    schema_version: int = SCHEMA_VERSION
    product: Product


class ProductsOutput(Out):
    """`sockadvisor catalog list --json`."""

    schema_version: int = SCHEMA_VERSION
    count: int
    products: list[Product]


class ProblemOut(Out):
    file: str
    line: int
    col: int
    where: str
    message: str


class ValidationOutput(Out):
    """`sockadvisor catalog validate --json` and `rules validate --json`."""

    schema_version: int = SCHEMA_VERSION
    file: str
    kind: str
    valid: bool
    count: int
    problems: list[ProblemOut]


class FindingOut(Out):
    file: str
    line: int
    col: int
    code: str  # stable: unknown-data, near-duplicate, size-gap, size-overlap, ...
    where: str
    message: str
    severity: str


class LintOutput(Out):
    """`sockadvisor catalog lint --json`."""

    schema_version: int = SCHEMA_VERSION
    count: int
    findings: list[FindingOut]


OUTPUTS: tuple[type[BaseModel], ...] = (
    RecommendOutput,
    ExplainOutput,
    Comparison,
    PlanOutput,
    ProductOutput,
    ProductsOutput,
    ValidationOutput,
    LintOutput,
)
