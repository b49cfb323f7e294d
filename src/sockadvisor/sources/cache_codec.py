"""Validated models to compact plain data and back, for the cache (docs/performance.md).

The cache stores JSON, which cannot carry code. A model becomes the list of its field
values in field order; an enum its value. Small value models that many products repeat
(a size, a range, a compression) are stored once in a table per class and referred to by
their index there, and come back as one shared (frozen) object: a 10,000-product
catalog has some 150,000 such objects, of which a few thousand differ. So the JSON is a
third of `model_dump`'s and loads faster than pickle did.

Decoding rebuilds the models without running their validators: the data was validated
before it was stored, and the cache checks the entry's length and CRC first. The shape
is still checked on the way (every row the length of its model, enums by value, the
right container types, indexes within their table; text, numbers and booleans are taken
as they are), so data that does not fit this build's models raises TypeError, KeyError,
IndexError or ValueError, and the cache drops the entry.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from enum import Enum
from operator import itemgetter
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

_LEAVES = (str, int, float, bool, type(None))
Convert = Callable[[Any], Any]


def encode(model: type[BaseModel], value: BaseModel) -> Any:
    """`value` (a `model`) as plain JSON data: [tables, root row]."""
    return _Encoder(model).run(value)


def decode(model: type[BaseModel], plain: Any) -> Any:
    """The `model` that `encode` turned into `plain`; raises if `plain` does not fit."""
    return _Decoder(model).run(plain)


def rows(model: type[BaseModel], tables: Any) -> Callable[[type[BaseModel], Any], Any]:
    """A decoder of single rows (of `model` or a model inside it) against `encode`'s tables."""
    decoder = _Decoder(model)
    decoder.prepare(tables)
    return lambda inner, plain: decoder.converter(inner)(plain)


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _optional(annotation: Any) -> Any | None:
    """X for `X | None`, else None."""
    args = get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType) and len(args) == 2:
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return _strip(rest[0])
    return None


