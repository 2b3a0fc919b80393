"""The CI gate: judge a cluster's requirements and manifests against its CNI.

``evaluate`` turns resolved requirements and a scan into a ``CheckReport``: a verdict per
asked capability and located findings, with suppressions applied. It does no I/O.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .data.catalog import Catalog
from .data.model import Mechanism
from .engine import Query, Verdict, active_mechanisms, judge, supplying_addons
from .i18n import _
from .render.labels import caveat_texts, join_list, mechanism_text, verdict_reason
from .requirements import Requirements
from .scan.detect import Misuse
from .scan.interface import SEVERITIES, Detection, Finding, ObjectRef, Severity, Skip
from .scan.report import ScanResult
from .scan.rules import RuleTable, load_rules
from .versions import mechanism_active


@dataclass(frozen=True)
class RequirementResult:
    """The verdict for one need or want of the requirements."""

    verdict: Verdict
    weight: float | None = None
    """Weight of a want; None for a need."""


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``check``: verdicts, findings, suppressions and skipped files."""

    cni: str
    cni_name: str
    version: str | None
    addons: tuple[str, ...]
    requirements: tuple[RequirementResult, ...]
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    skipped: tuple[Skip, ...]
    fail_on: Severity
    source: str | None
    strict: bool = False
    """With --strict, a skipped manifest file fails the check (exit code 2)."""
    objects: int = 0
    files: int = 0
    scanned: bool = False
    names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Plugin id → display name, for wording verdicts."""
    rules: RuleTable = field(default_factory=load_rules, repr=False, compare=False)

    @property
    def failing(self) -> tuple[Finding, ...]:
        """Findings at or above the --fail-on severity."""
        threshold = SEVERITIES.index(self.fail_on)
        return tuple(f for f in self.findings if SEVERITIES.index(f.severity) <= threshold)

    @property
    def passed(self) -> bool:
        """True when every must-have is met and no finding reaches --fail-on."""
        needs_met = all(r.verdict.met for r in self.requirements if r.verdict.required)
        return needs_met and not self.failing and not (self.strict and self.skipped)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity."""
        return {severity: sum(1 for f in self.findings if f.severity == severity)
                for severity in SEVERITIES}

    def to_plain(self) -> dict[str, Any]:
        """Return the check contract (see docs/output.md)."""
        return {
            "passed": self.passed,
            "cni": self.cni,
            "version": self.version,
            "addons": list(self.addons),
            "fail_on": self.fail_on,
            "requirements": [
                {
                    "capability": r.verdict.capability,
                    "required": r.verdict.required,
                    "weight": r.weight,
                    "level": r.verdict.level,
                    "met": r.verdict.met,
                    "provider": r.verdict.provider,
                    "reason": r.verdict.reason,
                    "caveats": caveat_texts(r.verdict),
                }
                for r in self.requirements
            ],
            "findings": [plain_finding(f) for f in self.findings],
            "suppressed": len(self.suppressed),
            "summary": {**self.counts(), "objects": self.objects, "files": self.files},
            "skipped": [{"path": s.path, "reason": s.reason, "message": s.message,
                         "line": s.line} for s in self.skipped],
        }


