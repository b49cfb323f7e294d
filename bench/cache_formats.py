"""The catalog cache's candidate formats, loading the same columns (issue 17; bench/FORMATS.md).

    .venv/bin/python bench/cache_formats.py                  # 10,000 and 100,000 products
    .venv/bin/python bench/cache_formats.py --sizes 10000 --repeats 3 --out /tmp/f.md

Today's entry (sources/columns.py) is a JSON head (the columns ranking reads, with the
index, offset and share columns as base64 of 32-bit words) and the products' rows as
JSON texts at known offsets, kept as bytes. Each candidate stores the same columns:

- today: the entry as sockadvisor writes it; `columns.decode` of the payload's bytes,
  exactly as the warm path calls it;
- JSON lists: the same head with the index, offset and share columns as JSON lists of
  numbers (checked to be whole numbers, as long as the catalog, within their tables);
- marshal: the same plain containers (the head with number lists, the rows as bytes);
- array/struct: a small struct header, the head without those columns as JSON (the
  string table: SKUs, names, distinct values), the columns as raw `array('I')` bytes in
  this machine's order, then the rows: no base64;
- pickle: the columns as Python objects (values already built), with the rows as bytes;
- JSON with a fast parser (orjson, msgspec): measured only if importable (it is not a
  dependency): the JSON-lists head parsed by it.

Every candidate is first checked to decode to the same columns as today's (every column,
the distinct values, and a sample of products decoded from their rows). Then, in
interleaved rounds, each candidate loads in a fresh process (imports not timed, garbage
collector off as in sockadvisor): reading its file and decoding it to columns (the cache
header's CRC check, the same for every format, is left out); with each child's peak RSS,
CPU time and page faults. Today's load and array/struct's are also timed by part (read,
head JSON, number columns, the rest), each in a fresh process. In the same rounds, whole
`recommend --catalog catalog-N.json --json` warm runs against a plain `json.load` of the
same file (CPU time, as bench/warm_path.py). Writes Markdown to --out (default
bench/FORMATS.md); progress on stderr.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import warm_path  # noqa: E402 - bench/ is not a package

CANDIDATES = ("today", "JSON lists", "marshal", "array/struct", "pickle", "orjson", "msgspec")
FILES = {
    "today": "today.bin",
    "JSON lists": "lists.bin",
    "marshal": "entry.marshal",
    "array/struct": "entry.array",
    "pickle": "entry.pickle",
    "orjson": "lists.bin",
    "msgspec": "lists.bin",
}
PROFILE = ["--distance", "ultra", "--terrain", "technical", "--json"]
MAGIC = b"sockarr1"  # the array/struct candidate: magic, head length, words length
HEADER = struct.Struct("<8sQQ")


def fast_parser(name: str) -> Callable[[bytes], Any] | None:
    """orjson.loads or msgspec.json.decode, or None when it is not installed."""
    try:
        if name == "orjson":
            import orjson

            return orjson.loads  # type: ignore[no-any-return]
        import msgspec

        return msgspec.json.decode  # type: ignore[no-any-return]
    except ImportError:
        return None


def available() -> list[str]:
    return [c for c in CANDIDATES if c not in ("orjson", "msgspec") or fast_parser(c)]


# --- decoding the candidates (the same checks as columns.decode) ---------------------


def _split(view: memoryview) -> tuple[memoryview, int, int]:
    """Today's layout: the head's bytes, and where the rows start and stop."""
    from sockadvisor.sources import columns as c

    if not (view[: len(c._OPEN)] == c._OPEN_BYTES and view[-len(c._CLOSE) :] == c._CLOSE_BYTES):
        raise ValueError("not a catalog payload")
    found = c._NEWLINE.search(view, len(c._OPEN))
    if found is None:
        raise ValueError("not a catalog payload")
    end = found.start()
    if view[end : end + len(c._MIDDLE)] != c._MIDDLE_BYTES:
        raise ValueError("not a catalog payload")
    return view[len(c._OPEN) : end], end + len(c._MIDDLE), len(view) - len(c._CLOSE)


def _listed(column: Any, size: int) -> Any:
    """A column of whole numbers as a list (JSON, marshal): checked as columns.decode does."""
    from sockadvisor.sources import columns as c

    return c._typed(int, column, size)


def _raw(column: Any, size: int) -> Any:
    if type(column) is not array or len(column) != size:
        raise ValueError("not a column of this catalog")
    return column


def finish(
    head: Any, unpack: Callable[[Any, int], Sequence[int]], rows: memoryview, start: int, stop: int
) -> Any:
    """Columns from a parsed head, as columns.decode builds them after its head's JSON."""
    import json as json_

    from sockadvisor.domain.columnar import Columns, Stale
    from sockadvisor.domain.models import Catalog, Product
    from sockadvisor.domain.vocab import Fibre
    from sockadvisor.engine.compile import ATTRIBUTES
    from sockadvisor.sources import cache_codec
    from sockadvisor.sources import columns as c

    tables, _fields = head["catalog"]
    size = len(c._typed(str, head["sku"], len(head["sku"])))
    skus, names = head["sku"], c._typed(str, head["name"], size)
    prices = c._typed(float, head["price"], size)
    offsets = unpack(head["offsets"], size + 1)
    if offsets[0] != 0 or offsets[-1] != stop - start + 1:
        raise ValueError("the rows are not where the head says")
    plains = {attr: c._of(list, head["values"][attr]) for attr in ATTRIBUTES}
    eager = {attr: [c._value(attr, v) for v in plains[attr]] for attr in c._EAGER}
    values = c._Values(eager, plains["materials"])
    index = {attr: unpack(head["index"][attr], size) for attr in ATTRIBUTES}
    for attr, column in index.items():
        if column and (min(column) < 0 or max(column) >= len(plains[attr])):
            raise IndexError("an index outside its table")
    blends = len(plains["materials"])
    packed = c._of(dict, head["shares"])
    if set(packed) != {fibre.value for fibre in Fibre}:
        raise ValueError("not the fibres of this build")
    shares = {fibre: unpack(packed[fibre.value], blends) for fibre in Fibre}
    decode_row = cache_codec.rows(Catalog, tables)

    def product(i: int) -> Product:
        try:
            text = str(rows[start + offsets[i] : start + offsets[i + 1] - 1], "ascii")
            found: Product = decode_row(Product, json_.loads(text))
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise Stale(str(exc)) from None
        if (found.sku, found.name, found.price) != (skus[i], names[i], prices[i]):
            raise Stale("a row that is not its columns' product")
        return found

    return Columns(skus, names, prices, values, index, product, shares, product)


