"""The runner's profile, its file and the rules' `when`: pydantic models made from the
one table of profile fields (sockadvisor.domain.fields; docs/architecture.md).

`RunnerProfile` is what the engine reads; `ProfileFile` is a `--profile FILE` (the
options' own names); `When` is a rule's profile test. Each is built from `FIELDS` when
this module is imported, so a field added to the table is in all three.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    create_model,
)

from sockadvisor.domain import fields as _fields
from sockadvisor.domain.fields import SHOE_SYSTEMS, Kind, ProfileField
from sockadvisor.domain.models import Frozen
from sockadvisor.domain.units import shoe_as_given
from sockadvisor.domain.vocab import (
    BlisterSpot,
    Climate,
    Condition,
    Cushion,
    Distance,
    Fibre,
    Length,
    Terrain,
    Use,
)

# ---------------------------------------------------------------------------
# RunnerProfile


class ProfileBase(Frozen):
    """What the runner told us. None means "not said": rules about it do not apply."""

    if TYPE_CHECKING:  # the typed view of the fields that engine code reads by name
        distance: Distance | None = None
        terrain: Terrain | None = None
        use: Use = Use.run
        climate: tuple[Climate, ...] = (Climate.mild,)
        cushion: Cushion | None = None
        new_to_compression: bool = False
        wears_firm_compression: bool = False
        blister_prone: bool = False
        blisters: tuple[BlisterSpot, ...] = ()
        budget: float | None = None
        exclude_materials: tuple[Fibre, ...] = ()
        length: Length | None = None
        calf_cm: float | None = None
        ankle_cm: float | None = None
        shoe_eu: float | None = None
        shoe_us: float | None = None  # the size as given, for a chart's own US column
        shoe_uk: float | None = None  # the size as given, for a chart's own UK column
        conditions: tuple[Condition, ...] = ()
        include_out_of_stock: bool = False

    @property
    def measured(self) -> bool:
        return any(m is not None for m in (self.calf_cm, self.ankle_cm, self.shoe_eu))


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _limits(field: ProfileField, strict: bool) -> Any:
    return Annotated[float, Field(strict=strict, ge=field.low, le=field.high, allow_inf_nan=False)]


def _profile_type(field: ProfileField) -> tuple[Any, Any]:
    if field.kind is Kind.choice or field.kind is Kind.distance:
        assert field.enum is not None
        return (field.enum if field.default is not None else field.enum | None), field.default
    if field.kind is Kind.choices:  # one value alone is read as a tuple of one
        listed = tuple[field.enum, ...]  # type: ignore[name-defined]
        return Annotated[listed, BeforeValidator(_listed)], tuple(field.default or ())
    if field.kind is Kind.flag:
        return bool, False
    return _limits(field, strict=False) | None, None


GIVEN_SYSTEMS = SHOE_SYSTEMS[1:]  # a shoe size given in US or UK is also kept as given


def profile_model(table: Sequence[ProfileField]) -> type[ProfileBase]:
    """The profile: one attribute per field; a shoe field also keeps a US or UK size as
    given (`shoe_us`, `shoe_uk`), so that a maker's own US/UK column can size by it."""
    spec: dict[str, Any] = {}
    for f in table:
        spec[f.name] = _profile_type(f)
        if f.kind is Kind.shoe:
            size = Annotated[float, Field(ge=0, le=25, allow_inf_nan=False)]
            spec.update({f"{f.key}_{s}": (size | None, None) for s in GIVEN_SYSTEMS})
    return create_model("RunnerProfile", __base__=ProfileBase, __doc__=ProfileBase.__doc__, **spec)


# ---------------------------------------------------------------------------
# ProfileFile: a profile kept in a YAML or JSON file, by the options' names.


def _distance(value: str) -> Distance:
    return _fields.parse_distance_word(value)


