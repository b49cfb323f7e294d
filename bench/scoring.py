"""In-process scoring cost: time `engine.rank(products, rules, profile, top=10)`.

    python bench/scoring.py 10000 [--seed S] [--repeats N] [--check FILE]

Prints one JSON object on stdout: for the bundled rules and for the rules duplicated
2x and 4x (copies get new ids), the median seconds of one `rank` call and the cost per
product x applicable rule; for the bundled rules also one sample with the cyclic garbage
collector off, which shows how much of the cost is the collector walking a big heap.
bench/run.py runs this once per catalog size, each in its own process, so the big heaps
of one size never slow the next.

The products are the ones in bench/out/catalog-N.yaml, built from the generator's plain
data with pydantic (`Catalog.model_validate`) instead of parsing the YAML again: the
parse is measured elsewhere, and skipping it here saves minutes at 100,000 products.
`--check FILE` first proves that the two are the same catalog (the loader's products
compare equal to the ones built here).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_catalog  # noqa: E402  (a sibling script, not a package)

from sockadvisor.domain.models import Catalog, Product  # noqa: E402
from sockadvisor.domain.profile import RunnerProfile  # noqa: E402
from sockadvisor.domain.rules import RuleSet  # noqa: E402
from sockadvisor.domain.vocab import Distance, Terrain  # noqa: E402
from sockadvisor.engine import ranking as engine  # noqa: E402
from sockadvisor.engine.compile import CompiledRule, compile_rules  # noqa: E402
from sockadvisor.sources.catalog import load_catalog, load_rules  # noqa: E402

PROFILE = RunnerProfile(distance=Distance.ultra, terrain=Terrain.technical)
MULTIPLIERS = (1, 2, 4)
MIN_SAMPLE_S = 0.2  # small cases run `rank` in a loop until one sample lasts this long
MIN_CASE_S = 2.0  # ... and keep taking samples until they add up to this (a steadier median)
BUDGET_S = 30.0  # slow cases stop repeating once their samples add up to this


def duplicated(rules: tuple[CompiledRule, ...], times: int) -> tuple[CompiledRule, ...]:
    """The rules `times` over; every copy after the first gets a new id (`<id>-x2`, ...)."""
    copies = [dict(r.rule.data) for r in rules]
    for n in range(2, times + 1):
        copies += [{**r.rule.data, "id": f"{r.rule.id}-x{n}"} for r in rules]
    return compile_rules(RuleSet.model_validate({"rules": copies}))  # validated, as a file is


def time_rank(
    products: list[Product], rules: tuple[CompiledRule, ...], repeats: int
) -> tuple[float, int]:
    """Median seconds of one rank() call, and how many samples were taken.

    A first call that lasts a second or more counts as a sample; a shorter one is a
    warm-up that sets how many calls make one sample (at least MIN_SAMPLE_S long).
    Samples are taken until there are `repeats` of them and they add up to MIN_CASE_S,
    but never past BUDGET_S once there is one.
    """
    start = time.perf_counter()
    engine.rank(products, rules, PROFILE, top=10)
    first = time.perf_counter() - start
    loops = int(MIN_SAMPLE_S / first) + 1 if first < MIN_SAMPLE_S else 1
    samples: list[float] = [first] if first >= 1.0 else []
    spent = first
    measured = sum(samples)
    while not samples or ((len(samples) < repeats or measured < MIN_CASE_S) and spent < BUDGET_S):
        start = time.perf_counter()
        for _ in range(loops):
            engine.rank(products, rules, PROFILE, top=10)
        elapsed = time.perf_counter() - start
        spent += elapsed
        measured += elapsed
        samples.append(elapsed / loops)
    return statistics.median(samples), len(samples)


def measure(count: int, seed: int, repeats: int, check: str | None) -> dict[str, Any]:
    catalog = Catalog.model_validate(gen_catalog.catalog_data(count, seed))
    if check is not None and load_catalog(check).catalog != catalog:
        raise SystemExit(f"scoring.py: {check} is not the catalog that seed {seed} generates")
    products = catalog.products
    bundled = load_rules(None)
    cases = []
    for times in MULTIPLIERS:
        rules = duplicated(bundled, times)
        active = len(engine.applicable(rules, PROFILE))
        seconds, samples = time_rank(products, rules, repeats)
        gc_off = None
        if times == 1:
            gc.collect()
            gc.disable()
            try:
                gc_off, _ = time_rank(products, rules, 1)
            finally:
                gc.enable()
        cases.append(
            {
                "multiplier": times,
                "rules": len(rules),
                "applicable": active,
                "seconds": seconds,
                "samples": samples,
                "gc_off_seconds": gc_off,
                "ns_per_product_rule": 1e9 * seconds / (len(products) * active),
            }
        )
        print(
            f"  scoring {count:>7,} products x {active:>3} rules: {seconds:8.3f} s "
            f"(median of {samples})",
            file=sys.stderr,
        )
    return {"products": len(products), "cases": cases}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=gen_catalog.DEFAULT_SEED)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--check", metavar="FILE", help="prove FILE holds the same products")
    args = parser.parse_args(argv)
    json.dump(measure(args.count, args.seed, max(1, args.repeats), args.check), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
