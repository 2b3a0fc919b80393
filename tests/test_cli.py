"""The CLI through typer's test runner: exit codes, machine output and golden files."""

from __future__ import annotations

import json

import pytest
import yaml

RECOMMEND = ("recommend", "--need", "fixed-ip", "--need", "egress-gateway")


def test_recommend_json_follows_contract(run_cli):
    result = run_cli(*RECOMMEND, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data["candidates"][0]
    for key in ("rank", "plugin", "addons", "score", "qualified", "verdicts", "disqualified_by"):
        assert key in first
    for key in ("capability", "level", "met", "caveats"):
        assert key in first["verdicts"][0]
    assert first["plugin"] == "kube-ovn"
    assert [c["rank"] for c in data["candidates"]] == list(range(1, len(data["candidates"]) + 1))


def test_recommend_yaml_has_same_shape_as_json(run_cli):
    as_json = json.loads(run_cli(*RECOMMEND, "--format", "json").stdout)
    as_yaml = yaml.safe_load(run_cli(*RECOMMEND, "--format", "yaml").stdout)
    assert as_yaml == as_json


@pytest.mark.parametrize("fmt, suffix", [("table", "txt"), ("markdown", "md"), ("json", "json")])
def test_recommend_golden(run_cli, golden, fmt, suffix):
    result = run_cli(*RECOMMEND, "--format", fmt)
    assert result.exit_code == 0
    golden(f"recommend.{suffix}", result.stdout)


@pytest.mark.parametrize("fmt, suffix", [("table", "txt"), ("markdown", "md"), ("json", "json")])
def test_matrix_golden(run_cli, golden, fmt, suffix):
    result = run_cli("matrix", "--plugin", "calico", "--plugin", "cilium", "--plugin", "flannel",
                     "--need", "isolation", "--need", "egress-gateway", "--format", fmt)
    assert result.exit_code == 0
    golden(f"matrix.{suffix}", result.stdout)


def test_matrix_covers_every_system_and_capability(run_cli, tmp_path):
    result = run_cli("matrix", "--format", "json")
    data = json.loads(result.stdout)
    plugins = [p["id"] for p in data["plugins"]]
    capabilities = [c["id"] for c in data["capabilities"]]
    assert {"calico", "cilium", "antrea", "kube-ovn", "flannel", "submariner"} <= set(plugins)
    assert len(capabilities) >= 28
    assert len(data["cells"]) == len(plugins) * len(capabilities)


def test_matrix_table_has_legend(run_cli):
    result = run_cli("matrix")
    assert "Legend:" in result.stdout
    assert "unknown" in result.stdout


def test_unknown_capability_exits_2_with_suggestion(run_cli):
    result = run_cli("recommend", "--need", "fixd-ip")
    assert result.exit_code == 2
    assert "unknown capability id 'fixd-ip'" in result.stderr
    assert "fixed-ip" in result.stderr
    assert result.stdout == ""


def test_unknown_plugin_exits_2_with_suggestion(run_cli):
    result = run_cli("show", "calcio")
    assert result.exit_code == 2
    assert "unknown plugin id 'calcio'" in result.stderr
    assert "calico" in result.stderr


def test_alias_is_accepted(run_cli):
    result = run_cli("recommend", "--need", "egress-gw", "--need", "static-ip", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["query"]["needs"] == ["egress-gateway", "fixed-ip"]


def test_recommend_without_needs_is_usage_error(run_cli):
    result = run_cli("recommend")
    assert result.exit_code == 2
    assert "at least one --need" in result.stderr


def test_unknown_flag_is_usage_error(run_cli):
    assert run_cli("recommend", "--bogus").exit_code == 2


@pytest.mark.parametrize("value", ["bandwidth:0", "bandwidth:x", "bandwidth:-1"])
def test_bad_want_weight_exits_2(run_cli, value):
    result = run_cli("recommend", "--need", "isolation", "--want", value)
    assert result.exit_code == 2
    assert "weight" in result.stderr


def test_want_weight_is_used(run_cli):
    result = run_cli("recommend", "--need", "isolation", "--want", "bandwidth:3", "-f", "json")
    wants = json.loads(result.stdout)["query"]["wants"]
    assert wants == [{"capability": "bandwidth", "weight": 3.0}]


def test_strict_exits_1_when_nobody_qualifies(run_cli):
    result = run_cli("recommend", "--need", "windows-nodes", "--need", "qos-latency-loss",
                     "--strict", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["candidates"]


def test_output_file(run_cli, tmp_path):
    target = tmp_path / "out.json"
    result = run_cli(*RECOMMEND, "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text())["candidates"]


def test_capabilities_lists_ids_and_aliases(run_cli):
    data = json.loads(run_cli("capabilities", "-f", "json").stdout)
    fixed = next(c for c in data["capabilities"] if c["id"] == "fixed-ip")
    assert "static-ip" in fixed["aliases"]


def test_show_profile(run_cli):
    data = json.loads(run_cli("show", "kube-ovn", "-f", "json").stdout)
    assert data["plugin"]["id"] == "kube-ovn"
    assert {cell["capability"] for cell in data["cells"]} >= {"fixed-ip", "windows-nodes"}


def test_explain_has_snippet(run_cli):
    data = json.loads(run_cli("explain", "fixed-ip", "--plugin", "kube-ovn", "-f", "json").stdout)
    [cell] = data["plugins"]
    assert "ovn.kubernetes.io/ip_address" in cell["snippet"]


def test_explain_table(run_cli):
    result = run_cli("explain", "egress-gw", "--plugin", "cilium")
    assert result.exit_code == 0
    assert "CiliumEgressGatewayPolicy" in result.stdout


def test_plugin_version_changes_answer(run_cli):
    old = json.loads(run_cli("recommend", "--need", "windows-nodes", "--plugin-version",
                             "kube-ovn=1.14", "-f", "json").stdout)
    new = json.loads(run_cli("recommend", "--need", "windows-nodes", "-f", "json").stdout)
    def pick(data):
        return next(c for c in data["candidates"] if c["plugin"] == "kube-ovn")

    assert pick(old)["qualified"]
    assert not pick(new)["qualified"]


def test_bad_plugin_version_exits_2(run_cli):
    result = run_cli("matrix", "--plugin-version", "cilium")
    assert result.exit_code == 2
    assert "PLUGIN=VERSION" in result.stderr


def test_version_flag(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("cniselect ")


def test_output_is_deterministic(run_cli):
    first = run_cli("matrix", "-f", "json").stdout
    assert run_cli("matrix", "-f", "json").stdout == first
