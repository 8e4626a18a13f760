"""A build from exactly what made the site in its output folder keeps that site, and says
again what it found; anything that shapes the site, or a change to the folder, builds anew
(issue "Fast builds": warm builds do close to no work)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.core.interface import TEMPLATES
from generator.publish import cache
from generator.publish.build import build
from tests.conftest import FIXTURES, TODAY, assemble, run_cli


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A register whose check warns (the warnings must be said again by a kept build)."""
    return assemble(tmp_path, FIXTURES / "warnings")


def _build(content: Path, *extra: str, lang: str = "en") -> tuple[int, str, str]:
    run = run_cli(
        "build", "--content", str(content), "--output", str(content.parent / "site"),
        "--lang", lang, *extra,
    )  # fmt: skip
    return run.code, run.out, run.err


def _stamps(site: Path) -> dict[str, tuple[int, int]]:
    """(inode, modification time) of every file: a rewritten file changes both."""
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_nothing_changed_keeps_the_site_and_reports_the_same(content: Path, lang: str) -> None:
    """The second build rewrites no file, says it kept the site, and reports the same
    warnings, word for word, in either language."""
    code, out, err = _build(content, lang=lang)
    assert code == 0 and "warning" in err.lower() + err.replace("cảnh báo", "warning")
    site = content.parent / "site"
    before = _stamps(site)
    again_code, again_out, again_err = _build(content, lang=lang)
    assert again_code == 0
    assert _stamps(site) == before
    assert again_err == err
    kept = "nothing changed" if lang == "en" else "không có gì thay đổi"
    assert kept in again_out and kept not in out
    pages = out.split("(")[0].split()[-2]  # "… build: 23 pages (…" / "đã ghi 23 trang (…"
    assert pages.isdigit() and f" {pages} " in again_out


def test_the_record_is_kept_beside_the_site_never_in_it(content: Path) -> None:
    _build(content)
    records = list((content.parent / cache.FOLDER).glob("build-*.json"))
    assert len(records) == 1
    assert not list((content.parent / "site").rglob(f"*{cache.FOLDER}*"))
    assert not list((content.parent / "site").rglob("build-*.json"))


def _edit_body(content: Path) -> Path:
    page = content / "agreements" / "quy-che-nghe-an.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột câu mới về cuộc họp.\n", "utf-8")
    return page


def test_an_edit_builds_again(content: Path) -> None:
    _build(content)
    page = _edit_body(content)
    code, out, _ = _build(content)
    assert code == 0 and "written" in out
    html = (content.parent / "site" / "agreements" / page.stem / "index.html").read_text("utf-8")
    assert "Một câu mới về cuộc họp." in html


@pytest.mark.parametrize("change", ["deleted", "edited", "added"])
def test_a_changed_output_folder_builds_again(content: Path, change: str) -> None:
    """A file of the site removed or edited by hand is restored; the build notices it from
    the folder itself (a file added by hand goes, as the whole folder is replaced)."""
    code, _, _ = _build(content)
    site = content.parent / "site"
    home = site / "index.html"
    original = home.read_bytes()
    if change == "deleted":
        home.unlink()
    elif change == "edited":
        home.write_bytes(original.replace(b"<h1", b"<h1 hidden", 1))
    else:
        (site / "mine.txt").write_text("x", encoding="utf-8")
    code, out, _ = _build(content)
    if change == "added":  # the folder still holds all the build wrote, unchanged
        assert "nothing changed" in out
        return
    assert code == 0 and "written" in out
    assert home.read_bytes() == original


def test_settings_that_shape_the_site_build_again(content: Path) -> None:
    """Another as-of date or base URL is another site."""
    _build(content)
    _, out, _ = _build(content, "--as-of", "2024-01-01")
    assert "written" in out and "as of 2024-01-01" in out
    _, out, _ = _build(content, "--as-of", "2024-01-01")
    assert "nothing changed" in out
    _, out, _ = _build(content, "--as-of", "2024-01-01", "--base-url", "https://example.org/")
    assert "written" in out


def test_a_template_change_builds_again(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    output = tmp_path / "site"
    first = build(content, output, today=TODAY, templates=templates)
    assert first.written and not first.kept
    assert build(content, output, today=TODAY, templates=templates).kept
    footer = templates / "base.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not build(content, output, today=TODAY, templates=templates).kept


def test_another_day_builds_again(content: Path, tmp_path: Path) -> None:
    """Statuses are worked out for today: tomorrow's build is a new site."""
    output = tmp_path / "site"
    build(content, output, today=TODAY)
    assert build(content, output, today=TODAY).kept
    assert not build(content, output, today=TODAY + dt.timedelta(days=1)).kept


@pytest.mark.parametrize(
    "record",
    ["not json {", "[]", json.dumps({"format": 999}), json.dumps({"format": cache.FORMAT})],
)
def test_a_corrupt_or_foreign_record_is_ignored_with_a_warning(content: Path, record: str) -> None:
    _build(content)
    (path,) = (content.parent / cache.FOLDER).glob("build-*.json")
    path.write_text(record, encoding="utf-8")
    code, out, err = _build(content)
    assert code == 0 and "written" in out
    assert "record of the last build was ignored" in err
    assert record not in err or len(record) < 3  # located, the record's text not repeated
    _, out, err = _build(content)  # the new record is good
    assert "nothing changed" in out and "ignored" not in err


def test_a_failed_build_then_a_fix_keeps_the_site(content: Path) -> None:
    """A build that fails on an error leaves the site; undoing the error finds it current."""
    _build(content)
    page = sorted((content / "agreements").glob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    code, _, _ = _build(content)
    assert code == 1
    page.write_text(text, encoding="utf-8")
    code, out, _ = _build(content)
    assert code == 0 and "nothing changed" in out


def test_the_code_counts_but_not_python_s_caches(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of the generator's code is another site; a `.pyc` Python writes on a first
    import (maybe in the middle of a build) is not."""
    code = tmp_path / "code"
    (code / "__pycache__").mkdir(parents=True)
    (code / "module.py").write_text("X = 1\\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_CODE", code)
    first = cache.fingerprint(content, TEMPLATES, {})
    (code / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\\x00compiled")
    assert cache.fingerprint(content, TEMPLATES, {}) == first
    (code / "module.py").write_text("X = 2\\n", encoding="utf-8")
    assert cache.fingerprint(content, TEMPLATES, {}) != first
