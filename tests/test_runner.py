"""The plain profile (domain/runner.py) is the model's twin: same attributes, same JSON."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sockadvisor.domain.fields import FIELDS, Kind, ProfileField
from sockadvisor.domain.profile import RunnerProfile, make_profile
from sockadvisor.domain.runner import plain_profile


def _values(field: ProfileField) -> st.SearchStrategy[Any]:
    """Values of every sort an option or a caller may give: right, wrong, out of range."""
    odd = st.sampled_from(["", "ultra", "40", "x", 1, True, [], float("nan"), float("inf")])
    if field.kind in (Kind.choice, Kind.distance):
        assert field.enum is not None
        return st.sampled_from(list(field.enum)) | odd
    if field.kind is Kind.choices:
        assert field.enum is not None
        members = st.lists(st.sampled_from(list(field.enum)), max_size=4)
        return members.map(tuple) | members | st.sampled_from(list(field.enum)) | odd
    if field.kind is Kind.flag:
        return st.booleans() | odd
    wide = st.floats(field.low - 5, field.high + 5) | st.integers(-5, int(field.high) + 5)
    return wide | odd


values = st.fixed_dictionaries(
    {},
    optional={
        **{f.name: st.none() | _values(f) for f in FIELDS},
        "shoe_us": st.floats(-1, 30) | st.just("9"),
        "shoe_uk": st.floats(-1, 30),
    },
)


@given(values=values)
def test_a_plain_profile_is_the_model_s_twin(values: dict[str, Any]) -> None:
    plain = plain_profile(values)
    if plain is None:
        return
    model = make_profile(values)  # never raises for values the plain profile takes
    assert plain.dump() == model.model_dump(mode="json")
    assert list(plain.dump()) == list(model.model_dump(mode="json"))  # the JSON's key order
    for name in RunnerProfile.model_fields:
        assert getattr(plain, name) == getattr(model, name), name
    assert plain.measured == model.measured
    assert make_profile(plain.given) == model


@given(values=values)
def test_values_the_options_give_always_make_a_plain_profile(values: dict[str, Any]) -> None:
    options = {
        name: value
        for name, value in values.items()
        if value is not None and _in_range(name, value)
    }
    assert plain_profile(options) is not None


def _in_range(name: str, value: Any) -> bool:
    """What the options hand over: enums, tuples of enums, bools, floats in the limits."""
    field = next((f for f in FIELDS if f.name == name), None)
    if field is None or field.kind is Kind.shoe:
        return False
    if field.kind in (Kind.choice, Kind.distance):
        return isinstance(value, field.enum or ())
    if field.kind is Kind.choices:
        return type(value) is tuple and all(isinstance(v, field.enum or ()) for v in value)
    if field.kind is Kind.flag:
        return type(value) is bool
    return type(value) is float and field.low <= value <= field.high


def test_text_and_bad_numbers_are_left_to_the_model() -> None:
    assert plain_profile({"distance": "50k"}) is None  # parsed by the model's rules
    assert plain_profile({"budget": 0.0}) is None  # below its limit: the model says so
    assert plain_profile({"budget": float("nan")}) is None
    assert plain_profile({"budget": 10**400}) is None  # too big for a float: not an error here
    assert plain_profile({"surface": "soft"}) is None  # no such field
    assert plain_profile({}) is not None
