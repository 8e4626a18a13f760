"""The editors' JSON Schemas: generated from the field tables, committed, and true to `check`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from generator.content import editor_schema
from generator.content import fields as f
from generator.content.schema import AGREEMENT_FIELDS, PARTY_FIELDS, SOURCE_FIELDS
from generator.content.sources import parse_yaml, read_tree
from generator.core.diagnostics import Collector
from tests.conftest import REPO, SHOWCASE

SCHEMAS = REPO / "schemas"
REGENERATE = "python -m generator.content.editor_schema"
TABLES = {"agreement": AGREEMENT_FIELDS, "party": PARTY_FIELDS}


def _committed(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _validator(kind: str) -> Draft7Validator:
    return Draft7Validator(_committed(kind))


def _problems(kind: str, data: Any) -> list[str]:
    """What the committed schema says about `data`, as `path: message` lines."""
    # A JSON round trip fails loudly if the loader ever handed over a date object.
    plain = json.loads(json.dumps(data))
    errors = _validator(kind).iter_errors(plain)
    return sorted(f"{error.json_path}: {error.message}" for error in errors)


def _checked(kind: str, data: Any) -> bool:
    """Whether `check`'s own field table accepts `data`."""
    collector = Collector("example.md")
    return f.read_record(data, "", TABLES[kind], collector, f"a {kind}") is not None


def _yaml(text: str) -> dict[str, Any]:
    data, _ = parse_yaml(text, 1, Collector("example.md"))
    assert data is not None
    return data


@pytest.mark.parametrize("name", ["agreement.schema.json", "party.schema.json"])
def test_committed_schemas_are_what_the_generator_writes(name: str) -> None:
    """The files under schemas/ are exactly what the field tables produce today."""
    expected = editor_schema.rendered(editor_schema.load_strings())[name]
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == expected, f"schemas/{name} is out of date: run `{REGENERATE}`"


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_the_schemas_are_valid_draft_7(kind: str) -> None:
    """Each schema is itself a valid draft-07 schema, the dialect the YAML extension reads."""
    schema = _committed(kind)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == editor_schema.DIALECT
    assert "agreements check" in schema["description"]


def _table_matches(schema: dict[str, Any], table: Sequence[f.Field]) -> None:
    assert list(schema["properties"]) == sorted(spec.name for spec in table)
    assert schema.get("required", []) == [spec.name for spec in table if spec.required]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_every_field_of_the_table_is_in_the_schema(kind: str) -> None:
    """Top-level properties and `required` are the field table's names and required flags."""
    _table_matches(_committed(kind), TABLES[kind])


def test_nested_tables_are_in_the_schema_too() -> None:
    """A source, inside `sources`, has the fields and required flags of SOURCE_FIELDS."""
    sources = _committed("agreement")["properties"]["sources"]["anyOf"][0]
    _table_matches(sources["items"], SOURCE_FIELDS)


def test_descriptions_come_from_the_model_and_the_ui_strings() -> None:
    """Fields carry the model's doc line; kinds list their Vietnamese names."""
    properties = _committed("agreement")["properties"]
    assert (
        properties["signed"]["description"]
        == "Signing date, with its precision and how it is known."
    )
    assert "Chương trình phối hợp" in properties["kind"]["enumDescriptions"]
    assert "program: Chương trình phối hợp" in properties["kind"]["description"]
    party_kind = _committed("party")["properties"]["kind"]
    assert len(party_kind["enumDescriptions"]) == len(party_kind["enum"])


def _records(content: Path) -> list[tuple[str, str, dict[str, Any]]]:
    tree = read_tree(content, content.name)
    assert tree.agreements and tree.parties
    return [("agreement", s.relative, s.data) for s in tree.agreements] + [
        ("party", s.relative, s.data) for s in tree.parties
    ]


@pytest.mark.parametrize("content", [SHOWCASE, REPO / "content"], ids=["showcase", "content"])
def test_every_real_record_validates(content: Path) -> None:
    """Every agreement and party of the showcase and of the real register fits its schema."""
    problems = [
        f"{relative}: {problem}"
        for kind, relative, data in _records(content)
        for problem in _problems(kind, data)
    ]
    assert problems == []


AGREEMENT = """\
title: Chương trình phối hợp giữa LĐLĐ tỉnh và Tỉnh đoàn
kind: program
parties: [ldld-bac-ninh, Tỉnh đoàn Bắc Ninh]
signed: 2022-05-20
"""


