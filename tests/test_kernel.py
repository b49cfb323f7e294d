"""The warm path (columns, the scoring kernel) gives exactly what the models' path gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain.columnar import Stale
from sockadvisor.domain.models import Catalog, Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.rules import TEST_NAMES
from sockadvisor.domain.vocab import Format
from sockadvisor.engine import compile as compile_module
from sockadvisor.engine import kernel, ranking
from sockadvisor.engine.compile import READABLE, CompiledRule
from sockadvisor.render import render
from sockadvisor.sources import columns
from sockadvisor.sources.catalog import load_catalog

from .test_properties import BUNDLED_RULES, constrained_profiles, products, profiles, reweighted

CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog.yaml"
BUNDLED = load_catalog(None, use_cache=False).products

# Few prices and few distinct products: ties in score and price, decided by SKU.
tied = st.lists(
    products().map(lambda p: p.model_copy(update={"price": p.price // 40 * 10 + 5})),
    min_size=1,
    max_size=12,
    unique_by=lambda p: p.sku,
)
mixed = st.one_of(tied, st.lists(products(), min_size=1, max_size=12, unique_by=lambda p: p.sku))


def stored(items: list[Product]) -> columns.Stored:
    """The columns as a warm run gets them: encoded, written as bytes, decoded."""
    catalog = Catalog(title="t", products=items)
    return columns.decode(columns.encode(catalog).payload)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=mixed,
    profile=st.one_of(profiles, constrained_profiles),
    ruleset=st.none() | reweighted(),
    top=st.none() | st.integers(1, 6),
)
def test_the_kernel_ranks_exactly_as_the_models_do(
    items: list[Product],
    profile: RunnerProfile,
    ruleset: tuple[CompiledRule, ...] | None,
    top: int | None,
) -> None:
    rules = ruleset or BUNDLED_RULES
    expected = ranking.rank(items, rules, profile, top)
    for cols in (stored(items).columns, columns.encode(Catalog(title="t", products=items)).columns):
        got = kernel.rank(cols, rules, profile, top)
        if profile.measured:
            assert got is None  # sizes need the models: ranking.rank does it
            continue
        assert got is not None
        assert got == expected
        for fmt in Format:
            assert render(got, fmt) == render(expected, fmt)


# Scores that tie once rounded to 9 places but differ below them, and far apart ones.
near = st.sampled_from([0.0, 1.0, 2.5, -3.0]).flatmap(
    lambda base: st.sampled_from([0.0, 4e-10, -4e-10, 4.9e-10, -5.1e-10, 1e-9, 3e-3]).map(
        lambda nudge: base + nudge
    )
)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.tuples(near | st.floats(-50, 50), st.booleans(), st.booleans()), max_size=40),
    top=st.integers(0, 8),
)
def test_the_contenders_hold_the_top_by_the_full_sort_key(
    cells: list[tuple[float, bool, bool]], top: int
) -> None:
    points = [p for p, _, _ in cells]
    avoided = [a for _, a, _ in cells]
    kept = [i for i, (_, _, out) in enumerate(cells) if not out]
    prices = [float(i % 3) for i in range(len(cells))]  # ties in price too, then the index

    def key(i: int) -> tuple[bool, float, float, int]:
        return (avoided[i], -round(points[i], 9), prices[i], i)

    chosen = kernel._contenders(kept, points, avoided, top)
    assert set(chosen) <= set(kept)
    assert sorted(map(key, chosen))[:top] == sorted(map(key, kept))[:top]


def test_each_rule_is_scored_once_per_distinct_value() -> None:
    items = [
        Product.model_validate(
            {
                "sku": f"S-{i}",
                "brand": "B",
                "name": "N",
                "price": 10.0 + i,
                "compression": None,
                "length": "crew",
                "materials": {"merino": 100},
                "sizes": [{"label": "M", "shoe_eu": {"min": 38, "max": 42}}],
            }
        )
        for i in range(50)
    ]
    calls = 0
    counted = []
    for compiled in BUNDLED_RULES:

        def test(p: object, inner: object = compiled.test) -> object:
            nonlocal calls
            calls += 1
            return inner(p)  # type: ignore[operator]

        counted.append(CompiledRule(compiled.rule, test))  # type: ignore[arg-type]
    profile = RunnerProfile()
    got = kernel.rank(stored(items).columns, counted, profile, 5)
    active = len(ranking.applicable(BUNDLED_RULES, profile))
    assert got is not None and got.matched == 50
    # once per rule over all 50 (they share every value), then once per rule per result shown
    assert calls == active * (1 + len(got.results))


def test_the_kernel_knows_what_every_product_test_reads() -> None:
    assert frozenset(TEST_NAMES) == READABLE


def test_a_test_the_kernel_does_not_know_is_left_to_the_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compile_module, "_READS", {})
    assert kernel.rank(stored(BUNDLED).columns, BUNDLED_RULES, RunnerProfile(), 5) is None


@pytest.mark.parametrize("how", ["another SKU", "not JSON", "not a product"])
def test_a_row_that_does_not_fit_is_stale(how: str) -> None:
    item = BUNDLED[0]
    head, rows = columns.encode(Catalog(title="t", products=[item])).payload.split(b',"rows":[')
    sku = item.sku.encode()
    rows = {
        "another SKU": rows.replace(b'"%s"' % sku, b'"%s"' % (b"Z" * len(sku)), 1),
        "not JSON": b"{" + rows[1:],
        "not a product": b"[1" + b" " * (len(rows) - 5) + b"]]}",
    }[how]
    broken = columns.decode(head + b',"rows":[' + rows)
    with pytest.raises(Stale):
        broken.columns.product(0)
    with pytest.raises(Stale):
        broken.columns.shown(0)  # the warm JSON's reading of the row
    with pytest.raises(Stale):
        broken.catalog()


def _damage(entry: Path, change: Callable[[bytes], bytes]) -> None:
    """Change a cache entry's payload and write it back under a matching CRC."""
    from sockadvisor.sources import cache

    header, payload = entry.read_bytes().split(b"\n", 1)
    _, _, kind, key, _, _ = header.split(b" ")
    payload = change(payload)
    entry.write_bytes(cache._header(kind.decode(), key.decode(), payload) + payload)


