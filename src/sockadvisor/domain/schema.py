"""JSON Schemas generated from the pydantic models, for editors and a shop's own checks.

The files in docs/schema/ are these schemas, kept in sync by a test; the bundled YAML
files name them on their first line so that editors validate as one types.
"""

from __future__ import annotations

import json
from typing import Any, Union, cast

from pydantic import BaseModel

from sockadvisor.domain.models import Catalog
from sockadvisor.domain.profile import ProfileFile
from sockadvisor.domain.rules import RuleSet

MODELS: dict[str, type[BaseModel]] = {
    "catalog": Catalog,
    "rules": RuleSet,
    "profile": ProfileFile,
}


KINDS = (*MODELS, "output")


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of a file kind, or of every JSON output ("output": one of them)."""
    if kind == "output":
        from pydantic import TypeAdapter

        from sockadvisor.domain.results import DOCUMENTS

        union: TypeAdapter[Any] = TypeAdapter(cast(Any, Union[DOCUMENTS]))  # noqa: UP007
        schema = {"title": "sockadvisor JSON output", **union.json_schema(mode="serialization")}
    else:
        schema = MODELS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=True) + "\n"
