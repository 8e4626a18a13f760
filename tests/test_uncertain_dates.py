"""A register whose dates are inferred, approximate, bounded or unknown, built and read
back: pages, year pages, order, statuses, open data and feeds say only what is known."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import pytest

from tests.conftest import Site, assemble, build_site, write
from tests.test_html_valid import vnu_errors, xml_errors

HEAD = """---
title: {title}
kind: program
parties:
  - UBND tỉnh Nghệ An
  - LĐLĐ tỉnh Nghệ An
signed: {signed}
{extra}sources:
  - publisher: Báo thử nghiệm
---
Hai bên phối hợp.
"""

RECORDS = {
    "nam-suy-luan": (
        "Chương trình có năm suy luận",
        "\n  date: 2016-11-30\n  inferred: year\n"
        "  reason: Bài báo chỉ ghi sáng 30-11; năm suy ra từ thời hạn 2016–2020.",
        "period:\n  start: 2016\n  end: 2020\n",
    ),
    "chua-ro-ngay": ("Quy chế chưa rõ ngày ký", "unknown", ""),
    "truoc-mot-ngay": (
        "Quy chế ký trước ngày đăng bài",
        "\n  before: 2025-09-20\n  reason: Ngày đăng bài báo.",
        "period:\n  start: 2025\n  end: 2030\n",
    ),
    "khoang-nam": ("Chương trình ký khoảng năm 2013", "\n  approximately: 2013", ""),
    "khong-ro-ket-thuc": (
        "Chương trình không rõ ngày kết thúc",
        "2021-03-02",
        "period:\n  start: 2021\n  end: unknown\n"
        "events:\n  - date: XXXX-08-07\n    kind: review\n    title: Sơ kết\n",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("uncertain")
    content = assemble(root)
    (content / "site.yaml").write_text(
        "title: Sổ thử\nbase_url: https://example.org/so/\nas_of: 2024-06-01\n", encoding="utf-8"
    )
    for slug, (title, signed, extra) in RECORDS.items():
        write(
            content / "agreements" / f"{slug}.md",
            HEAD.format(title=title, signed=signed, extra=extra),
        )
    build_site(content, root / "site", "--strict")
    return Site(root / "site", "/so/")


def _signed_cell(site: Site, slug: str):
    page = site.page(f"/so/agreements/{slug}/")
    (row,) = [tr for tr in page.select("table.facts tr") if tr.th.get_text() == "Ngày ký"]
    return row.td


def test_each_kind_of_date_is_shown_as_known(built: Site) -> None:
    """The facts table says how the signing date is known, never more."""
    shown = {slug: _signed_cell(built, slug) for slug in RECORDS}
    assert shown["nam-suy-luan"].a.get_text() == "30/11/2016 (năm suy luận)"
    assert shown["chua-ro-ngay"].a.get_text() == "chưa rõ"
    assert shown["truoc-mot-ngay"].a.get_text() == "trước 20/9/2025"
    assert shown["khoang-nam"].a.get_text() == "khoảng năm 2013"
    assert shown["khong-ro-ket-thuc"].a.get_text() == "2/3/2021"
    # Only a stated date is machine-readable.
    assert shown["khong-ro-ket-thuc"].time["datetime"] == "2021-03-02"
    assert all(shown[slug].time is None for slug in RECORDS if slug != "khong-ro-ket-thuc")


def test_the_reason_is_one_click_away_without_javascript(built: Site) -> None:
    cell = _signed_cell(built, "nam-suy-luan")
    reason = cell.select_one("details.date-reason")
    assert reason.summary.get_text() == "Căn cứ"
    assert "năm suy ra từ thời hạn 2016–2020" in reason.p.get_text()
    assert cell.a.find("details") is None  # the link holds the date only


def test_an_event_with_an_unknown_year_is_shown(built: Site) -> None:
    page = built.page("/so/agreements/khong-ro-ket-thuc/")
    assert "7/8 (chưa rõ năm)" in page.select_one(".timeline__date").get_text()


def test_year_pages_hold_what_is_known_and_the_undated_page_the_rest(built: Site) -> None:
    def slugs(link: str) -> set[str]:
        page = built.page(link)
        return {a["href"].split("/")[-2] for a in page.select("table a[href*='/agreements/']")}

    assert "nam-suy-luan" in slugs("/so/years/2016/")
    assert "khoang-nam" in slugs("/so/years/2013/")
    assert slugs("/so/years/chua-ro/") == {"chua-ro-ngay", "truoc-mot-ngay"}
    years = built.page("/so/years/")
    assert years.find("a", href="/so/years/chua-ro/").get_text() == "Chưa rõ năm ký: 2 văn bản"
    assert _signed_cell(built, "chua-ro-ngay").a["href"] == "/so/years/chua-ro/"


def test_unknown_dates_sort_last_and_bounds_at_their_bound(built: Site) -> None:
    page = built.page("/so/agreements/")
    order = [a["href"].split("/")[-2] for a in page.select("tbody a[href*='/agreements/']")]
    order = [slug for slug in order if slug in RECORDS]
    assert order == [
        "truoc-mot-ngay",
        "khong-ro-ket-thuc",
        "nam-suy-luan",
        "khoang-nam",
        "chua-ro-ngay",
    ]


def test_a_period_without_a_known_end_is_not_in_force(built: Site) -> None:
    records = {r["slug"]: r for r in json.loads((built.root / "data/agreements.json").read_text())}
    assert records["khong-ro-ket-thuc"]["status"] == "unknown"
    assert records["nam-suy-luan"]["status"] == "expired"
    assert records["truoc-mot-ngay"]["status"] == "upcoming"


def test_open_data_carries_certainty_and_reason(built: Site) -> None:
    records = {r["slug"]: r for r in json.loads((built.root / "data/agreements.json").read_text())}
    assert records["nam-suy-luan"]["signed"] == {
        "edtf": "2016?-11-30",
        "certainty": "inferred",
        "reason": "Bài báo chỉ ghi sáng 30-11; năm suy ra từ thời hạn 2016–2020.",
    }
    assert records["chua-ro-ngay"]["signed"]["edtf"] == "XXXX"
    assert records["truoc-mot-ngay"]["signed"]["edtf"] == "../2025-09-19"
    assert records["truoc-mot-ngay"]["signed"]["certainty"] == "bounded"
    assert records["khoang-nam"]["signed"] == {
        "edtf": "2013~",
        "certainty": "approximate",
        "reason": None,
    }
    assert records["khong-ro-ket-thuc"]["period"]["end"]["certainty"] == "unknown"
    assert records["khong-ro-ket-thuc"]["events"][0]["date"]["edtf"] == "XXXX-08-07"
    own = json.loads((built.root / "agreements/nam-suy-luan.json").read_text())
    assert own["signed"]["certainty"] == "inferred"
    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO((built.root / "data/agreements.csv").read_text()))
    }
    assert (rows["nam-suy-luan"]["signed"], rows["nam-suy-luan"]["signed_certainty"]) == (
        "2016?-11-30",
        "inferred",
    )
    assert rows["nam-suy-luan"]["signed_reason"].startswith("Bài báo chỉ ghi")
    assert rows["chua-ro-ngay"]["signed_certainty"] == "unknown"


def test_feeds_and_json_ld_claim_no_more_than_the_record(built: Site) -> None:
    feed = feedparser.parse((built.root / "feed.xml").read_bytes())
    # `published` is when a record entered the register, which only git says (not here):
    # never a signing date, however precise.
    published = {entry.link.split("/")[-2]: entry.get("published") for entry in feed.entries}
    assert all(published[slug] is None for slug in RECORDS)
    for slug in RECORDS:
        page = built.page(f"/so/agreements/{slug}/")
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert ("legislationDate" in data) == (slug == "khong-ro-ket-thuc")


def test_the_pages_are_valid_html_and_the_feeds_xml(built: Site) -> None:
    assert vnu_errors(built.root) == []
    assert xml_errors(built.root) == []
