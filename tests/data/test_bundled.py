"""The bundled catalog: compiled form up to date, every cell sourced, key facts held."""

from __future__ import annotations

import pytest

from cniselect.data.loader import BUNDLED_YAML, COMPILED_JSON, compile_catalog, load_bundled
from cniselect.versions import state_at

CNIS = ["calico", "cilium", "antrea", "kube-ovn", "flannel"]


@pytest.fixture(scope="module")
def catalog():
    return load_bundled()


def test_compiled_json_matches_yaml():
    expected = compile_catalog(BUNDLED_YAML)
    assert COMPILED_JSON.read_text(encoding="utf-8") == expected, (
        "capabilities.json is stale: run `python -m cniselect.data.compile`"
    )


def test_catalog_has_required_systems_and_capabilities(catalog):
    ids = {plugin.id for plugin in catalog.plugins}
    assert set(CNIS) | {"submariner"} <= ids
    assert len(catalog.capabilities) >= 28
    assert catalog.plugin("submariner").kind == "addon"


def test_every_cell_has_evidence_and_assessed_version(catalog):
    for plugin in catalog.plugins:
        assert plugin.assessed.version and plugin.assessed.date
        for capability in catalog.capabilities:
            cell = plugin.support[capability.id]
            assert cell.evidence, f"{plugin.id}/{capability.id} has no evidence"
            assert all(url.startswith("https://") for url in cell.evidence)


def test_every_english_text_has_chinese(catalog):
    missing = []
    for capability in catalog.capabilities:
        for text in (capability.title, capability.description):
            if "zh-CN" not in text:
                missing.append(capability.id)
    for plugin in catalog.plugins:
        for capability_id, cell in plugin.support.items():
            for text in (*cell.caveats, *cell.requires):
                if not text.get("zh-CN"):
                    missing.append(f"{plugin.id}/{capability_id}: {text['en'][:40]}")
        for entry in plugin.works_with:
            for text in entry.caveats:
                if not text.get("zh-CN"):
                    missing.append(f"{plugin.id} works_with {entry.plugin}")
    assert not missing, missing


def test_unknown_cells_explain_why(catalog):
    for plugin in catalog.plugins:
        for capability_id, cell in plugin.support.items():
            if cell.level == "unknown":
                assert cell.caveats, f"{plugin.id}/{capability_id} is unknown without a caveat"


# Facts that comparison tables from 2022 get wrong; each was checked against the source
# cited in the cell's evidence.
def test_kube_ovn_removed_windows_in_1_15(catalog):
    cell = catalog.cell("kube-ovn", "windows-nodes")
    assert cell.level == "none"
    assert cell.removed_in == "1.15"
    assert state_at(cell, "1.14").level != "none"


def test_cilium_fixed_ip_is_only_partial(catalog):
    assert catalog.cell("cilium", "fixed-ip").level == "partial"


@pytest.mark.parametrize("capability", ["egress-gateway", "fqdn-policy"])
def test_calico_enterprise_only_features(catalog, capability):
    assert catalog.cell("calico", capability).level == "enterprise"


def test_submariner_does_not_support_cilium_or_antrea(catalog):
    supported = {entry.plugin for entry in catalog.plugin("submariner").works_with}
    assert "cilium" not in supported
    assert "antrea" not in supported
    assert {"calico", "flannel", "kube-ovn"} <= supported


def test_cilium_shapes_ingress_bandwidth(catalog):
    keys = {m.key for m in catalog.cell("cilium", "bandwidth").mechanisms}
    assert "kubernetes.io/ingress-bandwidth" in keys


def test_cilium_removed_kafka_rules_in_1_20(catalog):
    kafka = [m for m in catalog.cell("cilium", "l7-policy").mechanisms
             if m.key and "kafka" in m.key]
    assert kafka and kafka[0].removed_in == "1.20"


def test_calico_replaced_anp_with_cluster_network_policy_in_3_32(catalog):
    mechanisms = {m.kind: m for m in catalog.cell("calico", "admin-network-policy").mechanisms}
    assert mechanisms["AdminNetworkPolicy"].removed_in == "3.32"
    assert mechanisms["ClusterNetworkPolicy"].since == "3.32"
