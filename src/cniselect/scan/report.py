"""Scanning a tree of manifests: read, detect, and summarise what it relies on."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    """Every document read, without its data and node tree (lines, issues, directives)."""
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


def scan_paths(paths: Sequence[str], *, stdin: TextIO | None = None,
               include: Sequence[str] = (), exclude: Sequence[str] = ()) -> ScanResult:
    """Read the manifests under ``paths`` and run every detector over their objects.

    A path that does not exist is an input error; a file that cannot be read is skipped
    and listed, and the rest of the run goes on.
    """
    from .reader import iter_read

    index = DetectorIndex(load_rules())
    detections: list[Detection] = []
    misuses: list[Misuse] = []
    documents: list[Document] = []
    skipped: list[Skip] = []
    objects = files = 0
    # One file at a time: each file's node trees are dropped once its objects are
    # matched, so memory stays flat in the number of files.
    for read in iter_read(expand_manifest_paths(paths), stdin=stdin, include=include,
                          exclude=exclude):
        files += read.files
        skipped.extend(read.skipped)
        for document in read.documents:
            for obj in iter_objects(document):
                objects += 1
                found, misused = detect(obj, index)
                detections.extend(found)
                misuses.extend(misused)
            documents.append(replace(document, data=None, node=None))

    missing = [skip for skip in skipped if skip.reason == "not-found"]
    if not missing and files == 0 and not skipped:
        raise InputError.single(
            _("no manifest file found"), value=", ".join(paths),
            fix=_("point at YAML or JSON files (.yaml, .yml, .json) or a folder that holds "
                  "them; manifests inside Markdown or other files are not read."))
    if missing:
        raise InputError([
            Problem(_("manifest path not found"), path=skip.path,
                    fix=_("check the path; for check, also the manifests: entries of the "
                          "requirements file."))
            for skip in missing
        ])
    return ScanResult(
        detections=tuple(detections),
        misuses=tuple(misuses),
        documents=tuple(documents),
        skipped=tuple(skipped),
        objects=objects,
        files=files,
    )
