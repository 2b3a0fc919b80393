"""Generated docs stay in step with the catalog."""

from __future__ import annotations

from pathlib import Path

from cniselect.docgen import generated_pages

ROOT = Path(__file__).resolve().parents[1]


def test_generated_docs_are_up_to_date():
    for path, text in generated_pages(ROOT / "docs").items():
        assert path.exists(), f"{path} is missing: run `python -m cniselect.docgen`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is stale: run `python -m cniselect.docgen`"
        )
