"""Generate the reference pages in docs/ from the catalog (and, later, the rule table).

``python -m cniselect.docgen`` rewrites them; a test fails when the committed pages differ
from what this module produces, so the docs never drift from the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data.catalog import Catalog
from .data.loader import load_bundled
from .i18n import _, pick, set_language
from .render.labels import (
    SYMBOLS,
    level_label,
    maturity_label,
    mechanism_text,
    severity_label,
)
from .render.markdown import escape, legend, table


def capabilities_page(catalog: Catalog) -> str:
    """Return docs/capabilities.md in the current language."""
    plugins = catalog.plugins
    lines = [
        "# " + _("Capability reference"),
        "",
        _("Generated from src/cniselect/data/capabilities.yaml by `python -m cniselect.docgen`; "
          "do not edit by hand."),
        "",
        "## " + _("Matrix"),
        "",
    ]
    header = [_("Capability")] + [f"`{plugin.id}`" for plugin in plugins]
    rows = [
        [f"[`{c.id}`](#{c.id})"] + [SYMBOLS[catalog.cell(p.id, c.id).level] for p in plugins]
        for c in catalog.capabilities
    ]
    lines += table(header, rows)
    lines += ["", *legend(), "", "## " + _("Systems"), ""]
    system_rows = [
        [f"`{p.id}`", p.name, p.kind, p.license, p.assessed.version, p.assessed.date,
         ", ".join(entry.plugin for entry in p.works_with)]
        for p in plugins
    ]
    lines += table([_("Id"), _("Name"), _("Kind"), _("License"), _("Version assessed"),
                    _("Checked on"), _("Works with")], system_rows)
    for capability in catalog.capabilities:
        lines += ["", f"## {capability.id}", "", f"**{pick(capability.title)}**: "
                  f"{pick(capability.description)}", ""]
        if capability.aliases:
            aliases = ", ".join(f"`{a}`" for a in capability.aliases)
            lines += [_("Aliases: {aliases}").format(aliases=aliases), ""]
        cell_rows = []
        for plugin in plugins:
            cell = catalog.cell(plugin.id, capability.id)
            level = f"{SYMBOLS[cell.level]} {level_label(cell.level)}"
            if cell.addon:
                level += f" ({cell.addon})"
            since = ""
            if cell.since:
                since = cell.since.version
                if cell.since.maturity:
                    since += f" ({maturity_label(cell.since.maturity)})"
            if cell.removed_in:
                since += " " + _("removed in {version}").format(version=cell.removed_in)
            mechanisms = "<br>".join(escape(f"`{mechanism_text(m)}`") for m in cell.mechanisms)
            caveats = "<br>".join(escape(pick(c)) for c in cell.caveats)
            sources = " ".join(f"[{index}]({url})" for index, url in enumerate(cell.evidence, 1))
            cell_rows.append([plugin.name, level, since, mechanisms, caveats, sources])
        header = [_("System"), _("Level"), _("Since"), _("Mechanism"), _("Caveats"),
                  _("Sources")]
        lines += [line.replace("\\<br>", "<br>") for line in table(header, cell_rows)]
    return "\n".join(lines) + "\n"


def rules_page() -> str:
    """Return docs/rules.md: every rule of the gate and every detector, in the current language."""
    from .scan.rules import load_rules

    table_data = load_rules()
    lines = [
        "# " + _("Rule reference"),
        "",
        _("Generated from src/cniselect/scan/rules.yaml by `python -m cniselect.docgen`; "
          "do not edit by hand."),
        "",
        _("Silence a rule under a path with `ignore:` in the requirements file, or for one "
          "manifest with a `# cniselect: ignore=RULE reason` comment."),
        "",
        "## " + _("Rules"),
        "",
    ]
    rows = []
    for rule in table_data.rules:
        fix = rule.fix_summary()
        rows.append([f"`{rule.id}`", f"`{rule.name}`", severity_label(rule.severity),
                     rule.render("summary"),
                     fix])
    lines += table([_("Id"), _("Name"), _("Severity"), _("What it reports"), _("Fix")], rows)
    lines += ["", "## " + _("Detectors"), "",
              _("What in a manifest counts as relying on a capability. `Pod` means pods and "
                "the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs "
                "and CronJobs."), ""]
    rows = []
    for detector in table_data.detectors:
        if detector.annotation:
            match = _("annotation `{key}` on {objects}").format(
                key=detector.annotation, objects=", ".join(detector.objects))
        else:
            match = ", ".join(f"`{kind}`" for kind in detector.kinds)
            if detector.field:
                match += " " + _("with `{field}`").format(field=detector.field)
            if detector.search:
                match += " " + _("with `{field}` anywhere").format(field=".".join(detector.search))
            if detector.value:
                match += " = " + " | ".join(f"`{value}`" for value in detector.value)
        rows.append([f"`{detector.id}`", f"`{detector.capability}`", detector.plugin or "-",
                     match])
    lines += table([_("Detector"), _("Capability"), _("Owner"), _("Matches")], rows)
    return "\n".join(lines) + "\n"


def generated_pages(docs: Path) -> dict[Path, str]:
    """Return every generated page, keyed by its path under the ``docs`` folder."""
    catalog = load_bundled()
    pages = {}
    for language, folder in (("en", docs), ("zh-CN", docs / "zh-CN")):
        set_language(language)
        pages[folder / "capabilities.md"] = capabilities_page(catalog)
        pages[folder / "rules.md"] = rules_page()
    set_language("en")
    return pages


def main() -> int:
    """Write every generated page into ./docs (run it from the repository root)."""
    for path, text in generated_pages(Path.cwd() / "docs").items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
