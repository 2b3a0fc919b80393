"""JUnit XML for CI systems that show test reports (Jenkins, GitLab, Azure Pipelines).

One test case per requirement and one per finding. A case fails when its requirement is an
unmet must-have or its finding is at or above --fail-on; other findings pass with their
message in ``system-out``. Case names are unique and stable, and every case carries a
``classname`` and a ``time`` of 0 (checks are not timed, which keeps the output identical
from run to run).
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from ..i18n import _
from ..scan.interface import SEVERITIES
from .interface import OutputFormat
from .labels import verdict_reason

_REQUIREMENT_RULES = {"CNI001", "CNI002", "CNI003"}


class JunitFormat(OutputFormat):
    """JUnit XML as Jenkins reads it."""

    name = "junit"

    def render_check_report(self, report: Any) -> str:
        suites = ET.Element("testsuites", name="cniselect")
        suite = ET.SubElement(suites, "testsuite", name=f"cniselect check {report.cni}")
        names: set[str] = set()
        failures = 0
        threshold = SEVERITIES.index(report.fail_on)

        # Requirement findings (CNI001-CNI003) are reported in the requirement's own case.
        about_requirements = {
            finding.capability: finding for finding in report.findings
            if finding.rule in _REQUIREMENT_RULES
        }
        for result in report.requirements:
            verdict = result.verdict
            kind = "need" if verdict.required else "want"
            case = _case(suite, names, "requirements", f"{kind} {verdict.capability}")
            finding = about_requirements.get(verdict.capability)
            text = verdict_reason(verdict, report.names)
            if finding is not None:
                text = finding.message + "\n" + _("fix: {fix}").format(fix=finding.fix)
            fails = verdict.required and not verdict.met
            if finding is not None and SEVERITIES.index(finding.severity) <= threshold:
                fails = True
            if fails:
                failures += 1
                failure = ET.SubElement(case, "failure",
                                        type=finding.rule if finding else "CNI001",
                                        message=finding.message if finding else text)
                failure.text = text
            elif finding is not None:
                ET.SubElement(case, "system-out").text = f"[{finding.severity}] {text}"

        for finding in report.findings:
            if finding.rule in _REQUIREMENT_RULES:
                continue
            where = f"{finding.path}:{finding.line}" if finding.path else "-"
            case = _case(suite, names, f"findings.{finding.rule}", f"{finding.rule} {where}")
            text = f"{where}: {finding.message}\n" + _("fix: {fix}").format(fix=finding.fix)
            if SEVERITIES.index(finding.severity) <= threshold:
                failures += 1
                failure = ET.SubElement(case, "failure", type=finding.rule,
                                        message=finding.message)
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = f"[{finding.severity}] {text}"

        tests = len(suite)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        properties = ET.Element("properties")
        ET.SubElement(properties, "property", name="suppressed", value=str(len(report.suppressed)))
        ET.SubElement(properties, "property", name="skipped-files", value=str(len(report.skipped)))
        suite.insert(0, properties)
        suites.set("tests", str(tests))
        suites.set("failures", str(failures))
        suites.set("errors", "0")
        suites.set("time", "0")
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
            suites, encoding="unicode") + "\n"


def _case(suite: ET.Element, names: set[str], classname: str, name: str) -> ET.Element:
    """Add a test case whose name is unique within the suite (``#2``, ``#3`` on repeats)."""
    unique, counter = name, 1
    while unique in names:
        counter += 1
        unique = f"{name} #{counter}"
    names.add(unique)
    return ET.SubElement(suite, "testcase", name=unique, classname=classname, time="0")
