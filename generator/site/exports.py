"""Open data, made from the model (never scraped from HTML): each agreement's and each
party's record, the CSV and the spreadsheet; and how the other exports (`feeds`,
`search_text`, `sharing`, `listing`) write addresses and dates.

Every record keeps every key (null or an empty list when a field is not given), so the
JSON, the CSV and the schemas describe one stable shape. The records and the CSV's
columns follow the agreement and party tables of `schema`, entry by entry. The
spreadsheet holds a selection of the CSV's columns for people, in the interface's words.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from generator.content import fields as f
from generator.content.register import STATUS_LISTS, Register
from generator.content.schema import AGREEMENT_TABLE, PARTY_TABLE, ExportContext
from generator.content.timing import Standing
from generator.content.topics import TOPIC_TABLE
from generator.core.context import Context
from generator.core.dates import Certainty, PartialDate, RecordDate
from generator.core.interface import column_words
from generator.core.model import Agreement, Event, Party, Period
from generator.core.urls import Urls
from generator.site.markup import summary

LIST_SEPARATOR = "\n"
"""How a CSV cell holds a list: one value per line (RFC 4180 allows line breaks in quotes)."""


def iso_date(value: PartialDate | dt.date | None) -> str | None:
    return (
        None
        if value is None
        else str(value)
        if isinstance(value, PartialDate)
        else value.isoformat()
    )


def address(urls: Urls, route: str, *args: object) -> str:
    """A full address when the base URL has a host, else a root-relative link."""
    return urls.origin + urls.url_for(route, *args)


@dataclass(frozen=True)
class _Exported:
    """The register and addresses, as the field tables' exported values ask for them."""

    register: Register
    urls: Urls

    def address(self, route: str, *args: str) -> str:
        return address(self.urls, route, *args)

    def party_name(self, party_id: str) -> str:
        return self.register.parties[party_id].name

    def status(self, slug: str) -> str:
        return self.register.statuses[slug].value

    def status_certainty(self, slug: str) -> str:
        return "certain" if self.register.standings[slug].sure else "possible"

    def as_of(self) -> str:
        return self.register.as_of.isoformat()

    def unreported_reviews(self, agreement: Agreement) -> list[dict[str, Any]]:
        return [
            {"kind": review.kind.value, "year": review.year}
            for review in self.register.unreported_reviews(agreement)
        ]

    def summary(self, agreement: Agreement) -> str:
        return summary(agreement)

    def backlinks(self, slug: str) -> list[tuple[str, str, str | None, str | None]]:
        return [
            (b.rel, b.slug, b.certainty and b.certainty.value, b.reason)
            for b in self.register.backlinks.get(slug, ())
        ]

    def last_updated(self, agreement: Agreement) -> str | None:
        return iso_date(self.register.last_updated(agreement))

    def history(self, agreement: Agreement) -> list[dict[str, Any]] | None:
        found = self.register.history(agreement)
        if found is None:
            return None
        return [
            {
                "date": revision.day.isoformat(),
                "commit": revision.commit,
                "changes": [
                    {"change": change.kind.value, "field": change.field}
                    for change in revision.changes
                ],
            }
            for revision in found
        ]

    def shared_events(self, slug: str) -> list[tuple[str, Event]]:
        return list(self.register.shared_events.get(slug, ()))

    def agreements_of(self, party_id: str) -> list[str]:
        return list(self.register.by_party.get(party_id, ()))

    def topics(self, agreement: Agreement) -> list[tuple[str, str]]:
        names = self.register.topics.labels
        return [(key, names[key]) for key in self.register.topics.of(agreement)]

    def topic_agreements(self, key: str) -> list[str]:
        return list(self.register.by_topic.get(key, ()))


def _exported(register: Register, context: Context) -> ExportContext:
    return _Exported(register, context.urls)


export_context = _exported
"""What the register answers an exported record (`ExportContext`)."""


OF_AGREEMENT = ("unreported_reviews", "summary", "last_updated", "history", "topics")
"""The look-ups of `ExportContext` that take an agreement (named by its slug when tracked)."""
OF_NAMES = (
    "address",
    "party_name",
    "status",
    "status_certainty",
    "as_of",
    "backlinks",
    "shared_events",
    "agreements_of",
    "topic_agreements",
)
"""The look-ups of `ExportContext` whose arguments are names (slugs, ids, routes)."""


