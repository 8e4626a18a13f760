"""Typed readers for front-matter values, each reporting its own mistakes.

A reader takes a plain value, the field path it was found at and a collector; it
returns the typed value, or `INVALID` after recording why. `read_record` applies a
table of fields to a mapping, so every file is checked field by field in one pass.
Each reader also carries the JSON Schema of what it accepts (`json_schema`), from
which the editors' schema is generated, so the two cannot drift apart; and how the
open data gives its values (`export_value`, `export_schema`), from which a table's
exported record, its published JSON Schema and its CSV columns are made.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from generator.core.dates import (
    MAPPING_KEYS,
    UNKNOWN_WORDS,
    Certainty,
    DateFormError,
    DateShapeError,
    Inferred,
    MissingReason,
    PartialDate,
    RecordDate,
    parse_mapping,
    parse_scalar,
    suggestion,
)
from generator.core.dates import WORDS as DATE_WORDS
from generator.core.diagnostics import Collector, excerpt, quoted
from generator.core.messages import Phrase, phrase
from generator.core.slugs import MAX_LENGTH, is_slug, suggest_slug
from generator.core.vietnamese import fold


class _Invalid:
    """The marker returned by a reader after it reported a problem."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
Reader = Callable[[Any, str, Collector], Any]
JsonSchema = dict[str, Any]

DATE_PATTERN = r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
DAY_PATTERN = r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# No root, no '..' segment, no backslash or drive colon, not only '.' segments.
FILE_PATTERN = r"^(?!\s*/)(?!(.*/)?\.\.(/|\s*$))(?!\s*(\./*)*\s*$)[^\\:]*$"
EMPTY: JsonSchema = {"enum": [None, ""], "doNotSuggest": True}
"""An optional field left empty: `read_record` treats it as absent."""


# The open data's forms, which are looser than what editors may write (the data
# describes what the register holds, not how to write it).
EXPORT_TEXT: JsonSchema = {"type": "string"}
EXPORT_SLUG: JsonSchema = {"type": "string", "pattern": SLUG_PATTERN}
EXPORT_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD."""
EXPORT_DAY = r"^\d{4}-\d{2}-\d{2}$"
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
_SINGLE = r"\d{4}\??(-\d{2}(-\d{2})?)?[?~]?|XXXX(-\d{2}(-\d{2})?)?"
EDTF_INTERVAL = rf"^({_SINGLE})?/({_SINGLE}|\.\.)?$"
"""A term as an EDTF interval of two single dates: `2022/2027`, `2019-05-01/..` (no end),
`2019-05-01/` (end not known), `/2027` (start not known)."""
CERTAINTY = tuple(c.value for c in Certainty)


def shaped(fragment: JsonSchema) -> Callable[[Reader], Reader]:
    """Attach to a reader the JSON Schema fragment of the values it accepts."""

    def attach(reader: Reader) -> Reader:
        reader.json_schema = fragment  # type: ignore[attr-defined]
        return reader

    return attach


def json_schema(reader: Reader) -> JsonSchema:
    """A copy of the JSON Schema fragment attached to `reader` with `shaped`."""
    fragment = getattr(reader, "json_schema", None)
    if fragment is None:
        name = getattr(reader, "__qualname__", repr(reader))
        raise TypeError(f"reader {name} has no JSON Schema: attach one with fields.shaped")
    return copy.deepcopy(fragment)


def exported(value: Callable[[Any], Any], fragment: JsonSchema) -> Callable[[Reader], Reader]:
    """Attach to a reader how the open data gives what it read: `value(typed) -> JSON`,
    and the JSON Schema of that JSON."""

    def attach(reader: Reader) -> Reader:
        reader.export_value = value  # type: ignore[attr-defined]
        reader.export_schema = fragment  # type: ignore[attr-defined]
        return reader

    return attach


def exported_like(other: Reader) -> Callable[[Reader], Reader]:
    """Attach to a reader that wraps `other` the open-data form of `other`."""
    return exported(export_value(other), export_schema(other))


def export_value(reader: Reader) -> Callable[[Any], Any]:
    """The function attached to `reader` with `exported`: a typed value → its JSON."""
    value = getattr(reader, "export_value", None)
    if value is None:
        name = getattr(reader, "__qualname__", repr(reader))
        raise TypeError(f"reader {name} has no export: attach one with fields.exported")
    return value


def export_schema(reader: Reader) -> JsonSchema:
    """A copy of the JSON Schema of the open data's form of what `reader` reads."""
    export_value(reader)  # the same error for a reader without an export
    return copy.deepcopy(reader.export_schema)  # type: ignore[attr-defined]


