"""Plugin version strings: parse, compare, and judge a catalog cell at a given version.

Plugins name releases differently (``v1.18.4``, ``3.31``, ``1.33.5-gke.1200``), so a
version is reduced to its leading dotted numbers: ``v1.18.4`` → (1, 18, 4). Suffixes such
as ``-rc.1`` or ``-gke.1200`` are ignored, and missing parts count as zero, so ``1.20``
equals ``1.20.0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data.model import Cell, Level, Maturity

_LEADING_NUMBERS = re.compile(r"v?(\d+(?:\.\d+)*)")


def parse_version(text: str) -> tuple[int, ...] | None:
    """Return the numeric parts of a version string, or None when it has none."""
    match = _LEADING_NUMBERS.match(text.strip())
    if not match:
        return None
    parts = [int(part) for part in match.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def is_version(text: str) -> bool:
    """Return True when ``text`` starts with a version number."""
    return parse_version(text) is not None


def compare(left: str, right: str) -> int:
    """Return -1, 0 or 1 as ``left`` is older than, equal to or newer than ``right``."""
    a, b = parse_version(left) or (0,), parse_version(right) or (0,)
    return (a > b) - (a < b)


@dataclass(frozen=True)
class CellState:
    """A cell's level and maturity at one plugin version, and why it differs from now."""

    level: Level
    maturity: Maturity | None
    reason: str | None = None
    """``not-yet`` (before it arrived), ``removed``, ``not-assessed`` or None."""


def state_at(cell: Cell, version: str | None) -> CellState:
    """Judge ``cell`` at plugin ``version``; None means the assessed (latest) version."""
    latest_maturity = cell.history[-1].maturity if cell.history else None
    if latest_maturity is None and cell.since is not None:
        latest_maturity = cell.since.maturity
    if version is None:
        return CellState(cell.level, latest_maturity)

    if cell.removed_in and compare(version, cell.removed_in) >= 0:
        return CellState("none", None, "removed")
    if cell.since and compare(version, cell.since.version) < 0:
        return CellState("none", None, "not-yet")
    if not cell.history:
        return CellState(cell.level, latest_maturity)

    applicable = [change for change in cell.history if compare(change.version, version) <= 0]
    if applicable:
        change = applicable[-1]
        return CellState(change.level, change.maturity)
    if cell.since is not None:
        # Present since `since`, but the history only starts later: the first recorded
        # level is the best known, without its maturity.
        return CellState(cell.history[0].level, None)
    return CellState("unknown", None, "not-assessed")


def mechanism_active(since: str | None, removed_in: str | None, version: str | None) -> bool:
    """Return True when a mechanism exists at ``version`` (None: the latest version)."""
    if version is None:
        return removed_in is None
    if since and compare(version, since) < 0:
        return False
    return not (removed_in and compare(version, removed_in) >= 0)
