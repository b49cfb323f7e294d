"""Pictures of a score for people at a terminal: bars of points out of a maximum.

Plain strings (no rich): `tables.py` places them. A term's kind (docs/scoring.md#kinds)
decides its bar: a gain fills cells with points earned, a penalty with points lost, in a
different glyph; a penalty avoided loses nothing and reads "avoided", never as a failure
nor as a property of the sock. Without Unicode (an ASCII encoding) or colour (NO_COLOR,
TERM=dumb) the bars are drawn in plain characters. Never used by JSON, CSV or Markdown
(docs/user-guide.md#explain).
"""

from __future__ import annotations

from dataclasses import dataclass

from sockadvisor.domain.results import Term

BAR = 10  # cells in a rule's bar; a score's bar is two rule bars wide


@dataclass(frozen=True, slots=True)
class Glyphs:
    gain: str  # a cell of points earned by a rule that adds points
    lost: str  # a cell of points lost to a penalty
    empty: str  # a cell of points neither earned nor lost
    ok: str  # a penalty avoided


UNICODE = Glyphs(gain="█", lost="▓", empty="░", ok="✓")
PLAIN = Glyphs(gain="#", lost="x", empty=".", ok="ok")


def glyphs(plain: bool) -> Glyphs:
    return PLAIN if plain else UNICODE


def bar(
    points: float, max_points: float, g: Glyphs, *, penalty: bool = False, cells: int = BAR
) -> str:
    """`points` of `max_points` as `cells` cells, filled first, then empty; for a penalty
    `points` are the points lost (a positive number) and fill with `g.lost`. Both are taken
    as shown, to one decimal: a bar never looks partial beside "100.0 / 100"."""
    points, max_points = round(points, 1), round(max_points, 1)
    share = 0.0 if max_points <= 0 else min(max(points / max_points, 0.0), 1.0)
    full = round(share * cells)
    if 0 < share < 1:  # a partial score never shows as full or empty
        full = min(max(full, 1), cells - 1)
    return (g.lost if penalty else g.gain) * full + g.empty * (cells - full)


def is_penalty(term: Term) -> bool:
    return term.weight < 0


def term_groups(terms: list[Term]) -> list[tuple[str, list[Term]]]:
    """The terms under their headings, empty groups left out: gains earned (fully or in
    part), preferences not met, then penalties (avoided or incurred)."""
    groups = (
        ("Gains", [t for t in terms if t.kind in ("gain", "partial-gain")]),
        ("Not met", [t for t in terms if t.kind == "shortfall"]),
        ("Penalties", [t for t in terms if is_penalty(t)]),
    )
    return [(heading, group) for heading, group in groups if group]


def term_bar(term: Term, g: Glyphs, cells: int = BAR) -> str:
    """A gain: the points earned of its maximum; a penalty: the points lost of its most."""
    if is_penalty(term):
        return bar(-term.points, term.max_points, g, penalty=True, cells=cells)
    return bar(term.points, term.max_points, g, cells=cells)


def term_points(term: Term) -> str:
    """'6.0 / 8.0' for a gain; '-3.9 / -7.7' for a penalty (lost of the most it can take)."""
    if is_penalty(term):
        return f"{term.points:.1f} / {-term.max_points:.1f}"
    return f"{term.points:.1f} / {term.max_points:.1f}"


def term_note(term: Term, g: Glyphs | None) -> str:
    """What a rule's bar means, by the term's kind, in two or three words (no mark: g None)."""
    if term.degree is None:
        return "unknown: no data"
    if term.kind == "penalty-avoided":
        return f"{g.ok} avoided" if g else "avoided"
    if term.kind == "penalty":
        return f"penalty: lost {-term.points:.1f}"
    if term.kind == "shortfall":
        return "not met"
    return "gained" if term.kind == "gain" else f"gained {term.degree:.0%}"
