"""Shared fixtures: small hand-built products and rules, and a CLI runner."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import strategies as st
from typer.testing import CliRunner

from sockadvisor.domain.models import Product
from sockadvisor.domain.rules import RuleSet
from sockadvisor.domain.vocab import Fibre
from sockadvisor.engine.compile import CompiledRule, compile_rules


def product(**overrides: Any) -> Product:
    """A valid plain crew sock; override any field."""
    data: dict[str, Any] = {
        "sku": "T-PLAIN",
        "brand": "Testbrand",
        "name": "Plain crew",
        "price": 15.0,
        "compression": None,
        "length": "crew",
        "materials": {"nylon": 80, "elastane": 20},
        "cushion": "light",
        "reinforcement": ["heel", "toe"],
        "seamless_toe": True,
        "toe_socks": False,
        "mesh_ventilation": True,
        "sizes": [{"label": "M", "shoe_eu": {"min": 39, "max": 42}}],
    }
    if overrides.get("compression"):
        data["sizes"] = [
            {"label": "S", "shoe_eu": {"min": 35, "max": 38}, "calf_cm": {"min": 28, "max": 33}},
            {"label": "M", "shoe_eu": {"min": 39, "max": 42}, "calf_cm": {"min": 33, "max": 38}},
        ]
    data.update(overrides)
    return Product.model_validate(data)


def compression(low: float, high: float, graduated: bool = True) -> dict[str, Any]:
    return {"min_mmhg": low, "max_mmhg": high, "graduated": graduated}


def rules(*specs: dict[str, Any]) -> tuple[CompiledRule, ...]:
    """Compile rules from specs; `because` and `source` are filled in."""
    full = [{"because": "A reason.", "source": "a source", **spec} for spec in specs]
    return compile_rules(RuleSet.model_validate({"rules": full}))


@st.composite
def blends(draw: st.DrawFn) -> dict[Fibre, int]:
    """A valid fibre blend: 1-4 distinct fibres, whole percentages adding up to 100."""
    fibres = draw(st.lists(st.sampled_from(list(Fibre)), min_size=1, max_size=4, unique=True))
    cuts = sorted(
        draw(
            st.lists(
                st.integers(1, 99), min_size=len(fibres) - 1, max_size=len(fibres) - 1, unique=True
            )
        )
    )
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return dict(zip(fibres, shares, strict=True))


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the user's cache; SOCKADVISOR_NO_CACHE=1 still turns it off."""
    old = os.environ.get("SOCKADVISOR_CACHE_DIR")
    os.environ["SOCKADVISOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["SOCKADVISOR_CACHE_DIR"]
    else:
        os.environ["SOCKADVISOR_CACHE_DIR"] = old


@pytest.fixture(autouse=True, scope="session")
def _ctrl_c_reaches_children() -> Iterator[None]:
    """The Ctrl-C tests signal child processes as a terminal would.

    A harness that runs the suite in the background may ignore SIGINT, and an ignored
    signal stays ignored across exec; the default handler is reset to default there.
    """
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


@pytest.fixture
def make_product() -> Callable[..., Product]:
    return product


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
