"""`sockadvisor checklist`: the best attribute values under the rules, without a catalog."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sockadvisor import api
from sockadvisor.cli.app import app
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Checklist

RULES = Path(__file__).parents[1] / "data" / "rules.yaml"


def values(result: Checklist) -> dict[str, str]:
    return {i.attribute: i.value for i in result.items}


def test_ultra_in_the_wet_looks_for_a_graduated_knee_high_without_cotton() -> None:
    result = api.checklist(RunnerProfile(distance="ultra", terrain="technical", climate="wet"))
    got = values(result)
    assert got["compression"] == "15-20 mmHg, graduated"
    assert got["length"] == "knee_high"
    assert "cotton" not in got["materials"] and got["toe_socks"] == "any"
    assert result.score > 99.9
    materials = next(i for i in result.items if i.attribute == "materials")
    assert {"cotton-rich-wet", "wet-quick-dry"} <= {r.rule for r in materials.reasons}
    assert all(r.source for i in result.items for r in i.reasons)
    assert any("morning" in m for m in result.measurements)


def test_conditions_leave_compression_to_the_clinician() -> None:
    result = api.checklist(RunnerProfile(conditions=("pad",)))
    assert values(result)["compression"] in ("none", "any")
    assert [w.code for w in result.warnings] == ["see-clinician"]


def test_changing_a_rule_changes_the_checklist(tmp_path: Path) -> None:
    profile = RunnerProfile(distance="ultra", terrain="technical")
    before = values(api.checklist(profile, str(RULES), use_cache=False))
    text = RULES.read_text(encoding="utf-8").replace(
        "prefer: {length: [knee_high]}\n    weight: 3\n    because: Knee-high socks give",
        "prefer: {length: [quarter]}\n    weight: 9\n    because: Knee-high socks give",
    )
    changed = tmp_path / "rules.yaml"
    changed.write_text(text, encoding="utf-8")
    after = values(api.checklist(profile, str(changed), use_cache=False))
    assert before["length"] == "knee_high" and after["length"] == "quarter"


def test_the_command_needs_no_catalog_and_prints_each_format(tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
    env = {"SOCKADVISOR_CATALOG": str(tmp_path / "missing.yaml")}
    args = ["checklist", "--use", "recovery"]
    table = runner.invoke(app, args, env=env)
    assert table.exit_code == 0 and "What to look for: " in table.stdout and not table.stderr
    doc = json.loads(runner.invoke(app, [*args, "--json"], env=env).stdout)
    assert doc["schema_version"] == 3
    assert {i["attribute"] for i in doc["items"]} >= {"compression", "length", "materials"}
    assert all("kind" in r for i in doc["items"] for r in i["reasons"])
    md = runner.invoke(app, [*args, "--format", "markdown"], env=env)
    assert md.exit_code == 0 and "| Attribute | Look for | Why |" in md.stdout
    csv = runner.invoke(app, [*args, "--format", "csv"], env=env)
    assert csv.exit_code == 0 and csv.stdout.startswith("attribute,value,rule,kind,because")


def test_the_new_profile_fields_reach_the_checklist() -> None:
    """Several climates, a cushion preference and blister spots change what to look for."""
    toes = values(api.checklist(RunnerProfile(distance="half", blisters=("toes",))))
    assert toes["toe_socks"] == "yes"
    assert values(api.checklist(RunnerProfile(distance="half")))["toe_socks"] in ("no", "any")
    assert values(api.checklist(RunnerProfile(distance="short", cushion="max")))["cushion"] == "max"
    both = api.checklist(RunnerProfile(distance="ultra", climate=("cold", "wet")))
    materials = next(i for i in both.items if i.attribute == "materials")
    assert "merino" in materials.value
    assert {"cold-merino", "wet-quick-dry"} <= {r.rule for r in materials.reasons}