def plain_finding(finding: Finding) -> dict[str, Any]:
    """Return one finding as plain data."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "capability": finding.capability,
        "path": finding.path or None,
        "line": finding.line if finding.path else None,
        "object": _object_text(finding.object) if finding.object else None,
        "message": finding.message,
        "fix": finding.fix,
    }


def _object_text(ref: ObjectRef) -> str:
    name = f"{ref.namespace}/{ref.name}" if ref.namespace else ref.name
    return f"{ref.kind}/{name}" if name else ref.kind


class _Gate:
    """Builds findings for one cluster: its CNI, version, add-ons and catalog."""

    def __init__(self, catalog: Catalog, requirements: Requirements, rules: RuleTable) -> None:
        self.catalog = catalog
        self.requirements = requirements
        self.rules = rules
        self.cni = requirements.cni
        self.stack = (requirements.cni, *requirements.addons)
        self.versions = {requirements.cni: requirements.version} if requirements.version else {}
        self.names = {plugin.id: plugin.name for plugin in catalog.plugins}

    def finding(self, rule_id: str, *, path: str, line: int, capability: str | None = None,
                obj: ObjectRef | None = None, **values: Any) -> Finding:
        rule = self.rules.rule(rule_id)
        values.setdefault("capability", capability)
        return Finding(
            rule=rule_id,
            severity=rule.severity,
            message=rule.render("message", **values),
            fix=rule.render("fix", **values),
            path=path,
            line=line,
            capability=capability,
            object=obj,
        )

    def judge(self, capability: str, required: bool = True) -> Verdict:
        return judge(self.catalog, self.cni, self.requirements.addons, capability,
                     required=required, allow_enterprise=self.requirements.allow_enterprise,
                     versions=self.versions)

    def cni_label(self) -> str:
        label = self.names[self.cni]
        if self.requirements.version:
            label += f" {self.requirements.version}"
        return label

    # Requirements

    def requirement_findings(self, results: Sequence[RequirementResult]) -> Iterable[Finding]:
        path = self.requirements.source or ""
        for result in results:
            verdict = result.verdict
            line = self.requirements.lines.get(verdict.capability, 1)
            if not verdict.met:
                rule = "CNI001" if verdict.required else "CNI003"
                yield self.finding(rule, path=path, line=line, capability=verdict.capability,
                                   cni=self.cni_label(),
                                   reason=verdict_reason(verdict, self.names),
                                   fix=self.unmet_fix(verdict))
            elif verdict.required and verdict.level == "partial":
                caveats = caveat_texts(verdict)
                yield self.finding("CNI002", path=path, line=line,
                                   capability=verdict.capability,
                                   provider=self.names[verdict.provider],
                                   caveat=caveats[0] if caveats else _("see the catalog"))

    def combined_reason(self, verdicts: Sequence[Verdict]) -> str:
        """Word the reasons of several unmet verdicts, once when they are the same."""
        reasons = [verdict_reason(v, self.names) for v in verdicts]
        if len(set(reasons)) == 1:
            return reasons[0]
        return "; ".join(f"{v.capability}: {r}" for v, r in zip(verdicts, reasons))

    def combined_fix(self, verdicts: Sequence[Verdict]) -> str:
        """Say how to get several unmet capabilities, one sentence per distinct remedy."""
        by_addon: dict[str, list[str]] = {}
        others: list[str] = []
        for verdict in verdicts:
            if verdict.reason == "addon-missing" and verdict.addon:
                by_addon.setdefault(verdict.addon, []).append(verdict.capability)
            else:
                others.append(self.unmet_fix(verdict))
        fixes = [
            _("Add {addon} to addons: it supplies {capability} for {cni}.").format(
                addon=addon, capability=", ".join(capabilities), cni=self.names[self.cni])
            for addon, capabilities in by_addon.items()
        ]
        return " ".join(dict.fromkeys([*fixes, *others]))

    def unmet_fix(self, verdict: Verdict) -> str:
        """Say how to get an unmet capability: an add-on, an edition, an upgrade, a CNI."""
        capability = verdict.capability
        if verdict.reason == "addon-missing" and verdict.addon:
            return _("Add {addon} to addons: it supplies {capability} for {cni}.").format(
                addon=verdict.addon, capability=capability, cni=self.names[self.cni])
        query = Query(versions=self.versions)
        options = supplying_addons(self.catalog, self.cni, capability, query)
        if options:
            return _("Add one of these add-ons: {addons}.").format(addons=", ".join(options))
        if verdict.reason == "enterprise":
            return _("Set allow_enterprise: true if the cluster runs the commercial edition of "
                     "{cni}; otherwise see `cniselect recommend --need {capability}`.").format(
                cni=self.names[self.cni], capability=capability)
        if verdict.reason == "not-yet":
            cell = self.catalog.cell(self.cni, capability)
            since = cell.since.version if cell.since else "?"
            return _("Upgrade {cni} to {version} or later.").format(
                cni=self.names[self.cni], version=since)
        return _("Choose a CNI that delivers it: `cniselect recommend --need {capability}`.") \
            .format(capability=capability)

    # Manifests

    def detection_findings(self, scan: ScanResult) -> Iterable[Finding]:
        by_object: dict[tuple[str, ObjectRef], list[Detection]] = {}
        order: list[tuple[str, ObjectRef]] = []
        for detection in scan.detections:
            key = (detection.path, detection.object)
            if key not in by_object:
                by_object[key] = []
                order.append(key)
            by_object[key].append(detection)
        for key in order:
            yield from self.object_findings(by_object[key])

    def object_findings(self, detections: list[Detection]) -> Iterable[Finding]:
        """Findings for one object: foreign mechanisms, unmet or partial capabilities."""
        unmet: dict[str, tuple[Verdict, Detection]] = {}
        partial: dict[str, tuple[Verdict, Detection]] = {}
        # One finding per object and owner: a CiliumNetworkPolicy on Antrea is one
        # mistake, however many of its rules the detectors recognise.
        foreign: dict[str, list[Detection]] = {}
        for detection in detections:
            owner = self.foreign_owner(detection)
            if owner:
                foreign.setdefault(owner, []).append(detection)
                continue
            verdict = self.judge(detection.capability)
            if not verdict.met:
                unmet.setdefault(detection.capability, (verdict, detection))
                continue
            version_finding = self.version_finding(detection, verdict)
            if version_finding is not None:
                yield version_finding
            elif verdict.level == "partial":
                partial.setdefault(detection.capability, (verdict, detection))

        for owner, owned in foreign.items():
            yield self.foreign_finding(owned, owner)
        if unmet:
            verdicts = [verdict for verdict, _ in unmet.values()]
            first = min((d for _, d in unmet.values()), key=lambda d: d.line)
            yield self.finding(
                "CNI010", path=first.path, line=first.line, capability=verdicts[0].capability,
                obj=first.object, object=_object_text(first.object),
                capabilities=join_list(f"'{v.capability}'" for v in verdicts),
                cni=self.cni_label(), reason=self.combined_reason(verdicts),
                fix=self.combined_fix(verdicts))
        for verdict, detection in partial.values():
            caveats = caveat_texts(verdict)
            yield self.finding(
                "CNI011", path=detection.path, line=detection.line,
                capability=verdict.capability, obj=detection.object,
                object=_object_text(detection.object),
                provider=self.names[verdict.provider], provider_id=verdict.provider,
                caveat=caveats[0] if caveats else _("see the catalog"))

    def reads(self, plugin_id: str, detection: Detection) -> bool:
        """Return True when the plugin's catalog cells list the detected mechanism."""
        plugin = self.catalog.plugin(plugin_id)
        return any(_mechanism_matches(mechanism, detection)
                   for cell in plugin.support.values() for mechanism in cell.mechanisms)

    def foreign_owner(self, detection: Detection) -> str | None:
        """Return the owning plugin when the mechanism belongs to a plugin not installed."""
        owner = detection.plugin
        if owner is None or owner in self.stack:
            return None
        if any(self.reads(plugin_id, detection) for plugin_id in self.stack):
            return None
        return owner

    def foreign_finding(self, detections: Sequence[Detection], owner: str) -> Finding:
        """Word one finding for every detection of another plugin's mechanism in an object.

        The fix covers each capability the object relies on, so that replacing a
        CiliumNetworkPolicy with HTTP rules does not silently drop the L7 part.
        """
        capabilities = list(dict.fromkeys(detection.capability for detection in detections))
        fixes = [self.replacement_fix(capability) for capability in capabilities]
        detection = min(detections, key=lambda d: d.line)
        return self.finding(
            "CNI012", path=detection.path, line=detection.line, capability=capabilities[0],
            obj=detection.object, object=_object_text(detection.object),
            evidence=detection.evidence, owner=self.names.get(owner, owner),
            cni=self.names[self.cni], fix=" ".join(fixes))

    def replacement_fix(self, capability: str) -> str:
        """Say how the cluster's own stack delivers a capability, or that it does not."""
        verdict = self.judge(capability)
        if verdict.met and verdict.mechanisms:
            how = "; ".join(mechanism_text(m) for m in verdict.mechanisms[:3])
            return _("Use {cni}'s own mechanism for {capability}: {how}.").format(
                cni=self.names[verdict.provider], capability=capability, how=how)
        if verdict.met:
            return _("Use {cni}'s own way to switch {capability} on: `cniselect explain "
                     "{capability} --plugin {plugin}`.").format(
                cni=self.names[verdict.provider], capability=capability,
                plugin=verdict.provider)
        return _("{cni} does not deliver {capability} ({reason}): remove it, or run a CNI "
                 "that reads it.").format(cni=self.names[self.cni], capability=capability,
                                          reason=verdict_reason(verdict, self.names))

    def version_finding(self, detection: Detection, verdict: Verdict) -> Finding | None:
        """Report a mechanism the stack lists, but not at the judged version."""
        provider = verdict.provider
        cell = self.catalog.cell(provider, detection.capability)
        matching = [m for m in cell.mechanisms if _mechanism_matches(m, detection)]
        # A field (such as Kafka rules) is more specific than the CRD that contains it.
        fields = [m for m in matching if m.type == "field"]
        matching = fields or matching
        if not matching:
            return None
        version = self.versions.get(provider)
        if any(mechanism_active(m.since, m.removed_in, version) for m in matching):
            return None
        mechanism = matching[0]
        label = self.names[provider] + (f" {version}" if version else "")
        if mechanism.removed_in and (version is None or _at_or_after(version,
                                                                     mechanism.removed_in)):
            status = _("removed in {version}").format(version=mechanism.removed_in)
        else:
            status = _("only has from {version} on").format(version=mechanism.since)
        active = active_mechanisms(cell, version)
        if active:
            fix = _("Use what {cni} reads instead: {how}.").format(
                cni=label, how="; ".join(mechanism_text(m) for m in active[:3]))
        else:
            fix = _("Remove it, or run a {cni} version that has it.").format(
                cni=self.names[provider])
        finding = self.finding(
            "CNI013", path=detection.path, line=detection.line, capability=detection.capability,
            obj=detection.object, object=_object_text(detection.object),
            evidence=detection.evidence, cni=label, status=status, fix=fix)
        if version is None:
            # Without a declared version the latest assessed release is assumed, so report
            # it as info instead of failing a cluster that may run an older release.
            from dataclasses import replace

            finding = replace(finding, severity="info",
                              fix=finding.fix + " " + _("Set version: in the requirements to "
                                                        "check the release you run."))
        return finding

    def misuse_finding(self, misuse: Misuse) -> Finding:
        owner = misuse.detector.plugin
        owner_name = self.names.get(owner, owner) if owner else _("the CNI")
        values: dict[str, Any] = {
            "object": _object_text(misuse.ref), "key": misuse.key, "owner": owner_name,
        }
        if misuse.rule == "CNI020":
            values["replicas"] = misuse.replicas if misuse.replicas else _("one per node")
            values["count"] = 1
            values["fix"] = _("Give every pod its own address: use an IP pool with one address "
                              "per replica (Kube-OVN: ovn.kubernetes.io/ip_pool; Calico: an "
                              "IPPool selected with cni.projectcalico.org/ipv4pools), or run a "
                              "single replica.")
        return self.finding(misuse.rule, path=misuse.path, line=misuse.line,
                            capability=misuse.detector.capability, obj=misuse.ref, **values)

    def duplicate_key_findings(self, scan: ScanResult) -> Iterable[Finding]:
        for document in scan.documents:
            for issue in document.issues:
                yield self.finding("CNI030", path=document.path, line=issue.line, key=issue.key)


