"""The sockadvisor benchmark: startup, big catalogs and scoring cost, in one command.

    .venv/bin/python bench/run.py            # full run, writes bench/RESULTS.md
    .venv/bin/python bench/run.py --quick    # smoke run: 1k and 10k only, fewer repeats

Every timing is a whole process (time.perf_counter around the child, stdout to
/dev/null), repeated, and the median is reported; peak memory is the child's max RSS
from os.wait4. Children are started by bench/spawner.py, a small helper, so that this
process's own size never leaks into their peak RSS. Commands are interleaved (one of
each per round) so that a slow spell on the machine hits every command alike and the
ratios, measured side by side, stay fair. The code under test is a copy of src/ and
data/ taken at the start (first on PYTHONPATH), so one run measures one version even
while someone edits the tree. Each synthetic catalog is timed as YAML and as a JSON copy
of the same products, in the same rounds. See bench/README.md for what is measured and
how cold and warm runs are defined.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import bounds  # noqa: E402  (what bounds each target: profiles, bench/bounds.py)
import gen_catalog  # noqa: E402  (a sibling script, not a package)
import searches  # noqa: E402  (the issue-17 parts: growth, parallel first runs, completion)

PYTHON = sys.executable
PROFILE_ARGS = ["--distance", "ultra", "--terrain", "technical"]
PLAIN_PARSE = (
    "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.{loader})  # plain parse"
)
PLAIN_JSON = "import sys, json; json.load(open(sys.argv[1], 'rb'))  # plain parse"
YAML, JSON = "YAML", "JSON"  # the catalog formats, as the report names them
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
BIG_SIZE = 100_000  # the size of the big-catalog targets
MB = 1024 * 1024


class BenchError(Exception):
    """A run failed: the benchmark stops rather than report numbers for a broken command."""


# ---------------------------------------------------------------------------
# Running and timing one child process


@dataclass(frozen=True)
class Sample:
    seconds: float
    max_rss_kb: int


@dataclass
class Series:
    """The samples of one command; the median time and the peak RSS."""

    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def fastest(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.max_rss_kb for s in self.samples) / 1024


class Runner:
    """Runs each timed child through bench/spawner.py, a small helper process.

    Linux charges a child with the peak RSS of the process that forked it, so children
    forked from this (possibly big) process would all report at least its size; the
    helper's ~10 MB is below any Python child's own peak. The helper also does the
    timing: time.perf_counter() around posix_spawn and os.wait4.
    """

    def __init__(self, tmp: Path) -> None:
        self.stderr = tmp / "child-stderr.txt"
        self.proc = subprocess.Popen(
            [PYTHON, str(BENCH / "spawner.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=base_env(),
            text=True,
        )

    def run(self, cmd: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Sample:
        """Run `cmd` to completion; its wall time and max RSS. Another exit than `ok` is an
        error."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"argv": list(cmd), "env": env, "stderr": str(self.stderr)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError("bench/spawner.py stopped")
        answer = json.loads(line)
        if answer["exit"] not in ok:
            tail = self.stderr.read_text("utf-8", "replace").strip().splitlines()[-5:]
            raise BenchError(
                f"`{shlex.join(cmd)}` exited {answer['exit']}:\n  " + "\n  ".join(tail)
            )
        return Sample(answer["seconds"], answer["max_rss_kb"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


LOAD_SEEN: list[float] = []  # the 1-minute load average each time progress is reported


def progress(message: str) -> None:
    LOAD_SEEN.append(os.getloadavg()[0])
    print(message, file=sys.stderr, flush=True)


def base_env() -> dict[str, str]:
    """The caller's environment without SOCKADVISOR_* settings (catalog, rules, caps)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR_")}


@contextlib.contextmanager
def cache_dir(root: Path, name: str) -> Iterator[Path]:
    """A fresh, empty directory for XDG_CACHE_HOME, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sockadvisor_cmd() -> list[str]:
    """The installed console script next to this interpreter, else `python -m sockadvisor`."""
    script = Path(PYTHON).with_name("sockadvisor")
    return [str(script)] if script.exists() else [PYTHON, "-m", "sockadvisor"]


def has_no_cache_option(sock: list[str], env: dict[str, str]) -> bool:
    """Whether `sockadvisor recommend --help` lists --no-cache (cold runs then pass it)."""
    out = subprocess.run(
        [*sock, "recommend", "--help"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return "--no-cache" in out.stdout


# ---------------------------------------------------------------------------
# Startup


@dataclass(frozen=True)
class Command:
    key: str
    label: str
    argv: list[str]


@dataclass(frozen=True)
class Target:
    """One row of the targets table."""

    what: str
    measured: str
    target: str
    met: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return "not measured" if self.met is None else ("met" if self.met else "**not met**")


def startup_commands(sock: list[str]) -> list[Command]:
    hello = str(BENCH / "hello_typer.py")
    return [
        Command("pass", "python -c pass", [PYTHON, "-c", "pass"]),
        Command("hello", "bare Typer app (python bench/hello_typer.py)", [PYTHON, hello]),
        Command("hello_help", "bare Typer app --help", [PYTHON, hello, "--help"]),
        Command("version", "sockadvisor --version", [*sock, "--version"]),
        Command("help", "sockadvisor --help", [*sock, "--help"]),
        Command(
            "recommend",
            "sockadvisor recommend --distance ultra --terrain technical --json",
            [*sock, "recommend", *PROFILE_ARGS, "--json"],
        ),
        Command(
            "recommend_table",
            "sockadvisor recommend --distance ultra --terrain technical (the table)",
            [*sock, "recommend", *PROFILE_ARGS],
        ),
    ]


# (command, baseline, limit): issue 17's start-up rows
STARTUP_TARGETS = (
    ("recommend", "hello", 1.2),
    ("recommend_table", "hello", 1.35),
)
# shown against the bare app in the start-up table, with no target
STARTUP_BASES = {"version": "hello", "help": "hello_help"}


def bench_startup(
    runner: Runner, commands: list[Command], repeats: int, env: dict[str, str]
) -> dict[str, Series]:
    progress(f"== startup: {len(commands)} commands x {repeats} runs (one untimed warm-up each)")
    for command in commands:
        runner.run(command.argv, env)
    series = {c.key: Series(c.label) for c in commands}
    for round_no in range(1, repeats + 1):
        for command in commands:
            series[command.key].samples.append(runner.run(command.argv, env))
        times = ", ".join(
            f"{c.key} {1000 * series[c.key].samples[-1].seconds:.0f}" for c in commands
        )
        progress(f"  round {round_no}/{repeats} (ms): {times}")
    return series


# ---------------------------------------------------------------------------
# Big catalogs


@dataclass
class CatalogResult:
    size: int
    path: Path
    plain: Series
    first: Series  # the first run on a catalog: the cache on, its folder empty
    warm: Series  # the cache primed by an earlier run on the unchanged file
    no_cache: Series  # `--no-cache`: nothing read from or written to the cache
    spread: str
    fmt: str = YAML  # YAML: against yaml.load; JSON: against json.load

    @property
    def first_ratio(self) -> float:
        return self.first.median / self.plain.median

    @property
    def warm_ratio(self) -> float:
        return self.warm.median / self.plain.median

    @property
    def no_cache_ratio(self) -> float | None:
        return self.no_cache.median / self.plain.median if self.no_cache.samples else None

    @property
    def warm_rss_ratio(self) -> float:
        return self.warm.peak_mb / self.plain.peak_mb


@dataclass(frozen=True)
class CatalogFiles:
    """One synthetic catalog: the YAML file, its JSON copy and what they hold."""

    size: int
    yaml: Path
    json: Path
    spread: str

    def by_format(self) -> dict[str, Path]:
        return {YAML: self.yaml, JSON: self.json}


def plain_parse_cmd(fmt: str, path: Path, loader: str) -> list[str]:
    """The plain parse of a catalog in its own process: yaml.load, or json.load for JSON."""
    code = PLAIN_JSON if fmt == JSON else PLAIN_PARSE.format(loader=loader)
    return [PYTHON, "-c", code, str(path)]


def bench_catalog(
    runner: Runner,
    files: CatalogFiles,
    repeats: int,
    sock: list[str],
    no_cache: bool,
    loader: str,
    env: dict[str, str],
    tmp: Path,
) -> dict[str, CatalogResult]:
    """For each format: plain parse, first, warm and `--no-cache` recommend, interleaved
    round by round (one round runs all eight commands), so that YAML and JSON are measured
    side by side.

    First: the cache on and an empty XDG_CACHE_HOME, what a user gets the first time (it
    writes the cache entry). Warm: one persistent XDG_CACHE_HOME per format, primed by
    one untimed run before the first timed one. `--no-cache` (when the tool has it): a
    fresh XDG_CACHE_HOME too, nothing read or written.
    """
    size = files.size
    paths = files.by_format()
    results = {
        fmt: CatalogResult(
            size,
            path,
            Series("plain parse"),
            Series("first run"),
            Series("warm"),
            Series("--no-cache"),
            files.spread,
            fmt,
        )
        for fmt, path in paths.items()
    }
    ours = {
        fmt: [*sock, "recommend", "--catalog", str(path), *PROFILE_ARGS, "--json"]
        for fmt, path in paths.items()
    }
    mb = " and ".join(f"{fmt} {path.stat().st_size / MB:.1f} MB" for fmt, path in paths.items())
    progress(
        f"== {size:,} products ({mb}): {repeats} rounds of plain parse, first run, warm"
        + (", --no-cache" if no_cache else "")
        + ", per format"
    )
    warm_dirs = {
        fmt: Path(tempfile.mkdtemp(prefix=f"warm-{fmt.lower()}-{size}-", dir=tmp)) for fmt in paths
    }
    try:
        progress("  priming the warm caches (untimed)")
        for fmt in paths:
            runner.run(ours[fmt], {**env, "XDG_CACHE_HOME": str(warm_dirs[fmt])})
        for round_no in range(1, repeats + 1):
            for fmt, path in paths.items():
                result, warm_env = results[fmt], {**env, "XDG_CACHE_HOME": str(warm_dirs[fmt])}
                plain = runner.run(plain_parse_cmd(fmt, path, loader), env)
                result.plain.samples.append(plain)
                with cache_dir(tmp, f"first-{fmt.lower()}-{size}") as fresh:
                    first = runner.run(ours[fmt], {**env, "XDG_CACHE_HOME": str(fresh)})
                result.first.samples.append(first)
                warm = runner.run(ours[fmt], warm_env)
                result.warm.samples.append(warm)
                line = (
                    f"  round {round_no}/{repeats} {fmt}: plain {plain.seconds:.2f} s "
                    f"{plain.max_rss_kb / 1024:.0f} MB | first {first.seconds:.2f} s "
                    f"{first.max_rss_kb / 1024:.0f} MB | warm {warm.seconds:.2f} s "
                    f"{warm.max_rss_kb / 1024:.0f} MB"
                )
                if no_cache:
                    with cache_dir(tmp, f"nocache-{fmt.lower()}-{size}") as fresh:
                        bare = runner.run(
                            [*ours[fmt], "--no-cache"], {**env, "XDG_CACHE_HOME": str(fresh)}
                        )
                    result.no_cache.samples.append(bare)
                    line += f" | --no-cache {bare.seconds:.2f} s {bare.max_rss_kb / 1024:.0f} MB"
                progress(line)
    finally:
        for warm_dir in warm_dirs.values():
            shutil.rmtree(warm_dir, ignore_errors=True)
    return results


def prepare_catalogs(sizes: list[int], seed: int) -> dict[int, CatalogFiles]:
    """Write (or reuse) bench/out/catalog-N.yaml and its JSON copy, catalog-N.json, for
    each size; with the spread of each."""
    out: dict[int, CatalogFiles] = {}
    for size in sizes:
        start = time.perf_counter()
        path, written, spread = gen_catalog.ensure_catalog(size, seed)
        verb = f"wrote in {time.perf_counter() - start:.1f} s" if written else "reused"
        progress(f"== catalog {path.relative_to(ROOT)}: {verb}")
        start = time.perf_counter()
        json_path, json_written = gen_catalog.ensure_json_catalog(size, seed)
        verb = f"wrote in {time.perf_counter() - start:.1f} s" if json_written else "reused"
        progress(f"== catalog {json_path.relative_to(ROOT)}: {verb}")
        summary = (spread or gen_catalog.spread_of(size, seed)).summary()
        out[size] = CatalogFiles(size, path, json_path, summary)
    return out


LOAD_CHECK = (
    "import sys; from sockadvisor.sources.catalog import load_catalog; "
    "print(len(load_catalog(sys.argv[1]).products))"
)
SAME_CHECK = (
    "import sys; from sockadvisor.sources.catalog import load_catalog; "
    "a, b = (load_catalog(f, use_cache=False).catalog for f in sys.argv[1:]); "
    "sys.exit(0 if a == b else 'the JSON copy is not the same catalog as the YAML file')"
)


def verify_catalog(runner: Runner, path: Path, sock: list[str], env: dict[str, str]) -> int:
    """The generated file is valid: sockadvisor's loader accepts it and recommend exits 0."""
    done = subprocess.run(
        [PYTHON, "-c", LOAD_CHECK, str(path)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"load_catalog({path}) failed:\n{done.stderr.strip()[-2000:]}")
    count = int(done.stdout)
    runner.run([*sock, "recommend", "--catalog", str(path), "--json"], env)
    progress(f"== verified {path.relative_to(ROOT)}: {count:,} valid products, recommend exits 0")
    return count


def verify_json_copy(
    runner: Runner, files: CatalogFiles, sock: list[str], env: dict[str, str]
) -> None:
    """The JSON copy is valid, recommend reads it, and sockadvisor finds in it exactly the
    catalog that it finds in the YAML file."""
    count = verify_catalog(runner, files.json, sock, env)
    done = subprocess.run(
        [PYTHON, "-c", SAME_CHECK, str(files.yaml), str(files.json)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or count != files.size:
        why = done.stderr.strip()[-2000:] or f"{count:,} products, not {files.size:,}"
        raise BenchError(f"{files.json} does not match {files.yaml}:\n{why}")
    progress(f"== verified {files.json.relative_to(ROOT)}: the same catalog as the YAML file")


# ---------------------------------------------------------------------------
# The code under test: a snapshot, so that one run measures one version


CODE_DIRS = ("src", "data")


def fingerprint(root: Path) -> str:
    """A short hash of src/ and data/ under `root` (names and bytes; caches skipped)."""
    digest = hashlib.blake2b(digest_size=6)
    for base in CODE_DIRS:
        for path in sorted((root / base).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def snapshot(tmp: Path) -> Path:
    """Copy src/ and data/ into `tmp`; with its src/ first on PYTHONPATH every child
    imports this copy, however the working tree changes while the benchmark runs."""
    dest = tmp / "snapshot"
    for base in CODE_DIRS:
        shutil.copytree(
            ROOT / base, dest / base, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    return dest


def compiled(package: Path) -> None:
    """Byte-compile the package under test, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (this machine sets it) every run would otherwise compile
    sockadvisor's modules from source, while typer's and pydantic's come compiled."""
    done = subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(package)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"compileall {package} failed:\n{done.stdout[-2000:]}")


def imported_from(env: dict[str, str]) -> Path:
    """Where the children import sockadvisor from."""
    done = subprocess.run(
        [PYTHON, "-c", "import sockadvisor; print(sockadvisor.__file__)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BenchError(f"cannot import sockadvisor:\n{done.stderr.strip()[-2000:]}")
    return Path(done.stdout.strip()).parent


# ---------------------------------------------------------------------------
# Scoring cost, in-process (bench/scoring.py, one child process per size)


@dataclass(frozen=True)
class ScoringCase:
    """One rank() case as bench/scoring.py reports it."""

    products: int
    multiplier: int
    rules: int
    applicable: int
    seconds: float
    samples: int
    gc_off_seconds: float | None
    ns_per_product_rule: float


Scoring = list[ScoringCase]


def bench_scoring(
    sizes: list[int], seed: int, repeats: int, check: Path | None, env: dict[str, str]
) -> Scoring:
    out: Scoring = []
    for size in sizes:
        progress(f"== scoring: engine.rank on {size:,} products, rules x1, x2, x4")
        cmd = [PYTHON, str(BENCH / "scoring.py"), str(size), "--seed", str(seed)]
        cmd += ["--repeats", str(repeats)]
        if check is not None and size == min(sizes):
            cmd += ["--check", str(check)]
        done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise BenchError(f"`{shlex.join(cmd)}` exited {done.returncode}")
        data = json.loads(done.stdout)
        out += [ScoringCase(products=data["products"], **case) for case in data["cases"]]
    return out


def scoring_spread(scoring: Scoring) -> float:
    """max / min of the cost per product x rule across every case measured."""
    units = [c.ns_per_product_rule for c in scoring]
    return max(units) / min(units)


# ---------------------------------------------------------------------------
# The search commands' growth, parallel first runs, completion (bench/searches.py)


@dataclass
class Extra:
    targets: list[Target] = field(default_factory=list)
    sections: list[list[str]] = field(default_factory=list)


def bench_searches(
    runner: Runner,
    args: argparse.Namespace,
    sock: list[str],
    env: dict[str, str],
    files: dict[int, CatalogFiles],
    repeats: dict[str, int],
    tmp: Path,
) -> Extra:
    """The growth of every search command, parallel first runs and completion time."""

    def run_one(
        cmd: list[str], child_env: dict[str, str], ok: tuple[int, ...]
    ) -> tuple[float, int]:
        sample = runner.run(cmd, child_env, ok)
        return sample.seconds, sample.max_rss_kb

    versions = [searches.Version("this", env)]
    if args.baseline_src is not None:
        base = str(args.baseline_src.resolve())
        versions.append(searches.Version("baseline", {**env, "PYTHONPATH": base}))
    rounds = 2 if args.quick else 3
    out = Extra()

    def add(found: list[tuple[str, str, str, bool]]) -> None:
        out.targets += [Target(*t) for t in found]

    scaling = searches.bench_scaling(run_one, versions, sock, args.seed, rounds, tmp, progress)
    add(searches.scaling_targets(scaling))
    out.sections.append(searches.scaling_section(scaling, rounds))
    big = files.get(searches.PARALLEL_SIZE)
    if big is not None:
        parallel = searches.bench_parallel(
            versions, sock, {YAML: big.yaml, JSON: big.json}, rounds, tmp, progress
        )
        add(searches.parallel_targets(parallel))
        out.sections.append(searches.parallel_section(parallel, rounds))
    completion = searches.bench_completion(run_one, sock, env, repeats["startup"], progress)
    add(searches.completion_targets(completion))
    out.sections.append(searches.completion_section(completion, repeats["startup"]))
    return out


# ---------------------------------------------------------------------------
# The environment


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gb() -> str:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def libyaml() -> tuple[str, str]:
    """(description, loader class name for the plain parse)."""
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        try:
            from yaml import _yaml

            version = _yaml.get_version_string()
        except (ImportError, AttributeError):
            version = "version unknown"
        return f"yes (libyaml {version}; yaml.CSafeLoader available)", "CSafeLoader"
    return "NO: PyYAML was built without libyaml; the plain parse uses SafeLoader", "SafeLoader"


def git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "data", "pyproject.toml")
    return f"{commit}" + (" with uncommitted changes in src/ or data/" if dirty else "")


def environment(libyaml_text: str) -> list[tuple[str, str]]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        ("CPU", f"{cpu_model()}, nproc {affinity or os.cpu_count()}"),
        ("Memory", memory_gb()),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Load average at start (1/5/15 min)", load),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} ({PYTHON})"),
        ("sockadvisor", version_of("sockadvisor")),
        ("typer", version_of("typer")),
        ("pydantic", f"{version_of('pydantic')} (pydantic-core {version_of('pydantic-core')})"),
        ("rich", version_of("rich")),
        ("PyYAML", version_of("PyYAML")),
        ("libyaml", libyaml_text),
    ]


# ---------------------------------------------------------------------------
# The report


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f}"


def ratio(x: float) -> str:
    return f"{x:.2f}x"


def mark(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "**not met**")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """A Markdown table; `align` has one l or r per column."""
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _catalog_target(what: str, c: CatalogResult | None, value: str, limit: float) -> Target:
    """A big-catalog row: `value` is first_ratio, warm_ratio or warm_rss_ratio of `c`."""
    if c is None:
        return Target(what, "-", f"<= {limit}x", None)
    r = getattr(c, value)
    if value == "warm_rss_ratio":
        measured = f"{ratio(r)} ({c.warm.peak_mb:.0f} vs {c.plain.peak_mb:.0f} MB)"
    else:
        ours = c.first if value == "first_ratio" else c.warm
        measured = f"{ratio(r)} ({ours.median:.2f} vs {c.plain.median:.2f} s)"
    return Target(what, measured, f"<= {limit}x", r <= limit)


def targets(
    startup: dict[str, Series],
    catalogs: dict[int, CatalogResult],
    json_catalogs: dict[int, CatalogResult],
) -> list[Target]:
    """Issue 17's rows that run.py measures itself (bench/searches.py adds the others)."""
    out = []
    for key, base, limit in STARTUP_TARGETS:
        r = startup[key].median / startup[base].median
        out.append(
            Target(
                f"`{startup[key].label}` vs {startup[base].label}",
                f"{ratio(r)} ({ms(startup[key].median)} vs {ms(startup[base].median)} ms)",
                f"<= {limit}x",
                r <= limit,
            )
        )
    big_json = json_catalogs.get(BIG_SIZE)
    big_yaml = catalogs.get(BIG_SIZE)
    out += [
        _catalog_target(
            f"{BIG_SIZE:,}-product JSON catalog, warm, vs plain `json.load` of the file",
            big_json,
            "warm_ratio",
            0.35,
        ),
        _catalog_target(
            f"{BIG_SIZE:,}-product JSON catalog, first run with the cache on, vs plain `json.load`",
            big_json,
            "first_ratio",
            2,
        ),
        _catalog_target(
            f"{BIG_SIZE:,}-product YAML catalog, first run, vs plain C-loader parse",
            big_yaml,
            "first_ratio",
            0.3,
        ),
        _catalog_target(
            f"{BIG_SIZE:,} products, warm, peak memory vs plain YAML parse",
            big_yaml,
            "warm_rss_ratio",
            0.1,
        ),
    ]
    return out


def startup_table(startup: dict[str, Series]) -> list[str]:
    base_for = {**STARTUP_BASES, **{key: base for key, base, _ in STARTUP_TARGETS}}
    limit_for = {key: limit for key, _, limit in STARTUP_TARGETS}
    rows = []
    for key, s in startup.items():
        base = base_for.get(key)
        r = s.median / startup[base].median if base else None
        limit = limit_for.get(key)
        rows.append(
            [
                f"`{s.label}`",
                ms(s.median),
                ms(s.fastest),
                ratio(s.median / startup["pass"].median),
                ratio(r) if r is not None else "-",
                f"<= {limit}x" if limit else "-",
                mark(r <= limit) if r is not None and limit else "-",
            ]
        )
    return table(
        [
            "command",
            "median ms",
            "fastest ms",
            "vs python -c pass",
            "vs bare Typer",
            "target",
            "met?",
        ],
        rows,
        "lrrrrll",
    )


def catalog_table(
    catalogs: dict[int, CatalogResult], json_catalogs: dict[int, CatalogResult]
) -> list[str]:
    """One row per size and format, YAML then its JSON copy."""
    rows = []
    for size, c in sorted([*catalogs.items(), *json_catalogs.items()], key=lambda i: i[0]):
        bare = c.no_cache_ratio
        rows.append(
            [
                f"{size:,}",
                c.fmt,
                f"{c.path.stat().st_size / MB:.1f}",
                f"{c.plain.median:.2f}",
                f"{c.first.median:.2f}",
                ratio(c.first_ratio),
                f"{c.warm.median:.2f}",
                ratio(c.warm_ratio),
                "-" if bare is None else f"{c.no_cache.median:.2f}",
                "-" if bare is None else ratio(bare),
                f"{c.plain.peak_mb:.0f}",
                f"{c.first.peak_mb:.0f} / {c.warm.peak_mb:.0f}"
                + ("" if bare is None else f" / {c.no_cache.peak_mb:.0f}"),
                ratio(c.warm_rss_ratio),
            ]
        )
    return table(
        [
            "products",
            "format",
            "file MB",
            "plain parse s",
            "first run s",
            "first / plain",
            "warm s",
            "warm / plain",
            "--no-cache s",
            "--no-cache / plain",
            "peak RSS plain MB",
            "peak RSS ours MB (first / warm / --no-cache)",
            "warm RSS / plain",
        ],
        rows,
        "rlrrrrrrrrrrr",
    )


def faster(json_s: float, yaml_s: float) -> str:
    """JSON against YAML: the ratio, and how many times faster (or slower) JSON is."""
    r = json_s / yaml_s
    return f"{ratio(r)}, " + (f"{1 / r:.1f} times faster" if r < 1 else f"{r:.1f} times slower")


def json_vs_yaml(
    catalogs: dict[int, CatalogResult], json_catalogs: dict[int, CatalogResult]
) -> list[str]:
    """Per size, the JSON copy against the YAML file: the first run first (the shops'
    headline)."""
    lines = []
    for size, j in json_catalogs.items():
        y = catalogs.get(size)
        if y is None:
            continue
        lines.append(
            f"- {size:,} products: first run {j.first.median:.2f} s from JSON vs "
            f"{y.first.median:.2f} s from YAML ({faster(j.first.median, y.first.median)}); "
            f"warm {j.warm.median:.2f} vs {y.warm.median:.2f} s "
            f"({ratio(j.warm.median / y.warm.median)}); plain parse: json.load "
            f"{j.plain.median:.2f} s vs yaml.load {y.plain.median:.2f} s "
            f"({ratio(j.plain.median / y.plain.median)}); peak RSS of the first run "
            f"{j.first.peak_mb:.0f} vs {y.first.peak_mb:.0f} MB "
            f"({ratio(j.first.peak_mb / y.first.peak_mb)})."
        )
    return lines


def scoring_axes(scoring: Scoring) -> list[str]:
    """How the per-unit cost moves along each axis: above 1x it grows, below 1x it falls."""
    unit = {(c.products, c.multiplier): c.ns_per_product_rule for c in scoring}
    sizes = sorted({c.products for c in scoring})
    mults = sorted({c.multiplier for c in scoring})
    lines = []
    if len(sizes) > 1:
        moves = ", ".join(
            f"rules x{m} {ratio(unit[(sizes[-1], m)] / unit[(sizes[0], m)])}"
            for m in mults
            if (sizes[0], m) in unit and (sizes[-1], m) in unit
        )
        lines.append(
            f"- More products, same rules: the per-unit cost at {sizes[-1]:,} products is "
            f"{moves} of that at {sizes[0]:,} (above 1x: dearer per unit as catalogs grow)."
        )
    if len(mults) > 1:
        moves = ", ".join(
            f"{n:,} products {ratio(unit[(n, mults[-1])] / unit[(n, mults[0])])}"
            for n in sizes
            if (n, mults[0]) in unit and (n, mults[-1]) in unit
        )
        lines.append(
            f"- More rules, same products: the per-unit cost with the rules x{mults[-1]} is "
            f"{moves} of that with x{mults[0]} (below 1x: part of the cost is per product, "
            "not per rule)."
        )
    return lines


def scoring_table(scoring: Scoring) -> list[str]:
    low = min(c.ns_per_product_rule for c in scoring)
    rows = [
        [
            f"{c.products:,}",
            f"x{c.multiplier} ({c.rules})",
            str(c.applicable),
            f"{c.seconds:.3f}",
            str(c.samples),
            f"{c.ns_per_product_rule / 1000:.2f}",
            ratio(c.ns_per_product_rule / low),
            "-" if c.gc_off_seconds is None else f"{c.gc_off_seconds:.3f}",
        ]
        for c in scoring
    ]
    return table(
        [
            "products",
            "rules (total)",
            "applicable rules",
            "rank() median s",
            "samples",
            "µs per product x rule",
            "vs cheapest",
            "rank() with gc off s",
        ],
        rows,
        "rlrrrrrr",
    )


@dataclass(frozen=True)
class RunFacts:
    """What the report says about the run itself."""

    args: argparse.Namespace
    env_rows: list[tuple[str, str]]
    repeats: dict[str, int]
    no_cache: bool
    loader: str  # the yaml loader class of the plain parse
    load: tuple[float, float, float]  # 1-minute load average: at the start, at the end, highest
    started: datetime.datetime
    wall: float
    tree_changed: bool  # src/ or data/ in the working tree changed during the run


def json_note(
    catalogs: dict[int, CatalogResult], json_catalogs: dict[int, CatalogResult]
) -> str | None:
    """The JSON paragraph of the notes: the biggest size measured in both formats."""
    both = [s for s in json_catalogs if s in catalogs]
    if not both:
        return None
    size = max(both)
    j, y = json_catalogs[size], catalogs[size]
    own = j.first.median - j.plain.median
    return (
        "JSON catalogs. The JSON copy holds exactly the products of the YAML file (checked "
        f"with sockadvisor's loader on the smallest). At {size:,} products a first run of "
        f"`recommend` on it takes {j.first.median:.2f} s against {y.first.median:.2f} s on "
        f"the YAML file ({faster(j.first.median, y.first.median)}), with a peak RSS of "
        f"{j.first.peak_mb:.0f} MB against {y.first.peak_mb:.0f} MB. A plain json.load of "
        f"the file takes {j.plain.median:.2f} s (yaml.load: {y.plain.median:.2f} s), so the "
        f"first run is {ratio(j.first_ratio)} of the plain parse: about {max(own, 0.0):.2f} s "
        "is sockadvisor's own work beyond parsing (start-up, validation, writing the cache "
        "entry, ranking). Warm runs read the one cache entry that both copies share: "
        f"{j.warm.median:.2f} s from JSON, {y.warm.median:.2f} s from YAML."
    )


def notes(
    goals: list[Target],
    catalogs: dict[int, CatalogResult],
    json_catalogs: dict[int, CatalogResult],
    facts: RunFacts,
) -> list[str]:
    no_cache, load = facts.no_cache, facts.load
    out = []
    for t in goals:
        if t.met is False:
            profiled = not (facts.args.no_bounds or facts.args.quick)
            where = " (see What bounds each target, below)" if profiled else ""
            out.append(f"Not met: {t.what}: {t.measured}; target {t.target}{where}.")
        elif t.met is None:
            out.append(f"Not measured in this run: {t.what} (target {t.target}).")
    same = [s for s, c in catalogs.items() if c.warm.median > 0.8 * c.first.median]
    if same:
        sizes = ", ".join(f"{s:,}" for s in same)
        out.append(
            f"Warm runs are hardly faster than first runs ({sizes} products): the cache "
            "saves little there."
        )
    json_text = json_note(catalogs, json_catalogs)
    if json_text is not None:
        out.append(json_text)
    out.append(
        "`recommend --help` "
        + ("lists" if no_cache else "does not list")
        + " `--no-cache`"
        + ("; the `--no-cache` runs pass it." if no_cache else ": no `--no-cache` runs.")
    )
    if facts.tree_changed:
        out.append(
            "src/ or data/ in the working tree changed while the benchmark ran: "
            + (
                "these numbers mix versions of the code; run again on a quiet tree."
                if facts.args.live
                else "every run used the copy taken at the start, so the numbers are for "
                "that version (its fingerprint is in the header), not for the tree as it is now."
            )
        )
    if facts.loader != "CSafeLoader":
        out.append("PyYAML has no libyaml here: the plain parse used the pure-Python SafeLoader.")
    if max(load) > 0.5:
        out.append(
            f"The machine was not idle: 1-minute load average {load[0]:.2f} at the start, "
            f"{load[1]:.2f} at the end, up to {load[2]:.2f} during the run, on "
            f"{os.cpu_count()} CPUs (the benchmark itself adds about 1). Absolute times are "
            "noisier than on an idle machine; the ratios, measured side by side in "
            "interleaved rounds, are less affected."
        )
    return out


def report(
    facts: RunFacts,
    startup: dict[str, Series],
    catalogs: dict[int, CatalogResult],
    json_catalogs: dict[int, CatalogResult],
    scoring: Scoring,
    extra: Extra,
) -> str:
    goals = [*targets(startup, catalogs, json_catalogs), *extra.targets]
    args, repeats = facts.args, facts.repeats
    command = shlex.join([os.path.relpath(PYTHON, ROOT), "bench/run.py", *args.argv])
    lines = [
        "# sockadvisor benchmark results",
        "",
        f"- Date: {facts.started.strftime('%Y-%m-%d %H:%M UTC')}; the whole run took "
        f"{facts.wall / 60:.1f} min",
        f"- Command: `{command}` (from the repository root)",
        f"- Repeats: startup {repeats['startup']}, catalogs "
        + ", ".join(f"{s:,}: {repeats[str(s)]}" for s in catalogs)
        + f"; scoring up to {repeats['scoring']} samples per case. Times are medians.",
        f"- Catalogs: bench/gen_catalog.py v{gen_catalog.GENERATOR_VERSION}, seed {args.seed}; "
        "each as YAML and as a JSON copy of the same products",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in facts.env_rows]
    lines += [
        "",
        "## Targets",
        "",
        "Median ratios, each pair measured side by side in this run.",
        "",
    ]
    lines += table(
        ["target", "measured", "goal", "result"],
        [[t.what, t.measured, t.target, t.verdict] for t in goals],
        "lrll",
    )
    lines += [
        "",
        "## Startup",
        "",
        "Whole processes, stdout to /dev/null, one untimed warm-up each; `--version`, "
        "`recommend` and its table are compared with the bare app's plain run, `--help` "
        "with its `--help`. `recommend` uses the bundled catalog and rules, its cache warm. "
        "The code under test is byte-compiled before the run (as an installed wheel is): "
        "this machine sets PYTHONDONTWRITEBYTECODE, which would otherwise make every run "
        "compile sockadvisor's modules from source while typer's and pydantic's come "
        "compiled.",
        "",
    ]
    lines += startup_table(startup)
    lines += [
        "",
        "## Big catalogs",
        "",
        "`sockadvisor recommend --catalog FILE --distance ultra --terrain technical --json` "
        "against a plain parse of the same file in its own process: "
        f'`python -c "{PLAIN_PARSE.split("  #")[0].format(loader=facts.loader)}" FILE` for '
        f'YAML, `python -c "{PLAIN_JSON.split("  #")[0]}" FILE` for the JSON copy (the '
        "same products; sockadvisor reads a `.json` catalog as JSON). First run: the cache "
        "on and a fresh, empty XDG_CACHE_HOME, what a user gets the first time (the run "
        "writes the cache entry). Warm: one XDG_CACHE_HOME kept across runs, primed by an "
        "earlier run on the unchanged file. `--no-cache`: a fresh XDG_CACHE_HOME"
        + (" and `--no-cache`" if facts.no_cache else " (this version has no `--no-cache`)")
        + ". Peak RSS is the child's max RSS (os.wait4), the largest over the runs.",
        "",
    ]
    lines += catalog_table(catalogs, json_catalogs)
    if json_catalogs:
        lines += [
            "",
            "JSON against YAML, the same products, measured side by side (JSON / YAML):",
            "",
            *json_vs_yaml(catalogs, json_catalogs),
        ]
    lines += ["", "What the generated catalogs hold:", ""]
    lines += [
        f"- {c.path.relative_to(ROOT)}"
        + (f" and {json_catalogs[s].path.name}" if s in json_catalogs else "")
        + f": {c.spread}"
        for s, c in catalogs.items()
    ]
    if scoring:
        lines += [
            "",
            "## Scoring cost",
            "",
            "In-process: `sockadvisor.engine.ranking.rank(products, rules, profile, top=10)` for "
            "the "
            "profile ultra + technical, with the bundled rules and with them duplicated 2x "
            "and 4x (copies get new ids). Cost per product x rule counts the rules that apply "
            "to the profile (only those are scored). Small cases loop until a sample lasts "
            f"0.2 s; a case stops repeating once its samples add up to 30 s. Spread (max / "
            f"min of the per-unit cost): {ratio(scoring_spread(scoring))}.",
            "",
        ]
        lines += scoring_table(scoring)
        lines += ["", *scoring_axes(scoring)]
    for section in extra.sections:
        lines += ["", *section]
    lines += ["", "## Notes", ""]
    lines += [f"- {n}" for n in notes(goals, catalogs, json_catalogs, facts)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark sockadvisor: startup, big catalogs and scoring cost.",
        epilog="Results go to bench/RESULTS.md (with --quick: bench/out/RESULTS-quick.md).",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 1,000 and 10,000 products only, fewer repeats (a few minutes)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        metavar="N",
        help="runs per command (default: 7 for startup and catalogs up to 1,000 products, "
        "3 for bigger catalogs and scoring; --quick: 5 and 2)",
    )
    parser.add_argument(
        "--sizes",
        type=sizes_arg,
        metavar="N,N,...",
        help="catalog sizes (default 1000,10000,100000; --quick: 1000,10000)",
    )
    parser.add_argument("--out", type=Path, help="the results file (default bench/RESULTS.md)")
    parser.add_argument("--seed", type=int, default=gen_catalog.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--no-scoring", action="store_true", help="skip the scoring-cost cases")
    parser.add_argument(
        "--no-searches",
        action="store_true",
        help="skip the search commands' growth, parallel first runs and completion",
    )
    parser.add_argument(
        "--no-bounds",
        action="store_true",
        help="skip the profiles of what bounds each target (bench/bounds.py; 3-6 min at "
        "100k; --quick skips them too)",
    )
    parser.add_argument(
        "--baseline-src",
        type=Path,
        metavar="DIR",
        help="also measure the growth and parallel rows for the code in DIR (a src/ folder, "
        "e.g. another worktree's), in the same rounds: before and after side by side",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="measure the working tree as it changes, instead of a copy of src/ and data/ "
        "taken at the start",
    )
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    args.argv = argv
    return args


def sizes_arg(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give sizes such as 1000,10000") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def plan_repeats(args: argparse.Namespace, sizes: list[int]) -> dict[str, int]:
    if args.repeats is not None:
        plan = {"startup": args.repeats, "scoring": args.repeats}
        plan.update({str(s): args.repeats for s in sizes})
        return plan
    small, big = (5, 2) if args.quick else (7, 3)
    plan = {"startup": small, "scoring": 1 if args.quick else 3}
    plan.update({str(s): small if s <= 1_000 else big for s in sizes})
    return plan


def run(args: argparse.Namespace) -> int:
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    load_start = os.getloadavg()[0]
    sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    out = args.out or (BENCH / "out" / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")
    repeats = plan_repeats(args, sizes)
    libyaml_text, loader = libyaml()
    env_rows = environment(libyaml_text)
    env = base_env()
    sock = sockadvisor_cmd()

    live_before = fingerprint(ROOT)
    with tempfile.TemporaryDirectory(prefix="sockadvisor-bench-") as tmp_name:
        tmp = Path(tmp_name)
        snap: Path | None = None
        if args.live:
            code = f"the working tree, live (src/ and data/ fingerprint {live_before})"
        else:
            snap = snapshot(tmp)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(snap / "src"), env.get("PYTHONPATH", "")) if p
            )
            code = f"a copy of src/ and data/ taken at the start (fingerprint {fingerprint(snap)})"
        where = imported_from(env)
        if snap is not None and not where.is_relative_to(snap):
            raise BenchError(f"the children import sockadvisor from {where}, not the snapshot")
        compiled(where)
        progress(f"== code under test: {code}; sockadvisor imported from {where} (compiled)")
        env_rows.insert(6, ("Code under test", f"{code}, git {git_state()}"))
        # Startup commands never see the caller's real cache: one kept for the whole run.
        startup_env = {**env, "XDG_CACHE_HOME": str(tmp / "startup-cache")}
        no_cache = has_no_cache_option(sock, startup_env)
        files = prepare_catalogs(sizes, args.seed)
        smallest = files[sizes[0]].yaml
        runner = Runner(tmp)
        try:
            verify_env = {**env, "XDG_CACHE_HOME": str(tmp / "verify-cache")}
            verify_catalog(runner, smallest, sock, verify_env)
            verify_json_copy(runner, files[sizes[0]], sock, verify_env)
            startup = bench_startup(runner, startup_commands(sock), repeats["startup"], startup_env)
            by_size = {
                size: bench_catalog(
                    runner, found, repeats[str(size)], sock, no_cache, loader, env, tmp
                )
                for size, found in files.items()
            }
            extra = (
                Extra()
                if args.no_searches
                else bench_searches(runner, args, sock, env, files, repeats, tmp)
            )
            if not (args.no_bounds or args.quick):  # a smoke run skips the profiles
                big = files.get(BIG_SIZE)
                extra.sections.append(
                    bounds.section(
                        sock, env, big.json if big else None, big.yaml if big else None, tmp
                    )
                )
        finally:
            runner.close()
    catalogs = {size: results[YAML] for size, results in by_size.items()}
    json_catalogs = {size: results[JSON] for size, results in by_size.items()}
    scoring = (
        []
        if args.no_scoring
        else bench_scoring(sizes, args.seed, repeats["scoring"], smallest, env)
    )
    wall = time.perf_counter() - clock
    facts = RunFacts(
        args,
        env_rows,
        repeats,
        no_cache,
        loader,
        (load_start, os.getloadavg()[0], max(LOAD_SEEN, default=load_start)),
        started,
        wall,
        fingerprint(ROOT) != live_before,
    )
    text = report(facts, startup, catalogs, json_catalogs, scoring, extra)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    progress(f"== done in {wall / 60:.1f} min; results in {out}")
    for t in [*targets(startup, catalogs, json_catalogs), *extra.targets]:
        progress(f"  {t.verdict:>12}  {t.what}: {t.measured} (target {t.target})")
    for line in json_vs_yaml(catalogs, json_catalogs):
        progress(f"  JSON vs YAML {line[2:]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BenchError as exc:
        progress(f"bench: {exc}")
        return 1
    except KeyboardInterrupt:
        progress("bench: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
