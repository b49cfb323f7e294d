"""Deterministic synthetic catalogs for the benchmark: valid, varied, any size.

    python bench/gen_catalog.py 10000                 # writes bench/out/catalog-10000.yaml
    python bench/gen_catalog.py 1000 --check          # ... and validates it with sockadvisor
    python bench/gen_catalog.py 1000 --json --check   # ... plus bench/out/catalog-1000.json

The products follow the spread of the bundled sample catalog (data/catalog.yaml):
20 invented brands; about 35% plain socks and 65% compression socks, whose mmHg
ranges, lengths, fibre blends, cushion, reinforced zones, construction flags, size
charts and prices vary the way real ones do. Fields the schema allows to be left
out (cushion, reinforcement, seamless_toe, toe_socks, mesh_ventilation, notes) are
sometimes left out. Every SKU is unique. The same size and seed always give the same
bytes, and the first line of the file names the generator version and seed, so the
benchmark can reuse a file it wrote before.

The YAML is built by hand (flow mappings, one product after another, as in the
bundled catalog) because yaml.safe_dump is too slow for 100,000 products.

The JSON copy (catalog-N.json, for sockadvisor's JSON catalogs) holds the same data, built
from the same records with json.dumps, one product per line; no YAML is parsed. JSON has
no comments, so its fingerprint (generator version, seed, size, and a hash of the file)
is kept beside it in catalog-N.json.stamp.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240917
OUT_DIR = Path(__file__).resolve().parent / "out"

# (code, brand, price factor, share of the range that is compression)
BRANDS: tuple[tuple[str, str, float, float], ...] = (
    ("ALP", "Alpenglow Stride", 1.15, 0.70),
    ("BRK", "Brackenridge", 0.95, 0.60),
    ("CNY", "Canyonline", 1.00, 0.65),
    ("DRM", "Drumlin Athletic", 1.05, 0.75),
    ("ESK", "Esker & Vale", 1.20, 0.80),
    ("FJL", "Fjellgang", 1.25, 0.70),
    ("GRT", "Gritstone Run Co.", 0.85, 0.55),
    ("HLW", "Hollowmere", 0.90, 0.40),
    ("IBX", "Ibex Ridge", 1.10, 0.70),
    ("JNP", "Juniper Trailworks", 1.00, 0.60),
    ("KST", "Kestrel Peak", 1.05, 0.75),
    ("LMN", "Limestone Labs", 1.10, 0.85),
    ("MSH", "Marshlight", 0.80, 0.45),
    ("NRD", "Nordlys Endurance", 1.20, 0.75),
    ("OXB", "Oxbow Motion", 0.90, 0.60),
    ("PRM", "Pramble", 0.75, 0.50),
    ("QRY", "Quarryside", 0.95, 0.65),
    ("RVN", "Ravenscar", 1.00, 0.70),
    ("SCR", "Scarp & Tor", 1.15, 0.80),
    ("TWL", "Twilight Fell", 0.85, 0.50),
)

# (min, max, weight): ankle pressure ranges in mmHg, most of them 15-20.
MMHG_RANGES: tuple[tuple[int, int, int], ...] = (
    (15, 20, 40),
    (20, 30, 15),
    (8, 15, 9),
    (10, 15, 8),
    (18, 22, 7),
    (25, 30, 7),
    (30, 40, 5),
    (12, 15, 4),
    (15, 15, 2),
    (20, 20, 3),
)

LENGTH_CODES = {
    "no_show": "NS",
    "ankle": "AN",
    "quarter": "QT",
    "micro_crew": "MC",
    "crew": "CR",
    "knee_high": "KH",
}
COMPRESSION_LENGTHS = (("knee_high", 72), ("crew", 22), ("micro_crew", 4), ("quarter", 2))
PLAIN_LENGTHS = (
    ("no_show", 14),
    ("ankle", 18),
    ("quarter", 20),
    ("micro_crew", 20),
    ("crew", 24),
    ("knee_high", 4),
)
CUSHIONS = (("none", 3), ("ultra_light", 22), ("light", 38), ("medium", 25), ("max", 12))
ZONES = ("heel", "toe", "achilles", "ball", "shin")
LABELS = ("XS", "S", "M", "L", "XL", "XXL")

NAME_FIRST = (
    "Summit", "Ridge", "Scree", "Tempo", "Switchback", "Talus", "Cirque", "Gully",
    "Boulder", "Contour", "Col", "Bothy", "Moorland", "Heather", "Bracken", "Tarn",
    "Corrie", "Spur", "Traverse", "Saddle", "Cairn", "Slate", "Flint", "Basalt",
    "Drift", "Zephyr", "Ember", "Frost", "Sundown", "Daybreak",
)  # fmt: skip
NAME_SECOND = (
    "Grade", "Runner", "Trail", "Climb", "Descent", "Miler", "Pacer", "Strider",
    "Rover", "Scramble", "Dash", "Loop", "Crossing", "Line", "Way",
)  # fmt: skip
COMPRESSION_SUFFIX = {
    "knee_high": ("OTC", "Knee", "Knee-High", "Graduated Knee", "Compression OTC"),
    "crew": ("Crew", "Compression Crew", "Graduated Crew"),
    "micro_crew": ("Micro Compression", "Support Micro"),
    "quarter": ("Support Quarter",),
}
PLAIN_SUFFIX = {
    "no_show": ("No-Show", "Invisible", "Low"),
    "ankle": ("Ankle", "Tab Ankle"),
    "quarter": ("Quarter", "Trail Quarter"),
    "micro_crew": ("Micro Crew", "Micro"),
    "crew": ("Crew", "Trail Crew", "Hiker Crew"),
    "knee_high": ("Knee Sock", "Long Sock"),
}
EDITIONS = ("", "", "", "", " Lite", " Cushion", " Pro", " Merino", " Vent", " Winter", " II")
NOTES = (
    "Graduated leg with a reinforced Achilles tab for rocky descents.",
    "Thin ventilated knit for hot races and summer trails.",
    "Full terry footbed for long days on the hill.",
    "Merino-rich knit for cold and wet winter runs.",
    "Dense-knit cuff that keeps grit and seeds out.",
    "Hand-linked toe seam that lies flat under the toes.",
    "Budget sock sold in multipacks.",
    "Padded shin panel for overgrown trails.",
    "The maker does not publish a cushion level.",
    "Recovery sock for wearing around the house after long runs.",
    "Mild pressure for long flights and days at a desk.",
    "Silver yarn in the footbed to limit odour.",
)

_PLAIN_SCALAR = re.compile(r"^[A-Za-z](?:[A-Za-z0-9 _.,;&'()/-]*[A-Za-z0-9.)])?$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    values = [v for v, _ in weighted]
    weights = [w for _, w in weighted]
    return rng.choices(values, weights)[0]


def _scalar(text: str, in_flow: bool = False) -> str:
    """Text as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    if (
        _PLAIN_SCALAR.match(text)
        and ": " not in text
        and " #" not in text
        and text.lower() not in _YAML_WORDS
        and not (in_flow and "," in text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _materials(rng: random.Random, compressed: bool) -> dict[str, int]:
    """2-4 fibres whose whole-number percentages add up to exactly 100."""
    if compressed:
        stretch = rng.randint(10, 32)
        base = _pick(rng, (("nylon", 80), ("polyester", 10), ("merino", 10)))
        extras = ["polyester", "merino", "nylon", "polypropylene", "silver"]
    else:
        stretch = rng.randint(2, 8)
        base = _pick(
            rng,
            (
                ("polyester", 30),
                ("nylon", 22),
                ("merino", 22),
                ("polypropylene", 8),
                ("bamboo", 6),
                ("cotton", 6),
                ("acrylic", 6),
            ),
        )
        extras = ["nylon", "polyester", "merino", "polypropylene", "acrylic", "silver"]
    extras = [f for f in extras if f != base]
    n_extra = _pick(rng, ((0, 20), (1, 55), (2, 25)))
    chosen = rng.sample(extras, n_extra)
    out: dict[str, int] = {}
    rest = 100 - stretch
    if "silver" in chosen:
        chosen.remove("silver")
        silver = rng.randint(1, 3)
        rest -= silver
    else:
        silver = 0
    # The base fibre takes most; the others share what is left (each at least 1%).
    for fibre in chosen:
        share = rng.randint(max(1, rest // 8), max(1, rest // 3))
        out[fibre] = share
    out = {base: rest - sum(out.values()), **out}
    out["elastane"] = stretch
    if silver:
        out["silver"] = silver
    return out


def _reinforcement(rng: random.Random, compressed: bool) -> list[str] | None:
    """A subset of zones, heel nearly always first; None = the key is left out."""
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.09:
        return []
    zones = ["heel"] if rng.random() < 0.97 else []
    odds = {"toe": 0.8, "achilles": 0.25, "ball": 0.25, "shin": 0.12 if compressed else 0.02}
    zones += [z for z in ZONES[1:] if rng.random() < odds[z]]
    return zones


def _sizes(rng: random.Random, compressed: bool) -> list[dict[str, Any]]:
    """3-5 size rows, smallest first; compression rows carry calf_cm and ankle_cm."""
    count = _pick(rng, ((3, 35), (4, 50), (5, 15)))
    first = rng.randint(0, min(2, len(LABELS) - count))  # XS.., S.. or M..
    width = rng.choice((2, 3))
    shoe = 33 + 2 * first + rng.randint(0, 2)
    calf = rng.randint(25, 30)
    calf_width = rng.randint(4, 6)
    ankle = rng.randint(17, 19)
    ankle_width = rng.randint(3, 4)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        shoe_max = min(54, shoe + i * (width + 1) + width)
        shoe_min = min(shoe + i * (width + 1), shoe_max)
        row: dict[str, Any] = {"label": LABELS[first + i]}
        if compressed:
            calf_min = calf + i * calf_width
            ankle_min = ankle + i * (ankle_width - 1)
            row["calf_cm"] = {"min": calf_min, "max": calf_min + calf_width}
            row["ankle_cm"] = {"min": ankle_min, "max": ankle_min + ankle_width}
        row["shoe_eu"] = {"min": shoe_min, "max": shoe_max}
        rows.append(row)
    return rows


def _flag(rng: random.Random, true: float, false: float) -> bool | None:
    roll = rng.random()
    if roll < true:
        return True
    if roll < true + false:
        return False
    return None


@dataclass
class Spread:
    """What a generated catalog holds, for the results file."""

    products: int = 0
    compression: int = 0
    lengths: Counter[str] = field(default_factory=Counter)
    mmhg: Counter[str] = field(default_factory=Counter)
    no_cushion: int = 0

    def summary(self) -> str:
        share = 100 * self.compression / max(1, self.products)
        top = ", ".join(f"{k} {v}" for k, v in self.mmhg.most_common(4))
        lengths = ", ".join(f"{k} {v}" for k, v in self.lengths.most_common())
        return (
            f"{self.products:,} products, {share:.0f}% compression (mmHg: {top}, ...); "
            f"lengths: {lengths}; cushion unstated: {self.no_cushion}"
        )


def records(count: int, seed: int, spread: Spread | None = None) -> Iterator[dict[str, Any]]:
    """Each product as plain data, exactly what a YAML loader reads back from the file."""
    rng = random.Random(seed)
    spread = spread if spread is not None else Spread()
    for index in range(count):
        code, brand, factor, compression_share = BRANDS[rng.randrange(len(BRANDS))]
        compressed = rng.random() < compression_share
        compression: dict[str, Any] | None = None
        if compressed:
            low, high = _pick(rng, tuple(((lo, hi), w) for lo, hi, w in MMHG_RANGES))
            compression = {"min_mmhg": low, "max_mmhg": high, "graduated": rng.random() < 0.9}
            length = _pick(rng, COMPRESSION_LENGTHS)
            price = (24 + 0.9 * high + rng.uniform(-6, 10)) * factor
            suffix = rng.choice(COMPRESSION_SUFFIX[length])
            band = f"{low:02d}{high:02d}"
            spread.mmhg[f"{low}-{high}" if low != high else str(low)] += 1
            spread.compression += 1
        else:
            length = _pick(rng, PLAIN_LENGTHS)
            price = (10 + 3 * list(LENGTH_CODES).index(length) + rng.uniform(0, 8)) * factor
            suffix = rng.choice(PLAIN_SUFFIX[length])
            band = "00"
        spread.products += 1
        spread.lengths[length] += 1
        # Whole units plus a shop's usual cents, from 10.00 to 69.95.
        price = int(min(69.0, max(10.0, price))) + rng.choice((0.0, 0.25, 0.5, 0.75, 0.95))
        name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)} {suffix}"
        record: dict[str, Any] = {
            "sku": f"{code}-{LENGTH_CODES[length]}-{band}-{index:06d}",
            "brand": brand,
            "name": name + rng.choice(EDITIONS),
            "price": price,
            "compression": compression,
            "length": length,
            "materials": _materials(rng, compressed),
        }
        if rng.random() < 0.9:
            record["cushion"] = _pick(rng, CUSHIONS)
        else:
            spread.no_cushion += 1
        zones = _reinforcement(rng, compressed)
        if zones is not None:
            record["reinforcement"] = zones
        for key, true, false in (
            ("seamless_toe", 0.75, 0.15),
            ("toe_socks", 0.01 if compressed else 0.06, 0.86),
            ("mesh_ventilation", 0.55, 0.35),
        ):
            value = _flag(rng, true, false)
            if value is not None:
                record[key] = value
        record["sizes"] = _sizes(rng, compressed)
        if rng.random() < 0.7:
            record["notes"] = rng.choice(NOTES)
        yield record


def _flow(value: Any, in_flow: bool = False) -> str:
    """A value in YAML flow style (the inline {a: 1} and [a, b] of the bundled catalog)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, True) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    return _scalar(str(value), in_flow)


def render(record: dict[str, Any]) -> str:
    """One product as a block of the products list; sizes one row per line."""
    lines: list[str] = []
    for key, value in record.items():
        lead = "  - " if not lines else "    "
        if key == "sizes":
            lines.append(f"{lead}sizes:")
            lines.extend(f"      - {_flow(row)}" for row in value)
        else:
            lines.append(f"{lead}{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


NOTE = "Generated by bench/gen_catalog.py; invented brands, not real products."


def title(count: int) -> str:
    return f"sockadvisor synthetic benchmark catalog ({count:,} products)"


def header(count: int, seed: int) -> str:
    """The first line identifies the generator and seed; the benchmark checks it."""
    return (
        f"# sockadvisor bench synthetic catalog: generator v{GENERATOR_VERSION}, "
        f"seed {seed}, {count} products\n"
    )


def catalog_text(count: int, seed: int = DEFAULT_SEED, spread: Spread | None = None) -> str:
    head = (
        header(count, seed)
        + "#\n"
        + "# SYNTHETIC DATA for bench/run.py: invented brands, randomised specs.\n"
        + "# Regenerate with: python bench/gen_catalog.py "
        + f"{count} --seed {seed}\n\n"
        + "version: 1\n"
        + f"title: {_scalar(title(count))}\n"
        + f"note: {_scalar(NOTE)}\n\n"
        + "products:\n"
    )
    return head + "\n".join(render(r) for r in records(count, seed, spread))


def catalog_path(count: int, out_dir: Path = OUT_DIR) -> Path:
    return out_dir / f"catalog-{count}.yaml"


def ensure_catalog(
    count: int, seed: int = DEFAULT_SEED, out_dir: Path = OUT_DIR
) -> tuple[Path, bool, Spread | None]:
    """The catalog file for `count` products: reused if it was written by this generator
    version with this seed, else (re)written atomically. Returns (path, written, spread);
    spread is None for a reused file."""
    path = catalog_path(count, out_dir)
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            if handle.readline() == header(count, seed):
                return path, False, None
    out_dir.mkdir(parents=True, exist_ok=True)
    spread = Spread()
    text = catalog_text(count, seed, spread)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path, True, spread


def spread_of(count: int, seed: int = DEFAULT_SEED) -> Spread:
    """Recompute the spread of a catalog without writing it (cheap: no YAML is parsed)."""
    spread = Spread()
    for _ in records(count, seed, spread):
        pass
    return spread


JSON_LAYOUT = 1  # bump when the JSON file's layout changes (its data follows the generator)


def json_path(count: int, out_dir: Path = OUT_DIR) -> Path:
    return out_dir / f"catalog-{count}.json"


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".stamp")


def _digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _json_stamp(count: int, seed: int, digest: str) -> str:
    return f"{header(count, seed).strip()}; json layout {JSON_LAYOUT}; blake2b {digest}\n"


def write_json(path: Path, count: int, seed: int = DEFAULT_SEED) -> None:
    """The catalog as JSON: the same data as the YAML file, one product per line.

    Streamed record by record, so even 100,000 products never sit in memory at once.
    """
    head = {"version": 1, "title": title(count), "note": NOTE}
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "products": [\n')
        for index, record in enumerate(records(count, seed)):
            if index:
                handle.write(",\n")
            handle.write(json.dumps(record, ensure_ascii=False))
        handle.write("\n]}\n")


def ensure_json_catalog(
    count: int, seed: int = DEFAULT_SEED, out_dir: Path = OUT_DIR
) -> tuple[Path, bool]:
    """The JSON copy for `count` products: reused if its stamp names this generator
    version, seed and layout and the file still has the hash recorded there, else
    (re)written atomically. Returns (path, written)."""
    path = json_path(count, out_dir)
    stamp = _stamp_path(path)
    if path.exists() and stamp.exists():
        if stamp.read_text(encoding="utf-8") == _json_stamp(count, seed, _digest(path)):
            return path, False
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    write_json(tmp, count, seed)
    stamp.unlink(missing_ok=True)
    os.replace(tmp, path)
    stamp.write_text(_json_stamp(count, seed, _digest(path)), encoding="utf-8")
    return path, True


def catalog_data(count: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The whole catalog as plain data (what loading the file gives), without any YAML."""
    return {
        "version": 1,
        "title": title(count),
        "note": NOTE,
        "products": list(records(count, seed)),
    }


def check(path: Path) -> int:
    """Validate with sockadvisor's own loader (JSON for a .json name); the product count."""
    from sockadvisor.sources.catalog import load_catalog

    return len(load_catalog(str(path), use_cache=False).products)


def same_catalog(yaml_file: Path, json_file: Path) -> bool:
    """Whether sockadvisor reads the same catalog from both files (cache bypassed)."""
    from sockadvisor.sources.catalog import load_catalog

    yaml_catalog = load_catalog(str(yaml_file), use_cache=False).catalog
    return bool(load_catalog(str(json_file), use_cache=False).catalog == yaml_catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many products")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="file to write (default: bench/out/catalog-N.yaml); JSON if its name ends in .json",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="also write (or reuse) the JSON copy, bench/out/catalog-N.json",
    )
    parser.add_argument(
        "--check", action="store_true", help="validate it with sockadvisor's loader"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    paths: list[Path] = []
    if args.out is None:
        path, written, _ = ensure_catalog(args.count, args.seed)
        print(f"{'wrote' if written else 'reused'} {path}", file=sys.stderr)
        paths.append(path)
        if args.json:
            path, written = ensure_json_catalog(args.count, args.seed)
            print(f"{'wrote' if written else 'reused'} {path}", file=sys.stderr)
            paths.append(path)
    else:
        path = args.out
        if path.name.lower().endswith(".json"):
            write_json(path, args.count, args.seed)
        else:
            path.write_text(catalog_text(args.count, args.seed), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
        paths.append(path)
    print(spread_of(args.count, args.seed).summary(), file=sys.stderr)
    if args.check:
        for path in paths:
            print(f"valid: {path}: {check(path):,} products", file=sys.stderr)
        if len(paths) == 2:
            same = same_catalog(*paths)
            print(f"same catalog in YAML and JSON: {'yes' if same else 'NO'}", file=sys.stderr)
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
