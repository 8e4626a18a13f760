"""The editors' guide page: built for every register, in step with the code it documents."""

from __future__ import annotations

import io
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.content.message_examples import EXAMPLES
from generator.content.schema import AGREEMENT_FIELDS, PAGE_FIELDS, PARTY_FIELDS
from generator.content.topics import TOPIC_FIELDS
from generator.core.diagnostics import Diagnostic, Severity, format_text
from generator.core.interface import TEMPLATES, field_words, languages, load_strings
from generator.core.messages import CATALOGUE, message_words
from generator.core.urls import SECTIONS
from generator.publish.build import load
from generator.site.guide import BLANK, anchor, message_text
from tests.conftest import (
    BROKEN,
    FIXTURES,
    MINIMAL,
    REPO,
    TODAY,
    Site,
    assemble,
    build_site,
    run_cli,
    write,
)

STRINGS = yaml.safe_load((REPO / "templates" / "strings" / "vi.yaml").read_text(encoding="utf-8"))
GUIDE = STRINGS["guide"]
TABLES = {
    "agreement": AGREEMENT_FIELDS,
    "party": PARTY_FIELDS,
    "page": PAGE_FIELDS,
    "topic": TOPIC_FIELDS,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The minimal register, built as of the tests' fixed date."""
    root = tmp_path_factory.mktemp("guide")
    shutil.copytree(MINIMAL, root / "content")
    build_site(root / "content", root / "site", "--as-of", TODAY.isoformat())
    return Site(root / "site")


@pytest.fixture(scope="module")
def page(built: Site) -> BeautifulSoup:
    """The guide page of the minimal register."""
    return built.soup("guide/index.html")


@pytest.fixture(scope="module")
def fields_page(built: Site) -> BeautifulSoup:
    """The guide's page of the agreement and party fields, which the guide links."""
    link = built.soup("guide/index.html").find(id="cac_truong").find_next("a")["href"]
    return built.page(link)


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> list[Diagnostic]:
    """Every diagnostic `check` reports on the broken fixtures and the warnings fixture."""
    cases = [*sorted(path for path in BROKEN.iterdir() if path.is_dir()), FIXTURES / "warnings"]
    diagnostics: list[Diagnostic] = []
    for case in cases:
        content = assemble(tmp_path_factory.mktemp(case.name), case)
        diagnostics.extend(load(content, today=TODAY).diagnostics)
    return diagnostics


def _template(page: BeautifulSoup) -> tuple[str, str]:
    """The template file shown on the page: its path and its text."""
    figure = page.find(id="tep_mau")
    path = figure.figcaption.get_text(strip=True).split(" ", 1)[1]
    return path, figure.pre.get_text()


def test_the_guide_is_linked_from_every_page_footer(page: BeautifulSoup) -> None:
    """The page has its Vietnamese title and the footer of each page links to it."""
    assert page.h1.get_text(strip=True) == GUIDE["title"]
    footer_links = [a["href"] for a in page.select("footer a")]
    assert "/guide/" in footer_links


def test_the_guide_explains_the_topic_vocabulary(page: BeautifulSoup) -> None:
    """A section of the contents explains topics.yaml: where it lives, its form (an
    example file), its fields, and what check says of topics."""
    assert page.select_one(".guide-contents a[href='#danh_muc_chu_de']") is not None
    section = page.find(id="danh_muc_chu_de").find_parent("section")
    figure = section.find(id="mau_chu_de")
    assert figure.figcaption.get_text(strip=True) == "Tệp content/topics.yaml"
    assert yaml.safe_load(figure.pre.get_text()) == yaml.safe_load(GUIDE["topics"]["example"])
    text = " ".join(section.get_text(" ").split())
    for words in ("aliases", "/topics/<mã>/", "thứ tự các từ", "Gộp hai chủ đề"):
        assert words in text


def test_the_guide_is_a_reserved_name_and_listed_as_one(page: BeautifulSoup) -> None:
    """A free page may not be called `guide`, and the page lists every reserved name."""
    assert "guide" in SECTIONS
    section = page.find(id="trang_thong_tin").find_parent("section")
    listed = [code.get_text() for code in section.select(".inline-list code")]
    assert listed == sorted(SECTIONS)


def test_a_free_page_called_guide_is_refused(content_tree) -> None:
    """`pages/guide.md` would overwrite the guide, so check names the clash and a way out."""
    content = content_tree()
    write(content / "pages" / "guide.md", "---\ntitle: Hướng dẫn\n---\nNội dung.\n")
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0] == (
        "content/pages/guide.md:1: file: page name 'guide' is taken by the site's own "
        "'/guide/' section — another file name, such as 'trang-guide.md'"
    )


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize("record", sorted(TABLES))
def test_every_field_has_an_explanation(record: str, language: str) -> None:
    """Every catalogue's explanations name exactly the fields of the schema's table."""
    guide = field_words(load_strings(TEMPLATES, language), record, "guide")
    assert list(guide) == [spec.name for spec in TABLES[record]]


