"""Answers beyond the ranking: why nothing matched, why not this one, compare, what if.

One module each (relax, whynot, compare, whatif) over shared helpers (common). They
return result models (sockadvisor.domain.results), never print and never word a change
for the command line: sockadvisor.render.words does. For users: docs/user-guide.md
(#when-nothing-matches, #what-if, #why-not-the-top-pick, #compare-socks-side-by-side).
"""

from __future__ import annotations

from sockadvisor.engine.diagnose.common import top_pick
from sockadvisor.engine.diagnose.compare import compare
from sockadvisor.engine.diagnose.relax import Unit, constraints, diagnose, relaxed
from sockadvisor.engine.diagnose.whatif import what_if
from sockadvisor.engine.diagnose.whynot import why_not

__all__ = [
    "Unit",
    "compare",
    "constraints",
    "diagnose",
    "relaxed",
    "top_pick",
    "what_if",
    "why_not",
]