def nullable(fragment: JsonSchema) -> JsonSchema:
    """`fragment` or null: a second type for a plain value, `anyOf` for an object."""
    kind = fragment.get("type")
    if isinstance(kind, str) and kind not in ("object", "array"):
        if "enum" in fragment:  # a code, or nothing
            return {**fragment, "type": [kind, "null"], "enum": [*fragment["enum"], None]}
        return {**fragment, "type": [kind, "null"]}
    return {"anyOf": [{"type": "null"}, fragment]}


def exported_object(properties: Mapping[str, JsonSchema], description: str = "") -> JsonSchema:
    """An exported object: every key present (null when not given), no other key."""
    schema: JsonSchema = {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def exported_list(items: JsonSchema) -> JsonSchema:
    """An exported list of `items` (an empty list when not given)."""
    return {"type": "array", "items": items}


def _same(value: Any) -> Any:
    return value


def _record_date_json(value: RecordDate) -> dict[str, Any]:
    """A date as the data carries it: its EDTF form, how it is known, and why."""
    return {"edtf": value.edtf(), "certainty": value.certainty.value, "reason": value.reason}


RECORD_DATE_EXPORT = exported_object(
    {
        "edtf": {"type": "string", "pattern": EDTF},
        "certainty": {"type": "string", "enum": list(CERTAINTY)},
        "reason": nullable(EXPORT_TEXT),
    },
    "A date as the sources give it: `edtf` in EDTF (ISO 8601-2); `certainty` says "
    "whether it is stated, inferred, approximate, bounded or unknown; `reason` is "
    "the editor's note on how it is known.",
)


def describe(value: Any, written: str | None = None) -> Phrase:
    """How a wrong value looks to an editor: `a list`, `the number 26.10`, ...; `written`
    is its text in the file, when YAML read it as a number or a yes/no value."""
    if value is None:
        return phrase("fields.empty")
    if isinstance(value, bool):
        shown = excerpt(written or str(value).lower())
        return phrase("fields.yes_no_value_value", value=shown)
    if isinstance(value, int | float):
        return phrase("fields.number_value", value=excerpt(written or str(value)))
    if isinstance(value, list):
        return phrase("fields.list")
    if isinstance(value, dict):
        return phrase("fields.group_fields")
    return phrase("fields.text_value", value=quoted(str(value)))


@exported(_same, EXPORT_TEXT)
@shaped({"type": "string", "pattern": r"\S", "patternErrorMessage": "Write some text."})
def text(value: Any, path: str, collector: Collector) -> Any:
    """Non-empty text, stripped."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str) or value is None:
        collector.add("empty-value", path, expected=phrase("fields.some_text"))
    else:
        collector.add(
            "wrong-type",
            path,
            found=described(value, path, collector),
            expected=phrase("fields.text"),
        )
    return INVALID


@exported(_same, {"type": "boolean"})
@shaped({"type": "boolean"})
def boolean(value: Any, path: str, collector: Collector) -> Any:
    """`true` or `false`."""
    if isinstance(value, bool):
        return value
    collector.add(
        "wrong-type",
        path,
        found=described(value, path, collector),
        expected=phrase("fields.true_false"),
    )
    return INVALID


@exported(str, {"type": "string", "pattern": EXPORT_DATE})
@shaped(
    {
        # A bare year is a number to YAML; dates stay text (YAML 1.2 has no timestamps).
        "type": ["string", "integer"],
        "pattern": DATE_PATTERN,
        "minimum": 1000,
        "maximum": 9999,
        "patternErrorMessage": "A date: YYYY-MM-DD, YYYY-MM or YYYY, such as 2022-05-20.",
    }
)
def partial_date(value: Any, path: str, collector: Collector) -> Any:
    """A date known to the year, month or day: `2022`, `2022-05`, `2022-05-20`."""
    return _written_date(value, path, collector, PartialDate.parse)


def _written_date(
    value: Any,
    path: str,
    collector: Collector,
    parse: Callable[[str], Any],
    uncertain: bool = False,
) -> Any:
    """A date written as one value, read by `parse` from its text in the file (a bare year
    is a number to YAML, and so is `26.10`); `uncertain` when the field takes every form
    of `generator.core.dates`."""
    written = collector.written.get(path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = written or str(value)
    if not isinstance(value, str) or not value.strip():
        collector.add("bad-date", path, value=_shown(value, path, collector), suggestion="")
        return INVALID
    try:
        return parse(value)
    except DateShapeError as error:
        collector.add("bad-date-shape", path, problem=error.args[0])
    except DateFormError:
        said = date_suggestion(value, uncertain=uncertain)
        collector.add("bad-date", path, value=value, suggestion=said)
    except ValueError as error:
        collector.add("impossible-date", path, value=value, reason=error.args[0])
    return INVALID


UNCERTAIN_FORMS = phrase(
    "fields.when_source_does_not_give",
)
"""The uncertain forms a date of a record takes, said when nothing closer fits."""


def date_suggestion(text: str, *, uncertain: bool = False) -> Phrase | str:
    """What a date written another way most likely means (`20/5/2022` → 2022-05-20,
    `26/10` → XXXX-10-26 …); else, for a field that takes uncertain dates, their forms."""
    found = suggestion(text, uncertain=uncertain)
    if found is not None:
        return found
    return UNCERTAIN_FORMS if uncertain else ""


_CALENDAR_DATE: JsonSchema = {
    "type": ["string", "integer"],
    "pattern": DATE_PATTERN,
    "minimum": 1000,
    "maximum": 9999,
}
_CALENDAR_FORM = r"(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"


def _spellings(words: Sequence[str]) -> str:
    """An alternation of `words` as written, capitalised and without marks (an editor's
    schema has no case-insensitive match; `check` matches any case)."""
    forms = {form for word in words for form in (word, word.capitalize(), fold(word))}
    return "|".join(re.escape(form) for form in sorted(forms))


_BOUND = rf"({_spellings([w for words in DATE_WORDS.values() for w in words])}) {_CALENDAR_FORM}"
_SCALAR_DATE: JsonSchema = {
    "type": ["string", "integer"],
    "pattern": rf"^({_CALENDAR_FORM}|[Xx]{{4}}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?"
    rf"|{_spellings(UNKNOWN_WORDS)}|{_BOUND}(, ?{_BOUND})?)$",
    "minimum": 1000,
    "maximum": 9999,
    "patternErrorMessage": "A date: YYYY-MM-DD, YYYY-MM or YYYY; XXXX-MM-DD when only the "
    "year is unknown; khoảng 2013, trước 2025-09-20, sau 2025-06, không muộn hơn 2025-09-20, "
    "không sớm hơn 2025-07-01; or chưa rõ (unknown).",
}


@exported(_record_date_json, RECORD_DATE_EXPORT)
@shaped(
    {
        "anyOf": [
            _SCALAR_DATE,
            {
                "type": "object",
                "properties": {
                    "date": _SCALAR_DATE,
                    "inferred": {"enum": [part.value for part in Inferred]},
                    "approximately": _CALENDAR_DATE,
                    "before": _CALENDAR_DATE,
                    "after": _CALENDAR_DATE,
                    "earliest": _CALENDAR_DATE,
                    "latest": _CALENDAR_DATE,
                    "reason": {"type": "string", "minLength": 1},
                },
                "additionalProperties": False,
            },
        ]
    }
)
def record_date(value: Any, path: str, collector: Collector) -> Any:
    """A date in a record, as written or with how it is known (see `generator.core.dates`)."""
    if isinstance(value, dict):
        unknown = [key for key in value if key not in MAPPING_KEYS]
        for key in unknown:
            hint = _field_hint(str(key), list(MAPPING_KEYS))
            collector.add("unknown-field", f"{path}.{key}", key=str(key), hint=hint)
        if unknown:
            return INVALID
        try:
            return parse_mapping(value)
        except MissingReason:
            collector.add("inferred-without-reason", f"{path}.inferred")
        except DateShapeError as error:
            where = f"{path}.{error.key}" if error.key in value else path
            collector.add("bad-date-shape", where, problem=error.args[0])
        return INVALID
    return _written_date(value, path, collector, parse_scalar, uncertain=True)


@exported(_same, {"type": "integer", "minimum": 1})
@shaped({"type": "integer", "minimum": 1, "maximum": 1000})
def count(value: Any, path: str, collector: Collector) -> Any:
    """A whole number from 1 to 1000 (members of a group, years of a term)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000:
        return value
    collector.add(
        "wrong-type",
        path,
        found=described(value, path, collector),
        expected=phrase("fields.whole_number_1_1000"),
    )
    return INVALID


@exported(dt.date.isoformat, {"type": "string", "pattern": EXPORT_DAY})
@shaped(
    {
        "type": "string",
        "pattern": DAY_PATTERN,
        "patternErrorMessage": "A full date: YYYY-MM-DD, such as 2022-05-20.",
    }
)
def day(value: Any, path: str, collector: Collector) -> Any:
    """A full date, `YYYY-MM-DD`."""
    parsed = partial_date(value, path, collector)
    if parsed is INVALID:
        return INVALID
    if parsed.day is None:
        collector.add("bad-date-field", path, value=value)
        return INVALID
    return parsed.first_day


@exported(_same, EXPORT_TEXT)
@shaped(
    {
        "type": "string",
        "pattern": r"^https?://[^\s/?#]+([/?#]\S*)?$",
        "patternErrorMessage": "A web address starting with https:// or http://.",
    }
)
def url(value: Any, path: str, collector: Collector) -> Any:
    """An absolute http(s) address."""
    if not isinstance(value, str):
        collector.add(
            "wrong-type", path, found=described(value, path, collector), expected=WEB_ADDRESS
        )
        return INVALID
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:  # e.g. an unclosed IPv6 bracket, 'http://[::1'
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in value.strip())
    ):
        collector.add("bad-url", path, value=value)
        return INVALID
    return value.strip()


