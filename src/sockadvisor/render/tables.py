"""Rich tables for people at a terminal: the only module that imports rich.

rich is imported inside the functions, so output that needs no table never pays for it.
Catalog text is shown with `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

from sockadvisor.domain.models import Product
from sockadvisor.domain.results import (
    Checklist,
    Comparison,
    Diagnosis,
    Explanation,
    Plan,
    Recommendation,
    WhatIf,
    WhyNot,
)

from .common import (
    card,
    main_reasons,
    mmhg,
    nothing_matched,
    plural,
    profile_words,
    term_words,
)
from .words import Style, diagnosis_lines, notice, notices, what_if_lines

TERMINAL = Style.terminal

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


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

    return Console(
        file=buffer,
        width=_width(),
        height=25,  # with both given, rich keeps our width even when TERM=dumb
        force_terminal=True if _tty() or _forced() else None,  # rich reads FORCE_COLOR
        # NO_COLOR (no-color.org) and TERM=dumb: no escape bytes at all, even if forced.
        color_system=None if _plain() else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


def _tty() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def _forced() -> bool:
    """CLICOLOR_FORCE (bixense.com/clicolors): colour even into a pipe, as FORCE_COLOR."""
    return os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0")


def _plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


MIN_WIDTH, MAX_WIDTH = 20, 400  # a width outside these is clamped to them


def _width() -> int:
    """COLUMNS when set; else the terminal's width; else 100 for a pipe, 80 for a terminal
    that reports no size (0x0, as under `script`). Always within MIN_WIDTH..MAX_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and len(columns) < 6 and int(columns) > 0:
        width = int(columns)
    elif _tty():
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns or 80
        except OSError:
            width = 80
    else:
        width = 100
    return min(max(width, MIN_WIDTH), MAX_WIDTH)


NARROW = 60  # below this many columns, results are listed rather than tabled


