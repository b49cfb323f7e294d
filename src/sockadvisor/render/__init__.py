"""Turn engine results into text, in every format a command offers.

Each function takes a result and a Format and returns the whole text: the CLI writes it
in one go, so an error can never leave half a table or half a JSON document. The
formats live in their own modules: `jsonout` (json.dumps, no rich), `tables` (the only
place rich is imported, lazily), `textout` (CSV and Markdown).
"""

from __future__ import annotations

from collections.abc import Callable

from sockadvisor.domain.models import Product
from sockadvisor.domain.results import (
    Comparison,
    Diagnosis,
    Explanation,
    Plan,
    Recommendation,
    WhatIf,
    WhyNot,
)
from sockadvisor.domain.vocab import Format
from sockadvisor.render import jsonout, tables, textout


def _pick(fmt: Format, renderers: dict[Format, Callable[[], str]]) -> str:
    return renderers[fmt]()


def recommendation(
    rec: Recommendation,
    fmt: Format,
    diagnosis: Diagnosis | None = None,
    what_if: WhatIf | None = None,
) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.recommendation_table(rec, diagnosis, what_if),
            Format.json: lambda: jsonout.recommendation_json(rec, diagnosis, what_if),
            Format.csv: lambda: textout.recommendation_csv(rec),
            Format.markdown: lambda: textout.recommendation_markdown(rec, diagnosis, what_if),
        },
    )


def explanation(ex: Explanation, fmt: Format, against: WhyNot | None = None) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.explanation_table(ex, against),
            Format.json: lambda: jsonout.explanation_json(ex, against),
            Format.csv: lambda: textout.explanation_csv(ex),
            Format.markdown: lambda: textout.explanation_markdown(ex, against),
        },
    )


def comparison(result: Comparison, fmt: Format) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.comparison_table(result),
            Format.json: lambda: jsonout.comparison_json(result),
            Format.csv: lambda: textout.comparison_csv(result),
            Format.markdown: lambda: textout.comparison_markdown(result),
        },
    )


def products(items: list[Product], fmt: Format) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.products_table(items),
            Format.json: lambda: jsonout.products_json(items),
            Format.csv: lambda: textout.products_csv(items),
            Format.markdown: lambda: textout.products_markdown(items),
        },
    )


def product(item: Product, fmt: Format) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.product_table(item),
            Format.json: lambda: jsonout.product_json(item),
            Format.csv: lambda: textout.products_csv([item]),
            Format.markdown: lambda: textout.product_markdown(item),
        },
    )


def plan(result: Plan, fmt: Format) -> str:
    return _pick(
        fmt,
        {
            Format.table: lambda: tables.plan_table(result),
            Format.json: lambda: jsonout.plan_json(result),
            Format.csv: lambda: textout.plan_csv(result),
            Format.markdown: lambda: textout.plan_markdown(result),
        },
    )
