"""Search in a real browser: Vietnamese typed with or without marks finds the right records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from generator.core import provinces
from generator.core.slugs import key_for
from generator.core.vietnamese import fold, spelled
from generator.publish import cache
from scripts.screenshots import serve
from tests.conftest import FIXTURES, Site, build_site

SEARCH = FIXTURES / "search"
NGHE_AN = "/agreements/quy-che-ubnd-ldld-nghe-an/"
TWO_FEDERATIONS = "/agreements/chuong-trinh-hai-lien-doan/"
UNACCENTED = "/agreements/chuong-trinh-cham-lo-doan-vien/"
WORKERS_MONTH = "/agreements/ke-hoach-thang-cong-nhan/"
FOREIGN_LETTERS = "/agreements/bien-ban-ghi-nho-van-phong-berlin/"
HA_NOI_FEDERATION = "/parties/ldld-ha-noi/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The search fixture, built once for this module."""
    output = tmp_path_factory.mktemp("search") / "site"
    build_site(SEARCH, output)
    return Site(output)


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    """The built fixture on a free loopback port."""
    with serve(site.root) as address:
        yield address


def _results(page: Page) -> list[str]:
    page.wait_for_function(
        "document.querySelector('.search-results').dataset.done === location.search"
    )
    return [a.get_attribute("href") or "" for a in page.locator(".search-result h3 a").all()]


def _search(page: Page, address: str, query: str) -> list[str]:
    """Type a query into the search page's box, submit it and read the agreement links
    among the results (parties and provinces are left out; `_all_results` keeps them)."""
    return [link for link in _all_results(page, address, query) if link.startswith("/agreements/")]


def _all_results(page: Page, address: str, query: str) -> list[str]:
    """Type a query into the search page's box, submit it and read every result link."""
    page.goto(address + "/search/")
    page.wait_for_selector("html[data-search-ready]")
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q", arg=query.strip()
    )
    return _results(page)


@pytest.mark.parametrize(
    "query",
    ["lien doan lao dong nghe an", "Liên đoàn Lao động Nghệ An", "LIÊN ĐOÀN LAO ĐỘNG NGHỆ AN"],
)
def test_a_name_is_found_with_or_without_marks(page: Page, served: str, query: str) -> None:
    """Both spellings of the federation's name find the same three agreements."""
    assert set(_search(page, served, query)) == {NGHE_AN, TWO_FEDERATIONS, UNACCENTED}


def test_exact_spelling_ranks_above_folded_matches(page: Page, served: str) -> None:
    """Typed with marks, the records spelled that way come before the one typed without."""
    found = _search(page, served, "Liên đoàn Lao động Nghệ An")
    assert set(found[:2]) == {NGHE_AN, TWO_FEDERATIONS}
    assert found[2] == UNACCENTED


@pytest.mark.parametrize("query", ["LDLD", "LĐLĐ", "ldld"])
def test_d_and_dj_match_both_ways(page: Page, served: str, query: str) -> None:
    """The short form LĐLĐ is found typed with d or đ, upper or lower case."""
    assert set(_search(page, served, query)) == {NGHE_AN, TWO_FEDERATIONS, UNACCENTED}


def test_parties_and_provinces_are_found(page: Page, served: str, site: Site) -> None:
    """A federation's name finds its party page, listed with what it is and how many
    agreements it signed (as its page lists them); a city's name finds its province page."""
    assert HA_NOI_FEDERATION in _all_results(page, served, "lien doan lao dong ha noi")
    result = page.locator(".search-result", has=page.locator(f"a[href='{HA_NOI_FEDERATION}']"))
    signed = {
        a["href"]
        for a in site.page(HA_NOI_FEDERATION).select("main a[href^='/agreements/']")
        if "?" not in a["href"]  # the link to the sortable list is no agreement
    }
    assert len(signed) >= 2
    assert f"{len(signed)} văn bản" in result.inner_text()
    assert "Tổ chức Công đoàn" in result.inner_text()
    assert "/provinces/ha-noi/" in _all_results(page, served, "thành phố Hà Nội")


def test_a_former_province_finds_the_province_it_joined(page: Page, served: str) -> None:
    """The name of a province merged away on 1/7/2025 finds the page of the one it joined."""
    former = provinces.lookup("Hải Dương")
    assert former is not None and former.merged_into
    joined = f"/provinces/{key_for(former.merged_into)}/"
    found = _all_results(page, served, "hai duong")
    assert joined in found
    result = page.locator(".search-result", has=page.locator(f"a[href='{joined}']"))
    assert "gồm cả" in result.inner_text() and "Hải Dương" in result.inner_text()


