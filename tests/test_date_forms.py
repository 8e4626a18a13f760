"""Bounds that include their day (`earliest`, `latest`) beside those that exclude it
(`after`, `before`), and the one-line forms, built and read back: the page says which, the
data calls every bounded date `bounded` and gives the days it may be as an EDTF interval."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import Site, assemble, build_site, write

HEAD = """---
title: {title}
kind: regulation
parties:
  - UBND tỉnh Nghệ An
  - LĐLĐ tỉnh Nghệ An
signed: {signed}
sources:
  - publisher: Báo thử nghiệm
---
Hai bên phối hợp.
"""

# slug: (signed as written, shown on the page, EDTF, certainty)
RECORDS = {
    "khong-muon-hon": (
        "\n  latest: 2025-09-20\n  reason: Bài báo đăng ngày 20/9/2025.",
        "không muộn hơn 20/9/2025",
        "../2025-09-20",
        "bounded",
    ),
    "hai-moc-mot-dong": (
        "không sớm hơn 2025-07-01, không muộn hơn 2025-09-20",
        "không sớm hơn 1/7/2025, không muộn hơn 20/9/2025",
        "2025-07-01/2025-09-20",
        "bounded",
    ),
    "truoc-mot-ngay": ("trước 2025-09-20", "trước 20/9/2025", "../2025-09-19", "bounded"),
    "sau-mot-thang": ("sau 2025-06", "sau tháng 6/2025", "2025-07/..", "bounded"),
    "sau-va-truoc": (
        "sau 2025-06, không muộn hơn 2025-09-20",
        "sau tháng 6/2025, không muộn hơn 20/9/2025",
        "2025-07/2025-09-20",
        "bounded",
    ),
    "khoang-nam": ("khoảng 2013", "khoảng năm 2013", "2013~", "approximate"),
    "chua-ro-nam": ("XXXX-08-07", "7/8 (chưa rõ năm)", "XXXX-08-07", "unknown"),
}
SEED = Path(__file__).parent.parent / "content"
GIA_LAI = "ban-quan-ly-khu-kinh-te-ldld-bhxh-gia-lai-2025-2030"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A register with a record for each form, built with --strict."""
    root = tmp_path_factory.mktemp("date-forms")
    content = assemble(root)
    for slug, (signed, *_) in RECORDS.items():
        write(
            content / "agreements" / f"{slug}.md",
            HEAD.format(title=f"Quy chế {slug}", signed=signed),
        )
    build_site(content, root / "site", "--strict", "--as-of", "2025-12-01")
    return Site(root / "site")


def _signed(site: Site, slug: str) -> str:
    page = site.page(f"/agreements/{slug}/")
    (row,) = [tr for tr in page.select("table.facts tr") if tr.th.get_text() == "Ngày ký"]
    return row.td.a.get_text()


def _records(site: Site) -> dict[str, dict]:
    data = json.loads((site.root / "data" / "agreements.json").read_text(encoding="utf-8"))
    return {record["slug"]: record for record in data}


@pytest.mark.parametrize("slug", RECORDS)
def test_each_form_is_shown_as_written(built: Site, slug: str) -> None:
    """The page says 'không muộn hơn' for an inclusive bound, 'trước' for an exclusive one."""
    assert _signed(built, slug) == RECORDS[slug][1]


def test_the_data_calls_every_bounded_date_bounded(built: Site) -> None:
    """JSON and CSV carry `bounded` and the EDTF interval of the possible days, ends included;
    every record validates against the published schema."""
    records = _records(built)
    schema = json.loads((built.root / "data" / "agreement.schema.json").read_text())
    rows = {
        row["slug"]: row
        for row in csv.DictReader(
            io.StringIO((built.root / "data" / "agreements.csv").read_text(encoding="utf-8"))
        )
    }
    for slug, (_, _, edtf, certainty) in RECORDS.items():
        assert records[slug]["signed"]["edtf"] == edtf, slug
        assert records[slug]["signed"]["certainty"] == certainty, slug
        assert (rows[slug]["signed"], rows[slug]["signed_certainty"]) == (edtf, certainty)
        jsonschema.validate(records[slug], schema)
    words = schema["properties"]["signed"]["properties"]["certainty"]["enum"]
    assert words == ["stated", "inferred", "approximate", "bounded", "unknown"]


def test_the_data_page_and_package_name_the_word(built: Site) -> None:
    """The /data/ page explains `bounded`, and the data package's CSV field allows it."""
    text = built.page("/data/").get_text(" ")
    assert "approximate, bounded hoặc unknown" in text
    assert "../2025-09-19" in text and "../2025-09-20" in text
    package = json.loads((built.root / "data" / "datapackage.json").read_text())
    fields = [f for r in package["resources"] for f in r.get("schema", {}).get("fields", [])]
    (certainty,) = [f for f in fields if f["name"] == "signed_certainty"]
    assert "bounded" in certainty["constraints"]["enum"]


def test_the_guide_shows_each_new_form_with_a_real_example(built: Site) -> None:
    """The guide gives the inclusive bounds with the Gia Lai report, the one-line forms, and
    the folder `agreements new` files a date in."""
    text = " ".join(built.page("/guide/").get_text().split())
    for shown in (
        "không muộn hơn 2025-09-20",
        "signed: không sớm hơn 2025-07-01, không muộn hơn 2025-09-20",
        "earliest: 2025-07-01",
        "latest: 2025-09-20",
        "signed: trước 2022",
        "signed: khoảng 2013",
        "XXXX-08-07",
        "agreements/chua-ro/",
        "--inferred year --reason",
    ):
        assert shown in text, shown


def test_gia_lai_was_signed_on_or_before_the_day_it_was_published(tmp_path: Path) -> None:
    """The real report published on 20/9/2025 is held as signed on or before that day, and
    not before 1/7/2025 when its parties came to be."""
    site = Site(tmp_path / "site")
    build_site(SEED, site.root, "--as-of", "2025-12-01")
    record = json.loads((site.root / "agreements" / f"{GIA_LAI}.json").read_text())
    assert record["signed"]["edtf"] == "2025-07-01/2025-09-20"
    assert record["signed"]["certainty"] == "bounded"
    assert _signed(site, GIA_LAI) == "không sớm hơn 1/7/2025, không muộn hơn 20/9/2025"
