"""Layer user data files (``kind: CatalogOverlay``) over the bundled catalog.

Each file may add or replace capabilities and add or partially override plugins; files
apply in the order given, so a later file wins. The merged data is then validated by
``validate_catalog`` exactly like the bundled catalog. Every merged subtree remembers the
file, parsed document and location it came from, so that each problem is reported at
the user's file and line, or at the bundled catalog when the value came from there.
The format is described in docs/data.md.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, suggest
from ..i18n import _
from ..yamlio import YamlDocument
from .catalog import Catalog
from .loader import BUNDLED_YAML, COMPILED_JSON, read_yaml_file
from .model import CatalogData

API_VERSION = "cniselect/v1"
OVERLAY_KIND = "CatalogOverlay"
TOP_LEVEL_KEYS = ("apiVersion", "kind", "capabilities", "plugins")
UNLISTED_LEVELS = ("none", "unknown")

_URL = re.compile(r"^https?://\S+$")

# Stands in for a cell that is already reported as missing, so that validation does not
# report it a second time. It never reaches a Catalog because those problems are raised.
_PLACEHOLDER_CELL = {"level": "unknown", "evidence": ["https://placeholder.invalid/"]}

Location = tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class _Origin:
    """The file, parsed document and location in it that a merged subtree came from."""

    path: str
    document: YamlDocument
    location: Location

    def child(self, *steps: Any) -> _Origin:
        return dataclasses.replace(self, location=(*self.location, *steps))

    def line(self, rest: Sequence[Any] = ()) -> int | None:
        return self.document.line_of((*self.location, *rest))


def apply_overlays(paths: Sequence[Path]) -> Catalog:
    """Return the bundled catalog with each user data file applied in order.

    Raises InputError listing every problem, each at the file and line it comes from.
    """
    documents = []
    problems: list[Problem] = []
    for path in paths:
        try:
            document = read_yaml_file(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        problems.extend(_check_structure(str(path), document))
        documents.append((str(path), document))
    # A file with a wrong header or a misshapen entry cannot be merged reliably, so these
    # problems are reported on their own, before any merge or validation.
    if problems:
        raise InputError(problems)

    merge = _Merge(json.loads(COMPILED_JSON.read_text(encoding="utf-8")))
    for path, document in documents:
        merge.apply_file(path, document)
    merge.fill_unlisted_cells()
    merge.check_new_capability_cells()
    data = merge.validate()
    return Catalog(data, merge.overridden_cells())


def _check_structure(path: str, document: YamlDocument) -> list[Problem]:
    """Check what the merge relies on: the header, the top-level keys and each entry's id."""

    def problem(location: Location, message: str, fix: str, value: Any = None) -> Problem:
        return Problem(message, path=path, line=document.line_of(location),
                       value=None if value is None else str(value), fix=fix)

    data = document.data
    if not isinstance(data, dict):
        return [problem((), _("a data file must be a mapping with apiVersion and kind"),
                        _("start the file with apiVersion: {api} and kind: {kind}.")
                        .format(api=API_VERSION, kind=OVERLAY_KIND))]

    problems = []
    if data.get("apiVersion") != API_VERSION:
        problems.append(problem(("apiVersion",), _("missing or unsupported apiVersion"),
                                _("set apiVersion: {api}.").format(api=API_VERSION),
                                data.get("apiVersion")))
    if data.get("kind") != OVERLAY_KIND:
        problems.append(problem(("kind",), _("a data file must have kind: {kind}")
                                .format(kind=OVERLAY_KIND),
                                _("set kind: {kind}, and list only what differs from the "
                                  "bundled catalog.").format(kind=OVERLAY_KIND),
                                data.get("kind")))
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            close = suggest(str(key), TOP_LEVEL_KEYS)
            allowed = ", ".join(TOP_LEVEL_KEYS)
            if close:
                fix = _("did you mean {keys}? The allowed keys are {allowed}.").format(
                    keys=", ".join(close), allowed=allowed)
            else:
                fix = _("remove the key; the allowed keys are {allowed}.").format(allowed=allowed)
            problems.append(problem((key,), _("unknown key"), fix, key))

    for section in ("capabilities", "plugins"):
        entries = data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            problems.append(problem((section,), _("{key} must be a list").format(key=section),
                                    _("write each entry as a list item starting with `- id:`.")))
            continue
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            where = (section, index)
            if not isinstance(entry, dict):
                problems.append(problem(where, _("expected a mapping"),
                                        _("write the entry as keys under `- id:`.")))
                continue
            entry_id = entry.get("id")
            if not isinstance(entry_id, str) or not entry_id:
                problems.append(problem(where, _("missing or invalid id"),
                                        _("give the entry an id: a string such as kube-ovn.")))
                continue
            if entry_id in seen:
                problems.append(problem(where + ("id",), _("duplicate id in this file"),
                                        _("merge the two entries into one."), entry_id))
            seen.add(entry_id)
            if section == "plugins":
                problems.extend(_check_plugin_entry(entry, where, problem))
    return problems


