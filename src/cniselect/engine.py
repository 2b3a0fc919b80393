"""Judging and ranking: pure functions over the catalog, with no I/O and no printing.

``judge`` decides whether a stack (a CNI plus add-ons) delivers one capability at given
plugin versions; ``recommend`` builds candidate stacks for a set of needs and ranks them.
The scoring rules are written down in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .data.catalog import Catalog
from .data.model import Cell, Level, Maturity, Mechanism, Text
from .versions import mechanism_active, state_at

# Points a verdict earns toward a candidate's score, by the level that delivers it.
POINTS: Mapping[str, float] = {
    "full": 1.0,
    "partial": 0.5,
    "enterprise": 0.5,  # only when --allow-enterprise; otherwise the verdict is unmet
    "addon": 0.0,
    "none": 0.0,
    "unknown": 0.0,
}
NEED_WEIGHT = 2.0
"""Weight of each must-have in the score; a nice-to-have weighs 1 unless given."""

# Order in which a stack picks the provider of a capability: the first level that helps.
_PREFERENCE: Sequence[str] = ("full", "partial", "enterprise")


@dataclass(frozen=True)
class Want:
    """A nice-to-have capability and its weight in the score."""

    capability: str
    weight: float = 1.0


@dataclass(frozen=True)
class Query:
    """A user's request: needs, wants and constraints on the candidates."""

    needs: tuple[str, ...] = ()
    wants: tuple[Want, ...] = ()
    exclude: frozenset[str] = frozenset()
    allow_enterprise: bool = False
    allow_addons: bool = True
    versions: Mapping[str, str] = field(default_factory=dict)
    """Plugin id → version to judge at; plugins not listed are judged at their latest."""


@dataclass(frozen=True)
class Verdict:
    """Whether a stack delivers one capability, who delivers it, and what to know."""

    capability: str
    level: Level
    met: bool
    required: bool
    provider: str
    """Plugin id whose cell decided the verdict (the CNI or one of its add-ons)."""
    reason: str
    """Machine-readable reason: full, partial, enterprise-allowed, enterprise,
    addon-missing, none, unknown, removed, not-yet or not-assessed."""
    maturity: Maturity | None = None
    caveats: tuple[Text, ...] = ()
    addon: str | None = None
    """The add-on that would supply the capability when ``reason`` is ``addon-missing``."""
    version: str | None = None
    """The provider's version the verdict was judged at (None: latest assessed)."""
    mechanisms: tuple[Mechanism, ...] = ()
    """The provider's mechanisms that switch the capability on, at that version."""


@dataclass(frozen=True)
class Candidate:
    """A CNI with the add-ons it needs, its score and a verdict per asked capability."""

    plugin: str
    addons: tuple[str, ...]
    score: float
    qualified: bool
    verdicts: tuple[Verdict, ...]
    disqualified_by: tuple[str, ...]
    rank: int = 0


@dataclass(frozen=True)
class Recommendation:
    """The ranked result of a query."""

    query: Query
    candidates: tuple[Candidate, ...]


def judge(
    catalog: Catalog,
    cni: str,
    addons: Sequence[str],
    capability: str,
    *,
    required: bool = True,
    allow_enterprise: bool = False,
    versions: Mapping[str, str] | None = None,
) -> Verdict:
    """Decide whether ``cni`` with ``addons`` delivers ``capability``.

    The CNI's own cell counts first; an add-on in the stack that works with the CNI can
    supply a capability the CNI lacks or delivers less well. ``partial`` counts as met
    (with its caveats); ``enterprise`` only with ``allow_enterprise``; ``addon``,
    ``none`` and ``unknown`` never.
    """
    versions = versions or {}
    options = [(cni, catalog.cell(cni, capability))]
    options += [
        (addon, catalog.cell(addon, capability))
        for addon in addons
        if catalog.works_with(addon, cni)
    ]

    judged = []
    for plugin_id, cell in options:
        state = state_at(cell, versions.get(plugin_id))
        judged.append((plugin_id, cell, state))

    usable = [level for level in _PREFERENCE if level != "enterprise" or allow_enterprise]
    for level in usable:
        for plugin_id, cell, state in judged:
            if state.level == level:
                caveats = cell.caveats + _pairing_caveats(catalog, plugin_id, cni)
                reason = "enterprise-allowed" if level == "enterprise" else level
                return Verdict(
                    capability=capability,
                    level=state.level,
                    met=True,
                    required=required,
                    provider=plugin_id,
                    maturity=state.maturity,
                    reason=reason,
                    caveats=caveats,
                    version=versions.get(plugin_id),
                    mechanisms=active_mechanisms(cell, versions.get(plugin_id)),
                )

    # Unmet: explain from the CNI's own cell.
    _, cell, state = judged[0]
    reason = state.reason or state.level
    return Verdict(
        capability=capability,
        level=state.level,
        met=False,
        required=required,
        provider=cni,
        maturity=state.maturity,
        reason="addon-missing" if state.level == "addon" and not state.reason else reason,
        caveats=cell.caveats,
        addon=cell.addon if state.level == "addon" else None,
        version=versions.get(cni),
    )


