"""Tests for the manifest reader: every hazard is built in a temporary tree from text."""

from __future__ import annotations

import builtins
import codecs
import io
import os
from pathlib import Path

import pytest

from cniselect.scan.reader import (
    MAX_ALIAS_EXPANSION,
    SKIP_REASONS,
    iter_read,
    read_paths,
)

NETWORK_POLICY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
spec:
  podSelector: {}
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
"""


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write each path → content under ``root`` (bytes as they are, text as UTF-8)."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def read_in(root: Path, *paths: str, **options):
    """Run read_paths from inside ``root`` so that display paths stay relative."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        return read_paths(list(paths), **options)


def kinds(result) -> list[str | None]:
    return [document.data.get("kind") for document in result.documents]


def reasons(result) -> list[tuple[str, str, int | None]]:
    return [(skip.path, skip.reason, skip.line) for skip in result.skipped]


def test_multi_document_file_positions(tmp_path):
    build_tree(tmp_path, {"app.yaml": NETWORK_POLICY + "---\n" + SERVICE})

    result = read_in(tmp_path, "app.yaml")

    assert [(d.path, d.index, d.line, d.end_line) for d in result.documents] == [
        ("app.yaml", 0, 1, 6),
        ("app.yaml", 1, 8, 11),
    ]
    assert kinds(result) == ["NetworkPolicy", "Service"]
    assert result.skipped == ()
    assert result.files == 1


def test_node_tree_keeps_lines(tmp_path):
    build_tree(tmp_path, {"app.yaml": SERVICE + "---\n" + NETWORK_POLICY})

    policy = read_in(tmp_path, "app.yaml").documents[1]

    assert policy.data["spec"] == {"podSelector": {}}
    spec_key, _spec_value = policy.node.value[3]
    assert spec_key.value == "spec"
    assert spec_key.start_mark.line + 1 == 10


def test_alias_bomb_skipped_next_to_policy(tmp_path):
    # Nine levels of nine aliases: about 430 million nodes when expanded.
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        levels.append(f"a{level}: &a{level} [{aliases}]")
    bomb = "\n".join(levels) + "\n"
    build_tree(tmp_path, {"bomb.yaml": bomb + "---\n" + NETWORK_POLICY})

    result = read_in(tmp_path, "bomb.yaml")

    assert kinds(result) == ["NetworkPolicy"]
    assert result.documents[0].index == 1
    assert result.documents[0].line == 12
    assert reasons(result) == [("bomb.yaml", "alias-bomb", 1)]
    assert f"{MAX_ALIAS_EXPANSION:,}" in result.skipped[0].message


def test_small_anchors_and_aliases_read(tmp_path):
    text = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: shared
  labels: &labels {app: web, tier: front}
  annotations:
    copy: *labels
"""
    build_tree(tmp_path, {"anchors.yaml": text})

    result = read_in(tmp_path, "anchors.yaml")

    assert result.skipped == ()
    assert result.documents[0].data["metadata"]["annotations"]["copy"] == {
        "app": "web", "tier": "front"}


def test_alias_cycle_skipped(tmp_path):
    build_tree(tmp_path, {"cycle.yaml": "loop: &loop [*loop]\n---\n" + SERVICE})

    result = read_in(tmp_path, "cycle.yaml")

    assert kinds(result) == ["Service"]
    assert reasons(result) == [("cycle.yaml", "alias-bomb", 1)]


def test_duplicate_ingress_key_reported(tmp_path):
    text = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
  ingress:
  - from: [{podSelector: {matchLabels: {role: client}}}]
  ingress: []
"""
    build_tree(tmp_path, {"policy.yaml": text})

    document = read_in(tmp_path, "policy.yaml").documents[0]

    assert [(issue.kind, issue.line, issue.key) for issue in document.issues] == [
        ("duplicate-key", 9, "ingress")]
    assert document.data["spec"]["ingress"] == []


def test_merge_keys_not_duplicates(tmp_path):
    text = """\
base: &base {app: web, tier: front}
override: &override
  <<: *base
  tier: back
labels:
  <<: [*override, *base]
  app: api
"""
    build_tree(tmp_path, {"merge.yaml": text})

    document = read_in(tmp_path, "merge.yaml").documents[0]

    assert document.issues == ()
    assert document.data["override"] == {"app": "web", "tier": "back"}
    assert document.data["labels"] == {"app": "api", "tier": "back"}


