"""Scanning a tree of manifests: read, detect, and summarise what it relies on."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from ..errors import InputError, Problem
from ..i18n import _
from .detect import DetectorIndex, Misuse, detect, iter_objects
from .interface import Detection, Document, Skip
from .rules import load_rules

_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class ScanResult:
    """Everything a scan found, in a stable order."""

    detections: tuple[Detection, ...]
    misuses: tuple[Misuse, ...]
    documents: tuple[Document, ...]
    """Documents with duplicate keys or ``# cniselect:`` comments, without their data."""
    skipped: tuple[Skip, ...]
    objects: int
    files: int

    def capabilities(self) -> dict[str, list[Detection]]:
        """Map each detected capability to its detections, sorted by id then location."""
        grouped: dict[str, list[Detection]] = {}
        for detection in self.detections:
            grouped.setdefault(detection.capability, []).append(detection)
        return {key: sorted(grouped[key], key=lambda d: (d.path, d.line, d.matcher))
                for key in sorted(grouped)}

    def to_plain(self) -> dict[str, Any]:
        """Return the scan contract: capabilities with locations, counts and skips."""
        return {
            "capabilities": [
                {
                    "id": capability,
                    "locations": [
                        {"path": d.path, "line": d.line, "kind": d.object.kind,
                         "name": d.object.name, "matcher": d.matcher, "evidence": d.evidence,
                         "plugin": d.plugin}
                        for d in detections
                    ],
                }
                for capability, detections in self.capabilities().items()
            ],
            "objects": self.objects,
            "files": self.files,
            "skipped": [{"path": s.path, "reason": s.reason, "message": s.message,
                         "line": s.line} for s in self.skipped],
        }


def expand_manifest_paths(entries: Sequence[str]) -> list[str]:
    """Expand glob patterns (``k8s/**/*.yaml``); raise InputError for a pattern matching nothing."""
    paths: list[str] = []
    problems: list[Problem] = []
    for entry in entries:
        if entry != "-" and _GLOB_CHARS & set(entry):
            matches = sorted(glob.glob(entry, recursive=True))
            if not matches:
                problems.append(Problem(
                    _("no file matches the manifest pattern"), value=entry,
                    fix=_("check the pattern; it is relative to the requirements file.")))
            paths.extend(matches)
        else:
            paths.append(entry)
    if problems:
        raise InputError(problems)
    return paths


# Below this many files a scan stays in one process, because starting the workers takes
# about a tenth of a second. NOTE: the figure is a judgement, not tuned by measurement;
# benchmarks/run.py shows the pool paying off at 1,000 files on two cores.
PARALLEL_MIN_FILES = 400
_CHUNK_FILES = 100


@dataclass
class _FileScan:
    """The part of a scan that one chunk of files contributed; small enough to pickle."""

    files: int = 0
    skipped: list[Skip] = field(default_factory=list)
    detections: list[Detection] = field(default_factory=list)
    misuses: list[Misuse] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    objects: int = 0


def _scan_read(read: Any, index: DetectorIndex, into: _FileScan) -> None:
    """Match every object of one read result, keeping only what the gate needs."""
    into.files += read.files
    into.skipped.extend(read.skipped)
    for document in read.documents:
        for obj in iter_objects(document):
            into.objects += 1
            found, misused = detect(obj, index)
            into.detections.extend(found)
            into.misuses.extend(misused)
        # The gate needs a document only for its duplicate keys and inline ignores.
        if document.issues or document.directives:
            into.documents.append(replace(document, data=None, node=None))


def _scan_items(items: list[Any], language: str) -> _FileScan:
    """Read and match a chunk of planned items (runs in a worker process)."""
    from ..i18n import current_language, set_language
    from .reader import read_item

    if current_language() != language:
        set_language(language)
    index = DetectorIndex(load_rules())
    into = _FileScan()
    for item in items:
        read = read_item(item)
        if read is not None:
            _scan_read(read, index, into)
    return into


def _parallel_scan(items: list[Any], workers: int) -> list[_FileScan]:
    """Scan chunks of files in worker processes; results come back in plan order."""
    from concurrent.futures import ProcessPoolExecutor

    from ..i18n import current_language

    chunks = [items[start:start + _CHUNK_FILES] for start in range(0, len(items), _CHUNK_FILES)]
    language = current_language()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_scan_items, chunks, [language] * len(chunks)))


def scan_paths(paths: Sequence[str], *, stdin: TextIO | None = None,
               include: Sequence[str] = (), exclude: Sequence[str] = ()) -> ScanResult:
    """Read the manifests under ``paths`` and run every detector over their objects.

    A path that does not exist is an input error; a file that cannot be read is skipped
    and listed, and the rest of the run goes on. Large trees are spread over worker
    processes when the machine has more than one core; the output is the same.
    """
    from .reader import plan_read, read_item

    items = plan_read(expand_manifest_paths(paths), include=include, exclude=exclude)
    missing = [skip for item in items if not isinstance(item, (str, tuple))
               for skip in item.skipped if skip.reason == "not-found"]
    if missing:
        raise InputError([
            Problem(_("manifest path not found"), path=skip.path,
                    fix=_("check the path; for check, also the manifests: entries of the "
                          "requirements file."))
            for skip in missing
        ])

    files = [item for item in items if isinstance(item, tuple)]
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_MIN_FILES and workers > 1 and "-" not in items:
        parts = _parallel_scan(items, workers)
    else:
        # One file at a time: each file's node trees are dropped once its objects are
        # matched, so memory stays flat in the number of files.
        index = DetectorIndex(load_rules())
        part = _FileScan()
        for item in items:
            read = read_item(item, stdin=stdin)
            if read is not None:
                _scan_read(read, index, part)
        parts = [part]

    total = _FileScan()
    for part in parts:
        total.files += part.files
        total.skipped.extend(part.skipped)
        total.detections.extend(part.detections)
        total.misuses.extend(part.misuses)
        total.documents.extend(part.documents)
        total.objects += part.objects
    if total.files == 0 and not total.skipped:
        raise InputError.single(
            _("no manifest file found"), value=", ".join(paths),
            fix=_("point at YAML or JSON files (.yaml, .yml, .json) or a folder that holds "
                  "them; manifests inside Markdown or other files are not read."))
    return ScanResult(
        detections=tuple(total.detections),
        misuses=tuple(total.misuses),
        documents=tuple(total.documents),
        skipped=tuple(total.skipped),
        objects=total.objects,
        files=total.files,
    )
