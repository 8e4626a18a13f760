"""Typed readers for front-matter values, each reporting its own mistakes.

A reader takes a plain value, the field path it was found at and a collector; it
returns the typed value, or `INVALID` after recording why. `read_record` applies a
table of fields to a mapping, so every file is checked field by field in one pass.
Each reader also carries the JSON Schema of what it accepts (`json_schema`), from
which the editors' schema is generated, so the two cannot drift apart.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from generator.dates import (
    MAPPING_KEYS,
    DateFormError,
    DateShapeError,
    Inferred,
    MissingReason,
    PartialDate,
    parse_mapping,
    parse_scalar,
)
from generator.diagnostics import Collector, excerpt, quoted
from generator.slugs import MAX_LENGTH, is_slug, suggest_slug
from generator.vietnamese import fold


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


def describe(value: Any) -> str:
    """How a wrong value looks to an editor: `a list`, `the number 2022`, ..."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {excerpt(str(value))}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"the text {quoted(str(value))}"


@shaped({"type": "string", "pattern": r"\S", "patternErrorMessage": "Write some text."})
def text(value: Any, path: str, collector: Collector) -> Any:
    """Non-empty text, stripped."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str) or value is None:
        collector.add("empty-value", path, expected="some text")
    else:
        collector.add("wrong-type", path, found=describe(value), expected="text")
    return INVALID


@shaped({"type": "boolean"})
def boolean(value: Any, path: str, collector: Collector) -> Any:
    """`true` or `false`."""
    if isinstance(value, bool):
        return value
    collector.add("wrong-type", path, found=describe(value), expected="true or false")
    return INVALID


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
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        collector.add("bad-date", path, value=_shown(value))
        return INVALID
    try:
        return PartialDate.parse(value)
    except DateFormError:
        collector.add("bad-date", path, value=value)
    except ValueError as error:
        collector.add("impossible-date", path, value=value, reason=str(error))
    return INVALID


_CALENDAR_DATE: JsonSchema = {
    "type": ["string", "integer"],
    "pattern": DATE_PATTERN,
    "minimum": 1000,
    "maximum": 9999,
}
_SCALAR_DATE: JsonSchema = {
    "type": ["string", "integer"],
    "pattern": r"^((?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
    r"|[Xx]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|unknown|[Cc]hưa rõ|[Kk]hông rõ)$",
    "minimum": 1000,
    "maximum": 9999,
    "patternErrorMessage": "A date: YYYY-MM-DD, YYYY-MM or YYYY; XXXX-MM-DD when only the "
    "year is unknown; or unknown.",
}


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
                    "reason": {"type": "string", "minLength": 1},
                },
                "additionalProperties": False,
            },
        ]
    }
)
def record_date(value: Any, path: str, collector: Collector) -> Any:
    """A date in a record, as written or with how it is known (see `generator.dates`)."""
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
            collector.add("bad-date-shape", where, problem=str(error))
        return INVALID
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        collector.add("bad-date", path, value=_shown(value))
        return INVALID
    try:
        return parse_scalar(value)
    except DateFormError:
        collector.add("bad-date", path, value=value)
    except ValueError as error:
        collector.add("impossible-date", path, value=value, reason=str(error))
    return INVALID


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
        collector.add("wrong-type", path, found=describe(value), expected="a web address")
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


def slug(what: str) -> Reader:
    """A reader for a slug or id: lowercase ASCII letters, digits, single hyphens."""

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
            collector.add("wrong-type", path, found=describe(value), expected=f"a {what}")
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
            collector.add("bad-slug", path, value=value, what=what, suggestion=suggest_slug(value))
            return INVALID
        return value

    return read


def is_safe_file_path(text: str) -> bool:
    """Whether a relative path stays inside its folder: no '..', no root, no drive."""
    pure = PurePosixPath(text)
    return not (
        "\\" in text or pure.is_absolute() or ".." in pure.parts or ":" in text or not pure.parts
    )


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

    @shaped({"type": "string", "enum": allowed})
    def read(value: Any, path: str, collector: Collector) -> Any:
        if isinstance(value, str) and value.strip() in allowed:
            return enum_type(value.strip())
        guess = _nearest_value(value, allowed, folded) if isinstance(value, str) else None
        collector.add(
            "unknown-value",
            path,
            value=_shown(value),
            allowed=", ".join(allowed),
            suggestion=f"; did you mean '{guess}'?" if guess else "",
        )
        return INVALID

    return read


def _nearest_value(value: str, allowed: list[str], words: Mapping[str, str]) -> str | None:
    key = fold(value)
    if key in words:
        return words[key]
    close = difflib.get_close_matches(value.strip().lower(), allowed, n=1, cutoff=0.75)
    return close[0] if close else None


def list_of(reader: Reader, what: str) -> Reader:
    """A reader for a YAML list whose every item `reader` accepts."""

    @shaped({"type": "array", "items": json_schema(reader)})
    def read(value: Any, path: str, collector: Collector) -> Any:
        if not isinstance(value, list):
            collector.add(
                "wrong-type",
                path,
                found=describe(value),
                expected=f"a list of {what}, one '- ' line each",
            )
            return INVALID
        items = [reader(item, f"{path}[{index}]", collector) for index, item in enumerate(value)]
        return INVALID if any(item is INVALID for item in items) else tuple(items)

    return read


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, reader and whether it must be present."""

    name: str
    reader: Reader
    required: bool = False
    expected: str = ""
    """What to write, shown when a required field is missing."""


def read_record(
    data: Any, path: str, fields: Sequence[Field], collector: Collector, what: str
) -> dict[str, Any] | None:
    """Check a mapping against a field table; the typed values, or None if any failed."""
    if not isinstance(data, dict):
        collector.add(
            "wrong-type", path, found=describe(data), expected=f"{what} with its own fields"
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


def nested(fields: Sequence[Field], what: str, build: Callable[..., Any]) -> Reader:
    """A reader for a group of fields, turned into an object by `build(**values)`."""

    @shaped(object_schema(fields, build))
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


def _field_hint(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"one of the known fields: {', '.join(known)}"


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else describe(value)
