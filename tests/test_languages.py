"""The records' language (`content_language`) apart from the interface's (`language`)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import search
from generator.build import load
from generator.diagnostics import Diagnostic
from generator.interface import TEMPLATES
from generator.search_text import search_documents
from generator.serve import Failure, Preview, Settings, error_page
from tests.conftest import TODAY, Site, assemble, build_site, run_cli, write

AGREEMENT = "agreements/quy-che-nghe-an/index.html"
PARTY = "parties/ldld-nghe-an/index.html"


def _append(content: Path, extra: str) -> Path:
    """Add `extra` lines to the end of a content folder's site.yaml."""
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return content


def _content(root: Path, extra: str = "") -> Path:
    """The minimal register under `root`, with `extra` lines added to its site.yaml."""
    return _append(assemble(root), extra)


@pytest.fixture(scope="module", params=["vi", "en"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Site, str]:
    """The minimal register built as it is (records in Vietnamese, site.yaml silent about
    them), and with its records declared English while the interface stays Vietnamese;
    with the language its records should be said to be in."""
    root = tmp_path_factory.mktemp(request.param)
    extra = "" if request.param == "vi" else f"content_language: {request.param}\n"
    build_site(_content(root, extra), root / "site", "--as-of", TODAY.isoformat())
    return Site(root / "site"), request.param


def test_json_ld_names_the_records_language(built: tuple[Site, str]) -> None:
    """schema.org `inLanguage` is the content language, not the interface's."""
    site, expected = built
    page = site.soup(AGREEMENT)
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["inLanguage"] == expected


def test_the_search_index_is_in_the_records_language(built: tuple[Site, str]) -> None:
    """Pagefind was told the records' language: its entry file names that index alone."""
    site, expected = built
    entry = json.loads((site.root / "search" / "pagefind" / "pagefind-entry.json").read_bytes())
    assert list(entry["languages"]) == [expected]


def test_the_page_stays_in_the_interface_language(built: tuple[Site, str]) -> None:
    """`<html lang>` is the interface's; the record's own words are marked only when they
    are in another language, so a Vietnamese register's pages carry no extra `lang`."""
    site, expected = built
    for relative in (AGREEMENT, PARTY):
        page = site.soup(relative)
        assert page.html["lang"] == "vi"
        marked = {element["lang"] for element in page.body.find_all(lang=True)}
        assert marked == (set() if expected == "vi" else {"en"})
        assert page.h1.get("lang") == (None if expected == "vi" else "en")
    if expected == "en":
        agreement = site.soup(AGREEMENT)
        assert agreement.select_one("p.lead")["lang"] == "en"
        body = agreement.find(id="noi_dung_cam_ket").find_parent("section")
        assert body.h2.get("lang") is None  # the heading is the interface's
        assert body.find("div", lang="en").get_text(strip=True) == (
            "Hai bên phối hợp chăm lo cho người lao động."
        )
        assert site.soup(PARTY).select_one(".prose")["lang"] == "en"


@pytest.mark.parametrize(
    ("extra", "expected"), [("", "vi"), ("content_language: en-GB\n", "en-GB")]
)
def test_search_documents_carry_the_records_language(
    tmp_path: Path, extra: str, expected: str
) -> None:
    """The pages written for Pagefind say the records' language, and Pagefind is forced to it."""
    loaded = load(_content(tmp_path, extra), today=TODAY)
    assert loaded.register is not None and loaded.context is not None
    documents = search_documents(loaded.register, loaded.context, describe=lambda agreement: {})
    assert documents
    for document in documents:
        page = BeautifulSoup(search._html(document), "html.parser")
        assert page.html["lang"] == expected
    assert search.language_config(documents) == {"force_language": expected}


def test_the_records_language_defaults_to_the_interfaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `content_language`, the records are taken to be in the interface language."""
    monkeypatch.setattr("generator.config.languages", lambda: ("en", "vi"))
    for extra, expected in (("", "vi"), ("language: en\n", "en")):
        context = load(_content(tmp_path / expected, extra), today=TODAY).context
        assert context is not None
        assert context.config.language == expected
        assert context.config.content_language == expected


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('"../x"', "the text '../x'"),
        ("EN", "the text 'EN'"),
        ("vi_VN", "the text 'vi_VN'"),
        ("42", "the number 42"),
        ("[vi, en]", "a list"),
    ],
)
def test_a_malformed_content_language_is_located(content_tree, written: str, found: str) -> None:
    """`check` names site.yaml, the line and the field, and what a language tag looks like."""
    _append(content_tree(), f"licence: CC BY 4.0\ncontent_language: {written}\n")
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0] == (
        f"content/site.yaml:4: content_language: is {found} — "
        "a language tag (BCP 47) such as vi, en or en-GB"
    )
    assert len(result.err_lines) == 2


@pytest.mark.parametrize("tag", ["en", "fil", "en-GB", "zh-Hant-TW", "sr-Latn", " vi "])
def test_common_language_tags_pass(content_tree, tag: str) -> None:
    """A language, then script, region or variant subtags, are accepted as written."""
    content = _append(content_tree(), f'content_language: "{tag}"\n')
    result = run_cli("check", "--content", "content")
    assert result.code == 0, result.err
    context = load(content, today=TODAY).context
    assert context is not None and context.config.content_language == tag.strip()


def _templates_with_english(root: Path) -> Path:
    """A copy of the templates with an `en` catalogue (the Vietnamese one, relabelled)."""
    templates = root / "templates"
    shutil.copytree(TEMPLATES, templates)
    strings = (templates / "strings" / "vi.yaml").read_text(encoding="utf-8")
    write(templates / "strings" / "en.yaml", strings.replace("Lỗi", "Error"))
    return templates


def test_the_error_page_is_in_the_interface_language_it_is_given(tmp_path: Path) -> None:
    """The preview's error page loads that language's strings and says so in `<html lang>`."""
    templates = _templates_with_english(tmp_path)
    failure = Failure([Diagnostic("content/a.md", 2, "title", "is empty", "some text")])
    for language, label in (("vi", "Lỗi:"), ("en", "Error:")):
        page = BeautifulSoup(error_page(failure, templates, language), "html.parser")
        assert page.html["lang"] == language
        assert page.li.get_text(" ", strip=True).startswith(f"{label} content/a.md:2: title:")
    assert BeautifulSoup(error_page(failure), "html.parser").html["lang"] == "vi"
    # With no templates to render, the bare page still names the language.
    bare = BeautifulSoup(error_page(failure, tmp_path / "none", "en"), "html.parser")
    assert bare.html["lang"] == "en"
    assert "content/a.md:2: title: is empty" in bare.get_text()


@pytest.mark.parametrize(("language", "expected"), [(None, "vi"), ("en", "en")])
def test_the_preview_shows_errors_in_the_configured_interface_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None, expected: str
) -> None:
    """A failed build's page takes site.yaml's `language` (not the content language)."""
    monkeypatch.setattr("generator.config.languages", lambda: ("en", "vi"))
    extra = f"language: {language}\n" if language else ""
    content = _content(tmp_path, extra + "content_language: fr\n")
    (content / "parties" / "ldld-nghe-an.md").write_text("---\nkind: x\n---\n", encoding="utf-8")
    settings = Settings(
        content=content,
        today=TODAY,
        as_of=None,
        base_url=None,
        out=io.StringIO(),
        err=io.StringIO(),
        templates=_templates_with_english(tmp_path),
    )
    preview = Preview(settings, tmp_path / "site")
    preview.rebuild()
    _, _, failure_html = preview.snapshot()
    assert failure_html is not None
    page = BeautifulSoup(failure_html.decode("utf-8"), "html.parser")
    assert page.html["lang"] == expected
    assert "ldld-nghe-an.md" in page.get_text()
