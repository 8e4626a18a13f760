"""A large register's search index in parts: Pagefind indexes them one after another (so
its memory is one part's), and the search page merges them into one search."""

from __future__ import annotations

import gzip
import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Page

from generator.core import urls
from generator.core.vietnamese import fold
from generator.publish import search
from generator.site.search_text import SearchDocument
from scripts.screenshots import serve
from tests.conftest import FIXTURES, Site, build_site, run_cli

SEARCH = FIXTURES / "search"
PART_SIZE = 4  # agreements per part here: the fixture's 31 make 8 parts
PARTS = 8

# Two more records for the fixture: one whose signing date nobody knows, one more program.
_UNDATED = """---
title: Chương trình phối hợp chưa rõ ngày ký
kind: program
parties: [ldld-ha-noi, ldld-nghe-an]
signed: unknown
sources: [{publisher: Báo thử nghiệm}]
---
Hai Liên đoàn cùng chăm lo nhà ở cho công nhân; bản tin không nêu ngày ký.
"""
_ANOTHER = """---
title: Chương trình phối hợp về an toàn lao động
kind: program
parties: [ldld-nghe-an, cong-ty-det]
signed: 2020-11-02
sources: [{publisher: Báo thử nghiệm}]
---
Các bên cùng kiểm tra an toàn lao động tại xưởng dệt.
"""


_PARTIES = ["ldld-ha-noi", "ldld-nghe-an", "mttq-ha-noi", "cong-ty-det", "ubnd-nghe-an"]


def _content(folder: Path) -> Path:
    """The search fixture, the two records above, and 24 more signed over ten years, so
    that agreements fill several parts."""
    content = folder / "content"
    shutil.copytree(SEARCH, content)
    agreements = content / "agreements"
    (agreements / "chuong-trinh-chua-ro-ngay.md").write_text(_UNDATED, "utf-8")
    (agreements / "chuong-trinh-an-toan.md").write_text(_ANOTHER, "utf-8")
    for number in range(24):
        first, second = _PARTIES[number % 5], _PARTIES[(number + 2) % 5]
        kind = ("program", "plan", "regulation")[number % 3]
        (agreements / f"van-ban-so-{number}.md").write_text(
            f"---\ntitle: Văn bản phối hợp số {number}\nkind: {kind}\n"
            f"parties: [{first}, {second}]\nsigned: {2015 + number % 10}-{1 + number % 12:02}-"
            f"{1 + number:02}\nsources: [{{publisher: Báo thử nghiệm}}]\n---\n"
            f"Các bên phối hợp chăm lo việc làm cho đoàn viên, đợt {number}.\n",
            "utf-8",
        )
    return content


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site]:
    """The enlarged fixture built twice: with its index whole, and in parts."""
    folder = tmp_path_factory.mktemp("parts")
    content = _content(folder)
    build_site(content, folder / "whole")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
        build_site(content, folder / "parts")
    return Site(folder / "whole"), Site(folder / "parts")


@pytest.fixture(scope="module")
def served(sites: tuple[Site, Site]) -> Iterator[tuple[str, str]]:
    """Both builds, each on a free loopback port."""
    whole, parts = sites
    with serve(whole.root) as one, serve(parts.root) as other:
        yield one, other


def _results(page: Page, address: str, query: str) -> list[str]:
    """Every result link of /search/?QUERY, in the order shown, "more" pressed until all
    are listed."""
    page.goto(f"{address}/search/?{query}")
    page.wait_for_function(
        "document.querySelector('.search-results').dataset.done === location.search"
    )
    links = page.locator(".search-result h3 a")
    more = page.locator(".search-results__more")
    while more.is_visible():
        shown = links.count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.search-result').length > n", arg=shown
        )
    return [a.get_attribute("href") or "" for a in links.all()]


def test_the_parts_are_bundles_of_their_own(sites: tuple[Site, Site]) -> None:
    """Eight parts and the index of their words: the first holds Pagefind's scripts and
    search core, the others their index only; the parts hold every page the whole index
    holds and a page of part words each, the words' index a page for each part. The search
    page names them all, in order, and the pages it never shows."""
    whole, parts = sites
    folders = sorted((parts.root / "search").glob("pagefind*"), key=lambda f: (len(f.name), f.name))
    names = ["pagefind", *(f"pagefind-{part}" for part in range(1, PARTS + 1))]
    assert [f.name for f in folders] == names
    assert [f.name for f in (whole.root / "search").glob("pagefind*")] == ["pagefind"]

    def count(folder: Path) -> int:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return int(entry["languages"]["vi"]["page_count"])

    *held, words = folders
    assert sum(count(f) for f in held) == count(whole.root / "search" / "pagefind") + PARTS
    assert count(words) == PARTS
    assert (folders[0] / "pagefind.js").is_file()
    for folder in folders[1:]:
        assert not [p for p in folder.rglob("*") if p.suffix in {".js", ".pagefind"}]
    form = parts.page("/search/").select_one("#tim_kiem")
    assert form is not None
    assert form["data-parts"] == " ".join(f"/search/{name}/" for name in names[:-1])
    assert form["data-words"] == f"/search/pagefind-{PARTS}/"
    whole_form = whole.page("/search/").select_one("#tim_kiem")
    assert whole_form is not None and whole_form["data-parts"] == "/search/pagefind/"
    for name in ("data-words", "data-hidden", "data-word-pages"):
        assert not whole_form.has_attr(name)
    stubs = {part: page for part, page, url in _fragments(parts) if url == "/zzvocabulary/"}
    assert sorted(stubs) == list(range(PARTS))
    assert set(str(form["data-hidden"]).split()) == set(stubs.values())
    pages = _pages_of(parts, PARTS + 1)
    by_part = {url: page for page, url in pages.items()}
    named = [by_part[f"/zzvocabulary/{part}/"] for part in range(PARTS)]
    assert str(form["data-word-pages"]).split() == named