WEB_ADDRESS = phrase("fields.web_address")
SLUG = phrase("fields.slug")
"""The file name of an agreement or a page, as a message calls it."""
PARTY_ID = phrase("fields.party_id")
"""The file name of a party, as a message calls it."""


def slug(what: Phrase) -> Reader:
    """A reader for a slug or id: lowercase ASCII letters, digits, single hyphens."""

    @exported(_same, EXPORT_SLUG)
    @shaped(
        {
            "type": "string",
            "pattern": SLUG_PATTERN,
            "maxLength": MAX_LENGTH,
            "patternErrorMessage": f"A {what}: lowercase ASCII letters, digits, single hyphens.",
        }
    )
    def read(value: Any, path: str, collector: Collector) -> Any:
        if not isinstance(value, str):
            expected = phrase("fields.what", what=what)
            collector.add(
                "wrong-type", path, found=described(value, path, collector), expected=expected
            )
            return INVALID
        if len(value) > MAX_LENGTH:
            collector.add(
                "slug-too-long",
                path,
                value=value,
                length=len(value),
                what=what,
                limit=MAX_LENGTH,
                suggestion=suggest_slug(value),
            )
            return INVALID
        if not is_slug(value):
            # A file path (`2017/bo-cong-an-….md`) means that file: suggest its own slug.
            named = PurePosixPath(value.strip()).stem if value.strip().endswith(".md") else value
            suggestion = suggest_slug(named)
            collector.add("bad-slug", path, value=value, what=what, suggestion=suggestion)
            return INVALID
        return value

    return read


