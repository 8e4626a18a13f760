"""Facts the reports state that once had no field are data now: a term without end,
planned reviews, a probable relation, a party acting through an organ, an inferred
province, a group of uncounted members, a headline rebuilt from its address; and two
parties of one name are told apart everywhere."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import Site, assemble, build_site, run_cli, write

AS_OF = "2026-12-07"
SOURCE = "sources:\n  - publisher: Báo thử nghiệm\n"


def _agreement(content: Path, slug: str, front: str) -> None:
    sources = "" if "sources:" in front else SOURCE
    write(content / "agreements" / f"{slug}.md", f"---\n{front}{sources}---\nNội dung.\n")


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _record(site: Site, slug: str) -> dict:
    return json.loads((site.root / "agreements" / f"{slug}.json").read_text(encoding="utf-8"))


def _facts(site: Site, slug: str) -> dict[str, str]:
    rows = site.page(f"/agreements/{slug}/").select("table.facts tr")
    return {_text(row.th): _text(row.td) for row in rows}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A small register holding every new form once, built as of 7/12/2026."""
    root = tmp_path_factory.mktemp("facts")
    content = assemble(root)
    _agreement(
        content,
        "khong-thoi-han",
        "title: Quy chế không thời hạn\nkind: regulation\n"
        "parties:\n  - ldld-nghe-an\n  - ubnd-nghe-an\nsigned: 2019-05-01\n"
        "period:\n  start: 2019-05-01\n  end: không thời hạn\n",
    )
    _agreement(
        content,
        "chua-ro-ngay-het",
        "title: Quy chế chưa rõ ngày hết hạn\nkind: regulation\n"
        "parties:\n  - ldld-nghe-an\n  - ubnd-nghe-an\nsigned: 2019-05-01\n"
        "period:\n  start: 2019-05-01\n  end: unknown\n",
    )
    _agreement(
        content,
        "so-ket-hang-nam",
        "title: Chương trình có sơ kết hằng năm\nkind: program\n"
        "parties:\n  - party: ldld-nghe-an\n    organ: Ban Thường vụ\n  - ubnd-nghe-an\n"
        "signed: 2022-05-20\nperiod:\n  start: 2022\n  end: 2027\n"
        "reviews:\n  every: year\n  final: true\n"
        "events:\n  - date: 2024-01-10\n    kind: review\n    title: Sơ kết năm 2023\n"
        "related:\n  - rel: implements\n    number: 431/CTPH\n    certainty: probable\n"
        "    reason: Một bản tin khác cho thấy chương trình ấy đứng sau.\n"
        "sources:\n  - publisher: Báo Bình Dương\n    title: Tiêu đề lấy từ đường dẫn\n"
        "    url: https://example.org/tieu-de-lay-tu-duong-dan\n    title_from_url: true\n",
    )
    write(
        content / "parties" / "cac-doanh-nghiep.md",
        "---\nname: Các doanh nghiệp trong khu công nghiệp\nkind: group\n"
        "member_count: unknown\nmembers_kind: doanh nghiệp\n"
        "province:\n  name: Bình Dương\n  inferred: true\n"
        "  reason: Tỉnh suy ra từ tờ báo đăng tin.\n---\n",
    )
    write(
        content / "parties" / "ldld-gia-lai-cu.md",
        "---\nname: Liên đoàn Lao động tỉnh Gia Lai\nshort: LĐLĐ tỉnh Gia Lai\n"
        "kind: labour-federation\nprovince: Gia Lai\ndissolved: 2025-06\n---\n",
    )
    write(
        content / "parties" / "ldld-gia-lai-moi.md",
        "---\nname: Liên đoàn Lao động tỉnh Gia Lai\nshort: LĐLĐ tỉnh Gia Lai\n"
        "kind: labour-federation\nprovince: Gia Lai\nfounded: 2025-07\n---\n",
    )
    _agreement(
        content,
        "gia-lai-cu",
        "title: Văn bản của Gia Lai cũ\nkind: program\n"
        "parties:\n  - ldld-gia-lai-cu\n  - cac-doanh-nghiep\nsigned: 2024-03-01\n",
    )
    _agreement(
        content,
        "gia-lai-moi",
        "title: Văn bản của Gia Lai mới\nkind: program\n"
        "parties:\n  - ldld-gia-lai-moi\n  - ubnd-nghe-an\nsigned: 2025-08-01\n",
    )
    output = root / "site"
    build_site(content, output, "--as-of", AS_OF)
    return Site(output)


