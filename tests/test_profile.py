from __future__ import annotations

import pytest

from sockadvisor.domain.units import KM_PER_MILE, distance_class, parse_distance
from sockadvisor.domain.vocab import Distance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short", Distance.short),
        ("ULTRA", Distance.ultra),
        ("5k", Distance.short),
        ("14.9km", Distance.short),
        ("15km", Distance.half),
        ("21.1km", Distance.half),
        ("29.99 km", Distance.half),
        ("30k", Distance.marathon),
        ("42.195km", Distance.marathon),
        ("42.2k", Distance.marathon),
        ("42.3k", Distance.ultra),
        ("26.2mi", Distance.marathon),
        ("13.1 miles", Distance.half),
        ("50k", Distance.ultra),
        ("100mi", Distance.ultra),
    ],
)
def test_distance_words_and_units(text: str, expected: Distance) -> None:
    assert parse_distance(text) is expected


@pytest.mark.parametrize("text", ["", "far", "50", "-5k", "0k", "1e3km", "nan km", "99999km"])
def test_bad_distance_lists_the_valid_classes(text: str) -> None:
    with pytest.raises(ValueError, match="short, half, marathon, ultra"):
        parse_distance(text)


def test_miles_convert_exactly() -> None:
    assert KM_PER_MILE == 1.609344
    assert distance_class(26.2 * KM_PER_MILE) is Distance.marathon


def test_a_list_field_takes_one_value_a_list_and_an_empty_climate_is_the_default() -> None:
    from sockadvisor.domain.profile import make_profile

    assert make_profile({"climate": "wet"}).climate == ("wet",)
    assert make_profile({"climate": ["cold", "wet", "cold"]}).climate == ("cold", "wet")
    assert make_profile({"climate": []}).climate == ("mild",)  # an empty answer in `ask`
    assert make_profile({"blisters": []}).blisters == ()
