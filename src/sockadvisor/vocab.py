"""The words of the domain: lengths, cushions, fibres, zones and the profile's classes.

Plain enums with no heavy imports, so that `--help` can list them cheaply.
"""

from __future__ import annotations

from enum import StrEnum


class Length(StrEnum):
    """Sock lengths, shortest first (the order matters: rules compare lengths)."""

    no_show = "no_show"
    ankle = "ankle"
    quarter = "quarter"
    micro_crew = "micro_crew"
    crew = "crew"
    knee_high = "knee_high"

    @property
    def rank(self) -> int:
        return list(Length).index(self)


class Cushion(StrEnum):
    """Cushioning, thinnest first (the Darn Tough / Feetures scale)."""

    none = "none"
    ultra_light = "ultra_light"
    light = "light"
    medium = "medium"
    max = "max"

    @property
    def rank(self) -> int:
        return list(Cushion).index(self)


class Fibre(StrEnum):
    nylon = "nylon"
    polyester = "polyester"
    polypropylene = "polypropylene"
    elastane = "elastane"
    merino = "merino"
    acrylic = "acrylic"
    bamboo = "bamboo"
    cotton = "cotton"
    silver = "silver"


class Zone(StrEnum):
    """Reinforced zones of a sock."""

    heel = "heel"
    toe = "toe"
    achilles = "achilles"
    ball = "ball"
    shin = "shin"


class Distance(StrEnum):
    short = "short"
    half = "half"
    marathon = "marathon"
    ultra = "ultra"


class Terrain(StrEnum):
    road = "road"
    groomed = "groomed"
    mixed = "mixed"
    technical = "technical"


class Use(StrEnum):
    run = "run"
    recovery = "recovery"
    travel = "travel"


class Climate(StrEnum):
    hot = "hot"
    mild = "mild"
    cold = "cold"
    wet = "wet"
