"""Load the catalog and the rules (bundled or the user's), validate them, index by SKU."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sockadvisor.domain.columnar import Columns, Stale
from sockadvisor.engine.compile import CompiledRule, compile_plain, compile_rules
from sockadvisor.errors import DataError, Problem, UsageError
from sockadvisor.sources import cache, cache_lock, columns
from sockadvisor.sources.files import CATALOG_FILE as CATALOG_FILE
from sockadvisor.sources.files import RULES_FILE as RULES_FILE
from sockadvisor.sources.files import bundled as bundled
from sockadvisor.sources.validation import Describe, dotted, validate
from sockadvisor.sources.yamlsource import Document, Path, decode, load, parse_file, read_bytes

if TYPE_CHECKING:  # a store's mapping is read only with a store export (15 ms to import)
    from sockadvisor.domain.models import Catalog, Product
    from sockadvisor.domain.rules import RuleSet
    from sockadvisor.domain.storemap import StoreMap
    from sockadvisor.domain.vocab import Length

# The models are imported where a file is validated: a warm run reads the cache, and a
# warm `recommend --json` builds no model at all (docs/performance.md#the-warm-path).

PRODUCTS = "products"  # the cache's kind for a catalog's content, shared by its copies


def describe_products(doc: Document, path: Path) -> str:
    """products[3].price -> products[3] (TR-01).price, so a shop finds the row by SKU."""
    text = dotted(path)
    if len(path) >= 2 and path[0] == "products" and isinstance(path[1], int):
        products = doc.data.get("products") if isinstance(doc.data, dict) else None
        if isinstance(products, list) and path[1] < len(products):
            item = products[path[1]]
            sku = item.get("sku") if isinstance(item, dict) else None
            if isinstance(sku, str) and sku.isprintable():
                return dotted(path[2:], f"products[{path[1]}] ({sku[:40]})")
    return text


def _duplicates(
    doc: Document,
    items: list[str],
    list_key: str,
    key: str,
    noun: str,
    describe: Describe = lambda _, path: dotted(path),
) -> None:
    first: dict[str, int] = {}
    problems = []
    for i, value in enumerate(v.casefold() for v in items):
        if value in first:
            line, col = doc.position((list_key, i, key))
            first_line = doc.position((list_key, first[value], key))[0]
            problems.append(
                Problem(
                    doc.name,
                    line,
                    col,
                    describe(doc, (list_key, i, key)),
                    f"duplicate {noun} '{items[i]}' (first on line {first_line}); "
                    f"give each {noun} its own",
                )
            )
        else:
            first[value] = i
    if problems:
        raise DataError(problems)


class LoadedCatalog:
    """A validated catalog, indexed by SKU; from the cache, its columns come first and
    its models are built when first asked for (`columns` ranks without them)."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        columns: Columns | None = None,
        later: Callable[[], Catalog] | None = None,
        drop: Callable[[], None] | None = None,
        reread: Callable[[], Catalog] | None = None,
    ) -> None:
        self._catalog = catalog
        self._later = later
        self._drop = drop
        self._reread = reread  # the models from the file itself, when the entry is damaged
        self._by_sku: dict[str, Product] | None = None
        self.columns = columns

    def stale(self) -> None:
        """The columns could not give what was asked (a damaged cache entry): forget them,
        take the models from the file (not from the same entry), and delete the entry, so
        that the next run writes it afresh."""
        self.columns = None
        if self._catalog is None and self._reread is not None:
            self._later = self._reread
        if self._drop is not None:
            self._drop()
            self._drop = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            assert self._later is not None
            self._catalog = self._later()
        return self._catalog

    @property
    def by_sku(self) -> dict[str, Product]:
        if self._by_sku is None:
            self._by_sku = {p.sku: p for p in self.catalog.products}
        return self._by_sku

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LoadedCatalog) and self.catalog == other.catalog

    __hash__ = None  # type: ignore[assignment]

    @property
    def products(self) -> list[Product]:
        return self.catalog.products

    def get(self, sku: str) -> Product:
        """The product with this SKU (case-insensitive), or a usage error naming near SKUs."""
        if sku in self.by_sku:
            return self.by_sku[sku]
        folded = {s.casefold(): p for s, p in self.by_sku.items()}
        if sku.casefold() in folded:
            return folded[sku.casefold()]
        close = difflib.get_close_matches(sku.upper(), [s.upper() for s in self.by_sku], n=3)
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else "; `sockadvisor catalog list` lists SKUs"
        )
        raise UsageError(f"sockadvisor: unknown SKU '{sku[:40]}'{hint}")


def _parse_catalog(name: str, data: bytes) -> tuple[Document, Catalog]:
    doc = parse_file(name, decode(name, data), describe_products)
    from sockadvisor.domain.models import Catalog

    catalog = validate(doc, Catalog, "catalog", describe_products)
    skus = [p.sku for p in catalog.products]
    _duplicates(doc, skus, "products", "sku", "SKU", describe_products)
    return doc, catalog