def _check_plugin_entry(entry: dict[str, Any], where: Location,
                        problem: Callable[..., Problem]) -> list[Problem]:
    problems = []
    support = entry.get("support")
    if "support" in entry and not isinstance(support, dict):
        problems.append(problem(where + ("support",),
                                _("support must be a mapping from capability id to cell"),
                                _("write each cell as `CAPABILITY-ID: {level: ..., "
                                  "evidence: [...]}` under support.")))
    if "unlisted" in entry and entry["unlisted"] not in UNLISTED_LEVELS:
        problems.append(problem(where + ("unlisted",),
                                _("invalid value; expected {expected}").format(
                                    expected=" or ".join(repr(level) for level in UNLISTED_LEVELS)),
                                _("use one of the values listed, or remove unlisted to list "
                                  "every capability."), repr(entry["unlisted"])))
    return problems


class _Merge:
    """The merged catalog data, with the origin of each subtree that a data file set."""

    def __init__(self, bundled: dict[str, Any]) -> None:
        self.raw = bundled
        self.bundled_plugin_ids = frozenset(plugin["id"] for plugin in bundled["plugins"])
        self.bundled_capability_ids = frozenset(item["id"] for item in bundled["capabilities"])
        self.capability_index = {item["id"]: i for i, item in enumerate(bundled["capabilities"])}
        self.plugin_index = {plugin["id"]: i for i, plugin in enumerate(bundled["plugins"])}
        self.origins: dict[Location, _Origin] = {}
        """Merged location → origin. A location without an entry takes its closest
        parent's origin, and one with no such parent comes from the bundled catalog."""
        self.problems: list[Problem] = []
        self.bundled_cells_set: set[tuple[str, str]] = set()
        """(plugin, capability) cells of bundled plugins that a data file set."""
        self.new_capabilities: dict[str, _Origin] = {}
        self.unlisted: dict[str, tuple[str, _Origin]] = {}
        """Added plugin id → the level for capabilities it does not list, and where it was set."""

    def apply_file(self, path: str, document: YamlDocument) -> None:
        data = document.data
        for index, entry in enumerate(data.get("capabilities") or ()):
            self.apply_capability(entry, _Origin(path, document, ("capabilities", index)))
        for index, entry in enumerate(data.get("plugins") or ()):
            self.apply_plugin(entry, _Origin(path, document, ("plugins", index)))

    def apply_capability(self, entry: dict[str, Any], origin: _Origin) -> None:
        capability_id = entry["id"]
        index = self.capability_index.get(capability_id)
        if index is None:
            index = len(self.raw["capabilities"])
            self.raw["capabilities"].append(entry)
            self.capability_index[capability_id] = index
        else:
            self.raw["capabilities"][index] = entry
        if capability_id not in self.bundled_capability_ids:
            self.new_capabilities[capability_id] = origin
        self.set_origin(("capabilities", index), origin)

    def apply_plugin(self, entry: dict[str, Any], origin: _Origin) -> None:
        plugin_id = entry["id"]
        fields = {key: value for key, value in entry.items() if key != "unlisted"}
        if "unlisted" in entry:
            self.apply_unlisted(plugin_id, entry["unlisted"], origin)

        index = self.plugin_index.get(plugin_id)
        if index is None:
            index = len(self.raw["plugins"])
            self.raw["plugins"].append(fields)
            self.plugin_index[plugin_id] = index
            self.set_origin(("plugins", index), origin)
            return

        # A partial override: each key given replaces the current value, except support,
        # whose cells replace the current cells one by one.
        target = self.raw["plugins"][index]
        for key, value in fields.items():
            if key == "id":
                continue
            if key != "support":
                target[key] = value
                self.set_origin(("plugins", index, key), origin.child(key))
                continue
            cells = target.setdefault("support", {})
            for capability_id, cell in value.items():
                cells[capability_id] = cell
                self.set_origin(("plugins", index, "support", capability_id),
                                origin.child("support", capability_id))
                if plugin_id in self.bundled_plugin_ids:
                    self.bundled_cells_set.add((plugin_id, capability_id))

    def apply_unlisted(self, plugin_id: str, level: str, origin: _Origin) -> None:
        if plugin_id in self.bundled_plugin_ids:
            self.problems.append(Problem(
                _("unlisted is only allowed on a plugin that the bundled catalog does not "
                  "have; '{id}' is in it").format(id=plugin_id),
                path=origin.path, line=origin.line(("unlisted",)),
                fix=_("remove unlisted; a bundled plugin already has a cell for every "
                      "bundled capability, and a new capability needs a written cell.")))
            return
        self.unlisted[plugin_id] = (level, origin.child("unlisted"))

    def set_origin(self, location: Location, origin: _Origin) -> None:
        """Record the origin of a replaced subtree, dropping older origins inside it."""
        size = len(location)
        for known in [key for key in self.origins if key[:size] == location]:
            del self.origins[known]
        self.origins[location] = origin

    def fill_unlisted_cells(self) -> None:
        """Give each added plugin with ``unlisted`` a cell for every capability it omits.

        The cells are filled after all files are merged, so they also cover capabilities
        that a later file adds. Their evidence is the plugin's homepage.
        """
        capability_ids = list(self.capability_index)
        for plugin_id, (level, origin) in self.unlisted.items():
            index = self.plugin_index[plugin_id]
            entry = self.raw["plugins"][index]
            cells = entry.setdefault("support", {})
            homepage = entry.get("homepage")
            if isinstance(homepage, str) and _URL.match(homepage):
                template = {"level": level, "evidence": [homepage],
                            "caveats": [_unlisted_caveat(origin.path, level)]}
            else:
                # Validation reports a missing homepage. One that is present but not a URL
                # is reported here once, not once for every cell that would cite it.
                if isinstance(homepage, str):
                    self.problems.append(self.problem_at(
                        ("plugins", index, "homepage"),
                        _("with unlisted, the homepage is the evidence of the cells it fills, "
                          "so it must be an http(s) URL"),
                        _("give the full http(s) URL of the plugin's home page."), homepage))
                template = _PLACEHOLDER_CELL
            for capability_id in capability_ids:
                if capability_id not in cells:
                    cells[capability_id] = dict(template)
                    self.set_origin(("plugins", index, "support", capability_id), origin)

    def check_new_capability_cells(self) -> None:
        """Report a capability added by a data file that some plugins have no cell for.

        One problem per capability, at the line that adds it, replaces the per-plugin
        "missing cell" problems that validation would report at the bundled catalog.
        """
        for capability_id, origin in self.new_capabilities.items():
            missing = []
            for plugin in self.raw["plugins"]:
                cells = plugin.get("support")
                if isinstance(cells, dict) and capability_id not in cells:
                    missing.append(plugin.get("id"))
                    cells[capability_id] = _PLACEHOLDER_CELL
            if missing:
                self.problems.append(Problem(
                    _("capability '{id}' is new, so every plugin needs a cell for it; these "
                      "plugins have none: {plugins}").format(
                          id=capability_id, plugins=", ".join(map(str, missing))),
                    path=origin.path, line=origin.line(("id",)),
                    fix=_("add a plugins entry with support.{id} for each of them (use level "
                          "unknown with a caveat when the fact is not settled).")
                    .format(id=capability_id)))

    def validate(self) -> CatalogData:
        """Validate the merged data; raise InputError with every problem at its origin."""
        from .validate import validate_catalog

        # validate_catalog takes one path and a line lookup. The lookup given here stores
        # each location and returns its 1-based index in place of a line, so that each
        # problem can be moved to the file and line its location came from.
        locations: list[Location] = []

        def record(location: Sequence[Any]) -> int:
            locations.append(tuple(location))
            return len(locations)

        try:
            data = validate_catalog(self.raw, str(BUNDLED_YAML), record)
        except InputError as error:
            relocated = [self.relocate(problem, locations) for problem in error.problems]
            raise InputError(self.problems + relocated) from None
        if self.problems:
            raise InputError(self.problems)
        return data

    def relocate(self, problem: Problem, locations: list[Location]) -> Problem:
        if problem.line is None:
            return problem
        path, line = self.find(locations[problem.line - 1])
        return dataclasses.replace(problem, path=path, line=line)

    def find(self, location: Location) -> tuple[str, int | None]:
        """Return the file and line that the value at a merged location came from."""
        for size in range(len(location), 0, -1):
            origin = self.origins.get(location[:size])
            if origin is not None:
                return origin.path, origin.line(location[size:])
        return str(BUNDLED_YAML), _bundled_line(location)

    def problem_at(self, location: Location, message: str, fix: str, value: Any) -> Problem:
        path, line = self.find(location)
        return Problem(message, path=path, line=line, value=str(value), fix=fix)

    def overridden_cells(self) -> set[tuple[str, str]]:
        """Return the cells a data file set: those it wrote, and every cell of an added plugin."""
        cells = set(self.bundled_cells_set)
        for plugin in self.raw["plugins"]:
            if plugin["id"] not in self.bundled_plugin_ids:
                cells.update((plugin["id"], capability_id) for capability_id in plugin["support"])
        return cells


def _unlisted_caveat(path: str, level: str) -> dict[str, str]:
    return {
        "en": f"Not listed in the data file {path}; `unlisted: {level}` set this level.",
        "zh-CN": f"数据文件 {path} 未列出此能力，级别由 `unlisted: {level}` 设定。",
    }


def _bundled_line(location: Location) -> int | None:
    """Return the line of a location in the bundled YAML, or None when it cannot be read.

    The compiled JSON keeps the YAML's list order, and merging keeps bundled entries at
    their index, so the same location addresses the same value in both.
    """
    document = _bundled_document()
    return document.line_of(location) if document is not None else None


@lru_cache(maxsize=1)
def _bundled_document() -> YamlDocument | None:
    try:
        return read_yaml_file(BUNDLED_YAML)
    except InputError:
        return None
