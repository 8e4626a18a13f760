"""The taxonomy table: every row gets its pages from one planner and one pair of templates,
its words from its strings block, and a place in the one navigation list."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from generator.core.interface import TEMPLATES, languages, load_strings
from generator.core.taxonomies import NAVIGATION, TAXONOMIES
from generator.core.urls import path_for
from tests.conftest import REPO, Site


@pytest.fixture(scope="module")
def built(real_site: Site) -> Site:
    """The register of `content/`."""
    return real_site


def _listed(site: Site, link: str) -> list[str]:
    """The agreement pages a paginated list links from its table, over every page."""
    slugs: list[str] = []
    while link:
        soup = site.page(link)
        for row in soup.select("table.agreements tbody tr, table tbody tr"):
            anchor = row.select_one("a[href*='/agreements/']")
            if anchor is not None:
                slugs.append(anchor["href"].rstrip("/").rsplit("/", 1)[-1])
        following = soup.select_one("a[rel=next]")
        link = following["href"] if following is not None else ""
    return slugs


def test_agreements_are_listed_under_every_kind_of_body_that_signed_them(built: Site) -> None:
    """`/party-kinds/` counts, and each kind's pages list, exactly the agreements at least one
    party of that kind signed, as the open data tells them apart."""
    parties = json.loads((built.root / "data/parties.json").read_text(encoding="utf-8"))
    kind_of = {party["id"]: party["kind"] for party in parties}
    records = json.loads((built.root / "data/agreements.json").read_text(encoding="utf-8"))
    expected: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for party in record["parties"]:
            expected[kind_of[party["id"]]].add(record["slug"])
    assert len(expected) >= 4  # the content has federations, committees, agencies, groups

    index = built.page("/party-kinds/")
    counts = {
        row.select_one("a")["href"]: int(row.select_one("td").get_text())
        for row in index.select("tbody tr")
    }
    assert counts == {f"/party-kinds/{kind}/": len(slugs) for kind, slugs in expected.items()}
    for kind, slugs in expected.items():
        listed = _listed(built, f"/party-kinds/{kind}/")
        assert sorted(listed) == sorted(slugs), kind


def test_a_kind_of_body_is_named_in_words_not_codes(built: Site) -> None:
    """The index and each page name the kind as the guide does ("Ủy ban nhân dân"), in the
    title, the heading and the breadcrumbs."""
    strings = yaml.safe_load((TEMPLATES / "strings/vi.yaml").read_text(encoding="utf-8"))
    page = built.page("/party-kinds/peoples-committee/")
    label = strings["party_kinds"]["peoples-committee"]
    assert label in page.select_one("h1").get_text()
    assert label in page.title.get_text()
    assert "peoples-committee" not in page.select_one("main").get_text()
    crumbs = page.select_one("nav.breadcrumbs").get_text()
    assert strings["nav"]["party_kinds"] in crumbs
    links = {a.get_text(strip=True) for a in built.page("/party-kinds/").select("tbody a")}
    assert label in links and "peoples-committee" not in links


@pytest.mark.parametrize("language", languages())
def test_every_taxonomy_has_the_words_its_templates_use(language: str) -> None:
    """A row of the table without its strings would fail only when its page renders: each
    row's block, in every catalogue, has every word its templates ask for, and a navigation
    label."""
    strings = load_strings(TEMPLATES, language)
    for taxonomy in TAXONOMIES:
        words = strings[taxonomy.strings]
        template = (TEMPLATES / taxonomy.template("list")).read_text(encoding="utf-8")
        template += (TEMPLATES / taxonomy.template("detail")).read_text(encoding="utf-8")
        for key in ("title", "lead", "caption", "caption_one"):
            assert words.get(key), (taxonomy.name, key)
        if taxonomy.templates == "taxonomy":
            assert words.get("term") and "{term}" in words["heading"], taxonomy.name
        if taxonomy.labels is not None:
            assert set(taxonomy.order or ()) <= set(strings[taxonomy.labels]), taxonomy.name
        assert strings["nav"][taxonomy.name]
        assert template  # both templates exist


def test_one_navigation_list_draws_the_header_the_home_page_and_the_browse_box(
    built: Site,
) -> None:
    """The home page's browse list and the search page's browse box hold every section of
    the navigation list, in its order; the header the ones marked for it; each link
    answers."""
    every = ["/" + path_for(section.route) for section in NAVIGATION]
    header = ["/" + path_for(section.route) for section in NAVIGATION if section.header]
    home = built.page("/")
    assert [a["href"] for a in home.select("ul.browse > li > a")] == every
    search = built.page("/search/")
    for box in search.select("ul.browse-links"):
        assert [a["href"] for a in box.select("a")] == every
    assert [a["href"] for a in home.select("nav.site-nav a")] == header
    for link in every:
        target = built.file_for(link)
        assert target is not None and target.is_file(), link


def test_the_header_marks_the_section_a_page_is_in(built: Site) -> None:
    """A kind's page is in the kinds section: its header link says so (`aria-current`)."""
    page = built.page("/kinds/program/")
    current = [a["href"] for a in page.select("nav.site-nav a[aria-current]")]
    assert current == ["/kinds/"]


def test_every_taxonomy_folder_is_reserved_for_free_pages() -> None:
    """A free page may not take a taxonomy's folder as its slug."""
    from generator.core.urls import SECTIONS

    assert {taxonomy.folder for taxonomy in TAXONOMIES} <= SECTIONS
    assert Path(REPO / "templates/taxonomy/list.html").is_file()


def test_no_template_reaches_into_the_whole_register() -> None:
    """Templates get typed views and narrow look-ups, never the register itself: a page's
    inputs are what its view and the look-ups it calls name."""
    import datetime as dt

    from generator.publish.build import load
    from generator.site.render import Renderer

    loaded = load(REPO / "content", today=dt.date(2026, 12, 7))
    assert loaded.register is not None and loaded.context is not None
    renderer = Renderer(loaded.register, loaded.context)
    assert "register" not in renderer.env.globals
    used = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".xml", ".txt"}
        and "register." in path.read_text(encoding="utf-8").replace("register's", "")
    ]
    assert used == []
