"""The spreadsheet for people (/data/van-ban.csv) beside the stable CSV for programs, read
back from built sites, and the /data/ page that offers it first."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.exports import CSV_FIELDS, SPREADSHEET_COLUMNS
from generator.interface import TEMPLATES, languages, load_strings
from tests import oracle_schemas as oracle
from tests.conftest import FIXTURES, REPO, SHOWCASE, Site, assemble, build_site, write

VI = yaml.safe_load((REPO / "templates/strings/vi.yaml").read_text(encoding="utf-8"))
BOM = b"\xef\xbb\xbf"
HEADER = [
    "Tên văn bản",
    "Số hiệu",
    "Loại",
    "Các bên ký",
    "Ngày ký",
    "Thời hạn từ",
    "Thời hạn đến",
    "Tình trạng",
    "Tình trạng tính đến",
    "Địa chỉ",
]
"""The headers, written by hand."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What the open data writes and a person should not have to read: EDTF forms.
EDTF_LIKE = re.compile(r"\d{4}-\d{2}|XXXX|\d{4}[?~]|\.\./|/\.\.")


def _raw(site: Site, name: str = "van-ban.csv") -> bytes:
    return (site.root / "data" / name).read_bytes()


def _table(site: Site) -> tuple[list[str], list[dict[str, str]]]:
    """The spreadsheet's header and rows, parsed as a program would after the BOM."""
    text = _raw(site).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def _records(site: Site) -> list[dict]:
    return json.loads((site.root / "data/agreements.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The showcase published at a full address with a path."""
    output = tmp_path_factory.mktemp("hosted") / "site"
    build_site(SHOWCASE, output, "--base-url", "https://example.org/so/")
    return Site(output, "/so/")


@pytest.fixture(scope="module")
def uncertain(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A register whose dates are inferred, bounded, approximate or unknown, and one whose
    term is a duration."""
    root = tmp_path_factory.mktemp("uncertain-sheet")
    content = assemble(root)
    records = {
        "nam-suy-luan": (
            "\n  date: 2016-11-30\n  inferred: year\n  reason: Năm suy ra từ thời hạn.",
            "period:\n  start: 2016\n  end: 2020\n",
        ),
        "chua-ro-ngay": ("unknown", ""),
        "truoc-mot-ngay": ("\n  before: 2025-09-20\n  reason: Ngày đăng bài báo.", ""),
        "khoang-nam": ("\n  approximately: 2013", ""),
        "nam-nam": ("2020-05-28", "period:\n  years: 5\n"),
    }
    for slug, (signed, extra) in records.items():
        write(
            content / "agreements" / f"{slug}.md",
            "---\ntitle: Chương trình thử\nkind: program\nparties:\n  - UBND tỉnh Nghệ An\n"
            f"  - LĐLĐ tỉnh Nghệ An\nsigned: {signed}\n{extra}"
            "sources:\n  - publisher: Báo thử nghiệm\n---\nHai bên phối hợp.\n",
        )
    build_site(content, root / "site", "--as-of", "2024-06-01")
    return Site(root / "site")


def test_the_spreadsheet_starts_with_one_byte_order_mark(showcase: Site) -> None:
    """van-ban.csv begins with the UTF-8 BOM EF BB BF, once, then the first header."""
    raw = _raw(showcase)
    assert raw[:3] == BOM
    assert raw[3:].startswith("Tên văn bản,".encode())


def test_the_spreadsheet_is_rfc_4180(showcase: Site) -> None:
    """Every record ends in CRLF, with no bare line feed or carriage return between them."""
    raw = _raw(showcase)
    header, rows = _table(showcase)
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\r\n") == len(rows) + 1
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")


def test_the_headers_are_vietnamese(showcase: Site) -> None:
    """The header row is the Vietnamese column names, as vi.yaml gives them."""
    header, _ = _table(showcase)
    assert header == HEADER
    assert header == [VI["data"]["spreadsheet"]["columns"][n] for n in SPREADSHEET_COLUMNS]


@pytest.mark.parametrize("language", languages())
def test_the_columns_are_the_csvs_under_other_headers(language: str) -> None:
    """Each spreadsheet column is one of the English CSV's, and every catalogue names
    exactly them."""
    columns = load_strings(TEMPLATES, language)["data"]["spreadsheet"]["columns"]
    assert set(SPREADSHEET_COLUMNS) <= {column.name for column in CSV_FIELDS}
    assert sorted(columns) == sorted(SPREADSHEET_COLUMNS)


def test_one_row_per_agreement_in_the_datas_order(showcase: Site) -> None:
    """Each published agreement has one row, titled as its record, in agreements.json's order."""
    _, rows = _table(showcase)
    records = _records(showcase)
    assert [r["Tên văn bản"] for r in rows] == [r["title"] for r in records]
    assert [r["Số hiệu"] for r in rows] == [r["number"] or "" for r in records]


def test_kind_and_status_are_the_interfaces_words(showcase: Site) -> None:
    """Kind and status cells are vi.yaml's labels (never the codes), for every row."""
    _, rows = _table(showcase)
    records = _records(showcase)
    for row, record in zip(rows, records, strict=True):
        assert row["Loại"] == VI["kinds"][record["kind"]]
        words = VI["statuses" if record["status_certainty"] == "certain" else "statuses_maybe"]
        assert row["Tình trạng"] == words[record["status"]]
    assert len({r["Tình trạng"] for r in rows}) >= 4  # the showcase has every status
    assert not {r["Loại"] for r in rows} & set(VI["kinds"])


def test_parties_are_names_separated_by_semicolons(showcase: Site) -> None:
    """The parties cell is each party's full name, in the record's order, joined by '; '."""
    _, rows = _table(showcase)
    for row, record in zip(rows, _records(showcase), strict=True):
        assert row["Các bên ký"].split("; ") == [p["name"] for p in record["parties"]]


def test_dates_are_those_the_agreement_pages_show(showcase: Site) -> None:
    """The signing date is the facts table's, the status date the as-of date, in words."""
    _, rows = _table(showcase)
    for row in rows:
        page = showcase.page(row["Địa chỉ"])
        (signed,) = [tr.td for tr in page.select("table.facts tr") if tr.th.get_text() == "Ngày ký"]
        assert row["Ngày ký"] == signed.a.get_text()
        assert row["Tình trạng tính đến"] == "1/6/2024"
        for name in ("Ngày ký", "Thời hạn từ", "Thời hạn đến", "Tình trạng tính đến"):
            assert not EDTF_LIKE.search(row[name]), row[name]


def test_uncertain_dates_say_how_they_are_known(uncertain: Site) -> None:
    """Inferred, bounded, approximate and unknown dates, and an end worked out from a term,
    read as the site writes them."""
    _, rows = _table(uncertain)
    by_slug = {r["Địa chỉ"].split("/")[-2]: r for r in rows}
    assert by_slug["nam-suy-luan"]["Ngày ký"] == "30/11/2016 (năm suy luận)"
    assert by_slug["nam-suy-luan"]["Thời hạn từ"] == "năm 2016"
    assert by_slug["nam-suy-luan"]["Thời hạn đến"] == "năm 2020"
    assert by_slug["chua-ro-ngay"]["Ngày ký"] == "chưa rõ"
    assert by_slug["chua-ro-ngay"]["Thời hạn từ"] == by_slug["chua-ro-ngay"]["Thời hạn đến"] == ""
    assert by_slug["truoc-mot-ngay"]["Ngày ký"] == "trước 20/9/2025"
    assert by_slug["khoang-nam"]["Ngày ký"] == "khoảng năm 2013"
    end = by_slug["nam-nam"]["Thời hạn đến"]
    assert end == "27/5/2025, tính từ thời hạn 5 năm kể từ ngày ký"


def test_addresses_are_root_relative_without_a_host(showcase: Site) -> None:
    """With base URL '/', each address is a root-relative link to the agreement's page."""
    _, rows = _table(showcase)
    for row, record in zip(rows, _records(showcase), strict=True):
        assert row["Địa chỉ"] == f"/agreements/{record['slug']}/"
        target = showcase.file_for(row["Địa chỉ"])
        assert target is not None and target.is_file()


def test_addresses_are_absolute_with_a_host(hosted: Site) -> None:
    """With a full base URL, each address is the page's full address, path included."""
    _, rows = _table(hosted)
    for row, record in zip(rows, _records(hosted), strict=True):
        assert row["Địa chỉ"] == f"https://example.org/so/agreements/{record['slug']}/"
        assert hosted.file_for(row["Địa chỉ"].removeprefix("https://example.org")) is not None


def test_no_cell_or_party_name_can_run_as_a_formula(tmp_path: Path) -> None:
    """A title, and a party's name anywhere in its cell, starting with = get a leading '."""
    content = assemble(tmp_path / "tree", FIXTURES / "formulas")
    build_site(content, tmp_path / "site")
    site = Site(tmp_path / "site")
    header, rows = _table(site)
    row = next(r for r in rows if r["Địa chỉ"] == "/agreements/cong-thuc-bang-tinh/")
    assert row["Tên văn bản"] == '\'=HYPERLINK("http://x","y")'
    assert row["Các bên ký"].split("; ") == ["Liên đoàn Lao động tỉnh Nghệ An", "'=2+5"]
    cells = [cell for r in rows for cell in r.values()]
    names = [name for r in rows for name in r["Các bên ký"].split("; ")]
    assert [c for c in cells + names + header if c.startswith(FORMULA_STARTS)] == []


def test_the_machine_csv_keeps_its_shape(showcase: Site, hosted: Site) -> None:
    """agreements.csv has no BOM, the same English header and codes, whatever the base URL."""
    for site in (showcase, hosted):
        raw = _raw(site, "agreements.csv")
        assert not raw.startswith(BOM)
        header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        assert header == oracle.CSV_COLUMNS
        records = _records(site)
        assert [dict(zip(header, r, strict=True))["kind"] for r in rows] == [
            r["kind"] for r in records
        ]
        assert [dict(zip(header, r, strict=True))["status"] for r in rows] == [
            r["status"] for r in records
        ]


def test_the_data_page_offers_the_spreadsheet_first_in_plain_words(showcase: Site) -> None:
    """/data/ links van-ban.csv before any other file, says to double-click it and that it is
    UTF-8 with a BOM, and names the technical standards only further down."""
    main = showcase.page("/data/").find("main")
    links = [a["href"] for a in main.find_all("a", href=True) if a["href"].startswith("/data/")]
    assert links[0] == "/data/van-ban.csv"
    plain = main.find(id="bang_tinh").find_parent("section").get_text(" ")
    for words in ("bấm đúp", "UTF-8", "BOM", "Excel", "LibreOffice", "Google Sheets", *HEADER):
        assert words in plain, words
    for term in ("RFC 4180", "Frictionless", "JSON Schema", "agreements.csv"):
        assert term not in plain, term
    text = main.get_text(" ")
    for term in ("RFC 4180", "Frictionless", "JSON Schema"):
        assert text.index("bấm đúp") < text.index(term), term


def test_the_data_page_shows_no_markdown_marks(showcase: Site) -> None:
    """The examples of a body and of a group's description read as text, without `**`."""
    main = showcase.page("/data/").find("main")
    assert "**" not in main.get_text()
    examples = [td.get_text() for td in main.select("#bang_ben_ky code.example")]
    assert any("một nhóm bên ký" in example for example in examples)
