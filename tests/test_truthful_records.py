"""The twelve real reports, built and read back: each hard case of issue "Truthful
records" is shown on the page and carried in the data, saying only what is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import Site, assemble, build_site, run_cli, write

CONTENT = Path(__file__).parent.parent / "content"
AS_OF = "2026-12-01"

R01 = "ldld-binh-duong-toa-an-nhan-dan-binh-duong-2016-2020"
R05 = "ldld-ninh-thuan-dang-uy-khoi-doanh-nghiep-quy-che-phoi-hop"
R06 = "ban-quan-ly-khu-kinh-te-ldld-bhxh-gia-lai-2025-2030"
R07_REGULATION = "ubnd-ldld-huyen-dai-loc-quy-che-2011-2015"
R07_PROGRAMME = "ubnd-ldld-huyen-dai-loc-chuong-trinh-lien-tich-2011-2015"
R08 = "ubnd-ldld-huyen-dai-loc-chuong-trinh-lien-tich-2015-2020"
R10 = "ubnd-ldld-tien-giang-quy-che-phoi-hop"
R16 = "tong-ldld-viet-nam-agribank-2020"
R17 = "bo-cong-an-tong-ldld-viet-nam-2017"
R18 = "bo-cong-an-tong-ldld-viet-nam-2023"
R19_GROUP = "ldld-6-tinh-thanh-phia-nam"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    output = tmp_path_factory.mktemp("truthful") / "site"
    build_site(CONTENT, output, "--as-of", AS_OF, "--strict")
    return Site(output)


def record(site: Site, slug: str) -> dict:
    return json.loads((site.root / "agreements" / f"{slug}.json").read_text(encoding="utf-8"))


def party_record(site: Site, party_id: str) -> dict:
    parties = json.loads((site.root / "data" / "parties.json").read_text(encoding="utf-8"))
    (found,) = [p for p in parties if p["id"] == party_id]
    return found


def fact(page: BeautifulSoup, label: str):
    (row,) = [tr for tr in page.select("table.facts tr") if tr.th.get_text(strip=True) == label]
    return row.td


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_r01_an_inferred_year_is_marked_with_its_reason(site: Site) -> None:
    signed = fact(site.page(f"/agreements/{R01}/"), "Ngày ký")
    assert "(năm suy luận)" in signed.a.get_text()
    assert signed.time is None  # no machine-readable date claims the year
    assert signed.select_one("details.date-reason p").get_text(strip=True)
    data = record(site, R01)["signed"]
    assert data["certainty"] == "inferred"
    assert "?" in data["edtf"] and data["reason"]


def test_r05_an_unknown_signing_date_is_published_under_no_year(site: Site) -> None:
    signed = fact(site.page(f"/agreements/{R05}/"), "Ngày ký")
    assert signed.a.get_text() == "chưa rõ"
    undated = site.page("/years/chua-ro/")
    assert f"/agreements/{R05}/" in [a["href"] for a in undated.select("main a[href]")]
    assert record(site, R05)["signed"] == {
        "edtf": "XXXX",
        "certainty": "unknown",
        "reason": record(site, R05)["signed"]["reason"],
    }


def test_r10_an_event_whose_year_is_unknown_is_shown(site: Site) -> None:
    timeline = site.page(f"/agreements/{R10}/").select_one(".timeline__date")
    assert "7/8 (chưa rõ năm)" in timeline.get_text()
    (event,) = record(site, R10)["events"]
    assert event["date"]["edtf"] == "XXXX-08-07"
    assert event["date"]["certainty"] == "unknown"


def test_r16_a_duration_gives_a_derived_end_marked_as_such(site: Site) -> None:
    period = text(fact(site.page(f"/agreements/{R16}/"), "Thời hạn"))
    start, end = period.split(" – ")
    assert start.startswith("28/5/2020 (năm suy luận) Căn cứ")  # the start keeps its reason
    assert end == "27/5/2025 (năm suy luận) , tính từ thời hạn 5 năm kể từ ngày bắt đầu"
    data = record(site, R16)["period"]
    assert data["years"] == 5 and data["months"] is None
    assert data["end"]["edtf"] == "2025?-05-27"
    assert (data["end"]["certainty"], data["end"]["reason"]) == ("inferred", None)
    raw = (CONTENT / "agreements" / "2020" / f"{R16}.md").read_text(encoding="utf-8")
    assert "years: 5" in raw and "end:" not in raw.split("---")[1]  # the end is not typed


def test_r17_renewed_by_r18_is_no_longer_of_unknown_status(site: Site) -> None:
    page = site.page(f"/agreements/{R17}/")
    assert page.select_one(".record__status .tag").get_text() == "Đã được kế tục"
    assert "kế tục" in text(fact(page, "Tình trạng"))
    (backlink,) = [li for li in page.select(".related li") if "Được kế tục bởi" in text(li)]
    assert backlink.a["href"] == f"/agreements/{R18}/"
    assert record(site, R17)["status"] == "renewed"
    renewed_by = {"rel": "renewed-by", "slug": R18, "certainty": None, "reason": None}
    assert renewed_by in record(site, R17)["related_from"]
    (renews,) = record(site, R18)["related"]
    assert (renews["rel"], renews["slug"], renews["number"]) == ("renews", R17, "03/QC-BCA-TLĐLĐ")


def test_r17_replaces_documents_that_have_no_record(site: Site) -> None:
    page = site.page(f"/agreements/{R17}/")
    (outside,) = page.select(".related .related__outside")
    assert "trước năm 2017" in outside.get_text()
    assert outside.find_next_sibling(class_="tag").get_text() == "chưa có bản ghi trong sổ"
    (supersedes,) = [r for r in record(site, R17)["related"] if r["rel"] == "supersedes"]
    assert supersedes["slug"] is None and "trước năm 2017" in supersedes["title"]


def test_r08_one_review_is_written_once_and_shown_on_every_record_it_concerns(site: Site) -> None:
    title = "Hội nghị đánh giá 5 năm thực hiện quy chế và chương trình liên tịch"
    written = [
        path.name
        for path in (CONTENT / "agreements").rglob("*.md")
        if title in path.read_text(encoding="utf-8")
    ]
    assert written == [f"{R07_REGULATION}.md"]
    for slug in (R07_REGULATION, R07_PROGRAMME, R08):
        timeline = site.page(f"/agreements/{slug}/").select_one(".timeline")
        assert title in timeline.get_text(), slug
    shared = site.page(f"/agreements/{R08}/").select_one(".timeline__shared")
    assert shared.a["href"] == f"/agreements/{R07_REGULATION}/"
    (entry,) = record(site, R08)["shared_events"]
    assert entry["recorded_in"] == R07_REGULATION and entry["event"]["title"] == title
    (own,) = record(site, R07_REGULATION)["events"]
    assert own["concerns"] == [R07_PROGRAMME, R08]


def test_r07_signatories_known_by_role_alone(site: Site) -> None:
    people = site.page(f"/agreements/{R07_REGULATION}/").select(".signatories li")
    assert [text(li.strong) for li in people] == [
        "Phó Chủ tịch Thường trực UBND huyện",
        "Chủ tịch Liên đoàn Lao động huyện",
    ]
    assert all("(nguồn tin không nêu tên)" in text(li) for li in people)
    names = [s["name"] for s in record(site, R07_REGULATION)["signatories"]]
    assert names == [None, None]


def test_r18_chairs_are_recorded_apart_from_signatories(site: Site) -> None:
    page = site.page(f"/agreements/{R18}/")
    assert page.find(id="nguoi_ky") is None  # the report names no signatory
    present = page.find(id="nguoi_du").find_parent("section")
    assert "Tô Lâm" in present.get_text() and "(chủ trì)" in present.get_text()
    chairs = [a["name"] for a in record(site, R18)["attendees"] if a["chair"]]
    assert chairs == ["Tô Lâm", "Nguyễn Đình Khang"]


def test_r19_a_group_of_six_unnamed_members(site: Site) -> None:
    page = site.page(f"/parties/{R19_GROUP}/")
    assert text(fact(page, "Số thành viên")) == "6 cơ quan; nguồn tin chưa nêu tên cơ quan nào"
    agreement = site.page("/agreements/cong-doan-cong-thuong-ldld-6-tinh-thanh-phia-nam-2013-2018/")
    assert "(nhóm 6 cơ quan)" in text(fact(agreement, "Các bên ký"))
    data = party_record(site, R19_GROUP)
    assert (data["member_count"], data["members"]) == (6, [])


def test_r06_two_bodies_of_one_name_are_told_apart_by_the_signing_date(site: Site) -> None:
    old, new = party_record(site, "ldld-gia-lai-truoc-2025"), party_record(site, "ldld-gia-lai")
    assert old["name"] == new["name"] == "Liên đoàn Lao động tỉnh Gia Lai"
    assert old["dissolved"]["edtf"] == new["founded"]["edtf"] == "2025-07~"
    raw = (CONTENT / "agreements" / "2025" / f"{R06}.md").read_text(encoding="utf-8")
    assert "  - Liên đoàn Lao động tỉnh Gia Lai\n" in raw  # written by name, not by id
    assert record(site, R06)["parties"][1]["id"] == "ldld-gia-lai"
    links = fact(site.page(f"/agreements/{R06}/"), "Các bên ký").select("a")
    assert "/parties/ldld-gia-lai/" in [a["href"] for a in links]
    index = site.page("/parties/")
    (old_row,) = [
        th
        for th in index.select("th")
        if th.a and th.a["href"] == "/parties/ldld-gia-lai-truoc-2025/"
    ]
    (new_row,) = [
        th for th in index.select("th") if th.a and th.a["href"] == "/parties/ldld-gia-lai/"
    ]
    assert "(không còn tồn tại)" in old_row.get_text()
    assert "(không còn tồn tại)" not in new_row.get_text()


def test_national_bodies_are_listed_as_nationwide_and_old_provinces_say_where_they_are(
    site: Site,
) -> None:
    index = site.page("/parties/")
    captions = [c.get_text(strip=True) for c in index.select("caption")]
    assert "Toàn quốc" in captions
    assert "Không rõ tỉnh, thành phố" not in [
        c.get_text(strip=True)
        for c in index.select("caption")
        if any("bo-cong-an" in a["href"] for a in c.find_parent("table").select("a"))
    ]
    page = site.page("/parties/ldld-binh-duong/")
    assert "Bình Dương (tỉnh cũ; từ 1/7/2025 thuộc thành phố Hồ Chí Minh)" in text(
        fact(page, "Tỉnh, thành phố")
    )


def test_an_agreement_whose_parties_all_ceased_says_so(site: Site) -> None:
    page = site.page(f"/agreements/{R07_REGULATION}/")
    assert "nay không còn tồn tại" in text(fact(page, "Các bên ký"))
    assert "nay không còn tồn tại" not in text(fact(site.page(f"/agreements/{R18}/"), "Các bên ký"))


REFERRING = """---
title: Chương trình kế tục một văn bản chưa có trong sổ
kind: program
parties: [UBND tỉnh Nghệ An, LĐLĐ tỉnh Nghệ An]
signed: 2023-05-02
related:
  - rel: renews
    number: 07/CTr-UBND-LĐLĐ
    date: 2018-04-10
