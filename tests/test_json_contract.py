"""Every JSON document the tool writes, in every documented case, is valid against the
shipped output schema, checked by an independent validator (python-jsonschema); and the
schema holds to docs/json-output.md "The promise" (a new field is accepted, a document of
another schema_version is not)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain.results import SCHEMA_VERSION

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "docs" / "examples"
SCHEMA = json.loads(
    (ROOT / "src" / "sockadvisor" / "schemas" / "output.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# (arguments, exit code, document): every case docs/json-output.md documents
CASES: list[tuple[list[str], int, str]] = [
    (["recommend", "-d", "ultra", "-t", "technical", "--calf-cm", "38", "--json"], 0,
     "recommendation"),
    (["recommend", "--budget", "9", "--length", "crew", "--json"], 1, "recommendation"),
    (["recommend", "-d", "ultra", "-t", "technical", "--budget", "45", "--what-if", "--json"],
     0, "recommendation"),
    (["recommend", "--condition", "diabetes", "--shoe-eu", "42", "--json"], 0,
     "recommendation"),
    (["explain", "CRN-KH-1520", "-d", "ultra", "-t", "technical", "--json"], 0, "explanation"),
    (["explain", "CRN-KH-1520", "--budget", "30", "--json"], 0, "explanation"),
    (["explain", "TRN-KH-1520", "-d", "ultra", "--against", "SSW-KH-1520", "--json"], 0,
     "explanation"),
    (["compare", "BRC-KH-1520", "TRN-KH-2030", "--use", "travel", "--calf-cm", "38", "--json"],
     0, "comparison"),
    (["plan", "-d", "ultra", "-t", "technical", "--calf-cm", "36", "--travel-hours", "9",
      "--json"], 0, "plan"),
    (["plan", "--budget", "5", "--json"], 1, "plan"),
    (["catalog", "show", "TRN-KH-2030", "--json"], 0, "product_card"),
    (["catalog", "list", "--length", "knee_high", "--json"], 0, "product_list"),
    (["catalog", "list", "--max-price", "1", "--json"], 1, "product_list"),
    (["catalog", "validate", str(EXAMPLES / "catalog.yaml"), "--json"], 0, "validation"),
    (["catalog", "validate", str(EXAMPLES / "shop.yaml"), "--json"], 0, "validation"),
    (["rules", "validate", str(ROOT / "data" / "rules.yaml"), "--json"], 0, "validation"),
    (["rules", "validate", str(EXAMPLES / "bad-rules.yaml"), "--json"], 65, "validation"),
    (["catalog", "lint", "--json"], 0, "lint_report"),
    (["catalog", "lint", "--catalog", str(EXAMPLES / "shop.yaml"), "--json"], 0,
     "lint_report"),
]  # fmt: skip


def _document(args: list[str], code: int) -> dict[str, Any]:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize(("args", "code", "kind"), CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_every_document_is_valid(args: list[str], code: int, kind: str) -> None:
    doc = _document(args, code)
    assert list(doc)[:2] == ["schema_version", "document"] and doc["document"] == kind
    VALIDATOR.validate(doc)
    # and against its own definition, not merely one of the eight
    own = {"$ref": f"#/$defs/{_name(kind)}", "$defs": SCHEMA["$defs"]}
    jsonschema.Draft202012Validator(own).validate(doc)


def _name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_")).replace("Lint", "Lint")


def test_the_nested_documents_are_valid_too() -> None:
    doc = _document(["recommend", "--budget", "9", "--length", "crew", "--json"], 1)
    assert doc["diagnosis"]["document"] == "diagnosis"
    doc = _document(["recommend", "-d", "ultra", "--what-if", "--json"], 0)
    assert doc["what_if"]["document"] == "what_if"
    doc = _document(["explain", "CRN-KH-1520", "-d", "ultra", "--json"], 0)
    assert doc["against"]["document"] == "why_not"


@pytest.fixture(scope="module")
def recommendation() -> dict[str, Any]:
    return _document(CASES[0][0], 0)


@pytest.mark.parametrize(
    "version", [0, SCHEMA_VERSION - 1, SCHEMA_VERSION + 1, str(SCHEMA_VERSION), None]
)
def test_a_wrong_schema_version_is_rejected(
    recommendation: dict[str, Any], version: object
) -> None:
    doc = copy.deepcopy(recommendation)
    doc["schema_version"] = version
    assert not VALIDATOR.is_valid(doc)
    del doc["schema_version"]
    assert not VALIDATOR.is_valid(doc)


def test_a_wrong_document_name_or_a_missing_field_is_rejected(
    recommendation: dict[str, Any],
) -> None:
    doc = copy.deepcopy(recommendation)
    doc["document"] = "plan"
    assert not VALIDATOR.is_valid(doc)
    doc = copy.deepcopy(recommendation)
    del doc["profile"]["distance"]
    assert not VALIDATOR.is_valid(doc)


def test_a_field_added_in_a_later_minor_version_is_accepted(
    recommendation: dict[str, Any],
) -> None:
    # "new fields may be added to any object": a client validating with today's schema
    # keeps working when tomorrow's document has more
    doc = copy.deepcopy(recommendation)
    doc["new_top_level"] = 1
    doc["profile"]["new_field"] = "x"
    doc["results"][0]["compression"]["new_field"] = True
    doc["results"][0]["reasons"][0]["new_field"] = []
    VALIDATOR.validate(doc)
