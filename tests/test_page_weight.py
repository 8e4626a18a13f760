"""Every page stays light as the register grows (issue "Fast builds": at most 50 KB of HTML
a page), by paging every list; the pages of a list together hold all of it, once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synthetic import write_register
from generator.publish.build import load
from generator.site import pages as planning
from tests.conftest import TODAY, Site, build_site

LIMIT = 50 * 1024


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """A synthetic register large enough that every kind of list runs to several pages."""
    root = tmp_path_factory.mktemp("weight")
    content = write_register(root / "content", 700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planning, "PARTIES_PAGE", 10)  # its 28 parties on three pages
        build_site(content, root / "site")
    return Site(root / "site"), content


def test_no_page_is_over_50_kb(big: tuple[Site, Path]) -> None:
    site, _ = big
    sizes = {name: (site.root / name).stat().st_size for name in site.html_files()}
    assert len(sizes) > 700
    assert {name: size for name, size in sizes.items() if size > LIMIT} == {}


def _all_pages(site: Site, first: str) -> list[str]:
    """A list's first page and every page its pagination links, in order."""
    soup = site.page(first)
    links = [a["href"] for a in soup.select(".pagination ul a")]
    return links or [first]


def _rows(site: Site, link: str) -> list[str]:
    return [a["href"] for a in site.page(link).select("table.agreements th[scope=row] a")]


def test_a_party_s_pages_hold_each_of_its_agreements_once(big: tuple[Site, Path]) -> None:
    site, content = big
    register = load(content, today=TODAY).register
    assert register is not None
    party = max(register.by_party, key=lambda p: len(register.by_party[p]))
    pages = _all_pages(site, f"/parties/{party}/")
    assert len(pages) > 1
    rows = [row for link in pages for row in _rows(site, link)]
    assert len(rows) == len(set(rows))
    assert set(rows) == {f"/agreements/{slug}/" for slug in register.by_party[party]}
    # Its partners and years are on the first page only.
    assert site.page(pages[0]).find(id="cung_ky") and not site.page(pages[1]).find(id="cung_ky")


def test_a_year_lists_what_was_signed_and_links_what_was_in_force(
    big: tuple[Site, Path],
) -> None:
    site, content = big
    register = load(content, today=TODAY).register
    assert register is not None
    year = max(register.by_year, key=lambda y: len(register.by_year[y]))
    signed = [row for link in _all_pages(site, f"/years/{year}/") for row in _rows(site, link)]
    assert sorted(signed) == sorted(f"/agreements/{s}/" for s in register.by_year[year])
    link = site.page(f"/years/{year}/").select_one("#hieu_luc_trong_nam ~ p a")
    assert link is not None and link["href"] == f"/years/{year}/in-force/"
    count = int(re.search(r"\d+", link.get_text())[0])  # type: ignore[index]
    in_force = [row for page in _all_pages(site, link["href"]) for row in _rows(site, page)]
    assert len(in_force) == count == len(register.in_force_by_year[year])


def test_the_parties_index_pages_name_every_party_once(big: tuple[Site, Path]) -> None:
    site, content = big
    register = load(content, today=TODAY).register
    assert register is not None
    pages = _all_pages(site, "/parties/")
    assert len(pages) > 1
    named = [a["href"] for link in pages for a in site.page(link).select("table.parties th a")]
    assert len(named) == len(set(named))
    assert set(named) == {f"/parties/{party_id}/" for party_id in register.parties}


def test_the_a_to_z_index_of_many_long_named_parties_stays_under_50_kb(tmp_path: Path) -> None:
    """/parties-a-z/ pages a register with more parties than one page holds, each with a
    long name and short name, under 50 KB a page, every party on exactly one page."""
    content = write_register(tmp_path / "content", 30)
    for number in range(planning.NAMES_PAGE + 40):
        name = (
            "Liên đoàn Lao động các khu công nghiệp và khu chế xuất "
            f"số {number:03d} tỉnh Bình Dương"
        )
        (content / "parties" / f"ldld-kcn-{number:03d}.md").write_text(
            f"---\nname: {name}\nshort: LĐLĐ KCN-KCX số {number:03d} Bình Dương\n"
            "kind: labour-federation\nprovince: Bình Dương\n---\n",
            encoding="utf-8",
        )
    build_site(content, tmp_path / "site")
    site = Site(tmp_path / "site")
    pages = _all_pages(site, "/parties-a-z/")
    assert len(pages) == 2
    listed = []
    for link in pages:
        target = site.file_for(link)
        assert target is not None and target.stat().st_size <= LIMIT, link
        listed += [a["href"] for a in site.page(link).select("ul.names a")]
    assert len(listed) == len(set(listed)) == len(list((content / "parties").glob("*.md")))
