"""The check gate end to end: requirement files in, exit codes and findings out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import xmlschema
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
CHECK = FIXTURES / "check"
SCHEMAS = FIXTURES / "schemas"


def requirements(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cniselect.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def body(cni: str, needs: list[str], extra: str = "") -> str:
    return (f"apiVersion: cniselect/v1\nkind: Requirements\ncni: {cni}\n"
            f"needs: [{', '.join(needs)}]\n{extra}")


CASES = [
    ("flannel-fixed-ip", body("flannel", ["fixed-ip"]), 1, ["fixed-ip"]),
    ("calico-egress-gateway", body("calico", ["egress-gateway"]), 1, ["egress-gateway"]),
    ("calico-egress-gateway-enterprise",
     body("calico", ["egress-gateway"], "allow_enterprise: true\n"), 0, []),
    ("kube-ovn-fixed-ip-qos", body("kube-ovn", ["fixed-ip", "qos-latency-loss"]), 0, []),
    ("cilium-windows", body("cilium", ["windows-nodes"]), 1, ["windows-nodes"]),
    ("antrea-egress-fqdn", body("antrea", ["egress-gateway", "fqdn-policy"]), 0, []),
    ("kube-ovn-submariner-mcs",
     body("kube-ovn", ["multicluster-service"], "addons: [submariner]\n"), 0, []),
    ("kube-ovn-mcs-without-addon", body("kube-ovn", ["multicluster-service"]), 1,
     ["multicluster-service"]),
]


@pytest.mark.parametrize("name, text, code, unmet", CASES, ids=[case[0] for case in CASES])
def test_requirement_files(run_cli, tmp_path, name, text, code, unmet):
    path = requirements(tmp_path, text)
    result = run_cli("check", str(path), "--format", "json")
    assert result.exit_code == code, result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] is (code == 0)
    assert [r["capability"] for r in report["requirements"] if not r["met"]] == unmet
    unmet_rules = [f["capability"] for f in report["findings"] if f["rule"] == "CNI001"]
    assert unmet_rules == unmet


def test_unmet_need_finding_points_at_its_line(run_cli, tmp_path):
    path = requirements(tmp_path, body("flannel", ["isolation"]).replace(
        "needs: [isolation]", "needs:\n  - dual-stack\n  - fixed-ip"))
    report = json.loads(run_cli("check", str(path), "-f", "json").stdout)
    [finding] = [f for f in report["findings"] if f["rule"] == "CNI001"]
    assert finding["line"] == 6
    assert finding["path"] == str(path)
    assert "cniselect recommend --need fixed-ip" in finding["fix"]


def test_addon_fix_names_the_addon(run_cli, tmp_path):
    path = requirements(tmp_path, body("kube-ovn", ["multicluster-service"]))
    report = json.loads(run_cli("check", str(path), "-f", "json").stdout)
    assert "submariner" in report["findings"][0]["fix"]


def test_unmet_want_is_only_a_warning(run_cli, tmp_path):
    path = requirements(tmp_path, body("flannel", ["overlay"], "wants: [fixed-ip]\n"))
    result = run_cli("check", str(path), "-f", "json")
    assert result.exit_code == 0
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["severity"]) == ("CNI003", "warning")


def test_fail_on_warning_fails_on_warning(run_cli, tmp_path):
    path = requirements(tmp_path, body("flannel", ["overlay"], "wants: [fixed-ip]\n"))
    assert run_cli("check", str(path), "--fail-on", "warning").exit_code == 1


def test_partial_need_passes_with_warning(run_cli, tmp_path):
    path = requirements(tmp_path, body("cilium", ["fixed-ip"]))
    result = run_cli("check", str(path), "-f", "json")
    assert result.exit_code == 0
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "CNI002"
    assert "CiliumPodIPPool" in finding["message"]


def test_flags_alone_are_enough(run_cli):
    result = run_cli("check", "--cni", "flannel", "--need", "isolation", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["cni"] == "flannel"
    assert report["findings"][0]["path"] is None


def test_flags_override_the_file(run_cli, tmp_path):
    path = requirements(tmp_path, body("flannel", ["fixed-ip"]))
    result = run_cli("check", str(path), "--cni", "calico", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["cni"] == "calico"


BAD_INPUT = [
    ("malformed", "apiVersion: cniselect/v1\nkind: Requirements\ncni: [calico\n", 4,
     "started at line 3"),
    ("api-version", body("calico", ["isolation"]).replace("cniselect/v1", "cniselect/v2"), 1,
     "apiVersion"),
    ("kind", body("calico", ["isolation"]).replace("kind: Requirements", "kind: Policy"), 2,
     "kind"),
    ("wrong-type", body("calico", ["isolation"]) + "allow_enterprise: maybe\n", 5,
     "allow_enterprise"),
    ("unknown-key", body("calico", ["isolation"]) + "need: [fixed-ip]\n", 5, "unknown key"),
    ("unknown-capability", body("calico", ["fixd-ip"]), 4, "unknown capability id 'fixd-ip'"),
    ("unknown-plugin", body("calcio", ["isolation"]), 3, "unknown plugin id 'calcio'"),
    ("unknown-addon", body("calico", ["isolation"], "addons: [submarine]\n"), 5,
     "unknown plugin id 'submarine'"),
    ("addon-not-supported", body("cilium", ["isolation"], "addons: [submariner]\n"), 5,
     "does not support the CNI 'cilium'"),
    ("cni-is-addon", body("submariner", ["isolation"]), 3, "is an add-on, not a CNI"),
]


@pytest.mark.parametrize("name, text, line, words", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_requirements_exit_2_with_line(run_cli, tmp_path, name, text, line, words):
    path = requirements(tmp_path, text)
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:{line}:" in result.stderr
    assert words in result.stderr
    assert "fix:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_requirements_file_exits_2(run_cli, tmp_path):
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "file not found" in result.stderr


def test_no_cni_exits_2(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--need", "isolation")
    assert result.exit_code == 2
    assert "no CNI given" in result.stderr


def test_default_requirements_file(run_cli, tmp_path, monkeypatch):
    requirements(tmp_path, body("flannel", ["fixed-ip"]))
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["cni"] == "flannel"


# Machine formats read by real consumers.

def run_fixture(run_cli, name: str, fmt: str, monkeypatch):
    monkeypatch.chdir(CHECK)
    return run_cli("check", f"{name}.yaml", "--format", fmt)


def test_sarif_validates_and_carries_required_fields(run_cli, monkeypatch):
    result = run_fixture(run_cli, "failing", "sarif", monkeypatch)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["invocations"][0]["exitCode"] == 1
    assert run["results"]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"]
    for sarif_result in run["results"]:
        assert sarif_result["ruleId"] in rule_ids
        for location in sarif_result["locations"]:
            assert location["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_has_results_array_when_clean(run_cli, monkeypatch):
    result = run_fixture(run_cli, "passing", "sarif", monkeypatch)
    log = json.loads(result.stdout)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["exitCode"] == 0


@pytest.mark.parametrize("name", ["failing", "passing"])
def test_junit_validates_against_jenkins_schema(run_cli, monkeypatch, name):
    result = run_fixture(run_cli, name, "junit", monkeypatch)
    schema = xmlschema.XMLSchema(str(SCHEMAS / "jenkins-junit.xsd"))
    schema.validate(result.stdout)
    tree = schema.to_dict(result.stdout)
    cases = tree["testsuite"][0]["testcase"]
    names = [case["@name"] for case in cases]
    assert len(names) == len(set(names))
    for case in cases:
        assert case["@classname"]
        assert case["@time"] == "0"


def test_junit_failures_match_failing_report(run_cli, monkeypatch):
    result = run_fixture(run_cli, "failing", "junit", monkeypatch)
    assert "<failure" in result.stdout
    assert run_fixture(run_cli, "passing", "junit", monkeypatch).stdout.count("<failure") == 0


def test_json_follows_contract(run_cli, monkeypatch):
    report = json.loads(run_fixture(run_cli, "failing", "json", monkeypatch).stdout)
    for key in ("passed", "cni", "requirements", "findings", "suppressed", "skipped"):
        assert key in report
    for key in ("capability", "level", "met"):
        assert key in report["requirements"][0]
    for key in ("rule", "severity", "capability", "path", "line", "message", "fix"):
        assert key in report["findings"][0]


def test_yaml_equals_json(run_cli, monkeypatch):
    as_json = json.loads(run_fixture(run_cli, "failing", "json", monkeypatch).stdout)
    as_yaml = yaml.safe_load(run_fixture(run_cli, "failing", "yaml", monkeypatch).stdout)
    assert as_yaml == as_json


def test_github_format_is_chosen_in_actions(run_cli, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(CHECK)
    result = run_cli("check", "failing.yaml")
    assert result.stdout.startswith("::error file=deploy/policies.yaml,line=")


def test_stdout_holds_only_the_format(run_cli, monkeypatch):
    result = run_fixture(run_cli, "failing", "json", monkeypatch)
    json.loads(result.stdout)
    assert "check failed" in result.stderr


def test_table_summary_is_on_stdout_only(run_cli, monkeypatch):
    result = run_fixture(run_cli, "failing", "table", monkeypatch)
    assert "check failed" in result.stdout
    assert "check failed" not in result.stderr


FORMATS = [("table", "txt"), ("json", "json"), ("yaml", "yaml"), ("markdown", "md"),
           ("junit", "xml"), ("sarif", "sarif"), ("github", "github.txt")]


@pytest.mark.parametrize("name", ["failing", "passing"])
@pytest.mark.parametrize("fmt, suffix", FORMATS, ids=[f for f, _ in FORMATS])
def test_check_golden(run_cli, golden, monkeypatch, name, fmt, suffix):
    first = run_fixture(run_cli, name, fmt, monkeypatch)
    again = run_fixture(run_cli, name, fmt, monkeypatch)
    assert first.stdout == again.stdout
    golden(f"check-{name}.{suffix}", first.stdout)


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_runs(tmp_path):
    """The hook from .pre-commit-hooks.yaml installs and fails on a failing repository."""
    repo_root = Path(__file__).resolve().parents[1]
    work = tmp_path / "cluster"
    shutil.copytree(CHECK, work)
    shutil.copy(work / "failing.yaml", work / "cniselect.yaml")
    env = {"HOME": str(tmp_path), "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=env)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(repo_root), "cniselect-check",
               "--all-files"]
    failing = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "CNI010" in failing.stdout
    shutil.copy(work / "passing.yaml", work / "cniselect.yaml")
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=env)
    passing = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_unquoted_version_gets_a_quoting_hint(run_cli, tmp_path):
    path = requirements(tmp_path, body("cilium", ["isolation"]) + "version: 1.20\n")
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert f"{path}:5:" in result.stderr
    assert 'version: "1.20"' in result.stderr


def test_boolean_must_be_a_boolean(run_cli, tmp_path):
    path = requirements(tmp_path, body("calico", ["egress-gateway"]) + 'allow_enterprise: "yes"\n')
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert "expected true or false" in result.stderr


def test_misspelt_key_suggests_the_right_one(run_cli, tmp_path):
    path = requirements(tmp_path, body("calico", ["isolation"]) + "manifest: [deploy/]\n")
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert "did you mean manifests?" in result.stderr


def test_nothing_to_check_is_an_input_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--cni", "flannel")
    assert result.exit_code == 2
    assert "nothing to check" in result.stderr


def test_want_warning_fails_its_junit_case(run_cli, tmp_path):
    path = requirements(tmp_path, body("flannel", ["overlay"], "wants: [fixed-ip]\n"))
    result = run_cli("check", str(path), "--fail-on", "warning", "--format", "junit")
    assert result.exit_code == 1
    assert 'failures="1"' in result.stdout
    assert '<failure type="CNI003"' in result.stdout


def test_input_error_is_annotated_in_github_actions(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    path = requirements(tmp_path, body("calico", ["fixd-ip"]))
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"::error file={path},line=4,title=cniselect::")


def test_strict_failure_is_said_in_the_summary(run_cli):
    charts = str(Path(__file__).parent / "fixtures" / "repo" / "charts")
    result = run_cli("check", "--cni", "calico", "--need", "isolation", "--manifests", charts,
                     "--strict", "--format", "github")
    assert result.exit_code == 2
    assert "::error title=cniselect::check failed (--strict" in result.stdout
