"""Turn engine results into text: JSON for programs, rich tables for people.

The only module that imports rich, and only inside the table functions, so that
`--json` never pays for it. Every function returns the whole text; the CLI writes
it in one go, so an error can never leave half a table or half a JSON document.
Catalog text is shown with `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .models import Product, RunnerProfile
from .results import (
    Comparison,
    Diagnosis,
    Explanation,
    Plan,
    Recommendation,
    Result,
    Scored,
    Term,
    WhatIf,
    WhyNot,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# ---------------------------------------------------------------------------
# JSON


def _dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _terms_json(terms: Sequence[Term]) -> list[dict[str, Any]]:
    return [
        {
            "rule": t.rule,
            "label": t.label,
            "weight": t.weight,
            "degree": _round(t.degree, 3),
            "points": _round(t.points),
            "max_points": _round(t.max_points),
            "because": t.because,
            "source": t.source,
        }
        for t in terms
    ]


def _product_json(product: Product) -> dict[str, Any]:
    return product.model_dump(mode="json")


def _dump(result: Result) -> Any:
    """A result model as JSON data, numbers rounded to 2 decimals like the rest."""

    def rounded(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 2)
        if isinstance(value, dict):
            return {k: rounded(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return value

    return rounded(result.model_dump(mode="json"))


def recommendation_json(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    results = [
        {
            "rank": r.rank,
            "sku": r.product.sku,
            "name": r.product.name,
            "brand": r.product.brand,
            "score": _round(r.score),
            "price": r.product.price,
            "length": r.product.length.value,
            "compression": _product_json(r.product)["compression"],
            "size": r.size,
            "size_note": r.size_note,
            "reasons": [
                {"rule": t.rule, "points": _round(t.points), "because": t.because}
                for t in _by_points(r.terms)
            ],
            "warnings": [w.model_dump() for w in r.warnings],
        }
        for r in rec.results
    ]
    return _dumps(
        {
            "schema_version": rec.schema_version,
            "profile": rec.profile.model_dump(mode="json"),
            "warnings": [w.model_dump() for w in rec.warnings],
            "matched": rec.matched,
            "results": results,
            "excluded": [e.model_dump(mode="json") for e in rec.excluded],
            "notes": [n.model_dump() for n in rec.notes],
            **({"diagnosis": _dump(diagnosis)} if diagnosis else {}),
            **({"what_if": _dump(what_if)} if what_if else {}),
        }
    )


def explanation_json(ex: Explanation, against: WhyNot | None = None) -> str:
    return _dumps(
        {
            "schema_version": ex.schema_version,
            "sku": ex.product.sku,
            "profile": ex.profile.model_dump(mode="json"),
            "product": _product_json(ex.product),
            "eligible": ex.eligible,
            "excluded_by": [r.model_dump() for r in ex.excluded_by],
            "rank": ex.rank,
            "of": ex.of,
            "size": ex.size,
            "size_note": ex.size_note,
            "score": _round(ex.score),
            "terms": _terms_json(ex.terms),
            "warnings": [w.model_dump() for w in ex.warnings],
            "against": _dump(against) if against else None,
        }
    )


def comparison_json(comparison: Comparison) -> str:
    return _dumps(_dump(comparison))


def plan_json(plan: Plan) -> str:
    return _dumps(
        {
            "schema_version": plan.schema_version,
            "profile": plan.profile.model_dump(mode="json"),
            "travel_hours": plan.travel_hours,
            "warnings": [w.model_dump() for w in plan.warnings],
            "picks": [
                {
                    "roles": p.roles,
                    "sku": p.product.sku,
                    "name": p.product.name,
                    "brand": p.product.brand,
                    "scores": {role: _round(score) for role, score in p.scores.items()},
                    "price": p.product.price,
                    "length": p.product.length.value,
                    "compression": _product_json(p.product)["compression"],
                    "size": p.size,
                    "size_note": p.size_note,
                    "wear": [w.model_dump() for w in p.wear],
                    "warnings": [w.model_dump() for w in p.warnings],
                }
                for p in plan.picks
            ],
            "missing": [m.model_dump() for m in plan.missing],
            "notes": [n.model_dump() for n in plan.notes],
        }
    )


# ---------------------------------------------------------------------------
# Tables


def _by_points(terms: Sequence[Term]) -> list[Term]:
    """Terms, most points first; ties in rule order."""
    return sorted(terms, key=lambda t: -t.points)


class _Buffer(io.StringIO):
    """Collects the output; reports stdout's encoding so rich draws ASCII where needed."""

    def __init__(self) -> None:
        super().__init__()
        self.stdout_encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stdout_encoding


