"""Validation of catalog data: pydantic for shape, then cross-reference checks.

Every problem becomes a ``Problem`` with the file, the line, a readable YAML path
(``plugins[calico].support.fixed-ip.level``) and the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pydantic

from ..errors import InputError, Problem, suggest
from ..i18n import _
from ..versions import compare, is_version, state_at
from .model import CatalogData, Cell, Plugin

Locator = Callable[[Sequence[Any]], "int | None"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https?://\S+$")

_ADAPTER: pydantic.TypeAdapter[CatalogData] | None = None


def catalog_adapter() -> pydantic.TypeAdapter[CatalogData]:
    """Return the (cached) pydantic adapter for the catalog file."""
    global _ADAPTER
    if _ADAPTER is None:
        _ADAPTER = pydantic.TypeAdapter(CatalogData)
    return _ADAPTER


def validate_catalog(raw: Any, path: str, locate: Locator) -> CatalogData:
    """Validate parsed YAML data as a whole catalog; raise InputError listing every problem."""
    try:
        data = catalog_adapter().validate_python(raw)
    except pydantic.ValidationError as error:
        raise InputError(list(_problems_from_pydantic(error, raw, path, locate))) from None
    problems = list(_check_references(data, raw, path, locate))
    if problems:
        raise InputError(problems)
    return data


def dump_catalog(data: CatalogData) -> str:
    """Return the catalog as compact, deterministic JSON (the compiled form)."""
    plain = catalog_adapter().dump_python(data, mode="json", exclude_defaults=True)
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def readable_path(raw: Any, location: Sequence[Any]) -> str:
    """Render a location as ``plugins[calico].support.fixed-ip``, naming list items by id."""
    text = ""
    node = raw
    for step in location:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            label = item.get("id") if isinstance(item, dict) else None
            text += f"[{label or step}]"
            node = item
        elif isinstance(step, str) and not step.startswith("["):
            text += f".{step}" if text else step
            node = node.get(step) if isinstance(node, dict) else None
    return text or "(top level)"


_PYDANTIC_MESSAGES = {
    "missing": lambda e: _("missing required key"),
    "extra_forbidden": lambda e: _("unknown key"),
    "unexpected_keyword_argument": lambda e: _("unknown key"),
    "literal_error": lambda e: _("invalid value; expected {expected}").format(
        expected=e.get("ctx", {}).get("expected", "")
    ),
    "dict_type": lambda e: _("expected a mapping"),
    "tuple_type": lambda e: _("expected a list"),
    "string_type": lambda e: _("expected a string"),
    "dataclass_type": lambda e: _("expected a mapping"),
}


def _problems_from_pydantic(
    error: pydantic.ValidationError, raw: Any, path: str, locate: Locator
) -> Iterator[Problem]:
    for item in error.errors():
        location = [step for step in item["loc"] if not (isinstance(step, str) and "[" in step)]
        describe = _PYDANTIC_MESSAGES.get(item["type"])
        message = describe(item) if describe else item["msg"]
        value = item.get("input")
        shown = None
        if item["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            shown = str(location[-1]) if location else None
        elif not isinstance(value, (dict, list)) and item["type"] != "missing":
            shown = repr(value)
        yield Problem(
            f"{readable_path(raw, location)}: {message}",
            path=path,
            line=locate(location),
            value=shown,
            fix=_fix_for(item["type"]),
        )


def _fix_for(error_type: str) -> str | None:
    if error_type == "missing":
        return _("add the key; see `cniselect schema capabilities` for the format.")
    if error_type in ("extra_forbidden", "unexpected_keyword_argument"):
        return _("remove the key or correct its spelling; see `cniselect schema capabilities`.")
    if error_type == "literal_error":
        return _("use one of the values listed.")
    return None


class _Checker:
    """Collects cross-reference problems for one catalog, located by YAML path."""

    def __init__(self, data: CatalogData, raw: Any, path: str, locate: Locator) -> None:
        self.data = data
        self.raw = raw
        self.path = path
        self.locate = locate
        self.problems: list[Problem] = []
        self.plugin_index = {plugin.id: index for index, plugin in enumerate(data.plugins)}
        self.plugins = {plugin.id: plugin for plugin in data.plugins}

    def report(self, location: Sequence[Any], message: str, fix: str, value: Any = None) -> None:
        self.problems.append(
            Problem(
                f"{readable_path(self.raw, location)}: {message}",
                path=self.path,
                line=self.locate(location),
                value=None if value is None else str(value),
                fix=fix,
            )
        )

    def check_capabilities(self) -> None:
        names: dict[str, str] = {}
        for index, capability in enumerate(self.data.capabilities):
            where = ("capabilities", index)
            self.check_text(where + ("title",), capability.title)
            self.check_text(where + ("description",), capability.description)
            if not _ID.match(capability.id):
                self.report(where + ("id",), _("capability ids are lowercase kebab-case"),
                            _("rename it, e.g. fixed-ip."), capability.id)
            for alias_index, name in enumerate((capability.id, *capability.aliases)):
                location = where + (("id",) if alias_index == 0 else ("aliases", alias_index - 1))
                if name in names:
                    self.report(location, _("'{name}' is already used by capability {other}")
                                .format(name=name, other=names[name]),
                                _("ids and aliases must be unique: remove or rename this one."))
                names[name] = capability.id

    def check_plugins(self) -> None:
        capability_ids = [capability.id for capability in self.data.capabilities]
        seen: set[str] = set()
        for index, plugin in enumerate(self.data.plugins):
            where: tuple[Any, ...] = ("plugins", index)
            if plugin.id in seen:
                self.report(where + ("id",), _("duplicate plugin id"),
                            _("each plugin appears once; merge the two entries."), plugin.id)
            seen.add(plugin.id)
            if not _ID.match(plugin.id):
                self.report(where + ("id",), _("plugin ids are lowercase kebab-case"),
                            _("rename it, e.g. kube-ovn."), plugin.id)
            self.check_version(where + ("assessed", "version"), plugin.assessed.version)
            if not _DATE.match(plugin.assessed.date):
                self.report(where + ("assessed", "date"), _("dates are written YYYY-MM-DD"),
                            _("write the date the facts were checked, e.g. 2026-12-04."),
                            plugin.assessed.date)
            self.check_compatibility(where, plugin)
            self.check_install(where, plugin, capability_ids)
            for capability_id in capability_ids:
                if capability_id not in plugin.support:
                    self.report(where + ("support",),
                                _("missing cell for capability '{id}'").format(id=capability_id),
                                _("add support.{id} with a level (use `unknown` with a caveat "
                                  "saying why when the fact is not settled).")
                                .format(id=capability_id))
            for capability_id, cell in plugin.support.items():
                location = where + ("support", capability_id)
                if capability_id not in capability_ids:
                    close = suggest(capability_id, capability_ids)
                    if close:
                        fix = _("use a capability id from the capabilities list, such as "
                                "{ids}.").format(ids=", ".join(close))
                    else:
                        fix = _("use a capability id from the capabilities list.")
                    message = _("unknown capability id '{id}'").format(id=capability_id)
                    self.report(location, message, fix)
                    continue
                self.check_cell(location, plugin, capability_id, cell)

    def check_compatibility(self, where: tuple[Any, ...], plugin: Plugin) -> None:
        if plugin.works_with and plugin.kind != "addon":
            self.report(where + ("works_with",), _("only add-ons list the CNIs they work with"),
                        _("remove works_with, or set kind: addon."))
        for index, entry in enumerate(plugin.works_with):
            location = where + ("works_with", index, "plugin")
            target = self.plugins.get(entry.plugin)
            if target is None or target.kind != "cni":
                message = _("'{id}' is not a CNI in the catalog").format(id=entry.plugin)
                self.report(location, message, _("list CNI plugin ids only."), entry.plugin)
            self.check_urls(where + ("works_with", index, "evidence"), entry.evidence)
            for caveat_index, caveat in enumerate(entry.caveats):
                self.check_text(where + ("works_with", index, "caveats", caveat_index), caveat)

    def check_install(self, where: tuple[Any, ...], plugin: Plugin, ids: list[str]) -> None:
        if plugin.install is None:
            return
        self.check_urls(where + ("install", "evidence"), plugin.install.evidence)
        for capability_id in plugin.install.capabilities:
            if capability_id not in ids:
                self.report(where + ("install", "capabilities", capability_id),
                            _("unknown capability id '{id}'").format(id=capability_id),
                            _("use a capability id from the capabilities list."))

    def check_cell(self, where: tuple[Any, ...], plugin: Plugin, capability_id: str,
                   cell: Cell) -> None:
        self.check_urls(where + ("evidence",), cell.evidence)
        for field_name in ("requires", "caveats"):
            for index, text in enumerate(getattr(cell, field_name)):
                self.check_text(where + (field_name, index), text)
        if cell.level == "addon":
            self.check_addon(where, plugin, capability_id, cell)
        elif cell.addon is not None:
            self.report(where + ("addon",), _("addon is only set with level `addon`"),
                        _("remove addon, or set level: addon."), cell.addon)
        for index, mechanism in enumerate(cell.mechanisms):
            location = where + ("mechanisms", index)
            if mechanism.type == "crd" and not mechanism.kind:
                self.report(location, _("a crd mechanism needs a kind"),
                            _("add kind: KIND (and api: GROUP/VERSION where it is known)."))
            elif mechanism.type != "crd" and not mechanism.key:
                self.report(location, _("this mechanism needs a key"),
                            _("add key: the annotation, value, flag or setting name."))
            for field_name in ("since", "removed_in"):
                value = getattr(mechanism, field_name)
                if value is not None:
                    self.check_version(location + (field_name,), value)
        self.check_history(where, plugin, cell)

    def check_addon(self, where: tuple[Any, ...], plugin: Plugin, capability_id: str,
                    cell: Cell) -> None:
        addon = self.plugins.get(cell.addon or "")
        if addon is None or addon.kind != "addon":
            self.report(where + ("addon",), _("level `addon` must name an add-on of the catalog"),
                        _("set addon: to the id of a plugin with kind: addon."), cell.addon)
            return
        if not any(entry.plugin == plugin.id for entry in addon.works_with):
            self.report(where + ("addon",),
                        _("add-on '{addon}' does not list '{plugin}' in works_with")
                        .format(addon=addon.id, plugin=plugin.id),
                        _("add the CNI to the add-on's works_with, or change the level."))
        addon_cell = addon.support.get(capability_id)
        if addon_cell is not None and addon_cell.level not in ("full", "partial"):
            self.report(where + ("addon",),
                        _("add-on '{addon}' does not supply '{id}' (its level is {level})")
                        .format(addon=addon.id, id=capability_id, level=addon_cell.level),
                        _("name an add-on whose own cell supports the capability."))

    def check_history(self, where: tuple[Any, ...], plugin: Plugin, cell: Cell) -> None:
        if cell.since is not None:
            self.check_version(where + ("since", "version"), cell.since.version)
        if cell.removed_in is not None:
            self.check_version(where + ("removed_in",), cell.removed_in)
        previous = None
        for index, change in enumerate(cell.history):
            self.check_version(where + ("history", index, "version"), change.version)
            if previous is not None and compare(change.version, previous) <= 0:
                self.report(where + ("history", index, "version"),
                            _("history entries must be in increasing version order"),
                            _("sort the entries by version."), change.version)
            previous = change.version
        if cell.history and cell.since and compare(cell.history[0].version,
                                                   cell.since.version) < 0:
            self.report(where + ("history", 0, "version"),
                        _("the history starts before since.version ({version})")
                        .format(version=cell.since.version),
                        _("set since to the release of the first history entry."),
                        cell.history[0].version)
        assessed = cell.assessed or plugin.assessed.version
        if is_version(assessed) and (cell.history or cell.removed_in):
            current = state_at(cell, assessed).level
            if current != cell.level:
                self.report(where + ("level",),
                            _("level is {level} but the history gives {history} at {version}")
                            .format(level=cell.level, history=current, version=assessed),
                            _("make level match the last history entry (or removed_in)."))

    def check_version(self, location: tuple[Any, ...], value: str) -> None:
        if not is_version(value):
            self.report(location, _("not a version number"),
                        _("write a release version such as 1.16 or 3.31.2."), value)

    def check_urls(self, location: tuple[Any, ...], urls: Sequence[str]) -> None:
        if not urls:
            self.report(location, _("at least one evidence URL is required"),
                        _("add the official page or source file the fact was checked against."))
        for index, url in enumerate(urls):
            if not _URL.match(url):
                self.report(location + (index,), _("evidence must be an http(s) URL"),
                            _("give the full URL of the page you checked."), url)

    def check_text(self, location: tuple[Any, ...], text: dict[str, str]) -> None:
        if not text.get("en"):
            self.report(location, _("text needs an `en` entry"),
                        _("add en: with the English text (zh-CN beside it)."))


def _check_references(data: CatalogData, raw: Any, path: str, locate: Locator) -> list[Problem]:
    checker = _Checker(data, raw, path, locate)
    checker.check_capabilities()
    checker.check_plugins()
    return checker.problems
