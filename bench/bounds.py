"""What bounds the issue-17 rows that may not be met: measured, not guessed.

Longer than 500 lines: five measures, each running its children and writing its table and
sentence, behind the one `section` that bench/run.py calls.

    .venv/bin/python bench/bounds.py                     # prints the Markdown section
    .venv/bin/python bench/bounds.py --catalog-json bench/out/catalog-100000.json \\
        --catalog-yaml bench/out/catalog-100000.yaml

bench/run.py calls `section(...)` and puts its lines in bench/RESULTS.md (bench/README.md).
Five measures, each a table and a plain sentence, every figure from this run:

1. start-up of `recommend` (bundled catalog, warm cache) against bench/hello_typer.py:
   `-X importtime` of both (the self import time of the modules only sockadvisor imports,
   grouped), typer's per-option adapters (`build_runtime_param`) and `get_command`;
2. a warm `recommend --json` on the 100k JSON catalog against `json.load` of it, by part;
3. first runs (empty cache) on the 100k JSON and YAML catalogs, by part, against the plain
   parses;
4. peak memory of a warm 100k run against a plain CSafeLoader parse (max RSS, os.wait4),
   and where the warm run's Python memory goes (tracemalloc around its phases);
5. what the cores allow 8 first runs at once on a 10k catalog: the floor from one first
   and one warm run's CPU time.

Two instruments, each child run once per measure (the short ones 5 times, medians):

- bench/bounds_probe.py runs the CLI in-process with a CPU timer around a few functions
  (the parts; a part nested in another counts for the inner one): real CPU seconds per
  part, without a profiler's overhead, and the rest by difference from the process's CPU
  time (os.wait4);
- `python -m cProfile -o FILE -m sockadvisor ...` and pstats: the functions with the most
  self time, which say what inside the parts costs, and typer's cumulative times. The
  first runs' profiles run on the 10k catalogs (time is linear in products; a profiled
  first run on the 100k YAML file alone takes minutes).

The code under test is compiled first (compileall), as an installed wheel would be.
Children start from a small interpreter so that their max RSS is their own (see
bench/spawner.py). The plain YAML parse of the 100k file (minutes) runs on a second thread
beside the other runs, to keep the whole near 5 minutes; CPU times are what is compared.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pstats
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
PROBE = str(BENCH / "bounds_probe.py")
PROFILE = ["--distance", "ultra", "--terrain", "technical"]
REPEATS = 5  # the short runs (start-up, warm): medians of this many, interleaved
PARALLEL_RUNS = 8
MODELS = ("domain.models", "domain.results", "domain.rules", "domain.profile")
MB = 1024 * 1024
PLAIN_YAML = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
PLAIN_JSON = "import sys, json; json.load(open(sys.argv[1], 'rb'))"

# The helper that starts one child: stdout and stderr to files, os.wait4 for its usage.
_SPAWN = """
import json, os, sys, time
argv, env, out, err = json.load(sys.stdin)
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
           (os.POSIX_SPAWN_OPEN, 1, out, flags, 0o600),
           (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o600)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
_, status, use = os.wait4(pid, 0)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": use.ru_utime + use.ru_stime,
                  "rss_kb": use.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}))
