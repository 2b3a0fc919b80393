"""Markdown output for pull-request comments, job summaries and docs."""

from __future__ import annotations

from typing import Any

from ..i18n import _, pick
from ..results import (
    CapabilitiesResult,
    CatalogResult,
    ExplainResult,
    MatrixResult,
    PluginResult,
    RecommendResult,
)
from .interface import OutputFormat
from .labels import (
    SYMBOLS,
    caveat_texts,
    install_lines,
    join_list,
    legend_entry,
    level_label,
    maturity_label,
    mechanism_text,
    severity_label,
    summary_line,
    verdict_reason,
)
from .plain import plugin_names


def escape(text: str) -> str:
    """Escape the characters that would break a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Return the lines of a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def legend() -> list[str]:
    """Return the legend of the level symbols."""
    items = _("; ").join(f"{symbol} {legend_entry(level)}" for level, symbol in SYMBOLS.items())
    return [_("Legend: {items}").format(items=items)]


class MarkdownFormat(OutputFormat):
    """GitHub-flavoured Markdown."""

    name = "markdown"
    is_manifest = False

    def render_recommend(self, result: RecommendResult) -> str:
        names = plugin_names(result)
        query = result.recommendation.query
        needs = ", ".join(f"`{need}`" for need in query.needs) or "-"
        lines = ["# " + _("CNI recommendation"), "", _("Needs: {needs}").format(needs=needs)]
        if query.wants:
            wants = ", ".join(f"`{w.capability}`×{w.weight:g}" for w in query.wants)
            lines.append("")
            lines.append(_("Wants: {wants}").format(wants=wants))
        lines.append("")
        rows = []
        for candidate in result.recommendation.candidates:
            stack = " + ".join(names[p] for p in (candidate.plugin, *candidate.addons))
            verdict = (_("meets every need") if candidate.qualified
                       else _("misses: {ids}").format(ids=join_list(candidate.disqualified_by)))
            rows.append([str(candidate.rank), stack, f"{candidate.score:.1f}", verdict])
        lines += table(["#", _("Candidate"), _("Score"), _("Verdict")], rows)
        for candidate in result.recommendation.candidates:
            stack = " + ".join(names[p] for p in (candidate.plugin, *candidate.addons))
            lines += ["", f"## {candidate.rank}. {stack}", ""]
            for verdict in candidate.verdicts:
                mark = SYMBOLS[verdict.level] if verdict.met else SYMBOLS["none"]
                want = "" if verdict.required else " " + _("(want)")
                maturity = maturity_label(verdict.maturity)
                suffix = f" ({maturity})" if maturity else ""
                lines.append(f"- {mark} `{verdict.capability}`{want}: "
                             f"{verdict_reason(verdict, names)}{suffix}")
                if verdict.met and verdict.mechanisms:
                    how = "; ".join(f"`{mechanism_text(m)}`" for m in verdict.mechanisms[:2])
                    lines.append("  - " + _("how: {how}").format(how=how))
                for caveat in caveat_texts(verdict):
                    lines.append(f"  - {caveat}")
        for hint in result.install:
            lines += ["", "## " + _("Install {name}:").format(name=hint.name), "", "```sh"]
            lines += install_lines(hint)
            lines.append("```")
        return "\n".join(lines) + "\n"

    def render_matrix(self, result: MatrixResult) -> str:
        header = [_("Capability")] + [result.catalog.plugin(p).name for p in result.plugins]
        rows = []
        for capability_id in result.capabilities:
            row = [f"`{capability_id}`"]
            for plugin_id in result.plugins:
                level = result.state(plugin_id, capability_id).level
                marker = SYMBOLS[level]
                if (plugin_id, capability_id) in result.catalog.overridden:
                    marker += "\\*"
                row.append(marker)
            rows.append(row)
        lines = table(header, rows)
        lines += ["", *legend(), "", *self._assessed(result, result.plugins)]
        return "\n".join(lines) + "\n"

    def _assessed(self, result: CatalogResult, plugins: tuple[str, ...]) -> list[str]:
        parts = []
        for plugin_id in plugins:
            plugin = result.catalog.plugin(plugin_id)
            part = f"{plugin.name} {plugin.assessed.version} ({plugin.assessed.date})"
            if result.versions.get(plugin_id):
                part += " " + _("judged at {version}").format(version=result.versions[plugin_id])
            parts.append(part)
        lines = [_("Assessed: {items}").format(items="; ".join(parts))]
        if result.catalog.overridden:
            lines += ["", _("\\* cell changed by a user data file")]
        return lines

    def render_capabilities(self, result: CapabilitiesResult) -> str:
        rows = [
            [f"`{c.id}`", c.category, ", ".join(c.aliases), pick(c.description)]
            for c in result.catalog.capabilities
        ]
        header = [_("Capability"), _("Category"), _("Aliases"), _("Description")]
        return "\n".join(table(header, rows)) + "\n"

    def render_plugin(self, result: PluginResult) -> str:
        plugin = result.catalog.plugin(result.plugin)
        lines = [f"# {plugin.name} (`{plugin.id}`)", ""]
        lines.append(_("Kind: {kind}   License: {license}   Homepage: {homepage}").format(
            kind=plugin.kind, license=plugin.license, homepage=plugin.homepage))
        lines.append("")
        lines.append(_("Assessed: version {version} on {date}").format(
            version=plugin.assessed.version, date=plugin.assessed.date))
        lines.append("")
        rows = []
        for capability in result.catalog.capabilities:
            cell = result.cell(plugin.id, capability.id)
            state = result.state(plugin.id, capability.id)
            level = f"{SYMBOLS[state.level]} {level_label(state.level)}"
            mechanisms = "; ".join(f"`{mechanism_text(m)}`" for m in cell.mechanisms)
            caveats = " ".join(pick(c) for c in cell.caveats)
            rows.append([f"`{capability.id}`", level, mechanisms, caveats])
        lines += table([_("Capability"), _("Level"), _("Mechanism"), _("Caveats")], rows)
        if result.install is not None:
            lines += ["", "## " + _("Install {name}:").format(name=plugin.name), "", "```sh"]
            lines += install_lines(result.install)
            lines.append("```")
        return "\n".join(lines) + "\n"

    def render_explain(self, result: ExplainResult) -> str:
        capability = result.catalog.capability(result.capability)
        lines = [f"# `{capability.id}`: {pick(capability.title)}", "", pick(capability.description)]
        for plugin_id in result.plugins:
            plugin = result.catalog.plugin(plugin_id)
            cell = result.cell(plugin_id, capability.id)
            state = result.state(plugin_id, capability.id)
            lines += ["", f"## {plugin.name}: {SYMBOLS[state.level]} {level_label(state.level)}",
                      ""]
            for mechanism in cell.mechanisms:
                lines.append(f"- `{mechanism_text(mechanism)}`")
            for requirement in cell.requires:
                lines.append("- " + _("requires: {text}").format(text=pick(requirement)))
            for caveat in cell.caveats:
                lines.append(f"- {pick(caveat)}")
            if cell.snippet:
                lines += ["", "```yaml", cell.snippet.rstrip(), "```"]
            urls = ", ".join(f"<{url}>" for url in cell.evidence)
            lines += ["", _("source: {urls}").format(urls=urls)]
        return "\n".join(lines) + "\n"

    def render_diff(self, result: Any) -> str:
        left, right = result.left.label(result.catalog), result.right.label(result.catalog)
        same_plugin = result.left.plugin == result.right.plugin
        lines = [f"# {left} ↔ {right}", ""]
        rows = []
        for row in result.rows:
            notes = [_("only {side}: {how}").format(side=left, how=f"`{how}`")
                     for how in row.only_left]
            notes += [_("only {side}: {how}").format(side=right, how=f"`{how}`")
                      for how in row.only_right]
            caveats = row.left_caveats if same_plugin else row.left_caveats + row.right_caveats
            notes += list(caveats)
            rows.append([f"`{row.capability}`",
                         f"{SYMBOLS[row.left.level]} {level_label(row.left.level)}",
                         f"{SYMBOLS[row.right.level]} {level_label(row.right.level)}",
                         "<br>".join(escape(note) for note in notes)])
        lines += [line.replace("\\<br>", "<br>") for line in
                  table([_("Capability"), left, right, _("What changes")], rows)]
        lines += ["", _("{count} capabilities differ; {same} are the same.").format(
            count=len(result.rows), same=result.same)]
        return "\n".join(lines) + "\n"

    def render_check_report(self, report: Any) -> str:
        stack = " + ".join([report.cni_name + (f" {report.version}" if report.version else ""),
                            *report.addons])
        status = _("✅ passed") if report.passed else _("❌ failed")
        lines = [f"# cniselect check: {status}", "", _("Cluster CNI: {stack}").format(stack=stack)]
        if report.source:
            lines += ["", _("Requirements: {path}").format(path=f"`{report.source}`")]
        if report.requirements:
            rows = []
            for result in report.requirements:
                verdict = result.verdict
                rows.append([
                    f"`{verdict.capability}`",
                    _("need") if verdict.required else _("want"),
                    f"{SYMBOLS[verdict.level]} {level_label(verdict.level)}",
                    _("met") if verdict.met else _("unmet"),
                ])
            header = [_("Capability"), _("Need or want"), _("Level"), _("Result")]
            lines += [""] + table(header, rows)
        lines += ["", "## " + _("Findings"), ""]
        if report.findings:
            rows = [[severity_label(finding.severity), f"`{finding.rule}`",
                     f"`{finding.path}:{finding.line}`" if finding.path else "-",
                     finding.message, finding.fix] for finding in report.findings]
            lines += table([_("Severity"), _("Rule"), _("Location"), _("Message"), _("Fix")],
                           rows)
        else:
            lines.append(_("No findings."))
        lines += ["", summary_line(report)]
        for skip in report.skipped:
            lines.append(f"- `{skip.path}`: {skip.message}")
        return "\n".join(lines) + "\n"

    def render_scan(self, result: Any) -> str:
        lines = ["# " + _("Capabilities the manifests rely on"), ""]
        rows = []
        for capability, detections in result.capabilities().items():
            places = "<br>".join(f"`{d.path}:{d.line}` {d.object.kind}/{d.object.name}"
                                 for d in detections)
            rows.append([f"`{capability}`", places])
        if rows:
            lines += [line.replace("\\<br>", "<br>") for line in
                      table([_("Capability"), _("Locations")], rows)]
        else:
            lines.append(_("No capability found in the manifests."))
        lines += ["", _("{files} files, {objects} objects, {skipped} skipped").format(
            files=result.files, objects=result.objects, skipped=len(result.skipped))]
        for skip in result.skipped:
            lines.append(f"- `{skip.path}`: {skip.message}")
        return "\n".join(lines) + "\n"
