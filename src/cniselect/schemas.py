"""JSON Schemas of the files users write: the requirements file and the data file."""

from __future__ import annotations

import json

from .errors import InputError
from .i18n import _


def json_schema(which: str) -> str:
    """Return the JSON Schema of ``requirements`` or ``capabilities`` as indented JSON."""
    if which == "capabilities":
        from .data.validate import catalog_adapter

        schema = catalog_adapter().json_schema()
        schema["title"] = "cniselect capability data file"
    elif which == "requirements":
        from .requirements import requirements_json_schema

        schema = requirements_json_schema()
    else:
        raise InputError.single(
            _("unknown schema '{name}'").format(name=which),
            fix=_("use `cniselect schema requirements` or `cniselect schema capabilities`."),
        )
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
