"""Rich tables for people at a terminal: the only module that imports rich.

Longer than 500 lines: every table is drawn here, since only this module may import rich;
the plain-text layouts and the bars are in stacked.py and pictures.py.

rich is imported inside the functions, so output that needs no table never pays for it.
Catalog text is shown with `rich.text.Text`, never parsed as markup. A column of words is
never narrower than its longest word, so names wrap between words; below NARROW columns
every table is stacked instead (render/stacked.py). Bars come from render/pictures.py
(docs/user-guide.md#narrow-terminals).
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

from . import stacked
from .common import (
    card,
    main_reasons,
    mmhg,
    nothing_matched,
    plural,
    profile_words,
    term_words,
)
from .pictures import Glyphs, bar, glyphs, term_bar, term_groups, term_note, term_points
from .stacked import checklist_why
from .words import Style, diagnosis_lines, notices, what_if_lines

TERMINAL = Style.terminal

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table


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
        width=_width() + GAP[1],  # a gapped table's last gap; everything else prints at _width()
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
    """COLUMNS when set; else the terminal's width; else 80 (a pipe, or a terminal that
    reports no size, 0x0, as under `script`). Always within MIN_WIDTH..MAX_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and len(columns) < 6 and int(columns) > 0:
        width = int(columns)
    elif _tty():
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns or 80
        except OSError:
            width = 80
    else:
        width = 80
    return min(max(width, MIN_WIDTH), MAX_WIDTH)


NARROW = 60  # below this many columns, results are listed rather than tabled
# A space after each cell (and the box's space between columns), none before. Not rich's
# pad_edge=False or collapse_padding, whose widths rich 14.3 counts differently from older
# releases: with these, every rich we allow draws the same table.
GAP = (0, 1, 0, 0)


