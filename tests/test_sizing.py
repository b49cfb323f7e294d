"""Sizing from the product's own chart: boundaries, gaps, outside every size, units."""

from __future__ import annotations

from typing import Any

import pytest

from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.units import shoe_to_eu
from sockadvisor.engine.sizing import fit

from .conftest import compression, product

CHART = [  # M and L share 38 cm; L and XL leave a gap between 43 and 44
    {
        "label": "S",
        "shoe_eu": {"min": 35, "max": 38},
        "calf_cm": {"min": 28, "max": 33},
        "ankle_cm": {"min": 18, "max": 21},
    },
    {
        "label": "M",
        "shoe_eu": {"min": 39, "max": 42},
        "calf_cm": {"min": 33.5, "max": 38},
        "ankle_cm": {"min": 20, "max": 23},
    },
    {
        "label": "L",
        "shoe_eu": {"min": 42, "max": 45},
        "calf_cm": {"min": 38, "max": 43},
        "ankle_cm": {"min": 23.5, "max": 25},
    },
    {
        "label": "XL",
        "shoe_eu": {"min": 46, "max": 48},
        "calf_cm": {"min": 44, "max": 48},
        "ankle_cm": {"min": 25.5, "max": 27},
    },
]


def compressed() -> Product:
    return product(compression=compression(15, 20), length="knee_high", sizes=CHART)


def plain() -> Product:
    sizes = [{k: v for k, v in s.items() if k in ("label", "shoe_eu")} for s in CHART]
    return product(sizes=sizes)


def size_of(p: Product, **measures: Any) -> tuple[str | None, str | None, str | None]:
    f = fit(p, RunnerProfile(**measures))
    return (f.size.label if f.size else None, f.note, f.misfit)


def test_inside_one_size() -> None:
    assert size_of(compressed(), calf_cm=30) == ("S", None, None)
    assert size_of(compressed(), calf_cm=40, ankle_cm=24) == ("L", None, None)
    assert size_of(plain(), shoe_eu=40) == ("M", None, None)


def test_exactly_on_a_boundary_compression_takes_the_larger() -> None:
    label, note, _ = size_of(compressed(), calf_cm=38)
    assert label == "L"
    assert (
        note == "calf 38 cm fits both M and L: take L, the larger, as a tight top band constricts"
    )


def test_exactly_on_a_boundary_plain_takes_the_smaller() -> None:
    label, note, _ = size_of(plain(), shoe_eu=42)
    assert label == "M"
    assert note is not None and "take M, the smaller" in note


def test_a_second_measurement_settles_a_boundary() -> None:
    assert size_of(compressed(), calf_cm=38, ankle_cm=22) == ("M", None, None)


def test_a_calf_in_a_gap_is_no_fit() -> None:
    label, _, misfit = size_of(compressed(), calf_cm=43.5)
    assert label is None
    assert misfit == (
        "calf 43.5 cm falls between L (38-43 cm) and XL (44-48 cm), so no size's calf range "
        "holds it: choose another product or made-to-measure"
    )
    label, note, _ = size_of(plain(), shoe_eu=45.5)
    assert label == "L" and note is not None and "the smaller" in note


def test_measurements_that_no_size_holds_remove_the_product() -> None:
    label, _, misfit = size_of(compressed(), calf_cm=30, ankle_cm=24)
    assert label is None
    assert misfit == (
        "calf 30 cm fits S, ankle 24 cm fits L: no size fits both; choose another product, "
        "or made-to-measure"
    )


def test_the_ankle_decides_for_a_graduated_sock_when_the_calf_fits_two() -> None:
    overlapping = [
        {"label": "M", "shoe_eu": {"min": 39, "max": 42}, "calf_cm": {"min": 33, "max": 39},
         "ankle_cm": {"min": 20, "max": 24}},
        {"label": "L", "shoe_eu": {"min": 42, "max": 45}, "calf_cm": {"min": 37, "max": 43},
         "ankle_cm": {"min": 23, "max": 27}},
    ]  # fmt: skip
    sock = product(compression=compression(15, 20), length="knee_high", sizes=overlapping)
    label, note, _ = size_of(sock, calf_cm=38, ankle_cm=23.2)
    assert label == "M"  # the larger would be L; the ankle sits nearer M's middle
    assert note is not None and "ankle range centres" in note
    flat = product(compression=compression(15, 20, graduated=False), sizes=overlapping)
    assert size_of(flat, calf_cm=38, ankle_cm=23.2)[0] == "L"