@pytest.mark.parametrize(
    "query",
    [
        "q=lien+doan+lao+dong+nghe+an",
        "q=c%C3%B4ng+nh%C3%A2n",  # "công": one part has it, the others only "cộng"
        "q=ha+noi",
        "q=an+toan",
        "q=lien+doan",  # agreements, parties and provinces, in every part
        "q=coo",  # no word is "coo": Pagefind extends it
        "q=l%C4%90L%C4%90+xyzzy",  # a word no part holds is ignored, as by one index
    ],
)
def test_a_split_index_finds_what_the_whole_one_finds(
    page: Page, served: tuple[str, str], query: str
) -> None:
    """Merged by the page, the parts find the same pages as the index made whole."""
    whole, parts = served
    found = _results(page, whole, query)
    assert found
    assert sorted(_results(page, parts, query)) == sorted(found)


def _fragments(site: Site, bundles: int = PARTS) -> Iterator[tuple[int, str, str]]:
    """(part, Pagefind's page id, URL) of every page of a split index's parts (and of the
    words' index, the last bundle, when `bundles` counts it)."""
    for part in range(bundles):
        folder = site.root / "search" / ("pagefind" if part == 0 else f"pagefind-{part}")
        for fragment in (folder / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
            yield part, fragment.name.removesuffix(".pf_fragment"), json.loads(data)["url"]


def _parts_of(site: Site) -> dict[str, int]:
    """URL → the part of a split index that holds the page."""
    return {url: part for part, _, url in _fragments(site)}


def _pages_of(site: Site, bundles: int = PARTS) -> dict[str, str]:
    """Pagefind's page id → URL, over every part (see `_fragments`)."""
    return {page: url for _, page, url in _fragments(site, bundles)}


def _signed(site: Site, link: str) -> str:
    """The signing date an agreement's open data states (EDTF), "" when nobody knows it."""
    record = json.loads((site.root / (link.strip("/") + ".json")).read_text(encoding="utf-8"))
    return "" if record["signed"]["certainty"] == "unknown" else str(record["signed"]["edtf"])


@pytest.mark.parametrize("query", ["kind=program", "status=in-force", "year=2023"])
def test_a_filter_alone_lists_newest_first_across_parts(
    page: Page, served: tuple[str, str], sites: tuple[Site, Site], query: str
) -> None:
    """A filter without words lists the newest signing first, through every part, and the
    agreements with no known date after them (Pagefind leaves them out of a sorted search)."""
    whole, parts = served
    found = _results(page, parts, query)
    assert found and sorted(found) == sorted(_results(page, whole, query))
    dates = [_signed(sites[1], link) for link in found]
    dated = [date for date in dates if date]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [""] * (len(dates) - len(dated))
    if query == "kind=program":  # the programs run through several parts
        holder = _parts_of(sites[1])
        assert len({holder[link] for link in found}) >= 3


def test_an_undated_agreement_is_listed_by_a_filter(page: Page, served: tuple[str, str]) -> None:
    """The agreement signed on a day nobody knows is listed under its kind, whole or split."""
    for address in served:
        assert _results(page, address, "kind=program")[-1] == (
            "/agreements/chuong-trinh-chua-ro-ngay/"
        )


def test_each_part_holds_its_own_words_and_every_part_word() -> None:
    """Each page of a split index carries its part's word; each part holds one page more,
    with every part's word, and no word of the other parts; the words' index, last, holds
    a page per part with every word the part holds."""
    parts = [
        [_document("2024-01-01", 1, "lien doan zzkindprogram")],
        [_document("2020-01-01", 2, "lien ket"), _document("", 3, "doan ket")],
    ]
    *held, words = search.split(parts, "vi")
    assert [len(part) for part in held] == [2, 3]
    assert [d.facets for d in held[1][:2]] == ["zzpart1xe", "zzpart1xe"]
    assert [part[-1].text for part in held] == ["zzpart0xe zzpart1xe"] * 2
    assert [part[-1].url for part in held] == ["/zzvocabulary/"] * 2
    assert [page.url for page in words] == ["/zzvocabulary/0/", "/zzvocabulary/1/"]
    assert [page.text for page in words] == [
        "agreement doan lien zzkindprogram zzpart0xe zzpart1xe zzvocabulary",
        "agreement doan ket lien zzpart0xe zzpart1xe zzvocabulary",
    ]
    assert all(page.meta == {"type": search.VOCABULARY} for page in [*words, held[0][-1]])


@given(st.dictionaries(st.sampled_from(["title", "kind", "parties", "date"]), st.text()))
def test_a_documents_words_are_those_of_each_meta_value(meta: dict[str, str]) -> None:
    """The words of a document's meta, found in all its values at once, are the words of
    each value (marks off and lowercased, and folded) put together: no word runs from one
    value into the next, and final sigmas stay as each value alone has them."""
    document = SearchDocument("/1/", "", "", "", meta, "vi")
    each: set[str] = set()
    for value in meta.values():
        bare = unicodedata.normalize("NFD", value).translate(search._UNMARKED)
        each.update(search._WORD.findall(bare.lower()))
        each.update(fold(value).split())
    assert search._words(document) == each


def _document(signed: str, number: int, text: str = "x", kind: str = "agreement") -> SearchDocument:
    return SearchDocument(f"/{number}/", "", "", text, {"type": kind}, "vi", signed=signed)


_DATES = st.sampled_from(["", "2019", "2020-05", "2020-05-01", "2024-12-31"])


@given(
    st.lists(_DATES, max_size=30),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=1, max_value=7),
)
def test_parts_hold_every_document_newest_first(signed: list[str], others: int, size: int) -> None:
    """`partition` keeps every document once; the agreements fill the parts from the last,
    `size` to a part, the first holding the rest, each signed no earlier than the next (the
    undated last); the parties are in the first."""
    agreements = [_document(date, number) for number, date in enumerate(signed)]
    parties = [_document("", 100 + n, kind="party") for n in range(others)]
    parts = max(1, -(-len(agreements) // size))
    runs = search.partition([*agreements, *parties], parts, size)
    assert len(runs) == parts
    everything = sorted(d.url for d in [*agreements, *parties])
    assert sorted(d.url for run in runs for d in run) == everything
    held = [[d for d in run if d.meta["type"] == "agreement"] for run in runs]
    assert all(len(run) == size for run in held[1:])
    assert 0 < len(held[0]) <= size or not agreements
    flat = [d.signed for run in held for d in run]
    assert flat == sorted(flat, reverse=True)
    assert [d for d in runs[0] if d.meta["type"] == "party"] == parties


@given(st.lists(_DATES, min_size=1, max_size=30), st.integers(min_value=1, max_value=7))
def test_an_agreement_signed_last_changes_the_first_part_alone(
    signed: list[str], size: int
) -> None:
    """An agreement added with the newest signing date of all goes into the first part, and
    leaves every other part as it was, while the number of parts stays the same."""
    before = [_document(date, number) for number, date in enumerate(signed)]
    parts = max(1, -(-len(before) // size))
    if parts != max(1, -(-(len(before) + 1) // size)):
        return  # one part more: the parts are numbered afresh
    after = [*before, _document("2025-01-01", 99)]
    old, new = search.partition(before, parts, size), search.partition(after, parts, size)
    assert new[1:] == old[1:]
    assert [d.url for d in new[0]] == ["/99/", *(d.url for d in old[0])]


def test_parts_are_indexed_one_after_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One Pagefind runs at a time, so the memory a build needs is one part's."""
    real = search.get_executable()
    assert real is not None
    log, last = tmp_path / "runs.log", tmp_path / "last.pid"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(
        "#!/bin/sh\n"  # the shell becomes Pagefind (exec), so its id is Pagefind's
        f'if [ -f "{last}" ] && kill -0 "$(cat "{last}")" 2>/dev/null; then\n'
        f'  echo overlap >> "{log}"\n'
        "fi\n"
        f'echo $$ > "{last}"\necho start >> "{log}"\nexec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(search, "get_executable", lambda: wrapper)
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    build_site(_content(tmp_path), tmp_path / "site")
    assert log.read_text().split() == ["start"] * (PARTS + 1)  # never "overlap"


def test_a_failing_part_fails_the_build_and_leaves_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pagefind that fails on a later part ends the build with its words, and the site
    built before stays as it was."""
    content = _content(tmp_path)
    output = tmp_path / "site"
    build_site(content, output)
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    real = search.get_executable()
    count = tmp_path / "count"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(
        f'#!/bin/sh\necho run >> "{count}"\n'
        f'if [ "$(wc -l < "{count}")" -ge 3 ]; then echo "part exploded" >&2; exit 3; fi\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(search, "get_executable", lambda: wrapper)
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    (content / "agreements" / "chuong-trinh-an-toan.md").write_text(
        _ANOTHER.replace("an toàn lao động", "vệ sinh lao động"), "utf-8"
    )
    run = run_cli("build", "--content", str(content), "--output", str(output))
    assert run.code != 0
    assert "part exploded" in run.err
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert not list(tmp_path.glob("**/.search-*"))
