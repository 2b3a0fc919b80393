"""The requirements file: what a cluster's CNI must deliver, and where its manifests live.

```yaml
apiVersion: cniselect/v1
kind: Requirements
cni: cilium
version: "1.16"
addons: [submariner]
needs: [fixed-ip, egress-gateway]
wants: [{id: bandwidth, weight: 2}]
allow_enterprise: false
manifests: [deploy/, "k8s/**/*.yaml"]
ignore: [{rule: CNI010, path: "legacy/**"}]
```

The model rejects unknown keys; ``resolve_requirements`` then checks every id against the
catalog and reports each problem at its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from .data.catalog import Catalog
from .errors import InputError, Problem
from .i18n import _


class WantEntry(BaseModel):
    """A nice-to-have capability with its weight in the report."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Capability id or alias.")
    weight: float = Field(1.0, gt=0, description="Weight of this capability (default 1).")


class IgnoreEntry(BaseModel):
    """Silence a rule, everywhere or under a gitignore-style path."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="Rule id, for example CNI010.")
    path: str | None = Field(None, description="Gitignore-style pattern; all paths if absent.")
    reason: str | None = Field(None, description="Why the finding is accepted.")


class RequirementsFile(BaseModel):
    """The shape of a requirements file (``apiVersion: cniselect/v1``)."""

    model_config = ConfigDict(extra="forbid", title="cniselect requirements file")

    apiVersion: Literal["cniselect/v1"]  # noqa: N815 (the key is the file's)
    kind: Literal["Requirements"]
    cni: str = Field(description="The CNI plugin the cluster runs or will run.")
    version: str | None = Field(None, description="Judge the CNI's features at this version.")
    addons: list[str] = Field(default_factory=list, description="Add-ons installed beside it.")
    needs: list[str] = Field(default_factory=list, description="Must-have capability ids.")
    wants: list[str | WantEntry] = Field(
        default_factory=list, description="Nice-to-have capabilities (id or {id, weight}).")
    allow_enterprise: StrictBool = Field(
        False, description="Count features of paid editions as delivered.")
    manifests: list[str] = Field(
        default_factory=list,
        description="Manifest files, directories or globs, relative to this file.")
    ignore: list[IgnoreEntry] = Field(default_factory=list, description="Silenced findings.")
    data: list[str] = Field(
        default_factory=list,
        description="User data files layered over the bundled catalog, relative to this file.")


@dataclass(frozen=True)
class Requirements:
    """Requirements with ids resolved against the catalog and paths made absolute."""

    cni: str
    version: str | None = None
    addons: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    wants: tuple[tuple[str, float], ...] = ()
    allow_enterprise: bool = False
    manifests: tuple[str, ...] = ()
    ignore: tuple[IgnoreEntry, ...] = ()
    source: str | None = None
    """The requirements file, or None when everything came from flags."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each entry in the requirements file: capability ids, and ``ignore:N`` for
    the N-th ignore entry."""


def requirements_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the requirements file."""
    return RequirementsFile.model_json_schema()


def read_requirements_file(path: Path) -> tuple[RequirementsFile, Any]:
    """Parse and validate the shape of a requirements file; return it with its document."""
    from .data.loader import read_yaml_file
    from .data.validate import readable_path

    document = read_yaml_file(path)
    if not isinstance(document.data, dict):
        raise InputError.single(
            _("a requirements file is a YAML mapping"), path=str(path), line=1,
            fix=_("start from `cniselect schema requirements` or docs/requirements.md."),
        )
    try:
        model = RequirementsFile.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = [step for step in item["loc"] if step not in _UNION_TAGS]
            problems.append(_requirements_problem(path, document, location, item,
                                                  readable_path(document.data, location)))
        raise InputError(sorted(problems, key=lambda problem: problem.line or 0)) from None
    return model, document


def _known_keys(location: list) -> list[str]:
    """Return the keys allowed in the mapping that contains ``location``."""
    if len(location) >= 3 and location[0] == "wants":
        return list(WantEntry.model_fields)
    if len(location) >= 3 and location[0] == "ignore":
        return list(IgnoreEntry.model_fields)
    return list(RequirementsFile.model_fields)


# Pydantic names the member of a union it tried inside error locations; they are not keys.
_UNION_TAGS = {"str", "WantEntry"}