def _shoe(field: ProfileField, system: str) -> Any:
    def convert(value: str | float) -> tuple[float, float | None]:
        text = value if isinstance(value, str) else f"{value:g}"
        return _fields.parse_shoe(field, system, text), shoe_as_given(text, system)

    # text ("9.5", "8W") or a number, never a boolean: YAML's `yes` is no shoe size
    strict_text = Annotated[str, Field(strict=True)]
    strict_number = Annotated[float, Field(strict=True)]
    return Annotated[strict_text | strict_number, AfterValidator(convert)]


def _choice(field: ProfileField) -> Any:
    """A choice in a file: the words the options take (any case, synonyms), in the schema
    as the list of those words."""
    assert field.enum is not None
    enum = field.enum

    def convert(value: Any) -> Any:
        return _fields.parse_choice(enum, value) if isinstance(value, str) else value

    schema = {"type": "string", "enum": list(field.words), "description": field.synonym_help}
    return Annotated[enum, BeforeValidator(convert), WithJsonSchema(schema)]


_WORDED = re.compile(
    r"[$€£¥]|\b(?:usd|eur|gbp|chf|cad|aud)\b|(?:cm|in|inch|inches|\"|'')\s*$", re.IGNORECASE
)


def _number(field: ProfileField) -> Any:
    """A number in a file; an amount may be text with a currency ($40), a length text
    with a unit (15in), as on the command line."""

    def convert(value: Any) -> Any:
        # only text with a currency or a unit: a bare number written as text (2e1, 1,5)
        # is left to the file's number rules (docs/catalog-format.md), which say why
        if isinstance(value, str) and (field.noun == "amount" or field.unit):
            return _fields.parse_number(field, value) if _WORDED.search(value) else value
        return value

    text = "an amount such as 40 or '$40'" if field.noun == "amount" else "such as 15in"
    schema = {
        "anyOf": [
            {"type": "number", "minimum": field.low, "maximum": field.high},
            {"type": "string", "description": text},
        ]
    }
    limits = _limits(field, strict=True)
    if field.noun == "amount" or field.unit:
        return Annotated[limits, BeforeValidator(convert), WithJsonSchema(schema)]
    return limits


def _one_or_many(item: TypeAdapter[Any]) -> Any:
    """A list, or one value alone read as a list of one; a wrong value alone is reported
    at its key (`climate:`), not as the list's first item."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(value, str):
            return handler(value)
        try:
            return [item.validate_python(value)]
        except ValidationError as exc:
            error = exc.errors()[0]
            raise ValueError(str(error.get("ctx", {}).get("error", error["msg"]))) from None

    return validate


def _file_types(field: ProfileField) -> dict[str, Any]:
    """The file keys of one field and their types (a shoe field has one key per system)."""
    if field.kind is Kind.distance:
        return {field.key: Annotated[str, Field(strict=True), AfterValidator(_distance)]}
    if field.kind is Kind.choice:
        return {field.key: _choice(field)}
    if field.kind is Kind.choices:  # a list, or one value alone
        one = {"type": "string", "enum": list(field.words), "description": field.synonym_help}
        listed = list[_choice(field)]  # type: ignore[misc,valid-type]
        return {
            field.key: Annotated[
                listed,
                WrapValidator(_one_or_many(TypeAdapter(_choice(field)))),
                WithJsonSchema({"anyOf": [one, {"type": "array", "items": one}]}),
            ]
        }
    if field.kind is Kind.flag:
        return {field.key: Annotated[bool, Field(strict=True)]}
    if field.kind is Kind.shoe:
        return {
            f"{field.key}_{system}": _limits(field, strict=True)
            if system == "eu"
            else _shoe(field, system)
            for system in SHOE_SYSTEMS
        }
    return {field.key: _number(field)}


class ProfileFileBase(Frozen):
    """A runner's profile kept in a file (`--profile FILE`): the options' own names.

    Flags given on the command line override the file's values.
    """

    table: ClassVar[tuple[ProfileField, ...]] = ()

    def values(self) -> dict[str, Any]:
        """The values the file sets, by profile field name (shoe sizes in EU)."""
        out: dict[str, Any] = {}
        for field in self.table:
            if field.kind is Kind.shoe:
                given = [(s, getattr(self, f"{field.key}_{s}")) for s in SHOE_SYSTEMS]
                sizes = [(s, v) for s, v in given if v is not None]
                if len(sizes) > 1:
                    raise ValueError(f"give one of {_shoe_keys(field)}")
                if sizes:
                    out.update(shoe_values(field, *sizes[0]))
                continue
            value = getattr(self, field.key)
            if value is not None:
                out[field.name] = tuple(dict.fromkeys(value)) if isinstance(value, list) else value
        return out


def shoe_values(field: ProfileField, system: str, value: Any) -> dict[str, float]:
    """A parsed shoe size -> the profile's values: EU, and the size as given in US or UK."""
    if system == "eu":
        return {field.name: float(value)}
    eu, as_given = value
    out = {field.name: float(eu)}
    if as_given is not None:
        out[f"{field.key}_{system}"] = as_given
    return out


