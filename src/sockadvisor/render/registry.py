"""The registry from (result type, format) to a renderer (sockadvisor.render's `render`).

JSON is a dump of the result (`jsonout`, no rich); tables are drawn by `tables` (the
only module that imports rich, lazily); CSV and Markdown by `textout`; the words by
`common`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from sockadvisor.domain.results import (
    Checklist,
    Comparison,
    Explanation,
    LintReport,
    Plan,
    ProductCard,
    ProductList,
    Recommendation,
    Result,
    Validation,
)
from sockadvisor.domain.vocab import Format
from sockadvisor.render import jsonout

Renderer = Callable[[Any], str]


class _Late:
    """A renderer module imported only when one of its renderers runs: a `--json` run
    never imports the table or text modules (start-up, docs/performance.md)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> Callable[..., str]:
        def run(*args: Any, **kwargs: Any) -> str:
            function: Callable[..., str] = getattr(
                import_module(f"sockadvisor.render.{self.name}"), attr
            )
            return function(*args, **kwargs)

        return run


tables, textout = _Late("tables"), _Late("textout")

RENDERERS: dict[tuple[type[Result], Format], Renderer] = {
    (Recommendation, Format.table): lambda r: tables.recommendation_table(
        r, r.diagnosis, r.what_if
    ),
    (Recommendation, Format.csv): textout.recommendation_csv,
    (Recommendation, Format.markdown): lambda r: textout.recommendation_markdown(
        r, r.diagnosis, r.what_if
    ),
    (Explanation, Format.table): lambda r: tables.explanation_table(r, r.against),
    (Explanation, Format.csv): textout.explanation_csv,
    (Explanation, Format.markdown): lambda r: textout.explanation_markdown(r, r.against),
    (Comparison, Format.table): tables.comparison_table,
    (Comparison, Format.csv): textout.comparison_csv,
    (Comparison, Format.markdown): textout.comparison_markdown,
    (Plan, Format.table): tables.plan_table,
    (Plan, Format.csv): textout.plan_csv,
    (Plan, Format.markdown): textout.plan_markdown,
    (ProductCard, Format.table): lambda r: tables.product_table(r.product),
    (ProductCard, Format.csv): lambda r: textout.products_csv([r.product]),
    (ProductCard, Format.markdown): lambda r: textout.product_markdown(r.product),
    (ProductList, Format.table): lambda r: tables.products_table(r.products),
    (ProductList, Format.csv): lambda r: textout.products_csv(r.products),
    (ProductList, Format.markdown): lambda r: textout.products_markdown(r.products),
    (Checklist, Format.table): tables.checklist_table,
    (Checklist, Format.csv): textout.checklist_csv,
    (Checklist, Format.markdown): textout.checklist_markdown,
    (Validation, Format.table): textout.validation_text,
    (LintReport, Format.table): textout.lint_text,
}
for _document in {kind for kind, _ in RENDERERS}:
    RENDERERS[(_document, Format.json)] = jsonout.to_json


def render(result: Result, fmt: Format, *, verbose: bool = False) -> str:
    """The whole text of a result model in a format (KeyError: a pair nobody registered)."""
    if verbose and fmt is Format.table and isinstance(result, Explanation):
        return tables.explanation_table(result, result.against, verbose=True)
    return RENDERERS[(type(result), fmt)](result)


def formats(kind: type[Result]) -> tuple[Format, ...]:
    """The formats a result can be rendered in."""
    return tuple(fmt for fmt in Format if (kind, fmt) in RENDERERS)
