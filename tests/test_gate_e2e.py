"""A small repository of mixed manifests checked against each CNI, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).parent / "fixtures" / "repo"

# (cni, exit code, findings as (rule, path under the repo, line)).
# Why each finding is expected:
# - apps/api.yaml:11 is a ServiceExport: multi-cluster services are enterprise-only in
#   Calico, need Submariner with Kube-OVN and Flannel, and are alpha (partial) in Antrea.
# - apps/db.yaml:14 is Calico's ipAddrs annotation, ignored by every other CNI.
# - policies/l7.yaml:8 is a CiliumNetworkPolicy, ignored by every other CNI (one finding).
# - the two Kubernetes NetworkPolicies are silently ignored by Flannel alone.
EXPECTED = [
    ("calico", 1, {("CNI010", "apps/api.yaml", 11), ("CNI012", "policies/l7.yaml", 8)}),
    ("cilium", 1, {("CNI012", "apps/db.yaml", 14)}),
    ("antrea", 1, {("CNI011", "apps/api.yaml", 11), ("CNI012", "apps/db.yaml", 14),
                   ("CNI012", "policies/l7.yaml", 8)}),
    ("kube-ovn", 1, {("CNI010", "apps/api.yaml", 11), ("CNI012", "apps/db.yaml", 14),
                     ("CNI012", "policies/l7.yaml", 8)}),
    ("flannel", 1, {("CNI010", "apps/api.yaml", 11), ("CNI010", "policies/list.yaml", 5),
                    ("CNI010", "policies/netpol.yaml", 2), ("CNI012", "apps/db.yaml", 14),
                    ("CNI012", "policies/l7.yaml", 8)}),
]


def findings(report: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], Path(f["path"]).relative_to(REPO).as_posix(), f["line"])
            for f in report["findings"]}


@pytest.mark.parametrize("cni, code, expected", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_repository_against_each_cni(run_cli, cni, code, expected):
    result = run_cli("check", "--cni", cni, "--manifests", str(REPO), "-f", "json")
    assert result.exit_code == code
    report = json.loads(result.stdout)
    assert findings(report) == expected
    assert [(Path(s["path"]).name, s["reason"]) for s in report["skipped"]] == [
        ("deployment.yaml", "helm-template")]
    assert "skipped" in result.stderr


def test_submariner_clears_the_service_export_on_kube_ovn(run_cli):
    result = run_cli("check", "--cni", "kube-ovn", "--addon", "submariner",
                     "--manifests", str(REPO / "apps" / "api.yaml"), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_strict_turns_a_skip_into_exit_2(run_cli):
    result = run_cli("check", "--cni", "calico", "--manifests", str(REPO / "charts"), "--strict")
    assert result.exit_code == 2


def test_flannel_directory_of_policies_one_finding_each(run_cli):
    result = run_cli("check", "--cni", "flannel", "--manifests", str(REPO / "policies" /
                                                                       "netpol.yaml"),
                     "--manifests", str(REPO / "policies" / "list.yaml"), "-f", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert sorted((f["rule"], f["line"]) for f in report["findings"]) == [
        ("CNI010", 2), ("CNI010", 5)]
    passing = run_cli("check", "--cni", "calico", "--manifests", str(REPO / "policies" /
                                                                      "netpol.yaml"))
    assert passing.exit_code == 0


def test_missing_manifest_path_exits_2(run_cli, tmp_path):
    result = run_cli("check", "--cni", "calico", "--manifests", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "manifest path not found" in result.stderr


def test_unmatched_glob_exits_2(run_cli, tmp_path):
    result = run_cli("check", "--cni", "calico", "--manifests", str(tmp_path / "**/*.yaml"))
    assert result.exit_code == 2
    assert "no file matches" in result.stderr


# Suppression

def write_requirements(tmp_path: Path, ignore: str) -> Path:
    path = tmp_path / "cniselect.yaml"
    path.write_text(
        "apiVersion: cniselect/v1\nkind: Requirements\ncni: flannel\n"
        f"manifests: [{REPO.as_posix()}/policies]\n{ignore}", encoding="utf-8")
    return path


def test_ignore_by_rule_and_path(run_cli, tmp_path):
    path = write_requirements(tmp_path, "ignore:\n  - {rule: CNI010, path: \"**/list.yaml\"}\n")
    report = json.loads(run_cli("check", str(path), "-f", "json").stdout)
    rules = sorted((f["rule"], Path(f["path"]).name) for f in report["findings"])
    assert ("CNI010", "list.yaml") not in rules
    assert ("CNI010", "netpol.yaml") in rules
    assert report["suppressed"] == 1


def test_unused_ignore_is_a_warning(run_cli, tmp_path):
    path = write_requirements(tmp_path, "ignore:\n  - {rule: CNI020}\n")
    report = json.loads(run_cli("check", str(path), "-f", "json").stdout)
    [unused] = [f for f in report["findings"] if f["rule"] == "CNI031"]
    assert unused["severity"] == "warning"
    assert unused["line"] == 6


def test_inline_ignore(run_cli, tmp_path):
    manifest = tmp_path / "np.yaml"
    manifest.write_text((REPO / "policies" / "netpol.yaml").read_text().replace(
        "kind: NetworkPolicy\n", "kind: NetworkPolicy\n# cniselect: ignore=CNI010 enforced "
        "by the node firewall\n"), encoding="utf-8")
    inline = run_cli("check", "--cni", "flannel", "--manifests", str(manifest), "-f", "json")
    report = json.loads(inline.stdout)
    assert inline.exit_code == 0
    assert report["findings"] == []
    assert report["suppressed"] == 1
    audit = run_cli("check", "--cni", "flannel", "--manifests", str(manifest),
                    "--no-inline-ignores", "-f", "json")
    assert audit.exit_code == 1


@pytest.mark.parametrize("fmt, marker", [
    ("table", "suppressed: 1"), ("markdown", "suppressed: 1"), ("json", '"suppressed": 1'),
    ("yaml", "suppressed: 1"), ("junit", 'name="suppressed" value="1"'),
    ("sarif", '"suppressed": 1'), ("github", "suppressed: 1"),
])
def test_suppressed_count_in_every_format(run_cli, tmp_path, fmt, marker):
    path = write_requirements(tmp_path, "ignore:\n  - {rule: CNI010, path: \"**/list.yaml\"}\n")
    result = run_cli("check", str(path), "-f", fmt)
    assert marker in result.stdout