@pytest.mark.parametrize("language", languages())
def test_every_message_has_an_explanation(language: str) -> None:
    """Every catalogue's explanations name exactly the codes of the message catalogue."""
    guide = load_strings(TEMPLATES, language)["guide"]
    assert sorted(guide["messages"]) == sorted(CATALOGUE)


@pytest.mark.parametrize(
    ("table", "record"),
    [("bang_van_ban", "agreement"), ("bang_ben_ky", "party"), ("bang_chu_de", "topic")],
)
def test_every_field_appears_with_whether_it_is_required(
    page: BeautifulSoup, fields_page: BeautifulSoup, table: str, record: str
) -> None:
    """Each field of the table (on the guide or its fields page) has a row saying whether it
    is required, with its meaning."""
    rows = (page.find(id=table) or fields_page.find(id=table)).tbody.find_all("tr", recursive=False)
    assert [row.th.get_text(strip=True) for row in rows] == [s.name for s in TABLES[record]]
    for row, spec in zip(rows, TABLES[record], strict=True):
        cells = row.find_all("td", recursive=False)
        assert cells[0].get_text(strip=True) == (
            GUIDE["required"] if spec.required else GUIDE["optional"]
        )
        assert cells[1].get_text(" ", strip=True)


def test_choice_fields_list_their_values_and_entries_their_fields(
    fields_page: BeautifulSoup,
) -> None:
    """`kind` lists every agreement kind; `sources` lists `publisher` as required."""
    page = fields_page
    kind = page.find(id="bang_van_ban_kind")
    assert [code.get_text() for code in kind.select("li code")] == [
        "program",
        "regulation",
        "plan",
        "memorandum",
        "agreement",
        "other",
    ]
    assert STRINGS["kinds"]["memorandum"] in kind.get_text()
    sources = page.find(id="bang_van_ban_sources").get_text(" ", strip=True)
    assert f"publisher ({GUIDE['required_note']})" in sources
    assert f"title ({GUIDE['required_note']})" not in sources


def test_the_guide_links_the_messages_and_they_link_each_code(
    page: BeautifulSoup, built: Site
) -> None:
    """The guide's messages section links their index; the index lists every code, errors
    then warnings, each under its old anchor and linking its own page."""
    link = page.find(id="thong_bao").find_parent("section").select_one("a[href$='/messages/']")
    assert link is not None and str(len(CATALOGUE)) in link.get_text()
    index = built.page(link["href"])
    entries = index.select(".guide-index li")
    ordered = sorted(CATALOGUE, key=lambda code: CATALOGUE[code].warning)
    assert [entry["id"] for entry in entries] == [anchor(code) for code in ordered]
    for entry in entries:
        assert built.page(entry.a["href"]).h1.code.get_text() == entry.a.get_text()


def test_each_message_has_a_page_with_its_example_and_fix(built: Site) -> None:
    """Each code's page: its severity, a real example as `check` prints it in Vietnamese,
    and the Vietnamese fix."""
    for code, message in CATALOGUE.items():
        entry = built.page(f"/guide/messages/{code}/").find(id=anchor(code))
        assert entry.h1.code.get_text() == code
        assert entry.select_one(".tag").get_text() == (
            GUIDE["warning"] if message.warning else GUIDE["error"]
        )
        shown = entry.select_one(".guide-message__text code").get_text()
        assert shown == format_text(EXAMPLES[code], "vi")
        assert entry.select_one(".prose").get_text(strip=True)


class _Blanks(dict):
    def __missing__(self, key: str) -> str:
        return BLANK