def is_safe_file_path(text: str) -> bool:
    """Whether a relative path stays inside its folder: no '..', no root, no drive."""
    pure = PurePosixPath(text)
    return not (
        "\\" in text or pure.is_absolute() or ".." in pure.parts or ":" in text or not pure.parts
    )


@exported(_same, EXPORT_TEXT)
@shaped(
    {
        **json_schema(text),
        "pattern": FILE_PATTERN,
        "patternErrorMessage": "A path relative to content/files/, such as 2022/van-ban.pdf.",
    }
)
def file_path(value: Any, path: str, collector: Collector) -> Any:
    """A path inside content/files/, which cannot climb out of it."""
    checked = text(value, path, collector)
    if checked is INVALID:
        return INVALID
    if not is_safe_file_path(checked):
        collector.add("unsafe-path", path, value=checked)
        return INVALID
    return PurePosixPath(checked).as_posix()


def choice(enum_type: type[enum.StrEnum], words: Mapping[str, str] | None = None) -> Reader:
    """A reader for one value of an enumeration.

    `words` maps other names for a value (Vietnamese terms such as `sơ kết`) to the
    value, so a mistake can be answered with the code to write instead.
    """
    allowed = [member.value for member in enum_type]
    folded = {fold(word): value for word, value in (words or {}).items()}

    @exported(lambda member: member.value, {"type": "string", "enum": allowed})
    @shaped({"type": "string", "enum": allowed})
    def read(value: Any, path: str, collector: Collector) -> Any:
        if isinstance(value, str) and value.strip() in allowed:
            return enum_type(value.strip())
        guess = _nearest_value(value, allowed, folded) if isinstance(value, str) else None
        collector.add(
            "unknown-value",
            path,
            value=_shown(value, path, collector),
            allowed=", ".join(allowed),
            suggestion=phrase("fields.did_you_mean_guess", guess=guess) if guess else "",
        )
        return INVALID

    return read


