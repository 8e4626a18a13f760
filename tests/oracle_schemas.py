"""The open data's record schemas and CSV columns, written by hand from SPEC.md.

The independent oracle for the published schemas, which `generator.site.datapackage` now
derives from the field tables: tests hold every exported record against both, and the
derived schemas against these. Change this file only when SPEC changes the open data.
"""

from __future__ import annotations

from typing import Any

from generator.core.model import (
    INVERSE_RELATION,
    AgreementKind,
    EventKind,
    PartyKind,
    Relation,
    Status,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD."""
DAY = r"^\d{4}-\d{2}-\d{2}$"
_CALENDAR = r"\d{4}(-\d{2}(-\d{2})?)?"
EDTF = (
    rf"^(\d{{4}}\??(-\d{{2}}(-\d{{2}})?)?[?~]?|XXXX(-\d{{2}}(-\d{{2}})?)?"
    rf"|({_CALENDAR}|\.\.)/({_CALENDAR}|\.\.))$"
)
"""A record date in the subset of EDTF (ISO 8601-2) the register writes: `2016-11-30`,
`2016?-11-30` (year inferred), `2011?` (inferred), `2013~` (approximate), a bounded date as
the interval of the days it may be, ends included (`../2025-09-19` for before 20/9/2025,
`../2025-09-20` for on or before it, `2025-07/..` for after June 2025), `XXXX-08-07` (year
unknown), `XXXX` (unknown)."""
CERTAINTY = ["stated", "inferred", "approximate", "bounded", "unknown"]
_SINGLE = r"\d{4}\??(-\d{2}(-\d{2})?)?[?~]?|XXXX(-\d{2}(-\d{2})?)?"
EDTF_INTERVAL = rf"^({_SINGLE})?/({_SINGLE}|\.\.)?$"
"""A term as an EDTF interval: `2022/2027`, `2019-05-01/..` (no end), `2019-05-01/` (end
not known), `/2027` (start not known)."""
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _text(nullable: bool = False) -> dict[str, Any]:
    return {"type": ["string", "null"] if nullable else "string"}


def _date(nullable: bool = False) -> dict[str, Any]:
    return {"type": ["string", "null"] if nullable else "string", "pattern": DATE}


def _record_date(nullable: bool = False) -> dict[str, Any]:
    """A date with how it is known: its EDTF form, a certainty word and the reason."""
    schema = _object(
        {
            "edtf": {"type": "string", "pattern": EDTF},
            "certainty": _enum(CERTAINTY),
            "reason": _text(True),
        },
        "A date as the sources give it: `edtf` in EDTF (ISO 8601-2); `certainty` says "
        "whether it is stated, inferred, approximate, bounded or unknown; `reason` is "
        "the editor's note on how it is known.",
    )
    return {"anyOf": [{"type": "null"}, schema]} if nullable else schema


def _count(nullable: bool = False) -> dict[str, Any]:
    return {"type": ["integer", "null"] if nullable else "integer", "minimum": 1}


def _enum(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values}


def _code(values: list[str], nullable: bool = False) -> dict[str, Any]:
    """One of the codes, or null when the field may be left out."""
    if not nullable:
        return _enum(values)
    return {"type": ["string", "null"], "enum": [*values, None]}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


SLUG_SCHEMA = {"type": "string", "pattern": SLUG}

SOURCE = _object(
    {
        "publisher": _text(),
        "title": _text(True),
        "url": _text(True),
        "date": _record_date(True),
        "author": _text(True),
        "title_from_url": {"type": ["boolean", "null"]},
    },
    "Where facts come from.",
)

EVENT = _object(
    {
        "date": _record_date(),
        "kind": _enum([k.value for k in EventKind]),
        "title": _text(),
        "summary": _text(True),
        "source": {"anyOf": [{"type": "null"}, SOURCE]},
        "concerns": _list(SLUG_SCHEMA),
    }
)

AGREEMENT_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Agreement record",
    **_object(
        {
            "slug": SLUG_SCHEMA,
            "url": _text(),
            "title": _text(),
            "kind": _enum([k.value for k in AgreementKind]),
            "number": _text(True),
            "parties": {
                **_list(_object({"id": SLUG_SCHEMA, "name": _text(), "organ": _text(True)})),
                "minItems": 2,
            },
            "signed": _record_date(),
            "period": {
                "anyOf": [
                    {"type": "null"},
                    _object(
                        {
                            "start": _record_date(True),
                            "end": _record_date(True),
                            "years": _count(True),
                            "months": _count(True),
                            "indefinite": {"type": "boolean"},
                            "edtf": {"type": ["string", "null"], "pattern": EDTF_INTERVAL},
                        }
                    ),
                ]
            },
            "status": _enum([s.value for s in Status]),
            "status_certainty": _enum(["certain", "possible"]),
            "status_as_of": {"type": "string", "pattern": DAY},
            "summary": _text(True),
            "place": _text(True),
            "signatories": _list(
                _object(
                    {
                        "name": _text(True),
                        "role": _text(True),
                        "party": {"type": ["string", "null"]},
                    }
                )
            ),
            "attendees": _list(
                _object(
                    {
                        "name": _text(True),
                        "role": _text(True),
                        "party": {"type": ["string", "null"]},
                        "chair": {"type": ["boolean", "null"]},
                    }
                )
            ),
            "topics": _list(_object({"key": SLUG_SCHEMA, "label": _text()})),
            "reviews": {
                "anyOf": [
                    {"type": "null"},
                    _object(
                        {"every": _code(["year"], True), "final": {"type": ["boolean", "null"]}},
                        "The reviews planned when signing.",
                    ),
                ]
            },
            "reviews_unreported": _list(
                _object(
                    {
                        "kind": _enum(["review", "final-review"]),
                        "year": {"type": ["integer", "null"]},
                    }
                )
            ),
            "events": _list(EVENT),
            "shared_events": _list(_object({"recorded_in": SLUG_SCHEMA, "event": EVENT})),
            "related": _list(
                _object(
                    {
                        "rel": _enum([r.value for r in Relation]),
                        "slug": {"type": ["string", "null"], "pattern": SLUG},
                        "number": _text(True),
                        "title": _text(True),
                        "date": _record_date(True),
                        "certainty": _code(["probable"], True),
                        "reason": _text(True),
                    }
                )
            ),
            "related_from": _list(
                _object(
                    {
                        "rel": _enum(list(INVERSE_RELATION.values())),
                        "slug": SLUG_SCHEMA,
                        "certainty": _code(["probable"], True),
                        "reason": _text(True),
                    }
                )
            ),
            "sources": _list(SOURCE),
            "documents": _list(_object({"title": _text(), "file": _text(), "url": _text()})),
            "aliases": _list(SLUG_SCHEMA),
            "updated": _date(True),
            # Null outside git; else every commit that changed the file, newest first.
            "history": {
                "anyOf": [
                    {"type": "null"},
                    _list(
                        _object(
                            {
                                "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                                "commit": {
                                    "type": "string",
                                    "pattern": "^([0-9a-f]{40}|[0-9a-f]{64})$",
                                },
                                "changes": _list(
                                    _object(
                                        {
                                            "change": _enum(
                                                [
                                                    "entered",
                                                    "added",
                                                    "changed",
                                                    "removed",
                                                    "body",
                                                    "renamed",
                                                    "edited",
                                                ]
                                            ),
                                            "field": _text(True),
                                        }
                                    )
                                ),
                            }
                        )
                    ),
                ]
            },
            "body": _text(),
        },
        "One coordination agreement of the register.",
    ),
}

PARTY_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Party record",
    **_object(
        {
            "id": SLUG_SCHEMA,
            "url": _text(),
            "name": _text(),
            "short": _text(True),
            "aliases": _list(_text()),
            "kind": _enum([k.value for k in PartyKind]),
            "province": _text(True),
            "province_reason": _text(True),
            "parent": {"type": ["string", "null"], "pattern": SLUG},
            "members": _list(SLUG_SCHEMA),
            "member_count": {
                "anyOf": [
                    {"type": "null"},
                    {"anyOf": [{"type": "integer", "minimum": 1}, {"const": "unknown"}]},
                ]
            },
            "members_kind": _text(True),
            "founded": _record_date(True),
            "dissolved": _record_date(True),
            "succeeded_by": {"type": ["string", "null"], "pattern": SLUG},
            "website": _text(True),
            "description": _text(True),
            "agreements": _list(SLUG_SCHEMA),
        },
        "An organisation that signs agreements, or a named group of them.",
    ),
}

TOPIC_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "Topic record",
    **_object(
        {
            "key": SLUG_SCHEMA,
            "url": _text(True),
            "label": _text(),
            "explanation": _text(),
            "aliases": _list(_text()),
            "agreements": _list(SLUG_SCHEMA),
        },
        "One topic of the register's vocabulary (content/topics.yaml); records name it in "
        "their topics by its key and label.",
    ),
}

CSV_COLUMNS = [
    "slug",
    "url",
    "title",
    "kind",
    "number",
    "parties",
    "party_names",
    "signed",
    "signed_certainty",
    "signed_reason",
    "period_start",
    "period_end",
    "period_edtf",
    "status",
    "status_certainty",
    "status_as_of",
    "summary",
    "place",
    "topics",
    "topic_keys",
    "signatories",
    "source_urls",
    "updated",
]
"""The CSV's header, in order."""

LIST_COLUMNS = {"parties", "party_names", "topics", "topic_keys", "signatories", "source_urls"}
"""Columns that hold a list, one value per line."""

_CSV_TYPES = {
    "signed": EDTF,
    "period_start": EDTF,
    "period_end": EDTF,
    "period_edtf": EDTF_INTERVAL,
    "updated": DATE,
}


def csv_field(name: str) -> dict[str, Any]:
    """One CSV column as a Frictionless field."""
    field: dict[str, Any] = {"name": name, "type": "string"}
    if name in _CSV_TYPES:
        field["constraints"] = {"pattern": _CSV_TYPES[name].strip("^$")}
    if name in {"slug", "url", "title", "kind", "parties", "signed", "status"}:
        field.setdefault("constraints", {})["required"] = True
    if name in LIST_COLUMNS:
        field["description"] = "A list: one value per line within the cell."
    if name == "kind":
        field["constraints"]["enum"] = [k.value for k in AgreementKind]
    if name == "status":
        field["constraints"]["enum"] = [s.value for s in Status]
    if name == "status_certainty":
        field["constraints"] = {"required": True, "enum": ["certain", "possible"]}
    if name == "signed_certainty":
        field["constraints"] = {"required": True, "enum": CERTAINTY}
    return field
