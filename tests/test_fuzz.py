"""Fuzzing the loaders: whatever bytes come in, only documented errors come out.

Random and mutated YAML, JSON and CSV go through every loader (catalog, rules, profile,
CSV import). The only exceptions allowed are the program's own (each an exit code and
one line per problem); anything else would reach a user as "internal error".

`.ci/run` runs this file again with SOCKADVISOR_FUZZ_EXAMPLES raised, as a bounded fuzz
pass; the default keeps the ordinary test run quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sockadvisor.errors import SockadvisorError
from sockadvisor.render.csvout import export_csv
from sockadvisor.sources.catalog import load_catalog, load_profile, load_rules
from sockadvisor.sources.csv_import import import_csv
from sockadvisor.sources.jsonsource import parse_json
from sockadvisor.sources.yamlsource import decode

EXAMPLES = int(os.environ.get("SOCKADVISOR_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

DATA = Path(__file__).parents[1] / "data"
SEEDS = {
    "catalog": (DATA / "catalog.yaml").read_bytes()[:6000],
    "rules": (DATA / "rules.yaml").read_bytes()[:6000],
    "profile": b"distance: ultra\nterrain: technical\ncalf_cm: 38\nshoe_us: '9'\n",
    "csv": export_csv(load_catalog(None).products[:6]).encode(),
}
YAML_BITS = [
    b": ",
    b"- ",
    b"\n",
    b"  ",
    b"\t",
    b"&a ",
    b"*a",
    b"!!python/name:os.system",
    b"<<: ",
    b"---\n",
    b"'",
    b'"',
    b"[",
    b"]",
    b"{",
    b"}",
    b"#",
    b"? ",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xe9",
    b".nan",
    b"1e999",
    b"9" * 50,
    b"~",
    b"yes",
    b"012",
    b"12:30",
    b"2024-01-01",
]
CSV_BITS = [b",", b";", b'"', b"\n", b"\r\n", b":", b"-", b"%", b"yes", b"", b"\xe9", b"\x00"]


def _only_documented(load: Callable[[], Any]) -> None:
    try:
        load()
    except SockadvisorError as exc:
        lines = exc.lines()
        assert lines and all(line and "\n" not in line for line in lines)
        assert all(len(line) < 1000 for line in lines)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, bits: list[bytes]) -> bytes:
    """The seed with a few random edits: deletions, insertions of tricky bits, bit flips."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "cut"]))
        if action == "insert":
            data[where:where] = draw(st.sampled_from(bits))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 40))]
        elif action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[where:]
    return bytes(data)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@FUZZ
@given(data=st.one_of(mutated(SEEDS["catalog"], YAML_BITS), st.binary(max_size=300)))
def test_catalog_loader(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "catalog.yaml", data)
    _only_documented(lambda: load_catalog(path, use_cache=False))


@FUZZ
@given(data=st.one_of(mutated(SEEDS["rules"], YAML_BITS), st.binary(max_size=300)))
def test_rules_loader(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "rules.yaml", data)
    _only_documented(lambda: load_rules(path, use_cache=False))


@FUZZ
@given(data=st.one_of(mutated(SEEDS["profile"], YAML_BITS), st.binary(max_size=200)))
def test_profile_loader(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "profile.yaml", data)
    _only_documented(lambda: load_profile(path))


@FUZZ
@given(data=st.one_of(mutated(SEEDS["csv"], CSV_BITS), st.binary(max_size=300)))
def test_csv_import(data: bytes) -> None:
    _only_documented(lambda: import_csv("products.csv", data))


@FUZZ
@given(text=st.text(max_size=200))
def test_json_loader(text: str) -> None:
    _only_documented(lambda: parse_json("c.json", decode("c.json", text.encode())))


@FUZZ
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_any_json_value_as_a_catalog(tmp_path: Path, value: object) -> None:
    import json

    path = _write(tmp_path, "catalog.json", json.dumps(value).encode())
    _only_documented(lambda: load_catalog(path, use_cache=False))
