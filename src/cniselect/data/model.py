"""Types of the capability catalog, shared by the loader, the engine and the renderers.

They are plain frozen dataclasses so that a run can build them from the precompiled
catalog without importing pydantic. The loader validates YAML into the same classes with
pydantic (``TypeAdapter``); ``__pydantic_config__`` makes it reject unknown keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["en", "zh-CN"]
Level = Literal["full", "partial", "addon", "enterprise", "none", "unknown"]
Maturity = Literal["alpha", "beta", "ga"]
Category = Literal[
    "ipam", "policy", "traffic", "multicluster", "dataplane", "platform", "observability"
]
PluginKind = Literal["cni", "addon"]
MechanismType = Literal[
    "annotation", "label", "crd", "field", "helm", "flag", "config", "provider-setting", "cli"
]

# Human-readable text keyed by language; "en" is required, "zh-CN" is checked by tests.
Text = dict[Lang, str]

LEVELS: tuple[Level, ...] = ("full", "partial", "addon", "enterprise", "none", "unknown")
CATEGORIES: tuple[Category, ...] = (
    "ipam", "policy", "traffic", "multicluster", "dataplane", "platform", "observability"
)

_FORBID = {"extra": "forbid"}


@dataclass(frozen=True)
class Capability:
    """A networking feature that workloads rely on, named by a stable kebab-case id."""

    __pydantic_config__ = _FORBID

    id: str
    category: Category
    title: Text
    description: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mechanism:
    """One way a plugin switches a capability on: an annotation, a CRD, a Helm value…"""

    __pydantic_config__ = _FORBID

    type: MechanismType
    key: str | None = None
    """Annotation or label key, Helm value path, flag, config key or provider setting."""
    api: str | None = None
    """CRD ``apiVersion`` (group/version), with ``type: crd``."""
    kind: str | None = None
    """CRD kind, with ``type: crd``."""
    objects: tuple[str, ...] = ()
    """Object kinds an annotation or label is read from (Pod, Namespace, Service…)."""
    since: str | None = None
    removed_in: str | None = None


@dataclass(frozen=True)
class Since:
    """The first plugin release that had a capability, and how mature it was then."""

    __pydantic_config__ = _FORBID

    version: str
    maturity: Maturity | None = None


@dataclass(frozen=True)
class Change:
    """A level that applies from ``version`` until the next change in a cell's history."""

    __pydantic_config__ = _FORBID

    version: str
    level: Level
    maturity: Maturity | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Cell:
    """One plugin's support for one capability, with the sources it was checked against."""

    __pydantic_config__ = _FORBID

    level: Level
    evidence: tuple[str, ...]
    addon: str | None = None
    """With level ``addon``: the id of the add-on that supplies the capability."""
    mechanisms: tuple[Mechanism, ...] = ()
    since: Since | None = None
    removed_in: str | None = None
    """First release without the capability."""
    history: tuple[Change, ...] = ()
    """Level changes in release order; the first entry starts at ``since`` when both exist."""
    requires: tuple[Text, ...] = ()
    caveats: tuple[Text, ...] = ()
    snippet: str | None = None
    assessed: str | None = None
    """Plugin version this cell was checked against, when it differs from the plugin's."""


@dataclass(frozen=True)
class Compatibility:
    """A CNI an add-on works with, and what to know about the pairing."""

    __pydantic_config__ = _FORBID

    plugin: str
    evidence: tuple[str, ...]
    caveats: tuple[Text, ...] = ()


@dataclass(frozen=True)
class HelmChart:
    """A Helm chart: the repository URL and the chart reference (``repo-name/chart``)."""

    __pydantic_config__ = _FORBID

    repo: str
    chart: str


@dataclass(frozen=True)
class InstallHint:
    """How to install a plugin, and the settings that switch given capabilities on."""

    __pydantic_config__ = _FORBID

    evidence: tuple[str, ...]
    helm: HelmChart | None = None
    manifest: str | None = None
    kubekey: str | None = None
    """KubeKey ``network.plugin`` value, or None when KubeKey does not install it."""
    capabilities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Capability id → Helm values, flags or provider settings that switch it on."""
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The plugin release the catalog was checked against, and when."""

    __pydantic_config__ = _FORBID

    version: str
    date: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plugin:
    """A CNI plugin or an add-on, with one cell for every capability of the catalog."""

    __pydantic_config__ = _FORBID

    id: str
    name: str
    kind: PluginKind
    homepage: str
    license: str
    assessed: Assessment
    support: dict[str, Cell]
    summary: Text | None = None
    works_with: tuple[Compatibility, ...] = ()
    """For add-ons: the CNIs it works with."""
    install: InstallHint | None = None


@dataclass(frozen=True)
class CatalogData:
    """The whole data file: every capability and every plugin with its cells."""

    __pydantic_config__ = _FORBID

    apiVersion: Literal["cniselect/v1"]  # noqa: N815 (the key is the file's)
    kind: Literal["Catalog"]
    capabilities: tuple[Capability, ...]
    plugins: tuple[Plugin, ...]
