"""Stacked layouts: the tables of explain, compare, plan and the catalog as short
paragraphs, for a terminal too narrow for columns (below `tables.NARROW`).

Plain lines (no rich), wrapped at word boundaries with a hanging indent; every value a
table would show is here too (docs/user-guide.md#narrow-terminals).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from sockadvisor.domain.models import Product
from sockadvisor.domain.results import (
    Checklist,
    ChecklistItem,
    Comparison,
    Explanation,
    Plan,
    WhyNot,
)

from .common import card, mmhg, plural, profile_words, term_words
from .pictures import Glyphs, bar, term_bar, term_groups, term_note, term_points


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text` in lines of at most `width`, broken between words (a word longer than a line
    stays whole), the lines after the first indented by `indent`."""
    return textwrap.wrap(
        text,
        width=max(width, 10),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]


def paragraphs(items: Iterable[tuple[str, str]], width: int) -> list[str]:
    """`head` on a line, then `text` below it, indented: for each pair."""
    lines: list[str] = []
    for head, text in items:
        lines += wrap(head, width, "  ")
        if text:
            lines += wrap("  " + text, width, "  ")
    return lines


def card_lines(product: Product, width: int) -> list[str]:
    lines = [product.sku]
    for key, value in card(product):
        lines += wrap(f"{key}: {value}", width, "  ")
    return lines


def products_lines(products: list[Product], width: int) -> list[str]:
    lines = [plural(len(products))]
    for p in products:
        lines += wrap(f"{p.sku}  {p.price:.2f}", width, "  ")
        lines += wrap(f"  {p.brand} {p.name}", width, "  ")
        cushion = p.cushion.value if p.cushion else "unknown cushion"
        lines += wrap(f"  {p.length.value}, {mmhg(p)} mmHg, {cushion}", width, "  ")
    return lines


def plan_lines(plan: Plan, width: int) -> list[str]:
    lines = wrap(f"Wear plan for: {profile_words(plan.profile, use=False)}", width)
    for pick in plan.picks:
        p = pick.product
        size = f", size {pick.size}" if pick.size else ""
        size += f" ({pick.size_sku})" if pick.size and pick.size_sku else ""
        for wear in pick.wear:
            lines += wrap(f"{wear.role}: {p.sku}", width, "  ")
            lines += wrap(f"  {p.brand} {p.name} ({p.length.value}, {p.price:.2f})", width, "  ")
            lines += wrap(f"  {mmhg(p)} mmHg{size}", width, "  ")
            lines += wrap(f"  When: {wear.when}", width, "  ")
            lines += wrap(f"  How long: {wear.how_long}", width, "  ")
    return lines


def terms_lines(ex: Explanation, g: Glyphs, width: int, verbose: bool) -> list[str]:
    """Each rule on a line, its bar, points and what they mean below it: gains, what
    was not met, then penalties."""
    lines = ["How the score adds up"]
    for heading, group in term_groups(ex.terms):
        lines.append(heading)
        for t in group:
            head = f"  {t.rule}: {term_words(t)}" if verbose else f"  {t.rule}"
            lines += wrap(head, width, "    ")
            text = f"    {term_bar(t, g)} {term_points(t)} {term_note(t, g)}"
            lines += wrap(text, width, "      ")
            if verbose:
                lines += wrap(f"    {t.because} [{t.source}]", width, "    ")
    lines.append(f"score {ex.score:.1f} / 100")
    return lines


def why_not_lines(why: WhyNot, width: int) -> list[str]:
    me, other = why.product, why.against
    lines = wrap(f"{me.sku} ({me.score:.1f}) against {other.sku} ({other.score:.1f})", width)
    for t in why.terms:
        if abs(t.difference) < 0.05:
            continue
        lines += wrap(t.rule, width, "  ")
        lines.append(f"  {t.difference:+.1f} ({t.points:.1f} vs {t.against_points:.1f})")
    lines.append(f"score {why.score_difference:+.1f}")
    return lines


def comparison_lines(comparison: Comparison, width: int) -> list[str]:
    """Each product numbered once; then each row with every product's value."""
    columns = comparison.products
    lines = wrap(f"Compared for: {profile_words(comparison.profile)}", width)
    for i, s in enumerate(columns, 1):
        rank = f"rank {s.rank}" if s.rank else "removed"
        size = f", size {s.size}" if s.size else ""
        size += f" ({s.size_sku})" if s.size and s.size_sku else ""
        lines += wrap(f"{i} {s.sku}: {rank}, score {s.score:.1f}{size}", width, "    ")
    for row in comparison.attributes:
        lines.append(row.name)
        for i, value in enumerate(row.values, 1):
            lines += wrap(f"  {i} {value}", width, "    ")
    for rule in comparison.rules:
        lines.append(("> " if rule.decisive else "") + rule.rule)
        lines += wrap(
            "  " + "  ".join(f"{i}: {p:.1f}" for i, p in enumerate(rule.points, 1)), width, "  "
        )
    return lines


def deciding_lines(comparison: Comparison, g: Glyphs, width: int) -> list[str]:
    """For each neighbouring pair: who ranks above and why; a pair decided by score shows
    its deciding rules as paired bars, one per sock."""
    rows = {rule.rule: rule for rule in comparison.rules}
    index = {s.sku: i for i, s in enumerate(comparison.products)}
    name = max((len(s.sku) for s in comparison.products), default=0)
    lines: list[str] = []
    for pair in comparison.pairs:
        if pair.decided_by != "score":
            lines += wrap(f"{pair.higher} ranks above {pair.lower} by {pair.decided_by}.", width)
            continue
        why = "most on:" if pair.decisive else "on several rules."
        lines += wrap(
            f"{pair.higher} beats {pair.lower} by {pair.score_difference:.1f}, {why}", width
        )
        for rule_id in pair.decisive:
            rule = rows.get(rule_id)
            if rule is None:
                continue
            lines += wrap("  > " + rule.rule, width, "    ")
            penalty = any(p < 0 for p in rule.points)  # a penalty's points are never above 0
            for sku in (pair.higher, pair.lower):
                points = rule.points[index[sku]]
                picture = bar(-points if penalty else points, rule.max_points, g, penalty=penalty)
                most = -rule.max_points if penalty else rule.max_points
                label = sku.ljust(name) if name + 22 <= width else sku
                sep = " " if name + 22 <= width else "\n      "
                text = f"    {label}{sep}{picture} {points:.1f}/{most:.1f}"
                lines += text.split("\n")
    return lines


def checklist_why(item: ChecklistItem) -> list[str]:
    """The rules that reward an attribute's value, one each; an avoided penalty says
    "avoids", never a property of the sock."""
    return [
        (f"avoids {r.rule}: " if r.kind == "penalty-avoided" else "") + f"{r.because} [{r.source}]"
        for r in item.reasons
    ]


def checklist_lines(result: Checklist, width: int) -> list[str]:
    """Each attribute and the value to look for, then why, one rule a paragraph below it."""
    lines = wrap(f"What to look for: {profile_words(result.profile)}", width)
    for item in result.items:
        lines += wrap(f"{item.attribute.replace('_', ' ')}: {item.value}", width, "  ")
        for why in checklist_why(item):
            lines += wrap(f"  - {why}", width, "    ")
    return lines
