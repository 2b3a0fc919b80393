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
        # A key's line names a mapping or list value better than the line it starts on.
        if isinstance(step, int) or isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1
    return line


def iter_duplicate_keys(node: yaml.Node | None) -> Iterator[tuple[str, int]]:
    """Yield ``(key, line)`` for every key repeated in a mapping, walking each node once.

    PyYAML keeps the last of two equal keys without a word, which can hide a rule.
    Shared (aliased) nodes are visited once, so an alias bomb costs no more than its text.
    """
    for current in iter_nodes(node):
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, _value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys and key_node.value != "<<":
                        yield key_node.value, key_node.start_mark.line + 1
                    keys.add(key_node.value)


def iter_nodes(node: yaml.Node | None) -> Iterator[yaml.Node]:
    """Yield every distinct node of a tree once, even when aliases share a node."""
    if node is None:
        return
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(_child_nodes(current))


def count_nodes(node: yaml.Node) -> tuple[int, int] | None:
    """Count the distinct nodes of a tree and the nodes it would have with aliases expanded.

    Returns ``(distinct, expanded)``, or None when an alias refers to a node that contains
    it, so the expansion never ends. Each node's expanded size is computed once and reused,
    so the walk is linear in the distinct nodes even for an alias bomb that expands to
    billions of nodes.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _child_nodes(current))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return None
        open_nodes.add(key)
        stack.append((current, True))
        for child in _child_nodes(current):
            if id(child) in open_nodes:
                return None
            if id(child) not in sizes:
                stack.append((child, False))
    return len(sizes), sizes[id(node)]


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


class DuplicateKeyLoader(_Loader):  # type: ignore[misc,valid-type]
    """A safe loader that also records repeated mapping keys while it constructs data.

    This finds what ``iter_duplicate_keys`` finds without a second walk over the nodes.
    Compose with ``check_node``/``get_node``, construct with ``construct_checked``, and
    call ``dispose()`` at the end.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: set[tuple[str, int]] = set()
        self.merged_mappings: set[int] = set()

    def construct_checked(self, node: yaml.Node) -> tuple[Any, list[tuple[str, int]]]:
        """Construct ``node`` and return the data and ``(key, line)`` of each repeated key.

        The repeated keys are sorted by line.
        """
        self.duplicate_keys = set()
        self.merged_mappings = set()
        try:
            data = self.construct_document(node)
        except BaseException:
            # construct_document keeps its state when it raises, so clear it for the next node.
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.state_generators = []
            self.deep_construct = False
            raise
        return data, sorted(self.duplicate_keys, key=lambda item: (item[1], item[0]))

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # PyYAML calls this before constructing each mapping, and also on each mapping that
        # a merge key (<<) brings in. The first call replaces the merge keys with the pairs
        # they bring in, which may repeat a key on purpose, so a mapping that had merge keys
        # is checked on its first call only. Other mappings may be checked twice with the
        # same result, which the set of duplicates absorbs.
        pairs = node.value
        if self.merged_mappings and id(node) in self.merged_mappings:
            return
        if len(pairs) > 1:
            try:
                keys = {key.value for key, _value in pairs}
            except TypeError:  # a key that is a sequence or a mapping
                keys = None
            if keys is None or len(keys) != len(pairs):
                self.duplicate_keys.update(_repeated_keys(node))
            has_merge = keys is None or "<<" in keys
        else:
            has_merge = bool(pairs) and pairs[0][0].value == "<<"
        if has_merge:
            self.merged_mappings.add(id(node))
        super().flatten_mapping(node)


def _repeated_keys(node: yaml.MappingNode) -> Iterator[tuple[str, int]]:
    seen: set[str] = set()
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
            if key_node.value in seen:
                yield key_node.value, key_node.start_mark.line + 1
            seen.add(key_node.value)


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
    if not problem:
        return str(error).splitlines()[0]
    text = f"{context}, {problem}" if context else str(problem)
    context_mark = getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    if context_mark is not None and problem_mark is not None \
            and context_mark.line != problem_mark.line:
        # libyaml reports an unclosed bracket where the text ends; name where it opened.
        text += f" (started at line {context_mark.line + 1})"
    return text