sources:
  - publisher: Báo thử nghiệm
---
Nội dung.
"""


def test_a_reference_by_document_number_is_shown_and_check_says_when_it_can_link(
    tmp_path: Path,
) -> None:
    content = assemble(tmp_path)
    write(content / "agreements" / "chuong-trinh-ke-tuc.md", REFERRING)
    build_site(content, tmp_path / "site")
    site = Site(tmp_path / "site")
    item = site.page("/agreements/chuong-trinh-ke-tuc/").select_one(".related li")
    assert "số 07/CTr-UBND-LĐLĐ" in text(item) and "10/4/2018" in text(item)
    assert "chưa có bản ghi trong sổ" in text(item)
    (related,) = record(site, "chuong-trinh-ke-tuc")["related"]
    assert related["slug"] is None and related["number"] == "07/CTr-UBND-LĐLĐ"
    assert related["date"]["edtf"] == "2018-04-10"
    # The earlier document is entered: check says the reference can now be a link.
    earlier = REFERRING.replace("related:\n  - rel: renews\n    number: 07/CTr-UBND-LĐLĐ\n", "")
    earlier = earlier.replace("    date: 2018-04-10\n", "").replace(
        "signed: 2023-05-02", "signed: 2018-04-10"
    )
    earlier = earlier.replace("kind: program\n", "kind: program\nnumber: 07/CTr-UBND-LĐLĐ\n")
    write(content / "agreements" / "chuong-trinh-2018.md", earlier)
    result = run_cli("check", "--content", str(content))
    assert result.code == 0
    (warning,) = [
        line for line in result.err_lines if "reference-has-record" in line or "07/CTr" in line
    ]
    assert "chuong-trinh-ke-tuc.md:8: related[0].number: warning:" in warning
    assert "'slug: chuong-trinh-2018'" in warning
