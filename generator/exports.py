"""Open data, feeds and search documents, made from the model (never scraped from HTML).

Every record keeps every key (null or an empty list when a field is not given), so the
JSON, the CSV and the schemas describe one stable shape. The records and the CSV's
columns follow the agreement and party tables of `schema`, entry by entry. The
spreadsheet holds a selection of the CSV's columns for people, in the interface's words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from generator import fields as f
from generator.collation import sort_key
from generator.context import Context
from generator.dates import Certainty, PartialDate, Precision, RecordDate
from generator.markup import summary
from generator.model import Agreement, Event, Party, Period, Status
from generator.register import STATUS_LISTS, Register, status_list
from generator.schema import AGREEMENT_TABLE, PARTY_TABLE, ExportContext
from generator.urls import Urls, path_for
from generator.vietnamese import fold, spelled

LIST_SEPARATOR = "\n"
"""How a CSV cell holds a list: one value per line (RFC 4180 allows line breaks in quotes)."""

FEED_SIZE = 50
"""Entries in a feed: the most recently changed agreements."""


def _date(value: PartialDate | dt.date | None) -> str | None:
    return (
        None
        if value is None
        else str(value)
        if isinstance(value, PartialDate)
        else value.isoformat()
    )


def _address(urls: Urls, route: str, *args: object) -> str:
    """A full address when the base URL has a host, else a root-relative link."""
    return urls.origin + urls.url_for(route, *args)


@dataclass(frozen=True)
class _Exported:
    """The register and addresses, as the field tables' exported values ask for them."""

    register: Register
    urls: Urls

    def address(self, route: str, *args: str) -> str:
        return _address(self.urls, route, *args)

    def party_name(self, party_id: str) -> str:
        return self.register.parties[party_id].name

    def status(self, slug: str) -> str:
        return self.register.statuses[slug].value

    def as_of(self) -> str:
        return self.register.as_of.isoformat()

    def summary(self, agreement: Agreement) -> str:
        return summary(agreement)

    def backlinks(self, slug: str) -> list[tuple[str, str]]:
        return [(b.rel, b.slug) for b in self.register.backlinks.get(slug, ())]

    def last_updated(self, agreement: Agreement) -> str | None:
        return _date(self.register.last_updated(agreement))

    def shared_events(self, slug: str) -> list[tuple[str, Event]]:
        return list(self.register.shared_events.get(slug, ()))

    def agreements_of(self, party_id: str) -> list[str]:
        return list(self.register.by_party.get(party_id, ()))


def _exported(register: Register, context: Context) -> ExportContext:
    return _Exported(register, context.urls)


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


def _stated(value: RecordDate | None) -> str | None:
    """A date as a plain ISO 8601 value, only when the record states it."""
    if value is None or value.date is None or value.certainty is not Certainty.STATED:
        return None
    return str(value.date)


def _anchor(value: RecordDate) -> PartialDate | None:
    """The calendar date a record sorts at: the date given, else a bound."""
    return value.date or value.before or value.after


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


def agreements_csv(records: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends, quotes doubled), one row per agreement, no formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(name for name, _ in CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_row(record).values())
    return out.getvalue()


# The spreadsheet: the same rows for people ------------------------------------

SPREADSHEET_FILE = "van-ban.csv"
"""The spreadsheet's name under /data/: "văn bản", the site's word for the agreements."""

BOM = "\ufeff"
"""The byte-order mark: how Excel knows a CSV is UTF-8 and not the computer's code page."""

NAME_SEPARATOR = "; "
"""How the spreadsheet's cell of party names separates them."""

SPREADSHEET_COLUMNS = (
    "title",
    "number",
    "kind",
    "party_names",
    "signed",
    "period_start",
    "period_end",
    "status",
    "status_as_of",
    "url",
)
"""The spreadsheet's columns, in order: a selection of the CSV's, under the same names
(the interface's strings give their headers; the values are the site's words)."""


class Speaker(Protocol):
    """What the spreadsheet needs from the interface: its strings and how it writes dates."""

    @property
    def strings(self) -> Mapping[str, Any]: ...

    def date(self, value: PartialDate | RecordDate | None) -> str: ...

    def derived_end(self, value: Period) -> str: ...


