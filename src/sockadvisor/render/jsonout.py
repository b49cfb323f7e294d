"""JSON for programs: output models (sockadvisor.domain.output) dumped with json.dumps.

ASCII only, never NaN, never colour. Numbers are rounded once, here: degrees to 3
decimals, every other float to 2.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sockadvisor.domain.models import Product
from sockadvisor.domain.output import (
    ExplainOutput,
    FindingOut,
    LintOutput,
    PickOut,
    PlanOutput,
    ProblemOut,
    ProductOutput,
    ProductsOutput,
    ReasonOut,
    RecommendOutput,
    ResultOut,
    TermOut,
    ValidationOutput,
)
from sockadvisor.domain.results import (
    Comparison,
    Diagnosis,
    Explanation,
    Plan,
    Recommendation,
    WhatIf,
    WhyNot,
)
from sockadvisor.errors import Problem

from .common import by_points

if TYPE_CHECKING:
    from sockadvisor.lint.checks import Finding


def _rounded(value: Any, key: str = "") -> Any:
    if isinstance(value, float):
        return round(value, 3 if key == "degree" else 2)
    if isinstance(value, dict):
        return {k: _rounded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, key) for v in value]
    return value


def _dumps(model: BaseModel) -> str:
    doc = _rounded(model.model_dump(mode="json"))
    return json.dumps(doc, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def _sock(product: Product) -> dict[str, Any]:
    """The fields every listed sock carries in the JSON output."""
    return {
        "sku": product.sku,
        "name": product.name,
        "brand": product.brand,
        "price": product.price,
        "length": product.length.value,
        "compression": product.compression,
    }


def recommendation_json(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    results = [
        ResultOut(
            rank=r.rank,
            **_sock(r.product),
            score=r.score,
            size=r.size,
            size_note=r.size_note,
            reasons=[
                ReasonOut(rule=t.rule, points=t.points, because=t.because)
                for t in by_points(r.terms)
            ],
            warnings=r.warnings,
        )
        for r in rec.results
    ]
    return _dumps(
        RecommendOutput(
            schema_version=rec.schema_version,
            profile=rec.profile,
            warnings=rec.warnings,
            matched=rec.matched,
            results=results,
            excluded=rec.excluded,
            notes=rec.notes,
            diagnosis=diagnosis,
            what_if=what_if,
        )
    )


def explanation_json(ex: Explanation, against: WhyNot | None = None) -> str:
    return _dumps(
        ExplainOutput(
            schema_version=ex.schema_version,
            sku=ex.product.sku,
            profile=ex.profile,
            product=ex.product,
            eligible=ex.eligible,
            excluded_by=ex.excluded_by,
            rank=ex.rank,
            of=ex.of,
            size=ex.size,
            size_note=ex.size_note,
            score=ex.score,
            terms=[TermOut.model_validate(t.model_dump()) for t in ex.terms],
            warnings=ex.warnings,
            against=against,
        )
    )


def comparison_json(comparison: Comparison) -> str:
    return _dumps(comparison)


def plan_json(plan: Plan) -> str:
    picks = [
        PickOut(
            roles=p.roles,
            **_sock(p.product),
            scores=p.scores,
            size=p.size,
            size_note=p.size_note,
            wear=p.wear,
            warnings=p.warnings,
        )
        for p in plan.picks
    ]
    return _dumps(
        PlanOutput(
            schema_version=plan.schema_version,
            profile=plan.profile,
            travel_hours=plan.travel_hours,
            warnings=plan.warnings,
            picks=picks,
            missing=plan.missing,
            notes=plan.notes,
        )
    )


def product_json(product: Product) -> str:
    return _dumps(ProductOutput(product=product))


def products_json(products: list[Product]) -> str:
    return _dumps(ProductsOutput(count=len(products), products=products))


def validation_json(path: str, kind: str, count: int, problems: list[Problem]) -> str:
    return _dumps(
        ValidationOutput(
            file=path,
            kind=kind,
            valid=not problems,
            count=count,
            problems=[
                ProblemOut(file=p.file, line=p.line, col=p.col, where=p.where, message=p.what)
                for p in problems
            ],
        )
    )


def lint_json(findings: Sequence[Finding]) -> str:
    return _dumps(
        LintOutput(
            count=len(findings),
            findings=[FindingOut.model_validate(dataclasses.asdict(f)) for f in findings],
        )
    )
