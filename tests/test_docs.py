"""Generated docs stay in step with the catalog and the rule table."""

from __future__ import annotations

from pathlib import Path

import pytest

from cniselect.docgen import generated_pages

ROOT = Path(__file__).resolve().parents[1]
PAGES = generated_pages(ROOT / "docs")


@pytest.mark.parametrize("path", sorted(PAGES), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_page_is_up_to_date(path):
    assert path.exists(), f"{path} is missing: run `python -m cniselect.docgen`"
    assert path.read_text(encoding="utf-8") == PAGES[path], (
        f"{path.relative_to(ROOT)} is stale: run `python -m cniselect.docgen`"
    )
