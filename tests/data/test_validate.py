"""Catalog validation: each kind of broken data file gives a located, actionable error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cniselect.data.loader import validate_catalog_file
from cniselect.errors import InputError

MINIMAL = (Path(__file__).parent.parent / "fixtures" / "catalog" / "minimal.yaml").read_text()


def problems_for(tmp_path: Path, text: str):
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_catalog_file(path)
    return caught.value.problems


def line_number(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_minimal_catalog_is_valid(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    data = validate_catalog_file(path)
    assert [plugin.id for plugin in data.plugins] == ["acme"]


def test_missing_cell_is_an_error(tmp_path):
    text = MINIMAL.replace(
        "      isolation:\n        level: none\n        evidence: [https://acme.example/docs/policy]\n",
        "")
    [problem] = problems_for(tmp_path, text)
    assert "missing cell for capability 'isolation'" in problem.message
    assert "plugins[acme].support" in problem.message
    assert problem.line == line_number(text, "support:")
    assert "unknown" in problem.fix


def test_unknown_key_is_an_error(tmp_path):
    text = MINIMAL.replace("        level: none\n", "        level: none\n        colour: red\n")
    [problem] = problems_for(tmp_path, text)
    assert "unknown key" in problem.message
    assert problem.value == "colour"
    assert problem.line == line_number(text, "colour: red")


def test_bad_level_is_an_error(tmp_path):
    text = MINIMAL.replace("        level: none\n", "        level: maybe\n")
    [problem] = problems_for(tmp_path, text)
    assert "plugins[acme].support.isolation.level" in problem.message
    assert "'full'" in problem.message
    assert problem.value == "'maybe'"
    assert problem.line == line_number(text, "level: maybe")


def test_duplicate_alias_is_an_error(tmp_path):
    text = MINIMAL.replace("aliases: [networkpolicy]", "aliases: [static-ip]")
    [problem] = problems_for(tmp_path, text)
    assert "'static-ip' is already used by capability fixed-ip" in problem.message
    second = [i for i, line in enumerate(text.splitlines(), 1) if "aliases: [static-ip]" in line]
    assert problem.line == second[1]


def test_unknown_capability_cell_is_an_error(tmp_path):
    text = MINIMAL.replace("      isolation:\n", "      isolaton:\n")
    messages = [problem.message for problem in problems_for(tmp_path, text)]
    assert any("unknown capability id 'isolaton'" in message for message in messages)
    assert any("missing cell for capability 'isolation'" in message for message in messages)


def test_cell_without_evidence_is_an_error(tmp_path):
    text = MINIMAL.replace("        evidence: [https://acme.example/docs/policy]\n",
                           "        evidence: []\n")
    [problem] = problems_for(tmp_path, text)
    assert "evidence URL" in problem.message


def test_addon_level_must_name_a_catalog_addon(tmp_path):
    text = MINIMAL.replace("        level: none\n", "        level: addon\n        addon: ghost\n")
    [problem] = problems_for(tmp_path, text)
    assert "must name an add-on" in problem.message
    assert problem.value == "ghost"


def test_duplicate_key_is_reported_with_line(tmp_path):
    text = MINIMAL.replace("    kind: cni\n", "    kind: cni\n    kind: addon\n")
    [problem] = problems_for(tmp_path, text)
    assert "duplicate key 'kind'" in problem.message
    assert problem.line == line_number(text, "kind: addon")


def test_yaml_syntax_error_has_line(tmp_path):
    text = MINIMAL.replace("    name: ACME CNI\n", "    name: [ACME CNI\n")
    [problem] = problems_for(tmp_path, text)
    assert problem.message.startswith("invalid YAML")
    assert problem.line is not None
