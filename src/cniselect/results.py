"""Results of the read-only commands, ready for any renderer.

The renderers turn these into text; the CLI only builds them from its options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .data.catalog import Catalog
from .data.model import Cell
from .engine import Recommendation
from .install import InstallHint
from .versions import CellState, state_at


@dataclass(frozen=True)
class CatalogResult:
    """Base of the results that read the catalog at chosen plugin versions."""

    catalog: Catalog
    versions: Mapping[str, str] = field(default_factory=dict, kw_only=True)

    def version_of(self, plugin_id: str) -> str:
        """Return the version a plugin is judged at: the asked one or the assessed one."""
        return self.versions.get(plugin_id) or self.catalog.plugin(plugin_id).assessed.version

    def state(self, plugin_id: str, capability_id: str) -> CellState:
        """Return the cell's level and maturity at the judged version."""
        return state_at(self.catalog.cell(plugin_id, capability_id), self.versions.get(plugin_id))

    def cell(self, plugin_id: str, capability_id: str) -> Cell:
        """Return the raw cell."""
        return self.catalog.cell(plugin_id, capability_id)


@dataclass(frozen=True)
class RecommendResult(CatalogResult):
    """The ranked candidates for a query."""

    recommendation: Recommendation
    install: tuple[InstallHint, ...] = ()
    """Install hints for the top candidate's plugins, when it meets every need."""


@dataclass(frozen=True)
class MatrixResult(CatalogResult):
    """A plugins × capabilities table."""

    plugins: tuple[str, ...]
    capabilities: tuple[str, ...]


@dataclass(frozen=True)
class CapabilitiesResult(CatalogResult):
    """Every capability with its aliases and description."""


@dataclass(frozen=True)
class PluginResult(CatalogResult):
    """One plugin's profile."""

    plugin: str
    install: InstallHint | None = None


@dataclass(frozen=True)
class ExplainResult(CatalogResult):
    """One capability and how each chosen plugin delivers it."""

    capability: str
    plugins: tuple[str, ...]
    install: tuple[InstallHint, ...] = ()
    """One hint per plugin, with the settings for this capability."""
