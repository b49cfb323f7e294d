"""Schema errors: every one at once, sorted, with position, path and a fix."""

from __future__ import annotations

import pytest

from sockadvisor.domain.models import Catalog
from sockadvisor.errors import DataError
from sockadvisor.sources.catalog import describe_products
from sockadvisor.sources.validation import validate
from sockadvisor.sources.yamlsource import parse

GOOD_SIZE = "{label: M, shoe_eu: {min: 39, max: 42}, calf_cm: {min: 33, max: 38}}"


def errors(text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(parse("c.yaml", text), Catalog, "catalog", describe_products)
    return info.value.lines()


def test_empty_and_wrong_top_level() -> None:
    assert errors("# nothing\n") == ["c.yaml:1:1: the catalog is empty; see the docs"]
    assert errors("- a\n- b\n") == [
        "c.yaml:1:1: the catalog must be a mapping (key: value) at the top, not a list"
    ]


def test_every_error_at_once_sorted_with_hints() -> None:
    text = f"""title: t
products:
  - sku: A-1
    brand: NO
    name: Good
    price: "12"
    compression: {{min_mmhg: 20, max_mmhg: 15, graduated: true}}
    length: crews
    materials: {{nylon: 80, elastane: 10}}
    sizes: [{GOOD_SIZE}]
    colour: red
"""
    assert errors(text) == [
        "c.yaml:4:12: products[0] (A-1).brand: should be text, but YAML read a boolean "
        "(yes/no/on/off/true/false); put it in quotes",
        "c.yaml:6:12: products[0] (A-1).price: input should be a valid number, not text "
        "(no quotes around numbers and booleans)",
        "c.yaml:7:18: products[0] (A-1).compression: min_mmhg must not be above max_mmhg; "
        "swap them",
        "c.yaml:8:13: products[0] (A-1).length: input should be 'no_show', 'ankle', "
        "'quarter', 'micro_crew', 'crew' or 'knee_high'",
        "c.yaml:9:16: products[0] (A-1).materials: fibre percentages add up to 90, not 100; "
        "correct them",
        "c.yaml:11:13: products[0] (A-1).colour: unknown field 'colour'; remove it",
    ]


def test_missing_field_and_typo_suggestion() -> None:
    text = """title: t
products:
  - sku: A-1
    brand: B
    nmae: N
    price: 10
    compression: null
    length: crew
    materials: {nylon: 100}
    sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]
"""
    assert errors(text) == [
        "c.yaml:3:5: products[0] (A-1).name: required field is missing; add it",
        "c.yaml:5:11: products[0] (A-1).nmae: unknown field 'nmae'; did you mean 'name'?",
    ]


def test_range_and_nan_and_control_characters() -> None:
    text = """title: t
products:
  - sku: A-1
    brand: "B\\e[2J"
    name: N
    price: .nan
    compression: {min_mmhg: 15, max_mmhg: 90, graduated: true}
    length: knee_high
    materials: {nylon: 100}
    sizes: [{label: M, shoe_eu: {min: 39, max: 42}}]
"""
    lines = errors(text)
    assert lines[0].startswith("c.yaml:4:12: products[0] (A-1).brand: contains the control")
    assert lines[1] == (
        "c.yaml:6:12: products[0] (A-1).price: must be a finite number "
        "(.nan, .inf and numbers too large to read, beyond about 1.8e308, are not allowed)"
    )
    assert lines[2] == (
        "c.yaml:7:43: products[0] (A-1).compression.max_mmhg: input should be less than "
        "or equal to 50"
    )


def test_a_compression_chart_gives_calf_on_every_size_or_none_and_sizes_in_order() -> None:
    text = """title: t
products:
  - sku: A-1
    brand: B
    name: N
    price: 40
    compression: {min_mmhg: 15, max_mmhg: 20, graduated: true}
    length: knee_high
    materials: {nylon: 100}
    sizes: [{label: M, shoe_eu: {min: 39, max: 42}, calf_cm: {min: 33, max: 38}},
            {label: L, shoe_eu: {min: 43, max: 46}}]
  - sku: A-2
    brand: B
    name: N
    price: 15
    compression: null
    length: crew
    materials: {nylon: 100}
    sizes: [{label: L, shoe_eu: {min: 43, max: 46}}, {label: M, shoe_eu: {min: 39, max: 42}}]
"""
    lines = errors(text)
    assert "give calf_cm on every size or on none" in lines[0]
    assert lines[1].startswith("c.yaml:19:12: products[1] (A-2).sizes: size M comes after L")
