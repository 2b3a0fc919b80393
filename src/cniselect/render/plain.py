"""Results as plain data (dicts, lists, strings): the documented JSON and YAML contract.

Keys and ids stay English; human-readable values (titles, caveats, reasons) follow the
chosen language. Fields may be added over time; none is removed or renamed.
"""

from __future__ import annotations

from typing import Any

from ..data.model import Cell, Mechanism, Plugin
from ..engine import Candidate, Verdict
from ..i18n import pick
from ..results import (
    CapabilitiesResult,
    CatalogResult,
    ExplainResult,
    MatrixResult,
    PluginResult,
    RecommendResult,
)
from .labels import verdict_reason


def plain_mechanism(mechanism: Mechanism) -> dict[str, Any]:
    """Return a mechanism with only the keys it sets."""
    keys = ("type", "key", "api", "kind", "objects", "since", "removed_in")
    plain: dict[str, Any] = {}
    for key in keys:
        value = getattr(mechanism, key)
        if value:
            plain[key] = list(value) if isinstance(value, tuple) else value
    return plain


def plain_plugin(result: CatalogResult, plugin: Plugin) -> dict[str, Any]:
    """Return a plugin's identity, edition and assessment."""
    return {
        "id": plugin.id,
        "name": plugin.name,
        "kind": plugin.kind,
        "homepage": plugin.homepage,
        "license": plugin.license,
        "version": result.version_of(plugin.id),
        "assessed": {"version": plugin.assessed.version, "date": plugin.assessed.date},
        "works_with": [entry.plugin for entry in plugin.works_with],
    }


def plain_cell(result: CatalogResult, plugin_id: str, capability_id: str) -> dict[str, Any]:
    """Return one cell judged at the result's version for that plugin."""
    cell: Cell = result.cell(plugin_id, capability_id)
    state = result.state(plugin_id, capability_id)
    plain: dict[str, Any] = {
        "plugin": plugin_id,
        "capability": capability_id,
        "level": state.level,
        "maturity": state.maturity,
    }
    if state.reason:
        plain["reason"] = state.reason
    if cell.addon:
        plain["addon"] = cell.addon
    plain["mechanisms"] = [
        plain_mechanism(mechanism) for mechanism in cell.mechanisms
    ]
    plain["since"] = (
        {"version": cell.since.version, "maturity": cell.since.maturity} if cell.since else None
    )
    plain["removed_in"] = cell.removed_in
    plain["requires"] = [pick(text) for text in cell.requires]
    plain["caveats"] = [pick(text) for text in cell.caveats]
    plain["evidence"] = list(cell.evidence)
    plain["assessed"] = cell.assessed or result.catalog.plugin(plugin_id).assessed.version
    plain["overridden"] = (plugin_id, capability_id) in result.catalog.overridden
    return plain


def plain_verdict(verdict: Verdict, names: dict[str, str]) -> dict[str, Any]:
    """Return one verdict of a candidate."""
    return {
        "capability": verdict.capability,
        "level": verdict.level,
        "met": verdict.met,
        "required": verdict.required,
        "provider": verdict.provider,
        "maturity": verdict.maturity,
        "reason": verdict.reason,
        "explanation": verdict_reason(verdict, names),
        "addon": verdict.addon,
        "mechanisms": [plain_mechanism(mechanism) for mechanism in verdict.mechanisms],
        "caveats": [pick(caveat) for caveat in verdict.caveats],
    }


def plain_candidate(candidate: Candidate, names: dict[str, str]) -> dict[str, Any]:
    """Return one ranked candidate."""
    return {
        "rank": candidate.rank,
        "plugin": candidate.plugin,
        "addons": list(candidate.addons),
        "score": candidate.score,
        "qualified": candidate.qualified,
        "verdicts": [plain_verdict(verdict, names) for verdict in candidate.verdicts],
        "disqualified_by": list(candidate.disqualified_by),
    }


def plugin_names(result: CatalogResult) -> dict[str, str]:
    """Map plugin ids to display names."""
    return {plugin.id: plugin.name for plugin in result.catalog.plugins}


def plain_recommend(result: RecommendResult) -> dict[str, Any]:
    """Return the recommend contract: the query and the ranked candidates."""
    query = result.recommendation.query
    names = plugin_names(result)
    return {
        "query": {
            "needs": list(query.needs),
            "wants": [{"capability": want.capability, "weight": want.weight}
                      for want in query.wants],
            "exclude": sorted(query.exclude),
            "allow_enterprise": query.allow_enterprise,
            "allow_addons": query.allow_addons,
            "versions": dict(sorted(query.versions.items())),
        },
        "candidates": [
            plain_candidate(candidate, names) for candidate in result.recommendation.candidates
        ],
        "install": [hint.to_plain() for hint in result.install],
    }


def plain_capability(result: CatalogResult, capability_id: str) -> dict[str, Any]:
    """Return a capability's id, category, aliases, title and description."""
    capability = result.catalog.capability(capability_id)
    return {
        "id": capability.id,
        "category": capability.category,
        "aliases": list(capability.aliases),
        "title": pick(capability.title),
        "description": pick(capability.description),
    }


def plain_matrix(result: MatrixResult) -> dict[str, Any]:
    """Return the matrix contract: plugins, capabilities and every cell."""
    return {
        "plugins": [plain_plugin(result, result.catalog.plugin(p)) for p in result.plugins],
        "capabilities": [plain_capability(result, c) for c in result.capabilities],
        "cells": [
            plain_cell(result, plugin_id, capability_id)
            for plugin_id in result.plugins
            for capability_id in result.capabilities
        ],
    }


def plain_capabilities(result: CapabilitiesResult) -> dict[str, Any]:
    """Return every capability."""
    return {
        "capabilities": [
            plain_capability(result, capability.id) for capability in result.catalog.capabilities
        ]
    }


def plain_plugin_profile(result: PluginResult) -> dict[str, Any]:
    """Return one plugin with all its cells."""
    plugin = result.catalog.plugin(result.plugin)
    return {
        "plugin": plain_plugin(result, plugin),
        "install": result.install.to_plain() if result.install else None,
        "cells": [
            plain_cell(result, plugin.id, capability.id)
            for capability in result.catalog.capabilities
        ],
    }


def plain_explain(result: ExplainResult) -> dict[str, Any]:
    """Return a capability and each plugin's cell with its snippet."""
    cells = []
    hints = {hint.plugin: hint for hint in result.install}
    for plugin_id in result.plugins:
        cell = plain_cell(result, plugin_id, result.capability)
        cell["snippet"] = result.cell(plugin_id, result.capability).snippet
        hint = hints.get(plugin_id)
        cell["install"] = hint.to_plain() if hint else None
        cells.append(cell)
    return {"capability": plain_capability(result, result.capability), "plugins": cells}


def to_plain(result: Any) -> Any:
    """Return any result as plain data, dispatching on its type."""
    converters = {
        RecommendResult: plain_recommend,
        MatrixResult: plain_matrix,
        CapabilitiesResult: plain_capabilities,
        PluginResult: plain_plugin_profile,
        ExplainResult: plain_explain,
    }
    for result_type, convert in converters.items():
        if isinstance(result, result_type):
            return convert(result)
    to_dict = getattr(result, "to_plain", None)
    if to_dict is None:
        raise TypeError(f"no plain form for {type(result).__name__}")
    return to_dict()