class Tracked:
    """An `ExportContext` whose every look-up is made through `track` (a build records
    what each agreement's record asked of the register, and a later build answers the
    same again: a record whose answers are the same is the file the last build wrote).
    The look-ups are those of `current()`, the register the build renders now."""

    def __init__(
        self,
        current: Callable[[], ExportContext],
        track: Callable[..., Callable[..., Any]],
        by_agreement: Mapping[str, Callable[..., Any]],
    ) -> None:
        """`by_agreement` holds the `encode` and `decode` that name an agreement passed
        to a look-up (`Lookups.track`)."""
        self._calls: dict[str, Callable[..., Any]] = {}
        for name in (*OF_NAMES, *OF_AGREEMENT):
            options = by_agreement if name in OF_AGREEMENT else {}
            self._calls[name] = track(f"export.{name}", _delegate(current, name), **options)

    def address(self, route: str, *args: str) -> str:
        return str(self._calls["address"](route, *args))

    def party_name(self, party_id: str) -> str:
        return str(self._calls["party_name"](party_id))

    def status(self, slug: str) -> str:
        return str(self._calls["status"](slug))

    def status_certainty(self, slug: str) -> str:
        return str(self._calls["status_certainty"](slug))

    def as_of(self) -> str:
        return str(self._calls["as_of"]())

    def unreported_reviews(self, agreement: Agreement) -> list[dict[str, Any]]:
        return list(self._calls["unreported_reviews"](agreement))

    def summary(self, agreement: Agreement) -> str:
        return str(self._calls["summary"](agreement))

    def backlinks(self, slug: str) -> list[tuple[str, str, str | None, str | None]]:
        return list(self._calls["backlinks"](slug))

    def last_updated(self, agreement: Agreement) -> str | None:
        found = self._calls["last_updated"](agreement)
        return None if found is None else str(found)

    def history(self, agreement: Agreement) -> list[dict[str, Any]] | None:
        found = self._calls["history"](agreement)
        return None if found is None else list(found)

    def shared_events(self, slug: str) -> list[tuple[str, Event]]:
        return list(self._calls["shared_events"](slug))

    def agreements_of(self, party_id: str) -> list[str]:
        return list(self._calls["agreements_of"](party_id))

    def topics(self, agreement: Agreement) -> list[tuple[str, str]]:
        return list(self._calls["topics"](agreement))

    def topic_agreements(self, key: str) -> list[str]:
        return list(self._calls["topic_agreements"](key))


def _delegate(current: Callable[[], ExportContext], name: str) -> Callable[..., Any]:
    """Look-up `name` of the context `current()` gives when it is called."""

    def call(*args: Any) -> Any:
        return getattr(current(), name)(*args)

    return call


def agreement_json(
    register: Register, context: Context, agreement: Agreement, looked_up: ExportContext
) -> str:
    """One agreement's record as its JSON file holds it (the look-ups made through
    `looked_up`: a `Tracked` one records them)."""
    return to_json(f.record_value(AGREEMENT_TABLE, agreement, looked_up))


AGREEMENT_KEYS = f.exported_names(AGREEMENT_TABLE)
"""The keys of an agreement's record, in order."""

PARTY_KEYS = f.exported_names(PARTY_TABLE)
"""The keys of a party's record, in order."""


def agreement_record(register: Register, context: Context, agreement: Agreement) -> dict[str, Any]:
    """One agreement as published in /data/ and at /agreements/<slug>.json."""
    return f.record_value(AGREEMENT_TABLE, agreement, _exported(register, context))


def party_record(register: Register, context: Context, party: Party) -> dict[str, Any]:
    """One party as published in /data/parties.json."""
    return f.record_value(PARTY_TABLE, party, _exported(register, context))


