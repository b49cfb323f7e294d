"""JSON Schemas generated from the pydantic models, for editors and a shop's own checks.

The package ships them as `sockadvisor/schemas/KIND.schema.json` (kept equal to these by
tests/test_schema.py); files the tool writes name the installed copy on their first line
(`schema_reference`), so that editors validate as one types (docs/shop-guide.md#schemas).
The output schema follows the promise of docs/json-output.md: objects are open, every
field is present, `schema_version` and `document` are fixed per document.
"""

from __future__ import annotations

import json
from typing import Any, Union, cast

from pydantic import BaseModel

from sockadvisor.domain.models import Catalog
from sockadvisor.domain.profile import ProfileFile
from sockadvisor.domain.rules import RuleSet
from sockadvisor.domain.storemap import StoreMap

MODELS: dict[str, type[BaseModel]] = {
    "catalog": Catalog,
    "rules": RuleSet,
    "profile": ProfileFile,
    "map": StoreMap,
}


KINDS = (*MODELS, "output")


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of a file kind, or of every JSON output ("output": one of them)."""
    if kind == "output":
        from pydantic import TypeAdapter

        from sockadvisor.domain.results import DOCUMENTS

        union: TypeAdapter[Any] = TypeAdapter(cast(Any, Union[DOCUMENTS]))  # noqa: UP007
        schema = {"title": "sockadvisor JSON output", **union.json_schema(mode="serialization")}
        for definition in schema["$defs"].values():
            _open_and_complete(definition)
    else:
        schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _open_and_complete(definition: dict[str, Any]) -> None:
    """An output object: open to fields a later version adds, and every field it has now
    present in every document (a dump writes each one, null when unknown)."""
    if definition.get("type") != "object":
        return
    definition.pop("additionalProperties", None)
    if "properties" in definition:
        definition["required"] = list(definition["properties"])


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=True) + "\n"


def schema_reference(kind: str) -> str:
    """The first line of a file the tool writes: yaml-language-server's `$schema` comment
    naming the installed schema by an absolute file: URI (it resolves wherever the file
    is, for as long as this installation of sockadvisor stays where it is)."""
    from importlib import resources
    from pathlib import Path

    path = Path(str(resources.files("sockadvisor") / "schemas" / f"{kind}.schema.json"))
    return f"# yaml-language-server: $schema={path.resolve().as_uri()}\n"