def test_helm_template_skipped_with_hint(tmp_path):
    template = """\
{{- if .Values.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "chart.fullname" . }}
{{- end }}
"""
    build_tree(tmp_path, {"chart/templates/service.yaml": template})

    result = read_in(tmp_path, "chart")

    assert result.documents == ()
    assert reasons(result) == [("chart/templates/service.yaml", "helm-template", None)]
    assert "helm template … | cniselect check --manifests -" in result.skipped[0].message


def test_go_template_in_strings_read(tmp_path):
    rule = """\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: node
spec:
  groups:
  - name: node
    rules:
    - alert: NodeDown
      annotations:
        summary: "{{ $labels.instance }} is down"
"""
    build_tree(tmp_path, {"rule.yaml": rule})

    result = read_in(tmp_path, "rule.yaml")

    assert kinds(result) == ["PrometheusRule"]
    assert result.skipped == ()


def test_broken_middle_document(tmp_path):
    text = SERVICE + "---\nkind: Broken\nspec:\n\tports: []\n---\n" + NETWORK_POLICY
    build_tree(tmp_path, {"three.yaml": text})

    result = read_in(tmp_path, "three.yaml")

    assert [(d.index, d.line, d.data["kind"]) for d in result.documents] == [
        (0, 1, "Service"), (2, 10, "NetworkPolicy")]
    assert reasons(result) == [("three.yaml", "yaml-error", 8)]
    assert result.skipped[0].message.startswith("Invalid YAML: ")


def test_unclosed_flow_reported_on_its_document(tmp_path):
    build_tree(tmp_path, {"flow.yaml": "kind: A\nports: [80, 443\n---\n" + SERVICE})

    result = read_in(tmp_path, "flow.yaml")

    assert kinds(result) == ["Service"]
    assert result.documents[0].index == 1
    assert reasons(result) == [("flow.yaml", "yaml-error", 2)]


def test_control_character_skips_its_document(tmp_path):
    text = "kind: First\nname: é\n---\nkind: Bell\nname: \x07\n---\n" + SERVICE
    build_tree(tmp_path, {"bell.yaml": text})

    result = read_in(tmp_path, "bell.yaml")

    assert kinds(result) == ["First", "Service"]
    assert [d.index for d in result.documents] == [0, 2]
    assert reasons(result) == [("bell.yaml", "yaml-error", 5)]


def test_invalid_value_skips_its_document(tmp_path):
    build_tree(tmp_path, {"date.yaml": "kind: Dated\nwhen: 2024-02-30\n---\n" + SERVICE})

    result = read_in(tmp_path, "date.yaml")

    assert kinds(result) == ["Service"]
    assert reasons(result) == [("date.yaml", "yaml-error", 1)]


def test_utf8_bom_read(tmp_path):
    build_tree(tmp_path, {"bom.yaml": codecs.BOM_UTF8 + SERVICE.encode("utf-8")})

    result = read_in(tmp_path, "bom.yaml")

    assert kinds(result) == ["Service"]
    assert result.documents[0].line == 1
    assert result.documents[0].data["apiVersion"] == "v1"


def test_utf16_with_bom_decoded(tmp_path):
    build_tree(tmp_path, {"windows.yaml": SERVICE.encode("utf-16")})

    result = read_in(tmp_path, "windows.yaml")

    assert kinds(result) == ["Service"]
    assert result.skipped == ()


def test_crlf_lines_right(tmp_path):
    text = SERVICE.replace("\n", "\r\n") + "---\r\n" + NETWORK_POLICY.replace("\n", "\r\n")
    build_tree(tmp_path, {"crlf.yaml": text.encode("utf-8")})

    result = read_in(tmp_path, "crlf.yaml")

    assert [(d.line, d.end_line) for d in result.documents] == [(1, 4), (6, 11)]
    assert result.documents[0].data["metadata"] == {"name": "web"}


def test_mixed_line_endings_lines_right(tmp_path):
    text = ("# cniselect: ignore=CNI001 first\r\nkind: A\rname: a\n---\r\n"
            "kind: B\n# cniselect: ignore=CNI002 second\r\nname: b\n")
    build_tree(tmp_path, {"mixed.yaml": text.encode("utf-8")})

    result = read_in(tmp_path, "mixed.yaml")

    assert [(d.line, d.end_line) for d in result.documents] == [(2, 3), (5, 7)]
    assert [d.directives for d in result.documents] == [
        ((1, "ignore=CNI001 first"),), ((6, "ignore=CNI002 second"),)]


