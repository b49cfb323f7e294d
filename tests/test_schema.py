"""The JSON Schemas shipped in the package match the models, say what docs/json-output.md
promises, and the bundled data names them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sockadvisor.domain.results import DOCUMENTS, SCHEMA_VERSION
from sockadvisor.domain.schema import KINDS, json_schema, schema_reference, schema_text

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "src" / "sockadvisor" / "schemas"


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_current(kind: str) -> None:
    path = SHIPPED / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), (
        f'regenerate with: python -c "from sockadvisor.domain.schema import schema_text; '
        f"open('{path.relative_to(ROOT)}', 'w').write(schema_text('{kind}'))\""
    )


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in schema.get("$defs", {}).values() if d.get("type") == "object"]


@pytest.mark.parametrize("kind", ["catalog", "rules", "profile", "map"])
def test_input_schemas_are_closed(kind: str) -> None:
    # a misspelt key in a shop's file is an error (docs/catalog-format.md), so editors flag it
    schema = json_schema(kind)
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in _objects(schema))


def test_output_schema_is_open_and_complete() -> None:
    # docs/json-output.md "The promise": new fields may be added to any object; every field
    # of the current version is always present
    schema = json_schema("output")
    objects = _objects(schema)
    assert len(objects) > 20
    for definition in objects:
        assert "additionalProperties" not in definition, definition["title"]
        assert definition["required"] == list(definition["properties"]), definition["title"]
    documents = [d["$ref"].rsplit("/", 1)[1] for d in schema["anyOf"]]
    for name in documents:
        properties = schema["$defs"][name]["properties"]
        assert list(properties)[:2] == ["schema_version", "document"]
        assert properties["schema_version"]["const"] == SCHEMA_VERSION
    consts = [schema["$defs"][n]["properties"]["document"]["const"] for n in documents]
    assert len(set(consts)) == len(consts) == len(DOCUMENTS)


@pytest.mark.parametrize(("data", "kind"), [("catalog.yaml", "catalog"), ("rules.yaml", "rules")])
def test_bundled_yaml_names_its_schema(data: str, kind: str) -> None:
    # relative to the data folder: sockadvisor/data -> sockadvisor/schemas when installed
    # (tests/test_schema_wheel.py), data -> schemas in a clone, where schemas is a link to
    # src/sockadvisor/schemas for editors (an sdist has no such link)
    first = (ROOT / "data" / data).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    assert (SHIPPED / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize("kind", ["catalog", "rules", "profile"])
def test_schema_reference_names_the_installed_copy(kind: str) -> None:
    line = schema_reference(kind)
    prefix = "# yaml-language-server: $schema=file:///"
    assert line.startswith(prefix) and line.endswith(f"/{kind}.schema.json\n")
    path = Path(line.removeprefix("# yaml-language-server: $schema=file://").strip())
    assert json.loads(path.read_text(encoding="utf-8")) == json_schema(kind)