def test_a_term_without_end_is_in_force_and_said_so(site: Site) -> None:
    """`end: không thời hạn` shows "không thời hạn", is in force, and its data carries
    EDTF's open end, unlike an end that is not known."""
    facts = _facts(site, "khong-thoi-han")
    assert facts["Thời hạn"].endswith("– không thời hạn")
    assert facts["Tình trạng"].startswith("Đang hiệu lực")
    record = _record(site, "khong-thoi-han")
    assert record["period"]["indefinite"] is True and record["period"]["end"] is None
    assert record["period"]["edtf"] == "2019-05-01/.."
    unknown = _record(site, "chua-ro-ngay-het")
    assert unknown["period"]["edtf"] == "2019-05-01/" and unknown["status"] == "unknown"


def test_planned_reviews_show_what_the_register_holds_no_report_of(site: Site) -> None:
    """`reviews: {every: year, final: true}` reads "Dự kiến sơ kết hằng năm, tổng kết khi
    hết thời hạn"; the reviews due without a report are listed on the record, in its data
    and on /status/reviews/, the 2023 one (reported) not among them."""
    facts = _facts(site, "so-ket-hang-nam")
    assert facts["Sơ kết, tổng kết"] == "Dự kiến sơ kết hằng năm, tổng kết khi hết thời hạn"
    page = site.page("/agreements/so-ket-hang-nam/")
    missing = [_text(li) for li in page.find(id="chua_co_tin").find_next("ul").find_all("li")]
    assert missing == [
        "Chưa có tin về lần sơ kết năm 2022 trong sổ.",
        "Chưa có tin về lần sơ kết năm 2024 trong sổ.",
        "Chưa có tin về lần sơ kết năm 2025 trong sổ.",
    ]
    assert _record(site, "so-ket-hang-nam")["reviews_unreported"] == [
        {"kind": "review", "year": year} for year in (2022, 2024, 2025)
    ]
    listed = site.page("/status/reviews/")
    assert "/agreements/so-ket-hang-nam/#chua_co_tin" in [a["href"] for a in listed("a")]


def test_a_probable_relation_is_shown_as_probable_with_its_reason(site: Site) -> None:
    """`certainty: probable` marks the relation "có thể" with the editor's reason, in the
    page and the data."""
    item = site.page("/agreements/so-ket-hang-nam/").select_one("ul.related li")
    assert item.select_one(".tag--maybe").get_text(strip=True) == "có thể"
    assert "Một bản tin khác cho thấy" in _text(item.select_one("details"))
    related = _record(site, "so-ket-hang-nam")["related"][0]
    assert related["certainty"] == "probable" and related["reason"].startswith("Một bản tin")


def test_a_party_acting_through_an_organ_is_named_with_it(site: Site) -> None:
    """`{party, organ}` reads "Ban Thường vụ Liên đoàn Lao động tỉnh Nghệ An" on the page
    and in the list, and the data keeps the organ."""
    facts = _facts(site, "so-ket-hang-nam")
    assert "Ban Thường vụ Liên đoàn Lao động tỉnh Nghệ An" in facts["Các bên ký"]
    row = next(
        tr
        for tr in site.page("/agreements/").select("table.agreements tbody tr")
        if "so-ket-hang-nam" in tr.th.a["href"]
    )
    assert _text(row.select_one("td ul li")).startswith("Ban Thường vụ LĐLĐ tỉnh Nghệ An")
    parties = _record(site, "so-ket-hang-nam")["parties"]
    assert parties[0] == {
        "id": "ldld-nghe-an",
        "name": "Liên đoàn Lao động tỉnh Nghệ An",
        "organ": "Ban Thường vụ",
    }


def test_a_rebuilt_headline_says_so(site: Site) -> None:
    """A source with `title_from_url: true` is shown as rebuilt from its address."""
    source = site.page("/agreements/so-ket-hang-nam/").select_one("ol.sources li")
    assert "(tiêu đề dựng lại từ địa chỉ bài báo)" in _text(source)
    assert _record(site, "so-ket-hang-nam")["sources"][0]["title_from_url"] is True