def decode(name: str, data: bytes) -> Any:
    """The columns of one candidate's file."""
    view = memoryview(data)
    if name == "today":
        from sockadvisor.sources import columns

        return columns.decode(view).columns
    if name in ("JSON lists", "orjson", "msgspec"):
        head, start, stop = _split(view)
        parse = fast_parser(name) or (lambda b: json.loads(str(b, "ascii")))
        return finish(
            parse(bytes(head) if name != "JSON lists" else head), _listed, view, start, stop
        )
    if name == "marshal":
        import marshal

        plain = marshal.loads(view)
        rows = memoryview(plain["rows"])
        return finish(plain["head"], _listed, rows, 0, len(rows))
    if name == "array/struct":
        return decode_array(view)
    if name == "pickle":
        return decode_pickle(data)
    raise ValueError(name)


def decode_array(view: memoryview) -> Any:
    head, words, rows_at = array_head(view)
    head.update(array_numbers(head.pop("layout"), words))
    return finish(head, _raw, view, rows_at, len(view))


def array_head(view: memoryview) -> tuple[Any, memoryview, int]:
    """The array/struct entry's head (parsed), its words' bytes, and where its rows start."""
    from sockadvisor.sources import columns as c

    magic, head_len, words_len = HEADER.unpack_from(view)
    if magic != MAGIC:
        raise ValueError("not an array entry")
    at = HEADER.size
    head = json.loads(str(view[at : at + head_len], "ascii"))
    if head.pop("order") != c._ORDER:
        raise ValueError("not this machine's byte order")
    at += head_len
    return head, view[at : at + words_len], at + words_len


def array_numbers(layout: Any, words: memoryview) -> dict[str, Any]:
    """The index, share and offset columns, as the layout says they lie in `words`."""
    from sockadvisor.sources import columns as c

    itemsize = array(c._WORD).itemsize
    numbers: dict[str, Any] = {"index": {}, "shares": {}}
    position = 0
    for group, key, count in layout:
        column = array(c._WORD)
        column.frombytes(words[position : position + count * itemsize])
        position += count * itemsize
        if group == "offsets":
            numbers["offsets"] = column
        else:
            numbers[group][key] = column
    if position != len(words):
        raise ValueError("not the columns the head says")
    return numbers


