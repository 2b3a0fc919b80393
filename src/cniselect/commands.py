"""The work behind each read-only command: options in, a result object out.

The CLI parses flags into these option objects and calls one function; tests can call the
same functions without a terminal. Every problem with the options is an ``InputError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data.catalog import Catalog
from .data.loader import load_catalog
from .engine import Query, Want, recommend
from .errors import InputError, Problem
from .i18n import _
from .results import (
    CapabilitiesResult,
    ExplainResult,
    MatrixResult,
    PluginResult,
    RecommendResult,
)
from .versions import is_version


@dataclass(frozen=True)
class CatalogOptions:
    """Options shared by every command that reads the catalog."""

    data_files: tuple[Path, ...] = ()
    plugin_versions: tuple[str, ...] = ()
    """Raw ``PLUGIN=X.Y`` values of --plugin-version."""


@dataclass(frozen=True)
class RecommendOptions(CatalogOptions):
    """Options of ``recommend``."""

    needs: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    """Raw ``ID[:WEIGHT]`` values of --want."""
    exclude: tuple[str, ...] = ()
    allow_enterprise: bool = False
    allow_addons: bool = True


@dataclass(frozen=True)
class MatrixOptions(CatalogOptions):
    """Options of ``matrix``."""

    plugins: tuple[str, ...] = ()
    needs: tuple[str, ...] = field(default=())


def open_catalog(options: CatalogOptions) -> tuple[Catalog, dict[str, str]]:
    """Load the catalog with the user's data files and parse --plugin-version values."""
    catalog = load_catalog(options.data_files)
    return catalog, parse_plugin_versions(catalog, options.plugin_versions)


def parse_plugin_versions(catalog: Catalog, values: Sequence[str]) -> dict[str, str]:
    """Parse ``PLUGIN=X.Y`` values into a plugin → version map."""
    versions: dict[str, str] = {}
    problems: list[Problem] = []
    for value in values:
        plugin_id, sep, version = value.partition("=")
        if not sep or not is_version(version):
            problems.append(Problem(
                _("--plugin-version expects PLUGIN=VERSION"), value=value,
                fix=_("write it as, for example, --plugin-version cilium=1.19."),
            ))
            continue
        try:
            plugin = catalog.plugin(plugin_id)
        except InputError as error:
            problems.extend(error.problems)
            continue
        versions[plugin.id] = version.strip().lstrip("v")
    if problems:
        raise InputError(problems)
    return versions


def parse_wants(catalog: Catalog, values: Sequence[str]) -> tuple[Want, ...]:
    """Parse ``ID[:WEIGHT]`` values into weighted wants (weight 1 when omitted)."""
    wants: dict[str, Want] = {}
    problems: list[Problem] = []
    for value in values:
        name, sep, weight_text = value.partition(":")
        weight = 1.0
        if sep:
            try:
                weight = float(weight_text)
            except ValueError:
                weight = -1.0
            if not weight > 0:
                problems.append(Problem(
                    _("--want weight must be a positive number"), value=value,
                    fix=_("write it as ID:WEIGHT, for example --want bandwidth:2."),
                ))
                continue
        try:
            capability = catalog.resolve_capability(name)
        except InputError as error:
            problems.extend(error.problems)
            continue
        wants[capability] = Want(capability, weight)
    if problems:
        raise InputError(problems)
    return tuple(wants.values())


def resolve_plugins(catalog: Catalog, values: Sequence[str]) -> tuple[str, ...]:
    """Resolve plugin ids, keeping the order given and dropping repeats."""
    resolved: dict[str, None] = {}
    problems: list[Problem] = []
    for value in values:
        try:
            resolved[catalog.plugin(value).id] = None
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return tuple(resolved)


def run_recommend(options: RecommendOptions) -> RecommendResult:
    """Rank the CNIs and stacks for the asked needs and wants."""
    catalog, versions = open_catalog(options)
    needs = catalog.resolve_capabilities(options.needs)
    if not needs and not options.wants:
        raise InputError.single(
            _("recommend needs at least one --need or --want"),
            fix=_("for example: cniselect recommend --need fixed-ip --need egress-gateway."),
        )
    query = Query(
        needs=needs,
        wants=parse_wants(catalog, options.wants),
        exclude=frozenset(resolve_plugins(catalog, options.exclude)),
        allow_enterprise=options.allow_enterprise,
        allow_addons=options.allow_addons,
        versions=versions,
    )
    recommendation = recommend(catalog, query)
    install: tuple = ()
    if recommendation.candidates and recommendation.candidates[0].qualified:
        from .install import install_hint

        top = recommendation.candidates[0]
        asked = (*query.needs, *(want.capability for want in query.wants))
        install = tuple(install_hint(catalog, plugin_id, asked)
                        for plugin_id in (top.plugin, *top.addons))
    return RecommendResult(catalog, recommendation=recommendation, install=install,
                           versions=versions)


def run_matrix(options: MatrixOptions) -> MatrixResult:
    """Build the plugins × capabilities table, filtered by plugins and capabilities."""
    catalog, versions = open_catalog(options)
    plugins = resolve_plugins(catalog, options.plugins) or tuple(p.id for p in catalog.plugins)
    capabilities = catalog.resolve_capabilities(options.needs) or tuple(
        capability.id for capability in catalog.capabilities
    )
    return MatrixResult(catalog, plugins=plugins, capabilities=capabilities, versions=versions)


