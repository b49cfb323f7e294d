"""The rule language: every product test's degree, unknowns, and the bundled rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from sockadvisor.domain.profile import RunnerProfile, When
from sockadvisor.domain.rules import RuleSet
from sockadvisor.engine.compile import compile_rules
from sockadvisor.errors import DataError
from sockadvisor.sources.catalog import load_rules
from sockadvisor.sources.validation import validate
from sockadvisor.sources.yamlsource import parse

from .conftest import compression, product, rules


def degree(prefer: dict[str, Any], **overrides: Any) -> float | None:
    (rule,) = rules({"id": "r-x", "prefer": prefer, "weight": 1})
    return rule.test(product(**overrides))


def test_length_tests() -> None:
    assert degree({"length": ["crew", "knee_high"]}) == 1.0
    assert degree({"length": ["knee_high"]}) == 0.0
    assert degree({"length_at_least": "crew"}, length="knee_high") == 1.0
    assert degree({"length_at_least": "crew"}, length="quarter") == 0.0


def test_compression_tests() -> None:
    kh = {"compression": compression(15, 20), "length": "knee_high"}
    assert degree({"compressed": True}) == 0.0
    assert degree({"compressed": False}) == 1.0
    assert degree({"compressed": True}, **kh) == 1.0
    assert degree({"graduated": True}, **kh) == 1.0
    assert degree({"graduated": True}, compression=compression(15, 20, graduated=False)) == 0.0
    assert degree({"graduated": True}) == 0.0


@pytest.mark.parametrize(
    ("low", "high", "within", "above20"),
    [
        (15, 20, 1.0, 0.0),
        (20, 30, 0.0, 1.0),
        (10, 20, 0.5, 0.0),
        (18, 22, 0.5, 0.5),
        (20, 20, 1.0, 0.0),
        (22, 22, 0.0, 1.0),
        (17, 17, 1.0, 0.0),
    ],
)
def test_mmhg_partial_credit(low: float, high: float, within: float, above20: float) -> None:
    c = compression(low, high)
    assert degree({"mmhg_within": [15, 20]}, compression=c) == pytest.approx(within)
    assert degree({"mmhg_above": 20}, compression=c) == pytest.approx(above20)


def test_plain_socks_meet_no_mmhg_band() -> None:
    assert degree({"mmhg_within": [15, 20]}) == 0.0
    assert degree({"mmhg_above": 20}) == 0.0


def test_reinforced_and_features_give_partial_credit() -> None:
    assert degree({"reinforced": ["heel", "toe"]}, reinforcement=["heel"]) == 0.5
    assert degree({"reinforced": ["heel", "toe"]}) == 1.0
    assert degree({"has": ["seamless_toe", "toe_socks"]}) == 0.5
    assert degree({"has": ["seamless_toe"]}, seamless_toe=None) is None
    assert degree({"has": ["mesh_ventilation"]}, mesh_ventilation=None) is None


def test_cushion_and_fibres() -> None:
    assert degree({"cushion": ["light"]}) == 1.0
    assert degree({"cushion": ["max"]}) == 0.0
    assert degree({"cushion": ["max"]}, cushion=None) is None
    merino = {"merino": 60, "nylon": 37, "elastane": 3}
    assert degree({"fibre_share": ["merino"]}, materials=merino) == pytest.approx(0.6)
    at_least = {"fibre_at_least": {"fibres": ["merino"], "percent": 50}}
    assert degree(at_least, materials=merino) == 1.0
    assert degree(at_least) == 0.0
    at_least["fibre_at_least"]["percent"] = 80
    assert degree(at_least, materials=merino) == pytest.approx(0.75)


def test_combinators() -> None:
    both = {"all": [{"length": ["crew"]}, {"reinforced": ["heel", "toe", "shin", "ball"]}]}
    assert degree(both) == 0.5
    either = {"any": [{"compressed": False}, {"mmhg_within": [15, 20]}]}
    assert degree(either) == 1.0
    assert degree(either, compression=compression(20, 30)) == 0.0
    assert degree({"not": {"length": ["crew"]}}) == 0.0
    assert degree({"not": {"cushion": ["light"]}}, cushion=None) is None
    assert degree({"all": [{"cushion": ["light"]}, {"compressed": False}]}, cushion=None) is None


def test_a_settled_combination_ignores_unknown_parts() -> None:
    either = {"any": [{"compressed": False}, {"cushion": ["max"]}]}
    assert degree(either, cushion=None) == 1.0  # a plain sock: settled by the first part
    assert degree(either, cushion=None, compression=compression(15, 20)) is None
    both = {"all": [{"compressed": True}, {"cushion": ["max"]}]}
    assert degree(both, cushion=None) == 0.0


def test_strict_rule_values() -> None:
    base = {"id": "r-x", "weight": 1, "because": "b", "source": "s"}
    for bad in (
        {"prefer": {"mmhg_within": ["15", 20]}},
        {"prefer": {"mmhg_above": "20"}},
        {"prefer": {"compressed": True}, "when": {"distance": []}},
        {"prefer": {"compressed": True}, "label": "evil \u202e label"},
    ):
        with pytest.raises(ValidationError):
            RuleSet.model_validate({"rules": [{**base, **bad}]})


def _holds(when: When, profile: RunnerProfile) -> bool:
    """The validated `when`, compiled as the engine tests it (engine/compile.py)."""
    rule = {"id": "r-x", "prefer": {"compressed": True}, "weight": 1, "because": "b"}
    ruleset = RuleSet.model_validate({"rules": [{**rule, "source": "s", "when": when}]})
    return compile_rules(ruleset)[0].rule.when.holds(profile)


def test_when_matches_every_listed_field() -> None:
    when = When.model_validate({"distance": ["ultra", "marathon"], "new_to_compression": True})
    assert _holds(when, RunnerProfile(distance="ultra", new_to_compression=True))
    assert not _holds(when, RunnerProfile(distance="ultra"))
    assert not _holds(when, RunnerProfile(new_to_compression=True))
    assert _holds(When(), RunnerProfile())
    climate = When.model_validate({"climate": ["hot"], "blister_prone": False})
    assert _holds(climate, RunnerProfile(climate=("cold", "hot")))
    assert not _holds(climate, RunnerProfile(climate=("cold",)))
    assert not _holds(climate, RunnerProfile(climate=("hot",), blister_prone=True))


def test_rule_errors_are_positioned() -> None:
    text = """rules:
  - id: Bad Id
    prefer: {lenght: [crew]}
    weight: 0
    because: b
    source: s
  - id: zero
    prefer: {compressed: true}
    weight: 0
    because: b
    source: s
"""
    with pytest.raises(DataError) as info:
        validate(parse("r.yaml", text), RuleSet, "rules")
    assert info.value.lines() == [
        "r.yaml:2:9: rules[0].id: a rule id is 2-60 lowercase letters, digits and hyphens; "
        "rename it",
        "r.yaml:3:13: rules[0].prefer: a product test is a mapping with exactly one of the keys "
        "length, length_at_least, compressed, graduated, mmhg_within, mmhg_above, reinforced, "
        "has, cushion, cushion_near, fibre_share, fibre_at_least, all, any, not",
        "r.yaml:7:5: rules[1]: weight 0 has no effect; give it a weight or delete the rule",
    ]


BANNED = re.compile(r"faster|speed|vo2|lactate|lactic|prevent\w* injur|injury prevention", re.I)


def test_bundled_rules_never_claim_more_than_the_evidence() -> None:
    for compiled in load_rules(None):
        text = f"{compiled.rule.because} {compiled.rule.label}"
        assert not BANNED.findall(text), compiled.id
