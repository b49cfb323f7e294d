"""A runner's profile as plain data: the warm path's twin of `RunnerProfile`.

`plain_profile` takes the values the options give (by field name, as `make_profile`
does) and returns a `Profile` with the same attributes and the same JSON as the model
would have, or None when a value is not one it can take without the model (text to
parse, a number out of its limits, a name it does not know): then `make_profile`
validates, and says what is wrong. No pydantic here (docs/performance.md#the-warm-path);
tests/test_runner.py checks that every profile it builds equals the model's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

from sockadvisor.domain.fields import BY_NAME, FIELDS, SHOE_SYSTEMS, Kind, ProfileField

_GIVEN = (0.0, 25.0)  # a US or UK shoe size as given (RunnerProfile's shoe_us, shoe_uk)


def _names() -> list[tuple[str, ProfileField | None]]:
    """The profile's attributes, in the model's order: a shoe field is followed by the
    size as given in each other system."""
    names: list[tuple[str, ProfileField | None]] = []
    for field in FIELDS:
        names.append((field.name, field))
        if field.kind is Kind.shoe:
            names += [(f"{field.key}_{system}", None) for system in SHOE_SYSTEMS[1:]]
    return names


class Profile:
    """What the runner told us, as plain attributes (RunnerProfile's names and values)."""

    def __init__(self, values: dict[str, Any], given: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
        self.given = dict(given)  # what `make_profile` takes to build the same model

    if TYPE_CHECKING:  # every field of the table is an attribute (set in __init__)

        def __getattr__(self, name: str) -> Any: ...

    @property
    def measured(self) -> bool:
        return any(getattr(self, m) is not None for m in ("calf_cm", "ankle_cm", "shoe_eu"))

    def dump(self) -> dict[str, Any]:
        """The JSON of the profile, as `RunnerProfile.model_dump(mode="json")` gives it."""
        return {name: _json(getattr(self, name)) for name, _ in _names()}


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def _number(value: Any, low: float, high: float) -> float | None:
    if type(value) not in (int, float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int too big for a float: the model says so
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def _checked(field: ProfileField | None, value: Any) -> tuple[bool, Any]:
    """(True, the model's value) when the model would take `value` as it is."""
    if field is None:  # a shoe size as given in US or UK
        number = _number(value, *_GIVEN)
        return number is not None, number
    if field.kind in (Kind.choice, Kind.distance):
        return isinstance(value, field.enum or ()), value
    if field.kind is Kind.choices:
        ok = type(value) is tuple and all(isinstance(v, field.enum or ()) for v in value)
        return ok, value
    if field.kind is Kind.flag:
        return type(value) is bool, value
    number = _number(value, field.low, field.high)
    return number is not None, number


def plain_profile(values: Mapping[str, Any]) -> Profile | None:
    """The profile `make_profile(values)` would build, or None when only the model can
    tell (and maybe reject) it."""
    given: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        field = BY_NAME.get(name)
        if field is not None and field.kind is Kind.choices:
            if type(value) is not tuple:
                return None  # one value alone, or a list: the model's own rules
            value = tuple(dict.fromkeys(value))
            if value == () and field.default:
                continue  # an empty climate is none given: the default (mild)
        given[name] = value
    out: dict[str, Any] = {}
    for name, field in _names():
        if name not in given:
            if field is None or field.kind is Kind.number or field.kind is Kind.shoe:
                out[name] = None
            elif field.kind is Kind.choices:
                out[name] = tuple(field.default or ())
            elif field.kind is Kind.flag:
                out[name] = False
            else:
                out[name] = field.default
            continue
        ok, out[name] = _checked(field, given.pop(name))
        if not ok:
            return None
    if given:  # a name the profile does not have
        return None
    return Profile(out, values)
