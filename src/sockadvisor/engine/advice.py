"""Safety and the fitter's advice as result models (the words: engine/notes.py).

docs/safety.md gives the sources; each function here is its twin in engine/notes.py,
as the `Warning` and `Reason` models that the results hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Reason, Warning
from sockadvisor.engine import notes


def warnings(found: Iterable[notes.Note]) -> list[Warning]:
    return [Warning(code=code, message=message) for code, message in found]


def reasons(found: Iterable[notes.Note]) -> list[Reason]:
    return [Reason(constraint=code, message=message) for code, message in found]


(MEASURE_HINT,) = warnings([notes.MEASURE_HINT])


def condition_reasons(product: Product, profile: RunnerProfile) -> list[Reason]:
    """Compression removed by the runner's conditions: chosen with a clinician, not here."""
    return reasons(notes.condition_reasons(product, profile))


def profile_warnings(profile: RunnerProfile) -> list[Warning]:
    """Warnings about the runner, shown before any result."""
    return warnings(notes.profile_warnings(profile))


def product_warnings(product: Product, profile: RunnerProfile) -> list[Warning]:
    """Warnings about one product for this runner."""
    return warnings(notes.product_warnings(product, profile))


def evidence_notes(products: Iterable[Product], travel: bool) -> list[Warning]:
    """What compression can honestly be said to do, with sources, when it is recommended."""
    return warnings(notes.evidence_notes(products, travel))


def fitter_notes(profile: RunnerProfile, has_toe_socks: Callable[[], bool]) -> list[Warning]:
    """What a fitter adds for this runner (`has_toe_socks`: whether the catalog has any)."""
    return warnings(notes.fitter_notes(profile, has_toe_socks))
