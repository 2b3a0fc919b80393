"""The typer application: parse options, call one library function, render, exit.

Help texts are translated when the app is built, so ``create_app`` runs after the
language has been chosen (``__main__.main`` reads ``--lang`` and the environment first).
"""


import os
import shutil
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import EXIT_USAGE, InputError
from .i18n import _, current_language, detect_language, normalize_language, set_language
from .render import FormatChoice, GateFormatChoice, RenderOptions, build_format

F = TypeVar("F", bound=Callable[..., Any])

_debug = False
"""True when -vv asked for tracebacks of unexpected errors."""


def handle_input_errors(function: F) -> F:
    """Turn an InputError raised by a command into one message on stderr and exit code 2."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except InputError as error:
            print_error(error)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]


def print_error(error: InputError) -> None:
    """Print an input error to stderr, one problem per paragraph.

    In GitHub Actions each problem is also written to stdout as an ``::error`` workflow
    command, so a broken requirements file is annotated on the pull request.
    """
    prefix = _("error: ")
    for problem in error.problems:
        sys.stderr.write(prefix + problem.format() + "\n")
    if os.environ.get("GITHUB_ACTIONS"):
        from .render.github import annotation

        for problem in error.problems:
            text = problem.message + (f" {problem.fix}" if problem.fix else "")
            sys.stdout.write(annotation("error", problem.path, problem.line, "cniselect", text))


def use_color(no_color: bool, output: Path | None) -> bool:
    """Decide on color: never into a file or with --no-color/NO_COLOR; else as rich would."""
    if no_color or output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def emit(result: Any, fmt: str, output: Path | None, no_color: bool, verbosity: int) -> None:
    """Render ``result`` in format ``fmt`` and write it to ``output`` or stdout."""
    width = shutil.get_terminal_size(fallback=(100, 24)).columns
    options = RenderOptions(width=width, color=use_color(no_color, output), verbosity=verbosity)
    renderer = build_format(fmt, options)
    if output is None:
        renderer.write(result, sys.stdout)
        sys.stdout.flush()
        return
    try:
        with output.open("w", encoding="utf-8") as stream:
            renderer.write(result, stream)
    except OSError as error:
        raise InputError.single(
            _("cannot write the output file: {error}").format(error=error.strerror),
            path=str(output), fix=_("choose a writable path for --output."),
        ) from None


def write_output(text: str, output: Path | None) -> None:
    """Write text to a file (UTF-8) or to stdout; report an unwritable file as input error."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError.single(
            _("cannot write the output file: {error}").format(error=error.strerror),
            path=str(output), fix=_("choose a writable path for --output."),
        ) from None


def configure_logging(verbose: int, quiet: int) -> None:
    """Send log records to stderr at a level set by -v and -q (warnings by default)."""
    global _debug
    _debug = verbose >= 2
    if verbose == 0 and quiet == 0:
        return  # the default: nothing logs below warning, and logging stays unimported
    import logging

    log = logging.getLogger("cniselect")
    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(max(logging.DEBUG, min(logging.CRITICAL, level)))


class FailOnChoice(str, Enum):
    """Lowest severity that fails ``check``."""

    error = "error"
    warning = "warning"
    info = "info"

    def __str__(self) -> str:
        return self.value


def print_check_summary(report: Any) -> None:
    """Write the outcome of a check to stderr in one line."""
    from .render.labels import summary_line

    sys.stderr.write(f"cniselect: {summary_line(report)}\n")


def _lang_callback(value: str | None) -> str | None:
    if value is None:
        return value
    language = normalize_language(value)
    if language is None:
        raise typer.BadParameter(_("expected en or zh-CN"))
    set_language(language)
    return value


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cniselect {__version__}")
        raise typer.Exit()


