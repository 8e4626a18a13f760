"""The records' language (`content_language`) apart from the interface's (`language`)."""

from __future__ import annotations

import io
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.core.diagnostics import Diagnostic
from generator.core.interface import TEMPLATES, languages, load_strings
from generator.editing.serve import Failure, Preview, Settings, error_page
from generator.publish import search
from generator.publish.build import load
from generator.site.search_text import search_documents
from tests.conftest import REPO, TODAY, Site, assemble, build_site, run_cli, write

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
    monkeypatch.setattr("generator.content.config.languages", lambda: ("en", "vi"))
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
    monkeypatch.setattr("generator.content.config.languages", lambda: ("en", "vi"))
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


# Every catalogue whole: a language is one file, and a missing key or placeholder fails
# here rather than on the page that happens to use it.

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _leaves(value: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    """(key path, value) of every string of a catalogue; a list is one value (its length
    may follow the language, as the month names do)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, str(index)))
    else:
        yield path, value


def _placeholders(value: object) -> set[str]:
    """The `{name}` slots a string (or a list of strings) leaves for the build to fill."""
    texts = value if isinstance(value, list) else [value]
    return {name for text in texts if isinstance(text, str) for name in _PLACEHOLDER.findall(text)}


REFERENCE = dict(_leaves(load_strings(TEMPLATES, "vi")))


def test_there_is_more_than_one_language() -> None:
    """The interface ships Vietnamese and English: the checks below compare something."""
    assert {"vi", "en"} <= set(languages())


@pytest.mark.parametrize("language", languages())
def test_every_catalogue_has_exactly_the_reference_keys(language: str) -> None:
    """A catalogue has every key of vi.yaml and no other, each of the same shape."""
    catalogue = dict(_leaves(load_strings(TEMPLATES, language)))
    assert sorted(set(REFERENCE) - set(catalogue)) == [], "missing"
    assert sorted(set(catalogue) - set(REFERENCE)) == [], "not in vi.yaml"
    for path, value in REFERENCE.items():
        assert type(catalogue[path]) is type(value), path


@pytest.mark.parametrize("language", languages())
def test_every_string_has_the_reference_placeholders(language: str) -> None:
    """Each string leaves the same `{…}` slots as its Vietnamese one: the build fills them
    by name, and a missing or misspelt one fails at render time on one page only."""
    catalogue = dict(_leaves(load_strings(TEMPLATES, language)))
    wrong = {
        ".".join(path): (sorted(_placeholders(value)), sorted(_placeholders(catalogue[path])))
        for path, value in REFERENCE.items()
        # A phrase's call gives every parameter any language may use (an English plural
        # needs a verb that Vietnamese does not): tests/test_phrases.py holds those.
        if path[0] != "phrases" and _placeholders(value) != _placeholders(catalogue[path])
    }
    assert wrong == {}


@pytest.mark.parametrize("language", languages())
def test_every_catalogue_names_twelve_months_or_none(language: str) -> None:
    """Months are named (January first) or written as numbers: never a short list."""
    names = load_strings(TEMPLATES, language)["dates"]["month_names"]
    assert len(names) in (0, 12) and all(isinstance(name, str) and name for name in names)


def test_the_placeholder_check_sees_a_missing_one() -> None:
    """The comparison above fails on a string that dropped its slot."""
    assert _placeholders("Trang {page}/{pages}") != _placeholders("Page {page}")
    assert _placeholders(["{year}", "x"]) == {"year"}


# An English interface over the Vietnamese records of content/: no Vietnamese word is left
# outside the records' own words, and those are marked lang="vi".

_VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
# Combining marks that only Vietnamese writing brings into this site: the five tones, the
# breve, the circumflex and the horn (NFD splits "ế" into e + circumflex + acute).
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}
_LITERAL = ("code", "pre", "samp", "kbd", "script", "style", "template")
"""What a file or a program holds word for word (field names, ids, values, the check's
printed lines): not interface prose, whatever language its values are in."""
_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def is_vietnamese(word: str) -> bool:
    """Whether a word has a letter or a mark that English never writes."""
    if _VIETNAMESE_LETTERS & set(word):
        return True
    return bool(_VIETNAMESE_MARKS & set(unicodedata.normalize("NFD", word)))


def test_is_vietnamese_tells_the_two_apart() -> None:
    """The scan's test of a word: any tone or Vietnamese letter, upper case included."""
    for word in ("Liên", "đoàn", "ĐẠI", "Lộc", "tỉnh", "Hà", "ủy", "ơn"):
        assert is_vietnamese(word), word
    for word in ("Agreement", "province", "2022", "café"[:3], "LDLD", "naïve"[:2]):
        assert not is_vietnamese(word), word


def english_leaks(page: BeautifulSoup) -> list[str]:
    """Vietnamese words a reader of an English page meets outside the records' words: the
    visible text of <body> (header, main, footer) and the title, aria-label, alt and
    placeholder attributes, less the elements marked as in another language and the
    literal text of files and programs."""
    body = page.body
    for element in body.find_all(lang=True):
        if not str(element["lang"]).startswith("en"):
            element.decompose()
    for element in body.find_all(_LITERAL):
        element.decompose()
    texts = [str(text) for text in body.find_all(string=True)]
    texts += [str(e[a]) for e in body.find_all(True) for a in _ATTRIBUTES if e.has_attr(a)]
    return [word for text in texts for word in re.findall(r"\w+", text) if is_vietnamese(word)]


def english_content(root: Path) -> Path:
    """content/ copied under `root` with the English interface: its site.yaml says
    `language: en`, its records stay Vietnamese (`content_language: vi`), and the register's
    own title and description are given in English, as an English site's owner would."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    config = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    config |= {
        "language": "en",
        "content_language": "vi",
        "title": "Register of trade union coordination agreements",
        "description": "The coordination programmes and regulations that labour "
        "federations sign, with the sources of each.",
    }
    site_yaml.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """content/ built with the English interface."""
    root = tmp_path_factory.mktemp("english")
    build_site(english_content(root), root / "site", "--as-of", TODAY.isoformat())
    return Site(root / "site")


def test_the_english_site_has_no_vietnamese_outside_the_records(english_site: Site) -> None:
    """Every page of content/ in English: the only Vietnamese left is the records' own words,
    each marked lang="vi" (or a file's literal text); the interface has none of its own."""
    pages = sorted(english_site.root.rglob("*.html"))
    assert len(pages) > 250  # content/ has some 300 pages: all of them, not a sample
    leaks = {}
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == "en", path
        if found := english_leaks(page):
            leaks[str(path.relative_to(english_site.root))] = sorted(set(found))[:10]
    assert leaks == {}


def test_the_scan_would_see_an_unmarked_record(english_site: Site) -> None:
    """The scan is not blind: an agreement page whose title loses its lang mark leaks."""
    path = next((english_site.root / "agreements").glob("*/index.html"))
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert english_leaks(BeautifulSoup(str(page), "html.parser")) == []
    del page.h1["lang"]
    assert english_leaks(page)


def test_the_records_words_are_marked_for_screen_readers(english_site: Site) -> None:
    """On an English page, the records' Vietnamese is in elements with lang="vi": the
    agreement's title, its parties, its topics, its sources; a party's name; a topic's."""
    agreement = english_site.soup("agreements/ldld-ha-noi-ldld-nghe-an-2022-2027/index.html")
    assert agreement.h1["lang"] == "vi"
    facts = agreement.select_one("table.facts")
    parties = facts.select("ul.plain-list li a")
    assert parties and all(a.find(lang="vi") for a in parties)
    assert agreement.select("ol.sources cite span[lang=vi]")
    party = english_site.soup("parties/ldld-nghe-an/index.html")
    assert party.h1["lang"] == "vi"
    topics = english_site.soup("topics/index.html")
    assert all(th.find(lang="vi") for th in topics.select("tbody th"))
    province = english_site.soup("provinces/nghe-an/index.html")
    assert province.h1.get_text() == "Nghệ An province"
    assert province.h1.find(lang="vi").get_text() == "Nghệ An"


def test_the_english_site_writes_numbers_and_dates_in_english(english_site: Site) -> None:
    """A decimal point, months by name, national bodies 'Nationwide' (never 'Toàn quốc')."""
    data = english_site.soup("data/index.html")
    sizes = [span.get_text() for span in data.select("span.size")]
    assert sizes and all("," not in size for size in sizes)
    assert any(re.fullmatch(r"\(\d+\.\d KB\)", size) for size in sizes)
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    days = [
        time.get_text()
        for path in (english_site.root / "agreements").glob("*/index.html")
        for time in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("time")
        if re.fullmatch(r"\d{4}-\d\d-\d\d", time["datetime"])
    ]
    assert days  # content/ states a few full dates (most are years or months)
    for day in days:
        assert re.fullmatch(rf"\d{{1,2}} ({months}) \d{{4}}", day), day
    nationwide = english_site.soup("provinces/toan-quoc/index.html")
    assert nationwide.h1.get_text() == "Nationwide"
