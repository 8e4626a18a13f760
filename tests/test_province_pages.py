"""A page per province (the 34 after 1/7/2025, former provinces inside the one they joined,
national bodies under 'toàn quốc'), with its parties and their agreements."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, Site, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    output = tmp_path_factory.mktemp("provinces") / "site"
    build_site(REPO / "content", output, "--as-of", "2026-12-01")
    return Site(output)


def test_the_index_lists_the_34_provinces_and_toan_quoc(site: Site) -> None:
    links = site.page("/provinces/").select(".province-list a")
    assert len(links) == 35
    assert links[-1].get_text() == "Toàn quốc"
    names = [a.get_text() for a in links]
    assert "Hồ Chí Minh" in names and "Bình Dương" not in names  # a former province is inside
    for a in links:
        assert site.file_for(a["href"]).is_file()


def test_a_former_province_is_shown_inside_the_one_it_joined(site: Site) -> None:
    page = site.page("/provinces/ho-chi-minh/")
    assert page.h1.get_text() == "Thành phố Hồ Chí Minh"
    group = page.find(id="binh_duong")
    assert group is not None and "Bình Dương (tỉnh cũ" in group.caption.get_text()
    assert "/parties/ldld-binh-duong/" in [a["href"] for a in group.select("a")]
    rows = page.select("table.agreements tbody th a")
    assert [a["href"] for a in rows] == [
        "/agreements/ldld-binh-duong-toa-an-nhan-dan-binh-duong-2016-2020/"
    ]


def test_national_bodies_are_under_toan_quoc(site: Site) -> None:
    page = site.page("/provinces/toan-quoc/")
    parties = [a["href"] for a in page.select("table.parties a")]
    assert "/parties/bo-cong-an/" in parties and "/parties/tong-ldld-viet-nam/" in parties
    assert len(page.select("table.agreements tbody tr")) >= 4


def test_the_party_index_offers_browsing_by_province(site: Site) -> None:
    links = [a["href"] for a in site.page("/parties/").select("main a")]
    assert "/provinces/" in links
