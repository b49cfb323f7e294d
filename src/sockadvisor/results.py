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

    constraint: str  # stable: budget, exclude_material, length, size, condition
    message: str


class Scored(Result):
    rank: int
    product: Product
    score: float
    terms: list[Term]
    warnings: list[Warning]
    size: str | None = None  # the size label for the runner's measurements
    size_note: str | None = None


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
    warnings: list[Warning]  # about the runner; shown first
    notes: list[Warning]  # what the evidence supports, with sources


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
    size: str | None = None
    size_note: str | None = None


class Wear(Result):
    role: str  # stable: running, recovery, travel
    when: str
    how_long: str


class PlanPick(Result):
    roles: list[str]
    product: Product
    scores: dict[str, float]  # the pick's score in each of its roles
    size: str | None
    size_note: str | None
    wear: list[Wear]
    warnings: list[Warning]


class Missing(Result):
    role: str
    reason: str


class Plan(Result):
    schema_version: int
    profile: RunnerProfile
    travel_hours: float | None
    warnings: list[Warning]
    picks: list[PlanPick]
    missing: list[Missing]
    notes: list[Warning]