def active_mechanisms(cell: Cell, version: str | None) -> tuple[Mechanism, ...]:
    """Return the mechanisms of a cell that exist at ``version`` (None: latest)."""
    return tuple(
        mechanism for mechanism in cell.mechanisms
        if mechanism_active(mechanism.since, mechanism.removed_in, version)
    )


def _pairing_caveats(catalog: Catalog, plugin_id: str, cni: str) -> tuple[Text, ...]:
    """Caveats an add-on lists for its pairing with this CNI (none for the CNI itself)."""
    if plugin_id == cni:
        return ()
    addon = catalog.plugin(plugin_id)
    for entry in addon.works_with:
        if entry.plugin == cni:
            return entry.caveats
    return ()


def supplying_addons(catalog: Catalog, cni: str, capability: str, query: Query) -> list[str]:
    """Add-ons that work with ``cni`` and supply ``capability``, best level first."""
    found = []
    for addon in catalog.addons:
        if addon.id in query.exclude or not catalog.works_with(addon.id, cni):
            continue
        state = state_at(addon.support[capability], query.versions.get(addon.id))
        if state.level in ("full", "partial"):
            found.append((_PREFERENCE.index(state.level), addon.id))
    return [addon_id for _, addon_id in sorted(found)]


def evaluate(catalog: Catalog, cni: str, addons: Sequence[str], query: Query) -> Candidate:
    """Judge every need and want of ``query`` for one stack and score it."""
    verdicts = [
        judge(catalog, cni, addons, need, required=True,
              allow_enterprise=query.allow_enterprise, versions=query.versions)
        for need in query.needs
    ]
    weights = [NEED_WEIGHT] * len(query.needs)
    for want in query.wants:
        if want.capability in query.needs:
            continue
        verdicts.append(judge(catalog, cni, addons, want.capability, required=False,
                              allow_enterprise=query.allow_enterprise, versions=query.versions))
        weights.append(want.weight)

    total = sum(weights)
    earned = sum(
        weight * (POINTS[verdict.level] if verdict.met else 0.0)
        for weight, verdict in zip(weights, verdicts)
    )
    score = round(100.0 * earned / total, 1) if total else 0.0
    missing = tuple(
        verdict.capability for verdict in verdicts if verdict.required and not verdict.met
    )
    return Candidate(
        plugin=cni,
        addons=tuple(addons),
        score=score,
        qualified=not missing,
        verdicts=tuple(verdicts),
        disqualified_by=missing,
    )


def build_stack(catalog: Catalog, cni: str, query: Query) -> tuple[str, ...]:
    """Return the add-ons ``cni`` needs for the must-haves it cannot meet alone.

    For each unmet must-have, in the order asked, the best add-on that works with the CNI
    is added, unless an add-on already in the stack covers it.
    """
    if not query.allow_addons:
        return ()
    stack: list[str] = []
    for need in query.needs:
        verdict = judge(catalog, cni, stack, need, allow_enterprise=query.allow_enterprise,
                        versions=query.versions)
        if verdict.met:
            continue
        options = supplying_addons(catalog, cni, need, query)
        if options:
            stack.append(options[0])
    return tuple(stack)


def _ranking_key(candidate: Candidate) -> tuple:
    unknown = sum(1 for verdict in candidate.verdicts if verdict.level == "unknown")
    partial = sum(1 for verdict in candidate.verdicts if verdict.met and verdict.level != "full")
    return (
        not candidate.qualified,
        -candidate.score,
        len(candidate.addons),
        partial,
        unknown,
        candidate.plugin,
        candidate.addons,
    )


def recommend(catalog: Catalog, query: Query) -> Recommendation:
    """Rank every CNI (with the add-ons it needs) against the query.

    Qualified candidates come first, then by score, then by fewer add-ons, fewer
    partial verdicts, fewer unknown ones, and last by plugin id, so ties are stable.
    """
    candidates = []
    for plugin in catalog.cnis:
        if plugin.id in query.exclude:
            continue
        addons = build_stack(catalog, plugin.id, query)
        candidates.append(evaluate(catalog, plugin.id, addons, query))

    ranked = sorted(candidates, key=_ranking_key)
    ranked = [replace(candidate, rank=index) for index, candidate in enumerate(ranked, start=1)]
    return Recommendation(query=query, candidates=tuple(ranked))