def _period_end(speaker: Speaker, period: Period | None) -> str:
    """The term's end as the site writes it, with how it was worked out when derived."""
    if period is None or period.end is None:
        return ""
    shown = speaker.date(period.end)
    return f"{shown}, {speaker.derived_end(period)}" if period.derived else shown


def _spreadsheet_cells(
    register: Register, urls: Urls, speaker: Speaker, agreement: Agreement
) -> dict[str, list[str]]:
    """Column → the values of one agreement's cell, as the site shows them."""
    words = speaker.strings
    period = agreement.period
    as_of = PartialDate(register.as_of.year, register.as_of.month, register.as_of.day)
    return {
        "title": [agreement.title],
        "number": [agreement.number or ""],
        "kind": [words["kinds"][agreement.kind]],
        "party_names": [register.parties[p].name for p in agreement.parties],
        "signed": [speaker.date(agreement.signed)],
        "period_start": [speaker.date(period.start) if period else ""],
        "period_end": [_period_end(speaker, period)],
        "status": [words["statuses"][register.statuses[agreement.slug]]],
        "status_as_of": [speaker.date(as_of)],
        "url": [_address(urls, "agreement", agreement.slug)],
    }


def spreadsheet_csv(register: Register, context: Context, speaker: Speaker) -> str:
    """The register for a spreadsheet opened by a double-click: UTF-8 with a byte-order mark,
    RFC 4180, the interface's headers and words, each value (each party's name) inert."""
    headers = speaker.strings["data"]["spreadsheet"]["columns"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers[name] for name in SPREADSHEET_COLUMNS)
    for agreement in register.agreements.values():
        cells = _spreadsheet_cells(register, context.urls, speaker, agreement)
        writer.writerow(
            NAME_SEPARATOR.join(inert(value) for value in cells[name])
            for name in SPREADSHEET_COLUMNS
        )
    return BOM + out.getvalue()


def to_json(value: Any) -> str:
    """Stable, readable JSON: UTF-8 text, keys in record order, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_array(items: Sequence[str]) -> str:
    """`to_json` of a list, made from `to_json` of each item: the same text, without
    encoding every record twice (each has a file of its own too)."""
    if not items:
        return to_json([])
    inner = ",\n".join(textwrap.indent(item.rstrip("\n"), "  ") for item in items)
    return f"[\n{inner}\n]\n"


# Feeds -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedCategory:
    """An entry's kind or topic: `term` for programs, `label` for people."""

    term: str
    """The kind's code (`program`), or the topic as written."""
    label: str
    """The words a reader sees: the kind's name in the interface's language, or the topic."""


@dataclass(frozen=True)
class FeedEntry:
    """One agreement in an Atom feed."""

    id: str
    """Permanent entry id: the agreement's address, or a UUID made from its slug."""
    title: str
    link: str
    updated: str
    """RFC 3339 time of the record's last change (midnight UTC of that day)."""
    published: str
    """RFC 3339 time of the signing, or empty unless the record states its day."""
    summary: str
    categories: tuple[FeedCategory, ...]


def _timestamp(value: PartialDate) -> str:
    return value.first_day.isoformat() + "T00:00:00Z"


def permanent_id(urls: Urls, path: str) -> str:
    """An id that never changes for a page or feed: its full address when the site has a
    host, else a UUID made from its path."""
    if urls.origin:
        return urls.origin + urls.link(path)
    return uuid.uuid5(uuid.NAMESPACE_URL, "agreements-register:" + path).urn


def feed_entries(
    register: Register,
    context: Context,
    slugs: Iterable[str],
    kinds: Mapping[str, str] | None = None,
) -> list[FeedEntry]:
    """The most recently changed agreements among `slugs`, newest first.

    An entry's `updated` is the record's last change, or the register's as-of date for a
    record with no known date at all (Atom requires one); `published` is given only for a
    signing date stated to the day, so that no feed claims more than the record knows.
    Its categories are its kind, labelled with `kinds` (code → name; the code when absent),
    and its topics. No status: it changes with the as-of date, and the feeds must not.
    """
    names = kinds or {}
    urls = context.urls
    agreements = [register.agreements[slug] for slug in slugs]
    as_of = PartialDate(register.as_of.year, register.as_of.month, register.as_of.day)

    def changed(agreement: Agreement) -> PartialDate:
        return register.last_updated(agreement) or as_of

    newest = sorted(agreements, key=lambda a: (changed(a).sort_key, a.slug), reverse=True)
    return [
        FeedEntry(
            id=permanent_id(urls, path_for("agreement", a.slug)),
            title=a.title,
            link=_address(urls, "agreement", a.slug),
            updated=_timestamp(changed(a)),
            published=_timestamp(a.signed.date)
            if a.signed.certainty is Certainty.STATED
            and a.signed.date is not None
            and a.signed.date.precision is Precision.DAY
            else "",
            summary=summary(a),
            categories=(
                FeedCategory(a.kind.value, names.get(a.kind.value, a.kind.value)),
                *(FeedCategory(topic, topic) for topic in a.topics),
            ),
        )
        for a in newest[:FEED_SIZE]
    ]


