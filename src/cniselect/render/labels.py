"""Words and symbols shared by the human-readable formats, in the current language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..data.model import Mechanism
from ..engine import Verdict
from ..i18n import _, pick

SYMBOLS = {
    "full": "✔",
    "partial": "◐",
    "addon": "+",
    "enterprise": "$",
    "none": "✘",
    "unknown": "?",
}

STYLES = {
    "full": "green",
    "partial": "yellow",
    "addon": "cyan",
    "enterprise": "magenta",
    "none": "red",
    "unknown": "dim",
}


def level_label(level: str) -> str:
    """Return the display name of a support level."""
    labels = {
        "full": _("full"),
        "partial": _("partial"),
        "addon": _("add-on"),
        "enterprise": _("enterprise"),
        "none": _("none"),
        "unknown": _("unknown"),
    }
    return labels[level]


def level_meaning(level: str) -> str:
    """Return a one-line explanation of a support level, for legends."""
    meanings = {
        "full": _("supported by the open-source edition"),
        "partial": _("supported with a stated limit"),
        "addon": _("needs a named add-on"),
        "enterprise": _("only in the commercial edition"),
        "none": _("not supported"),
        "unknown": _("not settled by the sources; never counted as support"),
    }
    return meanings[level]


def severity_label(severity: str) -> str:
    """Return the display name of a finding severity."""
    return {"error": _("error"), "warning": _("warning"), "info": _("info")}[severity]


def maturity_label(maturity: str | None) -> str:
    """Return the display name of a maturity (alpha, beta, GA), or an empty string."""
    if maturity is None:
        return ""
    return {"alpha": _("alpha"), "beta": _("beta"), "ga": _("GA")}[maturity]


def verdict_reason(verdict: Verdict, plugin_names: dict[str, str]) -> str:
    """Explain in one phrase why a verdict is met or not."""
    provider = plugin_names.get(verdict.provider, verdict.provider)
    version = verdict.version or ""
    reasons = {
        "full": _("delivered by {provider}"),
        "partial": _("delivered by {provider}, with limits"),
        "enterprise-allowed": _("{provider} enterprise edition only (allowed)"),
        "enterprise": _("{provider} enterprise edition only"),
        "addon-missing": _("needs the add-on {addon}"),
        "none": _("not supported by {provider}"),
        "unknown": _("not settled for {provider}; counted as unsupported"),
        "removed": _("removed from {provider} by version {version}"),
        "not-yet": _("not yet in {provider} {version}"),
        "not-assessed": _("not assessed for {provider} {version}"),
    }
    template = reasons.get(verdict.reason, verdict.reason)
    return template.format(provider=provider, addon=verdict.addon or "", version=version)


def caveat_texts(verdict: Verdict) -> list[str]:
    """Return a verdict's caveats in the current language."""
    return [pick(caveat) for caveat in verdict.caveats]


def join_list(items: Iterable[str]) -> str:
    """Join words the way the current language lists them (", " in English, "、" in Chinese)."""
    return _(", ").join(items)


def legend_entry(level: str) -> str:
    """Return ``full (supported by the open-source edition)`` in the current language."""
    return _("{label} ({meaning})").format(label=level_label(level),
                                            meaning=level_meaning(level))


def mechanism_type_label(kind: str) -> str:
    """Return the display name of a mechanism type (annotation, Helm value, flag…)."""
    labels = {
        "annotation": _("annotation"),
        "label": _("label"),
        "field": _("field"),
        "helm": _("Helm value"),
        "flag": _("flag"),
        "config": _("config"),
        "provider-setting": _("provider setting"),
        "cli": _("command"),
    }
    return labels.get(kind, kind)


def mechanism_text(mechanism: Mechanism) -> str:
    """Return a mechanism as one line: ``annotation: KEY (Pod)`` or ``API KIND``."""
    if mechanism.type == "crd":
        text = f"{mechanism.api} {mechanism.kind}" if mechanism.api else str(mechanism.kind)
    else:
        text = _("{type}: {key}").format(type=mechanism_type_label(mechanism.type),
                                         key=mechanism.key)
    if mechanism.objects:
        text += f" ({', '.join(mechanism.objects)})"
    return text


def summary_line(report: Any) -> str:
    """Return the one-line outcome of a check: passed or failed, with every count."""
    counts = report.counts()
    status = _("check passed") if report.passed else _("check failed")
    if report.strict and report.skipped:
        status = _("check failed (--strict: a manifest file was skipped)")
    text = _("errors: {error}, warnings: {warning}, info: {info}, suppressed: {suppressed}, "
             "skipped files: {skipped}").format(**counts, suppressed=len(report.suppressed),
                                               skipped=len(report.skipped))
    return _("{status}: {counts}").format(status=status, counts=text)


def install_lines(hint: Any) -> list[str]:
    """Return the lines that tell how to install a plugin and switch the asked needs on."""
    from ..install import helm_commands

    lines = helm_commands(hint)
    if hint.manifest:
        lines.append(_("manifest: {url}").format(url=hint.manifest))
    if hint.kubekey:
        lines.append(_("KubeKey: network.plugin: {value}").format(value=hint.kubekey))
    for capability, values in hint.settings:
        lines.append(f"{capability}: {', '.join(values)}")
    if not lines:
        lines.append(_("no install method recorded; see {homepage}").format(
            homepage=", ".join(hint.evidence) or "-"))
    return lines
