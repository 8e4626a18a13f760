"""The spreadsheet for people (/data/van-ban.csv) beside the stable CSV for programs, read
back from built sites, and the /data/ page that offers it first."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.core.interface import TEMPLATES, column_words, languages, load_strings
from generator.site.exports import CSV_FIELDS, ISO_COLUMNS, SPREADSHEET_COLUMNS
from tests import oracle_schemas as oracle
from tests.conftest import (
    FIXTURES,
    REPO,
    SHOWCASE,
    Site,
    assemble,
    build_site,
    spoiled_package,
    write,
)

VI = yaml.safe_load((REPO / "templates/strings/vi.yaml").read_text(encoding="utf-8"))
BOM = b"\xef\xbb\xbf"
HEADER = [
    "Tên văn bản",
    "Số hiệu",
    "Loại",
    "Các bên ký",
    "Tỉnh, thành phố",
    "Chủ đề",
    "Ngày ký",
    "Ngày ký sớm nhất",
    "Ngày ký muộn nhất",
    "Thời hạn từ",
    "Bắt đầu sớm nhất",
    "Bắt đầu muộn nhất",
    "Thời hạn đến",
    "Kết thúc sớm nhất",
    "Kết thúc muộn nhất",
    "Tình trạng",
    "Tình trạng tính đến",
    "Địa chỉ",
]
"""The headers, written by hand."""

ISO_PAIRS = {
    "Ngày ký": ("Ngày ký sớm nhất", "Ngày ký muộn nhất"),
    "Thời hạn từ": ("Bắt đầu sớm nhất", "Bắt đầu muộn nhất"),
    "Thời hạn đến": ("Kết thúc sớm nhất", "Kết thúc muộn nhất"),
}
"""Each readable date column and its columns of the earliest and latest possible day."""

LOCALE_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")
"""A cell a spreadsheet would read as a date in its own locale's order."""

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
    columns = column_words(VI, "agreement", "spreadsheet")
    assert header == [columns[n]["header"] for n in SPREADSHEET_COLUMNS]


@pytest.mark.parametrize("language", languages())
def test_the_columns_are_the_csvs_or_their_days(language: str) -> None:
    """Each spreadsheet column is one of the English CSV's, or the earliest or latest day of
    one of its dates, or the provinces; every catalogue names and explains exactly them."""
    machine = {column.name for column in CSV_FIELDS}
    days = {f"{name}_{side}" for name in ISO_COLUMNS for side in ("earliest", "latest")}
    assert set(ISO_COLUMNS) <= machine
    assert set(SPREADSHEET_COLUMNS) - machine == days | {"provinces"}
    sheet = column_words(load_strings(TEMPLATES, language), "agreement", "spreadsheet")
    assert sorted(sheet) == sorted(SPREADSHEET_COLUMNS)
    assert all(words["header"].strip() and words["meaning"].strip() for words in sheet.values())


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
    """The signing date is the facts table's in words (a bare day after "ngày", so that no
    spreadsheet reads it as a date in its own order), the status date the as-of day."""
    _, rows = _table(showcase)
    for row in rows:
        page = showcase.page(row["Địa chỉ"])
        (signed,) = [tr.td for tr in page.select("table.facts tr") if tr.th.get_text() == "Ngày ký"]
        shown = signed.a.get_text()
        assert row["Ngày ký"] in (shown, f"ngày {shown}")
        assert row["Ngày ký"] != shown or not re.fullmatch(r"[\d/]+", shown)
        assert row["Tình trạng tính đến"] == "2024-06-01"
        for name in ("Ngày ký", "Thời hạn từ", "Thời hạn đến"):
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
    assert end == "ngày 27/5/2025, tính từ thời hạn 5 năm kể từ ngày ký"


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


# Days a spreadsheet sorts by ---------------------------------------------------


def _days(row: dict[str, str], readable: str) -> tuple[dt.date | None, dt.date | None]:
    earliest, latest = (row[name] for name in ISO_PAIRS[readable])
    return (
        dt.date.fromisoformat(earliest) if earliest else None,
        dt.date.fromisoformat(latest) if latest else None,
    )


@pytest.mark.parametrize("which", ["showcase", "uncertain"])
def test_every_day_column_is_iso_and_earliest_is_not_after_latest(
    which: str, showcase: Site, uncertain: Site
) -> None:
    """Every earliest/latest cell is empty or a YYYY-MM-DD day (date.fromisoformat), the
    earliest never after the latest, and a readable date that is given has at least one."""
    _, rows = _table({"showcase": showcase, "uncertain": uncertain}[which])
    assert rows
    for row in rows:
        for readable, (first, last) in ISO_PAIRS.items():
            for name in (first, last):
                assert row[name] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[name]), row
            earliest, latest = _days(row, readable)
            if earliest and latest:
                assert earliest <= latest, (readable, row)
            if row[readable] and row[readable] not in ("chưa rõ", "không thời hạn"):
                assert earliest or latest, (readable, row)
        dt.date.fromisoformat(row["Tình trạng tính đến"])


