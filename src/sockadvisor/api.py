"""The library API: the use cases every command calls (docs/api.md).

Load a catalog and rules once with `load`, build a profile with `profile`, then ask:
`recommend`, `explain`, `compare`, `plan`, `diagnose`, `what_if`, `lint`, `validate`.
Each returns a result model (sockadvisor.domain.results) whose JSON is the command's
`--json` document. Nothing here prints or exits: a user's mistake raises a subclass of
`sockadvisor.errors.SockadvisorError` (UsageError, InputError, DataError), each with an
`exit_code` and one line per problem in `lines()`.

Limits are arguments: `max_bytes` (None: SOCKADVISOR_MAX_BYTES, else 256 MiB) and the
cache (`use_cache`, and `cache_dir`, None: SOCKADVISOR_CACHE_DIR, else the XDG cache).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

from sockadvisor.domain.document import Document
from sockadvisor.domain.runner import Profile
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.errors import DataError, UsageError
from sockadvisor.sources.catalog import LoadedCatalog

if TYPE_CHECKING:  # the models are imported where they are built: a warm `recommend
    # --json` builds none (docs/performance.md#the-warm-path)
    from sockadvisor.domain.models import Product
    from sockadvisor.domain.profile import RunnerProfile
    from sockadvisor.domain.results import (
        Checklist,
        Comparison,
        Diagnosis,
        Explanation,
        LintReport,
        Plan,
        ProblemOut,
        ProductCard,
        ProductList,
        Recommendation,
        Validation,
        WhatIf,
    )

__all__ = [
    "Advisor",
    "compare",
    "diagnose",
    "explain",
    "lint",
    "load",
    "load_profile",
    "plan",
    "product_card",
    "products",
    "profile",
    "recommend",
    "validate",
    "what_if",
]


@dataclass(frozen=True)
class Advisor:
    """A loaded, validated catalog and its compiled rules: load once, ask many times."""

    catalog: LoadedCatalog
    rules: tuple[CompiledRule, ...]

    @property
    def products(self) -> list[Product]:
        return self.catalog.products

    def product(self, sku: str) -> Product:
        """The product with this SKU (any case); UsageError naming near SKUs if none."""
        return self.catalog.get(sku)


def load(
    catalog: str | None = None,
    rules: str | None = None,
    *,
    use_cache: bool = True,
    cache_dir: str | None = None,
    max_bytes: int | None = None,
    store_map: str | None = None,
) -> Advisor:
    """Read and validate a catalog and rules (None: the bundled ones; "-": standard input).

    A catalog path ending in .csv is read as CSV: sockadvisor's own format, or a web
    store's product export with its mapping file `store_map` (docs/store-exports.md).
    When both are invalid, the DataError holds the problems of both files.
    """
    from sockadvisor.sources.catalog import load_both, load_catalog, load_rules

    if catalog == "-" and rules == "-":
        raise UsageError(
            "sockadvisor: only one of the catalog and the rules can be read from standard input"
        )
    options: dict[str, Any] = {"max_bytes": max_bytes, "cache_dir": cache_dir}
    loaded, compiled = load_both(
        lambda: load_catalog(catalog, use_cache, store_map=store_map, **options),
        lambda: load_rules(rules, use_cache, **options),
    )
    return Advisor(loaded, compiled)


def profile(**values: Any) -> RunnerProfile:
    """A runner's profile from field values (docs/user-guide.md#the-profile), validated.

    Example: `profile(distance="ultra", terrain="technical", calf_cm=38)`. A field not
    given (or None) takes its default. Raises pydantic's ValidationError on a bad value.
    """
    from sockadvisor.domain.profile import make_profile

    return make_profile(values)


def load_profile(path: str, *, max_bytes: int | None = None) -> RunnerProfile:
    """A profile from a profile file (YAML or JSON); DataError with positions if invalid."""
    from sockadvisor.domain.profile import make_profile
    from sockadvisor.sources.catalog import load_profile as read

    return make_profile(read(path, max_bytes))


@overload
def recommend(
    advisor: Advisor,
    runner: RunnerProfile | Profile,
    *,
    top: int = 5,
    what_if: bool = False,
    plain: Literal[False] = False,
) -> Recommendation: ...


@overload
def recommend(
    advisor: Advisor,
    runner: RunnerProfile | Profile,
    *,
    top: int = 5,
    what_if: bool = False,
    plain: bool,
) -> Recommendation | Document: ...


def recommend(
    advisor: Advisor,
    runner: RunnerProfile | Profile,
    *,
    top: int = 5,
    what_if: bool = False,
    plain: bool = False,
) -> Recommendation | Document:
    """The top `top` socks for the runner, best first, and what removed the others.

    When nothing matches, the result carries a diagnosis (the ways out); with
    `what_if`, the smallest single changes to the profile that change the top pick.
    `plain` with a plain profile (sockadvisor.domain.runner, what the CLI makes for
    `--json`) may give a `Document` instead: the same JSON document as plain data, made
    from a cached catalog without a model (docs/performance.md#the-warm-path).
    """
    from sockadvisor.domain.columnar import Stale
    from sockadvisor.engine import kernel

    if isinstance(runner, Profile):
        if plain and advisor.catalog.columns is not None and not what_if:
            from sockadvisor.engine import warm

            try:
                doc = warm.recommendation(advisor.catalog.columns, advisor.rules, runner, top)
            except Stale:  # a damaged cache entry: dropped, and the models are read afresh
                advisor.catalog.stale()
                doc = None
            if doc is not None:
                return doc
        runner = profile(**runner.given)
    from sockadvisor.engine import ranking

    rec = None
    if advisor.catalog.columns is not None:  # the warm path: rank the columns
        try:
            rec = kernel.rank(advisor.catalog.columns, advisor.rules, runner, top)
        except Stale:  # a damaged cache entry: dropped, and the models are read afresh
            advisor.catalog.stale()
            rec = None
    if rec is None:
        rec = ranking.rank(advisor.products, advisor.rules, runner, top)
    if rec.results and not what_if:
        return rec
    from sockadvisor.engine import diagnose as diagnosis

    update: dict[str, Any] = {}
    if not rec.results:
        update["diagnosis"] = diagnosis.diagnose(advisor.products, advisor.rules, runner)
    if what_if:
        update["what_if"] = diagnosis.what_if(advisor.products, advisor.rules, runner)
    return rec.model_copy(update=update)


def explain(
    advisor: Advisor, sku: str, runner: RunnerProfile, *, against: str | None = None
) -> Explanation:
    """Every point of one sock's score, and (unless it is the top pick) rule by rule what
    it gained and lost against the top pick or `against`. Ranks the catalog once."""
    from sockadvisor.engine import diagnose as diagnosis
    from sockadvisor.engine import ranking

    product = advisor.product(sku)
    other = advisor.product(against) if against else None
    full = ranking.rank(advisor.products, advisor.rules, runner)
    if other is None and full.results:
        other = full.results[0].product
    result = ranking.explain(product, advisor.products, advisor.rules, runner, full)
    if other is None:
        return result
    ranks = {r.product.sku: r.rank for r in full.results}
    why = diagnosis.why_not(product, other, advisor.products, advisor.rules, runner, ranks)
    return result.model_copy(update={"against": why})


def compare(advisor: Advisor, skus: Sequence[str], runner: RunnerProfile) -> Comparison:
    """Two or more socks side by side, in ranked order, with the rules that decide."""
    from sockadvisor.engine import diagnose as diagnosis

    selected = [advisor.product(sku) for sku in skus]
    return diagnosis.compare(selected, advisor.products, advisor.rules, runner)


def plan(advisor: Advisor, runner: RunnerProfile, *, travel_hours: float | None = None) -> Plan:
    """A pair for running, one for recovery and (flights of 4 h or more) one for travel."""
    from sockadvisor.engine import plan as planning

    return planning.plan(advisor.products, advisor.rules, runner, travel_hours)


def checklist(
    runner: RunnerProfile,
    rules: str | None = None,
    *,
    use_cache: bool = True,
    max_bytes: int | None = None,
) -> Checklist:
    """What to look for in any shop: the attribute values the rules score highest for the
    runner, with reasons and sources, and what to measure. Reads the rules, no catalog."""
    from sockadvisor.engine.checklist import checklist as build
    from sockadvisor.sources.catalog import load_rules

    return build(load_rules(rules, use_cache, max_bytes=max_bytes), runner)


def diagnose(advisor: Advisor, runner: RunnerProfile) -> Diagnosis | None:
    """Every minimal set of the runner's own constraints whose relaxing lets socks through;
    None when something matches already."""
    from sockadvisor.engine import diagnose as diagnosis

    return diagnosis.diagnose(advisor.products, advisor.rules, runner)


def what_if(advisor: Advisor, runner: RunnerProfile) -> WhatIf:
    """The cheapest single changes to the profile that change the top pick."""
    from sockadvisor.engine import diagnose as diagnosis

    return diagnosis.what_if(advisor.products, advisor.rules, runner)


def products(
    advisor: Advisor,
    *,
    lengths: Sequence[Any] | None = None,
    brand: str | None = None,
    max_mmhg: float | None = None,
    max_price: float | None = None,
    compressed: bool | None = None,
) -> ProductList:
    """The catalog's products that pass every given filter, in catalog order."""
    from sockadvisor.domain.results import ProductList
    from sockadvisor.sources.catalog import select

    chosen = select(
        advisor.products,
        lengths=list(lengths) if lengths else None,
        brand=brand,
        max_mmhg=max_mmhg,
        max_price=max_price,
        compressed=compressed,
    )
    return ProductList(count=len(chosen), products=chosen)


def product_card(advisor: Advisor, sku: str) -> ProductCard:
    """One product's card: every attribute and its size chart."""
    from sockadvisor.domain.results import ProductCard

    return ProductCard(product=advisor.product(sku))


def validate(kind: str, path: str, *, max_bytes: int | None = None) -> Validation:
    """Check a catalog or rules file ("catalog" or "rules"): every problem, by position.

    Never raises DataError: the problems are in the result. InputError if unreadable.
    """
    from sockadvisor.domain.results import ProblemOut, Validation
    from sockadvisor.engine.compile import compile_rules
    from sockadvisor.sources.catalog import load_catalog, rules_document

    problems = []
    warnings: list[ProblemOut] = []
    try:
        if kind == "catalog":
            count = len(load_catalog(path, use_cache=False, max_bytes=max_bytes).products)
        elif kind == "rules":  # read once (standard input can be read only once)
            doc, ruleset = rules_document(path, max_bytes)
            count = len(compile_rules(ruleset))
            warnings = _unfindable_sources(doc, ruleset)
        else:
            raise ValueError(f"kind must be catalog or rules, not {kind!r}")
    except DataError as exc:
        count, problems = 0, exc.problems
    return Validation(
        file=path,
        kind=kind,
        valid=not problems,
        count=count,
        problems=[
            ProblemOut(file=p.file, line=p.line, col=p.col, where=p.where, message=p.what)
            for p in problems
        ],
        warnings=warnings if not problems else [],
    )


def _unfindable_sources(doc: Any, ruleset: Any) -> list[ProblemOut]:
    """A warning per rule whose `source` names nothing a reader can look up."""
    from sockadvisor.domain.results import ProblemOut
    from sockadvisor.domain.rules import findable

    out = []
    for i, rule in enumerate(ruleset.rules):
        if not findable(rule.source):
            line, col = doc.position(("rules", i, "source"))
            out.append(
                ProblemOut(
                    file=doc.name,
                    line=line,
                    col=col,
                    where=f"rules[{i}] ({rule.id}).source",
                    message="names nothing a reader can look up; cite authors and year, a "
                    "journal or publisher, a DOI or a web address (docs/rule-language.md#sources)",
                )
            )
    return out


def lint(
    catalog: str | None = None,
    rules: str | None = None,
    *,
    top: int = 5,
    max_bytes: int | None = None,
) -> LintReport:
    """What is valid but wrong in a catalog and rules: gaps, unknown data, dead rules...

    Raises DataError with both files' problems when either is invalid.
    """
    from dataclasses import asdict

    from sockadvisor.domain.results import LintFinding, LintReport
    from sockadvisor.lint.checks import lint as run
    from sockadvisor.sources.catalog import load_documents

    if catalog == "-" and rules == "-":
        raise UsageError(
            "sockadvisor: only one of the catalog and the rules can be read from standard input"
        )
    findings = run(load_documents(catalog, rules, max_bytes), top)
    return LintReport(
        count=len(findings),
        findings=[LintFinding.model_validate(asdict(f)) for f in findings],
    )