def _at_or_after(version: str, other: str) -> bool:
    from .versions import compare

    return compare(version, other) >= 0


def _mechanism_matches(mechanism: Mechanism, detection: Detection) -> bool:
    """Return True when a catalog mechanism is the one a detection found."""
    evidence = detection.evidence
    if mechanism.type == "crd":
        api_version = detection.object.api_version
        group = api_version.rpartition("/")[0]
        mech_group = (mechanism.api or "").rpartition("/")[0]
        if mechanism.kind != detection.object.kind or mech_group != group:
            return False
        # Only a detection of the object itself names the CRD; field detectors name keys.
        return not mechanism.api or mechanism.api == api_version
    if mechanism.type in ("annotation", "label"):
        return evidence == f"annotation {mechanism.key}"
    if mechanism.type == "field" and mechanism.key:
        from .scan.rules import load_rules as _load

        detector = next((d for d in _load().detectors if d.id == detection.matcher), None)
        return detector is not None and detector.mechanism == mechanism.key
    return False


def evaluate(catalog: Catalog, requirements: Requirements, scan: ScanResult | None,
             *, fail_on: Severity = "error", inline_ignores: bool = True,
             strict: bool = False) -> CheckReport:
    """Judge requirements (and a scan, when manifests were given) for one cluster."""
    rules = load_rules()
    gate = _Gate(catalog, requirements, rules)

    results = [RequirementResult(gate.judge(need)) for need in requirements.needs]
    results += [RequirementResult(gate.judge(capability, required=False), weight)
                for capability, weight in requirements.wants]
    findings = list(gate.requirement_findings(results))
    if scan is not None:
        findings += gate.detection_findings(scan)
        findings += [gate.misuse_finding(misuse) for misuse in scan.misuses]
        findings += gate.duplicate_key_findings(scan)

    kept, suppressed, unused = _apply_suppressions(
        findings, requirements, scan if inline_ignores else None)
    for position in unused:
        entry = requirements.ignore[position]
        where = f" ({entry.path})" if entry.path else ""
        kept.append(gate.finding("CNI031", path=requirements.source or "",
                                 line=requirements.lines.get(f"ignore:{position}", 1),
                                 rule=entry.rule, where=where))

    return CheckReport(
        cni=requirements.cni,
        cni_name=gate.names[requirements.cni],
        version=requirements.version,
        addons=requirements.addons,
        requirements=tuple(results),
        findings=tuple(sorted(kept, key=_finding_order)),
        suppressed=tuple(sorted(suppressed, key=_finding_order)),
        skipped=scan.skipped if scan else (),
        fail_on=fail_on,
        source=requirements.source,
        strict=strict,
        objects=scan.objects if scan else 0,
        files=scan.files if scan else 0,
        scanned=scan is not None,
        names=gate.names,
        rules=rules,
    )


