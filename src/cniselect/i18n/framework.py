"""Texts that typer prints in help screens and errors, marked here for translation.

Typer looks these strings up with the standard ``gettext`` module, so once
``set_language`` has pointed the global domain at cniselect's catalog, typer shows the
translations too. Click's own texts ("Usage:", "Show this message and exit.") are not
looked up through gettext and stay in English.
"""

from . import N_

TYPER_TEXTS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Error"),
    N_("Aborted."),
    N_("[default: {}]"),
    N_("[required]"),
    N_("[env var: {}]"),
    N_("(deprecated) "),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
)
