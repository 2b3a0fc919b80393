"""Install hints: how to install a plugin and which settings switch capabilities on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .data.catalog import Catalog


@dataclass(frozen=True)
class InstallHint:
    """How to install one plugin, with the settings for the capabilities asked for."""

    plugin: str
    name: str
    helm_repo: str | None
    helm_chart: str | None
    manifest: str | None
    kubekey: str | None
    settings: tuple[tuple[str, tuple[str, ...]], ...]
    """(capability id, Helm values, flags or provider settings) for each asked capability
    that needs a setting; capabilities on by default are left out."""
    evidence: tuple[str, ...] = ()

    def to_plain(self) -> dict[str, Any]:
        """Return the hint as plain data for JSON and YAML."""
        return {
            "plugin": self.plugin,
            "helm": {"repo": self.helm_repo, "chart": self.helm_chart} if self.helm_chart
            else None,
            "manifest": self.manifest,
            "kubekey": self.kubekey,
            "settings": {capability: list(values) for capability, values in self.settings},
            "evidence": list(self.evidence),
        }


def install_hint(catalog: Catalog, plugin_id: str,
                 capabilities: Sequence[str] | None = None) -> InstallHint:
    """Return the install hint of a plugin; settings for ``capabilities`` (None: all)."""
    plugin = catalog.plugin(plugin_id)
    hint = plugin.install
    if hint is None:
        return InstallHint(plugin.id, plugin.name, None, None, None, None, ())
    wanted = hint.capabilities if capabilities is None else capabilities
    settings = tuple(
        (capability, hint.capabilities[capability])
        for capability in wanted if capability in hint.capabilities
    )
    return InstallHint(
        plugin=plugin.id,
        name=plugin.name,
        helm_repo=hint.helm.repo if hint.helm else None,
        helm_chart=hint.helm.chart if hint.helm else None,
        manifest=hint.manifest,
        kubekey=hint.kubekey,
        settings=settings,
        evidence=hint.evidence,
    )


def helm_commands(hint: InstallHint) -> list[str]:
    """Return ``helm repo add`` and ``helm install`` lines for a hint with a chart."""
    if not hint.helm_chart or not hint.helm_repo:
        return []
    chart = hint.helm_chart
    if chart.startswith("./") or not hint.helm_repo.startswith("https://") \
            or "/tree/" in hint.helm_repo:
        return [f"helm install {hint.plugin} {chart}   # chart in {hint.helm_repo}"]
    repo_name = chart.split("/", 1)[0]
    values = [value for _, settings in hint.settings for value in settings
              if "=" in value and " " not in value and not value.startswith("-")]
    command = f"helm install {hint.plugin} {chart}"
    command += "".join(f" --set {value}" for value in values)
    return [f"helm repo add {repo_name} {hint.helm_repo}", command]