def _finding_order(finding: Finding) -> tuple:
    return (finding.path, finding.line, finding.rule, finding.message)


def _apply_suppressions(findings: list[Finding], requirements: Requirements,
                        scan: ScanResult | None) -> tuple[list[Finding], list[Finding],
                                                          list[int]]:
    """Split findings into kept and suppressed; return the positions of unused ignores."""
    import pathspec

    base = os.path.dirname(requirements.source) if requirements.source else ""
    specs = [
        (entry, pathspec.GitIgnoreSpec.from_lines([entry.path]) if entry.path else None)
        for entry in requirements.ignore
    ]
    used: set[int] = set()
    inline = _inline_ignores(scan) if scan is not None else {}

    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        matched = False
        for position, (entry, spec) in enumerate(specs):
            if entry.rule != finding.rule:
                continue
            relative = os.path.relpath(finding.path, base or ".") if finding.path else ""
            if spec is None or spec.match_file(relative) or spec.match_file(finding.path):
                used.add(position)
                matched = True
        for (path, start, end), rules in inline.items():
            if finding.path == path and start <= finding.line <= end and finding.rule in rules:
                matched = True
        (suppressed if matched else kept).append(finding)
    unused = [position for position in range(len(specs)) if position not in used]
    return kept, suppressed, unused


def _inline_ignores(scan: ScanResult) -> dict[tuple[str, int, int], set[str]]:
    """Map each document's line range to the rules its ``# cniselect: ignore=`` comments name."""
    ranges: dict[tuple[str, int, int], set[str]] = {}
    for document in scan.documents:
        for _line, text in document.directives:
            if not text.startswith("ignore="):
                continue
            names = text[len("ignore="):].split(maxsplit=1)[0]
            rules = {name.strip() for name in names.split(",") if name.strip()}
            key = (document.path, 1 if document.index == 0 else document.line,
                   document.end_line or document.line)
            ranges.setdefault(key, set()).update(rules)
    return ranges


__all__ = ["CheckReport", "RequirementResult", "evaluate", "plain_finding"]