def _shoe_keys(field: ProfileField) -> str:
    keys = [f"{field.key}_{s}" for s in SHOE_SYSTEMS]
    return ", ".join(keys[:-1]) + " and " + keys[-1]


def profile_file_model(table: Sequence[ProfileField]) -> type[ProfileFileBase]:
    spec: dict[str, Any] = {}
    for field in table:
        spec.update({key: (kind | None, None) for key, kind in _file_types(field).items()})
    model = create_model(
        "ProfileFile", __base__=ProfileFileBase, __doc__=ProfileFileBase.__doc__, **spec
    )
    model.table = tuple(table)
    return model


# ---------------------------------------------------------------------------
# When: a rule's profile test, over the fields the table marks `when`.


class WhenBase(Frozen):
    """The profile test: every listed field must match (an empty `when` always holds).

    A flag matches its value; a choice matches when it is in the list; a choices field
    (climate) matches when any of the runner's values is in the list.
    """

    # The model validates a rule file's `when` (its docstring is the schema's text); the
    # engine tests the validated JSON form (engine/compile.py's `When`).


def when_model(table: Sequence[ProfileField]) -> type[WhenBase]:
    spec: dict[str, Any] = {}
    for field in table:
        if not field.when:
            continue
        if field.kind is Kind.flag:
            spec[field.name] = (Annotated[bool, Field(strict=True)] | None, None)
        else:
            listed = Annotated[list[field.enum], Field(min_length=1)]  # type: ignore[name-defined]
            spec[field.name] = (listed | None, None)
    return create_model("When", __base__=WhenBase, __doc__=WhenBase.__doc__, **spec)


# ---------------------------------------------------------------------------
# The models of the table in force.

if TYPE_CHECKING:
    RunnerProfile = ProfileBase
    ProfileFile = ProfileFileBase
    When = WhenBase
else:
    RunnerProfile = profile_model(_fields.FIELDS)
    ProfileFile = profile_file_model(_fields.FIELDS)
    When = when_model(_fields.FIELDS)


def make_profile(values: Mapping[str, Any]) -> RunnerProfile:
    """A profile from values by field name; a missing name or None takes the default.

    A distance may be a distance such as "50k"; a list becomes a tuple without repeats.
    Raises pydantic's ValidationError (a ValueError) for a value out of its limits.
    """
    given = {}
    for name, value in values.items():
        if value is None:
            continue
        kind = _fields.BY_NAME[name].kind if name in _fields.BY_NAME else None
        if kind is Kind.distance and isinstance(value, str):
            value = _fields.parse_distance_word(value)
        elif isinstance(value, list | tuple):
            value = tuple(dict.fromkeys(value))
        elif kind is Kind.choices:  # one value alone
            value = (value,)
        if value == () and kind is Kind.choices and _fields.BY_NAME[name].default:
            continue  # an empty climate is none given: the default (mild)
        given[name] = value
    return RunnerProfile(**given)