def status_label(strings: Mapping[str, Any], standing: Standing) -> str:
    """A status as the site names it ("Đã hết hạn"), or as possible ("Có thể đã hết hạn")
    when the dates leave other statuses open too."""
    return str(strings["statuses" if standing.sure else "statuses_maybe"][standing.status])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def status_list_name(strings: Mapping[str, Any], name: str, maybe: bool = False) -> str:
    """A status list's name made of its statuses' labels, so that a tag and the list it
    links to say the same words ("Đã hết hạn hoặc đã chấm dứt"); `maybe`, the name of
    the part it may hold ("Có thể đã hết hạn hoặc đã chấm dứt")."""
    words = strings["status_pages"]
    own = words["lists"][name].get("name")
    if own:
        sure = str(own)
    else:
        labels = [str(strings["statuses"][status]) for status in STATUS_LISTS[name]]
        sure = labels[0]
        for label in labels[1:]:
            sure = words["either"].format(first=sure, second=_lower_first(label))
    return words["maybe_of"].format(name=_lower_first(sure)) if maybe else sure


TOPIC_KEYS = f.exported_names(TOPIC_TABLE)
"""The keys of a topic's record in /data/topics.json, in order."""


def topic_records(register: Register, context: Context) -> list[dict[str, Any]]:
    """The topic vocabulary as published in /data/topics.json, in the file's order."""
    exported = _exported(register, context)
    return [
        f.record_value(TOPIC_TABLE, topic, exported)
        for topic in register.topics.vocabulary.topics.values()
    ]


def stated_date(value: RecordDate | None) -> str | None:
    """A date as a plain ISO 8601 value, only when the record states it."""
    if value is None or value.date is None or value.certainty is not Certainty.STATED:
        return None
    return str(value.date)


def anchor_date(value: RecordDate) -> PartialDate | None:
    """The calendar date a record sorts at: the date given, else a bound."""
    return value.date or value.before or value.not_after or value.after or value.not_before


def _joined(values: Iterable[str | None]) -> str:
    return LIST_SEPARATOR.join(v for v in values if v)


def _column(entry: str, column: f.Column) -> Callable[[dict[str, Any]], str]:
    """A column's cell from the whole record: from its entry's value, a list's lines joined."""

    def cell(record: dict[str, Any]) -> str:
        value = record[entry]
        got = value if column.cell is None else column.cell(value)
        if column.listed:
            return _joined(got)
        return "" if got is None else str(got)

    return cell


CSV_FIELDS: tuple[f.Column, ...] = tuple(c for _, c in f.csv_columns(AGREEMENT_TABLE))
"""The CSV's columns, in order, as the agreement table declares them."""

CSV_COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = tuple(
    (column.name, _column(entry, column)) for entry, column in f.csv_columns(AGREEMENT_TABLE)
)
"""The CSV's columns, in order, each made from the JSON record."""

LIST_COLUMNS = frozenset(column.name for column in CSV_FIELDS if column.listed)
"""Columns that hold a list, one value per line."""


FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
"""Characters that make a spreadsheet read a cell as a formula (OWASP's CSV Injection list,
with the full-width ＝＋－＠ that some spreadsheets also accept)."""

_FORMULA = re.compile(f"'*[{re.escape(FORMULA_STARTS)}]")


def inert(value: str) -> str:
    """A cell value no spreadsheet runs: a leading ' before a formula character.

    Values that already start with quote marks before one get one more, so that removing
    one ' from any value matching `'+[=+-@...]` gives back exactly the original.
    """
    return "'" + value if _FORMULA.match(value) else value


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    """Column → cell of one agreement's CSV row, each cell (each line of a list) inert."""
    row = {}
    for name, column in CSV_COLUMNS:
        value = column(record)
        # A spreadsheet may split a list cell's lines into cells of their own.
        lines = value.split(LIST_SEPARATOR) if name in LIST_COLUMNS else [value]
        row[name] = LIST_SEPARATOR.join(inert(line) for line in lines)
    return row


class AgreementsCsv:
    """/data/agreements.csv written row by row to `out` (never held whole): RFC 4180 CSV
    (CRLF line ends, quotes doubled), one row per agreement, no formulas."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")
        self._writer.writerow(name for name, _ in CSV_COLUMNS)

    def add(self, record: dict[str, Any]) -> None:
        """The row of one agreement's record."""
        self._writer.writerow(csv_row(record).values())


# The spreadsheet: the same rows for people ------------------------------------