def _nearest_value(value: str, allowed: list[str], words: Mapping[str, str]) -> str | None:
    key = fold(value)
    if key in words:
        return words[key]
    close = difflib.get_close_matches(value.strip().lower(), allowed, n=1, cutoff=0.75)
    return close[0] if close else None


def list_of(reader: Reader, what: Phrase) -> Reader:
    """A reader for a YAML list whose every item `reader` accepts."""

    item = export_value(reader)

    @exported(lambda values: [item(v) for v in values], exported_list(export_schema(reader)))
    @shaped({"type": "array", "items": json_schema(reader)})
    def read(value: Any, path: str, collector: Collector) -> Any:
        if not isinstance(value, list):
            collector.add(
                "wrong-type",
                path,
                found=described(value, path, collector),
                expected=phrase(
                    "fields.list_what_one_line_each",
                    what=what,
                ),
            )
            return INVALID
        items = [reader(item, f"{path}[{index}]", collector) for index, item in enumerate(value)]
        return INVALID if any(item is INVALID for item in items) else tuple(items)

    return read


@dataclass(frozen=True)
class Column:
    """One CSV column, made from the exported value of a table's entry."""

    name: str
    cell: Callable[[Any], Any] | None = None
    """The exported value → the cell: text or None; for a list column, a list of texts.
    Default: the value itself."""
    listed: bool = False
    """Whether the cell holds a list, one value per line."""
    required: bool = False
    pattern: str | None = None
    enum: tuple[str, ...] = ()
    after: str | None = None
    """The column this one follows, when not the one declared before it."""


