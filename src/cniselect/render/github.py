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


def annotation(command: str, path: str | None, line: int | None, title: str,
               message: str) -> str:
    """Return one workflow command line, such as ``::error file=a.yaml,line=3::text``."""
    properties = []
    # stdin ("-") is no file GitHub could show, so it gets no file property.
    if path and path != "-":
        properties.append(f"file={_escape_property(path)}")
        if line:
            properties.append(f"line={line}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{command} {','.join(properties)}::{_escape_data(message)}\n"


class GithubFormat(OutputFormat):
    """``::error file=…,line=…::message`` lines that GitHub turns into annotations."""

    name = "github"

    def render_check_report(self, report: Any) -> str:
        lines = []
        for finding in report.findings:
            message = _("{message} Fix: {fix}").format(message=finding.message, fix=finding.fix)
            lines.append(annotation(_COMMANDS[finding.severity], finding.path, finding.line,
                                    finding.rule, message))
        skip_command = "error" if report.strict else "warning"
        for skip in report.skipped:
            lines.append(annotation(skip_command, skip.path, skip.line, _("skipped"),
                                    skip.message))
        lines.append(annotation("notice" if report.passed else "error", None, None,
                                "cniselect", summary_line(report)))
        return "".join(lines)