def test_yaml_version_directive(tmp_path):
    text = "%YAML 1.1\n---\n" + SERVICE + "---\n" + NETWORK_POLICY
    build_tree(tmp_path, {"v11.yaml": text, "v12.yaml": text.replace("1.1", "1.2", 1)})

    result = read_in(tmp_path, "v11.yaml", "v12.yaml")

    assert [(d.path, d.index, d.line) for d in result.documents] == [
        ("v11.yaml", 0, 3), ("v11.yaml", 1, 8),
        ("v12.yaml", 0, 3), ("v12.yaml", 1, 8)]
    assert result.skipped == ()


def test_document_start_with_comment(tmp_path):
    text = "--- # the service\n" + SERVICE + "--- # the policy\n" + NETWORK_POLICY
    build_tree(tmp_path, {"commented.yaml": text})

    result = read_in(tmp_path, "commented.yaml")

    assert [(d.index, d.line) for d in result.documents] == [(0, 2), (1, 7)]
    assert kinds(result) == ["Service", "NetworkPolicy"]


def test_empty_documents_produce_nothing(tmp_path):
    text = "---\n---\n# only a comment\n---\n\n---\n" + SERVICE + "---\n"
    build_tree(tmp_path, {
        "empty.yaml": "",
        "comment.yaml": "# nothing here\n",
        "separators.yaml": "---\n---\n",
        "mixed.yaml": text,
    })

    result = read_in(tmp_path, "empty.yaml", "comment.yaml", "separators.yaml", "mixed.yaml")

    assert [(d.path, d.index, d.line) for d in result.documents] == [("mixed.yaml", 3, 7)]
    assert result.skipped == ()
    assert result.files == 4


def test_list_and_scalar_documents_skipped(tmp_path):
    build_tree(tmp_path, {"values.yaml": "- a\n- b\n---\njust text\n---\n" + SERVICE})

    result = read_in(tmp_path, "values.yaml")

    assert kinds(result) == ["Service"]
    assert result.documents[0].index == 2
    assert reasons(result) == [
        ("values.yaml", "not-a-mapping", 1), ("values.yaml", "not-a-mapping", 4)]


def test_kind_list_kept_as_one_document(tmp_path):
    text = """\
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Service, metadata: {name: a}}
- {apiVersion: v1, kind: Service, metadata: {name: b}}
"""
    build_tree(tmp_path, {"list.yaml": text})

    result = read_in(tmp_path, "list.yaml")

    assert kinds(result) == ["List"]
    assert len(result.documents[0].data["items"]) == 2


def test_json_file_read_with_lines(tmp_path):
    text = '{\n\t"apiVersion": "v1",\n\t"kind": "Service",\n\t"metadata": {"name": "web"}\n}\n'
    build_tree(tmp_path, {"service.json": text})

    result = read_in(tmp_path, "service.json")

    assert kinds(result) == ["Service"]
    assert (result.documents[0].line, result.documents[0].end_line) == (1, 5)


def test_stdin_text_stream(tmp_path):
    result = read_paths(["-"], stdin=io.StringIO(SERVICE + "---\n" + NETWORK_POLICY))

    assert [(d.path, d.index, d.line) for d in result.documents] == [("-", 0, 1), ("-", 1, 6)]
    assert result.files == 1


def test_stdin_binary_buffer(tmp_path):
    stream = io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF8 + SERVICE.encode("utf-8")))

    result = read_paths(["-"], stdin=stream)

    assert kinds(result) == ["Service"]


def test_stdin_between_files_keeps_order(tmp_path):
    build_tree(tmp_path, {"a.yaml": "kind: A\n", "b.yaml": "kind: B\n"})

    result = read_in(tmp_path, "b.yaml", "-", "a.yaml", stdin=io.StringIO("kind: Piped\n"))

    assert [(d.path, d.data["kind"]) for d in result.documents] == [
        ("b.yaml", "B"), ("-", "Piped"), ("a.yaml", "A")]


def test_dot_folders_skipped_unless_named(tmp_path):
    build_tree(tmp_path, {
        "repo/app.yaml": "kind: App\n",
        "repo/.git/config.yaml": "kind: Git\n",
        "repo/.github/workflows/ci.yml": "kind: Workflow\n",
        "repo/deploy/.cache/old.yaml": "kind: Cached\n",
    })

    walked = read_in(tmp_path, "repo")
    named = read_in(tmp_path, "repo/.github")

    assert [d.path for d in walked.documents] == ["repo/app.yaml"]
    assert [d.path for d in named.documents] == ["repo/.github/workflows/ci.yml"]


