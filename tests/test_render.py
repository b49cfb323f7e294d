"""Every output format has a renderer for every result, and each is well formed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from sockadvisor import api
from sockadvisor.domain.results import DOCUMENTS, LintReport, ProductCard, Result, Validation
from sockadvisor.domain.vocab import Format
from sockadvisor.render import render
from sockadvisor.render.registry import RENDERERS, formats

ADVISOR = api.load()
PROFILE = api.profile(distance="ultra", terrain="technical", calf_cm=38)
FIRST, SECOND = ADVISOR.products[0].sku, ADVISOR.products[1].sku


def outputs() -> list[Result]:
    return [
        api.recommend(ADVISOR, PROFILE, what_if=True),
        api.recommend(ADVISOR, api.profile(budget=1)),  # nothing matched: a diagnosis
        api.explain(ADVISOR, FIRST, PROFILE, against=SECOND),
        api.compare(ADVISOR, [FIRST, SECOND], PROFILE),
        api.plan(ADVISOR, PROFILE, travel_hours=8),
        api.products(ADVISOR, brand="a"),
        api.product_card(ADVISOR, FIRST),
        api.validate("rules", "data/rules.yaml"),
        api.lint(top=5),
        api.checklist(PROFILE),
    ]


def test_the_registry_covers_every_document_and_format() -> None:
    """Every JSON document renders as JSON and as text; the --format ones in all four."""
    assert {kind for kind, _ in RENDERERS} == set(DOCUMENTS)
    for kind in DOCUMENTS:
        assert {Format.json, Format.table} <= set(formats(kind))
    for kind in set(DOCUMENTS) - {Validation, LintReport}:
        assert formats(kind) == tuple(Format), kind
    assert {type(result) for result in outputs()} == set(DOCUMENTS)


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_every_result(fmt: Format) -> None:
    for result in outputs():
        if fmt not in formats(type(result)):
            continue
        text = render(result, fmt)
        assert text.endswith("\n") and "\x1b" not in text
        if fmt is Format.json:
            doc = json.loads(text)
            assert doc["schema_version"] == result.schema_version  # type: ignore[attr-defined]
        if fmt is Format.csv:
            rows = list(csv.reader(io.StringIO(text)))
            assert all(len(r) == len(rows[0]) for r in rows)


def test_json_is_a_dump_of_the_result() -> None:
    """No field-by-field copies: the JSON keys are the model's fields and computed fields."""
    result = api.recommend(ADVISOR, PROFILE)
    doc = json.loads(render(result, Format.json))
    assert list(doc) == list(result.model_dump())
    assert doc["results"][0]["sku"] == result.results[0].product.sku
    assert "product" not in doc["results"][0] and "terms" not in doc["results"][0]


def test_markdown_escapes_catalog_text() -> None:
    odd = ADVISOR.products[0].model_copy(update={"name": "Pipe | *star* [link](x) <b>"})
    text = render(ProductCard(product=odd), Format.markdown)
    assert r"Pipe \| \*star\* \[link\]\(x\) \<b\>" in text


def test_a_json_run_imports_neither_rich_nor_the_table_module() -> None:
    """Scripts call `--json` in loops: the tables (and rich) load only for a table."""
    code = (
        "import sys\n"
        "from sockadvisor.cli.app import app\n"
        "try:\n"
        "    app(['recommend', '-d', 'ultra', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('rich', 'sockadvisor.render.tables') if m in sys.modules]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
