"""URLs and output paths: one place, base path honoured, nothing escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core import urls
from generator.core.urls import ROUTES, UnknownRoute, Urls, output_file, path_for

EXAMPLES = {
    "home": (),
    "agreements": (2,),
    "agreement": ("quy-che-nghe-an",),
    "parties": (),
    "party": ("ldld-nghe-an",),
    "parties_by_name": (),
    "years": (),
    "year": (2022,),
    "year_in_force": (2022, 2),
    "undated": (),
    "kinds": (),
    "kind": ("program",),
    "party_kinds": (),
    "party_kind": ("labour-federation",),
    "topics": (),
    "topic": ("thi-dua-yeu-nuoc",),
    "statuses": (),
    "status": ("ending-soon", 2),
    "reviews": (2,),
    "provinces": (),
    "province": ("ho-chi-minh",),
    "page": ("gioi-thieu",),
    "guide": (),
    "follow": (),
    "guide_messages": (),
    "guide_fields": (),
    "guide_message": ("not-utf8",),
    "agreement_data": ("quy-che-nghe-an",),
    "agreement_list": (),
    "party_feed": ("ldld-nghe-an",),
    "party_calendar": ("ldld-nghe-an",),
    "search": (),
    "search_bundle": ("pagefind.js",),
    "data": (),
    "data_file": ("agreements.csv",),
    "feed": (),
    "calendar": (),
    "static": ("style.css",),
    "file": ("2023/Phụ lục.pdf",),
    "not_found": (),
    "sitemap": (),
    "robots": (),
}


def test_every_route_has_an_example() -> None:
    """The examples below cover every route the templates can ask for."""
    assert set(EXAMPLES) == set(ROUTES)


@pytest.mark.parametrize("base", ["/", "/register/", "https://example.org/register/"])
@pytest.mark.parametrize("route", sorted(EXAMPLES))
def test_links_carry_the_base_path(base: str, route: str) -> None:
    """Every link starts with the base URL's path and is a valid, quoted URL path."""
    link = Urls(base).url_for(route, *EXAMPLES[route])
    prefix = "/register/" if "register" in base else "/"
    assert link.startswith(prefix)
    assert " " not in link and "ụ" not in link


def test_paths_and_files() -> None:
    """Folders become index.html files; files keep their names, unquoted on disk."""
    assert output_file(path_for("home")) == "index.html"
    assert output_file(path_for("agreements", 1)) == "agreements/index.html"
    assert output_file(path_for("agreements", 3)) == "agreements/page/3/index.html"
    assert output_file(path_for("year", 2022)) == "years/2022/index.html"
    assert output_file(path_for("file", "2023/Phụ lục.pdf")) == "files/2023/Phụ lục.pdf"
    assert (
        Urls("/").url_for("file", "2023/Phụ lục.pdf") == "/files/2023/Ph%E1%BB%A5%20l%E1%BB%A5c.pdf"
    )


def test_absolute_addresses_need_a_host() -> None:
    """Full addresses exist only when the base URL names a host."""
    assert Urls("/register/").absolute("home") is None
    assert Urls("https://example.org/r/").absolute("party", "ldld-nghe-an") == (
        "https://example.org/r/parties/ldld-nghe-an/"
    )


def test_static_files_carry_their_version() -> None:
    """A stylesheet link carries its content hash so it can be cached for long."""
    urls = Urls("/", {"static/style.css": "abc123"})
    assert urls.url_for("static", "style.css") == "/static/style.css?v=abc123"


@pytest.mark.parametrize(
    ("route", "args"),
    [
        ("agreement", ("../etc",)),
        ("party", ("Có Dấu",)),
        ("page", ("",)),
        ("year", (0,)),
        ("agreements", (0,)),
    ],
)
def test_bad_arguments_make_no_path(route: str, args: tuple) -> None:
    """A value that is not a slug, year or page number raises instead of making a path."""
    with pytest.raises(ValueError):
        path_for(route, *args)


def test_unknown_route() -> None:
    """A template asking for a route that does not exist fails loudly."""
    with pytest.raises(UnknownRoute):
        Urls("/").url_for("nowhere")


@given(st.integers(min_value=0, max_value=200_000))
def test_search_parts_are_few_and_small_and_never_over_the_largest(agreements: int) -> None:
    """A part holds a quarter, a half or all of `SEARCH_PART_SIZE` agreements: the least of
    those that makes at most `FEW_PARTS` parts, all of it when none does; the parts hold
    every agreement."""
    size, parts = urls.search_part_size(agreements), urls.search_parts(agreements)
    largest = urls.SEARCH_PART_SIZE
    assert size in {largest // 4, largest // 2, largest}
    assert (parts - 1) * size < max(agreements, 1) <= parts * size
    assert parts <= urls.FEW_PARTS or size == largest
    smaller = [s for s in (largest // 4, largest // 2) if s < size]
    assert all(-(-agreements // s) > urls.FEW_PARTS for s in smaller)
