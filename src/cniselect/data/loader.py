"""Load the capability catalog: the bundled one fast, a data file with full validation.

The bundled ``capabilities.yaml`` is validated when ``compile_catalog`` writes
``capabilities.json`` (the tests fail when the two disagree); a run reads the JSON and
builds the dataclasses without importing pydantic or PyYAML. Any other data file is
parsed with positions and validated by pydantic plus the cross-reference checks in
``validate.py``, so that each problem is reported at its file and line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..i18n import _
from .catalog import Catalog
from .model import CatalogData

DATA_DIR = Path(__file__).parent
BUNDLED_YAML = DATA_DIR / "capabilities.yaml"
COMPILED_JSON = DATA_DIR / "capabilities.json"


@lru_cache(maxsize=1)
def load_bundled() -> Catalog:
    """Return the bundled catalog from its compiled JSON form."""
    from .decode import build

    raw = json.loads(COMPILED_JSON.read_text(encoding="utf-8"))
    return Catalog(build(CatalogData, raw))


def load_catalog(data_files: Sequence[Path] = ()) -> Catalog:
    """Return the bundled catalog, with each user data file layered over it in order."""
    if not data_files:
        return load_bundled()
    from .overlay import apply_overlays

    return apply_overlays(data_files)


def read_yaml_file(path: Path) -> Any:
    """Parse a one-document YAML file with positions; raise InputError on any problem."""
    import yaml

    from .. import yamlio

    try:
        text = yamlio.read_text(path)
    except FileNotFoundError:
        raise InputError.single(
            _("file not found"), path=str(path), fix=_("check the path and try again.")
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(
            _("cannot read the file: {error}").format(error=error), path=str(path)
        ) from None
    try:
        document = yamlio.load_single(text)
    except yaml.YAMLError as error:
        raise InputError.single(
            _("invalid YAML: {error}").format(error=yamlio.error_text(error)),
            path=str(path),
            line=yamlio.error_line(error),
            fix=_("correct the YAML syntax at that line."),
        ) from None
    duplicates = [
        Problem(
            _("duplicate key '{key}'").format(key=key),
            path=str(path),
            line=line,
            fix=_("keep one of the two entries; YAML keeps only the last one."),
        )
        for key, line in yamlio.iter_duplicate_keys(document.node)
    ]
    if duplicates:
        raise InputError(duplicates)
    return document


def validate_catalog_file(path: Path) -> CatalogData:
    """Parse and fully validate one complete catalog file."""
    from .validate import validate_catalog

    document = read_yaml_file(path)
    return validate_catalog(document.data, str(path), document.line_of)


def compile_catalog(source: Path = BUNDLED_YAML) -> str:
    """Validate the catalog YAML and return its compiled JSON text (sorted, stable)."""
    from .validate import dump_catalog

    return dump_catalog(validate_catalog_file(source))
