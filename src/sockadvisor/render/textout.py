"""CSV for spreadsheets and Markdown for a shop's web page or a chat (both in plain words,
never naming a command-line option: render.words), and the one-line texts of `validate`
and `lint` for a terminal.

CSV is one header row and one row per item, nothing else, so that a spreadsheet opens
it as it is (csvout writes it, escaping cells a spreadsheet would run as formulas);
warnings go in a `warnings` column (the runner's own warnings, such as
see-a-clinician, on every row). Markdown carries the same warnings and notes as the
table, as paragraphs; catalog text is escaped so it cannot break a table or add markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sockadvisor.domain.models import Product
from sockadvisor.domain.results import (
    Checklist,
    Comparison,
    Diagnosis,
    Explanation,
    LintReport,
    Plan,
    ReasonPoints,
    Recommendation,
    Validation,
    WhatIf,
    WhyNot,
)
from sockadvisor.errors import terminal_safe

from .common import (
    card,
    concerns,
    gains,
    main_reasons,
    mmhg,
    nothing_matched,
    profile_words,
    term_words,
)
from .pictures import term_note, term_points
from .words import Style, diagnosis_lines, finding, what_if_lines

PLAIN = Style.plain  # documents never name command-line options


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    from .csvout import write_csv  # lazily: the csv module is start-up time most runs never use

    return write_csv(header, rows)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(value: object) -> str:
    """Catalog text as literal Markdown: specials escaped, line breaks as spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _paragraphs(lines: Iterable[str]) -> str:
    return "".join(f"\n{_md(line)}\n" for line in lines)


# --- recommend ---------------------------------------------------------------------

RECOMMEND_HEADER = (
    "rank",
    "sku",
    "brand",
    "name",
    "score",
    "price",
    "length",
    "mmhg",
    "size",
    "size_note",
    "size_sku",
    "size_stock",
    "url",
    "reasons",
    "concerns",
    "warnings",
)


def _recommend_rows(rec: Recommendation) -> list[list[object]]:
    shared = [w.message for w in rec.warnings]
    return [
        [
            r.rank,
            r.product.sku,
            r.product.brand,
            r.product.name,
            f"{r.score:.2f}",
            f"{r.product.price:.2f}",
            r.product.length.value,
            mmhg(r.product),
            r.size or "",
            r.size_note or "",
            r.size_sku or "",
            "" if r.size_stock is None else r.size_stock,
            r.product.url or "",
            gains(r),
            concerns(r),
            " | ".join(shared + [w.message for w in r.warnings]),
        ]
        for r in rec.results
    ]


def recommendation_csv(rec: Recommendation) -> str:
    return _csv(RECOMMEND_HEADER, _recommend_rows(rec))


def recommendation_markdown(
    rec: Recommendation, diagnosis: Diagnosis | None = None, what_if: WhatIf | None = None
) -> str:
    first = _paragraphs(w.message for w in rec.warnings)
    if not rec.results:
        lines = [nothing_matched(rec)] + (diagnosis_lines(diagnosis, PLAIN) if diagnosis else [])
        lines += what_if_lines(what_if, PLAIN) if what_if else []
        return first.lstrip("\n") + _paragraphs(lines)
    title = (
        f"### Top {len(rec.results)} of {rec.matched} socks for: {profile_words(rec.profile)}\n\n"
    )
    rows = [
        [
            r.rank,
            r.product.sku,
            f"{r.product.brand} {r.product.name}",
            f"{r.score:.1f}",
            r.product.length.value,
            mmhg(r.product),
            f"{r.product.price:.2f}",
            r.size or "-",
            main_reasons(r),
        ]
        for r in rec.results
    ]
    header = ("#", "SKU", "Sock", "Score", "Length", "mmHg", "Price", "Size", "Main reasons")
    later = [f"{r.product.sku} size {r.size}: {r.size_note}." for r in rec.results if r.size_note]
    later += [w.message for r in rec.results for w in r.warnings]
    later += [n.message for n in rec.notes]
    later += what_if_lines(what_if, PLAIN) if what_if else []
    return (
        first.lstrip("\n")
        + ("\n" if first else "")
        + title
        + _md_table(header, rows)
        + (_paragraphs(later))
    )


# --- explain -----------------------------------------------------------------------

EXPLAIN_HEADER = (
    "rule", "kind", "label", "weight", "degree", "points", "max_points", "because", "source",
)  # fmt: skip


def explanation_csv(ex: Explanation) -> str:
    rows = [
        [
            t.rule,
            t.kind,
            t.label,
            f"{t.weight:g}",
            "" if t.degree is None else f"{t.degree:.3f}",
            f"{t.points:.2f}",
            f"{t.max_points:.2f}",
            t.because,
            t.source,
        ]
        for t in ex.terms
    ]
    return _csv(EXPLAIN_HEADER, rows)


def explanation_markdown(ex: Explanation, against: WhyNot | None = None) -> str:
    out = f"### {_md(ex.product.sku)}: {_md(ex.product.brand)} {_md(ex.product.name)}\n\n"
    out += _md_table(("", ""), card(ex.product))
    if ex.eligible:
        status = f"Score {ex.score:.1f} of 100, rank {ex.rank} of {ex.of}."
    else:
        status = "Removed: " + "; ".join(r.message for r in ex.excluded_by) + "."
    out += _paragraphs([status, *(w.message for w in ex.warnings)])
    rows = [
        [
            f"{t.rule}: {term_words(t)}",
            term_points(t),
            term_note(t, None),
            f"{t.because} [{t.source}]",
        ]
        for t in ex.terms
    ]
    out += "\n" + _md_table(("Rule", "Points", "Result", "Why"), rows)
    if against is not None and against.against.sku != ex.product.sku:
        diff = [
            [t.rule, f"{t.points:.1f}", f"{t.against_points:.1f}", f"{t.difference:+.1f}"]
            for t in against.terms
            if abs(t.difference) >= 0.05
        ]
        out += f"\nAgainst {_md(against.against.sku)}:\n\n"
        out += _md_table(("Rule", against.product.sku, against.against.sku, "Difference"), diff)
    return out