def run_capabilities(options: CatalogOptions) -> CapabilitiesResult:
    """List every capability."""
    catalog, versions = open_catalog(options)
    return CapabilitiesResult(catalog, versions=versions)


def run_show(options: CatalogOptions, plugin: str) -> PluginResult:
    """Build one plugin's profile, with its install hint."""
    from .install import install_hint

    catalog, versions = open_catalog(options)
    plugin_id = catalog.plugin(plugin).id
    return PluginResult(catalog, plugin=plugin_id, install=install_hint(catalog, plugin_id),
                        versions=versions)


def run_diff(options: CatalogOptions, left: str, right: str) -> Any:
    """Compare two plugins, or one plugin at two versions (``cilium@1.16 cilium@1.20``)."""
    from .diff import diff, parse_side

    catalog, _versions = open_catalog(options)
    return diff(catalog, parse_side(catalog, left), parse_side(catalog, right))


def run_explain(options: CatalogOptions, capability: str, plugins: Sequence[str]) -> ExplainResult:
    """Explain one capability for the chosen plugins (all when none is given)."""
    from .install import install_hint

    catalog, versions = open_catalog(options)
    chosen = resolve_plugins(catalog, plugins) or tuple(p.id for p in catalog.plugins)
    capability_id = catalog.resolve_capability(capability)
    return ExplainResult(
        catalog,
        capability=capability_id,
        plugins=chosen,
        install=tuple(install_hint(catalog, plugin_id, (capability_id,)) for plugin_id in chosen),
        versions=versions,
    )


DEFAULT_REQUIREMENTS = "cniselect.yaml"
"""Requirements file that ``check`` reads when neither a file nor --cni is given."""


@dataclass(frozen=True)
class CheckOptions(CatalogOptions):
    """Options of ``check``; flags override the requirements file."""

    requirements_file: Path | None = None
    cni: str | None = None
    addons: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    allow_enterprise: bool = False
    manifests: tuple[str, ...] = ()
    fail_on: str = "error"
    inline_ignores: bool = True
    strict: bool = False


def run_check(options: CheckOptions, stdin: Any = None) -> Any:
    """Judge the requirements (file and flags) and the manifests; return a CheckReport."""
    from .gate import evaluate
    from .requirements import RequirementsFile, read_requirements_file, resolve_requirements
    from .scan.report import scan_paths

    model, document, path = None, None, options.requirements_file
    if path is None and not options.cni and Path(DEFAULT_REQUIREMENTS).is_file():
        path = Path(DEFAULT_REQUIREMENTS)
    data_files = list(options.data_files)
    if path is not None:
        model, document = read_requirements_file(path)
        data_files = [_relative_to(path, entry) for entry in model.data] + data_files
    catalog = load_catalog(tuple(Path(entry) for entry in data_files))
    versions = parse_plugin_versions(catalog, options.plugin_versions)

    if model is None:
        if not options.cni:
            raise InputError.single(
                _("no CNI given"),
                fix=_("pass --cni PLUGIN, or give a requirements file with cni: set "
                      "(cniselect.yaml in the current folder is read by default)."))
        model = RequirementsFile(apiVersion="cniselect/v1", kind="Requirements", cni=options.cni)
    overrides: dict[str, Any] = {}
    if options.cni:
        overrides["cni"] = options.cni
    if options.addons:
        overrides["addons"] = list(options.addons)
    if options.needs:
        overrides["needs"] = list(options.needs)
    if options.wants:
        overrides["wants"] = [_want_entry(value) for value in options.wants]
    if options.allow_enterprise:
        overrides["allow_enterprise"] = True
    if options.manifests:
        overrides["manifests"] = []
    model = model.model_copy(update=overrides)

    requirements = resolve_requirements(catalog, model, document, path,
                                        overridden=frozenset(overrides))
    version = versions.get(requirements.cni)
    if version:
        from dataclasses import replace

        requirements = replace(requirements, version=version)
    manifests = list(requirements.manifests) + list(options.manifests)
    if not (requirements.needs or requirements.wants or manifests):
        raise InputError.single(
            _("nothing to check: no needs, wants or manifests"),
            path=str(path) if path else None,
            fix=_("list needs: or manifests: in the requirements file, or pass --need or "
                  "--manifests."))
    scan = scan_paths(manifests, stdin=stdin) if manifests else None
    return evaluate(catalog, requirements, scan, fail_on=options.fail_on,  # type: ignore[arg-type]
                    inline_ignores=options.inline_ignores, strict=options.strict)


def run_scan(paths: Sequence[str], stdin: Any = None, include: Sequence[str] = (),
             exclude: Sequence[str] = ()) -> Any:
    """Scan manifests and return what they rely on."""
    from .scan.report import scan_paths

    if not paths:
        raise InputError.single(_("no path to scan"),
                                fix=_("name files or directories, or - for stdin."))
    return scan_paths(paths, stdin=stdin, include=include, exclude=exclude)


def _relative_to(path: Path, entry: str) -> str:
    """Resolve a path written in a requirements file against that file's folder."""
    import os

    if os.path.isabs(entry):
        return entry
    return os.path.normpath(os.path.join(os.path.dirname(str(path)), entry))


def _want_entry(value: str) -> Any:
    from .requirements import WantEntry

    name, sep, weight = value.partition(":")
    if not sep:
        return name
    try:
        return WantEntry(id=name, weight=float(weight))
    except (ValueError, TypeError):
        raise InputError.single(
            _("--want weight must be a positive number"), value=value,
            fix=_("write it as ID:WEIGHT, for example --want bandwidth:2.")) from None