def test_how_centred_the_fit_is() -> None:
    middle = fit(compressed(), RunnerProfile(calf_cm=30.5))
    edge = fit(compressed(), RunnerProfile(calf_cm=28))
    assert middle.centred == 1.0 and edge.centred == 0.5
    assert fit(compressed(), RunnerProfile()).centred is None


@pytest.mark.parametrize(
    ("measures", "misfit"),
    [
        ({"calf_cm": 49}, "calf 49 cm: largest size XL fits 44-48 cm"),
        ({"calf_cm": 25}, "calf 25 cm: smallest size S fits 28-33 cm"),
        ({"calf_cm": 40, "ankle_cm": 30}, "ankle 30 cm: largest size XL fits 25.5-27 cm"),
    ],
)
def test_outside_every_size(measures: dict[str, float], misfit: str) -> None:
    assert size_of(compressed(), **measures) == (None, None, misfit)


def test_plain_outside_every_size() -> None:
    assert size_of(plain(), shoe_eu=50)[2] == "shoe EU 50: largest size XL fits 46-48"


def test_no_measurements_no_size() -> None:
    assert size_of(compressed()) == (None, None, None)
    assert size_of(plain()) == (None, None, None)


def test_compression_by_shoe_only_says_so() -> None:
    label, note, _ = size_of(compressed(), shoe_eu=40)
    assert label == "M" and note == "sized by shoe only: measure your calf for a compression fit"


def test_plain_sock_with_only_a_calf_measurement_asks_for_a_shoe_size() -> None:
    assert size_of(plain(), calf_cm=38) == (
        None,
        "plain socks are sized by shoe: give your shoe size for one",
        None,
    )


def test_ankle_ignored_when_the_chart_has_none() -> None:
    sizes = [{k: v for k, v in s.items() if k != "ankle_cm"} for s in CHART]
    p = product(compression=compression(15, 20), sizes=sizes)
    assert size_of(p, calf_cm=30, ankle_cm=24) == ("S", None, None)


@pytest.mark.parametrize(
    ("text", "system", "eu"),
    [
        ("9", "us", 42.5),
        ("9.5", "us", 43.0),
        ("8W", "us", 39.0),
        ("8w", "us", 39.0),
        ("8", "uk", 42.5),
        ("5.5", "uk", 40.0),
    ],
)
def test_shoe_conversions(text: str, system: str, eu: float) -> None:
    assert shoe_to_eu(text, system) == eu


@pytest.mark.parametrize(
    ("text", "system"), [("9.3", "us"), ("8W", "uk"), ("big", "us"), ("", "uk")]
)
def test_bad_shoe_sizes(text: str, system: str) -> None:
    with pytest.raises(ValueError, match="shoe size"):
        shoe_to_eu(text, system)


# --- Charts in the shapes makers publish (invented brands) --------------------------

# Sized by shoe alone, as several makers size run compression (EU columns only).
SHOE_ONLY = [
    {"label": "S", "shoe_eu": {"min": 35, "max": 38}},
    {"label": "M", "shoe_eu": {"min": 39, "max": 42}},
    {"label": "L", "shoe_eu": {"min": 43, "max": 46}},
]
# A calf sleeve's chart in inches, converted: XS 11-13, S/M 13-15, L/XL 15-17, XXL 17-20 in.
CALF_ONLY = [
    {"label": "XS", "calf_cm": {"min": 27.9, "max": 33}},
    {"label": "S/M", "calf_cm": {"min": 33, "max": 38.1}},
    {"label": "L/XL", "calf_cm": {"min": 38.1, "max": 43.2}},
    {"label": "XXL", "calf_cm": {"min": 43.2, "max": 50.8}},
]


def test_compression_sized_by_shoe_alone() -> None:
    sock = product(sku="SW-1", compression=compression(15, 20), sizes=SHOE_ONLY)
    f = fit(sock, RunnerProfile(calf_cm=38, shoe_eu=40))
    assert f.size is not None and f.size.label == "M"
    assert f.note == "its maker sizes it by shoe alone"
    only_calf = fit(sock, RunnerProfile(calf_cm=38))
    assert only_calf.size is None and only_calf.misfit is None
    assert only_calf.note == "its maker sizes it by shoe: give your shoe size for one"


def test_a_calf_sleeve_chart_sized_by_calf_alone() -> None:
    sleeve = product(sku="SL-1", compression=compression(20, 30), sizes=CALF_ONLY)
    assert size_of(sleeve, calf_cm=40) == ("L/XL", None, None)
    by_shoe = fit(sleeve, RunnerProfile(shoe_eu=42))
    assert (
        by_shoe.size is None
        and by_shoe.note == "its maker sizes it by calf: give your calf for a size"
    )


