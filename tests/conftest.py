"""Shared fixtures: a CLI runner with fixed terminal settings and golden-file comparison.

Golden files under tests/fixtures/golden/ are compared byte for byte. To rewrite them
after an intended change, run ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cniselect.cli import create_app
from cniselect.i18n import set_language

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output")


@pytest.fixture(autouse=True)
def stable_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test the same terminal, language and color settings."""
    for variable in ("CNISELECT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "FORCE_COLOR",
                     "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    set_language("en")


@pytest.fixture
def run_cli():
    """Run the CLI in-process; return the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(create_app(), list(args), catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; run pytest --update-golden"

    return check