# --- compare -----------------------------------------------------------------------


def _compare_rows(result: Comparison) -> list[list[object]]:
    cols = result.products
    rows: list[list[object]] = [
        ["rank", *(s.rank or "removed" for s in cols), ""],
        ["score", *(f"{s.score:.2f}" for s in cols), ""],
        ["size", *(s.size or "" for s in cols), ""],
    ]
    rows += [[a.name, *a.values, ""] for a in result.attributes]
    rows += [
        [r.rule, *(f"{p:.2f}" for p in r.points), "yes" if r.decisive else ""] for r in result.rules
    ]
    return rows


def comparison_csv(result: Comparison) -> str:
    header = ["row", *(s.sku for s in result.products), "decisive"]
    return _csv(header, _compare_rows(result))


def comparison_markdown(result: Comparison) -> str:
    header = ["", *(s.sku for s in result.products), "decides"]
    out = f"### Compared for: {_md(profile_words(result.profile))}\n\n"
    out += _md_table(header, _compare_rows(result))
    lines = [w.message for w in result.warnings]
    lines += [
        f"{p.higher} ranks above {p.lower} by {p.decided_by}"
        + (f", most on: {', '.join(p.decisive)}" if p.decisive else "")
        + "."
        for p in result.pairs
    ]
    return out + _paragraphs(lines)


# --- catalog list and show ---------------------------------------------------------


def products_csv(products: list[Product]) -> str:
    """The catalog's own CSV format, so that a filtered list imports again."""
    from .csvout import export_csv

    return export_csv(products)


def product_markdown(product: Product) -> str:
    """One product's card, as `catalog show` prints it."""
    title = f"### {_md(product.sku)}: {_md(product.brand)} {_md(product.name)}\n\n"
    return title + _md_table(("", ""), card(product))


def products_markdown(products: list[Product]) -> str:
    rows = [
        [
            p.sku,
            p.brand,
            p.name,
            p.length.value,
            mmhg(p),
            p.cushion.value if p.cushion else "unknown",
            f"{p.price:.2f}",
        ]
        for p in products
    ]
    header = ("SKU", "Brand", "Name", "Length", "mmHg", "Cushion", "Price")
    return _md_table(header, rows)


# --- plan --------------------------------------------------------------------------

PLAN_HEADER = (
    "role",
    "sku",
    "brand",
    "name",
    "mmhg",
    "size",
    "size_note",
    "size_sku",
    "size_stock",
    "url",
    "when",
    "how_long",
    "warnings",
)


def _plan_rows(result: Plan) -> list[list[object]]:
    return [
        [
            wear.role,
            pick.product.sku,
            pick.product.brand,
            pick.product.name,
            mmhg(pick.product),
            pick.size or "",
            pick.size_note or "",
            pick.size_sku or "",
            "" if pick.size_stock is None else pick.size_stock,
            pick.product.url or "",
            wear.when,
            wear.how_long,
            " | ".join([w.message for w in result.warnings] + [w.message for w in pick.warnings]),
        ]
        for pick in result.picks
        for wear in pick.wear
    ]


def plan_csv(result: Plan) -> str:
    return _csv(PLAN_HEADER, _plan_rows(result))


def plan_markdown(result: Plan) -> str:
    out = _paragraphs(w.message for w in result.warnings).lstrip("\n")
    out += f"\n### Wear plan for: {_md(profile_words(result.profile, use=False))}\n\n"
    out += _md_table(PLAN_HEADER, _plan_rows(result))
    lines = [f"No {m.role} pick: {m.reason}." for m in result.missing]
    lines += [w.message for p in result.picks for w in p.warnings]
    return out + _paragraphs(lines + [n.message for n in result.notes])


def validation_text(result: Validation) -> str:
    """`catalog validate` without --json: one line for a clean file (errors go to stderr)."""
    noun = "products" if result.kind == "catalog" else "rules"
    return f"{terminal_safe(result.file)}: valid {result.kind}, {result.count} {noun}\n"


def lint_text(report: LintReport) -> str:
    """`catalog lint` without --json: one line per finding, for a terminal (escaped)."""
    return "".join(f"{terminal_safe(finding(f))}\n" for f in report.findings) or "no warnings\n"


def checklist_csv(result: Checklist) -> str:
    rows = [
        [item.attribute, item.value, r.rule, r.kind, r.because, r.source]
        for item in result.items
        for r in item.reasons or [None]  # type: ignore[list-item]
        if r is not None
    ] + [[item.attribute, item.value, "", "", "", ""] for item in result.items if not item.reasons]
    return _csv(("attribute", "value", "rule", "kind", "because", "source"), rows)


def checklist_markdown(result: Checklist) -> str:
    out = f"### What to look for: {_md(profile_words(result.profile))}\n\n"
    out += _paragraphs([w.message for w in result.warnings])
    rows = [
        [
            item.attribute.replace("_", " "),
            item.value,
            "; ".join(f"{_reason_words(r)} [{r.source}]" for r in item.reasons),
        ]
        for item in result.items
    ]
    out += _md_table(("Attribute", "Look for", "Why"), rows)
    return out + "\n" + "".join(f"- {_md(m)}\n" for m in result.measurements)


def _reason_words(r: ReasonPoints) -> str:
    return f"avoids {r.rule}: {r.because}" if r.kind == "penalty-avoided" else r.because