SPREADSHEET_FILE = "van-ban.csv"
"""The spreadsheet's name under /data/: "văn bản", the site's word for the agreements."""

BOM = "\ufeff"
"""The byte-order mark: how Excel knows a CSV is UTF-8 and not the computer's code page."""

NAME_SEPARATOR = "; "
"""How the spreadsheet's cell of several values (parties, provinces, topics) separates them."""

SHEETED = f.shown_on(AGREEMENT_TABLE, "spreadsheet")
"""The fields the spreadsheet shows, in its order."""

ISO_COLUMNS: Mapping[str, tuple[str, str]] = {
    "signed": ("signed_earliest", "signed_latest"),
    "period_start": ("period_start_earliest", "period_start_latest"),
    "period_end": ("period_end_earliest", "period_end_latest"),
}
"""Each readable date column → its columns of the earliest and latest possible day, equal
for a known day, the first and last day of a year or month given alone, the bounds of a
bounded date; empty when unknown or unbounded on that side."""

COLUMNS_OF: Mapping[str, tuple[str, ...]] = {
    "parties": ("party_names", "provinces"),
    "signed": ("signed", *ISO_COLUMNS["signed"]),
    "period": tuple(
        column for name in ("period_start", "period_end") for column in (name, *ISO_COLUMNS[name])
    ),
}
"""The spreadsheet's columns of a field that makes more than the one named as it: a date's
readable column is followed by its earliest and latest day."""

SPREADSHEET_COLUMNS = tuple(
    column for entry in SHEETED for column in COLUMNS_OF.get(entry.name, (entry.name,))
)
"""The spreadsheet's columns, in order (each field's strings block gives their headers): the
readable ones in the site's words, each date beside the earliest and latest day it can be
as YYYY-MM-DD (`ISO_COLUMNS`), so that a spreadsheet sorts and filters by them."""

DATE_COLUMNS = frozenset(
    {"status_as_of", *(name for pair in ISO_COLUMNS.values() for name in pair)}
)
"""The spreadsheet's columns that hold a YYYY-MM-DD day, or nothing."""

_BARE_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
"""A day as the site writes it, alone in a cell: a spreadsheet would read it as a date in
its own locale's order (12/9/2017 becomes 9 December in a US Excel)."""


class Speaker(Protocol):
    """What the spreadsheet needs from the interface: its strings and how it writes dates."""

    @property
    def strings(self) -> Mapping[str, Any]: ...

    def date(self, value: PartialDate | RecordDate | None) -> str: ...

    def derived_end(self, value: Period) -> str: ...

    def party_label(self, party_id: str, short: bool = False) -> str: ...


def _readable(speaker: Speaker, shown: str) -> str:
    """A date cell in words that no spreadsheet takes for a date: a bare day gets "ngày"."""
    if _BARE_DAY.fullmatch(shown):
        return str(speaker.strings["dates"]["on_day"]).format(date=shown)
    return shown


def _period_end(speaker: Speaker, period: Period | None) -> str:
    """The term's end as the site writes it, with how it was worked out when derived."""
    if period is not None and period.indefinite:
        return str(speaker.strings["dates"]["indefinite"])
    if period is None or period.end is None:
        return ""
    shown = _readable(speaker, speaker.date(period.end))
    return f"{shown}, {speaker.derived_end(period)}" if period.derived else shown


def _days(value: RecordDate | None) -> tuple[str, str]:
    """The earliest and latest day a date can be, YYYY-MM-DD, or '' for an open side."""
    if value is None:
        return "", ""
    earliest, latest = value.earliest, value.latest
    return (
        earliest.isoformat() if earliest else "",
        latest.isoformat() if latest else "",
    )


@dataclass(frozen=True)
class _Row:
    """What one agreement's row of the spreadsheet is made from."""

    register: Register
    urls: Urls
    speaker: Speaker
    agreement: Agreement
    provinces: Sequence[str]


def _dates(name: str, value: RecordDate | None, shown: str) -> dict[str, list[str]]:
    """A date's readable column and its columns of the earliest and latest day it can be."""
    earliest, latest = ISO_COLUMNS[name]
    first, last = _days(value)
    return {name: [shown], earliest: [first], latest: [last]}


