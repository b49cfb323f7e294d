"""The warm path and the first run, side by side with a plain `json.load` (issue 17).

    python bench/warm_path.py                       # 100,000 products, 5 rounds
    python bench/warm_path.py --size 10000 --repeats 3
    python bench/warm_path.py --baseline /work/main/.venv/bin/sockadvisor   # before/after

Each round runs, one after another: a plain `json.load` of the catalog, a warm
`recommend --json` (its cache primed once, untimed), a first run (cache on, an empty
cache folder) and a `--no-cache` run; with `--baseline`, the same warm and first runs of
another installed sockadvisor (its own cache folders). Every figure is a median over the
rounds of CPU time (user + system, from wait4) and is reported as a ratio to the plain
`json.load` measured in the same rounds, so the machine's load weighs on both sides.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
PROFILE = ["--distance", "ultra", "--terrain", "technical", "--json"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and peak RSS (KB) of one run; a failure stops the bench."""
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        assert proc.stderr is not None
        sys.exit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


def catalog(size: int) -> Path:
    path = OUT / f"catalog-{size}.json"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(BENCH / "gen_catalog.py"), str(size), "--json"], check=True
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sockadvisor", default=str(Path(sys.executable).parent / "sockadvisor"))
    parser.add_argument("--baseline", help="another sockadvisor executable, for before/after")
    args = parser.parse_args()
    path = catalog(args.size)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR")}
    tmp = Path(tempfile.mkdtemp(prefix="warm-path-"))
    tools = {"ours": args.sockadvisor}
    if args.baseline:
        tools["baseline"] = args.baseline
    series: dict[str, list[tuple[float, float, int]]] = {}
    plain = [
        sys.executable,
        "-c",
        "import sys, json; json.load(open(sys.argv[1], 'rb'))",
        str(path),
    ]
    try:
        warm_env = {
            name: {**env, "SOCKADVISOR_CACHE_DIR": str(tmp / f"warm-{name}")} for name in tools
        }
        for name, tool in tools.items():  # prime the warm caches, untimed
            run([tool, "recommend", "--catalog", str(path), *PROFILE], warm_env[name])
        for round_no in range(1, args.repeats + 1):
            series.setdefault("plain json.load", []).append(run(plain, env))
            for name, tool in tools.items():
                cmd = [tool, "recommend", "--catalog", str(path), *PROFILE]
                series.setdefault(f"{name}: warm", []).append(run(cmd, warm_env[name]))
                first = {**env, "SOCKADVISOR_CACHE_DIR": str(tmp / f"first-{name}-{round_no}")}
                series.setdefault(f"{name}: first run (cache on)", []).append(run(cmd, first))
                shutil.rmtree(tmp / f"first-{name}-{round_no}", ignore_errors=True)
                if name == "ours":
                    series.setdefault(f"{name}: --no-cache", []).append(
                        run([*cmd, "--no-cache"], env)
                    )
            print(f"round {round_no}/{args.repeats} done", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = statistics.median(cpu for cpu, _, _ in series["plain json.load"])
    base_rss = statistics.median(rss for _, _, rss in series["plain json.load"])
    print(
        f"{args.size:,} products, {path.stat().st_size / 2**20:.0f} MB JSON, {args.repeats} rounds"
    )
    print()
    print("| run | CPU s (median) | vs json.load | peak MB | vs json.load |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, samples in series.items():
        cpu = statistics.median(s[0] for s in samples)
        rss = statistics.median(s[2] for s in samples)
        shown = f"{cpu:.2f} | {cpu / base:.2f}x | {rss / 1024:.0f} | {rss / base_rss:.2f}x"
        print(f"| {label} | {shown} |")


if __name__ == "__main__":
    main()
