"""Open data: JSON and CSV made from the model, their schemas, the data package and its page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from generator.exports import CSV_COLUMNS, LIST_COLUMNS, LIST_SEPARATOR
from tests.conftest import SHOWCASE, Site, assemble, build_site, published


def _json(site: Site, relative: str):
    return json.loads((site.root / relative).read_text(encoding="utf-8"))


def _published() -> dict[str, dict]:
    """Slug → front matter of every published agreement of the showcase, read from its file."""
    return published(SHOWCASE)


def test_every_agreement_is_exported_once(showcase: Site) -> None:
    """agreements.json holds each published agreement once, and no draft."""
    records = _json(showcase, "data/agreements.json")
    assert sorted(r["slug"] for r in records) == sorted(_published())


def test_records_carry_the_files_facts(showcase: Site) -> None:
    """Title, kind, signing date and party count in each record are those of its file."""
    files = _published()
    for record in _json(showcase, "data/agreements.json"):
        data = files[record["slug"]]
        assert record["title"] == data["title"]
        assert record["kind"] == data["kind"]
        assert record["signed"] == str(data["signed"])
        assert len(record["parties"]) == len(data["parties"])


def test_every_record_follows_its_schema(showcase: Site) -> None:
    """Every exported agreement and party validates against the published JSON Schemas."""
    agreement_schema = _json(showcase, "data/agreement.schema.json")
    party_schema = _json(showcase, "data/party.schema.json")
    jsonschema.Draft202012Validator.check_schema(agreement_schema)
    jsonschema.Draft202012Validator.check_schema(party_schema)
    for record in _json(showcase, "data/agreements.json"):
        jsonschema.validate(record, agreement_schema, cls=jsonschema.Draft202012Validator)
    for record in _json(showcase, "data/parties.json"):
        jsonschema.validate(record, party_schema, cls=jsonschema.Draft202012Validator)


def test_the_schema_rejects_a_wrong_record(showcase: Site) -> None:
    """The schema is strict enough to catch a drifting exporter."""
    schema = _json(showcase, "data/agreement.schema.json")
    record = _json(showcase, "data/agreements.json")[0]
    validator = jsonschema.Draft202012Validator(schema)
    for broken in (
        {**record, "kind": "chương trình"},
        {**record, "signed": "20/5/2022"},
        {**record, "extra": 1},
        {k: v for k, v in record.items() if k != "status"},
    ):
        assert list(validator.iter_errors(broken))


def test_each_agreement_has_its_own_json(showcase: Site) -> None:
    """/agreements/<slug>.json equals that agreement's entry in agreements.json."""
    for record in _json(showcase, "data/agreements.json"):
        assert _json(showcase, f"agreements/{record['slug']}.json") == record


def test_each_agreement_page_links_its_json(showcase: Site) -> None:
    """The agreement page names its JSON as an alternate and links it visibly."""
    for record in _json(showcase, "data/agreements.json"):
        page = showcase.page(f"/agreements/{record['slug']}/")
        target = f"/agreements/{record['slug']}.json"
        assert page.find("link", rel="alternate", type="application/json")["href"] == target
        assert page.find("main").find("a", href=target)


def test_the_csv_round_trips(showcase: Site) -> None:
    """Parsed back with the csv module, every cell gives the JSON record's value."""
    raw = (showcase.root / "data" / "agreements.csv").read_bytes()
    assert raw.count(b"\r\n") >= len(_published()) + 1  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    records = {r["slug"]: r for r in _json(showcase, "data/agreements.json")}
    assert [r["slug"] for r in rows] == list(records)
    for row in rows:
        record = records[row["slug"]]
        assert row["title"] == record["title"]
        assert row["parties"].split(LIST_SEPARATOR) == [p["id"] for p in record["parties"]]
        assert row["party_names"].split(LIST_SEPARATOR) == [p["name"] for p in record["parties"]]
        assert (row["topics"].split(LIST_SEPARATOR) if row["topics"] else []) == record["topics"]
        assert row["period_end"] == ((record["period"] or {}).get("end") or "")
        assert row["status"] == record["status"]


