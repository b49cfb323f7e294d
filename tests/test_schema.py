"""The JSON Schemas in docs/ match the models, and the bundled data names them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sockadvisor.domain.schema import KINDS, schema_text

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("kind", KINDS)
def test_docs_schema_is_current(kind: str) -> None:
    path = ROOT / "docs" / "schema" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), (
        f'regenerate with: python -c "from sockadvisor.domain.schema import schema_text; '
        f"open('{path.relative_to(ROOT)}', 'w').write(schema_text('{kind}'))\""
    )
    schema = json.loads(schema_text(kind))
    assert schema.get("additionalProperties") is False or "anyOf" in schema


@pytest.mark.parametrize(("data", "kind"), [("catalog.yaml", "catalog"), ("rules.yaml", "rules")])
def test_bundled_yaml_names_its_schema(data: str, kind: str) -> None:
    first = (ROOT / "data" / data).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../docs/schema/{kind}.schema.json"
