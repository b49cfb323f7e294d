"""Every output format has a renderer for every result, and each is well formed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sockadvisor import render
from sockadvisor.domain.models import RunnerProfile
from sockadvisor.domain.vocab import Format
from sockadvisor.engine import diagnose, plan
from sockadvisor.engine import ranking as engine
from sockadvisor.sources.catalog import load_catalog, load_rules

PRODUCTS = load_catalog(None).products
RULES = load_rules(None)
PROFILE = RunnerProfile(distance="ultra", terrain="technical", calf_cm=38)


def outputs(fmt: Format) -> list[str]:
    rec = engine.rank(PRODUCTS, RULES, PROFILE, 5)
    first, second = PRODUCTS[0], PRODUCTS[1]
    return [
        render.recommendation(rec, fmt, what_if=diagnose.what_if(PRODUCTS, RULES, PROFILE)),
        render.explanation(
            engine.explain(first, PRODUCTS, RULES, PROFILE),
            fmt,
            diagnose.why_not(first, second, PRODUCTS, RULES, PROFILE),
        ),
        render.comparison(diagnose.compare([first, second], PRODUCTS, RULES, PROFILE), fmt),
        render.plan(plan.plan(PRODUCTS, RULES, PROFILE, 8), fmt),
        render.products(PRODUCTS[:3], fmt),
        render.product(first, fmt),
    ]


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_every_result(fmt: Format) -> None:
    for text in outputs(fmt):
        assert text.endswith("\n") and "\x1b" not in text
        if fmt is Format.json:
            json.loads(text)
        if fmt is Format.csv:
            rows = list(csv.reader(io.StringIO(text)))
            assert all(len(r) == len(rows[0]) for r in rows)


def test_markdown_escapes_catalog_text() -> None:
    odd = PRODUCTS[0].model_copy(update={"name": "Pipe | *star* [link](x) <b>"})
    text = render.product(odd, Format.markdown)
    assert r"Pipe \| \*star\* \[link\]\(x\) \<b\>" in text
