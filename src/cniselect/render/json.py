"""JSON output: the plain contract, indented, keys in a fixed order."""

from __future__ import annotations

import json
from typing import Any, TextIO

from .interface import OutputFormat
from .plain import to_plain


class JsonFormat(OutputFormat):
    """Pretty-printed JSON of the documented contract."""

    name = "json"

    def render(self, result: Any) -> str:
        return json.dumps(to_plain(result), indent=2, ensure_ascii=False) + "\n"

    def write(self, result: Any, stream: TextIO) -> None:
        # Encode piece by piece, so a scan of thousands of files never keeps its whole
        # report in one string.
        encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
        for chunk in encoder.iterencode(to_plain(result)):
            stream.write(chunk)
        stream.write("\n")
