"""The open data's descriptions: JSON Schemas of the records and a Frictionless data package.

Made from the field tables of `schema`, as the records and the CSV are; the schemas
written by hand from SPEC.md are kept in `tests/oracle_schemas.py`, and a test holds
every exported record against both, so the table drifting from SPEC is caught.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.content import fields as f
from generator.content.register import Register
from generator.content.schema import AGREEMENT_TABLE, PARTY_TABLE
from generator.content.topics import TOPIC_TABLE
from generator.core.context import Context
from generator.core.interface import column_words
from generator.site.exports import CSV_FIELDS, DATE_COLUMNS, SPREADSHEET_COLUMNS, SPREADSHEET_FILE

DRAFT = "https://json-schema.org/draft/2020-12/schema"

AGREEMENT_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Agreement record",
    **f.record_schema(AGREEMENT_TABLE, "One coordination agreement of the register."),
}

PARTY_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Party record",
    **f.record_schema(
        PARTY_TABLE, "An organisation that signs agreements, or a named group of them."
    ),
}

TOPIC_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Topic record",
    **f.record_schema(
        TOPIC_TABLE,
        "One topic of the register's vocabulary (content/topics.yaml); records name it in "
        "their topics by its key and label.",
    ),
}


def _csv_field(column: f.Column) -> dict[str, Any]:
    """A CSV column as a Frictionless field: text, with its declared constraints."""
    field: dict[str, Any] = {"name": column.name, "type": "string"}
    constraints: dict[str, Any] = {}
    if column.pattern:
        constraints["pattern"] = column.pattern.strip("^$")
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    if column.listed:
        field["description"] = "A list: one value per line within the cell."
    return field


def datapackage(register: Register, context: Context, strings: Mapping[str, Any]) -> dict[str, Any]:
    """A Frictionless Data Package describing the files under /data/; the spreadsheet's
    field names are its headers in the interface's `strings`."""
    config, urls = context.config, context.urls
    package: dict[str, Any] = {
        "name": "agreements-register",
        "title": config.title,
        "homepage": urls.origin + urls.url_for("home"),
        "version": register.as_of.isoformat(),
        "resources": [
            {
                "name": "agreements-csv",
                "path": "agreements.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One agreement per row. A cell, or a line of a list cell, that "
                "would start with = + - @ (or their full-width forms), a tab or a carriage return "
                "starts with an added ' so that spreadsheets do not run it as a formula (one more "
                "' when quote marks already precede such a character); the JSON files keep the "
                "values as written.",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {
                    "fields": [_csv_field(column) for column in CSV_FIELDS],
                    "primaryKey": ["slug"],
                },
            },
            _spreadsheet_resource(strings),
            {
                "name": "agreements",
                "path": "agreements.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "Every agreement as a JSON array; records follow "
                "agreement.schema.json.",
                "jsonSchema": "agreement.schema.json",
            },
            {
                "name": "parties",
                "path": "parties.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "Every party as a JSON array; records follow party.schema.json.",
                "jsonSchema": "party.schema.json",
            },
            {
                "name": "topics",
                "path": "topics.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "The topic vocabulary as a JSON array, in its file's order; "
                "records follow topic.schema.json.",
                "jsonSchema": "topic.schema.json",
            },
        ],
    }
    if config.description:
        package["description"] = config.description
    if config.publisher:
        package["contributors"] = [{"title": config.publisher, "role": "publisher"}]
    if config.licence:
        package["licenses"] = [{"name": _licence_name(config.licence), "title": config.licence}]
    return package


def _spreadsheet_resource(strings: Mapping[str, Any]) -> dict[str, Any]:
    """van-ban.csv for people: the interface's headers as field names, its days as dates
    (YYYY-MM-DD), every other cell text in the interface's words."""
    headers = {n: w["header"] for n, w in column_words(strings, "agreement", "spreadsheet").items()}
    fields = []
    for name in SPREADSHEET_COLUMNS:
        field: dict[str, Any] = {"name": headers[name], "type": "string"}
        if name in DATE_COLUMNS:
            field["type"] = "date"
        if name in ("title", "kind", "party_names", "signed", "status", "status_as_of", "url"):
            field["constraints"] = {"required": True}
        field["description"] = f"Column `{name}`."
        fields.append(field)
    return {
        "name": "van-ban",
        "path": SPREADSHEET_FILE,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "description": "The same agreements for spreadsheets: headers and values in the "
        "interface's words (several values in a cell separated by '; '), each date beside "
        "the earliest and latest day it can be (YYYY-MM-DD, empty when unknown on that "
        "side); a cell that would start with a formula character starts with an added '.",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": {"fields": fields},
    }


def _licence_name(licence: str) -> str:
    """An SPDX-style name for a licence written as e.g. `CC BY 4.0`."""
    return "-".join(licence.replace("/", " ").split())
