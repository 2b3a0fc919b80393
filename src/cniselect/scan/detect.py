"""Detectors: what each manifest object relies on, and documented misuses of annotations.

The detector table (rules.yaml) is indexed once by object kind and annotation key, so
each object is only matched against the detectors that can apply to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import yamlio
from .interface import Detection, Document, ObjectRef
from .rules import Detector, RuleTable

# Path of each workload kind's pod template, and of the field that counts its pods.
POD_TEMPLATE: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
_REPLICA_FIELD: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "replicas"),
    "StatefulSet": ("spec", "replicas"),
    "ReplicaSet": ("spec", "replicas"),
    "ReplicationController": ("spec", "replicas"),
    "Job": ("spec", "parallelism"),
    "CronJob": ("spec", "jobTemplate", "spec", "parallelism"),
}


@dataclass(frozen=True)
class ManifestObject:
    """One Kubernetes object of a document (a document, or an item of a ``*List``)."""

    ref: ObjectRef
    group: str
    data: dict[str, Any]
    document: Document
    location: tuple[str | int, ...]
    """Steps from the document root to this object (empty unless it is a list item)."""

    @property
    def path(self) -> str:
        """The file the object was read from."""
        return self.document.path

    def line_of(self, *steps: str | int) -> int:
        """Return the line of a value inside this object (or of its nearest parent)."""
        return yamlio.line_of(self.document.node, (*self.location, *steps)) or self.document.line


@dataclass(frozen=True)
class Misuse:
    """A documented misuse of a plugin annotation, before the gate words it."""

    rule: str
    """CNI020 (fixed IP and replicas), CNI021 (workload metadata) or CNI022 (labels)."""
    ref: ObjectRef
    path: str
    line: int
    key: str
    detector: Detector
    replicas: int | None = None


def iter_objects(document: Document) -> Iterator[ManifestObject]:
    """Yield the objects of a document, expanding ``kind: List`` and any ``*List``."""
    data = document.data
    if not isinstance(data, dict):
        return
    kind = data.get("kind")
    items = data.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield _object(item, document, ("items", index))
        return
    yield _object(data, document, ())


def _object(data: dict[str, Any], document: Document,
            location: tuple[str | int, ...]) -> ManifestObject:
    api_version = data.get("apiVersion")
    api_version = api_version if isinstance(api_version, str) else ""
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    name = metadata.get("name") or metadata.get("generateName") or ""
    namespace = metadata.get("namespace")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else ""
    ref = ObjectRef(kind=kind, name=str(name),
                    namespace=str(namespace) if namespace is not None else None,
                    api_version=api_version)
    return ManifestObject(ref, group, data, document, location)


class DetectorIndex:
    """Lookup of the detector table by ``group/Kind`` and by annotation key."""

    def __init__(self, table: RuleTable) -> None:
        self.by_kind: dict[str, list[Detector]] = {}
        self.annotations: list[Detector] = []
        self.exact_keys: dict[str, Detector] = {}
        self.key_prefixes: list[tuple[str, Detector]] = []
        for detector in table.detectors:
            if detector.annotation:
                self.annotations.append(detector)
                if detector.annotation.endswith("*"):
                    self.key_prefixes.append((detector.key, detector))
                else:
                    self.exact_keys.setdefault(detector.annotation, detector)
            for kind in detector.kinds:
                self.by_kind.setdefault(kind, []).append(detector)

    def annotation_detector(self, key: str) -> Detector | None:
        """Return the detector that reads this annotation key, if any."""
        detector = self.exact_keys.get(key)
        if detector is not None:
            return detector
        for prefix, candidate in self.key_prefixes:
            if key.startswith(prefix):
                return candidate
        return None


def detect(obj: ManifestObject, index: DetectorIndex) -> tuple[list[Detection], list[Misuse]]:
    """Return what one object relies on, and the misuses of plugin annotations in it."""
    detections: list[Detection] = []
    misuses: list[Misuse] = []
    kind_key = f"{obj.group}/{obj.ref.kind}"
    for detector in index.by_kind.get(kind_key, ()):
        detections.extend(_match_object(obj, detector))

    # Annotations are read from pods (and pod templates), Namespaces and Services.
    kind = obj.ref.kind
    if kind == "Pod":
        detections.extend(_match_annotations(obj, index, ("metadata",), "Pod"))
    elif kind in ("Namespace", "Service"):
        detections.extend(_match_annotations(obj, index, ("metadata",), kind))
    if kind in POD_TEMPLATE:
        template = POD_TEMPLATE[kind] + ("metadata",)
        found = _match_annotations(obj, index, template, "Pod")
        detections.extend(found)
        misuses.extend(_check_replicas(obj, found, index))
        misuses.extend(_check_workload_metadata(obj, index))
    misuses.extend(_check_labels(obj, index))
    return detections, misuses


def _detection(obj: ManifestObject, detector: Detector, line: int, evidence: str) -> Detection:
    return Detection(
        capability=detector.capability,
        path=obj.path,
        line=line,
        object=obj.ref,
        matcher=detector.id,
        evidence=evidence,
        plugin=detector.plugin,
    )


def _match_object(obj: ManifestObject, detector: Detector) -> Iterator[Detection]:
    kind_text = f"{obj.ref.api_version} {obj.ref.kind}".strip()
    if detector.field:
        steps = _parse_field(detector.field)
        for value, location in _iter_field(obj.data, steps, ()):
            if _value_matches(value, detector.value):
                evidence = f"{kind_text} {detector.field}"
                yield _detection(obj, detector, obj.line_of(*location), evidence)
                return
    elif detector.search:
        for value, location in _iter_search(obj.data, detector.search):
            if _value_matches(value, detector.value):
                evidence = f"{kind_text} {'.'.join(detector.search)}"
                yield _detection(obj, detector, obj.line_of(*location), evidence)
                return
    else:
        yield _detection(obj, detector, obj.line_of("kind"), kind_text)


def _match_annotations(obj: ManifestObject, index: DetectorIndex,
                       metadata: tuple[str, ...], object_class: str) -> list[Detection]:
    annotations = _get(obj.data, (*metadata, "annotations"))
    if not isinstance(annotations, dict):
        return []
    found = []
    for key in annotations:
        detector = index.annotation_detector(str(key))
        if detector is None or object_class not in detector.objects:
            continue
        line = obj.line_of(*metadata, "annotations", key)
        found.append(_detection(obj, detector, line, f"annotation {key}"))
    return found


def _replica_count(obj: ManifestObject) -> int | None:
    """Return how many pods the workload runs; None when it cannot be known (DaemonSet: 2)."""
    kind = obj.ref.kind
    if kind == "DaemonSet":
        return 2  # one pod per node: any cluster with two nodes runs two
    path = _REPLICA_FIELD.get(kind)
    if path is None:
        return 1
    value = _get(obj.data, path)
    if value is None:
        return 1
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_replicas(obj: ManifestObject, found: Sequence[Detection],
                    index: DetectorIndex) -> Iterator[Misuse]:
    replicas = _replica_count(obj)
    if replicas is None or replicas <= 1:
        return
    by_id = {detector.id: detector for detector in index.annotations}
    for detection in found:
        detector = by_id[detection.matcher]
        if detector.addresses:
            key = detection.evidence.split(" ", 1)[1]
            yield Misuse("CNI020", obj.ref, obj.path, detection.line, key, detector,
                         replicas=None if obj.ref.kind == "DaemonSet" else replicas)


def _check_workload_metadata(obj: ManifestObject, index: DetectorIndex) -> Iterator[Misuse]:
    annotations = _get(obj.data, ("metadata", "annotations"))
    if not isinstance(annotations, dict):
        return
    for key in annotations:
        detector = index.annotation_detector(str(key))
        if detector is not None and "Pod" in detector.objects:
            yield Misuse("CNI021", obj.ref, obj.path,
                         obj.line_of("metadata", "annotations", key), str(key), detector)


def _check_labels(obj: ManifestObject, index: DetectorIndex) -> Iterator[Misuse]:
    places: list[tuple[str, ...]] = [("metadata",)]
    if obj.ref.kind in POD_TEMPLATE:
        places.append(POD_TEMPLATE[obj.ref.kind] + ("metadata",))
    for place in places:
        labels = _get(obj.data, (*place, "labels"))
        if not isinstance(labels, dict):
            continue
        for key in labels:
            detector = index.annotation_detector(str(key))
            if detector is not None:
                yield Misuse("CNI022", obj.ref, obj.path, obj.line_of(*place, "labels", key),
                             str(key), detector)


def _get(data: Any, steps: Sequence[str]) -> Any:
    for step in steps:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def _parse_field(text: str) -> list[str]:
    """Split ``spec.ingress[*].from`` into ``["spec", "ingress", "*", "from"]``."""
    steps = []
    for part in text.split("."):
        if part.endswith("[*]"):
            steps += [part[:-3], "*"]
        else:
            steps.append(part)
    return steps


def _iter_field(data: Any, steps: Sequence[str],
                location: tuple[str | int, ...]) -> Iterator[tuple[Any, tuple]]:
    if not steps:
        if data is not None:
            yield data, location
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        if isinstance(data, list):
            for position, item in enumerate(data):
                yield from _iter_field(item, rest, (*location, position))
    elif isinstance(data, dict) and step in data:
        yield from _iter_field(data[step], rest, (*location, step))


def _iter_search(data: Any, chain: Sequence[str]) -> Iterator[tuple[Any, tuple]]:
    """Yield each value reached by the key chain from any mapping inside ``data``.

    Each mapping and list is visited once, even when YAML aliases share it.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        node, location = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if chain[0] in node:
                yield from _follow(node[chain[0]], chain[1:], (*location, chain[0]))
            # Reverse so the first key is visited first (the stack pops the last).
            for key, value in reversed(list(node.items())):
                if isinstance(value, (dict, list)):
                    stack.append((value, (*location, key)))
        elif isinstance(node, list):
            for position in range(len(node) - 1, -1, -1):
                if isinstance(node[position], (dict, list)):
                    stack.append((node[position], (*location, position)))


def _follow(value: Any, chain: Sequence[str], location: tuple) -> Iterator[tuple[Any, tuple]]:
    if not chain:
        yield value, location
        return
    if isinstance(value, dict) and chain[0] in value:
        yield from _follow(value[chain[0]], chain[1:], (*location, chain[0]))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _follow(item, chain, (*location, position))


def _value_matches(value: Any, allowed: Sequence[str | bool]) -> bool:
    if not allowed:
        return value is not None
    values = value if isinstance(value, list) else [value]
    # Compare types too, so that the YAML boolean true never matches the string "true".
    return any(item == choice and type(item) is type(choice)
               for item in values for choice in allowed)
