"""The runner's profile from plain words: distance classes and distances such as `50k`.

Distance classes, by the race distance in kilometres (documented in docs/user-guide.md):

    short     under 15 km
    half      15 km to under 30 km      (a half marathon is 21.1 km)
    marathon  30 km to 42.2 km          (a marathon is 42.195 km)
    ultra     over 42.2 km
"""

from __future__ import annotations

import math
import re

from sockadvisor.domain.vocab import Distance

KM_PER_MILE = 1.609344

# Shoe sizes to EU (approximate: makers differ by up to half a size; docs/user-guide.md).
EU_FROM_US_MEN = 33.5  # US men's 9 -> EU 42.5
EU_FROM_US_WOMEN = 31.0  # US women's 8 -> EU 39
EU_FROM_UK = 34.5  # UK 8 -> EU 42.5

_DISTANCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(k|km|mi|mile|miles)\s*$", re.IGNORECASE)


def distance_class(km: float) -> Distance:
    if km < 15:
        return Distance.short
    if km < 30:
        return Distance.half
    if km <= 42.2:
        return Distance.marathon
    return Distance.ultra


def parse_distance(text: str) -> Distance:
    """`ultra`, `50k`, `21.1km` or `26.2mi` -> a Distance class; ValueError if neither."""
    word = text.strip().lower()
    if word in Distance.__members__:
        return Distance(word)
    match = _DISTANCE.match(text)
    if match:
        value = float(match.group(1))
        km = value * KM_PER_MILE if match.group(2).lower().startswith("mi") else value
        if 0 < km <= 5000 and math.isfinite(km):
            return distance_class(km)
    valid = ", ".join(d.value for d in Distance)
    raise ValueError(
        f"'{text[:40]}' is not a distance; use one of {valid}, or a distance with its unit "
        "such as 50k, 21.1km or 26.2mi"
    )


_SHOE = re.compile(r"^\s*(\d{1,2}(?:\.5)?)\s*([mMwW]?)\s*$")


def shoe_as_given(text: str, system: str) -> float | None:
    """A US or UK shoe size in its own system, for a chart's own column: 9.5 for US '9.5';
    None for EU and for a women's US size (a chart's US column is men's or unisex)."""
    match = _SHOE.match(text)
    if system == "eu" or not match or match.group(2).lower() == "w":
        return None
    return float(match.group(1))


def shoe_to_eu(text: str, system: str) -> float:
    """A US ('9', '9.5', '8W' for women's) or UK ('8') shoe size -> EU; ValueError if not one."""
    match = _SHOE.match(text)
    if not match or (system == "uk" and match.group(2)):
        suffix = " (add W for women's sizes, e.g. 8W)" if system == "us" else ""
        raise ValueError(
            f"'{text[:20]}' is not a {system.upper()} shoe size; give a whole or half size "
            f"such as 9 or 9.5{suffix}"
        )
    size = float(match.group(1))
    if system == "uk":
        return size + EU_FROM_UK
    return size + (EU_FROM_US_WOMEN if match.group(2).lower() == "w" else EU_FROM_US_MEN)