def _parse_rules(name: str, data: bytes) -> tuple[Document, RuleSet]:
    doc = parse_file(name, decode(name, data))
    from sockadvisor.domain.rules import RuleSet

    ruleset = validate(doc, RuleSet, "rules")
    _duplicates(doc, [r.id for r in ruleset.rules], "rules", "id", "rule id")
    return doc, ruleset


def is_csv(path: str | None) -> bool:
    """Whether a catalog path names a CSV file (ours, or a web store's product export)."""
    return bool(path) and str(path).casefold().endswith(".csv")


def load_store_map(path: str, max_bytes: int | None = None) -> tuple[str, StoreMap]:
    """A store export's mapping file (docs/store-exports.md), validated; its name too."""
    doc = load(path, "mapping", max_bytes)
    from sockadvisor.domain.storemap import StoreMap

    return doc.name, validate(doc, StoreMap, "mapping")


def _csv_catalog(name: str, data: bytes, store_map: str | None, max_bytes: int | None) -> Catalog:
    """A CSV given as the catalog: ours directly, a store export with its mapping."""
    from sockadvisor.sources.csv_import import import_table
    from sockadvisor.sources.store_import import NAMES, detect_bytes

    store = detect_bytes(data)
    if store is not None and store_map is None:
        raise UsageError(
            f"sockadvisor: {name} is a {NAMES[store]}, which needs its mapping; import it "
            f"once with `sockadvisor catalog import {name} --map shop-map.yaml -o "
            "catalog.yaml` and use that catalog (or set SOCKADVISOR_MAP=shop-map.yaml)"
        )
    if store_map is None:
        return import_table(name, data)[0]
    map_name, mapping = load_store_map(store_map, max_bytes)
    return import_table(name, data, None, mapping, map_name)[0]


def catalog_document(path: str | None, max_bytes: int | None = None) -> tuple[Document, Catalog]:
    """A catalog with its YAML document, for checks that point at positions (lint)."""
    if is_csv(path):
        raise UsageError(
            f"sockadvisor: lint reads a YAML catalog, and {path} is CSV; import it once with "
            f"`sockadvisor catalog import {path} -o catalog.yaml` and lint catalog.yaml"
        )
    name, data = read_bytes(path or bundled(CATALOG_FILE), "catalog", max_bytes)
    with cache.gc_paused():
        return _parse_catalog(name, data)


def rules_document(path: str | None, max_bytes: int | None = None) -> tuple[Document, RuleSet]:
    name, data = read_bytes(path or bundled(RULES_FILE), "rules", max_bytes)
    return _parse_rules(name, data)


V = TypeVar("V")


def _cached(
    kind: str,
    data: bytes,
    build: Callable[[], V],
    use_cache: bool,
    cache_dir: str | None,
    encode: Callable[[V], Any],
    decode: Callable[[Any], V],
) -> V:
    """The value built from these bytes, from the cache when it has them.

    `encode` turns the value into plain JSON data for the cache, `decode` turns that back.
    """
    use_cache = use_cache and cache.enabled()
    turn = cache_lock.Turn()
    if use_cache:
        hit, turn = _lookup(lambda: cache.get(kind, data, decode, cache_dir), kind, data, cache_dir)
        if hit is not None:
            return hit
    try:
        with cache.gc_paused():
            value = build()
            if use_cache:
                cache.put(kind, data, encode(value), cache_dir)
    finally:
        turn.release()
    return value


def _lookup(
    get: Callable[[], V | None], kind: str, data: bytes, cache_dir: str | None
) -> tuple[V | None, cache_lock.Turn]:
    """The cached value, or None and our turn to build it (release it when done).

    One builder at a time (sources/cache_lock.py): look again once we have our turn,
    since another process may have built it meanwhile (if it was killed, once more).
    """
    hit, turn = get(), cache_lock.Turn()
    for _ in range(2 if hit is None else 0):
        turn = cache_lock.acquire(cache.folder(cache_dir), kind, data)
        hit = get()
        if hit is not None or not turn.waited:
            break
    if hit is not None:
        turn.release()
    return hit, turn


def _catalog_from_cache(payload: bytes | memoryview) -> LoadedCatalog:
    stored = columns.decode(payload)
    return LoadedCatalog(columns=stored.columns, later=stored.catalog)


def _same(payload: memoryview) -> memoryview:
    return payload