@dataclass(frozen=True)
class Feed:
    """One Atom feed: the register's, or a party's."""

    path: str
    id: str
    title: str
    self_link: str
    alternate: str
    updated: str
    """The newest entry's time; an empty feed takes midnight of the as-of date."""
    entries: list[FeedEntry]
    stylesheet: str
    """The link to the XSLT stylesheet that shows the feed to a person in a browser."""


FEED_STYLESHEET = "feed.xsl"
"""The file under static/ that turns a feed into a page a person can read."""


def feed(
    register: Register,
    context: Context,
    path: str,
    page: str,
    page_args: tuple[str, ...],
    slugs: Iterable[str],
    title: str,
    kinds: Mapping[str, str] | None = None,
) -> Feed:
    """The feed at `path` of the agreements `slugs`, beside the page `page(*page_args)`;
    `kinds` names the kinds in its categories."""
    urls = context.urls
    entries = feed_entries(register, context, slugs, kinds)
    empty = PartialDate(register.as_of.year, register.as_of.month, register.as_of.day)
    return Feed(
        path=path,
        id=permanent_id(urls, path),
        title=title,
        self_link=urls.origin + urls.link(path),
        alternate=_address(urls, page, *page_args),
        updated=max((e.updated for e in entries), default=_timestamp(empty)),
        entries=entries,
        stylesheet=urls.url_for("static", FEED_STYLESHEET),
    )


# Search ----------------------------------------------------------------------


@dataclass(frozen=True)
class SearchDocument:
    """What the search index holds for one page: an agreement, a party or a province."""

    url: str
    title: str
    """Text weighted as a heading: the title, folded and spelled."""
    names: str
    """Every name of every party, folded and spelled."""
    text: str
    """Document number, summary, topics, place and body, folded and spelled."""
    meta: Mapping[str, str]
    """Shown in results, as display text: `type` (agreement, party or province), title, and
    for an agreement its parties, signed date and status, for the others a `detail` line."""
    language: str
    """Language the record is written in (site.yaml's `content_language`), a BCP 47 tag."""
    facets: str = ""
    """Filter words, one per facet (`zzkindprogram zzyear2022 zzstatusinforce`); none for a
    party or a province, so that a filtered search lists agreements only."""
    signed: str = ""
    """Sort key for filter-only searches: the signing date, ISO form."""


def searchable(text: str) -> str:
    """The two forms the index keeps: folded (matches any spelling) and spelled (exact)."""
    return f"{fold(text)} {spelled(text)}"


def facet_word(facet: str, value: str) -> str:
    """A filter as a word of the index: Pagefind's own filters are written in an order that
    changes from build to build, so kind, year and status are searched as words instead."""
    return "zz" + facet + "".join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())


