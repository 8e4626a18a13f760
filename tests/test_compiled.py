"""Templates compiled once per machine: the user's cache of compiled templates is used,
checked against each template's source, never trusted when others may write to it, and
never changes or fails a build."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from generator.core.interface import TEMPLATES
from generator.publish.build import load
from generator.site import compiled
from generator.site.render import Renderer
from tests.conftest import MINIMAL, TODAY, build_site, tree_hashes

SOME = ("base.html", "agreements/detail.html", "parties/detail.html", "sitemap.xml")
"""Templates every build uses (with those they extend and include)."""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's, for this test alone."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source from now on."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *a, **k):
        names.append(str(name))
        return original(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _renderer(templates: Path = TEMPLATES) -> Renderer:
    loaded = load(MINIMAL, today=TODAY)
    assert loaded.register is not None and loaded.context is not None
    return Renderer(loaded.register, loaded.context, templates)


def _entries(home: Path) -> list[Path]:
    return sorted(home.glob("agreements/templates-*/__jinja2_*.cache"))


def test_a_second_build_compiles_no_template(cache_home: Path, compiles: list[str]) -> None:
    """The first renderer compiles the templates and keeps them in the user's cache folder;
    the next one loads them from there and compiles none."""
    first = _renderer()
    for name in SOME:
        first.env.get_template(name)
    assert set(SOME) <= set(compiles)
    assert len(_entries(cache_home)) >= len(SOME)
    compiles.clear()
    second = _renderer()
    for name in SOME:
        second.env.get_template(name)
    assert compiles == []


def test_an_edited_template_is_compiled_again(
    cache_home: Path, tmp_path: Path, compiles: list[str]
) -> None:
    """An entry is checked against its template's source: a template edited since it was
    compiled shows its new text."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    probe = templates / "probe.html"
    probe.write_text("first {{ 1 + 1 }}\n", encoding="utf-8")
    assert _renderer(templates).env.get_template("probe.html").render() == "first 2\n"
    probe.write_text("second {{ 2 + 2 }}\n", encoding="utf-8")
    compiles.clear()
    assert _renderer(templates).env.get_template("probe.html").render() == "second 4\n"
    assert compiles == ["probe.html"]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda entry: entry.write_bytes(b""), id="empty"),
        pytest.param(lambda entry: entry.write_bytes(os.urandom(300)), id="noise"),
        pytest.param(
            lambda entry: entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2]),
            id="cut in half",
        ),
    ],
)
def test_a_broken_entry_is_compiled_again(
    cache_home: Path, compiles: list[str], spoil: Callable[[Path], object]
) -> None:
    """An entry that cannot be read back is compiled again, and the page is the same."""
    text = _renderer().env.get_template("sitemap.xml").render(locations=["/a/"])
    for entry in _entries(cache_home):
        spoil(entry)
    compiles.clear()
    again = _renderer().env.get_template("sitemap.xml").render(locations=["/a/"])
    assert again == text
    assert "sitemap.xml" in compiles


def test_a_folder_others_may_write_to_is_not_used(cache_home: Path) -> None:
    """A cache folder that another user may write to, a link, or a file in its place is no
    cache: its entries would be run as code."""
    options = {"trim_blocks": True}
    assert compiled.compiled_templates(options) is not None
    folder = cache_home / "agreements"
    folder.chmod(0o777)
    assert compiled.compiled_templates(options) is None
    folder.chmod(0o700)
    assert compiled.compiled_templates(options) is not None
    elsewhere = cache_home.parent / "elsewhere"
    shutil.move(folder, elsewhere)
    shutil.rmtree(elsewhere)
    elsewhere.mkdir()
    folder.symlink_to(elsewhere, target_is_directory=True)
    assert compiled.compiled_templates(options) is None
    assert list(elsewhere.iterdir()) == []  # nothing made through the link
    folder.unlink()
    folder.write_text("not a folder", encoding="utf-8")
    assert compiled.compiled_templates(options) is None


def test_other_options_have_another_folder(cache_home: Path) -> None:
    """Code compiled with other options (which change the compiled code) is kept apart."""
    one = compiled.compiled_templates({"trim_blocks": True})
    other = compiled.compiled_templates({"trim_blocks": False})
    assert one is not None and other is not None
    assert one.directory != other.directory


def test_a_cache_that_fails_is_no_cache(
    cache_home: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries that cannot be written (a full or read-only disk) or read fail nothing: the
    templates are compiled, as without a cache."""

    def refused(*_: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", refused)
    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "load_bytecode", refused)
    text = _renderer().env.get_template("sitemap.xml").render(locations=["/a/"])
    assert "/a/" in text and "sitemap.xml" in compiles
    assert _entries(cache_home) == []


def test_the_site_is_the_same_with_or_without_the_cache(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with no cache, one that fills it and one that uses it write the same files,
    byte for byte."""
    no_home = tmp_path / "no-home"
    no_home.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(no_home))
    build_site(MINIMAL, tmp_path / "none")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    build_site(MINIMAL, tmp_path / "filling")
    assert _entries(cache_home)
    build_site(MINIMAL, tmp_path / "using")
    without = tree_hashes(tmp_path / "none")
    assert without == tree_hashes(tmp_path / "filling") == tree_hashes(tmp_path / "using")
