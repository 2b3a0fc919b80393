"""Entry point of the ``cniselect`` command and of ``python -m cniselect``.

``--version`` is printed before anything else is imported, and the language is chosen
before the CLI is built so that its help texts are translated.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run cniselect with ``argv`` (default: the process arguments); return the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"cniselect {__version__}\n")
        return 0

    from .i18n import detect_language, find_lang_flag, set_language

    set_language(detect_language(find_lang_flag(args), os.environ))
    from .cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