def search_documents(
    register: Register, context: Context, *, describe: Callable[[Agreement], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per published agreement; display texts come from the caller."""
    documents = []
    for agreement in register.agreements.values():
        names = [
            name for party_id in agreement.parties for name in register.parties[party_id].names
        ]
        facts = " ".join(
            filter(None, (agreement.number, summary(agreement), *agreement.topics, agreement.place))
        )
        documents.append(
            SearchDocument(
                url=context.urls.url_for("agreement", agreement.slug),
                title=searchable(agreement.title),
                names=searchable(" ".join(names)),
                # The body folded only: spelled too, it doubled what Pagefind holds in memory
                # (3.9 GB at 10,000 agreements) for a ranking the title, names and summary
                # already give.
                text=f"{searchable(facts)} {fold(agreement.body)}",
                meta=describe(agreement),
                facets=" ".join(
                    (
                        facet_word("kind", agreement.kind.value),
                        *(
                            [facet_word("year", str(agreement.signed.year))]
                            if agreement.signed.year is not None
                            else []
                        ),
                        facet_word("status", register.statuses[agreement.slug].value),
                    )
                ),
                signed=str(anchor) if (anchor := _anchor(agreement.signed)) else "",
                language=context.config.content_language,
            )
        )
    return documents


def party_documents(
    register: Register, context: Context, *, describe: Callable[[Party], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per party page: its names weigh as a title, its province and
    description as text, so "lien doan lao dong ha noi" finds the federation itself."""
    return [
        SearchDocument(
            url=context.urls.url_for("party", party.id),
            title=searchable(party.name),
            names=searchable(" ".join(name for name in party.names if name != party.name)),
            text=searchable(" ".join(filter(None, (party.province, party.body)))),
            meta=describe(party),
            language=context.config.content_language,
        )
        for party in register.parties.values()
    ]


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


def place_documents(
    places: Iterable[Place], context: Context, *, describe: Callable[[Place], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per province page, found by its name and by the names of the
    provinces merged into it on 1/7/2025 ("Quảng Bình" finds Quảng Trị's page)."""
    return [
        SearchDocument(
            url=context.urls.url_for("province", place.key),
            title=searchable(place.full),
            names=searchable(" ".join(place.merged_from)),
            text="",
            meta=describe(place),
            language=context.config.content_language,
        )
        for place in places
    ]


# Sharing ---------------------------------------------------------------------

LEGAL_FORCE = {"in-force": "InForce", "expired": "NotInForce", "terminated": "NotInForce"}
"""schema.org LegalForceStatus for the statuses that have one (superseded is told apart)."""


def json_ld(
    register: Register, context: Context, agreement: Agreement, kind_label: str
) -> dict[str, Any]:
    """schema.org `Legislation` for an agreement page (see the issue note for why that type)."""
    urls = context.urls
    status = register.statuses[agreement.slug].value
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "url": _address(urls, "agreement", agreement.slug),
        "name": agreement.title,
        "description": summary(agreement) or None,
        "inLanguage": context.config.content_language,
        "legislationType": kind_label,
        "legislationDate": _stated(agreement.signed),
        "legislationPassedBy": [
            {
                "@type": "Organization",
                "name": register.parties[p].name,
                "url": _address(urls, "party", p),
            }
            for p in agreement.parties
        ],
        "dateModified": _date(register.last_updated(agreement)),
        "keywords": list(agreement.topics) or None,
        "isPartOf": {
            "@type": "WebSite",
            "name": context.config.title,
            "url": _address(urls, "home"),
        },
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/json",
            "contentUrl": _address(urls, "agreement_data", agreement.slug),
        },
        "citation": [
            {"@type": "CreativeWork", "name": s.title or s.publisher, "url": s.url}
            for s in agreement.sources
        ]
        or None,
    }
    if agreement.period and (agreement.period.start or agreement.period.end):
        start, end = (_stated(d) for d in (agreement.period.start, agreement.period.end))
        if start or end:
            data["temporalCoverage"] = f"{start or '..'}/{end or '..'}"
    if status in LEGAL_FORCE:
        data["legislationLegalForce"] = LEGAL_FORCE[status]
    if agreement.place:
        data["locationCreated"] = {"@type": "Place", "name": agreement.place}
    return _without_nulls(data)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


# The sortable list -------------------------------------------------------------


STATUS_ORDER: tuple[Status, ...] = tuple(
    dict.fromkeys(status for members in STATUS_LISTS.values() for status in members)
)
"""How the list sorts by status: in the order of the status lists (in force first)."""


def _shown_date(speaker: Speaker, value: RecordDate) -> dict[str, str]:
    """A date as the table's date macro shows it: its text (`x`), then the machine-readable
    form of a stated date (`d`) or else its certainty (`c`), and the editor's reason (`r`)
    when given."""
    stated = _stated(value)
    shown = {"x": speaker.date(value)}
    shown.update({"d": stated} if stated is not None else {"c": str(value.certainty)})
    if value.reason:
        shown["r"] = value.reason
    return shown


def _signed_key(value: RecordDate) -> str | None:
    """The signing date as a string that sorts as the register does (`RecordDate.sort_key`:
    the date or its bound, a coarser date before finer ones); None when unknown."""
    known, day, precision = value.sort_key
    return None if known else f"{day.isoformat()}.{precision}"


def _end_key(period: Period | None) -> str | None:
    """The last day a term may run to, as the ending-soon list orders it; None when the end
    is not known."""
    end = period.end.latest if period is not None and period.end is not None else None
    return None if end is None else end.isoformat()


def _party_mark(speaker: Speaker, party: Party) -> dict[str, str] | None:
    """What the table writes after a party's name: that it has ceased, or since when it
    exists (the `ceased_mark` macro)."""
    words = speaker.strings["parties"]
    if party.dissolved:
        help_text = words["ceased_help"].format(date=speaker.date(party.dissolved))
        return {"c": "ceased", "x": f"({words['ceased']})", "h": help_text}
    if party.founded:
        since = words["since"].format(date=speaker.date(party.founded))
        return {"c": "muted", "x": f"({since})"}
    return None


def agreement_list(
    register: Register, context: Context, speaker: Speaker, places: Iterable[Place]
) -> dict[str, Any]:
    """The register for the list page's script to sort and filter: display text already
    written as the table writes it, and keys that sort as the generator sorts.

    `kinds`, `statuses` (in `STATUS_ORDER`, each with the status list it is browsed under),
    `ending_soon` and `parties` are tables the rows refer to; `words` are the table's own
    (its columns' labels, "ends", "not known", "why"). Each row, in the register's order:
    `u` its address, `t` its title, `o` its rank in Vietnamese alphabetical order of titles,
    `k` its kind, `p` its parties (indexes into `parties`), `s` and `sk` its signing date
    shown and as a sort key, `e` and `ek` its term's end shown and as a sort key (null when
    not known), `st` its status, `es` whether it ends soon, `y` its signing year (null when
    not known) and `pr` the keys of the province pages that list it.
    """
    words = speaker.strings
    urls = context.urls
    agreements = list(register.agreements.values())
    titled = sorted(agreements, key=lambda a: (sort_key(a.title), a.slug))
    rank = {a.slug: index for index, a in enumerate(titled)}
    provinces: dict[str, list[str]] = {a.slug: [] for a in agreements}
    for place in places:
        for agreement in place.agreements:
            provinces[agreement.slug].append(place.key)
    signing = [party_id for party_id in register.parties if party_id in register.by_party]
    index = {party_id: number for number, party_id in enumerate(signing)}
    parties = []
    for party_id in signing:
        party = register.parties[party_id]
        entry: dict[str, Any] = {
            "n": party.short or party.name,
            "u": urls.url_for("party", party_id),
        }
        if (mark := _party_mark(speaker, party)) is not None:
            entry["m"] = mark
        parties.append(entry)
    return {
        "kinds": {kind: words["kinds"][kind] for kind in register.by_kind},
        "statuses": [
            {
                "code": status.value,
                "label": words["statuses"][status],
                "list": status_list(status),
                "url": urls.url_for("status", status_list(status)),
            }
            for status in STATUS_ORDER
        ],
        "ending_soon": {
            "label": words["status_pages"]["lists"]["ending-soon"]["name"],
            "url": urls.url_for("status", "ending-soon"),
        },
        "parties": parties,
        "words": {
            "labels": {
                name: words["table"][name]
                for name in ("title", "kind", "parties", "signed", "status")
            },
            "ends": words["table"]["ends"],
            "no_end": words["table"]["no_end"],
            "why": words["dates"]["why"],
        },
        "rows": [
            {
                "u": urls.url_for("agreement", a.slug),
                "t": a.title,
                "o": rank[a.slug],
                "k": a.kind.value,
                "p": [index[party_id] for party_id in a.parties],
                "s": _shown_date(speaker, a.signed),
                "sk": _signed_key(a.signed),
                "e": _shown_date(speaker, a.period.end) if a.period and a.period.end else None,
                "ek": _end_key(a.period),
                "st": register.statuses[a.slug].value,
                "es": register.ending_soon(a),
                "y": a.signed.year,
                "pr": provinces[a.slug],
            }
            for a in agreements
        ],
    }


def compact_json(value: Any) -> str:
    """JSON for a script to fetch: UTF-8 text, no spaces, keys in the order built."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