PARTS = ("read", "head JSON", "number columns", "the rest")


def parts(name: str, where: Path) -> None:
    """Today's or array/struct's load by part, in this fresh process: print wall seconds."""
    import gc

    from sockadvisor.sources import columns as c

    gc.disable()
    marks = [time.perf_counter()]
    with open(where / FILES[name], "rb") as handle:
        view = memoryview(handle.read())
    marks.append(time.perf_counter())
    if name == "today":  # as columns.decode does it, in steps
        head_bytes, start, stop = _split(view)
        head = json.loads(str(head_bytes, "ascii"))
        marks.append(time.perf_counter())
        size, blends = len(head["sku"]), len(head["values"]["materials"])
        head["index"] = {a: c._unpacked(v, size) for a, v in head["index"].items()}
        head["shares"] = {f: c._unpacked(v, blends) for f, v in head["shares"].items()}
        head["offsets"] = c._unpacked(head["offsets"], size + 1)
    else:
        head, words, start = array_head(view)
        stop = len(view)
        marks.append(time.perf_counter())
        head.update(array_numbers(head.pop("layout"), words))
    marks.append(time.perf_counter())
    finish(head, _raw, view, start, stop)
    marks.append(time.perf_counter())
    spent = [b - a for a, b in itertools.pairwise(marks)]
    print(json.dumps(dict(zip(PARTS, spent, strict=True))))


def decode_pickle(data: bytes) -> Any:
    import pickle

    from sockadvisor.domain.columnar import Columns
    from sockadvisor.domain.models import Catalog, Product
    from sockadvisor.sources import cache_codec
    from sockadvisor.sources import columns as c

    stored = pickle.loads(data)  # noqa: S301 - the unsafe reference, as before issue 12
    rows, offsets, skus = memoryview(stored["rows"]), stored["offsets"], stored["skus"]
    decode_row = cache_codec.rows(Catalog, stored["tables"])

    def product(i: int) -> Product:
        found: Product = decode_row(
            Product, json.loads(str(rows[offsets[i] : offsets[i + 1] - 1], "ascii"))
        )
        return found

    values = c._Values(stored["eager"], stored["blends"])
    return Columns(
        skus,
        stored["names"],
        stored["prices"],
        values,
        stored["index"],
        product,
        stored["shares"],
        product,
    )


# --- writing the candidates' files from today's entry --------------------------------


def prepare(size: int, catalog: Path, where: Path) -> None:
    """Prime a cache on the catalog, take its entry, write every candidate from it; check
    that each decodes to the same columns. Run in its own process."""
    import marshal
    import pickle

    from sockadvisor.sources import cache
    from sockadvisor.sources import columns as c

    cache_dir = where / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR")}
    env["SOCKADVISOR_CACHE_DIR"] = str(cache_dir)
    argv = [sys.executable, "-m", "sockadvisor", "recommend", "--catalog", str(catalog), *PROFILE]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    (entry,) = cache_dir.glob("products-*.json")
    raw = entry.read_bytes()
    _, _, kind, key, *_ = raw[: raw.index(b"\n")].decode().split(" ")
    payload = cache._payload(kind, key, raw)
    assert payload is not None, "the entry's header does not check"
    today = bytes(payload)
    (where / FILES["today"]).write_bytes(today)
    head_bytes, start, stop = _split(memoryview(today))
    head = json.loads(bytes(head_bytes))
    rows = today[start:stop]
    blends = len(head["values"]["materials"])
    lists = {
        "index": {a: list(c._unpacked(v, size)) for a, v in head["index"].items()},
        "shares": {f: list(c._unpacked(v, blends)) for f, v in head["shares"].items()},
        "offsets": list(c._unpacked(head["offsets"], size + 1)),
    }
    listed = {**head, **lists}
    text = c._OPEN + c._DUMP(listed) + c._MIDDLE
    (where / FILES["JSON lists"]).write_bytes(text.encode() + rows + c._CLOSE_BYTES)
    (where / FILES["marshal"]).write_bytes(marshal.dumps({"head": listed, "rows": rows}))
    layout: list[list[Any]] = [["index", a, len(v)] for a, v in lists["index"].items()]
    layout += [["shares", f, len(v)] for f, v in lists["shares"].items()]
    layout += [["offsets", None, size + 1]]
    words = array(c._WORD)
    for group, k, _ in layout:
        words.extend(lists[group][k] if k is not None else lists["offsets"])
    bare = {k: v for k, v in head.items() if k not in lists}
    head_json = c._DUMP({**bare, "order": c._ORDER, "layout": layout}).encode()
    raw_words = words.tobytes()
    packed = HEADER.pack(MAGIC, len(head_json), len(raw_words)) + head_json + raw_words + rows
    (where / FILES["array/struct"]).write_bytes(packed)
    found = decode("today", today)
    stored = {
        "skus": found.skus,
        "names": found.names,
        "prices": found.prices,
        "eager": {a: v for a, v in found.values.items() if a != "materials"},
        "blends": head["values"]["materials"],
        "index": found.index,
        "shares": found.shares,
        "tables": head["catalog"][0],
        "offsets": c._unpacked(head["offsets"], size + 1),
        "rows": rows,
    }
    (where / FILES["pickle"]).write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    shutil.rmtree(cache_dir)
    reference = summary(found, size)
    for name in available():
        got = summary(decode(name, (where / FILES[name]).read_bytes()), size)
        if got != reference:
            raise SystemExit(f"{name}: not the same columns as today's entry")
        print(f"{size:,} products: {name} decodes to the same columns", file=sys.stderr)


