"""GitHub Actions workflow commands: one annotation per finding on the pull request."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from .interface import OutputFormat
from .labels import summary_line

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(OutputFormat):
    """``::error file=…,line=…::message`` lines that GitHub turns into annotations."""

    name = "github"

    def render_check_report(self, report: Any) -> str:
        lines = []
        for finding in report.findings:
            properties = []
            if finding.path:
                properties.append(f"file={_escape_property(finding.path)}")
                properties.append(f"line={finding.line}")
            properties.append(f"title={_escape_property(finding.rule)}")
            message = _("{message} Fix: {fix}").format(message=finding.message, fix=finding.fix)
            lines.append(f"::{_COMMANDS[finding.severity]} {','.join(properties)}::"
                         f"{_escape_data(message)}")
        for skip in report.skipped:
            lines.append(f"::warning file={_escape_property(skip.path)},"
                         f"title={_escape_property(_('skipped'))}::{_escape_data(skip.message)}")
        lines.append(f"::notice title=cniselect::{_escape_data(summary_line(report))}")
        return "".join(line + "\n" for line in lines)
