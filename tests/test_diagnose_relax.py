"""Why nothing matched (engine.diagnose.relax): small cases worked out by hand, the issue's
example on the bundled data, and properties on generated catalogs checked by brute force
against the engine itself (and against FastDiag)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Constraint, Diagnosis, Relaxation
from sockadvisor.domain.vocab import Condition, Fibre, Length
from sockadvisor.engine import advice, diagnose, sizing
from sockadvisor.engine import ranking as engine

from .conftest import compression, product, rules
from .diagnose_cases import LENGTHS, bundled, catalogs, constrained

KNEE = rules(
    {"id": "knee", "prefer": {"length": ["knee_high"]}, "weight": 3},
    {"id": "firm", "prefer": {"mmhg_above": 20}, "weight": -1},
)

# A chart with ankle ranges: compression socks are sized by calf and ankle together.
CHART = [
    {
        "label": "S",
        "shoe_eu": {"min": 35, "max": 38},
        "calf_cm": {"min": 28, "max": 33},
        "ankle_cm": {"min": 18, "max": 21},
    },
    {
        "label": "M",
        "shoe_eu": {"min": 39, "max": 42},
        "calf_cm": {"min": 33, "max": 38},
        "ankle_cm": {"min": 20, "max": 23},
    },
]


def diagnosed(items: Sequence[Product], profile: RunnerProfile) -> Diagnosis:
    result = diagnose.diagnose(items, KNEE, profile)
    assert result is not None
    return result


def sets(result: Diagnosis) -> list[list[str]]:
    return [sets_of(r) for r in result.relaxations]


def sets_of(relaxation: Relaxation) -> list[str]:
    return [c.id for c in relaxation.relax]


# --- Constraints ----------------------------------------------------------------------


def test_each_constraint_is_its_own_unit_and_conditions_are_none() -> None:
    profile = RunnerProfile(
        budget=15,
        exclude_materials=(Fibre.merino, Fibre.cotton),
        length=Length.knee_high,
        calf_cm=48,
        ankle_cm=22.5,
        shoe_eu=43,
        conditions=(Condition.pad,),
    )
    units = diagnose.constraints(profile)
    assert [(u.id, u.kind, u.field, u.value) for u in units] == [
        ("budget", "budget", "budget", 15.0),
        ("exclude_material:merino", "exclude_material", "exclude_materials", "merino"),
        ("exclude_material:cotton", "exclude_material", "exclude_materials", "cotton"),
        ("length", "length", "length", "knee_high"),
        ("calf_cm", "size", "calf_cm", 48.0),
        ("ankle_cm", "size", "ankle_cm", 22.5),
        ("shoe_eu", "size", "shoe_eu", 43.0),
    ]
    assert [u.constraint for u in units][0] == Constraint(
        id="budget", kind="budget", field="budget", value=15.0
    )
    loose = diagnose.relaxed(profile, units)
    assert loose == RunnerProfile(conditions=(Condition.pad,))
    assert units[1].relax(profile).exclude_materials == (Fibre.cotton,)
    assert diagnose.constraints(RunnerProfile(conditions=(Condition.dvt,))) == []


# --- Diagnosis: hand-worked cases -------------------------------------------------------


def test_nothing_to_diagnose_when_something_matches() -> None:
    assert diagnose.diagnose([product()], KNEE, RunnerProfile(budget=20)) is None


def test_budget_alone_or_length_alone() -> None:
    items = [
        product(sku="CHEAP-CREW", price=10.0),
        product(sku="DEAR-KNEE", price=40.0, length="knee_high"),
        product(sku="DEARER-KNEE", price=50.0, length="knee_high"),
        product(sku="MID-QTR", price=30.0, length="quarter"),  # needs both: not minimal
    ]
    result = diagnosed(items, RunnerProfile(budget=20, length=Length.knee_high))
    assert sets(result) == [["budget"], ["length"]]
    by_budget, by_length = result.relaxations
    assert (by_budget.unlocks, by_budget.best.sku, by_budget.best.score) == (2, "DEAR-KNEE", 100)
    assert by_budget.best.price == 40.0
    assert by_budget.profile == RunnerProfile(length=Length.knee_high)
    assert (by_length.unlocks, by_length.best.sku, by_length.best.score) == (1, "CHEAP-CREW", 0)
    assert [(c.field, c.value) for c in result.constraints] == [
        ("budget", 20.0),
        ("length", "knee_high"),
    ]
    assert result.blocked_by_safety == 0


def test_budget_and_length_together() -> None:
    items = [product(sku="MID-QTR", price=30.0, length="quarter")]
    result = diagnosed(items, RunnerProfile(budget=20, length=Length.knee_high))
    assert sets(result) == [["budget", "length"]]
    assert result.relaxations[0].unlocks == 1


def test_each_excluded_fibre_is_relaxed_on_its_own() -> None:
    merino = {"merino": 60, "nylon": 37, "elastane": 3}
    items = [
        product(sku="WOOL", materials=merino),
        product(sku="SYNTH", materials={"polyester": 95, "elastane": 5}, price=30.0),
    ]
    profile = RunnerProfile(budget=20, exclude_materials=(Fibre.merino, Fibre.polyester))
    result = diagnosed(items, profile)
    assert sets(result) == [["exclude_material:merino"], ["budget", "exclude_material:polyester"]]
    assert result.relaxations[0].profile.exclude_materials == (Fibre.polyester,)


def test_a_measurement_is_relaxed_by_ignoring_it() -> None:
    sock = product(sku="KNEE", compression=compression(15, 20), length="knee_high", sizes=CHART)
    # The calf fits M, the ankle fits no size: only ignoring the ankle lets it through.
    result = diagnosed([sock], RunnerProfile(calf_cm=35, ankle_cm=30))
    assert sets(result) == [["ankle_cm"]]
    assert result.relaxations[0].best.sku == "KNEE"
    assert [(c.id, c.value) for c in result.constraints] == [("calf_cm", 35.0), ("ankle_cm", 30.0)]


def test_ignoring_the_calf_sizes_by_shoe_so_both_may_be_needed() -> None:
    sock = product(sku="KNEE", compression=compression(15, 20), length="knee_high", sizes=CHART)
    # Calf 50 fits no size; without it the sock is sized by shoe, and EU 50 fits none either.
    # Ignoring the shoe size alone changes nothing (the calf still sizes the sock).
    assert sets(diagnosed([sock], RunnerProfile(calf_cm=50, shoe_eu=50))) == [
        ["calf_cm", "shoe_eu"]
    ]
    assert sets(diagnosed([sock], RunnerProfile(calf_cm=50, shoe_eu=40))) == [["calf_cm"]]


def test_conditions_are_never_relaxed() -> None:
    firm = product(sku="FIRM", compression=compression(20, 30), length="knee_high", price=10.0)
    result = diagnosed([firm], RunnerProfile(budget=20, conditions=(Condition.pad,)))
    assert result.relaxations == []
    assert result.constraints[0].id == "budget"
    assert result.blocked_by_safety == 1
    assert "see-clinician" in [w.code for w in result.warnings]

    plain = product(sku="PLAIN", price=30.0)
    result = diagnosed([firm, plain], RunnerProfile(budget=20, conditions=(Condition.pad,)))
    assert sets(result) == [["budget"]]
    assert result.relaxations[0].best.sku == "PLAIN"
    assert result.blocked_by_safety == 1


def test_diabetes_removes_compression_and_it_is_not_offered() -> None:
    items = [
        product(sku="MILD", compression=compression(8, 15), length="knee_high", price=40.0),
        product(sku="PLAIN", price=30.0),
    ]
    result = diagnosed(items, RunnerProfile(budget=20, conditions=(Condition.diabetes,)))
    assert sets(result) == [["budget"]]
    assert result.relaxations[0].best.sku == "PLAIN"
    assert result.blocked_by_safety == 1


# --- Diagnosis: the example on the bundled data ----------------------------------


def test_budget_5_knee_high_on_the_bundled_catalog() -> None:
    products, compiled = bundled()
    profile = RunnerProfile(budget=5, length=Length.knee_high)
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    assert sets(result) == [["budget"]]
    ranking = engine.rank(products, compiled, RunnerProfile(length=Length.knee_high))
    (relax,) = result.relaxations
    assert relax.unlocks == ranking.matched == 38
    assert relax.best.sku == ranking.results[0].product.sku
    assert relax.best.score == ranking.results[0].score


def test_a_condition_is_kept_and_never_offered() -> None:
    products, compiled = bundled()
    profile = RunnerProfile(budget=5, length=Length.knee_high, conditions=(Condition.pad,))
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    # One knee-high in the sample has no compression (OTC-KH-PL1): the budget alone.
    assert sets(result) == [["budget"]]
    assert result.blocked_by_safety == sum(p.is_compression for p in products)
    offered = [c.model_dump_json() for c in result.constraints]
    offered += [c.model_dump_json() for r in result.relaxations for c in r.relax]
    assert not any(word in text for text in offered for word in ("condition", "pad", "arterial"))
    assert all(r.profile.conditions == (Condition.pad,) for r in result.relaxations)
    assert all(not r.best.sku.endswith("KH") for r in result.relaxations)


def test_bundled_knee_high_under_15_with_a_big_calf() -> None:
    products, compiled = bundled()
    profile = RunnerProfile(budget=15, length=Length.knee_high, calf_cm=48)
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    assert [(c.id, c.value) for c in result.constraints] == [
        ("budget", 15.0),
        ("length", "knee_high"),
        ("calf_cm", 48.0),
    ]
    for r in result.relaxations:
        ranking = engine.rank(products, compiled, r.profile)
        assert r.unlocks == ranking.matched > 0
        assert r.best.sku == ranking.results[0].product.sku


def lets_through(items: Sequence[Product], profile: RunnerProfile) -> bool:
    """The engine's own removal logic: does any product pass this profile?"""
    return any(not engine.removal(p, profile, sizing.fit(p, profile)) for p in items)