def test_an_inferred_province_and_uncounted_members_are_shown(site: Site) -> None:
    """The group's province reads as inferred with its reason; its members as not named
    nor counted, and what they are; the data says `unknown`."""
    facts = {
        _text(row.th): _text(row.td)
        for row in site.page("/parties/cac-doanh-nghiep/").select("table.facts tr")
    }
    assert "(suy luận)" in facts["Tỉnh, thành phố"]
    assert "Tỉnh suy ra từ tờ báo đăng tin." in facts["Tỉnh, thành phố"]
    assert facts["Số thành viên"] == "Nguồn tin không nêu tên, cũng không nêu số lượng thành viên"
    assert facts["Thành viên là"] == "doanh nghiệp"
    party = next(
        p
        for p in json.loads((site.root / "data" / "parties.json").read_text(encoding="utf-8"))
        if p["id"] == "cac-doanh-nghiep"
    )
    assert party["member_count"] == "unknown" and party["members_kind"] == "doanh nghiệp"
    assert party["province"] == "Bình Dương"
    assert party["province_reason"] == "Tỉnh suy ra từ tờ báo đăng tin."


def test_parties_of_one_name_are_told_apart_everywhere(site: Site) -> None:
    """The two Gia Lai federations have distinct titles and headings, distinct names in
    lists, and the built site has no two pages with the same title."""
    old, new = site.page("/parties/ldld-gia-lai-cu/"), site.page("/parties/ldld-gia-lai-moi/")
    assert _text(old.h1) == "Liên đoàn Lao động tỉnh Gia Lai (đến tháng 6/2025)"
    assert _text(new.h1) == "Liên đoàn Lao động tỉnh Gia Lai (từ tháng 7/2025)"
    rows = site.page("/agreements/").select("table.agreements tbody tr")
    shown = {_text(row.select_one("td ul")) for row in rows if "gia-lai" in row.th.a["href"]}
    assert any("LĐLĐ tỉnh Gia Lai (đến tháng 6/2025)" in text for text in shown)
    assert any("LĐLĐ tỉnh Gia Lai (từ tháng 7/2025)" in text for text in shown)
    titles = Counter(
        BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").title.string
        for path in site.root.rglob("*.html")
    )
    assert [title for title, count in titles.items() if count > 1] == []


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "related:\n  - rel: implements\n    number: 1/CTPH\n    certainty: probable\n",
            "related[0].reason: thiếu trường bắt buộc — căn cứ để cho rằng quan hệ ấy là có thể",
        ),
        (
            "sources:\n  - publisher: Báo\n    title: Tiêu đề\n    title_from_url: true\n",
            "sources[0].url: thiếu trường bắt buộc — tiêu đề và địa chỉ bài",
        ),
        (
            "period:\n  start: 2020\n  end: indefinite\n  years: 5\n",
            "period.end: thời hạn ghi cả ngày kết thúc lẫn độ dài",
        ),
        ("reviews:\n  every: quarter\n", "reviews.every: 'quarter' không phải giá trị được phép"),
    ],
)
def test_check_explains_each_new_mistake_in_vietnamese(
    tmp_path: Path, front: str, expected: str
) -> None:
    """A probable relation without its reason, a rebuilt title without its address, a term
    both without end and of a duration, an unknown review rhythm: each is a located error."""
    content = assemble(tmp_path)
    write(
        content / "agreements" / "sai.md",
        "---\ntitle: Sai\nkind: program\nparties:\n  - ldld-nghe-an\n  - ubnd-nghe-an\n"
        f"signed: 2020\n{front}---\nNội dung.\n",
    )
    run = run_cli("check", "--lang", "vi", "--content", str(content))
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if "sai.md:" in line and "cảnh báo" not in line]
    assert len(errors) == 1 and expected in errors[0], run.err


def test_members_kind_belongs_to_groups_only(tmp_path: Path) -> None:
    """`members_kind` on a body that is not a group is an error naming the field."""
    content = assemble(tmp_path)
    path = content / "parties" / "ldld-nghe-an.md"
    text = path.read_text(encoding="utf-8").replace("---\n", "---\nmembers_kind: doanh nghiệp\n", 1)
    path.write_text(text, encoding="utf-8")
    run = run_cli("check", "--content", str(content))
    assert run.code == 1 and "ldld-nghe-an.md:2: members_kind:" in run.err
