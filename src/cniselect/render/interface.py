"""The interface every output format implements, and the options passed to it."""

from __future__ import annotations

from abc import ABC
from dataclasses import dataclass
from typing import Any, ClassVar, TextIO


@dataclass(frozen=True)
class RenderOptions:
    """Layout settings for a renderer: terminal width, color and detail."""

    width: int = 100
    color: bool = False
    verbosity: int = 0


class UnsupportedResult(TypeError):
    """A format was asked to render a result it has no layout for."""


class OutputFormat(ABC):
    """An output format. ``render`` returns text and never prints.

    A subclass implements ``render_<kind>`` for each result it supports, where ``kind``
    is the result class name in snake case without the ``_result`` suffix
    (``RecommendResult`` → ``render_recommend``).
    """

    name: ClassVar[str]
    is_manifest: ClassVar[bool] = True
    """True when the format prints a valid document even with nothing to report."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        self.options = options or RenderOptions()

    def render(self, result: Any) -> str:
        """Return ``result`` as text in this format."""
        method = getattr(self, "render_" + result_kind(result), None)
        if method is None:
            raise UnsupportedResult(f"format {self.name!r} cannot render {type(result).__name__}")
        return method(result)

    def write(self, result: Any, stream: TextIO) -> None:
        """Write ``result`` to ``stream``; formats with large output override it to stream."""
        stream.write(self.render(result))


def result_kind(result: Any) -> str:
    """Return the snake-case kind of a result object (``CheckReport`` → ``check_report``)."""
    name = type(result).__name__
    name = name[: -len("Result")] if name.endswith("Result") else name
    return "".join("_" + char.lower() if char.isupper() else char for char in name).lstrip("_")
