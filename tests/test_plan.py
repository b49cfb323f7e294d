"""The wear plan: running, recovery and travel picks, shared pairs, missing roles."""

from __future__ import annotations

from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Condition
from sockadvisor.engine.plan import plan
from sockadvisor.sources.catalog import load_catalog, load_rules

PRODUCTS = load_catalog(None).products
RULES = load_rules(None)
ULTRA = RunnerProfile(distance="ultra", terrain="technical", calf_cm=38)


def test_running_and_recovery_picks_with_size_and_wear_time() -> None:
    result = plan(PRODUCTS, RULES, ULTRA)
    roles = [role for pick in result.picks for role in pick.roles]
    assert roles == ["running", "recovery"]
    recovery = next(p for p in result.picks if "recovery" in p.roles)
    assert recovery.product.compression is not None
    # the evidence: graduated knee-high from 15 mmHg; firmer only for a runner who wears it
    assert recovery.product.compression.max_mmhg <= 20
    assert recovery.product.compression.graduated
    assert "ultra-spare-pair" in [n.code for n in result.notes]
    assert all(p.size for p in result.picks)
    wear = {w.role: w for p in result.picks for w in p.wear}
    assert "1-3 hours" in wear["recovery"].how_long
    assert result.missing == []


def test_travel_of_4_hours_adds_a_pick_and_may_share_a_pair() -> None:
    result = plan(PRODUCTS, RULES, ULTRA, travel_hours=9)
    roles = sorted(role for pick in result.picks for role in pick.roles)
    assert roles == ["recovery", "running", "travel"]
    shared = [p for p in result.picks if len(p.roles) > 1]
    assert shared and set(shared[0].scores) == set(shared[0].roles)
    assert len(result.picks) <= 2
    assert "evidence-flights" in [n.code for n in result.notes]


def test_a_runner_who_wears_firm_compression_may_get_it_for_recovery() -> None:
    firm = ULTRA.model_copy(update={"wears_firm_compression": True})
    result = plan(PRODUCTS, RULES, firm)
    recovery = next(p for p in result.picks if "recovery" in p.roles)
    assert all("clinician" not in w.message for w in recovery.warnings)


def test_short_journey_gets_no_travel_pick_but_a_note() -> None:
    result = plan(PRODUCTS, RULES, ULTRA, travel_hours=2)
    assert "travel" not in [r for p in result.picks for r in p.roles]
    assert "short-journey" in [w.code for w in result.warnings]


def test_conditions_leave_only_a_running_pick_and_say_why() -> None:
    result = plan(PRODUCTS, RULES, ULTRA.model_copy(update={"conditions": (Condition.pad,)}))
    assert [p.roles for p in result.picks] == [["running"]]
    assert result.picks[0].product.compression is None
    assert [m.role for m in result.missing] == ["recovery"]
    assert result.warnings[0].code == "see-clinician"


def test_a_budget_not_a_condition_is_blamed_when_it_removed_the_compression() -> None:
    profile = RunnerProfile(budget=15, shoe_eu=42)
    result = plan(PRODUCTS, RULES, profile)
    assert [m.reason for m in result.missing] == [
        "no compression sock in the catalog fits your constraints and measurements"
    ]
