"""Build the catalog dataclasses from already validated plain data, without pydantic.

The bundled catalog is validated when it is compiled (and by the tests); a run then only
needs to turn the compiled JSON back into objects. ``decoder_for`` follows the
dataclasses' type hints once per type and returns a function that does the conversion,
so the per-value work is a few dictionary and tuple operations.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Decoder = Callable[[Any], Any]

_DECODERS: dict[Any, Decoder] = {}


def _identity(value: Any) -> Any:
    return value


def decoder_for(tp: Any) -> Decoder:
    """Return a function that converts plain data (lists, dicts) to type ``tp``."""
    decoder = _DECODERS.get(tp)
    if decoder is None:
        decoder = _make_decoder(tp)
        _DECODERS[tp] = decoder
    return decoder


def _make_decoder(tp: Any) -> Decoder:
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {name: decoder_for(hint) for name, hint in hints.items()}

        def decode_dataclass(value: dict[str, Any]) -> Any:
            return tp(**{name: fields[name](item) for name, item in value.items()})

        return decode_dataclass

    origin = typing.get_origin(tp)
    if origin is tuple:
        item = decoder_for(typing.get_args(tp)[0])
        if item is _identity:
            return tuple
        return lambda value: tuple(map(item, value))
    if origin is dict:
        value_type = typing.get_args(tp)[1]
        item = decoder_for(value_type)
        if item is _identity:
            return _identity
        if dataclasses.is_dataclass(value_type):
            # Plugin cells: a command about two capabilities builds two cells per plugin,
            # not all of them.
            return lambda value: LazyMapping(value, item)
        return lambda value: {key: item(entry) for key, entry in value.items()}
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        inner = decoder_for(options[0])
        if inner is _identity:
            return _identity
        return lambda value: None if value is None else inner(value)
    return _identity


class LazyMapping(Mapping[str, Any]):
    """A read-only mapping that decodes each value the first time it is looked up."""

    __slots__ = ("_raw", "_decode", "_built")

    def __init__(self, raw: dict[str, Any], decode: Decoder) -> None:
        self._raw = raw
        self._decode = decode
        self._built: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        built = self._built.get(key)
        if built is None:
            built = self._decode(self._raw[key])
            self._built[key] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return f"LazyMapping({len(self._raw)} entries)"


def build(tp: Any, value: Any) -> Any:
    """Return ``value`` converted to type ``tp`` (dataclasses, tuples, dicts, optionals)."""
    return decoder_for(tp)(value)
