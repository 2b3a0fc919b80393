"""YAML read with positions: node trees for locating values, and duplicate-key checks.

PyYAML's composer keeps the line of every node. The loaders here compose a document to
nodes, construct plain Python data from them, and keep the node tree so that a later
error (a pydantic validation error, a missing key) can be reported at the right line.
The C composer is used whenever PyYAML was built with libyaml.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Location = Sequence[str | int]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed document: the Python data and the node tree it was built from."""

    data: Any
    node: yaml.Node | None

    def line_of(self, location: Location) -> int | None:
        """Return the 1-based line of the value at ``location``, or of its nearest parent."""
        return line_of(self.node, location)


def line_of(node: yaml.Node | None, location: Location) -> int | None:
    """Follow mapping keys and sequence indexes from ``node``; return the deepest line.

    A key that is missing stops the walk at its parent mapping. Pydantic locations may
    contain extra markers (``[key]``, union tags); those that match nothing are ignored.
    """
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
        if child is None:
            continue
        node = child
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + 1
    return line


def iter_duplicate_keys(node: yaml.Node | None) -> Iterator[tuple[str, int]]:
    """Yield ``(key, line)`` for every key repeated in a mapping, walking each node once.

    PyYAML keeps the last of two equal keys without a word, which can hide a rule.
    Shared (aliased) nodes are visited once, so an alias bomb costs no more than its text.
    """
    if node is None:
        return
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys and key_node.value != "<<":
                        yield key_node.value, key_node.start_mark.line + 1
                    keys.add(key_node.value)
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def compose_documents(text: str) -> list[yaml.Node | None]:
    """Compose every document of a YAML stream into node trees (None for an empty one)."""
    loader = _Loader(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


def construct(node: yaml.Node | None) -> Any:
    """Build plain Python data (dicts, lists, scalars) from a composed node tree."""
    if node is None:
        return None
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is dropped); let OSError and UnicodeDecodeError through."""
    return path.read_bytes().decode("utf-8-sig")


def load_single(text: str) -> YamlDocument:
    """Parse a one-document YAML text; raise yaml.YAMLError on a syntax error."""
    nodes = compose_documents(text)
    nodes = [node for node in nodes if node is not None] or [None]
    if len(nodes) > 1:
        mark = nodes[1].start_mark  # type: ignore[union-attr]
        raise yaml.MarkedYAMLError(
            problem="expected a single document, found more than one", problem_mark=mark
        )
    return YamlDocument(construct(nodes[0]), nodes[0])


def error_line(error: yaml.YAMLError) -> int | None:
    """Return the 1-based line a PyYAML error points at, if it has one."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(error: yaml.YAMLError) -> str:
    """Return a one-line description of a PyYAML error without its source excerpt."""
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    if problem:
        return f"{context}, {problem}" if context else str(problem)
    return str(error).splitlines()[0]
