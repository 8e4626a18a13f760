"""Every status has a browsable list, linked from the home counts and from each status
label; lists show the term's end; records ending within the stated window are marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Site, assemble, build_site, write

HEAD = """---
title: {title}
kind: program
parties: [UBND tỉnh Nghệ An, LĐLĐ tỉnh Nghệ An]
signed: {signed}
{period}sources:
  - publisher: Báo thử nghiệm
---
Hai bên phối hợp.
"""

RECORDS = {
    # as of 2024-06-01 (tests/conftest.py TODAY), the window is six months
    "het-thang-chin": ("Chương trình hết hạn tháng 9/2024", "2022-01-10", "2022", "2024-09"),
    "het-thang-bay": ("Chương trình hết hạn tháng 7/2024", "2021-05-02", "2021", "2024-07-15"),
    "con-lau": ("Chương trình còn lâu mới hết hạn", "2023-03-01", "2023", "2027"),
    "da-het": ("Chương trình đã hết hạn", "2018-01-01", "2018", "2020"),
    "chua-bat-dau": ("Chương trình chưa bắt đầu", "2024-05-01", "2025", "2027"),
    "khong-ro": ("Chương trình không rõ thời hạn", "2023-01-01", None, None),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("status")
    content = assemble(root)
    for slug, (title, signed, start, end) in RECORDS.items():
        period = f"period:\n  start: {start}\n  end: {end}\n" if start else ""
        write(
            content / "agreements" / f"{slug}.md",
            HEAD.format(title=title, signed=signed, period=period),
        )
    build_site(content, root / "site")
    return Site(root / "site")


def _slugs(page) -> list[str]:
    return [a["href"].split("/")[-2] for a in page.select("table.agreements th[scope=row] a")]


def test_each_status_list_holds_exactly_its_records(site: Site) -> None:
    assert set(_slugs(site.page("/status/in-force/"))) == {
        "het-thang-chin",
        "het-thang-bay",
        "con-lau",
        "quy-che-nghe-an",
    }
    assert _slugs(site.page("/status/ending-soon/")) == ["het-thang-bay", "het-thang-chin"]
    assert _slugs(site.page("/status/upcoming/")) == ["chua-bat-dau"]
    assert _slugs(site.page("/status/ended/")) == ["da-het"]
    assert _slugs(site.page("/status/unknown/")) == ["khong-ro"]
    assert _slugs(site.page("/status/replaced/")) == []
    lead = site.page("/status/ending-soon/").select_one(".lead").get_text()
    assert "6 tháng" in lead  # the window is stated


def test_the_home_counts_link_to_the_lists(site: Site) -> None:
    counts = {a["href"]: a.get_text(" ", strip=True) for a in site.page("/").select(".counts a")}
    assert counts["/status/in-force/"].startswith("4 ")
    assert counts["/status/ending-soon/"].startswith("2 ")
    for link in counts:
        assert site.file_for(link) is not None and site.file_for(link).is_file()


def test_a_status_label_links_to_its_list_and_ending_soon_is_marked(site: Site) -> None:
    page = site.page("/agreements/het-thang-bay/")
    links = [a["href"] for a in page.select(".record__status a.tag-link")]
    assert links == ["/status/in-force/", "/status/ending-soon/"]
    assert page.select_one(".tag--ending-soon").get_text() == "Sắp hết hạn"
    other = site.page("/agreements/con-lau/")
    assert other.select_one(".tag--ending-soon") is None
    ended = site.page("/agreements/da-het/")
    assert [a["href"] for a in ended.select(".record__status a.tag-link")] == ["/status/ended/"]


def test_every_list_shows_the_end_of_the_term(site: Site) -> None:
    page = site.page("/agreements/")
    rows = {
        row.th.a["href"].split("/")[-2]: row.select("td")
        for row in page.select("table.agreements tbody tr")
    }
    ends = {
        slug: cells[-1].select_one(".term-end").get_text(" ", strip=True)
        for slug, cells in rows.items()
    }
    assert ends["het-thang-bay"] == "Thời hạn đến: 15/7/2024"
    assert ends["het-thang-chin"] == "Thời hạn đến: tháng 9/2024"
    assert ends["khong-ro"] == "Thời hạn đến: chưa rõ"


def test_the_lists_exist_without_javascript(site: Site, tmp_path: Path) -> None:
    for name in ("in-force", "ending-soon", "upcoming", "ended", "replaced", "unknown"):
        page = site.page(f"/status/{name}/")
        assert page.h1.get_text(strip=True)
        assert not page.select("noscript")  # nothing here depends on scripts
