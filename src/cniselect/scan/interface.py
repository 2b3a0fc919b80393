"""Types passed between the manifest reader, the detectors and the gate.

The reader turns files into ``Document`` objects (one per YAML document, with positions)
or ``Skip`` records that say why a file or document could not be read. The detectors
turn documents into ``Detection`` objects (a capability a manifest relies on, at a line)
and ``Finding`` objects. One bad file never stops a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Document:
    """One parsed YAML or JSON document of a manifest file."""

    path: str
    """The file as the user named it (relative paths stay relative; ``-`` is stdin)."""
    index: int
    """Position of the document in its file, from 0."""
    line: int
    """1-based line where the document's content starts."""
    data: Any
    """Plain Python data built from the document (usually a dict)."""
    node: Any
    """The PyYAML node tree, for finding the line of any value."""
    end_line: int = 0
    """1-based last line of the document."""
    issues: tuple[ReadIssue, ...] = ()
    """Problems found while reading that did not prevent reading it (duplicate keys)."""
    directives: tuple[tuple[int, str], ...] = ()
    """``(line, text)`` of each ``# cniselect: …`` comment inside the document; ``text`` is
    what follows ``cniselect:``, e.g. ``ignore=CNI001 legacy policy``."""


@dataclass(frozen=True, slots=True)
class ReadIssue:
    """A located problem in a document that was still read, such as a duplicate key."""

    kind: Literal["duplicate-key"]
    line: int
    key: str


@dataclass(frozen=True, slots=True)
class Skip:
    """A file, or one document of a file, that could not be read, and why."""

    path: str
    reason: str
    """Stable machine-readable code, e.g. ``helm-template`` or ``not-utf8``."""
    message: str
    """One sentence for people, in the current language, with a hint where there is one."""
    line: int | None = None


@dataclass(frozen=True)
class ReadResult:
    """Everything read from the given paths: documents in order, and skips."""

    documents: tuple[Document, ...] = ()
    skipped: tuple[Skip, ...] = ()
    files: int = 0
    """Number of files opened (read in full or in part)."""


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """The Kubernetes object a detection or finding belongs to."""

    kind: str
    name: str
    namespace: str | None = None
    api_version: str = ""


@dataclass(frozen=True, slots=True)
class Detection:
    """A capability a manifest relies on, at a file and line."""

    capability: str
    path: str
    line: int
    object: ObjectRef
    matcher: str
    """Id of the detection rule that matched."""
    evidence: str
    """The matched text, e.g. ``annotation cni.projectcalico.org/ipAddrs``."""
    plugin: str | None = None
    """Plugin that owns the mechanism, when it is plugin-specific."""


@dataclass(frozen=True)
class Finding:
    """A problem the gate reports, with a stable rule id, location and fix."""

    rule: str
    severity: Severity
    message: str
    fix: str
    path: str
    line: int
    capability: str | None = None
    object: ObjectRef | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
