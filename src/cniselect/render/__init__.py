"""Output formats, one module each, looked up by name and imported only when used."""

from __future__ import annotations

import importlib
from enum import Enum

from .interface import OutputFormat, RenderOptions

# Format name → (module, class). Modules load lazily so JSON output never imports rich.
FORMATS: dict[str, tuple[str, str]] = {
    "table": ("cniselect.render.table", "TableFormat"),
    "json": ("cniselect.render.json", "JsonFormat"),
    "yaml": ("cniselect.render.yaml", "YamlFormat"),
    "markdown": ("cniselect.render.markdown", "MarkdownFormat"),
    "junit": ("cniselect.render.junit", "JunitFormat"),
    "sarif": ("cniselect.render.sarif", "SarifFormat"),
    "github": ("cniselect.render.github", "GithubFormat"),
}


class FormatChoice(str, Enum):
    """Formats of the commands that print catalog data."""

    table = "table"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"

    def __str__(self) -> str:
        return self.value


class GateFormatChoice(str, Enum):
    """Formats of ``check``: the catalog formats plus the CI ones."""

    table = "table"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"
    junit = "junit"
    sarif = "sarif"
    github = "github"

    def __str__(self) -> str:
        return self.value


def build_format(name: str, options: RenderOptions | None = None) -> OutputFormat:
    """Return an instance of the named output format."""
    module_name, class_name = FORMATS[name]
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(options)


__all__ = ["FORMATS", "FormatChoice", "GateFormatChoice", "OutputFormat", "RenderOptions",
           "build_format"]
