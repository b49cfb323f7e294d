"""The warm `recommend --json`: the Recommendation's JSON built from columns, no model.

From a cached catalog (columns), cached rules (compiled from their JSON form) and a plain
profile (domain/runner.py), `recommendation` gives the document that
`Recommendation.model_dump(mode="json")` would, as plain data (`Document`), and None when
only the models can make it: a measured profile (sizes), nothing matched (a diagnosis),
a test the kernel does not know. docs/performance.md#the-warm-path; the property test
in tests/test_warm.py checks the bytes against the models' on generated catalogs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sockadvisor.domain.columnar import Columns
from sockadvisor.domain.document import SCHEMA_VERSION, Document, term_kind
from sockadvisor.domain.runner import Profile
from sockadvisor.domain.vocab import Use
from sockadvisor.engine import kernel, notes
from sockadvisor.engine.compile import CompiledRule


def _terms(product: Any, rules: Sequence[CompiledRule]) -> list[dict[str, Any]]:
    """ranking.terms_for without a fit: one term per rule, as the JSON reads them."""
    terms = []
    for compiled, share in zip(rules, kernel.shares_of(rules), strict=True):
        rule = compiled.rule
        degree = compiled.test(product)
        points = (
            0.0 if degree is None else (share * degree if rule.weight > 0 else 0.0 - share * degree)
        )
        terms.append(
            {
                "rule": rule.id,
                "label": rule.label or rule.id,
                "degree": degree,
                "points": points,
                "because": rule.because,
                "source": rule.source,
                "kind": term_kind(rule.weight, degree),
                "disqualifies": rule.avoid and degree is not None and degree >= 1 - kernel.EPS,
            }
        )
    return terms


def _points(terms: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("rule", "kind", "points", "because", "source")
    return [{key: term[key] for key in keys} for term in terms]


def _notes(found: Sequence[notes.Note]) -> list[dict[str, str]]:
    return [{"code": code, "message": message} for code, message in found]


def _scored(rank: int, product: Any, rules: Sequence[CompiledRule], profile: Profile) -> Any:
    """ranking.score's Scored, as its JSON (results.Scored.json_order)."""
    terms = _terms(product, rules)
    found = notes.unknown_data(product.sku, [t["rule"] for t in terms if t["degree"] is None])
    found += [
        notes.avoided(product.sku, t["label"], t["because"]) for t in terms if t["disqualifies"]
    ]
    found += notes.product_warnings(product, profile)
    gains = sorted((t for t in terms if t["points"] > 0), key=lambda t: -t["points"])
    penalties = sorted((t for t in terms if t["points"] < 0), key=lambda t: t["points"])
    short = [t for t in terms if t["kind"] in ("shortfall", "partial-gain")]
    c = product.compression
    return {
        "rank": rank,
        "sku": product.sku,
        "name": product.name,
        "brand": product.brand,
        "score": sum((t["points"] for t in terms), 0.0),  # 0.0 with no rule, as a float
        "price": product.price,
        "currency": product.currency,
        "length": product.length.value,
        "compression": None
        if c is None
        else {"min_mmhg": c.min_mmhg, "max_mmhg": c.max_mmhg, "graduated": c.graduated},
        "size": None,
        "size_note": None,
        "size_sku": None,
        "size_stock": None,
        "fit": None,
        "avoid": [t["rule"] for t in terms if t["disqualifies"]],
        "url": product.url,
        "image": product.image,
        "reasons": _points(gains),
        "concerns": _points([*penalties, *short]),
        "warnings": _notes(found),
    }


def recommendation(
    columns: Columns, rules: Sequence[CompiledRule], profile: Profile, top: int | None
) -> Document | None:
    """`ranking.rank`'s Recommendation as its JSON document; None: ask the models."""
    chosen = kernel.select(columns, rules, profile, top)
    if chosen is None or not chosen.best:
        return None
    shown = [columns.shown(i) for i in chosen.best]
    excluded = []
    for i in sorted(chosen.removed, key=columns.skus.__getitem__):
        probe = kernel.product_probe(columns, i)
        found = notes.hard_constraints(probe, profile) + notes.condition_reasons(probe, profile)
        reasons = [{"constraint": code, "message": message} for code, message in found]
        excluded.append({"sku": columns.skus[i], "name": columns.names[i], "reasons": reasons})
    found = notes.evidence_notes(shown, profile.use is Use.travel)
    found += notes.fitter_notes(profile, lambda: any(columns.values["toe_socks"]))
    return Document(
        {
            "schema_version": SCHEMA_VERSION,
            "document": "recommendation",
            "profile": profile.dump(),
            "warnings": _notes(notes.profile_warnings(profile)),
            "matched": chosen.matched,
            "results": [_scored(r, p, chosen.active, profile) for r, p in enumerate(shown, 1)],
            "excluded": excluded,
            "notes": _notes(found),
            "diagnosis": None,
            "what_if": None,
        }
    )
