"""Frozen dataclasses to JSON and back, read off their type hints.

The store keeps a stage's structured result (the cast stage's per-document input) as
JSON rather than a pickle: readable with any SQLite tool, and loading it runs no code.
`to_json` needs nothing but the value; `from_json` rebuilds it from the class's fields.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """A JSON-ready form of a dataclass, tuple, list, dict or plain value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    names = _field_names(type(value))  # type: ignore[arg-type]  # a class is hashable
    if names is not None:
        return {n: to_json(getattr(value, n)) for n in names}
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def dumps(value: Any) -> str:
    """`json.dumps(to_json(value))` in its compact form, for a value whose dicts have `str` keys.

    The JSON-ready copy is not built: the `json` encoder walks tuples, lists and plain
    values itself and asks `_fields` only for each dataclass, which writes the same text
    (a dataclass's fields in their order, a tuple as an array). A store writes the cast
    input of every document so.
    """
    return json.dumps(value, separators=(",", ":"), default=_fields)


def _fields(value: Any) -> dict[str, Any]:
    names = _field_names(type(value))  # type: ignore[arg-type]  # a class is hashable
    if names is None:
        raise TypeError(f"cannot store a {type(value).__name__} as JSON")
    return {n: getattr(value, n) for n in names}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, read once per class (None for any other class)."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def from_json(cls: type[T], data: Any) -> T:
    """The `cls` instance `to_json` gave `data` for."""
    return _decoder(cls)(data)  # type: ignore[arg-type, no-any-return]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


Decoder = Callable[[Any], Any]


def _same(data: Any) -> Any:
    return data


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """The function that reads a value of type `tp` from JSON, built once per type.

    The type hints are read here, not for every value: a story's cast inputs hold
    hundreds of thousands of values of a handful of types.
    """
    if tp is Any or tp in (str, int, float, bool, type(None)):
        return _same
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(tp, args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(map(item, data))
        items = tuple(_decoder(a) for a in args)
        return lambda data: tuple(d(v) for d, v in zip(items, data, strict=True))
    if origin is list:
        item = _decoder(args[0])
        return lambda data: list(map(item, data))
    if origin is dict:
        value = _decoder(args[1])
        return lambda data: {k: value(v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    return _cannot(tp)


def _union(tp: Any, args: tuple[Any, ...]) -> Decoder:
    nullable = type(None) in args
    real = [a for a in args if a is not type(None)]
    if len(real) != 1:
        return _cannot(tp)
    inner = _decoder(real[0])
    if not nullable:
        return inner
    return lambda data: None if data is None else inner(data)


def _dataclass(tp: type) -> Decoder:
    fields: list[tuple[str, Decoder]] = []

    def decode(data: Any) -> Any:
        if not fields:  # resolved at the first value, so a class may name itself
            fields.extend((f.name, _decoder(_hints(tp)[f.name])) for f in dataclasses.fields(tp) if f.init)
        return tp(**{name: d(data[name]) for name, d in fields})

    return decode


def _cannot(tp: Any) -> Decoder:
    def fail(data: Any) -> Any:
        raise TypeError(f"cannot read a value of {tp} from JSON")

    return fail