def test_include_and_exclude_globs(tmp_path):
    build_tree(tmp_path, {
        "deploy/app.yaml": "kind: App\n",
        "deploy/values.json": '{"kind": "Values"}\n',
        "deploy/legacy/old.yaml": "kind: Old\n",
        "deploy/prod/app.yml": "kind: Prod\n",
        "deploy/prod/secret.yaml": "kind: Secret\n",
    })

    result = read_in(tmp_path, "deploy", include=["*.yaml", "*.yml"],
                     exclude=["legacy/", "prod/secret.yaml"])

    assert [d.path for d in result.documents] == ["deploy/app.yaml", "deploy/prod/app.yml"]


def test_globs_ignore_named_files(tmp_path):
    build_tree(tmp_path, {"deploy/app.yaml": "kind: App\n"})

    result = read_in(tmp_path, "deploy/app.yaml", exclude=["*.yaml"])

    assert kinds(result) == ["App"]


def test_explicit_file_with_odd_extension(tmp_path):
    build_tree(tmp_path, {"deploy/rendered.txt": SERVICE, "deploy/app.yaml": "kind: App\n"})

    explicit = read_in(tmp_path, "deploy/rendered.txt")
    walked = read_in(tmp_path, "deploy")

    assert [(d.path, d.data["kind"]) for d in explicit.documents] == [
        ("deploy/rendered.txt", "Service")]
    assert [d.path for d in walked.documents] == ["deploy/app.yaml"]


def test_uppercase_extensions_walked(tmp_path):
    build_tree(tmp_path, {"d/A.YAML": "kind: A\n", "d/B.Yml": "kind: B\n", "d/C.JSON": "{}\n"})

    result = read_in(tmp_path, "d")

    assert [d.path for d in result.documents] == ["d/A.YAML", "d/B.Yml", "d/C.JSON"]


def test_broken_symlink_skipped(tmp_path):
    build_tree(tmp_path, {"deploy/app.yaml": "kind: App\n"})
    os.symlink("missing.yaml", tmp_path / "deploy" / "gone.yaml")
    os.symlink("missing", tmp_path / "deploy" / "gone-folder")

    walked = read_in(tmp_path, "deploy")
    named = read_in(tmp_path, "deploy/gone.yaml")

    assert [d.path for d in walked.documents] == ["deploy/app.yaml"]
    assert reasons(walked) == [("deploy/gone.yaml", "broken-symlink", None)]
    assert "missing.yaml" in walked.skipped[0].message
    assert reasons(named) == [("deploy/gone.yaml", "broken-symlink", None)]


def test_symlink_loop_not_followed(tmp_path):
    build_tree(tmp_path, {"deploy/app.yaml": "kind: App\n", "deploy/sub/svc.yaml": SERVICE})
    os.symlink("..", tmp_path / "deploy" / "sub" / "up")
    os.symlink("self.yaml", tmp_path / "deploy" / "self.yaml")

    result = read_in(tmp_path, "deploy")

    assert [d.path for d in result.documents] == ["deploy/app.yaml", "deploy/sub/svc.yaml"]
    assert reasons(result) == [
        ("deploy/self.yaml", "symlink-loop", None),
        ("deploy/sub/up", "symlink-loop", None),
    ]


def test_symlinked_file_read_once(tmp_path):
    build_tree(tmp_path, {"deploy/app.yaml": "kind: App\n", "shared/svc.yaml": SERVICE})
    os.symlink("app.yaml", tmp_path / "deploy" / "z-link.yaml")
    os.symlink("../shared", tmp_path / "deploy" / "shared")

    result = read_in(tmp_path, "deploy", "deploy/app.yaml", "shared")

    assert [d.path for d in result.documents] == ["deploy/app.yaml", "deploy/shared/svc.yaml"]
    assert result.files == 2


def test_file_over_size_limit(tmp_path):
    build_tree(tmp_path, {"big.yaml": SERVICE, "small.yaml": "kind: A\n"})

    result = read_in(tmp_path, "big.yaml", "small.yaml", max_bytes=20)

    assert kinds(result) == ["A"]
    assert reasons(result) == [("big.yaml", "too-large", None)]
    assert f"{len(SERVICE):,} bytes" in result.skipped[0].message
    assert "limit of 20 bytes" in result.skipped[0].message


def test_stdin_over_size_limit():
    result = read_paths(["-"], stdin=io.StringIO(SERVICE), max_bytes=20)

    assert reasons(result) == [("-", "too-large", None)]


