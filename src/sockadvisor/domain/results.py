"""What the engine returns: plain, frozen data that the table and the JSON both show.

The JSON output is a dump of these models (docs/json-output.md): a field marked
`exclude=True` is for the other formats only, and a computed field is part of the JSON.
`sockadvisor schema output` is generated from them, so schema and output cannot drift.
Longer than 500 lines: every JSON document's model is here, in one place, so that the
output schema is one module's union (splitting it would split the contract).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
)

from sockadvisor.domain.document import SCHEMA_VERSION as SCHEMA_VERSION
from sockadvisor.domain.document import term_kind
from sockadvisor.domain.models import Compression, Product, Stock
from sockadvisor.domain.profile import RunnerProfile


class Result(BaseModel):
    # Every field is in every document: the output schema says so (required, maybe null).
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class Ordered(Result):
    """A result whose JSON keys follow `json_order` (computed fields among the others)."""

    json_order: ClassVar[tuple[str, ...]] = ()

    # No return annotation on purpose: with one (even Any), pydantic would publish the
    # annotation's schema (`{}`) instead of the model's fields in the output schema.
    @model_serializer(mode="wrap")
    def _in_order(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        data = handler(self)
        return {key: data[key] for key in self.json_order if key in data} | data


class Sock(Ordered):
    """A result about one product: the JSON names the product's main attributes."""

    product: Product = Field(exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sku(self) -> str:
        return self.product.sku

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        return self.product.name

    @computed_field  # type: ignore[prop-decorator]
    @property
    def brand(self) -> str:
        return self.product.brand

    @computed_field  # type: ignore[prop-decorator]
    @property
    def price(self) -> float:
        return self.product.price

    @computed_field  # type: ignore[prop-decorator]
    @property
    def length(self) -> str:
        return self.product.length.value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def compression(self) -> Compression | None:
        return self.product.compression

    @computed_field  # type: ignore[prop-decorator]
    @property
    def currency(self) -> str | None:
        return self.product.currency

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str | None:
        """The product's page in the shop (null: the catalog has none)."""
        return self.product.url

    @computed_field  # type: ignore[prop-decorator]
    @property
    def image(self) -> str | None:
        return self.product.image


class Term(Result):
    """One rule's part of a score: points > 0 for a gain, < 0 for a penalty incurred."""

    rule: str
    label: str
    weight: float
    degree: float | None  # None: the product lacks the data the rule reads
    points: float
    max_points: float
    because: str
    source: str
    avoid: bool = False  # the rule is an "avoid" rule (docs/rule-language.md#avoid)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind(self) -> str:
        return term_kind(self.weight, self.degree)

    @property
    def disqualifies(self) -> bool:
        """An avoid rule met in full: the sock ranks below every sound one."""
        return self.avoid and self.degree is not None and self.degree >= 1 - 1e-9


class Warning(Result):
    code: str  # stable, for scripts: e.g. "unknown-data"
    message: str


class ReasonPoints(Result):
    """A rule's points for a recommended sock, as the JSON lists them, with its kind."""

    rule: str
    kind: str  # gain, partial-gain (reasons); shortfall, penalty (concerns)
    points: float
    because: str
    source: str


class Reason(Result):
    """Why a hard constraint removed a product."""

    constraint: str  # stable: budget, exclude_material, length, size, stock, condition
    message: str


def by_points(terms: Sequence[Term]) -> list[Term]:
    """Terms, most points first; ties in rule order."""
    return sorted(terms, key=lambda t: -t.points)


class Scored(Sock):
    json_order = (
        "rank", "sku", "name", "brand", "score", "price", "currency", "length", "compression",
        "size", "size_note", "size_sku", "size_stock", "fit", "avoid", "url", "image",
        "reasons", "concerns", "warnings",
    )  # fmt: skip

    rank: int
    score: float
    terms: list[Term] = Field(exclude=True)
    warnings: list[Warning]
    size: str | None = None  # the size label for the runner's measurements
    size_note: str | None = None
    size_sku: str | None = None  # that size's own SKU (the store's variant), when known
    size_stock: Stock | None = None  # that size's stock, when the catalog records it
    fit: float | None = None  # how centred the size is: 1 centred, 0.5 at an edge

    @computed_field  # type: ignore[prop-decorator]
    @property
    def avoid(self) -> list[str]:
        """The avoid rules this sock meets in full (then it ranks below every sound sock)."""
        return [t.rule for t in self.terms if t.disqualifies]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reasons(self) -> list[ReasonPoints]:
        """Gains only: what the sock has that the rules prefer."""
        return _points_of(t for t in by_points(self.terms) if t.points > 0)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def concerns(self) -> list[ReasonPoints]:
        """Penalties incurred (points < 0), then preferences not or only partly met."""
        penalties = sorted((t for t in self.terms if t.points < 0), key=lambda t: t.points)
        short = [t for t in self.terms if t.kind in ("shortfall", "partial-gain")]
        return _points_of([*penalties, *short])


def _points_of(terms: Iterable[Term]) -> list[ReasonPoints]:
    return [
        ReasonPoints(rule=t.rule, kind=t.kind, points=t.points, because=t.because, source=t.source)
        for t in terms
    ]


class ChecklistItem(Result):
    """One attribute to look for: its best value under the rules ("any" when no value
    scores higher), and the rules that reward it."""

    attribute: str  # stable: compression, length, cushion, materials, reinforcement, ...
    value: str
    reasons: list[ReasonPoints]


class Checklist(Result):
    """`sockadvisor checklist`: what to look for in any shop (no catalog)."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["checklist"] = "checklist"
    profile: RunnerProfile
    warnings: list[Warning]
    score: float  # what a sock with every value below would score
    items: list[ChecklistItem]
    measurements: list[str]  # what to measure, and how


class Excluded(Result):
    sku: str
    name: str
    reasons: list[Reason]


class Recommendation(Result):
    """`sockadvisor recommend`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["recommendation"] = "recommendation"
    profile: RunnerProfile
    warnings: list[Warning]  # about the runner; shown first
    matched: int
    results: list[Scored]
    excluded: list[Excluded]
    notes: list[Warning]  # what the evidence supports, with sources
    diagnosis: Diagnosis | None = None  # when nothing matched
    what_if: WhatIf | None = None  # with --what-if


class Explanation(Ordered):
    """`sockadvisor explain SKU`."""

    json_order = ("schema_version", "document", "sku")

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["explanation"] = "explanation"
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
    size_sku: str | None = None
    size_stock: Stock | None = None
    fit: float | None = None  # how centred the size is: 1 centred, 0.5 at an edge
    against: WhyNot | None = None  # rule by rule against the top pick (or --against)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sku(self) -> str:
        return self.product.sku


class Wear(Result):
    role: str  # stable: running, recovery, travel
    when: str
    how_long: str


class PlanPick(Sock):
    json_order = (
        "roles", "sku", "name", "brand", "scores", "price", "currency", "length", "compression",
        "size", "size_note", "size_sku", "size_stock", "url", "image", "wear", "warnings",
    )  # fmt: skip

    roles: list[str]
    scores: dict[str, float]  # the pick's score in each of its roles
    size: str | None
    size_note: str | None
    size_sku: str | None = None
    size_stock: Stock | None = None
    wear: list[Wear]
    warnings: list[Warning]


class Missing(Result):
    role: str
    reason: str


class Plan(Result):
    """`sockadvisor plan`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["plan"] = "plan"
    profile: RunnerProfile
    travel_hours: float | None
    warnings: list[Warning]
    picks: list[PlanPick]
    missing: list[Missing]
    notes: list[Warning]


# --- Diagnosis, why-not, compare and what-if (sockadvisor.engine.diagnose) ----------


class ProductRef(Result):
    """A product named with its score for a profile: a best pick or a top pick."""

    sku: str
    name: str
    score: float
    price: float


class Constraint(Result):
    """One of the runner's own constraints that can be relaxed (never a medical condition)."""

    id: str  # stable: budget, exclude_material:FIBRE, length, calf_cm, ankle_cm, shoe_eu, stock
    kind: str  # the Reason.constraint it lifts: budget, exclude_material, length, size, stock
    field: str  # the RunnerProfile field: budget, exclude_materials, length, calf_cm, ...
    value: float | str  # the budget or measurement, the excluded fibre, the length


class Relaxation(Result):
    """A minimal set of constraints that, relaxed together, lets products through."""

    relax: list[Constraint]
    profile: RunnerProfile  # the profile with those constraints relaxed
    unlocks: int  # how many products that profile matches
    best: ProductRef  # its top pick


class Diagnosis(Result):
    """Why nothing matched, and every minimal way out."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["diagnosis"] = "diagnosis"
    profile: RunnerProfile
    constraints: list[Constraint]  # every relaxable constraint of the profile
    relaxations: list[Relaxation]  # by size, then products unlocked (most first)
    blocked_by_safety: int  # products a medical condition removes: no relaxation brings them
    warnings: list[Warning]


class Standing(Result):
    """Where one product stands for a profile: score, rank, and what removed it."""

    sku: str
    name: str
    price: float
    score: float
    rank: int | None  # None: removed by a constraint, condition or size
    eligible: bool
    excluded_by: list[Reason]
    size: str | None = None
    size_note: str | None = None
    size_sku: str | None = None
    size_stock: Stock | None = None
    url: str | None = None
    image: str | None = None


class PairDecision(Result):
    """Why `higher` ranks above `lower`, and which rules decide it."""

    higher: str
    lower: str
    score_difference: float  # higher's score minus lower's
    decided_by: str  # stable: eligibility, avoid, score, price, sku
    tie_break: str | None  # price or sku when the scores tie; else None
    decisive: list[str]  # rule ids; empty unless decided_by is score or avoid


class TermDifference(Result):
    """One rule's points for a product and for the product it is compared with."""

    rule: str
    label: str
    max_points: float
    points: float
    against_points: float
    difference: float  # points minus against_points: > 0 gained, < 0 lost
    because: str
    source: str


class WhyNot(Result):
    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["why_not"] = "why_not"
    profile: RunnerProfile
    product: Standing
    against: Standing
    score_difference: float  # product's score minus against's; the differences add up to it
    terms: list[TermDifference]  # largest absolute difference first
    decision: PairDecision | None  # None when both are the same product
    warnings: list[Warning]


class AttributeRow(Result):
    name: str
    values: list[str]  # one per compared product, in column order
    differs: bool


class RuleRow(Result):
    rule: str
    label: str
    max_points: float
    points: list[float]  # one per compared product, in column order; each column adds up
    decisive: bool  # decisive for at least one adjacent pair


class Comparison(Result):
    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["comparison"] = "comparison"
    profile: RunnerProfile
    products: list[Standing]  # columns, in ranked order
    attributes: list[AttributeRow]
    rules: list[RuleRow]
    pairs: list[PairDecision]  # one per adjacent pair of columns
    warnings: list[Warning]


class Change(Result):
    """One single change to the profile that changes the top pick."""

    option: str  # a RunnerProfile field: distance, terrain, budget, exclude_materials, ...
    old: str | None  # the option's value as text (None: not given); a list joined by ", "
    new: str | None
    cost: float
    profile: RunnerProfile  # the changed profile
    top: ProductRef  # the new top pick


class WhatIf(Result):
    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["what_if"] = "what_if"
    profile: RunnerProfile
    current: ProductRef | None  # the top pick now
    cost: float | None  # the smallest cost of a change that changes the top pick
    changes: list[Change]  # every change at that cost; empty when no single change does
    warnings: list[Warning]


# --- Shop tooling ---------------------------------------------------------------


class ProductCard(Result):
    """`sockadvisor catalog show SKU`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["product_card"] = "product_card"
    product: Product


class ProductList(Result):
    """`sockadvisor catalog list`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["product_list"] = "product_list"
    count: int
    products: list[Product]


class ProblemOut(Result):
    file: str
    line: int
    col: int
    where: str
    message: str


class Validation(Result):
    """`sockadvisor catalog validate` and `rules validate`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["validation"] = "validation"
    file: str
    kind: str
    valid: bool
    count: int
    problems: list[ProblemOut]
    warnings: list[ProblemOut] = []  # valid but weak: a rule without a findable source


class LintFinding(Result):
    file: str
    line: int
    col: int
    code: str  # stable: unknown-data, near-duplicate, size-gap, size-overlap, ...
    where: str
    message: str  # what is wrong and how to fix it; never command-line text
    severity: str
    profile: RunnerProfile | None  # never-top: the profile that gives the best rank


class LintReport(Result):
    """`sockadvisor catalog lint`."""

    schema_version: Literal[3] = SCHEMA_VERSION
    document: Literal["lint_report"] = "lint_report"
    count: int
    findings: list[LintFinding]


Recommendation.model_rebuild()
Explanation.model_rebuild()

DOCUMENTS: tuple[type[Result], ...] = (
    Recommendation,
    Explanation,
    Comparison,
    Plan,
    ProductCard,
    ProductList,
    Validation,
    LintReport,
    Checklist,
)
"""Every JSON document the tool writes, one model each (the output schema's union)."""
