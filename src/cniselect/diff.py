"""``diff``: where two plugins, or one plugin at two versions, differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .data.catalog import Catalog
from .engine import active_mechanisms
from .errors import InputError
from .i18n import _, pick
from .render.labels import mechanism_text
from .versions import CellState, is_version, state_at


@dataclass(frozen=True)
class Side:
    """One side of a diff: a plugin, judged at a version (None: its latest assessed)."""

    plugin: str
    version: str | None

    def label(self, catalog: Catalog) -> str:
        """Return ``Name`` or ``Name@version``."""
        name = catalog.plugin(self.plugin).name
        return f"{name}@{self.version}" if self.version else name


@dataclass(frozen=True)
class DiffRow:
    """A capability where the two sides differ."""

    capability: str
    left: CellState
    right: CellState
    left_caveats: tuple[str, ...]
    right_caveats: tuple[str, ...]
    only_left: tuple[str, ...]
    """Mechanisms only the left side has."""
    only_right: tuple[str, ...]


@dataclass(frozen=True)
class DiffResult:
    """Every capability where the two sides differ in level, maturity or mechanisms."""

    catalog: Catalog
    left: Side
    right: Side
    rows: tuple[DiffRow, ...]
    same: int
    """Number of capabilities where the two sides do not differ."""

    def to_plain(self) -> dict[str, Any]:
        """Return the diff contract for JSON and YAML."""
        def side(value: Side) -> dict[str, Any]:
            plugin = self.catalog.plugin(value.plugin)
            return {"plugin": value.plugin,
                    "version": value.version or plugin.assessed.version}

        return {
            "left": side(self.left),
            "right": side(self.right),
            "differences": [
                {
                    "capability": row.capability,
                    "left": {"level": row.left.level, "maturity": row.left.maturity,
                             "reason": row.left.reason, "caveats": list(row.left_caveats),
                             "only_mechanisms": list(row.only_left)},
                    "right": {"level": row.right.level, "maturity": row.right.maturity,
                              "reason": row.right.reason, "caveats": list(row.right_caveats),
                              "only_mechanisms": list(row.only_right)},
                }
                for row in self.rows
            ],
            "same": self.same,
        }


def parse_side(catalog: Catalog, text: str) -> Side:
    """Parse ``PLUGIN`` or ``PLUGIN@VERSION``; raise InputError for an unknown plugin."""
    plugin_id, sep, version = text.partition("@")
    plugin = catalog.plugin(plugin_id)
    if sep and not is_version(version):
        raise InputError.single(
            _("not a version number"), value=text,
            fix=_("write PLUGIN@VERSION, for example cilium@1.19."))
    return Side(plugin.id, version.lstrip("v") if sep else None)


def diff(catalog: Catalog, left: Side, right: Side) -> DiffResult:
    """Compare two sides capability by capability."""
    rows = []
    same = 0
    for capability in catalog.capabilities:
        left_cell = catalog.cell(left.plugin, capability.id)
        right_cell = catalog.cell(right.plugin, capability.id)
        left_state = state_at(left_cell, left.version)
        right_state = state_at(right_cell, right.version)
        left_how = {mechanism_text(m) for m in active_mechanisms(left_cell, left.version)}
        right_how = {mechanism_text(m) for m in active_mechanisms(right_cell, right.version)}
        changed = (left_state.level, left_state.maturity) != (right_state.level,
                                                             right_state.maturity)
        if not changed and left_how == right_how:
            same += 1
            continue
        rows.append(DiffRow(
            capability=capability.id,
            left=left_state,
            right=right_state,
            left_caveats=tuple(pick(c) for c in left_cell.caveats),
            right_caveats=tuple(pick(c) for c in right_cell.caveats),
            only_left=tuple(sorted(left_how - right_how)),
            only_right=tuple(sorted(right_how - left_how)),
        ))
    return DiffResult(catalog, left, right, tuple(rows), same)
