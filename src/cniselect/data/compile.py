"""Validate capabilities.yaml and write capabilities.json, the form a run loads.

Run ``python -m cniselect.data.compile`` after editing the YAML; the tests fail while the
two files disagree.
"""

from __future__ import annotations

import sys

from ..errors import InputError
from .loader import BUNDLED_YAML, COMPILED_JSON, compile_catalog


def main() -> int:
    """Compile the bundled catalog; print the problems and return 2 when it is invalid."""
    try:
        text = compile_catalog(BUNDLED_YAML)
    except InputError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    COMPILED_JSON.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {COMPILED_JSON}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