def fastdiag(units: list[diagnose.Unit], items: Sequence[Product], base: RunnerProfile) -> set[str]:
    """FastDiag (Felfernig, Schubert and Zehentner 2012): one minimal diagnosis, by halving.

    It needs relaxing more never to remove a product, which holds without calf or ankle
    measurements (ignoring them switches compression sizing from calf to shoe).
    """

    def consistent(kept: list[diagnose.Unit]) -> bool:
        return lets_through(items, diagnose.relaxed(base, (u for u in units if u not in kept)))

    Units = list[diagnose.Unit]

    def fd(d: Units, c: Units, ac: Units) -> Units:
        if d and consistent(ac):
            return []
        if len(c) == 1:
            return c
        c1, c2 = c[: len(c) // 2], c[len(c) // 2 :]
        d1 = fd(c1, c2, [u for u in ac if u not in c1])
        d2 = fd(d1, c1, [u for u in ac if u not in d1])
        return d1 + d2

    assert consistent([]) and not consistent(units)
    return {u.id for u in fd([], units, units)}


def check_diagnosis(items: list[Product], profile: RunnerProfile) -> None:
    """Every reported relaxation unlocks, none contains another, none is missing."""
    result = diagnose.diagnose(items, KNEE, profile)
    if engine.rank(items, KNEE, profile).matched:
        assert result is None
        return
    assert result is not None
    units = diagnose.constraints(profile)
    reported = [frozenset(c.id for c in r.relax) for r in result.relaxations]
    for r in result.relaxations:
        ranking = engine.rank(items, KNEE, r.profile)
        assert r.unlocks == ranking.matched >= 1
        top = ranking.results[0]
        assert (r.best.sku, r.best.score, r.best.price) == (
            top.product.sku,
            top.score,
            top.product.price,
        )
        assert r.profile == diagnose.relaxed(profile, (u for u in units if u.id in sets_of(r)))
        assert r.profile.conditions == profile.conditions
    assert len(set(reported)) == len(reported)
    assert not any(a < b for a in reported for b in reported)
    # Brute force over every subset of the units.
    unlocking = [
        frozenset(u.id for u in subset)
        for n in range(len(units) + 1)
        for subset in itertools.combinations(units, n)
        if lets_through(items, diagnose.relaxed(profile, subset))
    ]
    minimal = {s for s in unlocking if not any(t < s for t in unlocking)}
    assert set(reported) == minimal
    keys = [(len(r.relax), -r.unlocks) for r in result.relaxations]
    assert keys == sorted(keys)
    safety = [p for p in items if advice.condition_reasons(p, profile)]
    assert result.blocked_by_safety == len(safety)
    if minimal and profile.calf_cm is None and profile.ankle_cm is None:
        assert fastdiag(units, items, profile) in [set(s) for s in reported]
        assert fastdiag(units[::-1], items, profile) in [set(s) for s in reported]


@settings(max_examples=60, deadline=None)
@given(items=catalogs(), profile=constrained)
def test_relaxations_are_exactly_the_minimal_unlocking_sets(
    items: list[Product], profile: RunnerProfile
) -> None:
    check_diagnosis(items, profile)


# Measurements alone: sizing is where relaxing is not monotone (ignoring the calf sizes a
# compression sock by shoe), so these profiles give every measurement and no condition.
measured = st.builds(
    RunnerProfile,
    length=st.none() | st.sampled_from(LENGTHS),
    calf_cm=st.sampled_from([25.0, 32.0, 50.0]),
    ankle_cm=st.none() | st.sampled_from([16.0, 20.0, 30.0]),
    shoe_eu=st.sampled_from([34.0, 39.0, 50.0]),
)


@settings(max_examples=60, deadline=None)
@given(items=catalogs(max_size=4), profile=measured)
def test_relaxing_measurements_is_exact(items: list[Product], profile: RunnerProfile) -> None:
    check_diagnosis(items, profile)