def _period_cells(row: _Row) -> dict[str, list[str]]:
    speaker, period = row.speaker, row.agreement.period
    start = period.start if period else None
    end = None if period is None or period.indefinite else period.end
    shown = _readable(speaker, speaker.date(start)) if start else ""
    return {
        **_dates("period_start", start, shown),
        **_dates("period_end", end, _period_end(speaker, period)),
    }


SPREADSHEET_CELLS: Mapping[str, Callable[[_Row], dict[str, list[str]]]] = {
    "kind": lambda row: {"kind": [row.speaker.strings["kinds"][row.agreement.kind]]},
    "parties": lambda row: {
        "party_names": [row.register.parties[p].name for p in row.agreement.parties],
        "provinces": list(row.provinces),
    },
    "topics": lambda row: {
        "topics": [row.register.topic_names[k] for k in row.register.topics.of(row.agreement)]
    },
    "signed": lambda row: _dates(
        "signed",
        row.agreement.signed,
        _readable(row.speaker, row.speaker.date(row.agreement.signed)),
    ),
    "period": _period_cells,
    "status": lambda row: {
        "status": [status_label(row.speaker.strings, row.register.standings[row.agreement.slug])]
    },
    "status_as_of": lambda row: {"status_as_of": [row.register.as_of.isoformat()]},
    "url": lambda row: {"url": [address(row.urls, "agreement", row.agreement.slug)]},
}
"""Column → values of the cells of each field the spreadsheet shows as the site shows it
rather than as written (a field without a maker here: one column, its text)."""


def _spreadsheet_cells(row: _Row) -> dict[str, list[str]]:
    """Column → the values of one agreement's cells, as the site shows them, and its dates
    as the days they can be."""
    cells: dict[str, list[str]] = {}
    for entry in SHEETED:
        maker = SPREADSHEET_CELLS.get(entry.name)
        if maker is None:
            cells[entry.name] = [getattr(row.agreement, entry.name) or ""]
        else:
            cells.update(maker(row))
    return cells


def write_spreadsheet(
    out: TextIO,
    register: Register,
    context: Context,
    speaker: Speaker,
    places: Sequence[Place] = (),
) -> dict[str, str]:
    """Write, row by row, the register for a spreadsheet opened by a double-click: UTF-8
    with a byte-order mark, RFC 4180, the interface's headers and words, each value (each
    party's name) inert; the provinces are those of the province pages (`places`) that
    list the agreement. Returns the first row, header → cell (empty without agreements)."""
    headers = column_words(speaker.strings, "agreement", "spreadsheet")
    provinces: dict[str, list[str]] = {slug: [] for slug in register.agreements}
    for place in places:
        for listed in place.agreements:
            provinces[listed.slug].append(place.name)
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    names = [headers[name]["header"] for name in SPREADSHEET_COLUMNS]
    writer.writerow(names)
    first: dict[str, str] | None = None
    for agreement in register.agreements.values():
        cells = _spreadsheet_cells(
            _Row(register, context.urls, speaker, agreement, provinces[agreement.slug])
        )
        row = [
            NAME_SEPARATOR.join(inert(value) for value in cells[name])
            for name in SPREADSHEET_COLUMNS
        ]
        writer.writerow(row)
        if first is None:
            first = dict(zip(names, row, strict=True))
    return first or {}


def to_json(value: Any) -> str:
    """Stable, readable JSON: UTF-8 text, keys in record order, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


class JsonArray:
    """`to_json` of a list written item by item to `out` (never held whole), from
    `to_json` of each item: the same text, without encoding every record twice (each has
    a file of its own too). `close` ends it."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._items = 0

    def add(self, item: str) -> None:
        """One item, as `to_json` wrote it."""
        self._out.write(",\n" if self._items else "[\n")
        self._out.write(textwrap.indent(item.rstrip("\n"), "  "))
        self._items += 1

    def close(self) -> None:
        self._out.write("\n]\n" if self._items else to_json([]))


class Place(Protocol):
    """What a province page offers the search index (pages.ProvincePage)."""

    @property
    def name(self) -> str: ...
    @property
    def full(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def merged_from(self) -> tuple[str, ...]: ...
    @property
    def agreements(self) -> tuple[Agreement, ...]: ...