@dataclass(frozen=True)
class Shown:
    """Where a record's page, search index and spreadsheet show an entry, beyond the open
    data (JSON, and CSV by `csv=`), which has every exported entry. A number is the entry's
    place among that surface's entries (they are shown in that order, not the table's); the
    words each surface writes are the field's block in the strings (`fields.<record>.<name>`).
    """

    facts: int | None = None
    """A row of the page's facts table, headed by the field's `label`; its cell is the macro
    of its name in `templates/macros/facts.html`, else the value as text. Shown only when
    the record has a value, unless `when_empty` (the cell then says what is missing)."""
    when_empty: bool = False
    page: bool = False
    """Elsewhere on the record's page: its heading, a line or a section of its own (the
    template places it by hand)."""
    json_ld: bool = False
    """In the page's schema.org data (`generator/site/sharing.py` maps it to a property)."""
    search: int | None = None
    """In the search index's text of the record (the title and the parties' names are
    indexed with weights of their own)."""
    spreadsheet: int | None = None
    """In van-ban.csv: one column of its name, or the columns `exports.SPREADSHEET_CELLS`
    makes of it."""

    def anywhere(self) -> bool:
        """Whether any surface shows it."""
        return bool(
            self.facts is not None
            or self.page
            or self.json_ld
            or self.search is not None
            or self.spreadsheet is not None
        )


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, reader and whether it must be present; and
    how the open data gives it."""

    name: str
    reader: Reader
    required: bool = False
    expected: str | Phrase = ""
    """What to write, shown when a required field is missing."""
    exported: bool = True
    """Whether the exported record has it (under its name, after the entries before it)."""
    value: Callable[[Any, Any], Any] | None = None
    """Its exported value, from the whole record and the export context, when that is
    not the reader's export of the value read."""
    schema: JsonSchema | None = None
    """The JSON Schema of the exported value, when not the reader's (null or an empty
    list allowed when the field is optional)."""
    csv: tuple[Column, ...] = ()
    """The CSV columns made from its exported value."""
    shown: Shown = Shown()
    """Where the page, the search index and the spreadsheet show it."""
    hidden: str = ""
    """Why no surface shows it, when none does on purpose (a test holds every entry to
    one or the other)."""


@dataclass(frozen=True)
class Derived:
    """A key of the exported record that no one writes: made from the record and the
    export context (slug, address, status, ...)."""

    name: str
    value: Callable[[Any, Any], Any]
    """The exported value, from the whole record and the export context."""
    schema: JsonSchema
    csv: tuple[Column, ...] = ()
    shown: Shown = Shown()
    hidden: str = ""


Entry = Field | Derived
"""One row of a record's table, in the exported record's order."""


def shown_on(table: Sequence[Entry], surface: str) -> tuple[Entry, ...]:
    """The entries of a table that a surface (`facts`, `search`, `spreadsheet`, `page`,
    `json_ld`) shows, in that surface's order."""
    ranked = [
        (0 if rank is True else rank, index, entry)
        for index, entry in enumerate(table)
        if (rank := getattr(entry.shown, surface)) is not None and rank is not False
    ]
    return tuple(entry for _, _, entry in sorted(ranked, key=lambda item: item[:2]))


def front_matter(table: Sequence[Entry]) -> tuple[Field, ...]:
    """The fields of a table that editors write, in its order."""
    return tuple(entry for entry in table if isinstance(entry, Field))


def _exported(table: Sequence[Entry]) -> list[Entry]:
    return [e for e in table if isinstance(e, Derived) or e.exported]


def exported_names(table: Sequence[Entry]) -> tuple[str, ...]:
    """The keys of a table's exported record, in order."""
    return tuple(entry.name for entry in _exported(table))


def entry_value(entry: Entry, record: Any, context: Any) -> Any:
    """The exported value of one entry of `record`'s table."""
    if entry.value is not None:
        return entry.value(record, context)
    assert isinstance(entry, Field)  # a Derived entry always has its value
    value = getattr(record, entry.name)
    return None if value is None else export_value(entry.reader)(value)


def entry_schema(entry: Entry) -> JsonSchema:
    """The JSON Schema of an entry's exported value."""
    if isinstance(entry, Derived):
        return copy.deepcopy(entry.schema)
    fragment = copy.deepcopy(entry.schema) if entry.schema else export_schema(entry.reader)
    if entry.required or fragment.get("type") == "array":
        return fragment
    return nullable(fragment)


def record_value(table: Sequence[Entry], record: Any, context: Any) -> dict[str, Any]:
    """A record as the open data gives it: every exported key of its table, in order."""
    return {entry.name: entry_value(entry, record, context) for entry in _exported(table)}


