"""User data files layered over the bundled catalog: merging, marking and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cniselect.commands import MatrixOptions, run_matrix
from cniselect.data.loader import BUNDLED_YAML, load_bundled
from cniselect.data.overlay import apply_overlays
from cniselect.errors import InputError

HEADER = "apiVersion: cniselect/v1\nkind: CatalogOverlay\n"

IN_HOUSE_PLUGIN = HEADER + """\
plugins:
  - id: acme-net
    name: ACME Net
    kind: cni
    homepage: https://net.acme.example/
    license: Proprietary
    assessed: {version: 2.4.0, date: '2026-11-20'}
    unlisted: unknown
    support:
      isolation: {level: full, evidence: ['https://net.acme.example/docs/policy']}
      fixed-ip: {level: partial, evidence: ['https://net.acme.example/docs/ipam']}
"""

CALICO_FIXED_IP_NONE = HEADER + """\
plugins:
  - id: calico
    support:
      fixed-ip:
        level: none
        evidence: ['https://docs.example/calico-fixed-ip']
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_for(*paths: Path):
    with pytest.raises(InputError) as caught:
        apply_overlays(paths)
    return caught.value.problems


def test_added_plugin_with_unlisted_unknown(tmp_path):
    path = write(tmp_path, "in-house.yaml", IN_HOUSE_PLUGIN)
    catalog = apply_overlays([path])

    assert [plugin.id for plugin in catalog.plugins][-1] == "acme-net"
    assert catalog.cell("acme-net", "isolation").level == "full"
    assert catalog.cell("acme-net", "fixed-ip").level == "partial"
    capability_ids = [capability.id for capability in catalog.capabilities]
    unlisted = [cid for cid in capability_ids if cid not in ("isolation", "fixed-ip")]
    for capability_id in unlisted:
        cell = catalog.cell("acme-net", capability_id)
        assert cell.level == "unknown", capability_id
        assert cell.evidence == ("https://net.acme.example/",)
        assert str(path) in cell.caveats[0]["en"]
    assert catalog.overridden == {("acme-net", cid) for cid in capability_ids}


def test_added_plugin_with_unlisted_none(tmp_path):
    text = IN_HOUSE_PLUGIN.replace("unlisted: unknown", "unlisted: none")
    catalog = apply_overlays([write(tmp_path, "in-house.yaml", text)])
    assert catalog.cell("acme-net", "bgp").level == "none"
    assert catalog.cell("acme-net", "isolation").level == "full"


def test_added_plugin_leaves_bundled_data_alone(tmp_path):
    catalog = apply_overlays([write(tmp_path, "in-house.yaml", IN_HOUSE_PLUGIN)])
    bundled = load_bundled()
    assert catalog.plugins[:-1] == bundled.plugins
    assert catalog.capabilities == bundled.capabilities


def test_override_changes_only_that_cell(tmp_path):
    catalog = apply_overlays([write(tmp_path, "calico.yaml", CALICO_FIXED_IP_NONE)])
    bundled = load_bundled()

    calico = catalog.plugin("calico")
    assert calico.support["fixed-ip"].level == "none"
    assert calico.support["fixed-ip"].evidence == ("https://docs.example/calico-fixed-ip",)
    assert calico.support["fixed-ip"].mechanisms == ()
    assert catalog.overridden == {("calico", "fixed-ip")}

    bundled_calico = bundled.plugin("calico")
    for capability_id, cell in calico.support.items():
        if capability_id != "fixed-ip":
            assert cell == bundled_calico.support[capability_id], capability_id
    assert calico.license == bundled_calico.license
    assert calico.install == bundled_calico.install
    assert catalog.plugins[1:] == bundled.plugins[1:]


def test_override_replaces_top_level_key(tmp_path):
    text = HEADER + "plugins:\n  - id: calico\n    license: MIT\n"
    catalog = apply_overlays([write(tmp_path, "calico.yaml", text)])
    calico = catalog.plugin("calico")
    assert calico.license == "MIT"
    assert calico.support == load_bundled().plugin("calico").support
    assert catalog.overridden == frozenset()


def test_replacing_bundled_capability(tmp_path):
    text = HEADER + """\
capabilities:
  - id: fixed-ip
    category: ipam
    title: {en: Static pod address}
    description: {en: A pod keeps an address the user chose.}
"""
    catalog = apply_overlays([write(tmp_path, "capability.yaml", text)])
    capability = catalog.capability("fixed-ip")
    assert capability.title == {"en": "Static pod address"}
    assert capability.aliases == ()
    assert [item.id for item in catalog.capabilities] == [
        item.id for item in load_bundled().capabilities]


