"""Time the catalog cache's candidate formats against each other (docs/performance.md).

    .venv/bin/python bench/cache_formats.py                       # 10,000 and 100,000 products
    .venv/bin/python bench/cache_formats.py --sizes 10000 --repeats 5
    .venv/bin/python bench/cache_formats.py --baseline 1780344   # also a whole run of that commit

Loading one validated catalog back, each in a fresh process (imports not timed, garbage
collector off as in sockadvisor), from an entry already on disk:

- pickle: the format of the cache before issue 12 (`pickle.loads` of the LoadedCatalog);
- json + construct: today's cache (header check, `json.loads` of sockadvisor.sources.
  cache_codec's compact data: rows, and shared sizes; models rebuilt unvalidated);
- marshal + construct: the same compact data as a marshal, rebuilt the same way;
- json + validate: `model_dump_json` of the catalog, validated again
  (`Catalog.model_validate_json`), the plainest safe format;
- no cache: reading and validating the YAML file itself (`load_catalog(use_cache=False)`).

Then whole `sockadvisor recommend --catalog FILE --json` runs: warm (from the cache),
with `--no-cache`, and, with `--baseline REF`, warm on that commit's code (its cache).
Medians and fastest of interleaved rounds, with each child's peak RSS, as a Markdown
table on standard output. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
FORMATS = ("pickle", "json + construct", "marshal + construct", "json + validate", "no cache")
FILES = {
    "pickle": "entry.pickle",
    "json + construct": "entry.json",
    "marshal + construct": "entry.marshal",
    "json + validate": "entry.dump.json",
}


def prepare(size: int, where: Path) -> None:
    """Write every candidate's entry for the size's catalog (run in its own process)."""
    import gc
    import marshal
    import pickle

    from sockadvisor.domain.models import Catalog
    from sockadvisor.sources import cache, cache_codec
    from sockadvisor.sources.catalog import load_catalog

    gc.disable()
    loaded = load_catalog(str(catalog_file(size, "json")), use_cache=False)
    plain = cache_codec.encode(Catalog, loaded.catalog)
    (where / "entry.pickle").write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    (where / "entry.marshal").write_bytes(marshal.dumps(plain))
    (where / "entry.dump.json").write_bytes(loaded.catalog.model_dump_json().encode())
    payload = json.dumps(plain, separators=(",", ":"), allow_nan=False).encode()
    (where / "entry.json").write_bytes(cache._header("catalog", "k", payload) + payload)


def load(fmt: str, size: int, where: Path) -> None:
    """Time one load in this process; print {"seconds", "products", "rss_mb"}."""
    import gc

    from sockadvisor.domain.models import Catalog
    from sockadvisor.sources import cache, catalog

    gc.disable()
    start = time.perf_counter()
    if fmt == "no cache":
        products = len(catalog.load_catalog(str(catalog_file(size, "yaml")), False).products)
    else:
        raw = (where / FILES[fmt]).read_bytes()
        if fmt == "pickle":
            import pickle

            products = len(pickle.loads(raw).products)
        elif fmt == "marshal + construct":
            import marshal

            products = len(catalog._catalog_from_cache(marshal.loads(raw)).products)
        elif fmt == "json + validate":
            products = len(Catalog.model_validate_json(raw).products)
        else:
            payload = cache._payload("catalog", "k", raw)
            assert payload is not None
            products = len(catalog._catalog_from_cache(json.loads(payload)).products)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "products": products, "rss_mb": rss}))


def catalog_file(size: int, ext: str) -> Path:
    return BENCH / "out" / f"catalog-{size}.{ext}"


def child(*args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def whole(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """One whole process, stdout to /dev/null: wall time and the child's own peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024}


def baseline_tree(ref: str, tmp: Path) -> Path:
    """A copy of `ref`'s src/ and data/, to run the code of that commit."""
    tree = tmp / "baseline"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src", "data"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run(args: argparse.Namespace) -> int:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="cache-formats-") as name:
        tmp = Path(name)
        base = tree_env = None
        if args.baseline:
            base = baseline_tree(args.baseline, tmp)
            tree_env = {**os.environ, "PYTHONPATH": f"{base / 'src'}"}
        for size in args.sizes:
            if not catalog_file(size, "json").exists():
                subprocess.run(
                    [sys.executable, str(BENCH / "gen_catalog.py"), str(size), "--json"],
                    check=True,
                )
            where = tmp / str(size)
            where.mkdir()
            print(f"{size:,} products: writing the entries", file=sys.stderr)
            prepare_cmd = [sys.executable, __file__, "--prepare", str(size), str(where)]
            subprocess.run(prepare_cmd, check=True)
            commands = whole_commands(size, where, tree_env)
            for label, (argv, env) in commands.items():  # prime each cache once
                if "no-cache" not in label:
                    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
            samples: dict[str, list[dict[str, float]]] = {}
            for round_ in range(args.repeats):
                print(f"{size:,} products: round {round_ + 1} of {args.repeats}", file=sys.stderr)
                for fmt in FORMATS:
                    if fmt == "no cache" and round_ >= args.no_cache_repeats:
                        continue
                    samples.setdefault(fmt, []).append(child("--load", fmt, str(size), str(where)))
                for label, (argv, env) in commands.items():
                    if "no-cache" in label and round_ >= args.no_cache_repeats:
                        continue
                    samples.setdefault(label, []).append(whole(argv, env))
            for label, runs in samples.items():
                times = [r["seconds"] for r in runs]
                rows.append(
                    [
                        f"{size:,}",
                        label,
                        f"{statistics.median(times):.2f}",
                        f"{min(times):.2f}",
                        f"{max(r['rss_mb'] for r in runs):.0f}",
                        str(len(runs)),
                    ]
                )
    header = ["products", "load", "median s", "fastest s", "peak RSS MB", "runs"]
    print("| " + " | ".join(header) + " |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


def whole_commands(
    size: int, where: Path, tree_env: dict[str, str] | None
) -> dict[str, tuple[list[str], dict[str, str]]]:
    recommend = ["-m", "sockadvisor", "recommend", "--catalog", str(catalog_file(size, "yaml"))]
    recommend += ["--distance", "ultra", "--terrain", "technical", "--json"]
    new = {**os.environ, "SOCKADVISOR_CACHE_DIR": str(where / "cache-new")}
    new.pop("SOCKADVISOR_NO_CACHE", None)
    commands = {
        "whole run, warm (json cache)": ([sys.executable, *recommend], new),
        "whole run, --no-cache": ([sys.executable, *recommend, "--no-cache"], new),
    }
    if tree_env is not None:
        old = {**tree_env, "SOCKADVISOR_CACHE_DIR": str(where / "cache-old")}
        old.pop("SOCKADVISOR_NO_CACHE", None)
        commands["whole run, warm (baseline, pickle cache)"] = ([sys.executable, *recommend], old)
    return commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="catalog sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=5, help="rounds (default 5)")
    parser.add_argument(
        "--no-cache-repeats", type=int, default=3, help="rounds that include no cache (3)"
    )
    parser.add_argument("--baseline", help="a git commit whose warm run to time as well")
    parser.add_argument("--prepare", nargs=2, metavar=("SIZE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=3, metavar=("FMT", "SIZE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(int(args.prepare[0]), Path(args.prepare[1]))
        return 0
    if args.load:
        load(args.load[0], int(args.load[1]), Path(args.load[2]))
        return 0
    args.sizes = [int(s) for s in args.sizes.split(",")]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
