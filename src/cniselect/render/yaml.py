"""YAML output: the same plain contract as JSON."""

from __future__ import annotations

from typing import Any

import yaml

from .interface import OutputFormat
from .plain import to_plain

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class YamlFormat(OutputFormat):
    """Block-style YAML of the documented contract."""

    name = "yaml"

    def render(self, result: Any) -> str:
        return yaml.dump(
            to_plain(result),
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=100,
        )