def _requirements_problem(path: Path, document: Any, location: list, item: dict,
                          where: str) -> Problem:
    kind = item["type"]
    if kind == "extra_forbidden":
        from .errors import suggest

        key = str(location[-1])
        message = _("{where}: unknown key").format(where=where)
        close = suggest(key, _known_keys(location))
        if close:
            fix = _("did you mean {keys}? The keys are listed by `cniselect schema "
                    "requirements`.").format(keys=", ".join(close))
        else:
            fix = _("remove it or correct its spelling; the keys are listed by "
                    "`cniselect schema requirements`.")
        value = None
    elif location == ["version"] and kind == "string_type":
        message = _("{where}: the version must be a quoted string").format(where=where)
        fix = _("write it in quotes, for example version: \"1.20\" (YAML reads 1.20 as the "
                "number 1.2).")
        value = repr(item.get("input"))
    elif kind == "missing":
        message = _("{where}: missing required key").format(where=where)
        fix = _("add it; see docs/requirements.md for an example.")
        value = None
    elif kind == "literal_error":
        message = _("{where}: invalid value; expected {expected}").format(
            where=where, expected=item.get("ctx", {}).get("expected", ""))
        fix = _("use apiVersion: cniselect/v1 and kind: Requirements.")
        value = repr(item.get("input"))
    else:
        expected = {
            "bool_type": _("expected true or false"),
            "string_type": _("expected a string"),
            "list_type": _("expected a list"),
            "dict_type": _("expected a mapping"),
            "model_type": _("expected a mapping"),
            "float_type": _("expected a number"),
            "float_parsing": _("expected a number"),
            "greater_than": _("expected a number above 0"),
        }.get(kind, item["msg"])
        message = f"{where}: {expected}"
        fix = _("see `cniselect schema requirements` for the expected types.")
        value = repr(item.get("input"))
    return Problem(message, path=str(path), line=document.line_of(location), value=value, fix=fix)


def resolve_requirements(catalog: Catalog, model: RequirementsFile, document: Any,
                         path: Path | None, overridden: frozenset[str] = frozenset()
                         ) -> Requirements:
    """Check the ids against the catalog; raise InputError naming file and line.

    ``overridden`` names the keys whose values came from command-line flags: their
    problems are reported without a file line.
    """
    problems: list[Problem] = []
    source = str(path) if path else None

    def locate(*steps: Any) -> int | None:
        if document is None or steps[0] in overridden:
            return None
        return document.line_of(list(steps))

    def check(action, *steps: Any):
        try:
            return action()
        except InputError as error:
            for problem in error.problems:
                problems.append(Problem(problem.message, path=source if locate(*steps) else None,
                                    line=locate(*steps),
                                        value=problem.value, fix=problem.fix))
            return None

    cni = check(lambda: catalog.plugin(model.cni), "cni")
    if cni is not None and cni.kind != "cni":
        problems.append(Problem(
            _("'{id}' is an add-on, not a CNI").format(id=cni.id), path=source,
            line=locate("cni"), fix=_("set cni: to the cluster's CNI and list {id} under "
                                      "addons.").format(id=cni.id)))
        cni = None

    addons = []
    for index, name in enumerate(model.addons):
        addon = check(lambda name=name: catalog.plugin(name), "addons", index)
        if addon is None:
            continue
        if addon.kind != "addon":
            problems.append(Problem(
                _("'{id}' is a CNI, not an add-on").format(id=addon.id), path=source,
                line=locate("addons", index), fix=_("list add-ons only under addons.")))
        elif cni is not None and not catalog.works_with(addon.id, cni.id):
            supported = ", ".join(entry.plugin for entry in addon.works_with)
            problems.append(Problem(
                _("add-on '{addon}' does not support the CNI '{cni}'").format(
                    addon=addon.id, cni=cni.id),
                path=source, line=locate("addons", index),
                fix=_("{addon} works with: {supported}. Remove it or choose another "
                      "add-on.").format(addon=addon.id, supported=supported)))
        else:
            addons.append(addon.id)

    lines: dict[str, int] = {}
    needs = []
    for index, name in enumerate(model.needs):
        capability = check(lambda name=name: catalog.resolve_capability(name), "needs", index)
        if capability and capability not in needs:
            needs.append(capability)
            lines[capability] = locate("needs", index) or 1
    wants = []
    for index, entry in enumerate(model.wants):
        name, weight = (entry, 1.0) if isinstance(entry, str) else (entry.id, entry.weight)
        steps = ("wants", index) if isinstance(entry, str) else ("wants", index, "id")
        capability = check(lambda name=name: catalog.resolve_capability(name), *steps)
        if capability and capability not in needs:
            wants.append((capability, weight))
            lines.setdefault(capability, locate(*steps) or 1)

    for index, _entry in enumerate(model.ignore):
        lines[f"ignore:{index}"] = locate("ignore", index) or 1

    if model.version is not None:
        from .versions import is_version

        if not is_version(model.version):
            problems.append(Problem(
                _("version is not a version number"), path=source, line=locate("version"),
                value=model.version, fix=_("write the CNI release, e.g. version: \"1.16\".")))
    if problems:
        raise InputError(problems)

    # Paths in the file are relative to the file's folder; keep them relative to the
    # working directory so that reports show short, machine-independent paths.
    base = os.path.dirname(str(path)) if path else ""
    manifests = tuple(
        entry if entry == "-" or os.path.isabs(entry)
        else os.path.normpath(os.path.join(base, entry))
        for entry in model.manifests
    )
    return Requirements(
        cni=cni.id if cni else model.cni,
        version=model.version.lstrip("v") if model.version else None,
        addons=tuple(addons),
        needs=tuple(needs),
        wants=tuple(wants),
        allow_enterprise=model.allow_enterprise,
        manifests=manifests,
        ignore=tuple(model.ignore),
        source=source,
        lines=lines,
    )
