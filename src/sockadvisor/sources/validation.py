"""Validate a loaded Document against a pydantic model; report every error with its position."""

from __future__ import annotations

import datetime
import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sockadvisor.errors import DataError, Problem
from sockadvisor.sources import numbers
from sockadvisor.sources.yamlsource import Describe as Describe  # re-exported
from sockadvisor.sources.yamlsource import Document, Path
from sockadvisor.sources.yamlsource import dotted as dotted  # re-exported for lint and catalog

M = TypeVar("M", bound=BaseModel)


def _path_of(loc: tuple[int | str, ...]) -> Path:
    """pydantic's error location as a path into the document.

    Drops what pydantic adds that is not in the file: '[key]' markers, and the tag
    of a tagged union (our tags repeat the field name: ('prefer', 'length', 'length')).
    """
    path: list[str | int] = []
    for part in loc:
        if part == "[key]":
            continue
        if path and part == path[-1] and isinstance(part, str):
            continue
        path.append(part)
    return tuple(path)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean (yes/no/on/off/true/false)"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    if value is None:
        return "null (empty)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """Every field name in the model and the models it contains, for "did you mean"."""
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        for arg in _walk_types(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in seen:
                names |= _field_names(arg, seen)
    return names


def _walk_types(annotation: Any) -> list[Any]:
    out = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_walk_types(arg))
    return out


def _message(error: Any, known_fields: set[str]) -> str:
    kind = error["type"]
    msg: str = error["msg"]
    value = error.get("input")
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, sorted(known_fields), n=1)
        fix = f"did you mean '{close[0]}'?" if close else "remove it"
        return f"unknown field '{name[:40]}'; {fix}"
    if kind == "string_type":
        return f"should be text, but YAML read {_type_name(value)}; put it in quotes"
    if kind in ("float_type", "int_type") and isinstance(value, str):
        # 2e1, 0o17, -.5, 1,5: text to YAML 1.1, numbers to people
        why = numbers.problem(value, quote_hint=False)
        if why:
            return why
    if kind in ("float_type", "int_type", "bool_type") and isinstance(value, str):
        return f"{msg[0].lower()}{msg[1:]}, not text (no quotes around numbers and booleans)"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return "this number is too large to be a price or a measurement"
    if kind in ("model_type", "dict_type"):
        return f"should be a mapping (key: value), not {_type_name(value)}"
    if kind in ("float_type", "int_type", "bool_type", "list_type"):
        return f"{msg[0].lower()}{msg[1:]}, not {_type_name(value)}"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        name = error["loc"][-1]
        if name == "id":
            return "a rule id is 2-60 lowercase letters, digits and hyphens; rename it"
        if name == "sku":
            return "a SKU is 2-40 letters, digits, '.', '_' or '-', starting with a letter or digit"
    if kind == "finite_number":
        return (
            "must be a finite number (.nan, .inf and numbers too large to read, "
            "beyond about 1.8e308, are not allowed)"
        )
    return msg[0].lower() + msg[1:] if msg else kind


def validate(
    doc: Document,
    model: type[M],
    what: str,
    describe: Describe | None = None,
) -> M:
    """Validate the document's data; raise DataError with every problem, sorted."""
    if doc.data is None:
        raise DataError([Problem(doc.name, 1, 1, "", f"the {what} is empty; see the docs")])
    if not isinstance(doc.data, dict):
        raise DataError(
            [
                Problem(
                    doc.name,
                    1,
                    1,
                    "",
                    f"the {what} must be a mapping (key: value) at the top, "
                    f"not {_type_name(doc.data)}",
                )
            ]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        known = _field_names(model, set())
        problems = []
        for path, errors in _by_path(exc.errors(include_url=False)).items():
            line, col = doc.position(path)
            where = describe(doc, path) if describe else dotted(path)
            if len(errors) > 1 and all(e["type"] in _KINDS for e in errors):
                kinds = " or ".join(_KINDS[e["type"]] for e in errors)
                what = f"should be {kinds}, not {_type_name(errors[0].get('input'))}"
                problems.append(Problem(doc.name, line, col, where, what))
                continue
            for error in errors:
                problems.append(Problem(doc.name, line, col, where, _message(error, known)))
        raise DataError(problems) from None


# A union's members, as pydantic names them at the end of an error's location.
_KINDS = {"string_type": "text", "float_type": "a number", "int_type": "a whole number"}
_KINDS["bool_type"] = "a boolean"
_MEMBERS = frozenset(("str", "float", "int", "bool"))


def _by_path(errors: list[Any]) -> dict[Path, list[Any]]:
    """The errors by path; a union's type errors (`shoe_us: yes`) under the field's path."""
    grouped: dict[Path, list[Any]] = {}
    for error in errors:
        loc = error["loc"]
        if error["type"] in _KINDS and len(loc) > 1 and loc[-1] in _MEMBERS:
            loc = loc[:-1]
        grouped.setdefault(_path_of(loc), []).append(error)
    return grouped
