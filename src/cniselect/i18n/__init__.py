"""Language selection and message translation (stdlib gettext over compiled .po catalogs).

The language is chosen once per run, before the CLI is built, so that ``--help`` texts can
be translated too: ``--lang`` first, then ``CNISELECT_LANG``, then the POSIX locale
variables ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` in that order, then English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh-CN")
DOMAIN = "cniselect"
LOCALE_DIR = Path(__file__).parent / "locale"

# None means English: messages are returned as written and gettext is never imported.
_translations: Any = None
_current = "en"


def normalize_language(value: str) -> str | None:
    """Map a flag value or locale name to a supported language, or None when unsupported.

    ``zh-CN``, ``zh_CN.UTF-8``, ``zh_CN``, ``zh-Hans``, ``zh_SG`` and plain ``zh`` select
    Simplified Chinese; ``zh_TW`` and ``zh-Hant`` do not, because the catalog has no
    Traditional Chinese. ``C``, ``POSIX`` and any ``en*`` value select English.
    """
    name = value.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if not name:
        return None
    if name in ("c", "posix") or name == "en" or name.startswith("en-"):
        return "en"
    if name in ("zh", "zh-cn", "zh-sg", "zh-hans", "zh-hans-cn", "zh-hans-sg"):
        return "zh-CN"
    return None


def detect_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """Return the language for this run from the ``--lang`` value and the environment."""
    if flag:
        return normalize_language(flag) or "en"
    explicit = environ.get("CNISELECT_LANG")
    if explicit:
        return normalize_language(explicit) or "en"
    # POSIX: the first of these that is set and non-empty decides the message locale.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return normalize_language(value) or "en"
    return "en"


def find_lang_flag(argv: Sequence[str]) -> str | None:
    """Return the value of ``--lang`` in a raw argument list, before the CLI parses it."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (one of LANGUAGES)."""
    global _translations, _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    _current = language
    if language == "en" and _translations is None:
        return
    import gettext

    locale_name = language.replace("-", "_")
    _translations = None if language == "en" else gettext.translation(
        DOMAIN, LOCALE_DIR, languages=[locale_name], fallback=True
    )
    # Typer translates its help-screen headings with the global gettext functions, which
    # read the global domain and the LANGUAGE variable, so point both at this catalog.
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = locale_name


def current_language() -> str:
    """Return the language chosen for this run."""
    return _current


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return message if _translations is None else _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    if _translations is None:
        return singular if count == 1 else plural
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def pick(text: Mapping[str, str] | None) -> str:
    """Return catalog text in the current language, falling back to English."""
    if not text:
        return ""
    return text.get(_current) or text.get("en", "")