def _render(*items: RenderableType) -> str:
    buffer = _Buffer()
    console = _console(buffer)
    for item in items:
        console.print(item)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def recommendation_table(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not rec.results:
        lines = notices(rec.warnings, TERMINAL) + [nothing_matched(rec)]
        lines += diagnosis_lines(diagnosis, TERMINAL) if diagnosis else []
        lines += what_if_lines(what_if, TERMINAL) if what_if else []
        return _render(*(Text(line) for line in lines))
    if _width() < NARROW:
        return _recommendation_list(rec, what_if)

    table = Table(
        title=Text(
            f"Top {len(rec.results)} of {rec.matched} matching socks for: "
            f"{profile_words(rec.profile)}"
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
        table.add_column("Size", overflow="fold")
    table.add_column("Main reasons", overflow="fold", ratio=3)
    footnotes: list[str] = []
    for item in rec.results:
        p = item.product
        size = (
            [_size_cell(item.size, item.size_note, footnotes, p.sku, item.size_sku)]
            if sized
            else []
        )
        table.add_row(
            str(item.rank),
            Text(p.sku),
            Text(f"{p.brand} {p.name}"),
            f"{item.score:.1f}",
            p.length.value,
            mmhg(p),
            f"{p.price:.2f}",
            *size,
            Text(main_reasons(item)),
        )
        footnotes += notices(item.warnings, TERMINAL)
    if rec.excluded:
        footnotes.append(
            f"{plural(len(rec.excluded))} removed (by your constraints, conditions or "
            "size); `sockadvisor explain SKU` says why."
        )
    first = [Text(line) for line in notices(rec.warnings, TERMINAL)]
    last = [Text(line) for line in footnotes + notices(rec.notes, TERMINAL)]
    last += [Text(line) for line in (what_if_lines(what_if, TERMINAL) if what_if else [])]
    return _render(*first, table, *last)


def _recommendation_list(rec: Recommendation, what_if: WhatIf | None) -> str:
    """The results as short paragraphs, for a terminal too narrow for the table."""
    from rich.text import Text

    lines = notices(rec.warnings, TERMINAL)
    lines.append(f"Top {len(rec.results)} of {rec.matched} for: {profile_words(rec.profile)}")
    for r in rec.results:
        p = r.product
        size = f", size {r.size}" if r.size else ""
        lines += [
            f"{r.rank}. {p.sku} {r.score:.1f}",
            f"   {p.brand} {p.name}",
            f"   {p.length.value}, {mmhg(p)} mmHg, {p.price:.2f}{size}",
            f"   {main_reasons(r)}",
        ]
        lines += [f"   {note}" for note in ([r.size_note] if r.size_note else [])]
        lines += [f"   {notice(w, TERMINAL)}" for w in r.warnings]
    lines += notices(rec.notes, TERMINAL)
    lines += what_if_lines(what_if, TERMINAL) if what_if else []
    return _render(*(Text(line) for line in lines))


def _size_cell(
    size: str | None, note: str | None, footnotes: list[str], sku: str, size_sku: str | None = None
) -> str:
    """The size label (with its own SKU when the catalog has one), starred when a footnote
    explains it; '-' when no size applies."""
    if note:
        footnotes.append(f"* {sku}{f' size {size}' if size else ''}: {note}.")
    shown = f"{size} {size_sku}" if size and size_sku else (size or "-")
    return shown + ("*" if note else "")


def _why_not_table(why: WhyNot) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    me, other = why.product, why.against
    if not me.eligible:
        verdict = f"{me.sku} (removed; would score {me.score:.1f}) against {other.sku}"
    elif why.score_difference < 0:
        verdict = f"Why {me.sku} ({me.score:.1f}) ranks below {other.sku} ({other.score:.1f})"
    else:
        verdict = f"{me.sku} ({me.score:.1f}) against {other.sku} ({other.score:.1f})"
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

    facts = _card_table(ex.product)

    if ex.eligible:
        status = f"Score {ex.score:.1f} of 100, rank {ex.rank} of {ex.of} for: " + profile_words(
            ex.profile
        )
        if ex.size:
            status += f". Your size: {ex.size}" + (f" ({ex.size_note})" if ex.size_note else "")
            status += f", SKU {ex.size_sku}" if ex.size_sku else ""
    else:
        status = (
            f"Removed for: {profile_words(ex.profile)}: "
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
        terms.add_row(
            Text(f"{t.rule}: {term_words(t)}"),
            f"{t.points:.1f} / {t.max_points:.1f}",
            met,
            Text(f"{t.because} [{t.source}]"),
        )
    terms.add_section()
    terms.add_row("score", f"{ex.score:.1f} / 100", "", "")
    lines = [Text(status)] + [Text(line) for line in notices(ex.warnings, TERMINAL)]
    if not ex.terms:
        lines.append(Text("No rule applies to this profile, so every product scores 0."))
    extra: list[RenderableType] = []
    if against is not None and against.against.sku != ex.product.sku:
        extra = [_why_not_table(against)]
        if against.decision and against.decision.tie_break:
            extra.append(
                Text(f"Equal scores: the order is decided by {against.decision.tie_break}.")
            )
    return _render(facts, *lines, terms, *extra)


def comparison_table(comparison: Comparison) -> str:
    from rich.table import Table
    from rich.text import Text

    columns = comparison.products
    table = Table(
        title=Text(f"Compared for: {profile_words(comparison.profile)}"), title_justify="left"
    )
    table.add_column("", no_wrap=True)
    for standing in columns:
        table.add_column(Text(standing.sku), overflow="fold")
    table.add_row("rank", *(str(s.rank) if s.rank else "removed" for s in columns))
    table.add_row("score", *(f"{s.score:.1f}" for s in columns))
    if any(s.size for s in columns):
        table.add_row(
            "size",
            *(
                f"{s.size} {s.size_sku}" if s.size and s.size_sku else s.size or "-"
                for s in columns
            ),
        )
    table.add_section()
    for row in comparison.attributes:
        table.add_row(Text(row.name), *(Text(v) for v in row.values))
    table.add_section()
    for rule in comparison.rules:
        mark = "> " if rule.decisive else "  "
        table.add_row(Text(mark + rule.rule), *(f"{p:.1f}" for p in rule.points))
    lines = [Text(line) for line in notices(comparison.warnings, TERMINAL)]
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
        title=Text(f"Wear plan for: {profile_words(plan.profile, use=False)}"),
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
                mmhg(p),
                _size_cell(pick.size, pick.size_note, footnotes, p.sku, pick.size_sku)
                if wear is pick.wear[0]
                else (pick.size or "-"),
                wear.when,
                wear.how_long,
            )
        if len(pick.roles) > 1:
            footnotes.append(f"One pair, {p.sku}, serves {' and '.join(pick.roles)}.")
        footnotes += notices(pick.warnings, TERMINAL)
    footnotes += [f"No {m.role} pick: {m.reason}." for m in plan.missing]
    first = [Text(line) for line in notices(plan.warnings, TERMINAL)]
    last = [Text(line) for line in footnotes + notices(plan.notes, TERMINAL)]
    return _render(*first, *([table] if plan.picks else []), *last)


def checklist_table(result: Checklist) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"What to look for: {profile_words(result.profile)}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
        show_lines=True,
    )
    table.add_column("Attribute", no_wrap=True)
    table.add_column("Look for", overflow="fold", ratio=1)
    table.add_column("Why", overflow="fold", ratio=3)
    for item in result.items:
        why = "; ".join(
            (f"avoids {r.rule}: " if r.kind == "penalty-avoided" else "")
            + f"{r.because} [{r.source}]"
            for r in item.reasons
        )
        table.add_row(item.attribute.replace("_", " "), Text(item.value), Text(why))
    first = [Text(line) for line in notices(result.warnings, TERMINAL)]
    last = [Text("Measure:")] + [Text(f"  {m}") for m in result.measurements]
    return _render(*first, table, *last)


def _card_table(product: Product) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(product.sku), title_justify="left", show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in card(product):
        table.add_row(key, Text(value))
    return table


def product_table(product: Product) -> str:
    return _render(_card_table(product))


def products_table(products: list[Product]) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(plural(len(products))),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        expand=True,
    )
    for name in ("SKU", "Brand", "Name", "Length", "mmHg", "Cushion", "Price"):
        table.add_column(name, overflow="fold", justify="right" if name == "Price" else "left")
    for p in products:
        table.add_row(
            Text(p.sku),
            Text(p.brand),
            Text(p.name),
            p.length.value,
            mmhg(p),
            p.cushion.value if p.cushion else "unknown",
            f"{p.price:.2f}",
        )
    return _render(table)