def load_catalog(
    path: str | None,
    use_cache: bool = True,
    *,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
    store_map: str | None = None,
) -> LoadedCatalog:
    """Read and validate a catalog, or take it from the cache when its bytes are known.

    `path` None is the bundled sample, "-" standard input; a path ending in .csv is read
    as CSV: our format, or a web store's export with the mapping file `store_map`.
    `max_bytes` None is SOCKADVISOR_MAX_BYTES or 256 MiB; `cache_dir` None is the
    default cache folder. A catalog from the cache comes as columns first
    (sources/columns.py); its models are decoded when a command needs them.
    """
    name, data = read_bytes(path or bundled(CATALOG_FILE), "catalog", max_bytes)
    csv = is_csv(path)

    def parse() -> Catalog:
        with cache.gc_paused():
            if csv:
                return _csv_catalog(name, data, store_map, max_bytes)
            return _parse_catalog(name, data)[1]

    kind = "catalog-csv" if csv else "catalog"
    if (csv and store_map is not None) or not (use_cache and cache.enabled()):
        return LoadedCatalog(parse())  # a mapping is a second file: no cache by these bytes
    hit, turn = _lookup(
        lambda: cache.get(kind, data, columns.decode, cache_dir, parse=_same, shared=PRODUCTS),
        kind,
        data,
        cache_dir,
    )
    if hit is not None:
        stored = hit

        def drop() -> None:
            cache.drop(kind, data, cache_dir, PRODUCTS)

        def later() -> Catalog:
            try:
                return stored.catalog()
            except Stale:  # a row that does not fit: drop the entry, read the file
                drop()
                return parse()

        return LoadedCatalog(columns=stored.columns, later=later, drop=drop, reread=parse)
    try:
        catalog = parse()
        with cache.gc_paused():
            encoded = columns.encode(catalog)
            cache.put_payload(kind, data, encoded.payload, cache_dir, PRODUCTS)
    finally:
        turn.release()
    return LoadedCatalog(catalog, encoded.columns)


def load_rules(
    path: str | None,
    use_cache: bool = True,
    *,
    max_bytes: int | None = None,
    cache_dir: str | None = None,
) -> tuple[CompiledRule, ...]:
    """Read, validate and compile the rules (the validated rules are cached too).

    The cache keeps the validated rules in their JSON form and compiles that on the way
    back (engine/compile.py checks it as it goes), with no model built.
    """
    name, data = read_bytes(path or bundled(RULES_FILE), "rules", max_bytes)
    return _cached(
        "rules",
        data,
        lambda: compile_rules(_parse_rules(name, data)[1]),
        use_cache,
        cache_dir,
        lambda compiled: [c.rule.data for c in compiled],
        compile_plain,
    )


A = TypeVar("A")
B = TypeVar("B")


def load_both(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """Run two loaders; when either finds invalid data, report both files' problems."""
    problems: list[Problem] = []
    results: list[Any] = []
    for loader in (first, second):
        try:
            results.append(loader())
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return results[0], results[1]


@dataclass(frozen=True)
class Documents:
    """A valid catalog and rules with their YAML documents, whose positions lint reports."""

    catalog_doc: Document
    catalog: Catalog
    rules_doc: Document
    rules: tuple[CompiledRule, ...]


def load_documents(
    catalog: str | None, rules: str | None, max_bytes: int | None = None
) -> Documents:
    """Read, validate and compile both files (None: the bundled one), never from the cache.

    Each file is read once (standard input can be read only once, so only one of the two
    can be '-'). Raises DataError with the problems of both files when either is invalid,
    and InputError when one cannot be read.
    """
    (catalog_doc, parsed), (rules_doc, ruleset) = load_both(
        lambda: catalog_document(catalog, max_bytes), lambda: rules_document(rules, max_bytes)
    )
    return Documents(catalog_doc, parsed, rules_doc, compile_rules(ruleset))


def load_profile(path: str, max_bytes: int | None = None) -> dict[str, Any]:
    """A profile file's values, by profile field name, for the fields it sets."""
    doc = load(path, "profile", max_bytes)
    from sockadvisor.domain.profile import ProfileFile

    profile = validate(doc, ProfileFile, "profile")
    try:
        return profile.values()
    except ValueError as exc:
        raise DataError([Problem(doc.name, 1, 1, "profile", str(exc))]) from None


def select(
    products: list[Product],
    *,
    lengths: list[Length] | None = None,
    brand: str | None = None,
    max_mmhg: float | None = None,
    max_price: float | None = None,
    compressed: bool | None = None,
) -> list[Product]:
    """The products that pass every given filter, in catalog order.

    `max_mmhg` keeps socks whose whole range is at or below it, plain socks included;
    `brand` matches case-insensitively anywhere in the brand.
    """
    wanted = brand.casefold() if brand else None
    return [
        p
        for p in products
        if (not lengths or p.length in lengths)
        and (wanted is None or wanted in p.brand.casefold())
        and (max_mmhg is None or p.compression is None or p.compression.max_mmhg <= max_mmhg)
        and (max_price is None or p.price <= max_price)
        and (compressed is None or p.is_compression == compressed)
    ]