def test_binary_file_skipped(tmp_path):
    build_tree(tmp_path, {"image.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})

    result = read_in(tmp_path, "image.yaml")

    assert result.documents == ()
    assert reasons(result) == [("image.yaml", "binary", None)]


def test_not_utf8_skipped_with_line(tmp_path):
    build_tree(tmp_path, {"latin1.yaml": "kind: A\nname: caf\xe9\n".encode("latin-1")})

    result = read_in(tmp_path, "latin1.yaml")

    assert result.documents == ()
    assert reasons(result) == [("latin1.yaml", "not-utf8", 2)]
    assert "0xe9" in result.skipped[0].message


def test_deep_nesting_skipped(tmp_path):
    deep = "kind: Deep\nspec: " + "[" * 5000 + "]" * 5000 + "\n"
    build_tree(tmp_path, {"deep.yaml": deep + "---\n" + SERVICE})

    result = read_in(tmp_path, "deep.yaml")

    assert kinds(result) == ["Service"]
    assert [(path, reason) for path, reason, _line in reasons(result)] == [
        ("deep.yaml", "too-deep")]


def test_missing_path_skipped(tmp_path):
    build_tree(tmp_path, {"empty-dir/readme.md": "no manifests\n"})

    result = read_in(tmp_path, "nowhere.yaml", "empty-dir")

    assert result.documents == ()
    assert reasons(result) == [("nowhere.yaml", "not-found", None)]


def test_unreadable_file_skipped(tmp_path, monkeypatch):
    build_tree(tmp_path, {"locked.yaml": SERVICE, "open.yaml": "kind: A\n"})
    real_open = builtins.open

    def deny_locked(file, *args, **kwargs):
        if str(file).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny_locked)
    result = read_in(tmp_path, "locked.yaml", "open.yaml")

    assert kinds(result) == ["A"]
    assert reasons(result) == [("locked.yaml", "unreadable", None)]
    assert "Permission denied" in result.skipped[0].message


def test_deterministic_order(tmp_path):
    build_tree(tmp_path, {
        "z/b.yaml": "kind: ZB\n",
        "z/a.yaml": "kind: ZA\n",
        "z/a/c.yaml": "kind: ZAC\n",
        "z/B.yaml": "kind: ZUpperB\n",
        "a/x.yaml": "kind: AX\n",
    })

    first = read_in(tmp_path, "z/", "a")
    second = read_in(tmp_path, "z/", "a")

    assert [d.path for d in first.documents] == [
        "z/B.yaml", "z/a/c.yaml", "z/a.yaml", "z/b.yaml", "a/x.yaml"]
    assert [d.data for d in first.documents] == [d.data for d in second.documents]


def test_current_directory_display_paths(tmp_path):
    build_tree(tmp_path, {"deploy/app.yaml": "kind: App\n"})

    result = read_in(tmp_path, ".")

    assert [d.path for d in result.documents] == ["deploy/app.yaml"]


def test_directives_belong_to_their_document(tmp_path):
    text = """\
# cniselect: ignore=CNI001 legacy policy
apiVersion: v1
kind: Service
metadata:
  name: web  # cniselect: ignore=CNI002
---
kind: Plain
url: http://example.invalid/#cniselect:no
"""
    build_tree(tmp_path, {"directives.yaml": text})

    result = read_in(tmp_path, "directives.yaml")

    assert [d.directives for d in result.documents] == [
        ((1, "ignore=CNI001 legacy policy"), (5, "ignore=CNI002")),
        (),
    ]


def test_iter_read_yields_per_file(tmp_path, monkeypatch):
    build_tree(tmp_path, {"d/a.yaml": "kind: A\n---\nkind: B\n", "d/b.yaml": "- x\n"})
    monkeypatch.chdir(tmp_path)

    results = list(iter_read(["d", "missing"]))

    assert [[doc.data["kind"] for doc in result.documents] for result in results] == [
        ["A", "B"], [], []]
    assert [[skip.reason for skip in result.skipped] for result in results] == [
        [], ["not-a-mapping"], ["not-found"]]
    assert [result.files for result in results] == [1, 1, 0]


def test_skip_reasons_listed(tmp_path):
    build_tree(tmp_path, {
        "helm.yaml": "{{ .Values.x }}: [\n",
        "bad.yaml": "a: [\n",
        "list.yaml": "- 1\n",
        "bin.yaml": b"\x00",
        "latin.yaml": b"\xe9\n",
        "big.yaml": "x" * 100,
    })

    result = read_in(tmp_path, ".", max_bytes=50)

    assert {skip.reason for skip in result.skipped} <= set(SKIP_REASONS)
    assert len(result.skipped) == 6