"""


class BoundsError(Exception):
    """A child failed: the measure stops with its command and the tail of its stderr."""


@dataclass(frozen=True)
class Usage:
    wall: float
    cpu: float  # user + system seconds
    rss_kb: int
    stderr: Path


class Runner:
    """Starts children through _SPAWN and keeps their stderr under `tmp`."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.numbers = itertools.count(1)  # thread-safe: the 100k runs use two threads

    def run(self, argv: Sequence[str], env: dict[str, str], out: Path | None = None) -> Usage:
        err = self.tmp / f"stderr-{next(self.numbers)}.txt"
        program = argv[0] if os.sep in argv[0] else shutil.which(argv[0]) or argv[0]
        request = json.dumps([[program, *argv[1:]], env, str(out or os.devnull), str(err)])
        done = subprocess.run(
            [PYTHON, "-I", "-c", _SPAWN], input=request, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise BoundsError(f"starting `{shlex.join(argv)}` failed: {done.stderr.strip()}")
        answer = json.loads(done.stdout)
        if answer["exit"] != 0:
            tail = err.read_text("utf-8", "replace").strip().splitlines()[-8:]
            raise BoundsError(
                f"`{shlex.join(argv)}` exited {answer['exit']}:\n  " + "\n  ".join(tail)
            )
        return Usage(answer["wall"], answer["cpu"], answer["rss_kb"], err)


def progress(message: str) -> None:
    print(f"bounds: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The instruments

# A part: a label and the functions ("module:function") whose CPU time it counts.
Parts = tuple[tuple[str, tuple[str, ...]], ...]
IMPORTS = ("imports", ("importlib._bootstrap:_find_and_load",))
SOURCES = "sockadvisor.sources."
READING = (SOURCES + "yamlsource:read_bytes", SOURCES + "cache:_key")
JSON_OUT = ("JSON writing", ("sockadvisor.render:render", "sockadvisor.cli.stdout:write"))


def spec(parts: Parts) -> str:
    """The probe's SPEC: [module, function, label]."""
    return json.dumps([[*f.split(":"), label] for label, functions in parts for f in functions])


@dataclass(frozen=True)
class Timed:
    """One probe run: the process's CPU time split into parts, in seconds."""

    cpu: float
    rows: list[tuple[str, float]]
    absent: list[str]

    @classmethod
    def read(cls, usage: Usage, path: Path, parts: Parts) -> Timed:
        got: dict[str, Any] = json.loads(path.read_text("utf-8"))
        measured = {label: float(v[0]) for label, v in got["parts"].items()}
        inside = sum(measured.values())
        command = got["ended"] - got["ready"]
        rows = [
            ("interpreter start", float(got["started"])),
            ("the probes' own set-up", got["ready"] - got["started"] + got["overhead"]),
            *((label, measured.get(label, 0.0)) for label, _ in parts),
            ("the rest of the command", command - inside - got["overhead"]),
            ("exit (interpreter shutdown)", usage.cpu - got["ended"]),
        ]
        return cls(usage.cpu, rows, list(got["absent"]))

    def part(self, label: str) -> float:
        return dict(self.rows)[label]


def timed(runner: Runner, parts: Parts, args: list[str], env: dict[str, str], tmp: Path) -> Timed:
    out = tmp / f"timed-{next(runner.numbers)}.json"
    usage = runner.run([PYTHON, PROBE, "timed", spec(parts), str(out), "--", *args], env)
    return Timed.read(usage, out, parts)


def median_run(runs: list[Timed]) -> Timed:
    return sorted(runs, key=lambda r: r.cpu)[len(runs) // 2]


Func = tuple[str, int, str]  # pstats' (file, line, function name)


class Profile:
    """One cProfile file."""

    def __init__(self, path: Path, name: str = "") -> None:
        self.name = name  # what ran: the catalog's file name
        self.stats: dict[Func, tuple[Any, ...]] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
        self.total = sum(entry[2] for entry in self.stats.values())

    def cumulative(self, file: str, name: str) -> tuple[int, float]:
        """Calls and cumulative seconds of the functions `name` in a file ending in `file`."""
        found = [e for f, e in self.stats.items() if f[2] == name and f[0].endswith(file)]
        return sum(e[1] for e in found), sum(e[3] for e in found)

    def top(self, count: int = 6) -> str:
        """The functions with the most self time, with their share of the profiled total."""
        ranked = sorted(self.stats.items(), key=lambda kv: -kv[1][2])[:count]
        return "; ".join(
            f"`{short(func)}` {entry[2]:.2f} s ({pct(entry[2], self.total)}, {entry[1]:,} calls)"
            for func, entry in ranked
        )


def short(func: Func) -> str:
    """`marshal.loads`, `SchemaValidator.validate_python`, `json/decoder.py:343(raw_decode)`."""
    file, line, name = func
    if file == "~":  # a built-in: "<built-in method x.y>" or "<method 'm' of 'a.B' objects>"
        method = re.fullmatch(r"<method '(\w+)' of '([\w.]+)' objects>", name)
        if method:
            return f"{method[2].rsplit('.', 1)[-1]}.{method[1]}"
        return name.strip("<>").removeprefix("built-in method ")
    for mark in ("/site-packages/", "/src/", r"/lib/python3\.\d+/"):
        file = re.split(mark, file)[-1]
    return f"{file}:{line}({name})"


def profiled(
    runner: Runner, args: list[str], env: dict[str, str], tmp: Path, name: str = ""
) -> Profile:
    path = tmp / f"profile-{next(runner.numbers)}.prof"
    runner.run([PYTHON, "-m", "cProfile", "-o", str(path), "-m", "sockadvisor", *args], env)
    return Profile(path, name)


# ---------------------------------------------------------------------------
# Markdown


def table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    marks = {"l": "---", "r": "---:"}
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(marks[a] for a in align) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole > 0 else "-"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def part_rows(runs: Sequence[Timed], against: Sequence[float] = ()) -> list[list[str]]:
    """A row per part: for each run its seconds and share (and the ratio to `against`)."""
    rows = []
    for i, (label, _) in enumerate(runs[0].rows):
        row = [label]
        for j, run in enumerate(runs):
            seconds = run.rows[i][1]
            row += [f"{seconds:.2f}", pct(seconds, run.cpu)]
            if against:
                row.append(ratio(seconds, against[j]))
        rows.append(row)
    total = ["**whole process**"]
    for j, run in enumerate(runs):
        total += [f"**{run.cpu:.2f}**", "100%"] + ([ratio(run.cpu, against[j])] if against else [])
    return [*rows, total]


def absent_note(runs: Sequence[Timed]) -> list[str]:
    gone = sorted({a for run in runs for a in run.absent})
    if not gone:
        return []
    return ["", f"Not found in the code (renamed? bench/bounds.py names them): {', '.join(gone)}."]


# ---------------------------------------------------------------------------
# 1. Start-up


def import_times(text: str) -> dict[str, int]:
    """Module -> self import time in microseconds, from PYTHONPROFILEIMPORTTIME output."""
    times: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        try:
            self_us = int(parts[0])
        except ValueError:  # the header
            continue
        name = parts[2].strip()
        times[name] = times.get(name, 0) + self_us
    return times


GROUPS = ("our pydantic model modules", "our other modules", "third-party", "stdlib")


def group_of(name: str) -> str:
    top = name.split(".")[0]
    if any(name == f"sockadvisor.{m}" for m in MODELS):
        return GROUPS[0]
    if top == "sockadvisor":
        return GROUPS[1]
    if top in sys.stdlib_module_names or top.startswith("_frozen"):
        return GROUPS[3]
    return GROUPS[2]


def median_imports(runs: list[dict[str, int]]) -> dict[str, float]:
    """Module -> median self import time in ms (0 in a run that did not import it)."""
    names = set().union(*runs)
    return {n: statistics.median(r.get(n, 0) for r in runs) / 1000 for n in names}


def biggest(times: dict[str, float], depth: int, count: int = 4) -> str:
    by: dict[str, float] = {}
    for name, ms in times.items():
        key = ".".join(name.split(".")[:depth])
        by[key] = by.get(key, 0.0) + ms
    top = sorted(by.items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{k} {v:.0f}" for k, v in top) or "none"


ADAPTERS = "typer's per-option adapters (`build_runtime_param`)"
GET_COMMAND = "`typer.main.get_command`, besides the adapters"
STARTUP_PARTS: Parts = (
    (ADAPTERS, ("typer._coercion:build_runtime_param",)),
    (GET_COMMAND, ("typer.main:get_command",)),
    IMPORTS,
)


def startup(runner: Runner, sock: list[str], env: dict[str, str], tmp: Path) -> list[str]:
    env = {**env, "XDG_CACHE_HOME": str(tmp / "startup-cache")}
    args = {"json": ["recommend", *PROFILE, "--json"], "table": ["recommend", *PROFILE]}
    commands = {"hello": [PYTHON, str(BENCH / "hello_typer.py")]}
    commands |= {key: [*sock, *a] for key, a in args.items()}
    progress("start-up: CPU times, -X importtime, probes, cProfile")
    for argv in commands.values():
        runner.run(argv, env)  # fills the cache; untimed
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    imports: dict[str, list[dict[str, int]]] = {k: [] for k in commands}
    probes: dict[str, list[Timed]] = {k: [] for k in args}
    import_env = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    for _ in range(REPEATS):
        for key, argv in commands.items():
            cpu[key].append(runner.run(argv, env).cpu)
            text = runner.run(argv, import_env).stderr.read_text("utf-8")
            imports[key].append(import_times(text))
        for key, a in args.items():
            probes[key].append(timed(runner, STARTUP_PARTS, a, env, tmp))
    profiles = {key: profiled(runner, a, env, tmp) for key, a in args.items()}
    ms = {k: 1000 * statistics.median(v) for k, v in cpu.items()}
    hello_imports = median_imports(imports["hello"])
    extra = {
        key: {n: t for n, t in median_imports(imports[key]).items() if n not in hello_imports}
        for key in args
    }
    group_ms = {
        k: {g: sum(t for n, t in e.items() if group_of(n) == g) for g in GROUPS}
        for k, e in extra.items()
    }
    part_ms = {
        k: {
            label: 1000 * statistics.median(r.part(label) for r in runs)
            for label, _ in STARTUP_PARTS
        }
        for k, runs in probes.items()
    }
    cumulative = {
        k: {
            ADAPTERS: p.cumulative("typer/_coercion.py", "build_runtime_param"),
            GET_COMMAND: p.cumulative("typer/main.py", "get_command"),
        }
        for k, p in profiles.items()
    }

    def row(label: str, values: dict[str, float], digits: int = 0) -> list[str]:
        return [label] + [f"{values[k]:.{digits}f}" for k in args]

    rows = [
        row(f"whole run, CPU ms (median of {REPEATS})", ms),
        ["bare Typer app, CPU ms", f"{ms['hello']:.0f}", f"{ms['hello']:.0f}"],
        ["**ratio**", *(f"**{ratio(ms[k], ms['hello'])}**" for k in args)],
        ["modules the bare app does not import", *(str(len(extra[k])) for k in args)],
        *(row(f"self import ms: {g}", {k: group_ms[k][g] for k in args}, 1) for g in GROUPS),
        row("**self import ms, all of them**", {k: sum(extra[k].values()) for k in args}, 1),
        row(f"CPU ms: {ADAPTERS}", {k: part_ms[k][ADAPTERS] for k in args}),
        row(f"CPU ms: {GET_COMMAND}", {k: part_ms[k][GET_COMMAND] for k in args}),
        row("CPU ms: imports (all)", {k: part_ms[k]["imports"] for k in args}),
        [
            "cProfile: calls and cumulative ms of `build_runtime_param`",
            *(
                f"{cumulative[k][ADAPTERS][0]}, {1000 * cumulative[k][ADAPTERS][1]:.0f}"
                for k in args
            ),
        ],
        [
            "cProfile: cumulative ms of `get_command`",
            *(f"{1000 * cumulative[k][GET_COMMAND][1]:.0f}" for k in args),
        ],
        row("cProfile: the whole profiled run, ms", {k: 1000 * profiles[k].total for k in args}),
    ]
    j, t, jg, jp = extra["json"], extra["table"], group_ms["json"], part_ms["json"]
    ours = {n: v for n, v in j.items() if n.startswith("sockadvisor")}
    third = {n: v for n, v in j.items() if group_of(n) == GROUPS[2]}
    return [
        "### 1. Start-up: `recommend` on the bundled catalog against the bare Typer app",
        "",
        f"`sockadvisor recommend {' '.join(PROFILE)} --json` and the table (no `--json`), "
        "warm cache, against `python bench/hello_typer.py`. CPU times are medians of "
        f"{REPEATS} interleaved runs; self import times medians of {REPEATS} `-X importtime` "
        "runs (PYTHONPROFILEIMPORTTIME=1), for the modules the bare app does not import; the "
        "CPU ms of typer's parts come from the probe (medians of "
        f"{REPEATS}; imports they trigger count as imports). The code under test was compiled "
        "first (`python -m compileall`), as an installed wheel would be: this machine "
        + ("sets" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "does not set")
        + " PYTHONDONTWRITEBYTECODE.",
        "",
        *table(["measure", "`--json`", "table"], rows, "lrr"),
        "",
        f"`recommend --json` costs {ms['json']:.0f} ms of CPU against the bare app's "
        f"{ms['hello']:.0f} ms ({ratio(ms['json'], ms['hello'])}; the table "
        f"{ratio(ms['table'], ms['hello'])}): it imports {len(j)} modules the bare app does "
        f"not, with {sum(j.values()):.0f} ms of self import time (our pydantic model modules "
        f"{jg[GROUPS[0]]:.0f} ms, our other modules {jg[GROUPS[1]]:.0f} ms, third-party "
        f"{jg[GROUPS[2]]:.0f} ms, stdlib {jg[GROUPS[3]]:.0f} ms), and typer spends "
        f"{jp[ADAPTERS]:.0f} ms building per-option adapters and {jp[GET_COMMAND]:.0f} ms more "
        f"in `get_command` (under cProfile `build_runtime_param` shows "
        f"{1000 * cumulative['json'][ADAPTERS][1]:.0f} ms cumulative: the imports it "
        f"triggers). Largest (ms): ours {biggest(ours, 3)}; third-party "
        f"{biggest(third, 2)}; the table adds {len(set(t) - set(j))} modules, "
        f"{sum(v for n, v in t.items() if n not in j):.0f} ms "
        f"({biggest({n: v for n, v in t.items() if n not in j}, 1)}).",
        *absent_note([r for runs in probes.values() for r in runs]),
    ]


# ---------------------------------------------------------------------------
# 2.-4. The 100k catalogs

WARM_PARTS: Parts = (
    ("reading and hashing the files (cache key)", READING),
    (
        "reading and decoding the cache entries into columns",
        (SOURCES + "cache:get_keyed", SOURCES + "columns:decode"),
    ),
    ("scoring kernel", ("sockadvisor.engine.kernel:scores", "sockadvisor.engine.kernel:_removed")),
    (
        "top N and building the results",
        (
            "sockadvisor.engine.kernel:rank",
            "sockadvisor.engine.kernel:select",
            "sockadvisor.engine.warm:recommendation",
            "sockadvisor.api:recommend",
        ),
    ),
    JSON_OUT,
    IMPORTS,
)
PARSING = "our reader: json.loads with our hook / YAML nodes to plain data"
NODES = "YAML: libyaml's node tree (PyYAML's resolver included)"
VALIDATION = "validation (pydantic)"
ENCODING, WRITING = "encoding the cache entry", "writing it"
FIRST_PARTS: Parts = (
    ("reading and hashing the file (cache key)", READING),
    (NODES, ("yaml:CSafeLoader.get_single_node", "yaml:SafeLoader.get_single_node")),
    (
        PARSING,
        (
            SOURCES + "jsonsource:parse_json",
            SOURCES + "yamlsource:parse",
            SOURCES + "yamlsource:parse_file",
        ),
    ),
    (VALIDATION, (SOURCES + "validation:validate",)),
    (ENCODING, (SOURCES + "columns:encode",)),
    (WRITING, (SOURCES + "cache:put_payload", SOURCES + "cache:put")),
    ("scoring and results", ("sockadvisor.api:recommend",)),
    JSON_OUT,
    IMPORTS,
)
# 4. The phases the tracemalloc run wraps.
PHASES: Parts = (
    ("loading the catalog (cache entry -> columns)", (SOURCES + "catalog:load_catalog",)),
    ("loading the rules", (SOURCES + "catalog:load_rules",)),
    ("scoring (tables, scores)", ("sockadvisor.engine.kernel:scores",)),
    (
        "ranking (scoring, top N, results)",
        ("sockadvisor.engine.kernel:rank", "sockadvisor.engine.warm:recommendation"),
    ),
    ("rendering the JSON", ("sockadvisor.render:render",)),
)


@dataclass
class Big:
    """The 100k measures' figures, filled as they run."""

    json_load: list[float] = field(default_factory=list)
    warm: list[Timed] = field(default_factory=list)
    warm_profile: Profile | None = None
    first_profiles: dict[str, Profile] = field(default_factory=dict)
    first: dict[str, Timed] = field(default_factory=dict)
    yaml_plain: Usage | None = None
    warm_yaml: Usage | None = None
    version: Usage | None = None
    memory: dict[str, Any] = field(default_factory=dict)
    paths: tuple[Path, ...] = ()


def warm_section(big: Big, path: Path) -> list[str]:
    assert big.warm_profile is not None
    load, run = statistics.median(big.json_load), median_run(big.warm)
    biggest_parts = sorted(run.rows, key=lambda r: -r[1])[:3]
    return [
        f"### 2. Warm `recommend --json` on {path.name} against `json.load`",
        "",
        f"`recommend --catalog {path.name} {' '.join(PROFILE)} --json`, cache primed: the "
        f"run with the median CPU time of {REPEATS} probe runs, interleaved with "
        f"{REPEATS} plain `json.load` runs (median {load:.2f} s of CPU).",
        "",
        *table(["part", "CPU s", "share", "vs json.load"], part_rows([run], [load]), "lrrr"),
        "",
        f"A warm run takes {run.cpu:.2f} s of CPU against {load:.2f} s for `json.load` "
        f"({ratio(run.cpu, load)}); the largest parts are "
        + ", ".join(f"{label} {s:.2f} s ({ratio(s, load)})" for label, s in biggest_parts)
        + ". Most self time under cProfile: "
        + big.warm_profile.top()
        + ".",
        *absent_note(big.warm),
    ]


def first_section(big: Big) -> list[str]:
    assert big.yaml_plain is not None
    load = statistics.median(big.json_load)
    plain = {"JSON": load, "YAML": big.yaml_plain.cpu}
    fmts = list(big.first)
    runs = [big.first[f] for f in fmts]
    header = ["part"] + [h for f in fmts for h in (f"{f} CPU s", "share", "vs plain parse")]
    sentences = []
    for fmt, run in big.first.items():
        parse = run.part(NODES) + run.part(PARSING)
        cache = run.part(ENCODING) + run.part(WRITING)
        profile = big.first_profiles.get(fmt)
        sentences.append(
            f"- {fmt}: {run.cpu:.1f} s against {plain[fmt]:.1f} s for the plain parse "
            f"({ratio(run.cpu, plain[fmt])}): parsing {parse:.1f} s "
            f"({ratio(parse, plain[fmt])}"
            + (f"; libyaml's node tree {run.part(NODES):.1f} s of it" if fmt == "YAML" else "")
            + f"), validation {run.part(VALIDATION):.1f} s "
            f"({ratio(run.part(VALIDATION), plain[fmt])}), encoding and writing the cache "
            f"entry {cache:.1f} s ({ratio(cache, plain[fmt])})."
            + (
                f" Most self time under cProfile (a first run on {profile.name}): {profile.top(5)}."
                if profile
                else ""
            )
        )
    return [
        f"### 3. First runs (empty cache) on {' and '.join(p.name for p in big.paths)}",
        "",
        "One probe run per format, each in an empty XDG_CACHE_HOME; the plain parses, CPU time "
        f"without any probe: `json.load` {load:.2f} s (median of {REPEATS}), "
        f"`yaml.load(..., Loader=yaml.CSafeLoader)` {big.yaml_plain.cpu:.1f} s (one run).",
        "",
        *table(header, part_rows(runs, [plain[f] for f in fmts]), "l" + "rrr" * len(fmts)),
        "",
        *sentences,
        *absent_note(runs),
    ]


def memory_section(big: Big, path: Path) -> list[str]:
    assert big.yaml_plain and big.warm_yaml and big.version
    mem = big.memory
    plain, warm, base = (u.rss_kb / 1024 for u in (big.yaml_plain, big.warm_yaml, big.version))
    rows = [
        [
            "`sockadvisor --version` (interpreter, start-up imports)",
            f"{base:.0f}",
            ratio(base, plain),
        ],
        [f"warm `recommend --catalog {path.name} --json`", f"{warm:.0f}", ratio(warm, plain)],
        ["plain `yaml.load(..., Loader=yaml.CSafeLoader)`", f"{plain:.0f}", "1.00x"],
    ]
    records: list[dict[str, Any]] = mem["records"]
    phase_rows = [
        [
            r["label"],
            f"{r['before'] / MB:.1f}",
            f"{(r['after'] - r['before']) / MB:.1f}",
            f"{(r['peak'] - r['before']) / MB:.1f}",
        ]
        for r in records
    ]
    catalog = next((r for r in records if r["label"] == PHASES[0][0]), None)
    columns = (catalog["after"] - catalog["before"]) / MB if catalog else 0.0
    first = records[0]["before"] / MB if records else 0.0
    gone = mem["absent"] + mem["not imported"]
    return [
        f"### 4. Peak memory: a warm run on {path.name} against a plain YAML parse",
        "",
        "Max RSS of each process (os.wait4). Then one more warm run in-process under "
        "tracemalloc (Python's allocations; not tracemalloc's own), phases wrapped: the traced "
        "memory when each starts, what it keeps when it returns and its peak above its start.",
        "",
        *table(["process", "max RSS MB", "vs plain parse"], rows, "lrr"),
        "",
        *table(["phase (tracemalloc)", "at start MB", "kept MB", "peak MB"], phase_rows, "lrrr"),
        "",
        f"The warm run peaks at {warm:.0f} MB against {plain:.0f} MB for the plain parse "
        f"({ratio(warm, plain)}); {base:.0f} MB of it ({pct(base, warm)}) is already "
        f"`sockadvisor --version`. Traced Python memory is {first:.1f} MB when the catalog "
        f"starts loading, its columns keep {columns:.1f} MB, and the traced peak is "
        f"{mem['peak'] / MB:.1f} MB ({mem['end'] / MB:.1f} MB at the end)."
        + (f" Phases not run: {', '.join(gone)}." if gone else ""),
    ]


def big_sections(
    runner: Runner,
    sock: list[str],
    env: dict[str, str],
    paths: dict[str, Path],
    small: dict[str, Path],
    tmp: Path,
) -> list[str]:
    """Measures 2-4 on the big catalogs (`paths`, by format); the first runs' cProfiles on
    the `small` ones. The plain YAML parse, the longest run, goes on a second thread."""

    def cache(name: str) -> dict[str, str]:
        return {**env, "XDG_CACHE_HOME": str(tmp / name)}

    def rec(path: Path) -> list[str]:
        return ["recommend", "--catalog", str(path), *PROFILE, "--json"]

    big = Big(paths=tuple(paths.values()))
    with ThreadPoolExecutor(max_workers=1) as pool:
        plain: Future[Usage] = pool.submit(
            runner.run, [PYTHON, "-c", PLAIN_YAML, str(paths["YAML"])], env
        )
        progress("100k: first runs with the probe (the plain YAML parse beside them)")
        for fmt, path in paths.items():  # these caches are the warm ones below
            big.first[fmt] = timed(runner, FIRST_PARTS, rec(path), cache(fmt), tmp)
        progress("first runs under cProfile on " + ", ".join(p.name for p in small.values()))
        for fmt, path in small.items():
            env_small = cache(f"small-{fmt}")
            big.first_profiles[fmt] = profiled(runner, rec(path), env_small, tmp, path.name)
        progress("100k: warm runs and json.load, memory")
        big.warm_profile = profiled(runner, rec(paths["JSON"]), cache("JSON"), tmp)
        for _ in range(REPEATS):
            big.warm.append(timed(runner, WARM_PARTS, rec(paths["JSON"]), cache("JSON"), tmp))
            plain_json = [PYTHON, "-c", PLAIN_JSON, str(paths["JSON"])]
            big.json_load.append(runner.run(plain_json, env).cpu)
        big.warm_yaml = runner.run([*sock, *rec(paths["YAML"])], cache("YAML"))
        big.version = runner.run([*sock, "--version"], cache("YAML"))
        out = tmp / "memory.json"
        probe = [PYTHON, PROBE, "memory", spec(PHASES), str(out), "--", *rec(paths["YAML"])]
        runner.run(probe, cache("YAML"))
        big.memory = json.loads(out.read_text("utf-8"))
        progress("100k: waiting for the plain YAML parse")
        big.yaml_plain = plain.result()
    return [
        *warm_section(big, paths["JSON"]),
        "",
        *first_section(big),
        "",
        *memory_section(big, paths["YAML"]),
        "",
    ]


# ---------------------------------------------------------------------------
# 5. Parallel first runs


def parallel_section(
    runner: Runner, sock: list[str], env: dict[str, str], tmp: Path, small: dict[str, Path]
) -> list[str]:
    cores = os.cpu_count() or 1
    rows, sentences = [], []
    waiting = PARALLEL_RUNS - 1
    for fmt, path in small.items():
        progress(f"parallel: one first and {REPEATS} warm runs on {path.name}")
        argv = [*sock, "recommend", "--catalog", str(path), *PROFILE, "--json"]
        cache = {**env, "XDG_CACHE_HOME": str(tmp / f"parallel-{fmt}")}
        f = runner.run(argv, cache).cpu
        w = statistics.median(runner.run(argv, cache).cpu for _ in range(REPEATS))
        floor = max(f, (f + waiting * w) / cores) / f
        after = (f + waiting * w / cores) / f
        rows.append([fmt, f"{f:.2f}", f"{w:.2f}", str(cores), f"{floor:.2f}x", f"{after:.2f}x"])
        sentences.append(
            f"{fmt}: max({f:.2f}, ({f:.2f} + {waiting} x {w:.2f}) / {cores}) / {f:.2f} = "
            f"{floor:.2f}x; ({f:.2f} + {waiting} x {w:.2f} / {cores}) / {f:.2f} = {after:.2f}x."
        )
    return [
        f"### 5. {PARALLEL_RUNS} first runs at once on a 10k catalog: what {cores} cores allow",
        "",
        f"One run builds the cache (a first run, CPU time F) while {waiting} wait for it and "
        f"then read it warm (CPU time W, median of {REPEATS}). On C cores the {PARALLEL_RUNS} "
        f"take at least max(F, (F + {waiting}W) / C) of wall time, so the ratio to one run "
        f"is at least max(F, (F + {waiting}W) / C) / F; if the waiting runs did all their "
        f"work (their start-up too) after the build, it would be (F + {waiting}W / C) / F.",
        "",
        *table(
            ["catalog", "F, CPU s", "W, CPU s", "C", "floor", "all after the build"], rows, "lrrrrr"
        ),
        "",
        " ".join(sentences),
    ]


# ---------------------------------------------------------------------------
# The section


def small_catalogs(big: Path | None) -> dict[str, Path]:
    """The 10k catalogs: beside the 100k ones, else in bench/out."""
    folders = [big.parent] if big is not None else []
    found: dict[str, Path] = {}
    for fmt, ext in (("YAML", "yaml"), ("JSON", "json")):
        for folder in [*folders, BENCH / "out"]:
            if (folder / f"catalog-10000.{ext}").exists():
                found[fmt] = folder / f"catalog-10000.{ext}"
                break
    return found


def section(
    sock: list[str], env: dict[str, str], big_json: Path | None, big_yaml: Path | None, tmp: Path
) -> list[str]:
    """Markdown lines: '## What bounds each target' and one subsection per measure."""
    clock = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bounds-", dir=tmp))
    try:
        runner = Runner(tmp)
        env = {k: v for k, v in env.items() if k != "PYTHONPROFILEIMPORTTIME"}
        where = tmp / "package.txt"
        code = "import os, sockadvisor; print(os.path.dirname(sockadvisor.__file__))"
        runner.run([PYTHON, "-c", code], env, where)
        package = where.read_text("utf-8").strip()
        progress(f"compiling {package}")
        compile_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        runner.run([PYTHON, "-m", "compileall", "-q", package], compile_env)
        lines = [
            "## What bounds each target",
            "",
            "Measured by bench/bounds.py in this run (its docstring says how), on the same "
            "code as the rows above: where each measure's time and memory go, so that a row "
            "not met says what bounds it.",
            "",
            *startup(runner, sock, env, tmp),
            "",
        ]
        small = small_catalogs(big_json or big_yaml)
        parallel = (
            parallel_section(runner, sock, env, tmp, small)
            if small
            else ["### 5. Parallel first runs", "", "Not measured: no catalog-10000 file."]
        )
        if big_json is not None and big_yaml is not None:
            paths = {"JSON": big_json, "YAML": big_yaml}
            lines += big_sections(runner, sock, env, paths, small, tmp)
        else:
            lines += ["### 2.-4. The 100k catalogs", "", "Not measured: no 100k catalog.", ""]
        minutes = (time.perf_counter() - clock) / 60
        return [*lines, *parallel, "", f"(These measures took {minutes:.1f} min.)"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    out = BENCH / "out"
    parser.add_argument("--catalog-json", type=Path, metavar="PATH", help="the 100k JSON catalog")
    parser.add_argument("--catalog-yaml", type=Path, metavar="PATH", help="the 100k YAML catalog")
    args = parser.parse_args(argv)
    default_json, default_yaml = out / "catalog-100000.json", out / "catalog-100000.yaml"
    big_json = args.catalog_json or (default_json if default_json.exists() else None)
    big_yaml = args.catalog_yaml or (default_yaml if default_yaml.exists() else None)
    script = Path(PYTHON).with_name("sockadvisor")
    sock = [str(script)] if script.exists() else [PYTHON, "-m", "sockadvisor"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR_")}
    with tempfile.TemporaryDirectory(prefix="sockadvisor-bounds-") as tmp:
        try:
            lines = section(sock, env, big_json, big_yaml, Path(tmp))
        except BoundsError as exc:
            print(f"bounds: {exc}", file=sys.stderr)
            return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