def _fold_help_text() -> None:
    """Make typer's rich help wrap text without spaces (Chinese) instead of cutting it.

    Typer builds each help cell with ``rich_utils._make_rich_text`` and rich ends an
    over-long run of text with "…" unless the text folds. The hook is private to typer,
    so it is only patched when present.
    """
    from typer import rich_utils

    original = getattr(rich_utils, "_make_rich_text", None)
    if original is None or getattr(original, "_cniselect_folds", False):
        return

    def make_folding_text(*args: Any, **kwargs: Any) -> Any:
        text = original(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make_folding_text._cniselect_folds = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_folding_text


COMMANDS = ("recommend", "matrix", "capabilities", "show", "explain", "diff", "check", "scan",
            "schema")


def create_app(only: str | None = None) -> typer.Typer:
    """Build the typer app with help texts in the current language.

    With ``only``, just that command is registered: typer turns every registered command
    and option into click objects on each run, and a run needs only one of them.
    """
    from .commands import (
        CatalogOptions,
        CheckOptions,
        MatrixOptions,
        RecommendOptions,
        run_capabilities,
        run_check,
        run_diff,
        run_explain,
        run_matrix,
        run_recommend,
        run_scan,
        run_show,
    )

    if current_language() != "en":
        _fold_help_text()
    app = typer.Typer(
        name="cniselect",
        help=_("Choose a Kubernetes CNI plugin from sourced capability data, and gate CI on "
               "what the CNI can deliver.\n\nExit codes: 0 success; 1 check failed (or "
               "recommend --strict found no candidate); 2 usage or input error; 3 internal "
               "error."),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def command(**settings: Any) -> Callable[[F], F]:
        def register(function: F) -> F:
            if only is None or function.__name__ == only:
                return app.command(**settings)(function)
            return function

        return register

    # Options shared by the commands. Each command repeats them so they can follow it.
    format_opt = Annotated[FormatChoice, typer.Option(
        "--format", "-f", help=_("Output format."))]
    output_opt = Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False, help=_("Write the output to this file instead of "
                                                 "stdout."))]
    lang_opt = Annotated[str | None, typer.Option(
        "--lang", metavar="en|zh-CN", is_eager=True, callback=_lang_callback,
        help=_("Language of messages and tables (default: CNISELECT_LANG, then the locale)."))]
    no_color_opt = Annotated[bool, typer.Option(
        "--no-color", help=_("Disable colors (NO_COLOR is honoured too)."))]
    data_opt = Annotated[list[Path] | None, typer.Option(
        "--data", metavar="FILE", help=_("Layer a user data file over the bundled catalog "
                                         "(repeatable)."))]
    versions_opt = Annotated[list[str] | None, typer.Option(
        "--plugin-version", metavar="PLUGIN=X.Y",
        help=_("Judge a plugin at this version instead of its latest assessed one "
               "(repeatable)."))]
    verbose_opt = Annotated[int, typer.Option(
        "--verbose", "-v", count=True, help=_("Show more detail (repeatable)."))]
    quiet_opt = Annotated[int, typer.Option(
        "--quiet", "-q", count=True, help=_("Show less on stderr (repeatable)."))]

    @app.callback()
    def main_callback(
        version: Annotated[bool, typer.Option(
            "--version", "-V", is_eager=True, callback=_version_callback,
            help=_("Print the version and exit."))] = False,
        lang: lang_opt = None,
    ) -> None:
        set_language(detect_language(lang, os.environ))

    @command(help=_("Rank CNI plugins and stacks (a CNI plus add-ons) against must-have "
                        "and nice-to-have capabilities, and explain every verdict."))
    @handle_input_errors
    def recommend(
        need: Annotated[list[str] | None, typer.Option(
            "--need", "-n", metavar="ID", help=_("A must-have capability id (repeatable)."))
        ] = None,
        want: Annotated[list[str] | None, typer.Option(
            "--want", "-w", metavar="ID[:WEIGHT]",
            help=_("A nice-to-have capability, with an optional weight (default 1; "
                   "repeatable)."))] = None,
        exclude: Annotated[list[str] | None, typer.Option(
            "--exclude", metavar="PLUGIN", help=_("Leave this plugin out (repeatable)."))] = None,
        allow_enterprise: Annotated[bool, typer.Option(
            "--allow-enterprise", help=_("Count features of paid editions as delivered."))] = False,
        no_addons: Annotated[bool, typer.Option(
            "--no-addons", help=_("Rank CNIs alone, without add-on stacks."))] = False,
        strict: Annotated[bool, typer.Option(
            "--strict", help=_("Exit 1 when no candidate meets every must-have."))] = False,
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        plugin_version: versions_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        options = RecommendOptions(
            needs=tuple(need or ()), wants=tuple(want or ()), exclude=tuple(exclude or ()),
            allow_enterprise=allow_enterprise, allow_addons=not no_addons,
            data_files=tuple(data or ()), plugin_versions=tuple(plugin_version or ()),
        )
        result = run_recommend(options)
        emit(result, fmt.value, output, no_color, verbose)
        if strict and not any(c.qualified for c in result.recommendation.candidates):
            raise typer.Exit(1)

    @command(help=_("Show the plugins × capabilities table with a legend."))
    @handle_input_errors
    def matrix(
        plugin: Annotated[list[str] | None, typer.Option(
            "--plugin", "-p", metavar="PLUGIN", help=_("Only these plugins (repeatable)."))] = None,
        need: Annotated[list[str] | None, typer.Option(
            "--need", "-n", metavar="ID", help=_("Only these capabilities (repeatable)."))] = None,
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        plugin_version: versions_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        options = MatrixOptions(
            plugins=tuple(plugin or ()), needs=tuple(need or ()),
            data_files=tuple(data or ()), plugin_versions=tuple(plugin_version or ()),
        )
        emit(run_matrix(options), fmt.value, output, no_color, verbose)

    @command(help=_("List every capability id with its aliases, category and "
                        "description."))
    @handle_input_errors
    def capabilities(
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        result = run_capabilities(CatalogOptions(data_files=tuple(data or ())))
        emit(result, fmt.value, output, no_color, verbose)

    @command(help=_("Show one plugin's profile: every capability with level, mechanism "
                        "and caveats."))
    @handle_input_errors
    def show(
        plugin: Annotated[str, typer.Argument(metavar="PLUGIN", help=_("Plugin id."))],
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        plugin_version: versions_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        options = CatalogOptions(data_files=tuple(data or ()),
                                 plugin_versions=tuple(plugin_version or ()))
        emit(run_show(options, plugin), fmt.value, output, no_color, verbose)

    @command(help=_("Explain a capability and how each plugin delivers it, with the "
                        "manifest snippet."))
    @handle_input_errors
    def explain(
        capability: Annotated[str, typer.Argument(metavar="CAPABILITY",
                                                  help=_("Capability id or alias."))],
        plugin: Annotated[list[str] | None, typer.Option(
            "--plugin", "-p", metavar="PLUGIN", help=_("Only these plugins (repeatable)."))] = None,
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        plugin_version: versions_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        options = CatalogOptions(data_files=tuple(data or ()),
                                 plugin_versions=tuple(plugin_version or ()))
        emit(run_explain(options, capability, plugin or ()), fmt.value, output, no_color, verbose)

    @command(help=_("Show where two plugins differ, or one plugin at two versions "
                        "(cilium@1.16 cilium@1.20)."))
    @handle_input_errors
    def diff(
        left: Annotated[str, typer.Argument(metavar="A", help=_("PLUGIN or PLUGIN@VERSION."))],
        right: Annotated[str, typer.Argument(metavar="B", help=_("PLUGIN or PLUGIN@VERSION."))],
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        data: data_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        result = run_diff(CatalogOptions(data_files=tuple(data or ())), left, right)
        emit(result, fmt.value, output, no_color, verbose)

    @command(help=_("Check that the cluster's CNI delivers the requirements and what the "
                        "manifests rely on. Exit 0 when it does, 1 when not, 2 on bad input."))
    @handle_input_errors
    def check(
        requirements: Annotated[Path | None, typer.Argument(
            metavar="[REQUIREMENTS]", help=_("Requirements file (YAML)."))] = None,
        cni: Annotated[str | None, typer.Option(
            "--cni", metavar="PLUGIN", help=_("The cluster's CNI (overrides the file)."))] = None,
        addon: Annotated[list[str] | None, typer.Option(
            "--addon", metavar="PLUGIN", help=_("An installed add-on (repeatable; overrides "
                                                "the file)."))] = None,
        need: Annotated[list[str] | None, typer.Option(
            "--need", "-n", metavar="ID", help=_("A must-have capability (repeatable; "
                                                 "overrides the file)."))] = None,
        want: Annotated[list[str] | None, typer.Option(
            "--want", "-w", metavar="ID[:WEIGHT]", help=_("A nice-to-have capability "
                                                          "(repeatable; overrides the file)."))
        ] = None,
        allow_enterprise: Annotated[bool, typer.Option(
            "--allow-enterprise", help=_("Count features of paid editions as delivered."))] = False,
        manifests: Annotated[list[str] | None, typer.Option(
            "--manifests", "-m", metavar="PATH", help=_("Manifest file, directory, glob or - for "
                                                        "stdin (repeatable)."))] = None,
        fail_on: Annotated[FailOnChoice, typer.Option(
            "--fail-on", help=_("Lowest finding severity that fails the check."))
        ] = FailOnChoice.error,
        fmt: Annotated[GateFormatChoice | None, typer.Option(
            "--format", "-f", help=_("Output format (default: table, or github when "
                                     "GITHUB_ACTIONS is set)."))] = None,
        output: output_opt = None,
        strict: Annotated[bool, typer.Option(
            "--strict", help=_("Exit 2 when any manifest file had to be skipped."))] = False,
        no_inline_ignores: Annotated[bool, typer.Option(
            "--no-inline-ignores", help=_("Ignore '# cniselect: ignore=RULE' comments."))
        ] = False,
        data: data_opt = None,
        plugin_version: versions_opt = None,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        options = CheckOptions(
            requirements_file=requirements, cni=cni, addons=tuple(addon or ()),
            needs=tuple(need or ()), wants=tuple(want or ()),
            allow_enterprise=allow_enterprise, manifests=tuple(manifests or ()),
            fail_on=fail_on.value, inline_ignores=not no_inline_ignores, strict=strict,
            data_files=tuple(data or ()), plugin_versions=tuple(plugin_version or ()),
        )
        report = run_check(options, stdin=sys.stdin)
        if fmt is not None:
            chosen = fmt.value
        elif os.environ.get("GITHUB_ACTIONS"):
            chosen = "github"
        else:
            chosen = "table"
        emit(report, chosen, output, no_color, verbose)
        if quiet == 0 and chosen != "table":
            print_check_summary(report)
        if strict and report.skipped:
            raise typer.Exit(EXIT_USAGE)
        raise typer.Exit(0 if report.passed else 1)

    @command(help=_("List the capabilities a tree of manifests relies on, each with "
                        "file:line."))
    @handle_input_errors
    def scan(
        paths: Annotated[list[str] | None, typer.Argument(
            metavar="PATH...", help=_("Files, directories, or - for stdin."))] = None,
        include: Annotated[list[str] | None, typer.Option(
            "--include", metavar="GLOB", help=_("Only read files matching this glob "
                                                "(repeatable)."))] = None,
        exclude: Annotated[list[str] | None, typer.Option(
            "--exclude", metavar="GLOB", help=_("Skip files matching this glob "
                                                "(repeatable)."))] = None,
        fmt: format_opt = FormatChoice.table,
        output: output_opt = None,
        strict: Annotated[bool, typer.Option(
            "--strict", help=_("Exit 2 when any file had to be skipped."))] = False,
        lang: lang_opt = None,
        no_color: no_color_opt = False,
        verbose: verbose_opt = 0,
        quiet: quiet_opt = 0,
    ) -> None:
        configure_logging(verbose, quiet)
        result = run_scan(tuple(paths or ()), stdin=sys.stdin, include=tuple(include or ()),
                          exclude=tuple(exclude or ()))
        emit(result, fmt.value, output, no_color, verbose)
        # The table lists skipped files itself; other formats list them on stderr too.
        for skip in (result.skipped if fmt is not FormatChoice.table else ()):
            where = f"{skip.path}:{skip.line}" if skip.line else skip.path
            sys.stderr.write(_("skipped {path}: {message}").format(path=where,
                                                                   message=skip.message) + "\n")
        if strict and result.skipped:
            raise typer.Exit(EXIT_USAGE)

    @command(help=_("Print the JSON Schema of the requirements file or of the data file."))
    @handle_input_errors
    def schema(
        which: Annotated[str, typer.Argument(metavar="requirements|capabilities",
                                             help=_("Which file format."))],
        output: output_opt = None,
        lang: lang_opt = None,
    ) -> None:
        from .schemas import json_schema

        write_output(json_schema(which), output)

    return app


def command_in(args: list[str]) -> str | None:
    """Return the command named in ``args`` when it is the first non-option argument."""
    for arg in args:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        if arg in ("--lang",):
            return None  # an option with a value before the command: parse everything
    return None


def run(args: list[str]) -> int:
    """Run the CLI with ``args``; return the exit code. Unexpected errors print one line."""
    app = create_app(only=command_in(args))
    try:
        app(args=args, prog_name="cniselect", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except KeyboardInterrupt:
        sys.stderr.write(_("interrupted") + "\n")
        return 130
    except Exception as error:  # noqa: BLE001 (last-resort guard: no traceback for users)
        if _debug:
            raise
        sys.stderr.write(
            _("internal error: {kind}: {error}. Please report it; run with -vv for details.")
            .format(kind=type(error).__name__, error=error) + "\n"
        )
        return 3
    return 0