def test_uncertain_dates_give_the_days_they_can_be(uncertain: Site) -> None:
    """A stated or inferred day is both ends; a year alone is its first and last day; a
    date before a day ends the day before it; an unknown date leaves both empty; an end
    worked out from a term is that day; an approximate year spans the year."""
    _, rows = _table(uncertain)
    by_slug = {r["Địa chỉ"].split("/")[-2]: r for r in rows}
    day = dt.date.fromisoformat
    assert _days(by_slug["nam-suy-luan"], "Ngày ký") == (day("2016-11-30"), day("2016-11-30"))
    assert _days(by_slug["nam-suy-luan"], "Thời hạn từ") == (day("2016-01-01"), day("2016-12-31"))
    assert _days(by_slug["nam-suy-luan"], "Thời hạn đến") == (day("2020-01-01"), day("2020-12-31"))
    assert _days(by_slug["chua-ro-ngay"], "Ngày ký") == (None, None)
    assert _days(by_slug["truoc-mot-ngay"], "Ngày ký") == (None, day("2025-09-19"))
    assert _days(by_slug["khoang-nam"], "Ngày ký") == (day("2013-01-01"), day("2013-12-31"))
    assert _days(by_slug["nam-nam"], "Thời hạn đến") == (day("2025-05-27"), day("2025-05-27"))


def test_no_cell_is_a_date_in_a_locales_order(showcase: Site, uncertain: Site) -> None:
    """No cell is a bare d/m/y day (which Excel reads in its locale's order: 12/9/2017 is
    9 December in the US): days stand alone only as YYYY-MM-DD."""
    for site in (showcase, uncertain):
        _, rows = _table(site)
        for row in rows:
            for name, cell in row.items():
                assert not LOCALE_DATE.fullmatch(cell.strip()), (name, cell)


def test_provinces_and_topics_are_those_the_site_lists(showcase: Site) -> None:
    """The provinces cell names the province pages that list the agreement (as the list's
    data gives their keys), the topics cell its topics' labels, in the record's order."""
    _, rows = _table(showcase)
    index = json.loads((showcase.root / "agreements/list.index.json").read_text(encoding="utf-8"))
    provinces_page = showcase.page("/provinces/")
    names = {
        a["href"].strip("/").split("/")[-1]: a.get_text(strip=True)
        for a in provinces_page.select("main a[href^='/provinces/']")
        if a["href"].count("/") == 3
    }
    listed = {entry["u"]: entry["pr"] for entry in index["rows"]}
    records = {f"/agreements/{r['slug']}/": r for r in _records(showcase)}
    assert any(row["Tỉnh, thành phố"] for row in rows)
    for row in rows:
        expected = [names[key] for key in listed[row["Địa chỉ"]]]
        assert (row["Tỉnh, thành phố"].split("; ") if row["Tỉnh, thành phố"] else []) == expected
        topics = [t["label"] for t in records[row["Địa chỉ"]]["topics"]]
        assert (row["Chủ đề"].split("; ") if row["Chủ đề"] else []) == topics
    row = next(r for r in rows if "quy-che-ldld-quang-tri-so-noi-vu" in r["Địa chỉ"])
    assert row["Tỉnh, thành phố"] == "Quảng Trị"


def test_the_data_package_describes_the_spreadsheet(showcase: Site, tmp_path: Path) -> None:
    """datapackage.json has the spreadsheet as a resource whose day columns are dates: it
    validates, and a d/m/y day in one of them makes it invalid."""
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((showcase.root / "data/datapackage.json").read_text(encoding="utf-8"))
    (sheet,) = [r for r in package["resources"] if r["path"] == "van-ban.csv"]
    fields = {field["name"]: field["type"] for field in sheet["schema"]["fields"]}
    assert list(fields) == HEADER
    dated = {name for pair in ISO_PAIRS.values() for name in pair} | {"Tình trạng tính đến"}
    assert {name for name, kind in fields.items() if kind == "date"} == dated
    assert frictionless.validate(str(showcase.root / "data/datapackage.json")).valid
    package = spoiled_package(showcase, tmp_path, "van-ban.csv", b",2024-06-01,", b",1/6/2024,")
    assert not frictionless.validate(str(package)).valid


def test_the_data_page_explains_every_spreadsheet_column(showcase: Site) -> None:
    """/data/'s table of the spreadsheet's columns has a row per header, in order, each
    with what it holds and the first row's value; it says how to sort by the day columns."""
    main = showcase.page("/data/").find("main")
    table = main.find(id="bang_cot_bang_tinh")
    rows = table.select("tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == HEADER
    _, sheet = _table(showcase)
    for row, header in zip(rows, HEADER, strict=True):
        meaning, example = row.select("td")
        assert meaning.get_text(strip=True)
        assert example.get_text(strip=True) in (sheet[0][header], "(trống)")
    text = main.find(id="bang_tinh").find_parent("section").get_text(" ")
    assert "2022-05-20" in text and "sớm nhất" in text
