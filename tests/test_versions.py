"""The same need judged at two plugin versions gets two verdicts where the history changes."""

from __future__ import annotations

import json

import pytest


def check(run_cli, *args: str) -> dict:
    result = run_cli("check", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_kube_ovn_windows_until_1_14(run_cli):
    before = check(run_cli, "--cni", "kube-ovn", "--need", "windows-nodes",
                   "--plugin-version", "kube-ovn=1.14")
    after = check(run_cli, "--cni", "kube-ovn", "--need", "windows-nodes",
                  "--plugin-version", "kube-ovn=1.15")
    assert before["passed"] is True
    assert after["passed"] is False
    assert after["requirements"][0]["reason"] == "removed"


@pytest.mark.parametrize("version, expected", [("1.19", set()), ("1.20", {"CNI013"})])
def test_cilium_kafka_rules(run_cli, tmp_path, version, expected):
    manifest = tmp_path / "kafka.yaml"
    manifest.write_text(
        "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: k}\n"
        "spec:\n  endpointSelector: {}\n  ingress:\n    - toPorts:\n"
        "        - ports: [{port: '9092', protocol: TCP}]\n          rules:\n"
        "            kafka: [{topic: orders}]\n", encoding="utf-8")
    report = check(run_cli, "--cni", "cilium", "--manifests", str(manifest),
                   "--plugin-version", f"cilium={version}")
    assert {f["rule"] for f in report["findings"]} == expected


# The upstream API is alpha, so Calico's support is partial: a CNI011 warning where it works.
@pytest.mark.parametrize("version, passed, rules", [
    ("3.31", True, {"CNI011"}), ("3.32", False, {"CNI013"})])
def test_calico_admin_network_policy(run_cli, tmp_path, version, passed, rules):
    manifest = tmp_path / "anp.yaml"
    manifest.write_text(
        "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
        "metadata: {name: a}\nspec: {priority: 1, subject: {namespaces: {}}}\n",
        encoding="utf-8")
    report = check(run_cli, "--cni", "calico", "--manifests", str(manifest),
                   "--plugin-version", f"calico={version}")
    assert report["passed"] is passed
    assert {f["rule"] for f in report["findings"]} == rules


def test_calico_cluster_network_policy_needs_3_32(run_cli, tmp_path):
    manifest = tmp_path / "cnp.yaml"
    manifest.write_text(
        "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n"
        "metadata: {name: c}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}}\n",
        encoding="utf-8")
    old = check(run_cli, "--cni", "calico", "--manifests", str(manifest),
                "--plugin-version", "calico=3.31")
    new = check(run_cli, "--cni", "calico", "--manifests", str(manifest),
                "--plugin-version", "calico=3.32")
    assert {f["rule"] for f in old["findings"]} == {"CNI013"}
    assert "only has from 3.32" in old["findings"][0]["message"]
    assert {f["rule"] for f in new["findings"]} == {"CNI011"}
    assert new["passed"] is True


def test_version_in_requirements_file(run_cli, tmp_path):
    path = tmp_path / "cniselect.yaml"
    path.write_text("apiVersion: cniselect/v1\nkind: Requirements\ncni: kube-ovn\n"
                    "version: \"1.14\"\nneeds: [windows-nodes]\n", encoding="utf-8")
    assert check(run_cli, str(path))["passed"] is True


def test_matrix_at_version(run_cli):
    result = run_cli("matrix", "--plugin", "kube-ovn", "--need", "windows-nodes",
                     "--plugin-version", "kube-ovn=1.14", "-f", "json")
    [cell] = json.loads(result.stdout)["cells"]
    assert cell["level"] == "partial"


def test_diff_golden(run_cli, golden):
    for fmt, suffix in (("table", "txt"), ("json", "json"), ("markdown", "md")):
        result = run_cli("diff", "cilium@1.19", "cilium@1.20", "-f", fmt)
        assert result.exit_code == 0
        golden(f"diff-cilium.{suffix}", result.stdout)


def test_diff_two_plugins(run_cli):
    data = json.loads(run_cli("diff", "calico", "cilium", "-f", "json").stdout)
    changed = {row["capability"] for row in data["differences"]}
    assert "egress-gateway" in changed
    assert data["same"] + len(data["differences"]) >= 29


def test_diff_unknown_plugin_exits_2(run_cli):
    result = run_cli("diff", "cilium", "calcio")
    assert result.exit_code == 2
    assert "calico" in result.stderr
