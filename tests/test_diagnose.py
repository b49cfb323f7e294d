"""No match is an answer; why not this one; compare; what would change the answer.

Small cases worked out by hand, the issue's example on the bundled data, and properties
on generated catalogs checked by brute force against the engine itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Diagnosis, Relaxation
from sockadvisor.domain.vocab import Climate, Condition, Distance, Fibre, Length, Terrain, Use
from sockadvisor.engine import advice, diagnose, sizing
from sockadvisor.engine import ranking as engine
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.errors import UsageError
from sockadvisor.sources.catalog import load_catalog, load_rules

from .conftest import compression, product, rules

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
    assert [(u.id, u.label) for u in units] == [
        ("budget", "budget <= 15.00"),
        ("exclude_material:merino", "no merino"),
        ("exclude_material:cotton", "no cotton"),
        ("length", "length knee_high"),
        ("calf_cm", "calf 48 cm"),
        ("ankle_cm", "ankle 22.5 cm"),
        ("shoe_eu", "shoe EU 43"),
    ]
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
    assert (by_length.unlocks, by_length.best.sku, by_length.best.score) == (1, "CHEAP-CREW", 25)
    assert [c.label for c in result.constraints] == ["budget <= 20.00", "length knee_high"]
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
    assert [c.label for c in result.constraints] == ["calf 35 cm", "ankle 30 cm"]


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


def test_diabetes_caps_compression_and_the_cap_is_not_offered() -> None:
    items = [
        product(sku="MILD", compression=compression(8, 15), length="knee_high", price=40.0),
        product(sku="FIRM", compression=compression(15, 20), length="knee_high", price=10.0),
    ]
    result = diagnosed(items, RunnerProfile(budget=20, conditions=(Condition.diabetes,)))
    assert sets(result) == [["budget"]]
    assert result.relaxations[0].best.sku == "MILD"
    assert result.blocked_by_safety == 1


# --- Diagnosis: the example on the bundled data ----------------------------------


Bundled = tuple[list[Product], tuple[CompiledRule, ...]]


@pytest.fixture(scope="module")
def bundled() -> Bundled:
    return load_catalog(None).products, load_rules(None)


def test_budget_5_knee_high_on_the_bundled_catalog(bundled: Bundled) -> None:
    products, compiled = bundled
    profile = RunnerProfile(budget=5, length=Length.knee_high)
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    assert sets(result) == [["budget"]]
    ranking = engine.rank(products, compiled, RunnerProfile(length=Length.knee_high))
    (relax,) = result.relaxations
    assert relax.unlocks == ranking.matched == 21
    assert relax.best.sku == ranking.results[0].product.sku
    assert relax.best.score == ranking.results[0].score


def test_a_condition_is_kept_and_never_offered(bundled: Bundled) -> None:
    products, compiled = bundled
    profile = RunnerProfile(budget=5, length=Length.knee_high, conditions=(Condition.pad,))
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    # Every knee-high sock in the sample is a compression sock, which pad rules out.
    assert sets(result) == [["budget", "length"]]
    assert result.blocked_by_safety == sum(p.is_compression for p in products)
    offered = [c.model_dump_json() for c in result.constraints]
    offered += [c.model_dump_json() for r in result.relaxations for c in r.relax]
    assert not any(word in text for text in offered for word in ("condition", "pad", "arterial"))
    assert all(r.profile.conditions == (Condition.pad,) for r in result.relaxations)
    assert all(not r.best.sku.endswith("KH") for r in result.relaxations)


def test_bundled_knee_high_under_15_with_a_big_calf(bundled: Bundled) -> None:
    products, compiled = bundled
    profile = RunnerProfile(budget=15, length=Length.knee_high, calf_cm=48)
    result = diagnose.diagnose(products, compiled, profile)
    assert result is not None
    assert [c.label for c in result.constraints] == [
        "budget <= 15.00",
        "length knee_high",
        "calf 48 cm",
    ]
    for r in result.relaxations:
        ranking = engine.rank(products, compiled, r.profile)
        assert r.unlocks == ranking.matched > 0
        assert r.best.sku == ranking.results[0].product.sku


# --- Diagnosis: properties on generated catalogs -----------------------------------------

PRICES = [8.0, 12.0, 15.0, 20.0, 30.0, 45.0]
BLENDS = [
    {"nylon": 80, "elastane": 20},
    {"merino": 60, "nylon": 37, "elastane": 3},
    {"polyester": 70, "nylon": 25, "elastane": 5},
    {"cotton": 75, "polyester": 20, "elastane": 5},
]
LENGTHS = [Length.ankle, Length.crew, Length.knee_high]
COMPRESSED_CHART = [
    {
        "label": "S",
        "shoe_eu": {"min": 36, "max": 40},
        "calf_cm": {"min": 28, "max": 35},
        "ankle_cm": {"min": 18, "max": 22},
    },
    {
        "label": "L",
        "shoe_eu": {"min": 41, "max": 45},
        "calf_cm": {"min": 35, "max": 42},
        "ankle_cm": {"min": 22, "max": 26},
    },
]


@st.composite
def socks(draw: st.DrawFn, sku: str) -> Product:
    level = draw(st.sampled_from([None, (8, 15), (15, 20), (20, 30)]))
    if level is None:
        sizes: list[dict[str, Any]] = draw(
            st.sampled_from(
                [
                    [{"label": "M", "shoe_eu": {"min": 38, "max": 44}}],
                    [
                        {"label": "S", "shoe_eu": {"min": 35, "max": 39}},
                        {"label": "L", "shoe_eu": {"min": 40, "max": 46}},
                    ],
                ]
            )
        )
    else:
        with_ankle = draw(st.booleans())
        sizes = [
            {k: v for k, v in s.items() if with_ankle or k != "ankle_cm"}
            for s in COMPRESSED_CHART[: draw(st.integers(1, 2))]
        ]
    return product(
        sku=sku,
        price=draw(st.sampled_from(PRICES)),
        length=draw(st.sampled_from(LENGTHS)),
        materials=draw(st.sampled_from(BLENDS)),
        compression=None if level is None else compression(*level),
        cushion=draw(st.sampled_from(["light", "medium", "max"])),
        seamless_toe=draw(st.booleans()),
        mesh_ventilation=draw(st.booleans()),
        reinforcement=draw(st.sampled_from([[], ["heel", "toe"]])),
        sizes=sizes,
    )


@st.composite
def catalogs(draw: st.DrawFn, max_size: int = 6) -> list[Product]:
    n = draw(st.integers(1, max_size))
    return [draw(socks(f"P-{i}")) for i in range(n)]


constrained = st.builds(
    RunnerProfile,
    budget=st.none() | st.sampled_from([5.0, 10.0, 14.0, 25.0]),
    exclude_materials=st.lists(
        st.sampled_from([Fibre.merino, Fibre.nylon, Fibre.polyester, Fibre.cotton]),
        max_size=2,
        unique=True,
    ).map(tuple),
    length=st.none() | st.sampled_from(LENGTHS),
    calf_cm=st.none() | st.sampled_from([25.0, 32.0, 38.0, 50.0]),
    ankle_cm=st.none() | st.sampled_from([16.0, 20.0, 24.0, 30.0]),
    shoe_eu=st.none() | st.sampled_from([34.0, 39.0, 43.0, 50.0]),
    conditions=st.sampled_from([(), (Condition.diabetes,), (Condition.pad,)]),
)


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


# --- Why not ------------------------------------------------------------------------------

THREE = rules(
    {"id": "knee", "prefer": {"length": ["knee_high"]}, "weight": 3},
    {"id": "seam", "prefer": {"has": ["seamless_toe"]}, "weight": 1},
    {"id": "light", "prefer": {"cushion": ["light"]}, "weight": 1},
)
A = product(sku="A-KNEE", length="knee_high", price=40.0)  # 60 + 20 + 20 = 100
B = product(sku="B-KNEE", length="knee_high", seamless_toe=False, price=35.0)  # 80
C = product(sku="C-CREW", price=15.0)  # 40
D = product(sku="D-CREW", price=10.0)  # 40, and cheaper than C
E = product(sku="E-KNEE", length="knee_high", price=99.0)  # 100, over a budget of 50
ABCDE = [A, B, C, D, E]


def test_why_not_against_the_top_pick() -> None:
    profile = RunnerProfile()
    top = diagnose.top_pick(ABCDE, THREE, profile)
    assert top is not None and top.sku == "A-KNEE"  # A and E tie at 100: A is cheaper
    result = diagnose.why_not(C, top, ABCDE, THREE, profile)
    assert [(t.rule, t.points, t.against_points, t.difference) for t in result.terms] == [
        ("knee", 0.0, 60.0, -60.0),
        ("seam", 20.0, 20.0, 0.0),
        ("light", 20.0, 20.0, 0.0),
    ]
    assert result.score_difference == pytest.approx(-60.0)
    assert (result.product.rank, result.against.rank) == (5, 1)
    assert result.product.excluded_by == []
    assert result.decision is not None
    assert (result.decision.higher, result.decision.lower) == ("A-KNEE", "C-CREW")
    assert (result.decision.decided_by, result.decision.decisive) == ("score", ["knee"])


def test_why_not_names_the_constraint_that_removed_it() -> None:
    profile = RunnerProfile(budget=50)
    result = diagnose.why_not(E, A, ABCDE, THREE, profile)
    assert result.score_difference == 0.0
    assert not result.product.eligible and result.product.rank is None
    assert [r.constraint for r in result.product.excluded_by] == ["budget"]
    assert result.decision is not None
    assert (result.decision.higher, result.decision.decided_by) == ("A-KNEE", "eligibility")


def test_why_not_a_tie_says_how_it_was_broken() -> None:
    result = diagnose.why_not(C, D, ABCDE, THREE, RunnerProfile())
    assert result.score_difference == 0.0
    assert result.decision is not None
    assert (result.decision.higher, result.decision.tie_break) == ("D-CREW", "price")
    same = diagnose.why_not(A, A, ABCDE, THREE, RunnerProfile())
    assert same.decision is None and all(t.difference == 0 for t in same.terms)


def test_top_pick_is_none_when_nothing_matches() -> None:
    assert diagnose.top_pick(ABCDE, THREE, RunnerProfile(budget=5)) is None


BUNDLED_RULES = load_rules(None)


@settings(max_examples=40, deadline=None)
@given(items=catalogs(max_size=5), profile=constrained, data=st.data())
def test_why_not_differences_add_up_to_the_score_difference(
    items: list[Product], profile: RunnerProfile, data: st.DataObject
) -> None:
    mine, other = data.draw(st.sampled_from(items)), data.draw(st.sampled_from(items))
    result = diagnose.why_not(mine, other, items, BUNDLED_RULES, profile)
    ex_mine = engine.explain(mine, items, BUNDLED_RULES, profile)
    ex_other = engine.explain(other, items, BUNDLED_RULES, profile)
    assert result.product.score == ex_mine.score and result.against.score == ex_other.score
    assert result.score_difference == pytest.approx(ex_mine.score - ex_other.score, abs=1e-9)
    assert sum(t.difference for t in result.terms) == pytest.approx(
        result.score_difference, abs=1e-9
    )
    assert result.product.excluded_by == ex_mine.excluded_by
    assert result.product.rank == ex_mine.rank
    sizes = [round(abs(t.difference), 9) for t in result.terms]
    assert sizes == sorted(sizes, reverse=True)


# --- Compare ------------------------------------------------------------------------------


def test_compare_orders_columns_and_marks_the_deciding_rows() -> None:
    result = diagnose.compare([C, A, E, B, D], ABCDE, THREE, RunnerProfile(budget=50))
    assert [s.sku for s in result.products] == ["A-KNEE", "B-KNEE", "D-CREW", "C-CREW", "E-KNEE"]
    assert [s.rank for s in result.products] == [1, 2, 3, 4, None]
    assert [(p.higher, p.decided_by, p.tie_break, p.decisive) for p in result.pairs] == [
        ("A-KNEE", "score", None, ["seam"]),  # +20 on seam
        ("B-KNEE", "score", None, ["knee"]),  # +60 on knee outweighs -20 on seam
        ("D-CREW", "price", "price", []),  # a tie at 40 points: the cheaper first
        ("C-CREW", "eligibility", None, []),  # E is over the budget
    ]
    assert [(r.rule, r.decisive) for r in result.rules] == [
        ("knee", True),
        ("seam", True),
        ("light", False),
    ]
    assert result.rules[0].points == [60.0, 60.0, 0.0, 0.0, 60.0]
    rows = {a.name: a for a in result.attributes}
    assert rows["price"].values == ["40.00", "35.00", "10.00", "15.00", "99.00"]
    assert rows["seamless_toe"].values == ["yes", "no", "yes", "yes", "yes"]
    assert rows["compression"].values == ["none"] * 5 and not rows["compression"].differs
    assert rows["length"].differs
    assert [r.constraint for r in result.products[-1].excluded_by] == ["budget"]


def test_compare_breaks_a_full_tie_by_sku_and_needs_two_skus() -> None:
    twin = product(sku="A-TWIN", length="knee_high", price=40.0)
    result = diagnose.compare([twin, A], [A, twin], THREE, RunnerProfile())
    assert [s.sku for s in result.products] == ["A-KNEE", "A-TWIN"]
    assert result.pairs[0].tie_break == "sku"
    with pytest.raises(UsageError, match="at least two"):
        diagnose.compare([A], ABCDE, THREE, RunnerProfile())
    with pytest.raises(UsageError, match="twice"):
        diagnose.compare([A, B, A], ABCDE, THREE, RunnerProfile())


def test_compare_shows_compression_and_unknowns() -> None:
    sock = product(
        sku="KNEE-C",
        compression=compression(15, 20),
        length="knee_high",
        cushion=None,
        mesh_ventilation=None,
    )
    result = diagnose.compare([sock, C], [sock, C], THREE, RunnerProfile())
    rows = {a.name: a.values for a in result.attributes}
    assert rows["compression"] == ["15-20 mmHg, graduated", "none"]
    assert rows["cushion"] == ["unknown", "light"]
    assert rows["mesh_ventilation"] == ["unknown", "yes"]
    assert rows["materials"] == ["nylon 80%, elastane 20%"] * 2


@settings(max_examples=40, deadline=None)
@given(items=catalogs(max_size=5), profile=constrained, data=st.data())
def test_compare_columns_add_up_and_follow_the_ranking(
    items: list[Product], profile: RunnerProfile, data: st.DataObject
) -> None:
    if len(items) < 2:
        return
    chosen = data.draw(st.permutations(items)).copy()[: data.draw(st.integers(2, len(items)))]
    result = diagnose.compare(chosen, items, BUNDLED_RULES, profile)
    ranking = engine.rank(items, BUNDLED_RULES, profile)
    ranked = [r.product.sku for r in ranking.results]
    eligible = [s.sku for s in result.products if s.eligible]
    assert eligible == [sku for sku in ranked if sku in {p.sku for p in chosen}]
    assert all(not s.eligible for s in result.products[len(eligible) :])
    for j, standing in enumerate(result.products):
        total = sum(row.points[j] for row in result.rules)
        assert total == pytest.approx(standing.score, abs=1e-9)
    assert len(result.pairs) == len(chosen) - 1
    for pair, (high, low) in zip(result.pairs, itertools.pairwise(result.products), strict=True):
        assert (pair.higher, pair.lower) == (high.sku, low.sku)
        if pair.decided_by == "score":
            assert high.score > low.score and pair.decisive
            j, k = result.products.index(high), result.products.index(low)
            gains = {r.rule: r.points[j] - r.points[k] for r in result.rules}
            assert all(gains[rule] == pytest.approx(max(gains.values())) for rule in pair.decisive)
    decisive = {rule for pair in result.pairs for rule in pair.decisive}
    assert {r.rule for r in result.rules if r.decisive} == decisive


# --- What if ------------------------------------------------------------------------------

TERRAIN = rules(
    {
        "id": "road-light",
        "when": {"terrain": ["road"]},
        "prefer": {"cushion": ["light"]},
        "weight": 2,
    },
    {
        "id": "tech-max",
        "when": {"terrain": ["technical"]},
        "prefer": {"cushion": ["max"]},
        "weight": 2,
    },
    {"id": "crew", "prefer": {"length": ["crew"]}, "weight": 1},
)
LIGHT = product(sku="LIGHT", cushion="light", price=15.0)
MAX = product(sku="MAX", cushion="max", price=20.0)
MED = product(sku="MED", cushion="medium", price=10.0)


def test_what_if_one_terrain_step_or_a_budget() -> None:
    items = [LIGHT, MAX, MED]
    result = diagnose.what_if(items, TERRAIN, RunnerProfile(terrain=Terrain.technical))
    assert result.current is not None and result.current.sku == "MAX"
    assert result.cost == 1.0
    assert [(c.label, c.top.sku) for c in result.changes] == [
        ("--terrain mixed instead of technical", "MED"),  # only `crew` applies: a tie, cheapest
        ("without --terrain technical", "MED"),
        ("--budget 15.00", "MED"),  # the loosest budget that removes MAX
    ]
    change = result.changes[0]
    assert (change.option, change.old, change.new) == ("terrain", "technical", "mixed")
    assert change.profile == RunnerProfile(terrain=Terrain.mixed)


def test_what_if_a_small_budget_cut_beats_any_step() -> None:
    items = [LIGHT, MAX, MED]
    profile = RunnerProfile(terrain=Terrain.technical, budget=25)
    result = diagnose.what_if(items, TERRAIN, profile)
    assert result.cost == pytest.approx(0.4)
    assert [(c.label, c.top.sku) for c in result.changes] == [
        ("--budget 15.00 instead of 25.00", "MED")
    ]


def test_what_if_flags_and_fibres() -> None:
    flagged = rules(
        {
            "id": "seam",
            "when": {"blister_prone": True},
            "prefer": {"has": ["seamless_toe"]},
            "weight": 5,
        },
        {"id": "cheap", "prefer": {"cushion": ["medium"]}, "weight": 1},
    )
    seamless = product(sku="SEAMLESS", materials={"merino": 60, "nylon": 37, "elastane": 3})
    seamed = product(sku="SEAMED", seamless_toe=False, cushion="medium", price=30.0)
    profile = RunnerProfile(blister_prone=True, budget=30)
    result = diagnose.what_if([seamless, seamed], flagged, profile)
    assert result.current is not None and result.current.sku == "SEAMLESS"
    assert [c.label for c in result.changes] == [
        "without --blister-prone",
        "--exclude-material merino",
    ]
    assert all(c.top.sku == "SEAMED" for c in result.changes)


def test_what_if_nothing_changes_a_lone_product() -> None:
    result = diagnose.what_if([MAX], TERRAIN, RunnerProfile(terrain=Terrain.technical))
    assert result.current is not None and result.current.sku == "MAX"
    assert (result.cost, result.changes) == (None, [])


OPTIONS = rules(
    {
        "id": "long-knee",
        "when": {"distance": ["marathon", "ultra"]},
        "prefer": {"length": ["knee_high"]},
        "weight": 3,
    },
    {
        "id": "trail-tough",
        "when": {"terrain": ["mixed", "technical"]},
        "prefer": {"reinforced": ["heel", "toe"]},
        "weight": 2,
    },
    {
        "id": "recovery-firm",
        "when": {"use": ["recovery"]},
        "prefer": {"mmhg_within": [20, 30]},
        "weight": 4,
    },
    {
        "id": "hot-mesh",
        "when": {"climate": ["hot"]},
        "prefer": {"has": ["mesh_ventilation"]},
        "weight": 2,
    },
    {
        "id": "first-mild",
        "when": {"new_to_compression": True},
        "prefer": {"mmhg_above": 20},
        "weight": -3,
    },
    {
        "id": "blister-seam",
        "when": {"blister_prone": True},
        "prefer": {"has": ["seamless_toe"]},
        "weight": 2,
    },
    {"id": "light", "prefer": {"cushion": ["light"]}, "weight": 1},
)


def brute_force(
    items: Sequence[Product], profile: RunnerProfile
) -> tuple[str | None, dict[tuple[str, object], float]]:
    """Every single change (all values, budgets at every price) that changes the top pick."""
    ranking = engine.rank(items, OPTIONS, profile, top=1)
    current = ranking.results[0].product.sku if ranking.results else None
    steps: dict[str, list[Any]] = {
        "distance": list(Distance),
        "terrain": list(Terrain),
        "use": list(Use),
        "climate": list(Climate),
        "new_to_compression": [True, False],
        "blister_prone": [True, False],
        "length": list(Length),
    }
    tries: list[tuple[str, Any, float]] = []
    for option, values in steps.items():
        old = getattr(profile, option)
        for new in [*values, None] if option in ("distance", "terrain", "length") else values:
            if new == old:
                continue
            cost = 1.0
            if option in ("distance", "terrain") and old is not None and new is not None:
                cost = abs(values.index(new) - values.index(old))
            tries.append((option, new, cost))
    for price in {p.price for p in items} | {None}:
        if price == profile.budget:
            continue
        old = profile.budget
        cost = 1.0 if old is None or price is None else abs(price - old) / old
        tries.append(("budget", price, cost))
    for fibre in Fibre:
        if fibre in profile.exclude_materials:
            kept = tuple(f for f in profile.exclude_materials if f is not fibre)
            tries.append(("exclude_materials", kept, 1.0))
        else:
            tries.append(("exclude_materials", (*profile.exclude_materials, fibre), 1.0))
    changing = {}
    for option, new, cost in tries:
        results = engine.rank(items, OPTIONS, profile.model_copy(update={option: new})).results
        if results and results[0].product.sku != current:
            changing[(option, new)] = cost
    return current, changing


what_if_profiles = st.builds(
    RunnerProfile,
    distance=st.none() | st.sampled_from(list(Distance)),
    terrain=st.none() | st.sampled_from(list(Terrain)),
    use=st.sampled_from(list(Use)),
    climate=st.sampled_from(list(Climate)),
    new_to_compression=st.booleans(),
    blister_prone=st.booleans(),
    budget=st.none() | st.sampled_from([14.0, 25.0, 40.0]),
    exclude_materials=st.sampled_from([(), (Fibre.merino,), (Fibre.cotton, Fibre.polyester)]),
    length=st.none() | st.sampled_from(LENGTHS),
)


@settings(max_examples=25, deadline=None)
@given(items=catalogs(max_size=5), profile=what_if_profiles)
def test_what_if_changes_change_the_answer_and_none_is_cheaper(
    items: list[Product], profile: RunnerProfile
) -> None:
    result = diagnose.what_if(items, OPTIONS, profile)
    current, changing = brute_force(items, profile)
    assert (result.current.sku if result.current else None) == current
    if not changing:
        assert result.changes == [] and result.cost is None
        return
    cheapest = min(changing.values())
    assert result.cost == pytest.approx(cheapest)
    assert result.changes
    shown = {(c.option, getattr(c.profile, c.option)) for c in result.changes}
    for change in result.changes:
        assert change.cost == pytest.approx(cheapest)
        top = engine.rank(items, OPTIONS, change.profile, top=1).results[0]
        assert change.top.sku == top.product.sku != current
        assert change.top.score == top.score
        assert changing[(change.option, getattr(change.profile, change.option))] == (
            pytest.approx(change.cost)
        )
    # Every cheapest change is reported, but adding a budget: only the loosest one is.
    for (option, new), cost in changing.items():
        if cost == pytest.approx(cheapest) and not (option == "budget" and profile.budget is None):
            assert (option, new) in shown


def test_what_if_on_the_bundled_catalog(bundled: Bundled) -> None:
    products, compiled = bundled
    profile = RunnerProfile(use=Use.recovery, budget=45)
    result = diagnose.what_if(products, compiled, profile)
    assert result.current is not None
    assert result.changes and result.cost is not None and result.cost < 1
    for change in result.changes:
        assert change.option == "budget"
        top = engine.rank(products, compiled, change.profile, top=1).results[0]
        assert top.product.sku == change.top.sku != result.current.sku
