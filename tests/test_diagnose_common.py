"""The helpers shared by the diagnosis modules (engine.diagnose.common)."""

from __future__ import annotations

from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.engine import diagnose

from .diagnose_cases import ABCDE, THREE


def test_top_pick_is_none_when_nothing_matches() -> None:
    assert diagnose.top_pick(ABCDE, THREE, RunnerProfile(budget=5)) is None