def record_schema(table: Sequence[Entry], description: str = "") -> JsonSchema:
    """The JSON Schema of `record_value` for a table."""
    return exported_object(
        {entry.name: entry_schema(entry) for entry in _exported(table)}, description
    )


def csv_columns(table: Sequence[Entry]) -> tuple[tuple[str, Column], ...]:
    """(entry name, column) of every CSV column of a table, in the CSV's order: the
    table's, except that a column with `after` follows the column it names."""
    columns = [(entry.name, column) for entry in _exported(table) for column in entry.csv]
    for moved in [item for item in columns if item[1].after]:
        columns.remove(moved)
        names = [column.name for _, column in columns]
        columns.insert(names.index(str(moved[1].after)) + 1, moved)
    return tuple(columns)


def read_record(
    data: Any, path: str, fields: Sequence[Field], collector: Collector, what: Phrase
) -> dict[str, Any] | None:
    """Check a mapping against a field table; the typed values, or None if any failed."""
    if not isinstance(data, dict):
        collector.add(
            "wrong-type",
            path,
            found=describe(data),
            expected=phrase("fields.what_own_fields", what=what),
        )
        return None
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    ok = True
    for key in data:
        if key not in known:
            child = f"{path}.{key}" if path else key
            collector.add("unknown-field", child, key=key, hint=_field_hint(key, list(known)))
            ok = False
    for spec in fields:
        child = f"{path}.{spec.name}" if path else spec.name
        value = data.get(spec.name)
        if value is None or value == "" or value == []:
            if spec.required:
                line = collector.line_of(child) if spec.name in data else collector.line_of(path)
                collector.add("missing-field", child, line=line or 1, expected=spec.expected)
                ok = False
            continue
        checked = spec.reader(value, child, collector)
        if checked is INVALID:
            ok = False
        else:
            values[spec.name] = checked
    return values if ok else None


def nested(
    fields: Sequence[Field],
    what: Phrase,
    build: Callable[..., Any],
    description: str = "",
    model: Any = None,
) -> Reader:
    """A reader for a group of fields, turned into an object by `build(**values)`.

    The open data gives the object with every exported field (`description` says what
    it is in the published schema). The fields' descriptions come from the dataclass
    `model` (default: `build` itself).
    """
    if any(spec.value is not None or spec.schema is not None for spec in fields):
        raise TypeError("a nested field exports as its reader does (no context to use)")

    @exported(lambda value: record_value(fields, value, None), record_schema(fields, description))
    @shaped(object_schema(fields, model or build))
    def read(value: Any, path: str, collector: Collector) -> Any:
        values = read_record(value, path, fields, collector, what)
        return INVALID if values is None else build(**values)

    return read


def object_schema(fields: Sequence[Field], model: Any = None) -> JsonSchema:
    """The JSON Schema of a field table; descriptions from the docs of `model`'s fields."""
    docs = {}
    if dataclasses.is_dataclass(model):
        docs = {item.name: item.metadata.get("doc") for item in dataclasses.fields(model)}
    properties = {}
    for spec in fields:
        fragment = json_schema(spec.reader)
        if not spec.required:
            fragment = {"anyOf": [fragment, copy.deepcopy(EMPTY)]}
        if docs.get(spec.name):
            fragment["description"] = docs[spec.name]
        properties[spec.name] = fragment
    schema: JsonSchema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [spec.name for spec in fields if spec.required]
    if required:
        schema["required"] = required
    return schema


def _field_hint(key: str, known: list[str]) -> Phrase:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return phrase("fields.did_you_mean_close", close=close[0])
    return phrase(
        "fields.one_known_fields_known",
        known=", ".join(known),
    )


def _shown(value: Any, path: str = "", collector: Collector | None = None) -> str | Phrase:
    if isinstance(value, str):
        return value
    return describe(value) if collector is None else described(value, path, collector)


def described(value: Any, path: str, collector: Collector) -> Phrase:
    """`describe`, quoting the value as the file writes it."""
    return describe(value, collector.written.get(path))
