"""A command's JSON document as plain data: what the warm path gives instead of a model.

engine/warm.py builds one for `recommend --json` (docs/performance.md#the-warm-path);
render/jsonout.py writes it as the model's JSON would be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

SCHEMA_VERSION: Literal[3] = 3  # the one definition; docs/json-output.md#versioning


@dataclass(frozen=True, slots=True)
class Document:
    """The JSON document (`Result.model_dump(mode="json")`'s keys and values)."""

    data: dict[str, Any]

    @property
    def results(self) -> list[Any]:
        """The document's ranked results (the CLI's exit code reads whether there are any)."""
        results: list[Any] = self.data["results"]
        return results


def term_kind(weight: float, degree: float | None) -> str:
    """What a term is (docs/scoring.md#kinds): a gain met fully or in part, a shortfall
    (a preference not met, or not known), a penalty avoided, or a penalty incurred."""
    if weight > 0:
        if degree is None or degree <= 1e-9:
            return "shortfall"
        return "gain" if degree >= 1 - 1e-9 else "partial-gain"
    if degree is None or degree <= 1e-9:
        return "penalty-avoided"
    return "penalty"
