"""Safety: conditions remove or cap compression; firm levels warn; claims stay honest."""

from __future__ import annotations

from typing import Any

import pytest

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Condition
from sockadvisor.engine import advice
from sockadvisor.engine import ranking as engine

from .conftest import compression, product, rules

MILD = product(sku="MILD", compression=compression(8, 15))
SPORT = product(sku="SPORT", compression=compression(15, 20))
FIRM = product(sku="FIRM", compression=compression(20, 30))
PLAIN = product(sku="PLAIN")
ALL = [MILD, SPORT, FIRM, PLAIN]
ANY_RULE = rules({"id": "crew", "prefer": {"length": ["crew"]}, "weight": 1})


def eligible(*conditions: Condition) -> list[str]:
    rec = engine.rank(ALL, ANY_RULE, RunnerProfile(conditions=conditions))
    return sorted(r.product.sku for r in rec.results)


@pytest.mark.parametrize("condition", list(Condition))
def test_conditions_remove_all_compression(condition: Condition) -> None:
    assert eligible(condition) == ["PLAIN"]
    reasons = advice.condition_reasons(SPORT, RunnerProfile(conditions=(condition,)))
    assert [r.constraint for r in reasons] == ["condition"]
    assert condition.description in reasons[0].message


def test_condition_wording_follows_the_evidence() -> None:
    def said(condition: Condition) -> str:
        (reason,) = advice.condition_reasons(SPORT, RunnerProfile(conditions=(condition,)))
        assert "Rabe et al. 2020" in reason.message
        return reason.message

    assert "often prescribed" in said(Condition.dvt)  # an indication, not a contraindication
    assert "not used" not in said(Condition.dvt)
    assert "below 0.5" in said(Condition.pad) and "0.5-0.8" in said(Condition.pad)
    assert "decompensated" in said(Condition.heart_failure)


def test_firm_warning_drops_the_clinician_for_a_runner_who_wears_firm() -> None:
    (w,) = advice.product_warnings(FIRM, RunnerProfile(wears_firm_compression=True))
    assert "already wear" in w.message and "clinician" not in w.message


@pytest.mark.parametrize("condition", list(Condition))
def test_every_condition_says_see_a_clinician_first(condition: Condition) -> None:
    warnings = advice.profile_warnings(RunnerProfile(conditions=(condition,), calf_cm=38))
    assert [w.code for w in warnings] == ["see-clinician", "measure-in-the-morning"]
    assert warnings[0].message.startswith("See a clinician before wearing compression socks")
    assert condition.description in warnings[0].message


def test_no_measurements_gives_the_measuring_hint() -> None:
    (hint,) = advice.profile_warnings(RunnerProfile())
    assert hint.code == "measure-for-size"
    assert "widest" in hint.message and "narrowest" in hint.message
    assert "morning, standing" in hint.message
    assert advice.profile_warnings(RunnerProfile(shoe_eu=42)) == []
    (morning,) = advice.profile_warnings(RunnerProfile(calf_cm=38))
    assert morning.code == "measure-in-the-morning" and "morning" in morning.message


def test_firm_and_first_pair_warnings() -> None:
    assert [w.code for w in advice.product_warnings(FIRM, RunnerProfile())] == [
        "firm-medical-grade"
    ]
    new = RunnerProfile(new_to_compression=True)
    assert [w.code for w in advice.product_warnings(FIRM, new)] == [
        "firm-medical-grade",
        "firm-for-first-pair",
    ]
    above_20 = product(compression=compression(18, 22))
    assert [w.code for w in advice.product_warnings(above_20, new)] == ["firm-for-first-pair"]
    assert advice.product_warnings(SPORT, new) == []
    assert advice.product_warnings(PLAIN, new) == []


def test_evidence_notes_only_with_compression_and_with_sources() -> None:
    assert advice.evidence_notes([PLAIN], travel=True) == []
    notes = advice.evidence_notes([SPORT], travel=True)
    assert [n.code for n in notes] == ["evidence-recovery", "replace-worn", "evidence-flights"]
    assert "Aetna" in notes[1].message
    assert "Engel et al. 2016" in notes[0].message and "CD004002" in notes[2].message


def test_fitter_notes_for_ultras_and_blister_spots() -> None:
    from sockadvisor.domain.profile import make_profile
    from sockadvisor.engine.advice import fitter_notes

    plain, toe = product(), product(sku="T-1", toe_socks=True)

    def codes(p: dict[str, Any], ps: list[Product]) -> list[str]:
        return [n.code for n in fitter_notes(make_profile(p), lambda: any(x.toe_socks for x in ps))]

    assert codes({"distance": "ultra"}, [plain]) == ["ultra-spare-pair"]
    assert codes({"distance": "ultra", "use": "recovery"}, [plain]) == []
    assert codes({"blisters": ["heel"]}, [plain]) == ["heel-blisters-fit"]
    assert codes({"blisters": ["toes"]}, [plain]) == ["toe-socks-elsewhere"]
    assert codes({"blisters": ["toes"]}, [plain, toe]) == []