def _is_leaf(annotation: Any) -> bool:
    annotation = _strip(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return all(_is_leaf(arg) for arg in args)
    if origin is Literal:
        return all(isinstance(arg, _LEAVES) for arg in args)
    return annotation in _LEAVES


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def _fields(model: type[BaseModel]) -> list[tuple[str, Any]]:
    if model.__private_attributes__ or model.model_config.get("extra") == "allow":
        raise TypeError(f"the cache cannot store {model.__name__} (private or extra fields)")
    return [(name, _strip(info.annotation)) for name, info in model.model_fields.items()]


def _shared(model: type[BaseModel], seen: frozenset[type[BaseModel]] = frozenset()) -> bool:
    """A value model: only leaves, enums and other value models (each maybe None)."""
    if model in seen:
        return False
    for _, annotation in _fields(model):
        inner = _optional(annotation) or annotation
        if _is_model(inner):
            if not _shared(inner, seen | {model}):
                return False
        elif not (_is_leaf(inner) or _is_enum(inner)):
            return False
    return True


def _shared_order(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Every value model reachable from `model`, each after the value models it contains."""
    order: list[type[BaseModel]] = []
    visiting: set[type[BaseModel]] = set()

    def visit(annotation: Any) -> None:
        annotation = _strip(annotation)
        if _is_model(annotation):
            if annotation in visiting:
                return
            visiting.add(annotation)
            for _, field in _fields(annotation):
                visit(field)
            if _shared(annotation) and annotation not in order:
                order.append(annotation)
        for arg in get_args(annotation):
            visit(arg)

    visit(model)
    return order


class _Encoder:
    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.order = _shared_order(model)
        self.tables: dict[type[BaseModel], list[list[Any]]] = {m: [] for m in self.order}
        self.index: dict[tuple[type[BaseModel], str], int] = {}
        self.cache: dict[Any, Convert] = {}

    def run(self, value: BaseModel) -> Any:
        root = self.converter(self.model)(value)
        tables = {m.__name__: self.tables[m] for m in self.order}
        return [tables, root]

    def converter(self, annotation: Any) -> Convert:
        annotation = _strip(annotation)
        if annotation not in self.cache:
            self.cache[annotation] = lambda value: self.cache[annotation](value)  # recursion
            self.cache[annotation] = self._make(annotation)
        return self.cache[annotation]

    def _make(self, annotation: Any) -> Convert:  # noqa: C901 - one case per kind of type
        origin, args = get_origin(annotation), get_args(annotation)
        if _is_leaf(annotation):
            return _same
        if _is_enum(annotation):
            return _enum_value
        if _is_model(annotation):
            return self._model(annotation)
        inner = _optional(annotation)
        if inner is not None:
            convert = self.converter(inner)
            return lambda value: None if value is None else convert(value)
        if origin in (list, tuple):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                items = [self.converter(arg) for arg in args]
                return lambda value: [f(x) for f, x in zip(items, value, strict=True)]
            item = self.converter(args[0])
            return lambda value: [item(x) for x in value]
        if origin is dict:
            key, item = self.converter(args[0]), self.converter(args[1])
            return lambda value: {key(k): item(v) for k, v in value.items()}
        raise TypeError(f"the cache cannot store {annotation!r}")

    def _model(self, model: type[BaseModel]) -> Convert:
        names = [name for name, _ in _fields(model)]
        # Leaves are copied as they are; the others converted (an optional one unless None).
        convert = [
            (i, self.converter(_optional(annotation) or annotation))
            for i, (_, annotation) in enumerate(_fields(model))
            if not _is_leaf(annotation)
        ]
        cells_of = itemgetter(*names) if len(names) > 1 else (lambda d: (d[names[0]],))

        def row(value: BaseModel) -> list[Any]:
            cells = list(cells_of(value.__dict__))
            for i, to_plain in convert:
                cell = cells[i]
                if cell is not None:
                    cells[i] = to_plain(cell)
            return cells

        if model not in self.tables:
            return row
        table, index = self.tables[model], self.index

        def shared(value: BaseModel) -> int:
            cells = row(value)
            key = (model, repr(cells))  # repr: 1, 1.0, True and -0.0, 0.0 stay apart
            if key not in index:
                index[key] = len(table)
                table.append(cells)
            return index[key]

        return shared


def _same(value: Any) -> Any:
    return value


def _enum_value(value: Enum) -> Any:
    return value._value_  # the attribute behind .value, without its descriptor


class _Decoder:
    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.order = _shared_order(model)
        self.objects: dict[type[BaseModel], list[Any]] = {}
        self.raw: dict[type[BaseModel], list[Any]] = {}
        self.cache: dict[Any, Convert] = {}

    def run(self, plain: Any) -> Any:
        tables, root = _of(list, plain)
        self.prepare(tables)
        return self.converter(self.model)(root)

    def prepare(self, tables: Any) -> None:
        """Take the tables of shared values; each value is built when first referred to."""
        tables = _of(dict, tables)
        if len(tables) != len(self.order):
            raise ValueError("not the tables of this build")
        for model in self.order:
            self.raw[model] = _of(list, tables[model.__name__])
            self.objects[model] = [None] * len(self.raw[model])

    def converter(self, annotation: Any) -> Convert:
        annotation = _strip(annotation)
        if annotation not in self.cache:
            self.cache[annotation] = lambda value: self.cache[annotation](value)  # recursion
            self.cache[annotation] = self._make(annotation)
        return self.cache[annotation]

    def _make(self, annotation: Any) -> Convert:  # noqa: C901 - one case per kind of type
        origin, args = get_origin(annotation), get_args(annotation)
        if _is_leaf(annotation):
            return _same
        if _is_enum(annotation):
            return annotation._value2member_map_.__getitem__  # type: ignore[no-any-return]
        if _is_model(annotation):
            if annotation in self.order:
                return self._lookup(annotation)
            return self._row(annotation)
        inner = _optional(annotation)
        if inner is not None:
            convert = self.converter(inner)
            return lambda value: None if value is None else convert(value)
        if origin is list:
            item = self.converter(args[0])
            return lambda value: [item(x) for x in _of(list, value)]
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                item = self.converter(args[0])
                return lambda value: tuple(item(x) for x in _of(list, value))
            items = [self.converter(arg) for arg in args]
            return lambda value: tuple(f(x) for f, x in zip(items, _of(list, value), strict=True))
        if origin is dict:
            key, item = self.converter(args[0]), self.converter(args[1])
            return lambda value: {key(k): item(v) for k, v in _of(dict, value).items()}
        raise TypeError(f"the cache cannot rebuild {annotation!r}")

    def _lookup(self, model: type[BaseModel]) -> Convert:
        """A shared value: its index in the model's table."""

        objects, raw, build = self.objects, self.raw, self._row(model)

        def lookup(index: Any) -> Any:
            if type(index) is not int or index < 0:
                raise TypeError("not an index")
            value = objects[model][index]
            if value is None:
                value = objects[model][index] = build(raw[model][index])
            return value

        return lookup

    def _row(self, model: type[BaseModel]) -> Convert:
        names = tuple(model.model_fields)
        convert = [
            (i, self.converter(annotation))
            for i, (_, annotation) in enumerate(_fields(model))
            if not _is_leaf(annotation)
        ]
        size = len(names)
        new, set_attribute = object.__new__, object.__setattr__

        def build(row: Any) -> Any:
            if type(row) is not list or len(row) != size:
                raise TypeError(f"not a {model.__name__}")
            row = list(row)  # the plain data stays as it was: it may be decoded again
            for i, rebuild in convert:
                row[i] = rebuild(row[i])
            obj = new(model)
            set_attribute(obj, "__dict__", dict(zip(names, row, strict=True)))
            set_attribute(obj, "__pydantic_fields_set__", set(names))
            set_attribute(obj, "__pydantic_extra__", None)
            set_attribute(obj, "__pydantic_private__", None)
            return obj

        return build


def _of(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected a {kind.__name__}")
    return value
