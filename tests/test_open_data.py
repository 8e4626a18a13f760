"""Open data: JSON and CSV made from the model, their schemas, the data package and its page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.content import fields as f
from generator.content.schema import AGREEMENT_TABLE, PARTY_TABLE
from generator.core.interface import TEMPLATES, column_words, field_words, languages, load_strings
from generator.core.urls import DATA_FILES
from generator.site import datapackage
from generator.site.exports import (
    AGREEMENT_KEYS,
    CSV_COLUMNS,
    CSV_FIELDS,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    PARTY_KEYS,
    inert,
)
from generator.site.render import file_size
from tests import oracle_schemas as oracle
from tests.conftest import (
    FIXTURES,
    SHOWCASE,
    Site,
    assemble,
    build_site,
    published,
    spoiled_package,
)


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
        assert record["signed"] == {
            "edtf": str(data["signed"]),
            "certainty": "stated",
            "reason": None,
        }
        assert len(record["parties"]) == len(data["parties"])


@pytest.mark.parametrize("which", ["published", "oracle"])
def test_every_record_follows_its_schema(showcase: Site, which: str) -> None:
    """Every exported agreement and party validates against the published JSON Schemas
    (derived from the field tables) and against the hand-written oracle."""
    if which == "published":
        agreement_schema = _json(showcase, "data/agreement.schema.json")
        party_schema = _json(showcase, "data/party.schema.json")
    else:
        agreement_schema, party_schema = oracle.AGREEMENT_SCHEMA, oracle.PARTY_SCHEMA
    jsonschema.Draft202012Validator.check_schema(agreement_schema)
    jsonschema.Draft202012Validator.check_schema(party_schema)
    for record in _json(showcase, "data/agreements.json"):
        jsonschema.validate(record, agreement_schema, cls=jsonschema.Draft202012Validator)
    for record in _json(showcase, "data/parties.json"):
        jsonschema.validate(record, party_schema, cls=jsonschema.Draft202012Validator)


def test_the_derived_schemas_are_the_oracles(showcase: Site) -> None:
    """The schemas made from the field tables, as published, equal those written by hand."""
    assert _json(showcase, "data/agreement.schema.json") == oracle.AGREEMENT_SCHEMA
    assert _json(showcase, "data/party.schema.json") == oracle.PARTY_SCHEMA
    assert datapackage.AGREEMENT_SCHEMA == oracle.AGREEMENT_SCHEMA
    assert datapackage.PARTY_SCHEMA == oracle.PARTY_SCHEMA


def test_the_csv_columns_are_the_oracles(showcase: Site) -> None:
    """The CSV's columns made from the agreement table, and their data-package fields, are
    those written by hand."""
    package = _json(showcase, "data/datapackage.json")
    resource = next(r for r in package["resources"] if r["path"] == "agreements.csv")
    assert [name for name, _ in CSV_COLUMNS] == oracle.CSV_COLUMNS
    assert LIST_COLUMNS == oracle.LIST_COLUMNS
    assert resource["schema"]["fields"] == [oracle.csv_field(n) for n in oracle.CSV_COLUMNS]


def test_a_records_keys_are_its_tables() -> None:
    """An exported record has the table's derived and exported entries, in the table's order
    (a front-matter field not exported is left out, such as draft)."""
    assert list(AGREEMENT_KEYS) == list(oracle.AGREEMENT_SCHEMA["properties"])
    assert list(PARTY_KEYS) == list(oracle.PARTY_SCHEMA["properties"])
    assert [e.name for e in f.front_matter(AGREEMENT_TABLE) if not e.exported] == ["draft"]


@pytest.mark.parametrize(
    ("strings", "names"),
    [
        ("agreement", f.exported_names(AGREEMENT_TABLE)),
        ("party", f.exported_names(PARTY_TABLE)),
        ("csv", tuple(column.name for column in CSV_FIELDS)),
    ],
)
@pytest.mark.parametrize("language", languages())
def test_every_exported_key_has_its_doc(
    strings: str, names: tuple[str, ...], language: str
) -> None:
    """Every catalogue's data docs explain exactly the keys and CSV columns the tables
    export, each with some text (a new exported field without its explanation fails here)."""
    catalogue = load_strings(TEMPLATES, language)
    if strings == "csv":
        docs = column_words(catalogue, "agreement", "csv")
    else:
        docs = field_words(catalogue, strings, "data")
    assert sorted(docs) == sorted(names)
    assert all(isinstance(text, str) and text.strip() for text in docs.values())


def test_the_schema_rejects_a_wrong_record(showcase: Site) -> None:
    """The published schema, like the oracle, is strict enough to catch a drifting exporter."""
    schema = _json(showcase, "data/agreement.schema.json")
    record = _json(showcase, "data/agreements.json")[0]
    validators = [
        jsonschema.Draft202012Validator(schema),
        jsonschema.Draft202012Validator(oracle.AGREEMENT_SCHEMA),
    ]
    for broken in (
        {**record, "kind": "chương trình"},
        {**record, "signed": {**record["signed"], "edtf": "20/5/2022"}},
        {**record, "signed": {**record["signed"], "certainty": "chắc chắn"}},
        {**record, "extra": 1},
        {k: v for k, v in record.items() if k != "status"},
        {**record, "parties": record["parties"][:1]},
        {**record, "period": {"start": None}},
        {**record, "topics": None},
    ):
        for validator in validators:
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


# The documented way back from a CSV cell to the value: drop the one ' added before a
# formula character (or before quote marks that precede one).
_ADDED_QUOTE = re.compile("^'(?='*[=+\\-@\t\r＝＋－＠])")


def _original(cell: str) -> str:
    return _ADDED_QUOTE.sub("", cell, count=1)


def _values(cell: str) -> list[str]:
    return [_original(line) for line in cell.split(LIST_SEPARATOR)] if cell else []


def _assert_round_trip(site: Site) -> None:
    raw = (site.root / "data" / "agreements.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    records = {r["slug"]: r for r in _json(site, "data/agreements.json")}
    assert raw.count(b"\r\n") >= len(records) + 1  # RFC 4180 line ends
    assert [r["slug"] for r in rows] == list(records)
    for row in rows:
        record = records[row["slug"]]
        assert _original(row["title"]) == record["title"]
        assert _original(row["summary"]) == (record["summary"] or "")
        assert _original(row["place"]) == (record["place"] or "")
        assert _values(row["parties"]) == [p["id"] for p in record["parties"]]
        assert _values(row["party_names"]) == [p["name"] for p in record["parties"]]
        assert _values(row["topics"]) == [t["label"] for t in record["topics"]]
        assert _values(row["topic_keys"]) == [t["key"] for t in record["topics"]]
        assert _values(row["signatories"]) == [
            s["name"] for s in record["signatories"] if s["name"]
        ]
        assert row["period_end"] == ((record["period"] or {}).get("end") or {}).get("edtf", "")
        assert row["signed"] == record["signed"]["edtf"]
        assert row["signed_certainty"] == record["signed"]["certainty"]
        assert row["status"] == record["status"]


def test_the_csv_round_trips(showcase: Site) -> None:
    """Parsed back with the csv module, the documented ' removed, each cell is the JSON value."""
    assert len(_json(showcase, "data/agreements.json")) == len(_published())
    _assert_round_trip(showcase)


