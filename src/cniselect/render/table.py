"""Terminal output with rich tables, laid out for the terminal width.

Rich measures East Asian wide characters, so Chinese labels keep the columns aligned.
"""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

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
    STYLES,
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

# Characters a matrix column adds around its content: padding on both sides and a gap.
_CELL_PADDING = 3


def _state_text(state: Any) -> Text:
    text = Text(f"{SYMBOLS[state.level]} {level_label(state.level)}", style=STYLES[state.level])
    if state.maturity:
        text.append(f" ({maturity_label(state.maturity)})", style="dim")
    return text


def _header(plugin_id: str) -> str:
    """Return a plugin id folded after each hyphen, so matrix columns stay narrow."""
    return plugin_id.replace("-", "-\n")


def _header_width(plugin_id: str) -> int:
    return max(len(part) for part in _header(plugin_id).split("\n"))


def _severity_text(severity: str) -> Text:
    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    return Text(severity_label(severity), style=styles[severity])


def _location(path: str, line: int) -> str:
    return f"{path}:{line}" if path else "-"


class _GateTables:
    """Table layouts for ``check`` and ``scan`` results, mixed into TableFormat."""

    options: Any
    _print: Any

    def render_check_report(self, report: Any) -> str:
        stack = " + ".join([report.cni_name + (f" {report.version}" if report.version else ""),
                            *report.addons])
        header = Text(_("Cluster CNI: "), style="bold")
        header.append(stack)
        if report.source:
            header.append("   " + _("Requirements: "), style="bold")
            header.append(report.source)
        blocks: list[Any] = [header]

        if report.requirements:
            table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column(_("Capability"), no_wrap=True)
            table.add_column(_("Need or want"), no_wrap=True)
            table.add_column(_("Level"), no_wrap=True)
            table.add_column(_("Result"), overflow="fold")
            for result in report.requirements:
                verdict = result.verdict
                kind = _("need") if verdict.required else _("want")
                level = Text(f"{SYMBOLS[verdict.level]} {level_label(verdict.level)}",
                             style=STYLES[verdict.level])
                outcome = Text(_("met") if verdict.met else _("unmet"),
                               style="green" if verdict.met else "red")
                table.add_row(verdict.capability, kind, level, outcome)
            blocks.append(table)

        if report.findings:
            findings = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                             show_lines=False)
            findings.add_column(_("Severity"), no_wrap=True)
            findings.add_column(_("Rule"), no_wrap=True)
            # The location heads the message cell: a long path then wraps inside the cell
            # instead of squeezing the message column out of a narrow terminal.
            findings.add_column(_("Finding"), overflow="fold")
            for finding in report.findings:
                message = Text(_location(finding.path, finding.line), style="bold")
                message.append("\n" + finding.message, style="")
                message.append("\n" + _("fix: {fix}").format(fix=finding.fix), style="dim")
                findings.add_row(_severity_text(finding.severity), finding.rule, message)
            blocks.append(findings)
        else:
            blocks.append(Text(_("No findings."), style="green"))
        if report.skipped:
            blocks.append(self._skipped_text(report.skipped))
        outcome = summary_line(report)
        blocks.append(Text(outcome, style="bold " + ("green" if report.passed else "red")))
        return self._print(*blocks)

    def _skipped_text(self, skipped: Any) -> Text:
        text = Text()
        for skip in skipped:
            where = f"{skip.path}:{skip.line}" if skip.line else skip.path
            if text:
                text.append("\n")
            text.append(_("skipped {path}: {message}").format(path=where, message=skip.message),
                        style="yellow")
        return text

    def render_scan(self, result: Any) -> str:
        table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column(_("Capability"), no_wrap=True)
        table.add_column(_("Locations"), overflow="fold")
        for capability, detections in result.capabilities().items():
            locations = "\n".join(
                f"{d.path}:{d.line}  {d.object.kind}/{d.object.name}  ({d.evidence})"
                for d in detections)
            table.add_row(capability, locations)
        summary = Text(_("{files} files, {objects} objects, {skipped} skipped").format(
            files=result.files, objects=result.objects, skipped=len(result.skipped)))
        blocks: list[Any] = [table] if result.detections else [
            Text(_("No capability found in the manifests."))]
        blocks.append(summary)
        if result.skipped:
            blocks.append(self._skipped_text(result.skipped))
        return self._print(*blocks)