def test_list_cells_survive_commas_quotes_and_semicolons(tmp_path: Path) -> None:
    """Values with the CSV's own punctuation come back whole."""
    content = assemble(tmp_path / "tree", SHOWCASE)
    path = next((content / "agreements").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    odd = 'topics:\n  - "An toàn, vệ sinh; \\"lao động\\""\n  - Thi đua\n'
    lines = [line for line in head.split("\n") if not line.startswith("topics:")]
    path.write_text("\n".join(lines) + "\n" + odd + "---\n" + body, encoding="utf-8")
    build_site(content, tmp_path / "site")
    text = (tmp_path / "site/data/agreements.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(r for r in rows if r["slug"] == path.stem)
    assert row["topics"].split(LIST_SEPARATOR) == ['An toàn, vệ sinh; "lao động"', "Thi đua"]


def test_csv_columns_are_described(showcase: Site) -> None:
    """The data package's CSV schema lists the CSV's header, column by column."""
    package = _json(showcase, "data/datapackage.json")
    resource = next(r for r in package["resources"] if r["path"] == "agreements.csv")
    header = (showcase.root / "data/agreements.csv").read_bytes().decode().split("\r\n")[0]
    assert [f["name"] for f in resource["schema"]["fields"]] == header.split(",")
    assert [name for name, _ in CSV_COLUMNS] == header.split(",")


def test_the_data_package_validates(showcase: Site) -> None:
    """Frictionless validates the package: every resource readable, the CSV against its schema."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(showcase.root / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_the_data_package_catches_a_bad_csv(showcase: Site, tmp_path: Path) -> None:
    """A CSV row breaking the schema (unknown status) makes the package invalid."""
    frictionless = pytest.importorskip("frictionless")
    data = tmp_path / "data"
    data.mkdir()
    for path in (showcase.root / "data").iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    csv_bytes = (data / "agreements.csv").read_bytes()
    assert b",in-force," in csv_bytes
    (data / "agreements.csv").write_bytes(csv_bytes.replace(b",in-force,", b",valid,", 1))
    assert not frictionless.validate(str(data / "datapackage.json")).valid


def test_parties_are_exported_with_their_agreements(showcase: Site) -> None:
    """parties.json lists every party file, each with the agreements that name it."""
    parties = {p["id"]: p for p in _json(showcase, "data/parties.json")}
    assert sorted(parties) == sorted(p.stem for p in (SHOWCASE / "parties").glob("*.md"))
    for record in _json(showcase, "data/agreements.json"):
        for party in record["parties"]:
            assert record["slug"] in parties[party["id"]]["agreements"]


def test_the_data_page_documents_every_field(showcase: Site) -> None:
    """/data/ explains every key of both records and every CSV column, with the licence."""
    page = showcase.page("/data/")
    record = _json(showcase, "data/agreements.json")[0]
    party = _json(showcase, "data/parties.json")[0]
    for table, keys in (
        ("bang_van_ban", record),
        ("bang_ben_ky", party),
        ("bang_csv", [name for name, _ in CSV_COLUMNS]),
    ):
        documented = [th.get_text(strip=True) for th in page.find(id=table).select("tbody th")]
        assert documented == list(keys), table
    text = page.find("main").get_text(" ")
    assert "CC BY 4.0" in text
    assert "Cách trích dẫn" in text
    links = {a["href"] for a in page.find("main").find_all("a")}
    assert {"/data/agreements.json", "/data/agreements.csv", "/data/datapackage.json"} <= links


def test_list_columns_are_declared(showcase: Site) -> None:
    """Every list column is marked as such in the data package."""
    package = _json(showcase, "data/datapackage.json")
    fields = next(r for r in package["resources"] if r["path"] == "agreements.csv")["schema"][
        "fields"
    ]
    marked = {f["name"] for f in fields if "one value per line" in f.get("description", "")}
    assert marked == LIST_COLUMNS
