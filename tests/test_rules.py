"""Every rule fires on its `fires` fixtures, at the marked lines, and not on `passes`.

A fixture is a manifest (checked with the CNI named in its `# cni:` header, plus optional
`# version:` and `# addons:` headers) or a requirements file. A `# expect: RULE` comment
marks each line where the rule must fire.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cniselect.commands import CheckOptions, run_check
from cniselect.scan.rules import load_rules

RULES_DIR = Path(__file__).parent / "fixtures" / "rules"
_HEADER = re.compile(r"^# (cni|version|addons): *(.+)$")
_EXPECT = re.compile(r"# expect: *([A-Z0-9, ]+)$")


def fixtures(kind: str) -> list[Path]:
    return sorted(RULES_DIR.glob(f"*/{kind}/*.yaml"))


def expected(path: Path) -> set[tuple[str, int]]:
    marks = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = _EXPECT.search(line)
        if match:
            marks |= {(rule.strip(), number) for rule in match.group(1).split(",")}
    return marks


def check(path: Path) -> set[tuple[str, int]]:
    text = path.read_text()
    if "kind: Requirements" in text:
        options = CheckOptions(requirements_file=path)
    else:
        headers = dict(_HEADER.match(line).groups() for line in text.splitlines()
                       if _HEADER.match(line))
        cni = headers["cni"]
        versions = (f"{cni}={headers['version'].strip(chr(34))}",) if "version" in headers else ()
        addons = tuple(a.strip() for a in headers.get("addons", "").split(",") if a.strip())
        options = CheckOptions(cni=cni, plugin_versions=versions, addons=addons,
                               manifests=(str(path),), fail_on="info")
    report = run_check(options)
    return {(f.rule, f.line) for f in report.findings if f.path == str(path)}


@pytest.mark.parametrize("path", fixtures("fires"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_rule_fires(path):
    rule = path.parts[-3]
    found = {(r, line) for r, line in check(path) if r == rule}
    assert found == expected(path)


@pytest.mark.parametrize("path", fixtures("passes"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_rule_passes(path):
    rule = path.parts[-3]
    assert {r for r, _ in check(path)} & {rule} == set()


def test_every_rule_has_fixtures_both_ways():
    for rule in load_rules().rules:
        assert list((RULES_DIR / rule.id / "fires").glob("*.yaml")), f"{rule.id} never fires"
        assert list((RULES_DIR / rule.id / "passes").glob("*.yaml")), f"{rule.id} never passes"


def test_every_rule_has_fix_and_chinese():
    for rule in load_rules().rules:
        assert rule.fix.en and rule.fix.zh_cn
        assert rule.message.zh_cn and rule.summary.zh_cn
        assert set(re.findall(r"\{(\w+)\}", rule.message.en)) == \
            set(re.findall(r"\{(\w+)\}", rule.message.zh_cn)), rule.id


def test_detectors_reference_known_capabilities_and_plugins():
    from cniselect.data.loader import load_bundled

    catalog = load_bundled()
    for detector in load_rules().detectors:
        catalog.capability(detector.capability)
        if detector.plugin:
            catalog.plugin(detector.plugin)
