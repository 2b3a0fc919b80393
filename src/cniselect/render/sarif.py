"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDEs).

Every rule of the rule table appears once in ``tool.driver.rules`` with its help text.
Each finding is a result that points at its file and line (``startLine`` is at least 1).
Suppressed findings stay as results with a ``suppressions`` entry, so their count is
visible. ``invocations[0].exitCode`` is the exit code of the run.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..i18n import _
from .interface import OutputFormat

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifFormat(OutputFormat):
    """A SARIF 2.1.0 log with one run."""

    name = "sarif"

    def render_check_report(self, report: Any) -> str:
        rules = list(report.rules.rules)
        index = {rule.id: position for position, rule in enumerate(rules)}
        results = [_result(f, index, suppressed=False) for f in report.findings]
        results += [_result(f, index, suppressed=True) for f in report.suppressed]
        exit_code = 0 if report.passed else 1
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cniselect",
                    "version": __version__,
                    "informationUri": "https://github.com/cniselect/cniselect",
                    "rules": [_rule(rule) for rule in rules],
                }},
                "invocations": [{
                    "executionSuccessful": True,
                    "exitCode": exit_code,
                    "toolExecutionNotifications": [
                        {"level": "warning",
                         "message": {"text": f"{skip.path}: {skip.message}"},
                         "locations": [_location(skip.path, skip.line or 1)]}
                        for skip in report.skipped
                    ],
                }],
                "results": results,
                "properties": {"suppressed": len(report.suppressed),
                               "skippedFiles": len(report.skipped)},
            }],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Any) -> dict[str, Any]:
    summary = rule.render("summary")
    help_text = _("{message} Fix: {fix}").format(message=summary, fix=rule.fix_summary())
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": f"**{rule.id} {rule.name}**: {help_text}"},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _location(path: str, line: int) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": path.replace("\\", "/")},
        "region": {"startLine": max(1, line)},
    }}


def _result(finding: Any, index: dict[str, int], suppressed: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVELS[finding.severity],
        "message": {"text": _("{message} Fix: {fix}").format(message=finding.message,
                                                              fix=finding.fix)},
        "locations": [_location(finding.path, finding.line)] if finding.path else [],
    }
    if suppressed:
        result["suppressions"] = [{"kind": "external"}]
    return result
