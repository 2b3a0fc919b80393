"""The errors that reach a user as one message and exit code 2.

Every failure caused by input (a flag, a requirements file, a data file, a manifest path)
is raised as an ``InputError`` with the file, line, offending value and the fix, so the CLI
can print it without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    message: str
    path: str | None = None
    line: int | None = None
    value: str | None = None
    fix: str | None = None

    def format(self) -> str:
        """Return the problem as ``file:line: message (value) fix`` in the current language."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = where + self.message
        if self.value is not None:
            text += _(" (value: {value})").format(value=self.value)
        if self.fix:
            text += "\n  " + _("fix: {fix}").format(fix=self.fix)
        return text


@dataclass
class InputError(Exception):
    """Invalid input that stops the run with exit code 2."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(problem.format() for problem in self.problems)

    @classmethod
    def single(cls, message: str, **where: object) -> InputError:
        """Build an error with one problem."""
        return cls([Problem(message, **where)])  # type: ignore[arg-type]


def suggest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Return the choices closest to a mistyped value, best first."""
    import difflib

    return difflib.get_close_matches(value, list(choices), n=limit, cutoff=0.7)


def unknown_id_error(
    what: str, value: str, choices: Iterable[str], list_command: str, **where: object
) -> InputError:
    """Build the error for an unknown capability or plugin id, with the closest ids."""
    close = suggest(value, choices)
    if close:
        fix = _("did you mean {ids}? Run `{command}` to list them.").format(
            ids=", ".join(close), command=list_command
        )
    else:
        fix = _("run `{command}` to list the valid ids.").format(command=list_command)
    message = _("unknown {what} id '{value}'").format(what=what, value=value)
    return InputError([Problem(message, fix=fix, **where)])  # type: ignore[arg-type]