def test_a_plain_agreement_and_empty_optional_fields_pass_both() -> None:
    """Optional fields left empty are absent to `check`, so the schema accepts them too."""
    empty = 'place:\nsummary: ""\nperiod:\n  start: 2022\n  end:\ntopics: []\n'
    data = _yaml(AGREEMENT + empty)
    assert _checked("agreement", data)
    assert _problems("agreement", data) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ("kind: chương trình", "$.kind"),
        ("title:", "$.title"),
        ("signed: 20/5/2022", "$.signed"),
        ("signer: Nguyễn Văn A", "$"),
        ("parties: [ldld-bac-ninh]", "$.parties"),
        ("related: [{rel: amends, slug: Chuong Trinh 2020}]", "$.related"),
        ("events: [{date: 2023-01, title: Sơ kết một năm}]", "$.events"),
        ("documents: [{title: Văn bản ký, file: ../site.yaml}]", "$.documents"),
        ("sources: [{title: Báo Lao Động, url: laodong.vn}]", "$.sources"),
        ('draft: "no"', "$.draft"),
    ],
)
def test_broken_agreements_are_rejected_by_both(change: str, where: str) -> None:
    """A mistake `check` reports on one file is also an error in the editor."""
    key = change.split(":")[0]
    kept = [line for line in AGREEMENT.splitlines() if not line.startswith(f"{key}:")]
    data = _yaml("\n".join([*kept, change]) + "\n")
    assert not _checked("agreement", data)
    problems = _problems("agreement", data)
    assert problems
    assert all(problem.startswith(where) for problem in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "name: LĐLĐ tỉnh Bắc Ninh\n",
        "name: LĐLĐ tỉnh Bắc Ninh\nkind: union\n",
        "name: LĐLĐ tỉnh Bắc Ninh\nkind: labour-federation\nwebsite: ldld.bacninh.gov.vn\n",
        "name: LĐLĐ tỉnh Bắc Ninh\nkind: labour-federation\nparent: Tổng LĐLĐ Việt Nam\n",
    ],
    ids=["no-kind", "unknown-kind", "bad-website", "parent-not-an-id"],
)
def test_broken_parties_are_rejected_by_both(text: str) -> None:
    """A party without a kind, with an unknown kind, a bare domain or a named parent fails."""
    data = _yaml(text)
    assert not _checked("party", data)
    assert _problems("party", data)


READER_SAMPLES = [
    (f.partial_date, ["2022", 2022, "2022-05", "2022-05-20", "20/5/2022", "2022-13", "22", 99]),
    (f.day, ["2022-05-20", "2022-05", "2022", "2022-5-20"]),
    (f.slug("slug"), ["ldld-nghe-an", "2022", "LDLD", "a--b", "-a", "lđld", "a_b"]),
    (f.url, ["https://laodong.vn/a?b=1", "http://x.vn", "laodong.vn", "ftp://x.vn", "https://"]),
    (f.text, ["Nghệ An", "", "   ", 5, None]),
    (f.boolean, [True, False, "true", 1]),
    (
        f.file_path,
        ["2022/van-ban.pdf", "a..b/c.pdf", "../x", "a/../x", "/etc/x", "c:x", "a\\b", ".", "./"],
    ),
]


@pytest.mark.parametrize(
    ("reader", "value"),
    [(reader, value) for reader, values in READER_SAMPLES for value in values],
    ids=lambda item: repr(item) if not callable(item) else getattr(item, "__qualname__", ""),
)
def test_each_reader_and_its_fragment_agree(reader: f.Reader, value: Any) -> None:
    """A value is valid to a reader's JSON Schema fragment exactly when the reader takes it."""
    accepted = reader(value, "field", Collector("example.md")) is not f.INVALID
    assert Draft7Validator(f.json_schema(reader)).is_valid(value) == accepted


def test_a_reader_without_a_fragment_is_named() -> None:
    """Forgetting to attach a fragment to a new reader fails with the reader's name."""

    def undocumented(value: Any, path: str, collector: Collector) -> Any:
        return value

    with pytest.raises(TypeError, match="undocumented"):
        f.json_schema(undocumented)


def test_vscode_maps_each_schema_to_its_content_files() -> None:
    """The workspace settings point each schema at exactly the files `check` reads as such."""
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert set(mapping) == {"./schemas/agreement.schema.json", "./schemas/party.schema.json"}
    tree = read_tree(REPO / "content", "content")
    read = {
        "agreement": {f"content/{s.relative}" for s in tree.agreements},
        "party": {f"content/{s.relative}" for s in tree.parties},
    }
    for schema, globs in mapping.items():
        kind = Path(schema).name.split(".")[0]
        assert (REPO / schema).is_file()
        matched = {p.relative_to(REPO).as_posix() for g in globs for p in REPO.glob(g)}
        assert matched == read[kind]


def test_the_command_writes_once_then_reports_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m generator.content.editor_schema --output DIR` writes both files, then
    changes none."""
    assert editor_schema.main(["--output", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("wrote ") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "agreement.schema.json",
        "party.schema.json",
    ]
    assert editor_schema.main(["--output", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out
