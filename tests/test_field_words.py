"""Each field's words live in one block of every catalogue (`fields.<record>.<field>`), held
to the field tables: a field added to a table without its words, or words left for a field
that is gone, fail here before any page renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from generator.content import fields as f
from generator.content.scaffold import OPTIONAL, words
from generator.content.schema import (
    AGREEMENT_FIELDS,
    AGREEMENT_TABLE,
    PAGE_FIELDS,
    PARTY_FIELDS,
    PARTY_TABLE,
)
from generator.content.topics import TOPIC_FIELDS, TOPIC_TABLE
from generator.core.interface import TEMPLATES, column_words, field_words, languages, load_strings
from generator.site.exports import SPREADSHEET_COLUMNS

ASPECTS = {"label", "history", "guide", "data", "csv", "spreadsheet", "scaffold"}


def _names(*tables: Sequence[f.Entry] | Sequence[f.Field]) -> list[str]:
    found: list[str] = []
    for table in tables:
        found += [entry.name for entry in table if entry.name not in found]
    return found


TABLES: Mapping[str, list[str]] = {
    "agreement": _names(AGREEMENT_TABLE),
    "party": _names(PARTY_TABLE),
    "topic": _names(TOPIC_TABLE, TOPIC_FIELDS),
    "page": _names(PAGE_FIELDS),
}
WRITTEN = {"agreement": AGREEMENT_FIELDS, "party": PARTY_FIELDS, "topic": TOPIC_FIELDS}
EXPORTED = {"agreement": AGREEMENT_TABLE, "party": PARTY_TABLE, "topic": TOPIC_TABLE}


@pytest.fixture(scope="module", params=languages())
def catalogue(request: pytest.FixtureRequest) -> Mapping[str, Any]:
    return load_strings(TEMPLATES, request.param)


@pytest.mark.parametrize("record", sorted(TABLES))
def test_one_block_per_field_in_the_tables_order(catalogue: Mapping[str, Any], record: str) -> None:
    """A record's blocks are its table's fields, in the table's order, each holding only
    the known aspects."""
    blocks = catalogue["fields"][record]
    assert list(blocks) == TABLES[record]
    for name, block in blocks.items():
        assert set(block) <= ASPECTS, name


@pytest.mark.parametrize("record", sorted(WRITTEN))
def test_every_written_field_has_its_guide(catalogue: Mapping[str, Any], record: str) -> None:
    """The guide explains exactly the fields editors write."""
    guide = field_words(catalogue, record, "guide")
    assert list(guide) == [spec.name for spec in WRITTEN[record]]
    assert all(isinstance(text, str) and text.strip() for text in guide.values())


@pytest.mark.parametrize("record", sorted(EXPORTED))
def test_every_exported_key_has_its_data_words(catalogue: Mapping[str, Any], record: str) -> None:
    """The data page explains exactly the keys of the exported record."""
    assert list(field_words(catalogue, record, "data")) == list(f.exported_names(EXPORTED[record]))


def test_each_fields_csv_words_are_its_columns(catalogue: Mapping[str, Any]) -> None:
    """A field's `csv` words name exactly the agreements.csv columns its entry makes."""
    made = field_words(catalogue, "agreement", "csv")
    for entry in AGREEMENT_TABLE:
        assert list(made.get(entry.name, {})) == [column.name for column in entry.csv], entry.name


def test_the_spreadsheets_columns_each_have_a_header_and_a_meaning(
    catalogue: Mapping[str, Any],
) -> None:
    """van-ban.csv's columns are gathered from the fields' blocks, each with both words."""
    columns = column_words(catalogue, "agreement", "spreadsheet")
    assert sorted(columns) == sorted(SPREADSHEET_COLUMNS)
    for name, said in columns.items():
        assert set(said) == {"header", "meaning"}, name
        assert said["header"].strip() and said["meaning"].strip(), name


def test_the_history_names_every_written_field(catalogue: Mapping[str, Any]) -> None:
    """The change history can name each field an editor may change."""
    assert list(field_words(catalogue, "agreement", "history")) == [
        spec.name for spec in AGREEMENT_FIELDS
    ]


@pytest.mark.parametrize("language", languages())
def test_the_scaffold_says_something_over_every_field(language: str) -> None:
    """`agreements new` has a note over each required field and a note and an example for
    each optional one; `new-party` a note over each field it writes."""
    said = words(language)
    required = [spec.name for spec in AGREEMENT_FIELDS if spec.required]
    assert list(said["required"]) == required
    assert list(said["fields"]) == list(OPTIONAL)
    for name, block in said["fields"].items():
        assert block["example"].startswith(f"{name}:"), name
    assert {"name", "short", "kind", "province", "parent"} <= set(said["party"])
