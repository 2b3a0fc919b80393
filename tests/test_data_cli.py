"""`--data` from the command line: user plugins and overrides reach every command."""

from __future__ import annotations

import json
from pathlib import Path

PLUGIN = """\
apiVersion: cniselect/v1
kind: CatalogOverlay
plugins:
  - id: acme-net
    name: ACME Net
    kind: cni
    homepage: https://net.acme.example/
    license: Proprietary
    assessed: {version: "2.4", date: "2026-11-20"}
    unlisted: none
    support:
      fixed-ip:
        level: full
        mechanisms: [{type: annotation, key: net.acme.example/ip, objects: [Pod]}]
        evidence: [https://net.acme.example/docs/ipam]
      egress-gateway: {level: full, evidence: [https://net.acme.example/docs/egress]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_plugin_is_ranked(run_cli, tmp_path):
    data = write(tmp_path, PLUGIN)
    result = run_cli("recommend", "--need", "fixed-ip", "--need", "egress-gateway",
                     "--data", str(data), "-f", "json")
    assert result.exit_code == 0
    candidates = json.loads(result.stdout)["candidates"]
    assert candidates[0]["plugin"] == "acme-net"


def test_user_cells_are_marked_in_matrix(run_cli, tmp_path):
    data = write(tmp_path, PLUGIN)
    result = run_cli("matrix", "--data", str(data), "--plugin", "acme-net", "--need",
                     "fixed-ip")
    assert "✔*" in result.stdout
    assert "user data file" in result.stdout
    cells = json.loads(run_cli("matrix", "--data", str(data), "-f", "json").stdout)["cells"]
    acme = [cell for cell in cells if cell["plugin"] == "acme-net"]
    assert all(cell["overridden"] for cell in acme)
    assert not any(cell["overridden"] for cell in cells if cell["plugin"] == "calico")


def test_override_changes_a_check(run_cli, tmp_path):
    data = write(tmp_path, """\
apiVersion: cniselect/v1
kind: CatalogOverlay
plugins:
  - id: calico
    support:
      egress-gateway:
        level: full
        mechanisms: [{type: crd, api: example.internal/v1, kind: EgressRoute}]
        evidence: [https://wiki.example.internal/egress]
""")
    plain = run_cli("check", "--cni", "calico", "--need", "egress-gateway")
    overridden = run_cli("check", "--cni", "calico", "--need", "egress-gateway",
                         "--data", str(data))
    assert plain.exit_code == 1
    assert overridden.exit_code == 0


def test_invalid_data_file_exits_2_with_line(run_cli, tmp_path):
    data = write(tmp_path, PLUGIN.replace("level: full\n        mechanisms",
                                          "level: ful\n        mechanisms"))
    result = run_cli("matrix", "--data", str(data))
    assert result.exit_code == 2
    assert f"{data}:13:" in result.stderr
    assert "ful" in result.stderr
