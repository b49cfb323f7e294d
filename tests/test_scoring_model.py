"""The scoring model a fitter recognises (docs/scoring.md): kinds, avoid rules, flat
bands, fit, separation on the bundled catalog, and findable sources."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.rules import findable
from sockadvisor.domain.vocab import Climate, Distance, Fibre, Terrain, Use
from sockadvisor.engine import ranking as engine
from sockadvisor.sources.catalog import load_catalog, load_rules

from .conftest import compression, product, rules

PRODUCTS = load_catalog(None).products
RULES = load_rules(None)
COMBINATIONS = list(itertools.product(Distance, Terrain, Use, Climate))


def top_ties(profile: RunnerProfile) -> int:
    results = engine.rank(PRODUCTS, RULES, profile).results
    best = round(results[0].score, 9)
    return sum(1 for r in results if round(r.score, 9) == best)


def test_at_most_three_socks_share_the_top_score_for_every_combination() -> None:
    ties = {
        (d.value, t.value, u.value, c.value): top_ties(
            RunnerProfile(distance=d, terrain=t, use=u, climate=c)
        )
        for d, t, u, c in COMBINATIONS
    }
    assert len(ties) == 4 * 4 * 3 * 4
    assert max(ties.values()) <= 3, {k: v for k, v in ties.items() if v > 3}


def cotton_rich(p: Product) -> bool:
    return p.materials.get(Fibre.cotton, 0) >= 50


@pytest.mark.parametrize(
    "profile",
    [
        RunnerProfile(distance="ultra", terrain="technical"),
        RunnerProfile(distance="marathon", terrain="road"),
        RunnerProfile(distance="short", climate="wet"),
    ],
)
def test_cotton_rich_ranks_below_every_sound_sock_for_long_or_wet_runs(
    profile: RunnerProfile,
) -> None:
    results = engine.rank(PRODUCTS, RULES, profile).results
    ranks = [i for i, r in enumerate(results) if cotton_rich(r.product)]
    assert ranks and min(ranks) >= len(results) - len(ranks)
    for r in results:
        if cotton_rich(r.product):
            assert r.avoid, r.product.sku
            assert any(c.kind == "penalty" for c in r.concerns)


def test_an_avoid_rule_outranks_any_amount_of_points() -> None:
    avoid = rules(
        {"id": "knee", "prefer": {"length": ["knee_high"]}, "weight": 9},
        {"id": "cotton", "prefer": {"fibre_share": ["cotton"]}, "weight": -1, "avoid": True},
    )
    cotton_knee = product(sku="AA", length="knee_high", materials={"cotton": 100})
    poor = product(sku="BB", length="crew")
    ranked = engine.rank([cotton_knee, poor], avoid, RunnerProfile()).results
    assert [r.product.sku for r in ranked] == ["BB", "AA"]
    assert ranked[1].score > ranked[0].score
    assert ranked[1].avoid == ["cotton"]


def test_a_flat_sock_earns_half_a_bands_credit() -> None:
    band = rules({"id": "band", "prefer": {"mmhg_within": [15, 20]}, "weight": 1})
    flat = product(compression=compression(15, 20, graduated=False))
    graduated = product(compression=compression(15, 20))
    assert engine.score(flat, band).terms[0].degree == 0.5
    assert engine.score(graduated, band).terms[0].degree == 1.0


def test_a_graduated_8_15_outranks_a_flat_15_20_on_the_bundled_rules() -> None:
    flat = next(p for p in PRODUCTS if p.compression and not p.compression.graduated)
    mild = product(
        sku="MILD", length=flat.length, compression=compression(8, 15), sizes=flat.sizes,
        materials=flat.materials, cushion=flat.cushion,
    )  # fmt: skip
    ranked = engine.rank([flat, mild], RULES, RunnerProfile(use="travel")).results
    assert ranked[0].product.sku == "MILD"


def test_every_reason_and_concern_has_a_kind_and_reasons_are_gains() -> None:
    result = engine.rank(PRODUCTS, RULES, RunnerProfile(distance="ultra", climate="wet"), top=10)
    doc = json.loads(result.model_dump_json())
    for item in doc["results"]:
        assert all(r["kind"] in ("gain", "partial-gain") for r in item["reasons"])
        assert all(r["points"] > 0 for r in item["reasons"])
        assert all(c["kind"] in ("penalty", "shortfall", "partial-gain") for c in item["concerns"])


def test_csv_reasons_state_no_property_the_sock_lacks() -> None:
    out = CliRunner().invoke(app, ["recommend", "--format", "csv", "--top", "43"])
    assert out.exit_code == 0
    line = next(x for x in out.stdout.splitlines() if x.split(",")[1] == "SSW-KH-1520")
    assert "cotton" not in line and "over 20 mmHg" not in line
    assert "not graduated" not in line


def test_recovery_tops_with_graduated_15_20_not_firm() -> None:
    for profile in (RunnerProfile(use="recovery"), RunnerProfile(use="recovery", calf_cm=38)):
        top = engine.rank(PRODUCTS, RULES, profile, top=3).results
        for r in top:
            assert r.product.compression is not None and r.product.compression.max_mmhg <= 20
            assert not [w for w in r.warnings if "clinician" in w.message]


def test_firm_recovery_only_for_a_runner_who_wears_it() -> None:
    firm = RunnerProfile(use="recovery", wears_firm_compression=True)
    firm_ranks = [
        i
        for i, r in enumerate(engine.rank(PRODUCTS, RULES, firm).results)
        if r.product.compression and r.product.compression.min_mmhg >= 20
    ]
    plain_ranks = [
        i
        for i, r in enumerate(engine.rank(PRODUCTS, RULES, RunnerProfile(use="recovery")).results)
        if r.product.compression and r.product.compression.min_mmhg >= 20
    ]
    assert min(firm_ranks) < min(plain_ranks)


def test_fit_counts_and_a_size_above_the_calf_is_not_chosen() -> None:
    result = engine.rank(PRODUCTS, RULES, RunnerProfile(calf_cm=34, ankle_cm=24), top=5)
    for r in result.results:
        if r.product.is_compression and r.size:
            size = next(s for s in r.product.sizes if s.label == r.size)
            assert size.calf_cm is None or size.calf_cm.contains(34)
        assert any(t.rule == "fit" for t in r.terms)


def test_every_bundled_source_is_findable() -> None:
    assert [r.id for r in RULES if not findable(r.rule.source)] == []
    for vague in ("seed article", "sock guides", "clinic guidance", "fibre guides"):
        assert not findable(vague)
    for good in ("Engel et al. 2016, Sports Medicine", "doi:10.3389/fphys.2018.01627",
                 "Cochrane review CD004002", "sigvaris.com"):  # fmt: skip
        assert findable(good)


def test_rules_validate_warns_on_stderr_and_exits_0(tmp_path: Path) -> None:
    bundled = CliRunner().invoke(app, ["rules", "validate", "data/rules.yaml"])
    assert (bundled.exit_code, bundled.stderr) == (0, "")
    text = Path("data/rules.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: hot-merino\n")
    at = text.index("    source: ", start)
    end = text.index("\n", at)
    rules = tmp_path / "rules.yaml"
    rules.write_text(text[:at] + "    source: seed article" + text[end:], encoding="utf-8")
    out = CliRunner().invoke(app, ["rules", "validate", str(rules)])
    assert out.exit_code == 0
    assert out.stdout.startswith(f"{rules}: valid rules")
    assert "hot-merino" in out.stderr and "warning" in out.stderr