def test_later_file_wins(tmp_path):
    first = write(tmp_path, "first.yaml", CALICO_FIXED_IP_NONE)
    second = write(tmp_path, "second.yaml", CALICO_FIXED_IP_NONE.replace(
        "level: none", "level: partial"))

    assert apply_overlays([first, second]).cell("calico", "fixed-ip").level == "partial"
    assert apply_overlays([second, first]).cell("calico", "fixed-ip").level == "none"


def test_later_file_overrides_added_plugin(tmp_path):
    first = write(tmp_path, "first.yaml", IN_HOUSE_PLUGIN)
    second = write(tmp_path, "second.yaml", HEADER + """\
plugins:
  - id: acme-net
    support:
      bgp: {level: full, evidence: ['https://net.acme.example/docs/bgp']}
""")
    catalog = apply_overlays([first, second])
    assert catalog.cell("acme-net", "bgp").level == "full"
    assert catalog.cell("acme-net", "isolation").level == "full"
    assert catalog.cell("acme-net", "overlay").level == "unknown"


def test_new_capability_with_every_cell(tmp_path):
    bundled_ids = [plugin.id for plugin in load_bundled().plugins]
    cells = "".join(
        f"  - id: {plugin_id}\n    support:\n"
        f"      sctp: {{level: unknown, evidence: ['https://sctp.example/{plugin_id}']}}\n"
        for plugin_id in bundled_ids)
    text = HEADER + """\
capabilities:
  - id: sctp
    category: traffic
    title: {en: SCTP services}
    description: {en: Services and policies handle SCTP.}
plugins:
""" + cells
    catalog = apply_overlays([write(tmp_path, "sctp.yaml", text),
                              write(tmp_path, "in-house.yaml", IN_HOUSE_PLUGIN)])
    assert catalog.capabilities[-1].id == "sctp"
    assert catalog.cell("calico", "sctp").level == "unknown"
    assert ("calico", "sctp") in catalog.overridden
    # The added plugin's unlisted level covers capabilities from every file.
    assert catalog.cell("acme-net", "sctp").level == "unknown"


def test_new_capability_without_cells_is_an_error(tmp_path):
    text = HEADER + """\
capabilities:
  - id: sctp
    category: traffic
    title: {en: SCTP services}
    description: {en: Services and policies handle SCTP.}
plugins:
  - id: calico
    support:
      sctp: {level: full, evidence: ['https://sctp.example/calico']}
"""
    path = write(tmp_path, "sctp.yaml", text)
    [problem] = problems_for(path)
    assert problem.path == str(path)
    assert problem.line == line_number(text, "id: sctp")
    assert "capability 'sctp' is new" in problem.message
    assert "cilium" in problem.message
    assert "calico" not in problem.message


def test_missing_cell_without_unlisted(tmp_path):
    text = IN_HOUSE_PLUGIN.replace("    unlisted: unknown\n", "")
    path = write(tmp_path, "in-house.yaml", text)
    problems = problems_for(path)
    assert len(problems) == len(load_bundled().capabilities) - 2
    for problem in problems:
        assert problem.path == str(path)
        assert problem.line == line_number(text, "support:")
    assert "missing cell for capability 'ip-pool'" in problems[0].message


def test_bad_level_located_in_user_file(tmp_path):
    text = IN_HOUSE_PLUGIN.replace("{level: partial", "{level: maybe")
    path = write(tmp_path, "in-house.yaml", text)
    [problem] = problems_for(path)
    assert problem.path == str(path)
    assert problem.line == line_number(text, "level: maybe")
    assert "plugins[acme-net].support.fixed-ip.level" in problem.message
    assert problem.value == "'maybe'"


def test_bad_level_in_second_file(tmp_path):
    first = write(tmp_path, "first.yaml", IN_HOUSE_PLUGIN)
    text = CALICO_FIXED_IP_NONE.replace("level: none", "level: nope")
    second = write(tmp_path, "second.yaml", text)
    [problem] = problems_for(first, second)
    assert problem.path == str(second)
    assert problem.line == line_number(text, "level: nope")


def test_unknown_key_in_override(tmp_path):
    text = CALICO_FIXED_IP_NONE + "    colour: red\n"
    path = write(tmp_path, "calico.yaml", text)
    [problem] = problems_for(path)
    assert problem.path == str(path)
    assert problem.line == line_number(text, "colour: red")
    assert problem.value == "colour"


