"""Compare: two or more products side by side, in ranked order, and what decides it.

For users: docs/user-guide.md#compare-socks-side-by-side; the JSON:
docs/json-output.md#compare---json.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import AttributeRow, Comparison, RuleRow
from sockadvisor.engine import advice
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.engine.diagnose.common import column_key, decide, ranks_by_sku, standing
from sockadvisor.errors import UsageError


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


ATTRIBUTES: tuple[tuple[str, Callable[[Product], str]], ...] = (
    ("price", lambda p: f"{p.price:.2f}"),
    ("length", lambda p: p.length.value),
    (
        "compression",
        lambda p: (
            "none"
            if p.compression is None
            else f"{p.compression} mmHg{', graduated' if p.compression.graduated else ''}"
        ),
    ),
    ("materials", lambda p: ", ".join(f"{f.value} {v}%" for f, v in p.materials.items())),
    ("cushion", lambda p: "unknown" if p.cushion is None else p.cushion.value),
    ("reinforcement", lambda p: ", ".join(z.value for z in p.reinforcement) or "none"),
    ("seamless_toe", lambda p: _yes_no(p.seamless_toe)),
    ("toe_socks", lambda p: _yes_no(p.toe_socks)),
    ("mesh_ventilation", lambda p: _yes_no(p.mesh_ventilation)),
)


def compare(
    selected: Sequence[Product],
    products: Iterable[Product],
    rules: Sequence[CompiledRule],
    profile: RunnerProfile,
) -> Comparison:
    """Two or more products side by side, in ranked order.

    Columns are the selected products in ranked order: eligible products first, by score
    (highest first), then price (lowest first), then SKU, as engine.rank orders them;
    then the removed products, in the same order. Each adjacent pair of columns gets a
    PairDecision (common.decide). A rule row is marked `decisive` when it is decisive for
    at least one adjacent pair.
    """
    skus = [p.sku for p in selected]
    if len(selected) < 2:
        raise UsageError("sockadvisor: compare needs at least two SKUs")
    if len(set(skus)) != len(skus):
        twice = next(s for s in skus if skus.count(s) > 1)
        raise UsageError(f"sockadvisor: SKU '{twice}' is listed twice; list each SKU once")
    active = engine.applicable(rules, profile)
    ranked = ranks_by_sku(products, rules, profile)
    columns = sorted(
        ((*standing(p, active, profile, ranked), p) for p in selected),
        key=lambda c: column_key(c[0]),
    )
    standings = [s for s, _, _ in columns]
    ordered = [p for _, _, p in columns]
    points = [[t.points for t in scored.terms] for _, scored, _ in columns]
    terms = [scored.terms for _, scored, _ in columns]  # the rules', and the fit's with sizes
    pairs = [
        decide(
            standings[i],
            standings[i + 1],
            [(t.rule, points[i][j], points[i + 1][j]) for j, t in enumerate(terms[0])],
            None
            if any(t.disqualifies for t in terms[i])
            else [t.rule for t in terms[i + 1] if t.disqualifies],
        )
        for i in range(len(columns) - 1)
    ]
    decisive = {rule for pair in pairs for rule in pair.decisive}
    first_terms = columns[0][1].terms
    rule_rows = [
        RuleRow(
            rule=term.rule,
            label=term.label,
            max_points=term.max_points,
            points=[column[j] for column in points],
            decisive=term.rule in decisive,
        )
        for j, term in enumerate(first_terms)
    ]
    attributes = []
    for name, show in ATTRIBUTES:
        values = [show(p) for p in ordered]
        attributes.append(AttributeRow(name=name, values=values, differs=len(set(values)) > 1))
    return Comparison(
        schema_version=engine.SCHEMA_VERSION,
        profile=profile,
        products=standings,
        attributes=attributes,
        rules=rule_rows,
        pairs=pairs,
        warnings=advice.profile_warnings(profile),
    )
