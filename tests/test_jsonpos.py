"""Positions found in a JSON text are those the YAML composer gives (sources/jsonpos.py)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.sources.jsonpos import JsonPositions
from sockadvisor.sources.yamlsource import Document, Path

keys = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=6
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def composed(text: str, path: Path) -> tuple[int, int]:
    """Today's answer: the position from the composed YAML node tree."""
    return Document("f.json", text, None, compose_on_demand=True).position(path)


def paths_in(data: Any, prefix: Path = ()) -> list[Path]:
    """Every path into `data`, and one past each container's end (a missing child)."""
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths_in(value, (*prefix, key))
        out.append((*prefix, "no such key"))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += paths_in(value, (*prefix, i))
        out += [(*prefix, len(data)), (*prefix, "0")]
    return out


@settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(keys, values, max_size=5) | st.lists(values, max_size=5),
    indent=st.sampled_from([None, 1, 2, 4]),
    compact=st.booleans(),
    ascii_only=st.booleans(),
)
def test_every_position_is_the_composed_one(
    data: Any, indent: int | None, compact: bool, ascii_only: bool
) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=ascii_only)
    fast = Document("f.json", text, None, compose_on_demand=True, locate=JsonPositions(text))
    for path in paths_in(data):
        assert fast.position(path) == composed(text, path), (text, path)
    if "\\ud" not in text.lower():  # no surrogate escape: answered without a node tree
        assert fast.root is None and fast.compose_on_demand


def test_a_catalog_like_file() -> None:
    data = {
        "version": 1,
        "products": [
            {"sku": f"A-{i}", "price": 10 + i, "sizes": [{"label": "M", "calf_cm": {"min": 30}}]}
            for i in range(30)
        ],
    }
    for indent in (None, 2):
        text = json.dumps(data, indent=indent) + "\n"
        locate = JsonPositions(text)
        for path in [("products", 7, "price"), ("products", 29, "sizes", 0, "calf_cm", "min")]:
            assert locate(path) == composed(text, path)


def test_tabs_and_carriage_returns_are_left_to_the_composer() -> None:
    for text in ['{\t"a": 1}', '{"a":\r\n 1}']:
        assert JsonPositions(text)(("a",)) is None
        assert Document(
            "f.json", text, None, compose_on_demand=True, locate=JsonPositions(text)
        ).position(("a",)) == (composed(text, ("a",)))


def test_a_key_too_long_for_yaml_is_left_to_the_composer() -> None:
    text = json.dumps({"k" * 1100: 1, "b": 2})
    assert JsonPositions(text)(("b",)) is None
