"""JSON for programs: a result model dumped with json.dumps (docs/json-output.md).

ASCII only, never NaN, never colour. Numbers are rounded once, here: degrees to 3
decimals, every other float to 2.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


def _rounded(value: Any, key: str = "") -> Any:
    if isinstance(value, float):
        return round(value, 3 if key == "degree" else 2)
    if isinstance(value, dict):
        return {k: _rounded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, key) for v in value]
    return value


def to_json(result: BaseModel) -> str:
    """The whole JSON document of a result."""
    return document_json(result.model_dump(mode="json"))


def document_json(data: dict[str, Any]) -> str:
    """The whole JSON document of a result's dump (or the warm path's plain twin)."""
    return json.dumps(_rounded(data), indent=2, ensure_ascii=True, allow_nan=False) + "\n"