def test_list_cells_survive_commas_quotes_and_semicolons(tmp_path: Path) -> None:
    """Values with the CSV's own punctuation come back whole."""
    content = assemble(tmp_path / "tree", SHOWCASE)
    path = next((content / "agreements").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    odd = 'topics:\n  - "Nhà ở, nhà trẻ; \\"lao động\\" nữ"\n  - Thi đua\n'
    lines = [line for line in head.split("\n") if not line.startswith("topics:")]
    path.write_text("\n".join(lines) + "\n" + odd + "---\n" + body, encoding="utf-8")
    build_site(content, tmp_path / "site")
    text = (tmp_path / "site/data/agreements.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(r for r in rows if r["slug"] == path.stem)
    assert row["topics"].split(LIST_SEPARATOR) == ['Nhà ở, nhà trẻ; "lao động" nữ', "Thi đua"]


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
    package = spoiled_package(showcase, tmp_path, "agreements.csv", b",in-force,", b",valid,")
    assert not frictionless.validate(str(package)).valid


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _formula_site(tmp_path: Path) -> Site:
    content = assemble(tmp_path / "tree", FIXTURES / "formulas")
    build_site(content, tmp_path / "site")
    return Site(tmp_path / "site")


def test_no_csv_cell_can_run_as_a_formula(tmp_path: Path) -> None:
    """Titles, names, summaries, places and list lines starting =, +, -, @ get a leading '."""
    site = _formula_site(tmp_path)
    text = (site.root / "data/agreements.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    cells = [(name, cell) for row in rows for name, cell in row.items()]
    lines = [line for name, cell in cells if name in LIST_COLUMNS for line in cell.split("\n")]
    assert [c for _, c in cells if c.startswith(FORMULA_STARTS)] == []
    assert [line for line in lines if line.startswith(FORMULA_STARTS)] == []
    row = next(r for r in rows if r["slug"] == "cong-thuc-bang-tinh")
    assert row["title"] == '\'=HYPERLINK("http://x","y")'
    assert row["summary"] == "'@SUM(1+1)"
    assert row["place"] == "'+1 555"
    assert row["party_names"].split(LIST_SEPARATOR)[1] == "'=2+5"
    assert row["topics"].split(LIST_SEPARATOR) == ["Chăm lo đời sống", "'-2+3", "'＝1+1", "''=2+2"]
    assert row["signatories"] == "'＠chủ tịch"


@pytest.mark.parametrize("value", [c + "1+1" for c in FORMULA_STARTS] + ["'=1", "''@x"])
def test_a_formula_start_gets_one_quote_that_undoes(value: str) -> None:
    """Each formula character (tab and CR too) gets one leading ', which _original removes."""
    assert inert(value) == "'" + value
    assert _original(inert(value)) == value


@pytest.mark.parametrize("value", ["Chăm lo", "'trích'", "1-2", "", "a=b"])
def test_other_values_are_left_alone(value: str) -> None:
    """Values not starting with a formula character are written as they are."""
    assert inert(value) == value
    assert _original(value) == value


def test_the_json_keeps_formula_like_values_untouched(tmp_path: Path) -> None:
    """The JSON files hold the editor's values as written, with no added quote."""
    site = _formula_site(tmp_path)
    record = _json(site, "agreements/cong-thuc-bang-tinh.json")
    assert record["title"] == '=HYPERLINK("http://x","y")'
    assert record["summary"] == "@SUM(1+1)"
    assert record["place"] == "+1 555"
    assert [t["label"] for t in record["topics"]] == ["Chăm lo đời sống", "-2+3", "＝1+1", "'=2+2"]
    assert [p["name"] for p in _json(site, "data/parties.json") if p["id"] == "cong-thuc"] == [
        "=2+5"
    ]
    assert next(r for r in _json(site, "data/agreements.json") if r["slug"] == record["slug"]) == (
        record
    )
    _assert_round_trip(site)


def test_the_data_page_explains_the_added_quote(showcase: Site) -> None:
    """/data/ names the formula characters, the added ' and that the JSON keeps the values."""
    note = showcase.page("/data/").find(id="csv_cong_thuc")
    assert note is not None
    text = note.get_text(" ")
    for mark in ("=", "+", "-", "@", "＝", "＋", "－", "＠", "'"):
        assert mark in text, mark
    assert "JSON" in text and "nguyên" in text


def test_a_plain_text_field_exports_from_its_table_entry() -> None:
    """A text field added to a table is in the record, the schema (null when not given)
    and, when it declares one, the CSV, with no other code."""
    table = (*AGREEMENT_TABLE, f.Field("venue", f.text, csv=(f.Column("venue"),)))
    schema = f.record_schema(table)
    assert schema["properties"]["venue"] == {"type": ["string", "null"]}
    assert "venue" in schema["required"]
    assert f.exported_names(table)[-1] == "venue"
    assert [c.name for _, c in f.csv_columns(table)][-1] == "venue"

    class Record:
        venue = "Hội trường"

    assert f.entry_value(table[-1], Record(), None) == "Hội trường"


def test_the_whole_register_file_is_the_records_as_json_gives_them(showcase: Site) -> None:
    """`agreements.json` is made from the records' own files, not encoded again: it is
    the very text `json.dumps(..., indent=2)` gives for the list of them."""
    whole = (showcase.root / "data" / "agreements.json").read_text(encoding="utf-8")
    records = json.loads(whole)
    assert len(records) > 10
    assert whole == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_the_data_page_gives_each_file_its_real_size(showcase: Site) -> None:
    """The sizes the data page shows are those of the files written, the three written
    row by row (the whole array, the CSV and the spreadsheet) as much as the others."""
    page = BeautifulSoup((showcase.root / "data" / "index.html").read_text("utf-8"), "html.parser")
    shown: dict[str, str] = {}
    for link in page.select("a[href*='/data/']"):
        size = link.find_next_sibling("span", class_="size")
        if size is not None:
            shown[link.get_text(strip=True)] = size.get_text(strip=True)
    assert {"agreements.json", "agreements.csv", "van-ban.csv"} <= set(shown)
    assert set(shown) == set(DATA_FILES)
    for name, text in shown.items():
        real = (showcase.root / "data" / name).stat().st_size
        assert text == f"({file_size(real)})", name