@pytest.mark.parametrize(
    ("sizes", "compressed", "message"),
    [
        (
            [SHOE_ONLY[0], {**SHOE_ONLY[1], "calf_cm": {"min": 33, "max": 38}}],
            True,
            "every size or on none",
        ),
        (CALF_ONLY, False, "a plain sock is sized by shoe"),
    ],
)
def test_charts_that_mix_shapes_are_refused(
    sizes: list[dict[str, Any]], compressed: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        product(sku="MX-1", compression=compression(15, 20) if compressed else None, sizes=sizes)


# A maker's chart with its own US (men's) and UK columns, in the shape running-sock makers
# publish (invented brand; the columns run on in half sizes as such charts do). The EU
# formula (US + 33.5, UK + 34.5) puts US 9.5 and UK 8.5 at EU 43, in L; the maker's own
# columns put them in M.
MAKER_CHART = [
    {
        "label": "S",
        "shoe_eu": {"min": 35, "max": 38},
        "shoe_us": {"min": 4, "max": 5.5},
        "shoe_uk": {"min": 3, "max": 4.5},
    },
    {
        "label": "M",
        "shoe_eu": {"min": 39, "max": 42},
        "shoe_us": {"min": 6, "max": 9.5},
        "shoe_uk": {"min": 5, "max": 8.5},
    },
    {
        "label": "L",
        "shoe_eu": {"min": 43, "max": 46},
        "shoe_us": {"min": 10, "max": 12.5},
        "shoe_uk": {"min": 9, "max": 11.5},
    },
]


def given(system: str, text: str) -> dict[str, float]:
    """The profile values of a shoe size given as the runner types it."""
    from sockadvisor.domain.fields import BY_NAME
    from sockadvisor.domain.profile import shoe_values
    from sockadvisor.domain.units import shoe_as_given

    field = BY_NAME["shoe_eu"]
    value: Any = shoe_to_eu(text, system) if system != "eu" else float(text)
    if system != "eu":
        value = (value, shoe_as_given(text, system))
    return shoe_values(field, system, value)


def test_the_makers_us_and_uk_columns_win_over_the_formula() -> None:
    maker = product(sizes=MAKER_CHART)
    formula_only = product(sizes=[{k: s[k] for k in ("label", "shoe_eu")} for s in MAKER_CHART])
    assert shoe_to_eu("9.5", "us") == 43 and shoe_to_eu("8.5", "uk") == 43
    # The formula and the chart disagree: the chart wins.
    assert size_of(formula_only, **given("us", "9.5"))[0] == "L"
    assert size_of(maker, **given("us", "9.5")) == ("M", None, None)
    assert size_of(formula_only, **given("uk", "8.5"))[0] == "L"
    assert size_of(maker, **given("uk", "8.5")) == ("M", None, None)
    # Where they agree, the same size; an EU size still goes by the EU column.
    assert size_of(maker, **given("us", "11"))[0] == "L"
    assert size_of(maker, **given("eu", "43"))[0] == "L"
    # A women's US size has no column of its own here: it goes through EU.
    assert size_of(maker, **given("us", "8W")) == ("M", None, None)  # EU 39


def test_a_size_between_the_makers_columns_is_between_sizes() -> None:
    chart = [dict(s) for s in MAKER_CHART]
    chart[2] = {**chart[2], "shoe_us": {"min": 10.5, "max": 12.5}}  # M ends 9.5, L starts 10.5
    label, note, misfit = size_of(product(sizes=chart), **given("us", "10"))
    assert (label, misfit) == ("M", None)
    assert note is not None and "shoe US 10 falls between M (6-9.5) and L (10.5-12.5)" in note
    sock = product(compression=compression(15, 20), length="knee_high", sizes=chart)
    assert size_of(sock, **given("us", "10"))[0] == "L"  # compression: the larger


def test_the_makers_columns_size_shoe_only_compression() -> None:
    sock = product(compression=compression(15, 20), length="knee_high", sizes=MAKER_CHART)
    label, note, _ = size_of(sock, **given("uk", "8.5"))
    assert label == "M" and note is not None and "sizes it by shoe alone" in note
    # Calf measurements still decide for a chart that has calf ranges.
    assert size_of(compressed(), calf_cm=30, **given("us", "12"))[0] == "S"


def test_the_makers_columns_are_all_or_none() -> None:
    chart = [dict(s) for s in MAKER_CHART]
    del chart[1]["shoe_us"]
    with pytest.raises(ValueError, match="give shoe_us on every size or on none"):
        product(sizes=chart)
