"""What the engine returns: plain, frozen data that the table and the JSON both show."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .models import Product, RunnerProfile


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Term(Result):
    """One rule's part of a score."""

    rule: str
    label: str
    weight: float
    degree: float | None  # None: the product lacks the data the rule reads
    points: float
    max_points: float
    because: str
    source: str


class Warning(Result):
    code: str  # stable, for scripts: e.g. "unknown-data"
    message: str


class Reason(Result):
    """Why a hard constraint removed a product."""

    constraint: str  # stable: "budget", "exclude_material", "length"
    message: str


class Scored(Result):
    rank: int
    product: Product
    score: float
    terms: list[Term]
    warnings: list[Warning]


class Excluded(Result):
    sku: str
    name: str
    reasons: list[Reason]


class Recommendation(Result):
    schema_version: int
    profile: RunnerProfile
    matched: int
    results: list[Scored]
    excluded: list[Excluded]


class Explanation(Result):
    schema_version: int
    profile: RunnerProfile
    product: Product
    eligible: bool
    rank: int | None
    of: int
    excluded_by: list[Reason]
    score: float
    terms: list[Term]
    warnings: list[Warning]
