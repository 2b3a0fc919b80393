"""The rule and detector tables (rules.yaml), validated once when first used."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, Problem
from ..i18n import _, pick
from .interface import Severity

RULES_FILE = Path(__file__).with_name("rules.yaml")

ObjectClass = Literal["Pod", "Namespace", "Service"]


class LocalText(BaseModel):
    """Text in English and Simplified Chinese."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    en: str
    zh_cn: str = Field(alias="zh-CN")

    def as_dict(self) -> dict[str, str]:
        """Return the text as a language → text mapping."""
        return {"en": self.en, "zh-CN": self.zh_cn}


class Rule(BaseModel):
    """A finding the gate can report: stable id, severity, message and fix templates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^CNI\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Severity
    summary: LocalText
    message: LocalText
    fix: LocalText

    def render(self, field: Literal["message", "fix", "summary"], **values: Any) -> str:
        """Fill a template of this rule in the current language."""
        template = pick(getattr(self, field).as_dict())
        return template.format(**values)

    def fix_summary(self) -> str:
        """Return the fix for reference pages and rule help, placeholders shown as <name>."""
        template = pick(self.fix.as_dict())
        if template.strip() == "{fix}":
            return _("depends on the finding (the add-on to add, the mechanism to use…)")
        return re.sub(r"\{(\w+)\}", r"<\1>", template)


class Detector(BaseModel):
    """A matcher for manifest content that relies on a capability, with the plugin that owns it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    capability: str
    plugin: str | None = None
    annotation: str | None = None
    objects: tuple[ObjectClass, ...] = ()
    addresses: bool = False
    """The annotation's value lists fixed addresses (checked against replica counts)."""
    kinds: tuple[str, ...] = ()
    """``group/Kind`` of the objects this detector looks at (empty group: core API)."""
    field: str | None = None
    search: tuple[str, ...] = ()
    value: tuple[str | bool, ...] = ()
    mechanism: str | None = None
    """Key of the catalog mechanism this detector corresponds to, for version checks."""

    @model_validator(mode="after")
    def _one_matcher(self) -> Detector:
        if bool(self.annotation) == bool(self.kinds):
            raise ValueError("set exactly one of annotation and kinds")
        if self.annotation and not self.objects:
            raise ValueError("an annotation detector lists the objects it is read from")
        if self.field and self.search:
            raise ValueError("set at most one of field and search")
        if self.value and not (self.field or self.search):
            raise ValueError("value restricts a field or search matcher")
        for kind in self.kinds:
            if "/" not in kind:
                raise ValueError(f"kind {kind!r} must be written GROUP/Kind")
        return self

    @property
    def key(self) -> str:
        """The annotation key without a trailing ``*`` (the prefix of a key family)."""
        return (self.annotation or "").rstrip("*")

    def matches_key(self, key: str) -> bool:
        """Return True when an annotation or label key is read by this detector."""
        if self.annotation and self.annotation.endswith("*"):
            return key.startswith(self.key)
        return key == self.annotation


class RuleTable(BaseModel):
    """The whole rules.yaml file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[Rule, ...]
    detectors: tuple[Detector, ...]

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@lru_cache(maxsize=1)
def load_rules() -> RuleTable:
    """Load and validate rules.yaml; a broken table is a bug, reported with its line."""
    from ..data.loader import read_yaml_file
    from ..data.validate import readable_path

    document = read_yaml_file(RULES_FILE)
    try:
        table = RuleTable.model_validate(document.data)
    except ValidationError as error:
        problems = [
            Problem(f"{readable_path(document.data, list(item['loc']))}: {item['msg']}",
                    path=str(RULES_FILE), line=document.line_of(list(item["loc"])))
            for item in error.errors()
        ]
        raise InputError(problems) from None
    _check_unique(table)
    return table


def _check_unique(table: RuleTable) -> None:
    seen: set[str] = set()
    for item in (*table.rules, *table.detectors):
        if item.id in seen:
            raise InputError.single(f"duplicate id {item.id!r}", path=str(RULES_FILE))
        seen.add(item.id)