def _another_sku(payload: bytes) -> bytes:
    head, rows = payload.split(b',"rows":[')
    sku = BUNDLED[0].sku.encode()
    return head + b',"rows":[' + rows.replace(b'"%s"' % sku, b'"%s"' % (b"Z" * len(sku)), 1)


def _a_number_for_a_brand(payload: bytes) -> bytes:
    head, rows = payload.split(b',"rows":[')
    brand = b'"%s"' % BUNDLED[0].brand.encode()
    return head + b',"rows":[' + rows.replace(brand, b"9" * len(brand), 1)


def _an_infinite_price(payload: bytes) -> bytes:
    price = json.dumps(BUNDLED[0].price).encode()
    return payload.replace(b"," + price + b",", b",Infinity,")


def _a_bad_blend(payload: bytes) -> bytes:
    mark = b'"materials":[[["'
    at = payload.index(mark) + len(mark)
    return payload[:at] + b"nope" + payload[payload.index(b'"', at) :]


@pytest.mark.parametrize(
    ("change", "extra"),
    [
        (_another_sku, ["--top", "50"]),
        (_a_number_for_a_brand, ["--top", "50"]),
        (_an_infinite_price, ["--top", "50"]),
        (_a_bad_blend, ["--budget", "25"]),  # the blends are read only for a constraint
    ],
)
def test_a_damaged_entry_is_dropped_and_the_file_read_instead(
    tmp_path: Path, change: Callable[[bytes], bytes], extra: list[str]
) -> None:
    """An entry changed under a matching CRC: the run still prints what the file says
    (warm JSON or not), and deletes the entry, so that the next run writes it again."""
    cache_dir = tmp_path / "cache"
    for fmt in (["--json"], []):
        args = ["recommend", *fmt, *extra, "--catalog", str(CATALOG)]
        reference = _run([*args, "--no-cache"], cache_dir)
        _run(args, cache_dir)
        (entry,) = cache_dir.glob("products-*.json")
        fresh = entry.read_bytes()
        _damage(entry, change)
        assert _run(args, cache_dir) == reference
        # dropped: when found loading, written afresh at once; else by the next run
        assert not entry.exists() or entry.read_bytes() == fresh
        assert _run(args, cache_dir) == reference and entry.read_bytes() == fresh