class TableFormat(_GateTables, OutputFormat):
    """Human-readable tables and explanations for a terminal."""

    name = "table"
    is_manifest = False

    def _console(self, buffer: io.StringIO) -> Console:
        return Console(
            file=buffer,
            width=self.options.width,
            force_terminal=self.options.color,
            no_color=not self.options.color,
            color_system="standard" if self.options.color else None,
            highlight=False,
            emoji=False,
            soft_wrap=False,
            legacy_windows=False,
        )

    def _print(self, *renderables: Any) -> str:
        buffer = io.StringIO()
        console = self._console(buffer)
        for renderable in renderables:
            console.print(renderable)
        text = buffer.getvalue()
        if self.options.color:
            return text
        # Rich pads every table line to its full width; plain text drops the padding.
        return "\n".join(line.rstrip() for line in text.split("\n"))

    # recommend

    def render_recommend(self, result: RecommendResult) -> str:
        recommendation = result.recommendation
        names = plugin_names(result)
        query = recommendation.query
        header = Text()
        header.append(_("Needs: "), style="bold")
        header.append(", ".join(query.needs) or "-")
        if query.wants:
            header.append("   " + _("Wants: "), style="bold")
            header.append(", ".join(f"{w.capability}×{w.weight:g}" for w in query.wants))

        summary = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        summary.add_column("#", justify="right")
        summary.add_column(_("Candidate"))
        summary.add_column(_("Score"), justify="right")
        summary.add_column(_("Verdict"), overflow="fold")
        for candidate in recommendation.candidates:
            stack = " + ".join(names[p] for p in (candidate.plugin, *candidate.addons))
            if candidate.qualified:
                verdict = Text(_("meets every need"), style="green")
            else:
                verdict = Text(_("misses: {ids}").format(ids=join_list(candidate.disqualified_by)),
                               style="red")
            summary.add_row(str(candidate.rank), stack, f"{candidate.score:.1f}", verdict)

        blocks: list[Any] = [header, "", summary]
        for candidate in recommendation.candidates:
            blocks.append("")
            blocks.append(self._candidate_details(result, candidate, names))
        for hint in result.install:
            blocks.append("")
            blocks.append(self._install_text(hint))
        return self._print(*blocks)

    def _install_text(self, hint: Any) -> Text:
        text = Text(_("Install {name}:").format(name=hint.name), style="bold",
                    no_wrap=True, overflow="ignore")
        for line in install_lines(hint):
            # Commands stay on one line so they can be copied.
            text.append("\n  " + line, style="")
        return text

    def _candidate_details(self, result: RecommendResult, candidate: Any,
                           names: dict[str, str]) -> Table:
        stack = " + ".join(names[p] for p in (candidate.plugin, *candidate.addons))
        title = f"{candidate.rank}. {stack}"
        table = Table(title=title, title_justify="left", title_style="bold", box=None,
                      show_header=False, pad_edge=False, expand=False)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        show_caveats = candidate.qualified or self.options.verbosity > 0
        for verdict in candidate.verdicts:
            mark = Text(SYMBOLS[verdict.level] if verdict.met else SYMBOLS["none"],
                        style=STYLES[verdict.level] if verdict.met else "red")
            label = verdict.capability + ("" if verdict.required else " " + _("(want)"))
            explanation = Text(verdict_reason(verdict, names))
            maturity = maturity_label(verdict.maturity)
            if maturity:
                explanation.append(f" [{maturity}]", style="dim")
            if verdict.met and verdict.mechanisms:
                how = "; ".join(mechanism_text(m) for m in verdict.mechanisms[:2])
                explanation.append("\n" + _("how: ") + how, style="cyan")
            if show_caveats or not verdict.met:
                for caveat in caveat_texts(verdict)[: None if self.options.verbosity else 1]:
                    explanation.append("\n• " + caveat, style="dim")
            table.add_row(mark, label, explanation)
        return table

    # matrix

    def render_matrix(self, result: MatrixResult) -> str:
        blocks: list[Any] = []
        for plugins in self._matrix_groups(result):
            blocks.append(self._matrix_part(result, plugins))
        blocks.append(self._legend())
        blocks.append(self._assessed(result, result.plugins))
        return self._print(*blocks)

    def _matrix_groups(self, result: MatrixResult) -> list[tuple[str, ...]]:
        """Split the plugin columns into tables that each fit the terminal width."""
        capability_width = max(len(c) for c in (*result.capabilities, _("Capability")))
        room = self.options.width - (capability_width + _CELL_PADDING) - 1
        groups: list[tuple[str, ...]] = []
        current: list[str] = []
        used = 0
        for plugin_id in result.plugins:
            width = _header_width(plugin_id) + _CELL_PADDING
            if current and used + width > room:
                groups.append(tuple(current))
                current, used = [], 0
            current.append(plugin_id)
            used += width
        if current:
            groups.append(tuple(current))
        return groups

    def _matrix_part(self, result: MatrixResult, plugins: tuple[str, ...]) -> Table:
        table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                      collapse_padding=True)
        table.add_column(_("Capability"), no_wrap=True, vertical="bottom")
        for plugin_id in plugins:
            table.add_column(_header(plugin_id), justify="center", no_wrap=True,
                             min_width=_header_width(plugin_id))
        for capability_id in result.capabilities:
            row: list[Any] = [capability_id]
            for plugin_id in plugins:
                level = result.state(plugin_id, capability_id).level
                marker = SYMBOLS[level]
                if (plugin_id, capability_id) in result.catalog.overridden:
                    marker += "*"
                row.append(Text(marker, style=STYLES[level]))
            table.add_row(*row)
        return table

    def _legend(self) -> Text:
        legend = Text(_("Legend: "), style="bold")
        for level, symbol in SYMBOLS.items():
            legend.append(f"{symbol} ", style=STYLES[level])
            legend.append(legend_entry(level) + "  ")
        return legend

    def _assessed(self, result: CatalogResult, plugins: tuple[str, ...]) -> Text:
        text = Text(_("Assessed: "), style="bold")
        parts = []
        for plugin_id in plugins:
            plugin = result.catalog.plugin(plugin_id)
            judged = result.versions.get(plugin_id)
            part = f"{plugin_id} {plugin.assessed.version} ({plugin.assessed.date})"
            if judged:
                part += " " + _("judged at {version}").format(version=judged)
            parts.append(part)
        text.append("; ".join(parts))
        if result.catalog.overridden:
            text.append("\n" + _("* cell changed by a user data file"))
        return text

    # capabilities

    def render_capabilities(self, result: CapabilitiesResult) -> str:
        table = Table(header_style="bold", pad_edge=False)
        table.add_column(_("Capability"), no_wrap=True)
        table.add_column(_("Category"), no_wrap=True)
        table.add_column(_("Aliases"), overflow="fold")
        table.add_column(_("Description"), overflow="fold")
        for capability in result.catalog.capabilities:
            table.add_row(capability.id, capability.category, ", ".join(capability.aliases),
                          pick(capability.description))
        return self._print(table)

    # show

    def render_plugin(self, result: PluginResult) -> str:
        plugin = result.catalog.plugin(result.plugin)
        header = Text(f"{plugin.name} ({plugin.id})", style="bold")
        header.append("\n" + _("Kind: {kind}   License: {license}   Homepage: {homepage}").format(
            kind=plugin.kind, license=plugin.license, homepage=plugin.homepage), style="")
        header.append("\n" + _("Assessed: version {version} on {date}").format(
            version=plugin.assessed.version, date=plugin.assessed.date))
        if result.versions.get(plugin.id):
            header.append("\n" + _("Judged at version {version}").format(
                version=result.versions[plugin.id]))
        if plugin.works_with:
            header.append("\n" + _("Works with: {plugins}").format(
                plugins=", ".join(entry.plugin for entry in plugin.works_with)))

        table = Table(header_style="bold", pad_edge=False, show_lines=True)
        table.add_column(_("Capability"), no_wrap=True)
        table.add_column(_("Level"), no_wrap=True)
        table.add_column(_("Mechanism"), overflow="fold")
        table.add_column(_("Caveats"), overflow="fold")
        for capability in result.catalog.capabilities:
            cell = result.cell(plugin.id, capability.id)
            state = result.state(plugin.id, capability.id)
            level = Text(f"{SYMBOLS[state.level]} {level_label(state.level)}",
                         style=STYLES[state.level])
            if state.maturity:
                level.append(f"\n{maturity_label(state.maturity)}", style="dim")
            mechanisms = "\n".join(mechanism_text(m) for m in cell.mechanisms)
            caveats = "\n".join("• " + pick(c) for c in cell.caveats)
            table.add_row(capability.id, level, mechanisms, caveats)
        blocks: list[Any] = [header, "", table]
        if result.install is not None:
            blocks += ["", self._install_text(result.install)]
        return self._print(*blocks)

    # explain

    def render_explain(self, result: ExplainResult) -> str:
        capability = result.catalog.capability(result.capability)
        blocks: list[Any] = []
        header = Text(f"{capability.id}: {pick(capability.title)}", style="bold")
        header.append("\n" + pick(capability.description), style="")
        if capability.aliases:
            header.append("\n" + _("Aliases: {aliases}").format(
                aliases=", ".join(capability.aliases)), style="dim")
        blocks.append(header)
        for plugin_id in result.plugins:
            plugin = result.catalog.plugin(plugin_id)
            cell = result.cell(plugin_id, capability.id)
            state = result.state(plugin_id, capability.id)
            title = Text(f"\n{plugin.name}: ", style="bold")
            title.append(f"{SYMBOLS[state.level]} {level_label(state.level)}",
                         style=STYLES[state.level])
            if state.maturity:
                title.append(f" ({maturity_label(state.maturity)})", style="dim")
            if cell.since:
                title.append("  " + _("since {version}").format(version=cell.since.version),
                             style="dim")
            blocks.append(title)
            lines: list[Text] = [Text(mechanism_text(m)) for m in cell.mechanisms]
            lines += [Text(_("requires: {text}").format(text=pick(r)), style="dim")
                      for r in cell.requires]
            lines += [Text("• " + pick(caveat)) for caveat in cell.caveats]
            if cell.snippet:
                lines.append(Text(cell.snippet.rstrip(), style="cyan", no_wrap=True,
                                  overflow="ignore"))
            lines.append(Text(_("source: {urls}").format(urls=" ".join(cell.evidence)),
                              style="dim", overflow="fold"))
            hint = next((h for h in result.install if h.plugin == plugin_id), None)
            for _capability, values in hint.settings if hint is not None else ():
                lines.append(Text(_("switch on: {settings}").format(
                    settings=", ".join(values)), style="cyan"))
            # Indent the whole block, so wrapped lines line up under their first line.
            blocks += [Padding(line, (0, 0, 0, 2)) for line in lines]
        return self._print(*blocks)

    # diff

    def render_diff(self, result: Any) -> str:
        left, right = result.left.label(result.catalog), result.right.label(result.catalog)
        same_plugin = result.left.plugin == result.right.plugin
        table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                      show_lines=True)
        table.add_column(_("Capability"), no_wrap=True)
        table.add_column(left, no_wrap=True)
        table.add_column(right, no_wrap=True)
        table.add_column(_("What changes"), overflow="fold")
        for row in result.rows:
            notes = []
            notes += [_("only {side}: {how}").format(side=left, how=how) for how in row.only_left]
            notes += [_("only {side}: {how}").format(side=right, how=how)
                      for how in row.only_right]
            caveats = row.left_caveats if same_plugin else row.left_caveats + row.right_caveats
            notes += [f"• {caveat}" for caveat in caveats[: None if self.options.verbosity else 1]]
            table.add_row(row.capability, _state_text(row.left), _state_text(row.right),
                          "\n".join(notes))
        summary = Text(_("{count} capabilities differ; {same} are the same.").format(
            count=len(result.rows), same=result.same))
        blocks: list[Any] = [table] if result.rows else []
        return self._print(*blocks, summary)
