"""The loaded catalog with lookups by id and alias."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError, unknown_id_error
from ..i18n import _
from .model import Capability, CatalogData, Cell, Plugin


class Catalog:
    """Validated catalog data with indexes: capability ids and aliases, plugins, cells."""

    def __init__(self, data: CatalogData, overridden: Iterable[tuple[str, str]] = ()) -> None:
        self.data = data
        self.capabilities: tuple[Capability, ...] = data.capabilities
        self.plugins: tuple[Plugin, ...] = data.plugins
        self.overridden: frozenset[tuple[str, str]] = frozenset(overridden)
        """(plugin, capability) cells that a user data file changed."""
        self._capabilities = {capability.id: capability for capability in data.capabilities}
        self._names = {capability.id: capability.id for capability in data.capabilities}
        for capability in data.capabilities:
            for alias in capability.aliases:
                self._names[alias] = capability.id
        self._plugins = {plugin.id: plugin for plugin in data.plugins}

    @property
    def cnis(self) -> tuple[Plugin, ...]:
        """The plugins of kind ``cni``, in catalog order."""
        return tuple(plugin for plugin in self.plugins if plugin.kind == "cni")

    @property
    def addons(self) -> tuple[Plugin, ...]:
        """The plugins of kind ``addon``, in catalog order."""
        return tuple(plugin for plugin in self.plugins if plugin.kind == "addon")

    def resolve_capability(self, name: str) -> str:
        """Return the capability id for an id or alias; raise InputError when unknown."""
        key = name.strip().lower()
        if key in self._names:
            return self._names[key]
        raise unknown_id_error(_("capability"), name, self._names, "cniselect capabilities")

    def capability(self, name: str) -> Capability:
        """Return the capability for an id or alias; raise InputError when unknown."""
        return self._capabilities[self.resolve_capability(name)]

    def plugin(self, plugin_id: str) -> Plugin:
        """Return the plugin with this id; raise InputError when unknown."""
        key = plugin_id.strip().lower()
        if key in self._plugins:
            return self._plugins[key]
        raise unknown_id_error(_("plugin"), plugin_id, self._plugins, "cniselect matrix")

    def has_plugin(self, plugin_id: str) -> bool:
        """Return True when a plugin with this id exists."""
        return plugin_id in self._plugins

    def cell(self, plugin_id: str, capability_id: str) -> Cell:
        """Return the cell for a plugin and a capability id (both must be valid)."""
        return self._plugins[plugin_id].support[capability_id]

    def works_with(self, addon_id: str, cni_id: str) -> bool:
        """Return True when the add-on lists the CNI among those it works with."""
        addon = self._plugins[addon_id]
        return any(entry.plugin == cni_id for entry in addon.works_with)

    def resolve_capabilities(self, names: Iterable[str]) -> tuple[str, ...]:
        """Resolve ids and aliases, dropping repeats and keeping the first order."""
        resolved: dict[str, None] = {}
        problems = []
        for name in names:
            try:
                resolved[self.resolve_capability(name)] = None
            except InputError as error:
                problems.extend(error.problems)
        if problems:
            raise InputError(problems)
        return tuple(resolved)