@pytest.mark.parametrize(
    "how",
    [
        "a column of the wrong length",
        "rows not where the head says",
        "an index outside its table",
        "a packed column of another machine",
        "a number column as JSON numbers",
        "the fibres of another build",
    ],
)
def test_a_head_that_does_not_fit_is_refused(how: str) -> None:
    encoded = columns.encode(Catalog(title="t", products=BUNDLED[:2]))
    payload = encoded.payload.decode()
    packed = json.loads(payload)["head"]["offsets"]
    at = list(columns._unpacked(packed, 3))
    shifted = columns._packed([0, *(n + 1 for n in at[1:])])
    length = columns._packed(list(encoded.columns.index["length"]))
    mangled = {
        "a column of the wrong length": payload.replace('"sku":["', '"sku":["X","', 1),
        "rows not where the head says": payload.replace(packed, shifted, 1),
        "an index outside its table": payload.replace(
            length, columns._packed([99] + list(encoded.columns.index["length"])[1:]), 1
        ),
        "a packed column of another machine": payload.replace(columns._ORDER, "I4other", 1),
        "a number column as JSON numbers": payload.replace(f'"{length}"', "[0,0]", 1),
        "the fibres of another build": payload.replace('"shares":{"nylon":', '"shares":{"nylon2":'),
    }[how]
    assert mangled != payload
    with pytest.raises((ValueError, TypeError, IndexError)):
        columns.decode(mangled.encode())


def test_a_blend_that_does_not_fit_is_stale_when_asked_for() -> None:
    """The blends are built from the head when first read: a bad one raises Stale then."""
    payload = columns.encode(Catalog(title="t", products=BUNDLED[:2])).payload
    head = json.loads(payload)["head"]
    fibre = head["values"]["materials"][0][0][0]
    broken = payload.replace(b'"materials":[[["%s"' % fibre.encode(), b'"materials":[[["wool"', 1)
    assert broken != payload
    stored = columns.decode(broken)
    assert stored.columns.values["length"]  # the other attributes are there
    with pytest.raises(Stale):
        stored.columns.values["materials"]
    assert columns.decode(payload).columns.values["materials"][0] == BUNDLED[0].materials


# --- The commands, warm against --no-cache ---------------------------------------------


COMMANDS = [
    ["recommend", "--json"],
    ["recommend"],
    ["recommend", "--format", "csv"],
    ["recommend", "--format", "markdown", "--top", "3"],
    ["recommend", "--what-if", "--json"],
    ["recommend", "--budget", "30", "--exclude-material", "wool", "--json"],
    ["recommend", "--calf-cm", "38", "--shoe-eu", "42", "--json"],
    ["plan", "--json"],
    ["plan"],
]


def _run(args: list[str], cache: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(  # the cache on, even in CI's run with SOCKADVISOR_NO_CACHE=1
        app, args, env={"SOCKADVISOR_CACHE_DIR": str(cache), "SOCKADVISOR_NO_CACHE": None}
    )
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=mixed, suffix=st.sampled_from([".json", ".yaml"]), profile=st.integers(0, 2))
def test_every_command_prints_the_same_warm_and_without_the_cache(
    tmp_path_factory: pytest.TempPathFactory, items: list[Product], suffix: str, profile: int
) -> None:
    folder = tmp_path_factory.mktemp("kernel")
    path = folder / f"catalog{suffix}"
    catalog = Catalog(title="t", products=items)
    path.write_text(json.dumps(catalog.model_dump(mode="json")))  # JSON is YAML too
    cache = folder / "cache"
    skus = [p.sku for p in items]
    who = [[], ["--distance", "ultra", "--terrain", "technical"], ["--use", "travel"]][profile]
    commands = [*COMMANDS, ["explain", skus[-1], "--json"], ["explain", skus[0]]]
    if len(skus) > 1:
        commands += [["compare", *skus[:3], "--json"], ["compare", *skus[:2]]]
    for command in commands:
        args = [*command, "--catalog", str(path), *who]
        reference = _run([*args, "--no-cache"], cache)
        _run(args, cache)  # the first run writes the entry
        assert _run(args, cache) == reference, args