def _holds_every_word(site: Site, link: str, query: str) -> bool:
    """Whether the built page at `link` holds every word of `query` as a whole word."""
    words = set(fold(site.page(link).select_one("main").get_text(" ")).split())
    return set(fold(query).split()) <= words


def test_pages_holding_every_word_come_first(page: Page, served: str, site: Site) -> None:
    """Pagefind also matches the start of a word ("ha" finds "Hải", "noi" finds "nội dung"):
    pages holding every word whole are listed before those matching only that way."""
    query = "lien doan lao dong ha noi"
    found = _all_results(page, served, query)
    holds = [_holds_every_word(site, link, query) for link in found]
    assert True in holds and False in holds  # the fixture has both kinds
    assert holds == sorted(holds, reverse=True), list(zip(found, holds, strict=True))


def test_filters_leave_parties_and_provinces_out(page: Page, served: str) -> None:
    """A filter narrows to agreements: parties and provinces have no kind, year or status."""
    page.goto(served + "/search/?q=ha+noi&kind=program")
    found = _results(page)
    assert found and all(link.startswith("/agreements/") for link in found)


def test_words_of_a_kind_find_the_regulation(page: Page, served: str) -> None:
    """ "quy che phoi hop" finds the one regulation and nothing else."""
    assert _search(page, served, "quy che phoi hop") == [NGHE_AN]


@pytest.mark.parametrize("query", ["uỷ ban", "ủy ban", "uy ban"])
def test_tone_placement_does_not_matter(page: Page, served: str, query: str) -> None:
    """Old (uỷ) and new (ủy) tone placement find the same People's and Front committees."""
    assert set(_search(page, served, query)) == {NGHE_AN, UNACCENTED, WORKERS_MONTH}


def test_a_result_shows_title_parties_date_and_status(page: Page, served: str) -> None:
    """Each result links its title and shows its parties, signing date and status."""
    assert _search(page, served, "quy che phoi hop") == [NGHE_AN]
    result = page.locator(".search-result").first
    text = result.inner_text()
    assert "Quy chế phối hợp giữa Ủy ban nhân dân tỉnh" in result.locator("h3").inner_text()
    assert "UBND tỉnh Nghệ An" in text and "LĐLĐ tỉnh Nghệ An" in text
    assert "10/3/2022" in text
    assert result.locator(".tag").inner_text() == "Đang hiệu lực"


def test_the_query_lives_in_the_address(page: Page, served: str) -> None:
    """A shared /search/?q=… link opens with the query filled in and its results shown."""
    page.goto(served + "/search/?q=" + quote("Tháng Công nhân"))
    assert _results(page) == [WORKERS_MONTH]
    assert page.input_value("#q") == "Tháng Công nhân"


def test_filters_narrow_and_live_in_the_address(page: Page, served: str) -> None:
    """Kind, year and status filters narrow the results and are kept in the address."""
    page.goto(served + "/search/?q=lien+doan&kind=program")
    assert set(_results(page)) == {TWO_FEDERATIONS, UNACCENTED}
    page.select_option("#loc_year", "2021")
    page.wait_for_function("location.search.includes('year=2021')")
    assert _results(page) == [UNACCENTED]
    page.goto(served + "/search/?status=in-force")
    assert set(_results(page)) == {NGHE_AN, TWO_FEDERATIONS}


def test_the_topic_filter_lists_its_topic_and_no_other(page: Page, served: str) -> None:
    """?topic=<key> lists the agreements filed under that topic, whatever spelling they
    write, and none of another topic whose key starts with the same words."""
    page.goto(served + "/search/?topic=khuyen-hoc")
    assert _results(page) == [NGHE_AN]
    assert page.input_value("#loc_topic") == "khuyen-hoc"
    page.select_option("#loc_topic", "khuyen-hoc-khuyen-tai")
    page.wait_for_function("location.search === '?topic=khuyen-hoc-khuyen-tai'")
    assert _results(page) == ["/agreements/thoa-thuan-hai-duong/"]
    labels = [o.inner_text() for o in page.locator("#loc_topic option").all()]
    assert labels == ["Tất cả", "Khuyến học", "Khuyến học, khuyến tài"]


_FACETS_IN_PAGE = """async pairs => {
    const m = await import('/static/search.js');
    return JSON.stringify(JSON.parse(pairs).map(([f, v]) => m.facetWord(f, v)));
}"""