def _console(buffer: io.StringIO) -> Console:
    from rich.console import Console

    tty = sys.stdout.isatty()
    if tty:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    else:
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 100
    return Console(
        file=buffer,
        width=max(width, 40),
        force_terminal=True if tty else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _render(*items: RenderableType) -> str:
    buffer = _Buffer()
    console = _console(buffer)
    for item in items:
        console.print(item)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _mmhg(product: Product) -> str:
    c = product.compression
    if c is None:
        return "none"
    return f"{c}{'' if c.graduated else ' (flat)'}"


def _profile_words(profile: RunnerProfile, use: bool = True) -> str:
    words = [
        profile.distance.value if profile.distance else "any distance",
        profile.terrain.value if profile.terrain else "any terrain",
        *([profile.use.value] if use else []),
        profile.climate.value,
    ]
    if profile.new_to_compression:
        words.append("new to compression")
    if profile.blister_prone:
        words.append("blister-prone")
    if profile.budget is not None:
        words.append(f"budget {profile.budget:.2f}")
    if profile.exclude_materials:
        words.append("no " + "/".join(f.value for f in profile.exclude_materials))
    if profile.length is not None:
        words.append(f"{profile.length.value} only")
    for name, value in (("calf", profile.calf_cm), ("ankle", profile.ankle_cm)):
        if value is not None:
            words.append(f"{name} {value:g} cm")
    if profile.shoe_eu is not None:
        words.append(f"shoe EU {profile.shoe_eu:g}")
    words += [c.description for c in profile.conditions]
    return ", ".join(words)


def _main_reasons(item: Scored) -> str:
    """The two rules that gave most, and the one where the sock fell shortest."""
    best = [t.label for t in _by_points(item.terms) if t.weight > 0 and t.points > 0][:2]
    shortfalls = sorted(item.terms, key=lambda t: t.points - t.max_points)
    worst = [t for t in shortfalls[:1] if t.max_points - t.points > 0.05]
    return "; ".join(best + [f"short on: {t.label}" for t in worst])


def _nothing_matched(rec: Recommendation) -> str:
    counts: dict[str, int] = {}
    for excluded in rec.excluded:
        for reason in excluded.reasons:
            counts[reason.constraint] = counts.get(reason.constraint, 0) + 1
    by = ", ".join(f"{name} removed {n}" for name, n in counts.items())
    return (
        f"Nothing matched for: {_profile_words(rec.profile)}. All {len(rec.excluded)} "
        f"products were removed ({by})."
    )


def _diagnosis_lines(diagnosis: Diagnosis) -> list[str]:
    if not diagnosis.relaxations:
        lines = ["No relaxation of your own constraints lets a sock through."]
    else:
        lines = ["Ways out (each the least you would have to relax):"]
    for relaxation in diagnosis.relaxations:
        what = " and ".join(c.label for c in relaxation.relax)
        best = relaxation.best
        lines.append(
            f"  relax {what}: {relaxation.unlocks} products; best {best.sku} "
            f"({best.name}), score {best.score:.1f}, price {best.price:.2f}"
        )
    if diagnosis.blocked_by_safety:
        lines.append(
            f"{diagnosis.blocked_by_safety} products are removed for your safety; "
            "that is never relaxed."
        )
    lines.append("`sockadvisor explain SKU` shows why one product was removed.")
    return lines


def _what_if_lines(what_if: WhatIf) -> list[str]:
    if what_if.current is None:
        return []
    if not what_if.changes:
        return [
            f"What if: no single change to your profile changes the top pick, "
            f"{what_if.current.sku}."
        ]
    lines = [f"What if: the smallest changes that replace the top pick, {what_if.current.sku}:"]
    for change in what_if.changes:
        top = change.top
        lines.append(f"  {change.label}: {top.sku}, {top.name} (score {top.score:.1f})")
    return lines


def recommendation_table(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not rec.results:
        lines = [w.message for w in rec.warnings] + [_nothing_matched(rec)]
        lines += _diagnosis_lines(diagnosis) if diagnosis else []
        return _render(*(Text(line) for line in lines))

    table = Table(
        title=Text(
            f"Top {len(rec.results)} of {rec.matched} matching socks for: "
            f"{_profile_words(rec.profile)}"
        ),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        expand=True,
    )
    table.add_column("#", justify="right")
    table.add_column("SKU", no_wrap=True)
    table.add_column("Sock", overflow="fold", ratio=2)
    table.add_column("Score", justify="right")
    table.add_column("Length")
    table.add_column("mmHg")
    table.add_column("Price", justify="right")
    sized = any(r.size for r in rec.results)
    if sized:
        table.add_column("Size")
    table.add_column("Main reasons", overflow="fold", ratio=3)
    footnotes: list[str] = []
    for item in rec.results:
        p = item.product
        size = [_size_cell(item.size, item.size_note, footnotes, p.sku)] if sized else []
        table.add_row(
            str(item.rank),
            Text(p.sku),
            Text(f"{p.brand} {p.name}"),
            f"{item.score:.1f}",
            p.length.value,
            _mmhg(p),
            f"{p.price:.2f}",
            *size,
            Text(_main_reasons(item)),
        )
        footnotes += [w.message for w in item.warnings]
    if rec.excluded:
        footnotes.append(
            f"{len(rec.excluded)} products removed by your constraints; "
            "`sockadvisor explain SKU` says why."
        )
    first = [Text(w.message) for w in rec.warnings]
    last = [Text(line) for line in footnotes + [n.message for n in rec.notes]]
    last += [Text(line) for line in (_what_if_lines(what_if) if what_if else [])]
    return _render(*first, table, *last)


def _size_cell(size: str | None, note: str | None, footnotes: list[str], sku: str) -> str:
    """The size label, starred when a footnote explains it; '-' when no size applies."""
    if note:
        footnotes.append(f"* {sku}{f' size {size}' if size else ''}: {note}.")
    return (size or "-") + ("*" if note else "")


def _card(product: Product) -> list[tuple[str, str]]:
    def yes_no(value: bool | None) -> str:
        return "unknown" if value is None else ("yes" if value else "no")

    c = product.compression
    compression = (
        "none" if c is None else (f"{c} mmHg, {'graduated' if c.graduated else 'not graduated'}")
    )
    return [
        ("Product", f"{product.brand} {product.name}"),
        ("Price", f"{product.price:.2f}"),
        ("Length", product.length.value),
        ("Compression", compression),
        ("Materials", ", ".join(f"{f.value} {v}%" for f, v in product.materials.items())),
        ("Cushion", product.cushion.value if product.cushion else "unknown"),
        ("Reinforced", ", ".join(z.value for z in product.reinforcement) or "none"),
        ("Seamless toe", yes_no(product.seamless_toe)),
        ("Toe socks", yes_no(product.toe_socks)),
        ("Mesh ventilation", yes_no(product.mesh_ventilation)),
        ("Sizes", "; ".join(_size_text(s) for s in product.sizes)),
        *([("Notes", product.notes)] if product.notes else []),
    ]


def _size_text(size: Any) -> str:
    parts = [f"EU {size.shoe_eu}"]
    if size.calf_cm:
        parts.append(f"calf {size.calf_cm} cm")
    if size.ankle_cm:
        parts.append(f"ankle {size.ankle_cm} cm")
    return f"{size.label} ({', '.join(parts)})"


def _why_not_table(why: WhyNot) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    me, other = why.product, why.against
    verdict = (
        f"Why {me.sku} ({me.score:.1f}) ranks below {other.sku} ({other.score:.1f})"
        if why.score_difference < 0 or not me.eligible
        else f"{me.sku} ({me.score:.1f}) against {other.sku} ({other.score:.1f})"
    )
    table = Table(title=Text(verdict), title_justify="left")
    table.add_column("Rule", overflow="fold")
    table.add_column(me.sku, justify="right")
    table.add_column(other.sku, justify="right")
    table.add_column("Difference", justify="right")
    for t in why.terms:
        if abs(t.difference) < 0.05:
            continue
        table.add_row(
            Text(t.rule), f"{t.points:.1f}", f"{t.against_points:.1f}", f"{t.difference:+.1f}"
        )
    table.add_section()
    table.add_row("score", f"{me.score:.1f}", f"{other.score:.1f}", f"{why.score_difference:+.1f}")
    return table


def explanation_table(ex: Explanation, against: WhyNot | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    card = Table(title=Text(f"{ex.product.sku}"), title_justify="left", show_header=False)
    card.add_column(style="bold")
    card.add_column(overflow="fold")
    for key, value in _card(ex.product):
        card.add_row(key, Text(value))

    if ex.eligible:
        status = f"Score {ex.score:.1f} of 100, rank {ex.rank} of {ex.of} for: " + _profile_words(
            ex.profile
        )
        if ex.size:
            status += f". Your size: {ex.size}" + (f" ({ex.size_note})" if ex.size_note else "")
    else:
        status = (
            f"Removed for: {_profile_words(ex.profile)}: "
            + "; ".join(r.message for r in ex.excluded_by)
            + f". Had it been eligible it would score {ex.score:.1f}."
        )

    terms = Table(title=Text("How the score adds up"), title_justify="left")
    terms.add_column("Rule", overflow="fold")
    terms.add_column("Points", justify="right", no_wrap=True)
    terms.add_column("Met", justify="right")
    terms.add_column("Why", overflow="fold")
    for t in ex.terms:
        met = "unknown" if t.degree is None else f"{t.degree:.0%}"
        kind = " (penalty)" if t.weight < 0 else ""
        terms.add_row(
            Text(t.rule + kind),
            f"{t.points:.1f} / {t.max_points:.1f}",
            met,
            Text(f"{t.because} [{t.source}]"),
        )
    terms.add_section()
    terms.add_row("score", f"{ex.score:.1f} / 100", "", "")
    lines = [Text(status)] + [Text(w.message) for w in ex.warnings]
    if not ex.terms:
        lines.append(Text("No rule applies to this profile, so every product scores 0."))
    extra: list[RenderableType] = []
    if against is not None and against.against.sku != ex.product.sku:
        extra = [_why_not_table(against)]
        if against.decision and against.decision.tie_break:
            extra.append(
                Text(f"Equal scores: the order is decided by {against.decision.tie_break}.")
            )
    return _render(card, *lines, terms, *extra)


def comparison_table(comparison: Comparison) -> str:
    from rich.table import Table
    from rich.text import Text

    columns = comparison.products
    table = Table(
        title=Text(f"Compared for: {_profile_words(comparison.profile)}"), title_justify="left"
    )
    table.add_column("", no_wrap=True)
    for standing in columns:
        table.add_column(Text(standing.sku), overflow="fold")
    table.add_row("rank", *(str(s.rank) if s.rank else "removed" for s in columns))
    table.add_row("score", *(f"{s.score:.1f}" for s in columns))
    if any(s.size for s in columns):
        table.add_row("size", *(s.size or "-" for s in columns))
    table.add_section()
    for row in comparison.attributes:
        table.add_row(Text(row.name), *(Text(v) for v in row.values))
    table.add_section()
    for rule in comparison.rules:
        mark = "> " if rule.decisive else "  "
        table.add_row(Text(mark + rule.rule), *(f"{p:.1f}" for p in rule.points))
    lines = [Text(w.message) for w in comparison.warnings]
    for s in columns:
        if not s.eligible:
            lines.append(
                Text(f"{s.sku} is removed: " + "; ".join(r.message for r in s.excluded_by))
            )
    for pair in comparison.pairs:
        if pair.decided_by == "score":
            why = ", ".join(pair.decisive) or "several rules"
            lines.append(
                Text(
                    f"{pair.higher} beats {pair.lower} by {pair.score_difference:.1f}, "
                    f"most on: {why} (marked >)."
                )
            )
        else:
            lines.append(Text(f"{pair.higher} ranks above {pair.lower} by {pair.decided_by}."))
    return _render(table, *lines)


def plan_table(plan: Plan) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"Wear plan for: {_profile_words(plan.profile, use=False)}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        expand=True,
        show_lines=True,
    )
    table.add_column("Role")
    table.add_column("Sock", overflow="fold", ratio=2)
    table.add_column("mmHg")
    table.add_column("Size")
    table.add_column("When", overflow="fold", ratio=2)
    table.add_column("How long", overflow="fold", ratio=2)
    footnotes: list[str] = []
    for pick in plan.picks:
        p = pick.product
        for wear in pick.wear:
            table.add_row(
                wear.role,
                Text(f"{p.sku}: {p.brand} {p.name} ({p.length.value}, {p.price:.2f})"),
                _mmhg(p),
                _size_cell(pick.size, pick.size_note, footnotes, p.sku)
                if wear is pick.wear[0]
                else (pick.size or "-"),
                wear.when,
                wear.how_long,
            )
        if len(pick.roles) > 1:
            footnotes.append(f"One pair, {p.sku}, serves {' and '.join(pick.roles)}.")
        footnotes += [w.message for w in pick.warnings]
    footnotes += [f"No {m.role} pick: {m.reason}." for m in plan.missing]
    first = [Text(w.message) for w in plan.warnings]
    last = [Text(line) for line in footnotes + [n.message for n in plan.notes]]
    return _render(*first, table, *last)