def summary(columns: Any, size: int) -> Any:
    """Everything the columns hold, as plain lists, and a sample of products from rows."""
    from sockadvisor.engine.compile import ATTRIBUTES

    sample = [*range(0, size, max(1, size // 200)), size - 1]
    return (
        list(columns.skus),
        list(columns.names),
        list(columns.prices),
        {a: list(columns.values[a]) for a in ATTRIBUTES},
        {a: list(columns.index[a]) for a in ATTRIBUTES},
        {f: list(v) for f, v in columns.shares.items()},
        [columns.product(i).model_dump() for i in sample],
    )


def load(name: str, where: Path) -> None:
    """Time one load in this process (imports done first); print the figures as JSON."""
    import gc
    import marshal  # noqa: F401 - imported before timing
    import pickle  # noqa: F401

    from sockadvisor.domain import columnar, models  # noqa: F401
    from sockadvisor.sources import cache_codec, columns  # noqa: F401

    fast_parser(name)
    gc.disable()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start, cpu = time.perf_counter(), time.process_time()
    with open(where / FILES[name], "rb") as handle:
        data = handle.read()
    read = time.perf_counter()
    found = decode(name, data)
    end, cpu = time.perf_counter(), time.process_time() - cpu
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {"load": end - start, "decode": end - read, "cpu": cpu}
    figures["rss"] = usage.ru_maxrss / 1024
    figures["faults"] = usage.ru_minflt - faults
    figures["n"] = len(found.skus)
    print(json.dumps(figures))


# --- the run ---------------------------------------------------------------------------


def child(*args: str) -> dict[str, float]:
    argv = [sys.executable, __file__, *args]
    out = subprocess.run(argv, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def machine() -> list[str]:
    from importlib.metadata import version

    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        memory = int(handle.readline().split()[1]) / 2**20
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.strip()
    fast = ", ".join(
        f"{n} {'installed' if fast_parser(n) else 'not installed'}" for n in ("orjson", "msgspec")
    )
    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {memory:.1f} GB, {platform.platform()}",
        f"- Python {platform.python_version()}; sockadvisor {version('sockadvisor')}, "
        f"pydantic {version('pydantic')}, typer {version('typer')}; {fast}",
        f"- code: {commit[:72]}{' (src/ modified)' if dirty else ''}",
    ]


def run(args: argparse.Namespace) -> str:
    started = datetime.datetime.now(datetime.UTC)
    load_start = os.getloadavg()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    names = available()
    tables: list[str] = []
    whole: list[str] = []
    by_part: list[str] = []
    said: list[str] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR")}
    with tempfile.TemporaryDirectory(prefix="cache-formats-") as tmp_name:
        tmp = Path(tmp_name)
        for size in args.sizes:
            catalog = args.catalog_dir / f"catalog-{size}.json"
            if not catalog.exists():
                sys.exit(f"{catalog} is missing: bench/gen_catalog.py {size} --json writes it")
            where = tmp / str(size)
            where.mkdir()
            print(f"{size:,} products: writing and checking the candidates", file=sys.stderr)
            child_argv = [sys.executable, __file__, "--prepare", str(size), str(catalog)]
            subprocess.run([*child_argv, str(where)], check=True)
            warm_env = {**env, "SOCKADVISOR_CACHE_DIR": str(where / "warm")}
            recommend = [sys.executable, "-m", "sockadvisor", "recommend", "--catalog"]
            recommend += [str(catalog), *PROFILE]
            plain = [sys.executable, "-c", "import sys, json; json.load(open(sys.argv[1], 'rb'))"]
            plain.append(str(catalog))
            warm_path.run(recommend, warm_env)  # prime the warm cache, untimed
            samples: dict[str, list[dict[str, float]]] = {n: [] for n in names}
            split: dict[str, list[dict[str, float]]] = {"today": [], "array/struct": []}
            runs: dict[str, list[tuple[float, float, int]]] = {"json.load": [], "warm": []}
            for round_ in range(args.repeats):
                print(f"{size:,} products: round {round_ + 1} of {args.repeats}", file=sys.stderr)
                order = names if round_ % 2 == 0 else names[::-1]
                for name in order:
                    samples[name].append(child("--load", name, str(where)))
                for name in ("today", "array/struct"):
                    split[name].append(child("--parts", name, str(where)))
                runs["json.load"].append(warm_path.run(plain, env))
                runs["warm"].append(warm_path.run(recommend, warm_env))
            tables += format_rows(size, where, samples)
            said = notes(size, samples)
            for name, series in split.items():
                cells = [
                    f"{statistics.median(s[part] for s in series) * 1000:.0f}" for part in PARTS
                ]
                by_part.append(f"| {size:,} | {name} | {' | '.join(cells)} |")
            base = statistics.median(cpu for cpu, _, _ in runs["json.load"])
            for label, series in runs.items():
                cpu = statistics.median(s[0] for s in series)
                wall = statistics.median(s[1] for s in series)
                rss = statistics.median(s[2] for s in series) / 1024
                what = "plain `json.load` of the file" if label == "json.load" else "warm run"
                cells = f"{cpu:.2f} | {cpu / base:.2f}x | {wall:.2f} | {rss:.0f}"
                whole.append(f"| {size:,} | {what} | {cells} |")
    load_end = os.getloadavg()
    minutes = (datetime.datetime.now(datetime.UTC) - started).total_seconds() / 60
    return report(args, started, minutes, (load_start, load_end), tables, by_part, whole, said)


def format_rows(size: int, where: Path, samples: dict[str, list[dict[str, float]]]) -> list[str]:
    today = statistics.median(s["cpu"] for s in samples["today"])
    rows = []
    for name in CANDIDATES:
        if name not in samples:
            rows.append(f"| {size:,} | {name} | not installed, not measured | | | | | | | |")
            continue
        got = samples[name]
        cpu = statistics.median(s["cpu"] for s in got)
        cells = [
            f"{size:,}",
            name,
            f"{statistics.median(s['load'] for s in got):.3f}",
            f"{min(s['load'] for s in got):.3f}",
            f"{statistics.median(s['decode'] for s in got):.3f}",
            f"{cpu:.3f}",
            f"{cpu / today:.2f}x",
            f"{(where / FILES[name]).stat().st_size / 2**20:.1f}",
            f"{max(s['rss'] for s in got):.0f}",
            f"{statistics.median(s['faults'] for s in got) / 1000:.1f}",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def report(
    args: argparse.Namespace,
    started: datetime.datetime,
    minutes: float,
    load: tuple[tuple[float, float, float], tuple[float, float, float]],
    tables: list[str],
    by_part: list[str],
    whole: list[str],
    said: list[str],
) -> str:
    def loads(avg: tuple[float, float, float]) -> str:
        return ", ".join(f"{x:.2f}" for x in avg)

    command = " ".join(["bench/cache_formats.py", *args.argv])
    return "\n".join(
        [
            "# The cache's candidate formats",
            "",
            "Generated by `bench/cache_formats.py` (do not edit by hand); what the candidates",
            "are and how they are timed: the script's docstring. Discussed in",
            'docs/performance.md, "How the format was chosen".',
            "",
            f"- date: {started:%Y-%m-%d %H:%M} UTC, {minutes:.1f} minutes",
            f"- command: `.venv/bin/python {command}`",
            *machine(),
            f"- load average (1, 5, 15 min): {loads(load[0])} at the start, "
            f"{loads(load[1])} at the end",
            "",
            "## Loading a catalog's columns",
            "",
            f"Each candidate in a fresh process, {args.repeats} interleaved rounds: reading its",
            "file and decoding it to columns (imports not timed, garbage collector off);",
            "load: wall seconds, median and fastest; decode: the wall seconds after the",
            "read; CPU: the load's CPU seconds (user + system), median, and its ratio to",
            "today's; peak MB: the child's peak RSS, imports included; faults: the load's",
            "minor page faults, thousands (median).",
            "",
            "| products | format | load s | fastest s | decode s | CPU s | vs today | file MB"
            " | peak MB | faults k |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *tables,
            "",
            "Today's load and array/struct's by part, each in a fresh process in the same",
            "rounds (milliseconds, medians): reading the file; finding the head and parsing",
            "its JSON; the index, share and offset columns (base64 and array against raw",
            "array bytes); the rest (the distinct values built, the columns checked).",
            "",
            "| products | format | " + " | ".join(PARTS) + " |",
            "| ---: | --- | ---: | ---: | ---: | ---: |",
            *by_part,
            "",
            "## Whole warm runs, for context",
            "",
            "`recommend --catalog catalog-N.json --distance ultra --terrain technical --json`,",
            "warm (its cache primed once, untimed), against a plain `json.load` of the same",
            f"file, in the same {args.repeats} rounds; medians; CPU is user + system.",
            "",
            "| products | run | CPU s | vs json.load | wall s | peak RSS MB |",
            "| ---: | --- | ---: | ---: | ---: | ---: |",
            *whole,
            "",
            "## The candidates",
            "",
            *said,
            "",
        ]
    )


SAFETY = {
    "today": "safe: JSON and base64 cannot run code, and every column is checked on load",
    "JSON lists": "safe, checked the same way as today's",
    "marshal": "not safe: Python's documentation says marshal is not secure against "
    "erroneous or maliciously constructed data; for reference only",
    "array/struct": "safe: a struct header, JSON and raw words, checked for length and range "
    "as today's; tied to this machine's byte order and word size, as today's is",
    "pickle": "not safe: loading a pickle can run code (the format before issue 12); for "
    "reference only, and nothing is checked on load",
    "orjson": "would be safe (JSON); not a dependency",
    "msgspec": "would be safe (JSON); not a dependency",
}


def notes(size: int, samples: dict[str, list[dict[str, float]]]) -> list[str]:
    """A sentence per candidate: its safety, and its speed at `size` products."""
    today = statistics.median(s["cpu"] for s in samples["today"])
    lines = []
    for name in CANDIDATES:
        if name not in samples:
            lines.append(f"- **{name}**: {SAFETY[name]}; not installed, not measured.")
            continue
        cpu = statistics.median(s["cpu"] for s in samples[name])
        rss = max(s["rss"] for s in samples[name])
        ratio = "the reference" if name == "today" else f"{cpu / today:.2f}x today's"
        speed = f"{cpu:.3f} CPU s at {size:,} products ({ratio}), peak {rss:.0f} MB"
        lines.append(f"- **{name}**: {SAFETY[name]}; {speed}.")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="catalog sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--out", type=Path, default=BENCH / "FORMATS.md", help="Markdown file")
    parser.add_argument(
        "--catalog-dir", type=Path, default=BENCH / "out", help="where catalog-N.json are"
    )
    parser.add_argument(
        "--prepare", nargs=3, metavar=("SIZE", "FILE", "DIR"), help=argparse.SUPPRESS
    )
    parser.add_argument("--load", nargs=2, metavar=("NAME", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--parts", nargs=2, metavar=("NAME", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(int(args.prepare[0]), Path(args.prepare[1]), Path(args.prepare[2]))
        return 0
    if args.load:
        load(args.load[0], Path(args.load[1]))
        return 0
    if args.parts:
        parts(args.parts[0], Path(args.parts[1]))
        return 0
    args.argv = sys.argv[1:] if argv is None else argv
    args.sizes = [int(s) for s in args.sizes.split(",")]
    text = run(args)
    args.out.write_text(text)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