def test_unknown_top_level_key(tmp_path):
    text = HEADER + "plugin:\n  - id: calico\n"
    path = write(tmp_path, "typo.yaml", text)
    [problem] = problems_for(path)
    assert problem.path == str(path)
    assert problem.line == line_number(text, "plugin:")
    assert problem.message == "unknown key"
    assert problem.value == "plugin"
    assert "plugins" in problem.fix


def test_wrong_kind(tmp_path):
    text = CALICO_FIXED_IP_NONE.replace("kind: CatalogOverlay", "kind: Catalog")
    path = write(tmp_path, "calico.yaml", text)
    [problem] = problems_for(path)
    assert problem.path == str(path)
    assert problem.line == 2
    assert problem.value == "Catalog"
    assert "kind: CatalogOverlay" in problem.fix


def test_wrong_api_version(tmp_path):
    text = CALICO_FIXED_IP_NONE.replace("cniselect/v1", "cniselect/v2")
    [problem] = problems_for(write(tmp_path, "calico.yaml", text))
    assert problem.line == 1
    assert problem.value == "cniselect/v2"


def test_file_that_is_not_a_mapping(tmp_path):
    [problem] = problems_for(write(tmp_path, "list.yaml", "- id: calico\n"))
    assert "must be a mapping" in problem.message


def test_cell_for_unknown_capability(tmp_path):
    text = CALICO_FIXED_IP_NONE.replace("fixed-ip:", "fixed-ipp:")
    path = write(tmp_path, "calico.yaml", text)
    [problem] = problems_for(path)
    assert "unknown capability id 'fixed-ipp'" in problem.message
    assert problem.path == str(path)
    assert problem.line == line_number(text, "fixed-ipp:")


def test_addon_cell_naming_a_cni(tmp_path):
    text = HEADER + """\
plugins:
  - id: flannel
    support:
      l7-policy:
        level: addon
        addon: cilium
        evidence: ['https://docs.example/flannel-l7']
"""
    path = write(tmp_path, "flannel.yaml", text)
    [problem] = problems_for(path)
    assert "level `addon` must name an add-on" in problem.message
    assert problem.value == "cilium"
    assert problem.path == str(path)
    assert problem.line == line_number(text, "addon: cilium")


def test_unlisted_on_bundled_plugin(tmp_path):
    text = CALICO_FIXED_IP_NONE.replace("    support:", "    unlisted: none\n    support:")
    path = write(tmp_path, "calico.yaml", text)
    [problem] = problems_for(path)
    assert "'calico'" in problem.message
    assert problem.line == line_number(text, "unlisted: none")


def test_unlisted_with_invalid_level(tmp_path):
    text = IN_HOUSE_PLUGIN.replace("unlisted: unknown", "unlisted: partial")
    path = write(tmp_path, "in-house.yaml", text)
    [problem] = problems_for(path)
    assert problem.line == line_number(text, "unlisted: partial")
    assert problem.value == "'partial'"


def test_unlisted_needs_http_homepage(tmp_path):
    text = IN_HOUSE_PLUGIN.replace("https://net.acme.example/\n", "net.acme.example\n")
    path = write(tmp_path, "in-house.yaml", text)
    [problem] = problems_for(path)
    assert "homepage" in problem.message
    assert problem.line == line_number(text, "homepage:")


def test_duplicate_id_in_one_file(tmp_path):
    text = CALICO_FIXED_IP_NONE + "  - id: calico\n    license: MIT\n"
    [problem] = problems_for(write(tmp_path, "calico.yaml", text))
    assert "duplicate id" in problem.message
    assert problem.line == len(text.splitlines()) - 1


def test_bundled_cell_broken_by_overlay(tmp_path):
    # Turning the Submariner add-on into a CNI breaks bundled cells that name it.
    text = HEADER + "plugins:\n  - id: submariner\n    kind: cni\n"
    problems = problems_for(write(tmp_path, "submariner.yaml", text))
    addon_problems = [problem for problem in problems if "must name an add-on" in problem.message]
    assert addon_problems
    bundled_lines = BUNDLED_YAML.read_text(encoding="utf-8").splitlines()
    for problem in addon_problems:
        assert problem.path == str(BUNDLED_YAML)
        assert bundled_lines[problem.line - 1].strip() == "addon: submariner"


def test_missing_file(tmp_path):
    [problem] = problems_for(tmp_path / "absent.yaml")
    assert problem.message == "file not found"


def test_run_matrix_with_data_file(tmp_path):
    path = write(tmp_path, "in-house.yaml", IN_HOUSE_PLUGIN)
    result = run_matrix(MatrixOptions(data_files=(path,)))
    assert result.catalog.has_plugin("acme-net")
    assert ("acme-net", "isolation") in result.catalog.overridden
