"""A build does each piece of work once (issue "Fast builds"): measured by counting the work
done, never by timing it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import markdown
import pytest

from generator import markup
from tests.conftest import build_site

CONTENT = Path(__file__).parent.parent / "content"


def test_each_body_is_converted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page, the summary, the open data, the feeds and the search index all read one
    conversion of each Markdown text."""
    converted: Counter[str] = Counter()
    convert = markdown.Markdown.convert

    def counting(self: markdown.Markdown, source: str) -> str:
        converted[source] += 1
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    markup._converted.cache_clear()
    markup._first_paragraph.cache_clear()
    build_site(CONTENT, tmp_path / "site")
    bodies = [
        text.split("\n---\n", 1)[1]
        for path in sorted((CONTENT / "agreements").rglob("*.md"))
        if (text := path.read_text(encoding="utf-8")).count("\n---\n")
    ]
    written = [body for body in bodies if body.strip()]
    assert len(written) >= 10
    # Every body was converted (what the loader keeps may differ in its outer blank lines).
    sources = {source.strip() for source in converted}
    assert all(body.strip() in sources for body in written)
    twice = {source[:60]: count for source, count in converted.items() if count > 1}
    assert not twice
