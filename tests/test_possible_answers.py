"""The register's own content, built as of 7/12/2026: answers that depend on uncertain
dates count what is sure and say "có thể" for what is only possible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, Site, build_site

CONTENT = REPO / "content"
GIA_LAI = "ban-quan-ly-khu-kinh-te-ldld-bhxh-gia-lai-2025-2030"
HA_NOI_NGHE_AN = "ldld-ha-noi-ldld-nghe-an-2022-2027"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """content/ built as of the day the issue was reported."""
    output = tmp_path_factory.mktemp("answers") / "site"
    build_site(CONTENT, output, "--as-of", "2026-12-07")
    return Site(output)


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _links(node) -> list[str]:
    return [a["href"] for a in node.find_all("a", href=True)]


def test_a_record_surely_signed_in_a_year_is_listed_and_counted_in_it(site: Site) -> None:
    """Gia Lai's regulation, signed on a day between July and 20 September 2025, is on
    /years/2025/, counted for 2025 on /years/, and not under the unknown years."""
    year = site.page("/years/2025/")
    signed = year.find(id="ky_trong_nam").find_parent("section")
    assert f"/agreements/{GIA_LAI}/" in _links(signed)
    row = next(
        tr for tr in site.page("/years/").select("tbody tr") if tr.th.get_text(strip=True) == "2025"
    )
    assert row.find_all("td")[0].get_text(strip=True).startswith("1")
    undated = site.page("/years/chua-ro/")
    assert f"/agreements/{GIA_LAI}/" not in _links(undated)


def test_the_chart_and_the_year_filters_reach_a_year_of_uncertain_signings(site: Site) -> None:
    """The home chart has a bar for 2025, and the list's and the search's year filters
    offer 2025."""
    chart = site.page("/").find("svg")
    assert "2025" in [t.get_text(strip=True) for t in chart.select("text.chart__year")]
    list_years = [o["value"] for o in site.page("/agreements/").select("select[name=year] option")]
    assert "2025" in list_years
    search_years = [o["value"] for o in site.page("/search/").select("select[name=year] option")]
    assert "2025" in search_years


def test_the_home_page_counts_a_possible_ending_apart_from_the_sure_ones(site: Site) -> None:
    """A term ending "2027" may end within six months of 7/12/2026: the home page says
    "0 văn bản sắp hết hạn · 1 có thể sắp hết hạn", never a bare 0."""
    counts = _text(site.page("/").select_one("ul.counts"))
    assert "0 văn bản sắp hết hạn · 1 có thể sắp hết hạn" in counts


def test_the_ending_soon_list_holds_a_possible_ending_under_its_own_heading(site: Site) -> None:
    """/status/ending-soon/ lists the Hà Nội–Nghệ An programme under "Có thể sắp hết hạn",
    not in the table of those surely ending."""
    page = site.page("/status/ending-soon/")
    maybe = page.find(id="co_the").find_parent("section")
    assert _text(page.find(id="co_the")) == "Có thể sắp hết hạn"
    assert f"/agreements/{HA_NOI_NGHE_AN}/" in _links(maybe)
    first = page.select_one("main table.agreements")
    assert first is not None and first.find_parent("section", class_="maybe-rows") is maybe
    assert "Không có văn bản nào chắc chắn thuộc danh sách này." in _text(page.find("main"))


def test_a_record_says_what_may_be_so_on_its_page_and_in_its_data(site: Site) -> None:
    """The programme's page is tagged "Có thể sắp hết hạn"; a record whose status is not
    settled says "Có thể …" and its JSON says `status_certainty: possible`."""
    page = site.page(f"/agreements/{HA_NOI_NGHE_AN}/")
    tags = [_text(tag) for tag in page.select(".record__status .tag")]
    assert tags == ["Đang hiệu lực", "Có thể sắp hết hạn"]
    record = json.loads((site.root / "agreements" / f"{HA_NOI_NGHE_AN}.json").read_text())
    assert record["status"] == "in-force" and record["status_certainty"] == "certain"


def test_the_status_page_states_the_rule_in_plain_vietnamese(site: Site) -> None:
    """/status/ explains how uncertain dates give "có thể" answers."""
    rules = site.page("/status/").find(id="cach_tinh").find_parent("section")
    text = _text(rules)
    assert "mọi ngày mà ngày ấy có thể là" in text
    assert "có thể sắp hết hạn" in text and "có thể đã hết hạn" in text


def test_an_unsettled_status_is_said_as_possible_everywhere(tmp_path: Path) -> None:
    """Built as of mid-2027, the 2022–2027 programme "có thể đã hết hạn": its tag, its
    status list (under "có thể") and its JSON say so."""
    output = tmp_path / "site"
    build_site(CONTENT, output, "--as-of", "2027-06-15")
    built = Site(output)
    page = built.page(f"/agreements/{HA_NOI_NGHE_AN}/")
    assert "Có thể đã hết hạn" in [_text(t) for t in page.select(".record__status .tag")]
    ended = built.page("/status/ended/")
    assert f"/agreements/{HA_NOI_NGHE_AN}/" in _links(
        ended.find(id="co_the").find_parent("section")
    )
    record = json.loads((output / "agreements" / f"{HA_NOI_NGHE_AN}.json").read_text())
    assert record["status"] == "expired" and record["status_certainty"] == "possible"
