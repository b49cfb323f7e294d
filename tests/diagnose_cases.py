"""Shared cases for the diagnosis tests: small products and rules worked out by hand, the
bundled data, and hypothesis strategies for small catalogs and constrained profiles."""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.vocab import Condition, Fibre, Length
from sockadvisor.engine.compile import CompiledRule
from sockadvisor.sources.catalog import load_catalog, load_rules

from .conftest import compression, product, rules


@functools.cache
def bundled() -> tuple[list[Product], tuple[CompiledRule, ...]]:
    """The bundled catalog's products and the bundled rules, loaded once."""
    return load_catalog(None).products, load_rules(None)


BUNDLED_RULES = load_rules(None)

# Three rules and five socks, scored by hand.
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


# Small generated catalogs and constrained profiles.

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
