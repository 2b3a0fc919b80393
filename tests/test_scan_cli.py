"""`cniselect scan` through the CLI: the contract, stdin, skips and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).parent / "fixtures" / "repo"


def test_scan_contract(run_cli):
    result = run_cli("scan", str(REPO), "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"capabilities", "objects", "skipped"}
    ids = [entry["id"] for entry in data["capabilities"]]
    assert ids == sorted(ids)
    assert {"isolation", "ingress-policy", "egress-policy", "fixed-ip", "l7-policy",
            "multicluster-service"} <= set(ids)
    isolation = next(entry for entry in data["capabilities"] if entry["id"] == "isolation")
    places = {(Path(loc["path"]).name, loc["line"]) for loc in isolation["locations"]}
    assert places == {("netpol.yaml", 2), ("list.yaml", 5)}
    assert data["objects"] == 6
    assert [(Path(s["path"]).name, s["reason"]) for s in data["skipped"]] == [
        ("deployment.yaml", "helm-template")]


def test_scan_reports_skips_on_stderr(run_cli):
    result = run_cli("scan", str(REPO), "-f", "json")
    assert "helm template" in result.stderr


def test_scan_stdin(run_cli):
    text = (REPO / "policies" / "netpol.yaml").read_text()
    result = run_cli("scan", "-", "-f", "json", input=text)
    data = json.loads(result.stdout)
    [isolation] = [entry for entry in data["capabilities"] if entry["id"] == "isolation"]
    assert isolation["locations"][0]["path"] == "-"
    assert isolation["locations"][0]["line"] == 2


def test_scan_strict_exits_2_on_skip(run_cli):
    assert run_cli("scan", str(REPO), "--strict", "-f", "json").exit_code == 2


def test_scan_missing_path_exits_2(run_cli, tmp_path):
    result = run_cli("scan", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_scan_without_paths_exits_2(run_cli):
    assert run_cli("scan").exit_code == 2


def test_scan_table(run_cli):
    result = run_cli("scan", str(REPO / "policies"))
    assert result.exit_code == 0
    assert "ingress-policy" in result.stdout
    assert "objects" in result.stdout


def test_scan_output_is_deterministic(run_cli):
    first = run_cli("scan", str(REPO), "-f", "json").stdout
    assert run_cli("scan", str(REPO), "-f", "json").stdout == first


def test_parallel_scan_gives_the_same_report(run_cli, monkeypatch):
    from cniselect.scan import report

    sequential = run_cli("scan", str(REPO), "-f", "json").stdout
    monkeypatch.setattr(report, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(report, "_CHUNK_FILES", 2)
    monkeypatch.setattr(report.os, "cpu_count", lambda: 2)
    parallel = run_cli("scan", str(REPO), "-f", "json").stdout
    assert parallel == sequential


def test_parallel_check_gives_the_same_findings(run_cli, monkeypatch):
    from cniselect.scan import report

    args = ("check", "--cni", "flannel", "--manifests", str(REPO), "-f", "json")
    sequential = run_cli(*args).stdout
    monkeypatch.setattr(report, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(report, "_CHUNK_FILES", 1)
    monkeypatch.setattr(report.os, "cpu_count", lambda: 2)
    assert run_cli(*args).stdout == sequential