def test_the_shown_text_is_what_format_text_prints() -> None:
    """Each message, filled with blanks and printed by `format_text`, ends with the text shown."""
    for code, message in CATALOGUE.items():
        what, expected = message_words(code, "en")
        diagnostic = Diagnostic(
            path="content/x.md",
            line=3,
            field="kind",
            message=what.format_map(_Blanks()),
            expected=expected.format_map(_Blanks()),
            severity=Severity.WARNING if message.warning else Severity.ERROR,
            code=code,
        )
        assert format_text(diagnostic) == f"content/x.md:3: kind: {message_text(code)}"


def test_the_examples_are_what_the_fixtures_really_print() -> None:
    """The guide's examples are regenerated from the broken fixtures unchanged: each is a
    diagnostic `check` really reports (`python -m scripts.message_examples --check`)."""
    from scripts.message_examples import main

    assert main(["--check"]) == 0
    assert set(EXAMPLES) == set(CATALOGUE)


def test_an_example_reads_in_vietnamese_as_check_prints_it(found: list[Diagnostic]) -> None:
    """Printed in Vietnamese, each example fills the catalogue's Vietnamese text."""
    for code, example in EXAMPLES.items():
        shown = message_text(code, "vi")
        pattern = ".+".join(re.escape(part) for part in shown.split(BLANK))
        assert re.search(f": {pattern}$", format_text(example, "vi"), re.S), code


def test_real_diagnostics_match_their_shown_text(found: list[Diagnostic]) -> None:
    """Every problem the fixtures raise reads as its message on the page, blanks filled."""
    assert len({d.code for d in found}) > 30
    for diagnostic in found:
        shown = message_text(diagnostic.code)
        pattern = ".+".join(re.escape(part) for part in shown.split(BLANK))
        line = format_text(diagnostic)
        assert re.search(f": {pattern}$", line, re.S), (diagnostic.code, line)


def test_severities_on_the_page_are_the_ones_check_uses(found: list[Diagnostic]) -> None:
    """A problem is a warning exactly when the catalogue, and so the guide, says so."""
    assert any(d.severity is Severity.WARNING for d in found)
    for diagnostic in found:
        warning = CATALOGUE[diagnostic.code].warning
        assert (diagnostic.severity is Severity.WARNING) == warning, diagnostic


def test_the_template_passes_check(page: BeautifulSoup, tmp_path: Path, monkeypatch) -> None:
    """The template, saved where the page says, passes `check`, warning only of no sources."""
    path, text = _template(page)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "content")
    target = tmp_path / path
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    result = run_cli("check", "--content", "content")
    assert result.code == 0, result.err
    # Two warnings, both things an editor fills in: the sources, and the template's body.
    sources, body = result.err_lines[:-1]
    assert sources.startswith(f"{path}:")
    assert ": sources: warning: no sources are given — " in sources
    assert ": body: warning: 'Thay đoạn này bằng nội dung văn bản' is the template's text" in body


def test_the_template_is_what_agreements_new_writes(
    page: BeautifulSoup, tmp_path: Path, monkeypatch
) -> None:
    """Running the command shown on the page writes exactly the template shown."""
    path, text = _template(page)
    command = page.select_one(".guide-command code").get_text()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    shutil.copytree(MINIMAL, tmp_path / "content")
    argv = shlex.split(command)
    assert argv[:2] == ["agreements", "new"]
    result = run_cli(*argv[1:], "--content", "content")
    assert result.code == 0, result.err
    assert (tmp_path / path).read_text(encoding="utf-8") == text


def test_the_example_line_is_located_in_the_template(page: BeautifulSoup) -> None:
    """The sample `check` line names the template's file and the line of its `signed`."""
    path, text = _template(page)
    section = page.find(id="thong_bao").find_parent("section")
    line = section.select_one(".highlight code").get_text()
    number = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("signed:")))
    assert line.startswith(f"{path}:{number + 1}: signed: '20/5/2022' không phải một ngày — ")
    assert line.endswith("; ở đây là 2022-05-20")


def test_a_register_with_a_repository_links_its_agreements_folder(showcase: Site) -> None:
    """With `repository_url` set, the workflow links the folder where files are added."""
    links = [a["href"] for a in showcase.soup("guide/index.html").select("#quy_trinh ~ p a")]
    assert "https://github.com/example/so-dang-ky/tree/main/content/agreements" in links