def test_filter_words_are_written_alike_and_none_starts_another(page: Page, served: str) -> None:
    """search.js writes each filter word as the index does, and no filter word is the start
    of another (Pagefind finds words by their start): a topic's key that starts another's,
    part 1 and part 10."""
    from generator.site.search_text import facet_word

    pairs = [
        ("topic", "khuyen-hoc"),
        ("topic", "khuyen-hoc-khuyen-tai"),
        ("topic", "xa-hoi-x"),
        ("part", "1"),
        ("part", "10"),
        ("status", "in-force"),
        ("kind", "program"),
        ("year", "2022"),
    ]
    page.goto(served + "/")
    found = json.loads(page.evaluate(_FACETS_IN_PAGE, json.dumps(pairs)))
    words = [facet_word(facet, value) for facet, value in pairs]
    assert found == words
    assert len(set(words)) == len(words)
    assert not [(a, b) for a in words for b in words if a != b and b.startswith(a)]


def test_no_result_says_so_and_suggests_browsing(page: Page, served: str) -> None:
    """An empty result is announced, with links to the browse pages."""
    assert _search(page, served, "không có gì như thế này") == []
    status = page.locator(".search-results__status").inner_text()
    assert "Không có văn bản, bên ký hay tỉnh, thành phố nào khớp" in status
    empty = page.locator(".search-results__empty")
    assert empty.is_visible()
    assert empty.locator("a[href='/parties/']").count() == 1


def test_header_box_searches_from_any_page(page: Page, served: str) -> None:
    """With JavaScript the header holds a search box that opens /search/?q=…."""
    page.goto(served + NGHE_AN)
    page.fill("#tim_nhanh", "ke hoach")
    page.press("#tim_nhanh", "Enter")
    page.wait_for_url("**/search/?q=ke+hoach")
    assert _results(page) == [WORKERS_MONTH]


def test_without_javascript_the_page_says_so(browser: Browser, served: str) -> None:
    """Without JavaScript: a plain message, links to browse, no dead search form."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/search/?q=lien+doan")
    body = page.locator("main").inner_text()
    assert "cần JavaScript" in body
    assert page.locator("main noscript a[href='/years/']").count() == 1
    assert not page.locator("#tim_kiem").is_visible()
    page.goto(served + "/")
    assert not page.locator("#tim_nhanh").is_visible()
    context.close()


WORDS = [
    "Liên đoàn Lao động tỉnh Nghệ An",
    "LĐLĐ",
    "Uỷ ban",
    "ỦY BAN",
    "Thuỷ lợi, hoà bình",
    "Ăn ương ở ĐÀ NẴNG",
    "quy chế  phối-hợp 2022/2027",
    "Nghe\u0323\u0302",  # decomposed nặng + circumflex
    "Straße STRAẞE strasse",
    "ﬁnance ﬂow ﬀ",  # ligatures
    "ΟΔΟΣ οδός Σ σς ΣΑΣ",  # final and medial sigma
    "ＬĐＬĐ ｌđｌđ １２３",  # full-width letters and digits
    "İSTANBUL ıi",  # Turkish dotted capital and dotless small i
    "Ꮳ ꮳ",  # Cherokee capital and small letter
    "क\u0903ख ग\u093eघ",  # spacing marks: combining class 0, still marks
    "x\u0301 \u0301a",  # a tone on a letter without a composed form; a mark alone
    "٢٠٢٤ ๒๕๖๗ ²½ Ⅻ",  # digits of other scripts, superscripts, fractions, numerals
    "𝐀𝐁 𝔘𝔶 🙂 𐐀𐐨",  # astral: mathematical letters, an emoji, Deseret case pair
    "a_b a-b a.b",
]

_FOLD_IN_PAGE = """async texts => {
    const m = await import('/static/search.js');
    return JSON.stringify(JSON.parse(texts).map(t => [m.fold(t), m.spelled(t)]));
}"""


def _folded_in_page(page: Page, served: str, texts: list[str]) -> list[list[str]]:
    """`fold` and `spelled` of each text as search.js gives them, in one page evaluation."""
    page.goto(served + "/")
    # One JSON string each way: Playwright is slow to pass long lists item by item.
    return json.loads(page.evaluate(_FOLD_IN_PAGE, json.dumps(texts)))


def _mismatches(texts: list[str], found: list[list[str]]) -> str:
    """The texts search.js folds or spells unlike Python, shortest first, one a line."""
    expected = ([fold(text), spelled(text)] for text in texts)
    wrong = sorted(
        (item for item in zip(texts, found, expected, strict=True) if item[1] != item[2]),
        key=lambda item: len(item[0]),
    )
    return "\n".join(f"{text!r}: page {got!r}, Python {want!r}" for text, got, want in wrong[:10])


def test_the_page_folds_queries_as_the_index_does(page: Page, served: str) -> None:
    """search.js folds and spells queries exactly as generator/core/vietnamese.py does the index."""
    found = _folded_in_page(page, served, WORDS)
    assert found == [[fold(w), spelled(w)] for w in WORDS]


# Python's unicodedata (Unicode 14 in Python 3.11) is older than Chromium's ICU: characters
# assigned since are unknown (category Cn) to Python, which reads them as separators, while
# the browser knows their letters. The index is built by Python, so such a query cannot
# match until Python catches up; the comparisons below keep to characters Python knows.
_ASSIGNED = st.characters(exclude_categories=("Cs", "Cn"))
_TRICKY = st.sampled_from("ßẞﬁﬂﬀＬĐđΣσςİıᏣꮳ\u0903\u0301\u0302\u0323\u0345ǰΐᾳŉ")
TEXTS = st.text(_ASSIGNED | _TRICKY, max_size=24)


def test_the_page_folds_every_character_as_the_index_does(page: Page, served: str) -> None:
    """Each character Python's Unicode tables assign, astral ones too, folds alike in the page."""
    texts = [
        chr(point)
        for point in range(sys.maxunicode + 1)
        if unicodedata.category(chr(point)) not in ("Cs", "Cn")
    ]
    wrong = _mismatches(texts, _folded_in_page(page, served, texts))
    assert not wrong, wrong