def _glyphs() -> Glyphs:
    """Plain characters without colour (NO_COLOR, TERM=dumb) or without Unicode."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return glyphs(_plain() or not encoding.startswith("utf"))


def _plain_text(cell: object) -> str:
    return str(getattr(cell, "plain", cell))


def _fit_widths(table: Table, width: int) -> bool:
    """Give each column its width: a no_wrap column its longest cell; a wrapping column
    at least its longest word (so words never break), then, by its ratio times the room
    it still wants, up to its longest cell. False when even the least widths do not fit:
    the caller stacks."""
    width += _gap(table)
    least, most = [], []
    for column in table.columns:
        texts = [_plain_text(column.header), *(_plain_text(c) for c in column.cells)]
        lines = [line for text in texts for line in text.splitlines() or [""]]
        longest = max((len(line) for line in lines), default=0)
        most.append(max(longest, column.min_width or 0))
        least.append(
            most[-1] if column.no_wrap else max(_longest_word(*texts), column.min_width or 0)
        )
    overhead = table._extra_width + sum(
        table._get_padding_width(i) for i in range(len(table.columns))
    )
    spare = width - overhead - sum(least)
    if spare < 0:
        return False
    widths = list(least)
    while spare > 0:
        growing = [i for i, c in enumerate(table.columns) if widths[i] < most[i]]
        if not growing:
            break
        weight = {i: (table.columns[i].ratio or 1) * (most[i] - widths[i]) for i in growing}
        total = sum(weight.values())
        given = 0
        for i in growing:
            share = max(1, spare * weight[i] // total)
            step = min(share, most[i] - widths[i], spare - given)
            widths[i] += step
            given += step
        spare -= given
        if given == 0:
            break
    for column, w in zip(table.columns, widths, strict=True):
        column.width, column.ratio = w, None
    table.expand = False
    return True


def _longest_word(*texts: str) -> int:
    return max((len(word) for text in texts for word in text.split()), default=1)


def _lines(lines: list[str]) -> str:
    from rich.text import Text

    return _render(*(Text(line) for line in lines))


def _gap(item: object) -> int:
    """The room a gapped table's last cell pads after itself, beyond the screen's width."""
    return GAP[1] if getattr(item, "padding", None) == GAP else 0


def _render(*items: RenderableType) -> str:
    """The items at the screen's width; a gapped table's last gap (spaces, or its head
    rule) may reach past it and is cut off, so no line is wider than the screen."""
    buffer = _Buffer()
    console = _console(buffer)
    width = _width()
    for item in items:
        console.print(item, width=width + _gap(item))
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "".join(_cut(line, width) + "\n" for line in lines)


def _cut(line: str, width: int) -> str:
    return line[:width] if len(line) > width and not line[width:].strip("─-━ ") else line


def recommendation_table(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    from rich.text import Text

    if not rec.results:
        lines = notices(rec.warnings, TERMINAL) + [nothing_matched(rec)]
        lines += diagnosis_lines(diagnosis, TERMINAL) if diagnosis else []
        lines += what_if_lines(what_if, TERMINAL) if what_if else []
        return _render(*(Text(line) for line in lines))
    if _width() < NARROW:
        return _recommendation_list(rec, what_if)
    # joined: the SKU above the name, in one column, to leave the names room below 100
    for joined in (False, True) if _width() >= 100 else (True,):
        footnotes: list[str] = []
        table = _recommendation_grid(rec, joined, footnotes)
        if _fit_widths(table, _width()):
            break
    else:
        return _recommendation_list(rec, what_if)
    if rec.excluded:
        footnotes.append(
            f"{plural(len(rec.excluded))} removed (by your constraints, conditions or "
            "size); `sockadvisor explain SKU` says why."
        )
    first = [Text(line) for line in notices(rec.warnings, TERMINAL)]
    last = [Text(line) for line in footnotes + notices(rec.notes, TERMINAL)]
    last += [Text(line) for line in (what_if_lines(what_if, TERMINAL) if what_if else [])]
    return _render(*first, table, *last)


def _recommendation_grid(rec: Recommendation, joined: bool, footnotes: list[str]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(
            f"Top {len(rec.results)} of {rec.matched} matching socks for: "
            f"{profile_words(rec.profile)}"
        ),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=GAP,
    )
    g, cells = _glyphs(), 5 if _width() < 120 else 10
    table.add_column("#", justify="right", no_wrap=True)
    if not joined:
        table.add_column("SKU", no_wrap=True)
    table.add_column("Sock", ratio=2)
    table.add_column("Score", no_wrap=True)
    table.add_column("Length", no_wrap=True)
    table.add_column("mmHg")
    table.add_column("Price", justify="right", no_wrap=True)
    sized = any(r.size for r in rec.results)
    if sized:
        table.add_column("Size", no_wrap=True)
    table.add_column("Main reasons", ratio=3)
    for item in rec.results:
        p = item.product
        name = f"{p.brand} {p.name}"
        size = (
            [_size_cell(item.size, item.size_note, footnotes, p.sku, item.size_sku)]
            if sized
            else []
        )
        table.add_row(
            str(item.rank),
            *([Text(f"{p.sku}\n{name}")] if joined else [Text(p.sku), Text(name)]),
            f"{item.score:5.1f} {bar(item.score, 100, g, cells=cells)}",
            p.length.value,
            mmhg(p),
            f"{p.price:.2f}",
            *size,
            Text(main_reasons(item)),
        )
        footnotes += notices(item.warnings, TERMINAL)
    return table


def _recommendation_list(rec: Recommendation, what_if: WhatIf | None) -> str:
    """The results as short paragraphs, for a terminal too narrow for the table."""
    from rich.text import Text

    lines = notices(rec.warnings, TERMINAL)
    lines.append(f"Top {len(rec.results)} of {rec.matched} for: {profile_words(rec.profile)}")
    width = _width()
    for r in rec.results:
        p = r.product
        size = f", size {r.size}" if r.size else ""
        size += f" ({r.size_sku})" if r.size and r.size_sku else ""
        lines.append(f"{r.rank}. {p.sku} {r.score:.1f} {bar(r.score, 100, _glyphs(), cells=5)}")
        for text in [
            f"{p.brand} {p.name}",
            f"{p.length.value}, {mmhg(p)} mmHg, {p.price:.2f}{size}",
            main_reasons(r),
            *([r.size_note] if r.size_note else []),
            *notices(r.warnings, TERMINAL),
        ]:
            lines += stacked.wrap("   " + text, width, "   ")
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


def _why_not_table(why: WhyNot) -> RenderableType | None:
    from rich.table import Table
    from rich.text import Text

    me, other = why.product, why.against
    if not me.eligible:
        verdict = f"{me.sku} (removed; would score {me.score:.1f}) against {other.sku}"
    elif why.score_difference < 0:
        verdict = f"Why {me.sku} ({me.score:.1f}) ranks below {other.sku} ({other.score:.1f})"
    else:
        verdict = f"{me.sku} ({me.score:.1f}) against {other.sku} ({other.score:.1f})"
    terms = [t for t in why.terms if abs(t.difference) >= 0.05]
    table = Table(title=Text(verdict), title_justify="left")
    table.add_column("Rule")
    table.add_column(me.sku, justify="right", no_wrap=True)
    table.add_column(other.sku, justify="right", no_wrap=True)
    table.add_column("Difference", justify="right", no_wrap=True)
    for t in terms:
        table.add_row(
            Text(t.rule), f"{t.points:.1f}", f"{t.against_points:.1f}", f"{t.difference:+.1f}"
        )
    table.add_section()
    table.add_row("score", f"{me.score:.1f}", f"{other.score:.1f}", f"{why.score_difference:+.1f}")
    return table if _fit_widths(table, _width()) else None


def _status(ex: Explanation) -> str:
    if ex.eligible:
        status = f"Score {ex.score:.1f} of 100, rank {ex.rank} of {ex.of} for: " + profile_words(
            ex.profile
        )
        if ex.size:
            status += f". Your size: {ex.size}" + (f" ({ex.size_note})" if ex.size_note else "")
            status += f", SKU {ex.size_sku}" if ex.size_sku else ""
        return status
    return (
        f"Removed for: {profile_words(ex.profile)}: "
        + "; ".join(r.message for r in ex.excluded_by)
        + f". Had it been eligible it would score {ex.score:.1f}."
    )


VERBOSE_HINT = "Each rule's reason and its source: add --verbose."
LEGEND = "{g.gain} points gained, {g.lost} points lost to a penalty, {g.empty} neither."


def explanation_stacked(
    ex: Explanation, other: WhyNot | None, verbose: bool, lines: list[str], width: int
) -> str:
    g = _glyphs()
    out = stacked.card_lines(ex.product, width) + [""]
    out += [line for text in lines for line in stacked.wrap(text, width)]
    out += stacked.terms_lines(ex, g, width, verbose) if ex.terms else []
    out += stacked.wrap(LEGEND.format(g=g), width) if ex.terms else []
    out += ([""] + stacked.why_not_lines(other, width)) if other else []
    return _lines(out + ([] if verbose or not ex.terms else [VERBOSE_HINT]))


def explanation_table(ex: Explanation, against: WhyNot | None = None, verbose: bool = False) -> str:
    """The card, the score, and each rule as a bar of the points it earned out of its
    maximum (gains and penalties in different glyphs); reasons and sources with verbose."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    width, g = _width(), _glyphs()
    other = against if against is not None and against.against.sku != ex.product.sku else None
    lines = [_status(ex)] + notices(ex.warnings, TERMINAL)
    if not ex.terms:
        lines.append("No rule applies to this profile, so every product scores 0.")
    tie = [
        f"Equal scores: the order is decided by {other.decision.tie_break}."
        for _ in [0]
        if other is not None and other.decision and other.decision.tie_break
    ]
    if width < NARROW:
        return explanation_stacked(ex, other, verbose, lines + tie, width)

    terms = Table(
        title=Text("How the score adds up"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=GAP,
    )
    terms.add_column("Rule")
    terms.add_column("Points", justify="right", no_wrap=True)
    terms.add_column("", no_wrap=True)
    terms.add_column("", no_wrap=True)
    for heading, group in term_groups(ex.terms):
        terms.add_row(Text(heading), "", "", "")
        for t in group:
            terms.add_row(Text("  " + t.rule), term_points(t), term_bar(t, g), term_note(t, g))
        terms.add_section()
    terms.add_row("score", f"{ex.score:.1f} / 100", bar(ex.score, 100, g), "")
    card_table = _card_table(ex.product)
    if card_table is None or not _fit_widths(terms, width):
        return explanation_stacked(ex, other, verbose, lines + tie, width)
    items: list[RenderableType] = [card_table, *(Text(line) for line in lines)]
    items += [terms, Text(LEGEND.format(g=g))] if ex.terms else []
    if verbose:
        items += [Text("Why each rule")]
        items += [
            Text(line)
            for t in ex.terms
            for line in stacked.paragraphs(
                [(f"{t.rule}: {term_words(t)}", f"{t.because} [{t.source}]")], width
            )
        ]
    elif ex.terms:
        items.append(Text(VERBOSE_HINT))
    why_table = _why_not_table(other) if other else None
    items += [why_table] if why_table else []
    items += (
        [Text(line) for line in stacked.why_not_lines(other, width)]
        if other and not why_table
        else []
    )
    items += [Text(line) for line in tie]
    return _render(*items)


def comparison_table(comparison: Comparison) -> str:
    """Side by side when every value column fits at its longest word; else stacked. Then
    the deciding rules of each neighbouring pair as paired bars."""
    from rich.table import Table
    from rich.text import Text

    width, g = _width(), _glyphs()
    columns = comparison.products
    notes = notices(comparison.warnings, TERMINAL)
    notes += [
        f"{s.sku} is removed: " + "; ".join(r.message for r in s.excluded_by)
        for s in columns
        if not s.eligible
    ]
    deciding = stacked.deciding_lines(comparison, g, width)
    table = Table(
        title=Text(f"Compared for: {profile_words(comparison.profile)}"), title_justify="left"
    )
    table.add_column("", no_wrap=True)
    for standing in columns:
        table.add_column(Text(standing.sku))
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
    if width < NARROW or not _fit_widths(table, width):
        out = stacked.comparison_lines(comparison, width)
        return _lines(out + [line for n in notes for line in stacked.wrap(n, width)] + deciding)
    return _render(table, *(Text(line) for line in notes + deciding))


def plan_table_stacked(plan: Plan, footnotes: list[str], width: int) -> str:
    starred = [f"* {p.product.sku}: {p.size_note}." for p in plan.picks if p.size_note]
    out = notices(plan.warnings, TERMINAL) + stacked.plan_lines(plan, width)
    return _lines(out + starred + footnotes + notices(plan.notes, TERMINAL))


def plan_table(plan: Plan) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    footnotes: list[str] = []
    for pick in plan.picks:
        if len(pick.roles) > 1:
            footnotes.append(f"One pair, {pick.product.sku}, serves {' and '.join(pick.roles)}.")
        footnotes += notices(pick.warnings, TERMINAL)
    footnotes += [f"No {m.role} pick: {m.reason}." for m in plan.missing]
    width = _width()
    if width < NARROW:
        return plan_table_stacked(plan, footnotes, width)

    table = Table(
        title=Text(f"Wear plan for: {profile_words(plan.profile, use=False)}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=GAP,
        expand=True,
        show_lines=True,
    )
    socks = [
        f"{p.product.sku}: {p.product.brand} {p.product.name} "
        f"({p.product.length.value}, {p.product.price:.2f})"
        for p in plan.picks
    ]
    table.add_column("Role", no_wrap=True)
    table.add_column("Sock", ratio=2)
    table.add_column("mmHg", no_wrap=True)
    table.add_column("Size", no_wrap=True)
    table.add_column("When", ratio=2)
    table.add_column("How long", ratio=2)
    stars: list[str] = []
    for pick, sock in zip(plan.picks, socks, strict=True):
        p = pick.product
        for wear in pick.wear:
            table.add_row(
                wear.role,
                Text(sock),
                mmhg(p),
                _size_cell(pick.size, pick.size_note, stars, p.sku, pick.size_sku)
                if wear is pick.wear[0]
                else (pick.size or "-"),
                wear.when,
                wear.how_long,
            )
    if plan.picks and not _fit_widths(table, width):
        return plan_table_stacked(plan, footnotes, width)
    first = [Text(line) for line in notices(plan.warnings, TERMINAL)]
    last = [Text(line) for line in stars + footnotes + notices(plan.notes, TERMINAL)]
    return _render(*first, *([table] if plan.picks else []), *last)


def checklist_table(result: Checklist) -> str:
    """The attributes to look for, with why; stacked when the columns do not fit."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    width = _width()
    first = notices(result.warnings, TERMINAL)
    last = ["Measure:"] + [f"  {m}" for m in result.measurements]
    table = Table(
        title=Text(f"What to look for: {profile_words(result.profile)}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=GAP,
        show_lines=True,
    )
    table.add_column("Attribute", no_wrap=True)
    table.add_column("Look for", ratio=1)
    table.add_column("Why", ratio=3)
    for item in result.items:
        table.add_row(
            item.attribute.replace("_", " "),
            Text(item.value),
            Text("\n".join(f"- {why}" for why in checklist_why(item))),
        )
    if width < NARROW or not _fit_widths(table, width):
        out = [line for text in first for line in stacked.wrap(text, width)]
        out += stacked.checklist_lines(result, width)
        return _lines(out + [line for m in last for line in stacked.wrap(m, width, "    ")])
    return _render(*(Text(line) for line in first), table, *(Text(line) for line in last))


def _card_table(product: Product) -> RenderableType | None:
    from rich.table import Table
    from rich.text import Text

    rows = card(product)
    table = Table(title=Text(product.sku), title_justify="left", show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in rows:
        table.add_row(key, Text(value))
    return table if _fit_widths(table, _width()) else None


def product_table(product: Product) -> str:
    table = _card_table(product) if _width() >= NARROW else None
    return _render(table) if table else _lines(stacked.card_lines(product, _width()))


def products_table(products: list[Product]) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    width = _width()
    if width < NARROW:
        return _lines(stacked.products_lines(products, width))
    table = Table(
        title=Text(plural(len(products))),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=GAP,
        expand=True,
    )
    for name in ("SKU", "Brand", "Name", "Length", "mmHg", "Cushion", "Price"):
        table.add_column(
            name,
            justify="right" if name == "Price" else "left",
            no_wrap=name not in ("Brand", "Name", "mmHg"),
            ratio=2 if name == "Name" else 1,
        )
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
    if not _fit_widths(table, width):
        return _lines(stacked.products_lines(products, width))
    return _render(table)
