"""Honest search, in a real browser on the real register: only pages holding every word of
the query whole are counted as matches; partial matches follow under their own heading,
never counted; a query no page holds whole says so first."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from generator.core.vietnamese import fold
from generator.publish.build import load
from generator.site import search_text
from generator.site.pages import province_pages
from generator.site.render import Renderer
from tests.conftest import REAL_AS_OF, REPO, Site

CONTENT = REPO / "content"
AS_OF = REAL_AS_OF


@pytest.fixture(scope="module")
def indexed() -> dict[str, set[str]]:
    """URL → the words the search index holds for that page (agreements, parties and
    provinces): its folded and spelled texts, split at spaces, and its shown texts folded."""
    loaded = load(CONTENT, today=dt.date.fromisoformat(AS_OF), as_of=dt.date.fromisoformat(AS_OF))
    register, context = loaded.register, loaded.context
    assert register is not None and context is not None
    renderer = Renderer(register, context)
    documents = [
        *search_text.search_documents(register, context, describe=renderer.search_result),
        *search_text.party_documents(register, context, describe=renderer.party_result),
        *search_text.place_documents(
            province_pages(register), context, describe=renderer.place_result
        ),
    ]
    return {
        d.url: set(f"{d.title} {d.names} {d.text}".split())
        | {word for value in d.meta.values() for word in fold(value).split()}
        for d in documents
    }


def _holding(indexed: dict[str, set[str]], query: str) -> set[str]:
    """The pages whose indexed words include every word of `query`, folded, whole."""
    words = set(fold(query).split())
    return {url for url, held in indexed.items() if words <= held}


def _search(page: Page, real_served: str, query: str, width: int = 390) -> dict[str, object]:
    """Open /search/?q=… at a phone's width and read the status line, the counted results
    and the partial ones."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{real_served}/search/?q={quote(query)}")
    page.wait_for_function(
        "document.querySelector('.search-results').dataset.done === location.search"
    )
    whole = ".search-results__list:not(.search-results__list--partial) .search-result h3 a"
    partial = ".search-results__partial .search-result h3 a"
    return {
        "status": page.locator(".search-results__status").inner_text(),
        "whole": [a.get_attribute("href") for a in page.locator(whole).all()],
        "partial": [a.get_attribute("href") for a in page.locator(partial).all()],
        "partial_shown": page.locator(".search-results__partial").is_visible(),
    }


def test_nonsense_counts_no_match_and_says_so_before_partial_ones(
    page: Page, real_served: str, indexed: dict[str, set[str]]
) -> None:
    """ "xyz khong co": no page holds all three words, so nothing is counted; the status
    says "Không tìm thấy văn bản nào chứa đủ các từ …" and the pages matching in part are
    listed under "Khớp một phần", after that sentence, with no count."""
    assert _holding(indexed, "xyz khong co") == set()
    found = _search(page, real_served, "xyz khong co")
    assert found["status"] == "Không tìm thấy văn bản nào chứa đủ các từ “xyz khong co”."
    assert found["whole"] == []
    assert found["partial"] and found["partial_shown"]
    assert page.locator("#khop_mot_phan").inner_text() == "Khớp một phần"
    assert not re.search(r"\d", str(found["status"]))
    status_box = page.locator(".search-results__status").bounding_box()
    partial_box = page.locator(".search-results__partial").bounding_box()
    assert status_box and partial_box and status_box["y"] < partial_box["y"]
    assert page.locator(".search-results__empty").is_visible()  # ways to browse instead


@pytest.mark.parametrize("query", ["toa an", "tòa án", "TOÀ ÁN"])
def test_the_count_is_the_pages_holding_every_word(
    page: Page, real_served: str, indexed: dict[str, set[str]], query: str
) -> None:
    """ "toa an" (typed with or without marks) counts exactly the pages whose indexed text
    holds both words whole, lists them first, and puts the rest under "Khớp một phần"."""
    expected = _holding(indexed, query)
    assert expected  # the register has the Bình Dương court's agreement and party
    found = _search(page, real_served, query)
    assert set(found["whole"]) == expected
    assert found["status"] == f"{len(expected)} kết quả chứa đủ các từ “{query}”."
    assert not set(found["partial"]) & expected
    assert found["partial"], "Pagefind's start-of-word matches are listed, uncounted"


def test_every_word_of_a_long_query_is_needed(
    page: Page, real_served: str, indexed: dict[str, set[str]]
) -> None:
    """A federation's name: the count is the pages holding each of its five words."""
    query = "lien doan lao dong nghe an"
    expected = _holding(indexed, query)
    found = _search(page, real_served, query)
    assert set(found["whole"]) == expected
    assert found["status"].startswith(f"{len(expected)} kết quả")


def test_a_filter_narrows_the_count(page: Page, real_served: str, real_site: Site) -> None:
    """With a kind filter the count holds only agreements of that kind holding every word;
    the topic filter sits beside kind, year and status."""
    page.goto(f"{real_served}/search/")
    names = page.locator(".search-form__filters select").evaluate_all(
        "selects => selects.map(s => s.name)"
    )
    assert names == ["kind", "year", "status", "topic"]
    page.goto(f"{real_served}/search/?q=toa+an&kind=program")
    page.wait_for_function(
        "document.querySelector('.search-results').dataset.done === location.search"
    )
    whole = page.locator(
        ".search-results__list:not(.search-results__list--partial) .search-result h3 a"
    ).all()
    links = [a.get_attribute("href") or "" for a in whole]
    assert all(link.startswith("/agreements/") for link in links)
    for link in links:
        kind = real_site.page(link).select_one("table.facts td").get_text(" ", strip=True)
        assert "Chương trình phối hợp" in kind
    status = page.locator(".search-results__status").inner_text()
    assert status.startswith(f"{len(links)} kết quả") or status.startswith("Không tìm thấy")


def test_screenshots_of_the_search_page(page: Page, real_served: str, tmp_path: Path) -> None:
    """The nonsense query and "toa an" render at 390 and 1280 px without a horizontal
    scroll (the screenshots are saved for a person to look at)."""
    for width in (390, 1280):
        for query in ("xyz khong co", "toa an"):
            _search(page, real_served, query, width=width)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (query, width, scroll)
            page.screenshot(path=str(tmp_path / f"search-{width}.png"), full_page=True)