def test_the_page_folds_generated_text_as_the_index_does(page: Page, served: str) -> None:
    """Hypothesis-generated text, astral characters included, folds alike in the page."""
    texts: list[str] = []

    @settings(max_examples=500, database=None, deadline=None, phases=[Phase.generate])
    @given(TEXTS)
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    wrong = _mismatches(texts, _folded_in_page(page, served, texts))
    assert not wrong, wrong


# A record in German and English words, to check that ß, ẞ, ligatures and full-width letters
# typed into the box find what the index holds (written into a copy of the search fixture).
_FOREIGN_LETTERS = """---
title: Biên bản ghi nhớ với văn phòng Berlin
kind: plan
parties: [cong-ty-det, ldld-ha-noi]
signed: 2023-05-02
sources: [{publisher: Báo thử nghiệm}]
---
Thư từ gửi về Hiroshimastraße 28, Berlin; bản tiếng Anh ghi “ﬁnancial support”.
"""


@pytest.fixture(scope="module")
def served_foreign(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The search fixture with one more record, in German and English words, served."""
    content = tmp_path_factory.mktemp("foreign") / "content"
    shutil.copytree(SEARCH, content)
    record = content / "agreements" / "bien-ban-ghi-nho-van-phong-berlin.md"
    record.write_text(_FOREIGN_LETTERS, encoding="utf-8")
    output = content.parent / "site"
    build_site(content, output)
    with serve(output) as address:
        yield address


@pytest.mark.parametrize(
    "query",
    [
        "hiroshimastrasse",
        "HIROSHIMASTRASSE",
        "Hiroshimastraße",
        "HIROSHIMASTRAẞE",
        "financial",
        "ﬁnancial",
        "FINANCIAL",
        "ＦＩＮＡＮＣＩＡＬ",
    ],
)
def test_sharp_s_and_ligatures_find_the_record(page: Page, served_foreign: str, query: str) -> None:
    """ß or ss, a ﬁ ligature or plain fi, any case or width: the query finds the one record."""
    assert fold("Straße") == fold("STRASSE") == fold("strasse")
    assert _search(page, served_foreign, query) == [FOREIGN_LETTERS]


def test_search_works_under_a_base_path(browser: Browser, tmp_path: Path) -> None:
    """Built for /register/, the bundle loads and results link under /register/."""
    root = tmp_path / "root"
    build_site(SEARCH, root / "register", "--base-url", "https://example.org/register/")
    with serve(root) as address:
        page = browser.new_page()
        page.goto(address + "/register/search/?q=" + quote("Liên đoàn Lao động Nghệ An"))
        found = [link for link in _results(page) if link.startswith("/register/agreements/")]
        page.close()
    assert set(found) == {"/register" + link for link in (NGHE_AN, TWO_FEDERATIONS, UNACCENTED)}


def test_the_bundle_holds_only_what_the_page_uses(site: Site) -> None:
    """Pagefind's own UI kits are not shipped; its entry file names the Vietnamese index."""
    bundle = site.root / "search" / "pagefind"
    names = {p.name for p in bundle.iterdir()}
    assert {"pagefind.js", "pagefind-entry.json"} <= names
    assert not {n for n in names if "-ui" in n}
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # One indexed page per agreement, party and province page the build wrote.
    pages = [
        path
        for section in ("agreements", "parties", "provinces")
        for path in (site.root / section).glob("*/index.html")
        if "http-equiv" not in path.read_text(encoding="utf-8")  # redirects are not indexed
    ]
    assert entry["languages"]["vi"]["page_count"] == len(pages) > 40


def test_search_files_are_the_same_from_build_to_build(tmp_path: Path) -> None:
    """The index is deterministic (Pagefind's own filters were not, so facets are words)."""
    build_site(SEARCH, tmp_path / "one")
    build_site(SEARCH, tmp_path / "two")
    one = sorted((tmp_path / "one" / "search").rglob("*"))
    two = sorted((tmp_path / "two" / "search").rglob("*"))
    assert [p.relative_to(tmp_path / "one") for p in one] == [
        p.relative_to(tmp_path / "two") for p in two
    ]
    for a, b in zip(one, two, strict=True):
        if a.is_file():
            assert a.read_bytes() == b.read_bytes(), a.name


def test_no_search_bundle_outside_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind writes nothing beside the site or in the working folder (beside the site
    is only the build's own record, generator/publish/cache.py)."""
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    monkeypatch.chdir(tmp_path)
    build_site(content, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == [cache.FOLDER, "content", "site"]
    assert [p.name for p in (tmp_path / cache.FOLDER).iterdir() if p.suffix != ".json"] == []


def test_a_body_is_indexed_folded_only(tmp_path: Path) -> None:
    """The body's words go into the index folded only (spelled too, they made Pagefind hold
    twice the text: 3.9 GB at 10,000 agreements); the title keeps both forms."""
    from generator.publish.build import load
    from generator.site.search_text import search_documents

    loaded = load(SEARCH, today=dt.date(2024, 6, 1))
    assert loaded.register is not None and loaded.context is not None
    documents = search_documents(loaded.register, loaded.context, describe=lambda agreement: {})
    body_only = "rà soát"  # in a body's second paragraph, nowhere else
    assert any(fold(body_only) in d.text for d in documents)
    assert not any(spelled(body_only) in d.text for d in documents)
    titles = [a.title for a in loaded.register.agreements.values()]
    assert [spelled(title) in d.title for title, d in zip(titles, documents, strict=True)] == [
        True
    ] * len(titles)


def _documents() -> list:
    from generator.publish.build import load
    from generator.site.search_text import search_documents

    loaded = load(SEARCH, today=dt.date(2024, 6, 1))
    assert loaded.register is not None and loaded.context is not None
    return search_documents(loaded.register, loaded.context, describe=lambda agreement: {})


def test_pagefind_writes_no_page_to_read(tmp_path: Path) -> None:
    """Documents reach Pagefind through its service, not as files: while it runs, its
    folder holds only its error log; the bundle it writes names every document."""
    from generator.publish import search

    documents = _documents()
    indexing = search.Indexing(documents, tmp_path)
    try:
        (folder,) = tmp_path.iterdir()
        assert not [p for p in folder.rglob("*") if p.suffix in {".html", ".htm"}]
        (files,) = indexing.files()
        entry = json.loads(files["pagefind-entry.json"].read_bytes())
        assert entry["languages"]["vi"]["page_count"] == len(documents)
        assert all(path.is_relative_to(folder) for path in files.values())
    finally:
        indexing.stop()
    assert list(tmp_path.iterdir()) == []


def test_a_pagefind_that_fails_is_reported_with_its_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pagefind that stops early is a located problem carrying what it said, and its
    folder goes."""
    from generator.publish import search

    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "get_executable", lambda: fake)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(search.SearchIndexProblem, match="index exploded"):
        indexing = search.Indexing(_documents(), scratch)
        indexing.files()
    assert list(scratch.iterdir()) == []


def test_pagefind_refusing_a_message_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message the real Pagefind cannot take (here an index setting of the wrong type)
    ends the run with a problem, not a hang or a half-written bundle."""
    from generator.publish import search

    monkeypatch.setattr(search, "language_config", lambda documents: {"force_language": 5})
    with pytest.raises(search.SearchIndexProblem, match="pagefind failed"):
        indexing = search.Indexing(_documents(), tmp_path)
        indexing.files()
    assert list(tmp_path.iterdir()) == []
