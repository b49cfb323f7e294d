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
        return _LENGTH_RANK[self]


class Cushion(StrEnum):
    """Cushioning, thinnest first (the Darn Tough / Feetures scale)."""

    none = "none"
    ultra_light = "ultra_light"
    light = "light"
    medium = "medium"
    max = "max"

    @property
    def rank(self) -> int:
        return _CUSHION_RANK[self]


_LENGTH_RANK = {member: i for i, member in enumerate(Length)}
_CUSHION_RANK = {member: i for i, member in enumerate(Cushion)}


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


class BlisterSpot(StrEnum):
    """Where a runner blisters (docs/user-guide.md)."""

    toes = "toes"  # between or on the toes
    heel = "heel"
    ball = "ball"  # the ball of the foot


class Condition(StrEnum):
    """Medical conditions that change what compression is safe (docs/safety.md)."""

    pad = "pad"  # peripheral arterial disease
    heart_failure = "heart-failure"
    neuropathy = "neuropathy"  # advanced peripheral neuropathy
    diabetes = "diabetes"
    skin = "skin"  # skin infection, broken skin or weeping dermatitis
    dvt = "dvt"  # a recent deep-vein thrombosis

    @property
    def description(self) -> str:
        return {
            "pad": "peripheral arterial disease",
            "heart-failure": "heart failure",
            "neuropathy": "peripheral neuropathy",
            "diabetes": "diabetes",
            "skin": "a skin infection, broken skin or weeping dermatitis",
            "dvt": "a recent deep-vein thrombosis",
        }[self.value]


class Format(StrEnum):
    """Output formats; every command that offers --format renders each one."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def mmhg_range(low: float, high: float) -> str:
    """A compression's range as text: "15-20", or "18" when both ends are one figure."""
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"
