"""One source file → one typed record, or located diagnostics.

The field tables here are the content contract of SPEC.md, field by field. Names
that point at other files (parties, related slugs) are kept as written: the
register resolves them across files.

The agreement and party tables are also the open data's: in the exported record's
order, each entry says how the record gives it (by default, as its reader exports
the value read) and which CSV columns it makes; `Derived` entries are the keys no
one writes (slug, address, status, ...), made with an `ExportContext`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from generator.content import fields as f
from generator.content.bodies import MAX_NESTING, different_forms, too_deep
from generator.content.sources import SourceFile
from generator.core import interface, provinces
from generator.core.dates import Certainty, RecordDate, shifted
from generator.core.diagnostics import Collector, Severity
from generator.core.messages import Phrase, phrase
from generator.core.model import (
    INVERSE_RELATION,
    Acting,
    Agreement,
    AgreementKind,
    Attendee,
    ChangeKind,
    Confidence,
    Document,
    Event,
    EventKind,
    Origin,
    Page,
    Party,
    PartyKind,
    Period,
    Related,
    Relation,
    ReviewEvery,
    Reviews,
    Signatory,
    Source,
    Status,
)
from generator.core.slugs import MAX_LENGTH, is_slug, suggest_slug
from generator.core.urls import SECTIONS
from generator.core.vietnamese import fold

WARNING = Severity.WARNING

# What editors may write instead of the codes (SPEC names them in Vietnamese), so a
# wrong value can be answered with the code to use. Only suggestions: never accepted.
KIND_WORDS = {
    "chương trình": "program",
    "chương trình phối hợp": "program",
    "programme": "program",
    "quy chế": "regulation",
    "quy chế phối hợp": "regulation",
    "kế hoạch": "plan",
    "kế hoạch phối hợp": "plan",
    "biên bản ghi nhớ": "memorandum",
    "ghi nhớ": "memorandum",
    "thỏa thuận": "agreement",
    "khác": "other",
}
EVENT_WORDS = {
    "sơ kết": "review",
    "tổng kết": "final-review",
    "sửa đổi": "amendment",
    "bổ sung": "amendment",
    "sửa đổi, bổ sung": "amendment",
    "gia hạn": "extension",
    "chấm dứt": "termination",
    "khác": "other",
}
RELATION_WORDS = {
    "thay thế": "supersedes",
    "replaces": "supersedes",
    "sửa đổi": "amends",
    "triển khai": "implements",
    "thực hiện": "implements",
    "kế tiếp": "follows",
    "tiếp nối": "follows",
    "kế tục": "renews",
    "ký lại": "renews",
    "ký mới": "renews",
    "ký cùng lúc": "signed-with",
    "ký cùng": "signed-with",
}
PARTY_KIND_WORDS = {
    "liên đoàn lao động": "labour-federation",
    "công đoàn": "labour-federation",
    "union": "labour-federation",
    "trade union": "labour-federation",
    "ủy ban nhân dân": "peoples-committee",
    "ubnd": "peoples-committee",
    "cấp ủy": "party-committee",
    "đảng ủy": "party-committee",
    "tỉnh ủy": "party-committee",
    "thành ủy": "party-committee",
    "huyện ủy": "party-committee",
    "cơ quan nhà nước": "government-agency",
    "doanh nghiệp": "enterprise",
    "công ty": "enterprise",
    "đoàn thể": "mass-organisation",
    "nhóm": "group",
    "khác": "other",
}


def _one_of(kinds: type[enum.StrEnum]) -> Phrase:
    """What to write in a field of codes: the list of them."""
    listed = ", ".join(kind.value for kind in kinds)
    return phrase("schema.one_listed", listed=listed)


class ExportContext(Protocol):
    """What an exported record needs beyond its own file; `exports` gives it."""

    def address(self, route: str, *args: str) -> str:
        """The full address (or root-relative link) of a page or file."""
        ...

    def party_name(self, party_id: str) -> str:
        """A party's full name."""
        ...

    def status(self, slug: str) -> str:
        """An agreement's status as of the register's date."""
        ...

    def status_certainty(self, slug: str) -> str:
        """`certain` when the agreement's dates settle its status, `possible` when they
        leave others open too (the status is then the one that may have come about)."""
        ...

    def as_of(self) -> str:
        """The date statuses are computed against, YYYY-MM-DD."""
        ...

    def unreported_reviews(self, agreement: Agreement) -> Sequence[dict[str, Any]]:
        """The planned reviews now due that the register holds no report of."""
        ...

    def summary(self, agreement: Agreement) -> str:
        """The summary, else the body's first paragraph, else empty."""
        ...

    def backlinks(self, slug: str) -> Sequence[tuple[str, str, str | None, str | None]]:
        """(relation as read from this agreement, other slug, `probable` or None, reason)
        of relations to it."""
        ...

    def shared_events(self, slug: str) -> Sequence[tuple[str, Event]]:
        """(slug of the record holding it, event) of the events other records share with it."""
        ...

    def last_updated(self, agreement: Agreement) -> str | None:
        """When the record last changed, YYYY-MM-DD or as precise as known."""
        ...

    def history(self, agreement: Agreement) -> list[dict[str, Any]] | None:
        """Every commit that changed the record's file, newest first, each with what it
        changed; None when the content is not in git."""
        ...

    def agreements_of(self, party_id: str) -> Sequence[str]:
        """The slugs of the agreements a party signs."""
        ...

    def topics(self, agreement: Agreement) -> Sequence[tuple[str, str]]:
        """(key, label) of the topics an agreement is filed under, in its order."""
        ...

    def topic_agreements(self, key: str) -> Sequence[str]:
        """The slugs of the published agreements filed under a topic."""
        ...


def _ids_and_names(agreement: Agreement, context: ExportContext) -> list[dict[str, str | None]]:
    return [
        {"id": p, "name": context.party_name(p), "organ": agreement.organs.get(p)}
        for p in agreement.parties
    ]


def _documents(agreement: Agreement, context: ExportContext) -> list[dict[str, str]]:
    return [
        {"title": d.title, "file": d.file, "url": context.address("file", d.file)}
        for d in agreement.documents
    ]


def _edtf(date: dict[str, Any] | None) -> str | None:
    return None if date is None else str(date["edtf"])


SOURCE_FIELDS = (
    f.Field(
        "publisher",
        f.text,
        required=True,
        expected=phrase("schema.newspaper_body_that_published"),
    ),
    f.Field("title", f.text),
    f.Field("url", f.url),
    f.Field("date", f.record_date),
    f.Field("author", f.text),
    f.Field("title_from_url", f.boolean),
)
_source_fields = f.nested(SOURCE_FIELDS, phrase("schema.source"), Source, "Where facts come from.")


@f.exported_like(_source_fields)
@f.shaped(f.json_schema(_source_fields))
def _source(value: Any, path: str, collector: Collector) -> Any:
    """A source; a title marked as rebuilt from the address needs the title and the address."""
    source = _source_fields(value, path, collector)
    if source is f.INVALID or not source.title_from_url:
        return source
    for key in ("title", "url"):
        if getattr(source, key) is None:
            collector.add(
                "missing-field",
                f"{path}.{key}",
                line=collector.line_of(f"{path}.title_from_url") or collector.line_of(path) or 1,
                expected=phrase(
                    "schema.title_address_was_rebuilt_from",
                ),
            )
            return f.INVALID
    return source


_acting = f.nested(
    (
        f.Field(
            "party",
            f.text,
            required=True,
            expected=phrase("schema.party_s_id_name"),
        ),
        f.Field(
            "organ",
            f.text,
            required=True,
            expected=phrase(
                "schema.organ_signed_through_e_g",
            ),
        ),
    ),
    phrase("schema.party_acting_through_organ"),
    Acting,
)


@f.exported(lambda value: value, f.EXPORT_TEXT)
@f.shaped({"anyOf": [f.json_schema(f.text), f.json_schema(_acting)]})
def _party_entry(value: Any, path: str, collector: Collector) -> Any:
    """A party's id or name, or `{party, organ}` for a party that signed through an organ."""
    return (
        _acting(value, path, collector)
        if isinstance(value, dict)
        else f.text(value, path, collector)
    )


_party_names = f.list_of(_party_entry, phrase("schema.party_names_ids"))

INDEFINITE_WORDS = ("indefinite", "không thời hạn", "vô thời hạn")
"""What an editor writes for a term without end (`end: indefinite`)."""
_INDEFINITE = frozenset(fold(word) for word in INDEFINITE_WORDS)


class _Indefinite:
    """The end of a term without end, as read; `_period` turns it into `Period.indefinite`."""


INDEFINITE = _Indefinite()


@f.exported_like(f.record_date)
@f.shaped({"anyOf": [f.json_schema(f.record_date), {"enum": list(INDEFINITE_WORDS)}]})
def _term_end(value: Any, path: str, collector: Collector) -> Any:
    """A term's last day, as any record date; or `indefinite` for a term without end."""
    if isinstance(value, str) and fold(value) in _INDEFINITE:
        return INDEFINITE
    return f.record_date(value, path, collector)


def _read_period(
    start: RecordDate | None = None,
    end: RecordDate | _Indefinite | None = None,
    years: int | None = None,
    months: int | None = None,
) -> Period:
    if isinstance(end, _Indefinite):
        return Period(start, None, years, months, indefinite=True)
    return Period(start, end, years, months)


_period_fields = f.nested(
    (
        f.Field("start", f.record_date),
        f.Field("end", _term_end),
        f.Field("years", f.count),
        f.Field("months", f.count),
    ),
    phrase("schema.period"),
    _read_period,
    model=Period,
)


def _named_or_described(
    fields: tuple[f.Field, ...], keys: tuple[str, ...], what: Phrase, build: Any, code: str
) -> f.Reader:
    """A group of fields (`f.nested`) in which at least one of `keys` must be given."""
    group = f.nested(fields, what, build)

    @f.exported_like(group)
    @f.shaped({**f.json_schema(group), "anyOf": [{"required": [key]} for key in keys]})
    def read(value: Any, path: str, collector: Collector) -> Any:
        record = group(value, path, collector)
        if record is not f.INVALID and all(getattr(record, key) is None for key in keys):
            collector.add(code, path)
            return f.INVALID
        return record

    return read


_signatory = _named_or_described(
    (f.Field("name", f.text), f.Field("role", f.text), f.Field("party", f.text)),
    ("name", "role"),
    phrase("schema.signatory"),
    Signatory,
    "unnamed-person",
)
_attendee = _named_or_described(
    (
        f.Field("name", f.text),
        f.Field("role", f.text),
        f.Field("party", f.text),
        f.Field("chair", f.boolean),
    ),
    ("name", "role"),
    phrase("schema.person_present"),
    Attendee,
    "unnamed-person",
)
_related_fields = _named_or_described(
    (
        f.Field(
            "rel",
            f.choice(Relation, RELATION_WORDS),
            required=True,
            expected=_one_of(Relation),
        ),
        f.Field("slug", f.slug(f.SLUG)),
        f.Field("number", f.text),
        f.Field("title", f.text),
        f.Field("date", f.record_date),
        f.Field("certainty", f.choice(Confidence, {"có thể": "probable", "probably": "probable"})),
        f.Field("reason", f.text),
    ),
    ("slug", "number", "title"),
    phrase("schema.relation"),
    Related,
    "reference-without-target",
)


@f.exported_like(_related_fields)
@f.shaped(f.json_schema(_related_fields))
def _related(value: Any, path: str, collector: Collector) -> Any:
    """A relation; a probable one needs the reason it is thought probable."""
    related = _related_fields(value, path, collector)
    if related is not f.INVALID and related.certainty is not None and related.reason is None:
        collector.add(
            "missing-field",
            f"{path}.reason",
            line=collector.line_of(f"{path}.certainty") or 1,
            expected=phrase(
                "schema.reason_relation_thought_probable",
            ),
        )
        return f.INVALID
    return related


_reviews = f.nested(
    (
        f.Field(
            "every",
            f.choice(ReviewEvery, {"hằng năm": "year", "hàng năm": "year", "năm": "year"}),
        ),
        f.Field("final", f.boolean),
    ),
    phrase("schema.planned_reviews"),
    Reviews,
    "The reviews planned when signing.",
)


_event = f.nested(
    (
        f.Field(
            "date",
            f.record_date,
            required=True,
            expected=phrase("schema.when_happened"),
        ),
        f.Field(
            "kind",
            f.choice(EventKind, EVENT_WORDS),
            required=True,
            expected=_one_of(EventKind),
        ),
        f.Field("title", f.text, required=True, expected=phrase("schema.short_heading")),
        f.Field("summary", f.text),
        f.Field("source", _source),
        f.Field("concerns", f.list_of(f.slug(f.SLUG), phrase("schema.agreement_slugs"))),
    ),
    phrase("schema.event"),
    Event,
)
_event_value = f.export_value(_event)


@f.exported_like(f.text)
@f.shaped(f.json_schema(f.text))
def _province(value: Any, path: str, collector: Collector) -> Any:
    """A province or city of the known list (before or after 1/7/2025), or 'toàn quốc'."""
    name = f.text(value, path, collector)
    if name is f.INVALID or name == provinces.NATIONWIDE:
        return name
    province = provinces.lookup(name)
    if province is None:
        nearest = provinces.nearest(name)
        collector.add(
            "unknown-province",
            path,
            value=name,
            nearest=", ".join(nearest) if nearest else "—",
        )
        return f.INVALID
    return province.name


PARTY_PROVINCE = _province
"""The reader of a party's province (the list, or 'toàn quốc'), shared with `new-party`."""


@dataclass(frozen=True)
class InferredProvince:
    """A party's province that no source states, with the editor's reason (as read)."""

    name: str
    reason: str


_inferred_province = f.nested(
    (
        f.Field(
            "name",
            _province,
            required=True,
            expected=phrase("schema.province_s_name"),
        ),
        f.Field("inferred", f.boolean, required=True, expected="true"),
        f.Field(
            "reason",
            f.text,
            required=True,
            expected=phrase("schema.how_province_was_inferred"),
        ),
    ),
    phrase("schema.inferred_province"),
    lambda name, inferred, reason: InferredProvince(name, reason),
)


@f.exported(lambda value: value, f.EXPORT_TEXT)
@f.shaped({"anyOf": [f.json_schema(_province), f.json_schema(_inferred_province)]})
def _party_province(value: Any, path: str, collector: Collector) -> Any:
    """A province as written, or `{name, inferred: true, reason}` when the editor inferred
    it (from the publisher, say)."""
    if isinstance(value, dict):
        return _inferred_province(value, path, collector)
    return _province(value, path, collector)


UNKNOWN_COUNT = ("unknown", "chưa rõ", "không rõ")
"""What an editor writes for a group whose members the source does not count."""


class _Uncounted:
    """A group's member count that the source does not give, as read."""


UNCOUNTED = _Uncounted()


@f.exported(lambda value: value, {"type": "integer"})
@f.shaped({"anyOf": [f.json_schema(f.count), {"enum": list(UNKNOWN_COUNT)}]})
def _member_count(value: Any, path: str, collector: Collector) -> Any:
    """How many bodies a group has, or `unknown` when the source does not say."""
    if isinstance(value, str) and fold(value) in {fold(word) for word in UNKNOWN_COUNT}:
        return UNCOUNTED
    return f.count(value, path, collector)


@f.shaped({**f.json_schema(_party_names), "minItems": 2})
def _parties(value: Any, path: str, collector: Collector) -> Any:
    """Two or more party names or ids."""
    names = _party_names(value, path, collector)
    if names is not f.INVALID and len(names) < 2:
        collector.add("too-few-parties", path, count=phrase("schema.only_one_party"))
        return f.INVALID
    return names


_YEARS = re.compile(r"((?:19|20)[0-9]{2})\s*(?:[-–—]|đến|to)\s*((?:19|20)[0-9]{2})")


def _endpoint(date: RecordDate | None) -> str | None:
    """One end of a term in an EDTF interval: empty when unknown; None for a date known
    only between bounds, which an EDTF interval cannot hold."""
    if date is None or (date.certainty is Certainty.UNKNOWN and date.month is None):
        return ""
    return None if date.is_bounded else date.edtf()


def interval(period: Period) -> str | None:
    """The term as an EDTF interval: `2019-05-01/..` for a term without end, `2019-05-01/`
    for an end not known, `2022/2027`; None when an end is known only between bounds or
    nothing is known."""
    start = _endpoint(period.start)
    end = ".." if period.indefinite else _endpoint(period.end)
    if start is None or end is None or start == end == "":
        return None
    return f"{start}/{end}"


def _period_json(period: Period) -> dict[str, Any]:
    return {
        **f.export_value(_period_fields)(period),
        "indefinite": period.indefinite,
        "edtf": interval(period),
    }


_PERIOD_EXPORT = f.export_schema(_period_fields)
_PERIOD_EXPORT["properties"].update(
    indefinite={"type": "boolean"},
    edtf=f.nullable({"type": "string", "pattern": f.EDTF_INTERVAL}),
)
_PERIOD_EXPORT["required"] += ["indefinite", "edtf"]


@f.exported(_period_json, _PERIOD_EXPORT)
@f.shaped(f.json_schema(_period_fields))
def _period(value: Any, path: str, collector: Collector) -> Any:
    """A start and an end, the end not before the start."""
    if isinstance(value, str | int) and (years := _YEARS.fullmatch(str(value).strip())):
        # `period: 2025–2030`, as reports write it: show the two lines to type instead.
        start, end = years.groups()
        collector.add("period-as-text", path, value=str(value), start=start, end=end)
        return f.INVALID
    period = _period_fields(value, path, collector)
    if period is f.INVALID:
        return period
    if period.derived and (period.end is not None or period.indefinite):
        collector.add("period-end-and-duration", f"{path}.end")
        return f.INVALID
    if period.start is None or period.end is None:
        return period
    end, start = period.end.latest, period.start.earliest
    if end is not None and start is not None and end < start:
        collector.add("period-reversed", f"{path}.end", start=period.start, end=period.end)
        return f.INVALID
    return period


def _with_derived_end(period: Period, signed: RecordDate) -> Period:
    """A period given as a duration, its end worked out from its start (else the signing)."""
    if not period.derived or period.end is not None:
        return period
    end = shifted(period.start or signed, period.years or 0, period.months or 0)
    # The page says how the end was worked out; the start (or signing) keeps the reason.
    end = end and dataclasses.replace(end, reason=None)
    return Period(period.start, end, period.years, period.months)


STATUS_CERTAINTY = ("certain", "possible")
"""Whether an agreement's dates settle its status on the as-of date, or leave others open."""

AGREEMENT_TABLE: tuple[f.Entry, ...] = (
    f.Derived(
        "slug",
        lambda a, context: a.slug,
        f.EXPORT_SLUG,
        csv=(f.Column("slug", required=True),),
        hidden="the address of the page and the name of the file: shown as neither",
    ),
    f.Derived(
        "url",
        lambda a, context: context.address("agreement", a.slug),
        f.EXPORT_TEXT,
        csv=(f.Column("url", required=True),),
        shown=f.Shown(spreadsheet=10),
    ),
    f.Field(
        "title",
        f.text,
        required=True,
        expected=phrase("schema.full_title_vietnamese"),
        csv=(f.Column("title", required=True),),
        shown=f.Shown(page=True, json_ld=True, spreadsheet=1),
    ),
    f.Field(
        "kind",
        f.choice(AgreementKind, KIND_WORDS),
        required=True,
        expected=_one_of(AgreementKind),
        csv=(f.Column("kind", required=True, enum=tuple(k.value for k in AgreementKind)),),
        shown=f.Shown(facts=1, page=True, json_ld=True, spreadsheet=3),
    ),
    f.Field(
        "number", f.text, csv=(f.Column("number"),), shown=f.Shown(facts=7, search=1, spreadsheet=2)
    ),
    f.Field(
        "parties",
        _parties,
        required=True,
        expected=phrase(
            "schema.list_least_two_parties_ids",
        ),
        value=_ids_and_names,
        schema={
            **f.exported_list(
                f.exported_object(
                    {
                        "id": f.EXPORT_SLUG,
                        "name": f.EXPORT_TEXT,
                        "organ": f.nullable(f.EXPORT_TEXT),
                    }
                )
            ),
            "minItems": 2,
        },
        csv=(
            f.Column("parties", lambda v: [p["id"] for p in v], listed=True, required=True),
            f.Column("party_names", lambda v: [p["name"] for p in v], listed=True),
        ),
        shown=f.Shown(facts=2, json_ld=True, spreadsheet=4),
    ),
    f.Field(
        "signed",
        f.record_date,
        required=True,
        expected=phrase(
            "schema.signing_date_yyyy_mm_dd",
        ),
        csv=(
            f.Column("signed", lambda v: v["edtf"], required=True, pattern=f.EDTF),
            f.Column("signed_certainty", lambda v: v["certainty"], required=True, enum=f.CERTAINTY),
            f.Column("signed_reason", lambda v: v["reason"]),
        ),
        shown=f.Shown(facts=3, json_ld=True, spreadsheet=6),
    ),
    f.Field(
        "period",
        _period,
        csv=(
            f.Column("period_start", lambda v: _edtf(v and v["start"]), pattern=f.EDTF),
            f.Column("period_end", lambda v: _edtf(v and v["end"]), pattern=f.EDTF),
            f.Column("period_edtf", lambda v: v and v["edtf"], pattern=f.EDTF_INTERVAL),
        ),
        shown=f.Shown(facts=4, when_empty=True, json_ld=True, spreadsheet=7),
    ),
    f.Derived(
        "status",
        lambda a, context: context.status(a.slug),
        {"type": "string", "enum": [s.value for s in Status]},
        csv=(f.Column("status", required=True, enum=tuple(s.value for s in Status)),),
        shown=f.Shown(facts=6, page=True, json_ld=True, spreadsheet=8),
    ),
    f.Derived(
        "status_certainty",
        lambda a, context: context.status_certainty(a.slug),
        {"type": "string", "enum": list(STATUS_CERTAINTY)},
        csv=(f.Column("status_certainty", required=True, enum=STATUS_CERTAINTY),),
        shown=f.Shown(page=True),
    ),
    f.Derived(
        "status_as_of",
        lambda a, context: context.as_of(),
        {"type": "string", "pattern": f.EXPORT_DAY},
        csv=(f.Column("status_as_of"),),
        shown=f.Shown(page=True, spreadsheet=9),
    ),
    f.Field(
        "summary",
        f.text,
        value=lambda a, context: context.summary(a) or None,
        csv=(f.Column("summary"),),
        shown=f.Shown(page=True, json_ld=True, search=2),
    ),
    f.Field(
        "place", f.text, csv=(f.Column("place"),), shown=f.Shown(facts=8, json_ld=True, search=4)
    ),
    f.Field(
        "signatories",
        f.list_of(_signatory, phrase("schema.signatories")),
        # The CSV has always listed the topics first.
        csv=(
            f.Column(
                "signatories",
                lambda v: [s["name"] or s["role"] for s in v],
                listed=True,
                after="topic_keys",
            ),
        ),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "attendees",
        f.list_of(_attendee, phrase("schema.people_present")),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "topics",
        f.list_of(f.text, phrase("schema.topics")),
        # Each as the register files it: the vocabulary's key and label, whatever
        # spelling the record writes.
        value=lambda a, context: [{"key": key, "label": label} for key, label in context.topics(a)],
        schema=f.exported_list(f.exported_object({"key": f.EXPORT_SLUG, "label": f.EXPORT_TEXT})),
        csv=(
            f.Column("topics", lambda v: [t["label"] for t in v], listed=True),
            f.Column("topic_keys", lambda v: [t["key"] for t in v], listed=True),
        ),
        shown=f.Shown(facts=9, json_ld=True, search=3, spreadsheet=5),
    ),
    f.Field("reviews", _reviews, shown=f.Shown(facts=5)),
    f.Derived(
        "reviews_unreported",
        lambda a, context: context.unreported_reviews(a),
        f.exported_list(
            f.exported_object(
                {
                    "kind": {"type": "string", "enum": ["review", "final-review"]},
                    "year": f.nullable({"type": "integer"}),
                }
            )
        ),
        shown=f.Shown(page=True),
    ),
    f.Field("events", f.list_of(_event, phrase("schema.events")), shown=f.Shown(page=True)),
    f.Derived(
        "shared_events",
        lambda a, context: [
            {"recorded_in": slug, "event": _event_value(event)}
            for slug, event in context.shared_events(a.slug)
        ],
        f.exported_list(
            f.exported_object({"recorded_in": f.EXPORT_SLUG, "event": f.export_schema(_event)})
        ),
        shown=f.Shown(page=True),
    ),
    f.Field("related", f.list_of(_related, phrase("schema.relations")), shown=f.Shown(page=True)),
    f.Derived(
        "related_from",
        lambda a, context: [
            {"rel": rel, "slug": slug, "certainty": certainty, "reason": reason}
            for rel, slug, certainty, reason in context.backlinks(a.slug)
        ],
        f.exported_list(
            f.exported_object(
                {
                    "rel": {"type": "string", "enum": list(INVERSE_RELATION.values())},
                    "slug": f.EXPORT_SLUG,
                    "certainty": f.nullable({"type": "string", "enum": list(Confidence)}),
                    "reason": f.nullable(f.EXPORT_TEXT),
                }
            )
        ),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "sources",
        f.list_of(_source, phrase("schema.sources")),
        csv=(f.Column("source_urls", lambda v: [s["url"] for s in v], listed=True),),
        shown=f.Shown(page=True, json_ld=True),
    ),
    f.Field(
        "documents",
        f.list_of(
            f.nested(
                (
                    f.Field(
                        "title",
                        f.text,
                        required=True,
                        expected=phrase("schema.what_file"),
                    ),
                    f.Field(
                        "file",
                        f.file_path,
                        required=True,
                        expected=phrase("schema.path_relative_content_files"),
                    ),
                ),
                phrase("schema.document"),
                Document,
            ),
            phrase("schema.documents"),
        ),
        value=_documents,
        schema=f.exported_list(
            f.exported_object({"title": f.EXPORT_TEXT, "file": f.EXPORT_TEXT, "url": f.EXPORT_TEXT})
        ),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "aliases",
        f.list_of(f.slug(f.SLUG), phrase("schema.old_slugs")),
        hidden="old addresses: each sends its readers on to the page",
    ),
    f.Field(
        "updated",
        f.partial_date,
        value=lambda a, context: context.last_updated(a),
        csv=(f.Column("updated", pattern=f.EXPORT_DATE),),
        shown=f.Shown(page=True, json_ld=True),
    ),
    f.Derived(
        "history",
        lambda a, context: context.history(a),
        f.nullable(
            f.exported_list(
                f.exported_object(
                    {
                        "date": {"type": "string", "pattern": f.EXPORT_DAY},
                        "commit": {"type": "string", "pattern": "^([0-9a-f]{40}|[0-9a-f]{64})$"},
                        "changes": f.exported_list(
                            f.exported_object(
                                {
                                    "change": {"type": "string", "enum": list(ChangeKind)},
                                    "field": f.nullable(f.EXPORT_TEXT),
                                }
                            )
                        ),
                    }
                )
            )
        ),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "draft",
        f.boolean,
        exported=False,
        hidden="keeps the record off the site until it is published",
    ),
    f.Derived("body", lambda a, context: a.body, f.EXPORT_TEXT, shown=f.Shown(page=True)),
)
"""An agreement: its front-matter fields and the open data's record, in that record's order."""

AGREEMENT_FIELDS = f.front_matter(AGREEMENT_TABLE)


PARTY_TABLE: tuple[f.Entry, ...] = (
    f.Derived(
        "id",
        lambda p, context: p.id,
        f.EXPORT_SLUG,
        hidden="the address of the page and the name of the file: shown as neither",
    ),
    f.Derived(
        "url",
        lambda p, context: context.address("party", p.id),
        f.EXPORT_TEXT,
        hidden="the address of the page itself",
    ),
    f.Field(
        "name",
        f.text,
        required=True,
        expected=phrase("schema.full_name_vietnamese"),
        shown=f.Shown(page=True),
    ),
    f.Field("short", f.text, shown=f.Shown(page=True)),
    f.Field("aliases", f.list_of(f.text, phrase("schema.names")), shown=f.Shown(page=True)),
    f.Field(
        "kind",
        f.choice(PartyKind, PARTY_KIND_WORDS),
        required=True,
        expected=_one_of(PartyKind),
        shown=f.Shown(page=True),
    ),
    f.Field("province", _party_province, shown=f.Shown(page=True)),
    f.Derived(
        "province_reason",
        lambda p, context: p.province_reason,
        f.nullable(f.EXPORT_TEXT),
        shown=f.Shown(page=True),
    ),
    f.Field("parent", f.slug(f.PARTY_ID), shown=f.Shown(page=True)),
    f.Field(
        "members",
        f.list_of(f.slug(f.PARTY_ID), phrase("schema.party_ids")),
        shown=f.Shown(page=True),
    ),
    f.Field(
        "member_count",
        _member_count,
        value=lambda p, context: "unknown" if p.members_uncounted else p.member_count,
        schema={"anyOf": [{"type": "integer", "minimum": 1}, {"const": "unknown"}]},
        shown=f.Shown(page=True),
    ),
    f.Field("members_kind", f.text, shown=f.Shown(page=True)),
    f.Field("founded", f.record_date, shown=f.Shown(page=True)),
    f.Field("dissolved", f.record_date, shown=f.Shown(page=True)),
    f.Field("succeeded_by", f.slug(f.PARTY_ID), shown=f.Shown(page=True)),
    f.Field("website", f.url, shown=f.Shown(page=True)),
    f.Derived(
        "description",
        lambda p, context: p.body or None,
        f.nullable(f.EXPORT_TEXT),
        shown=f.Shown(page=True),
    ),
    f.Derived(
        "agreements",
        lambda p, context: list(context.agreements_of(p.id)),
        f.exported_list(f.EXPORT_SLUG),
        shown=f.Shown(page=True),
    ),
)
"""A party: its front-matter fields and the open data's record, in that record's order."""

PARTY_FIELDS = f.front_matter(PARTY_TABLE)


_PARTY_KINDS = {kind.value for kind in PartyKind}

PAGE_FIELDS = (
    f.Field("title", f.text, required=True, expected=phrase("schema.page_title")),
    f.Field("summary", f.text),
)


def _origin(source: SourceFile) -> Origin:
    return Origin(
        source.path, source.relative, MappingProxyType(dict(source.lines)), source.front_matter
    )


def _check_stem(source: SourceFile, what: Phrase, collector: Collector) -> bool:
    stem = source.stem
    if len(stem) > MAX_LENGTH:
        collector.add(
            "slug-too-long",
            "file",
            line=1,
            value=stem,
            length=len(stem),
            what=phrase("schema.file_name_what", what=what),
            limit=MAX_LENGTH,
            suggestion=suggest_slug(stem) + ".md",
        )
        return False
    if not is_slug(stem):
        suggestion = suggest_slug(stem) + ".md"
        collector.add(
            "bad-filename", "file", line=1, name=stem + ".md", what=what, suggestion=suggestion
        )
        return False
    return True


def _read(
    source: SourceFile,
    table: Sequence[f.Field],
    what: Phrase,
    stem_what: Phrase,
    collector: Collector,
) -> dict[str, Any] | None:
    collector.lines.update(source.lines)
    collector.written.update(source.written)
    name_ok = _check_stem(source, stem_what, collector)
    values = f.read_record(source.data, "", table, collector, what)
    return values if name_ok else None


def agreement_from(source: SourceFile, collector: Collector) -> Agreement | None:
    """Check one agreement file; the record with party names unresolved, or None."""
    values = _read(source, AGREEMENT_FIELDS, phrase("schema.agreement"), f.SLUG, collector)
    if not source.data.get("sources"):
        collector.add(
            "no-sources", "sources", line=source.lines.get("sources", 1), severity=WARNING
        )
    if not source.data.get("summary") and not source.body.strip():
        collector.add("no-summary", "summary", line=source.body_line, severity=WARNING)
    _report_body(source, collector)
    if values is None:
        return None
    if values.get("period") is not None:
        values["period"] = _with_derived_end(values["period"], values["signed"])
    _check_event_dates(values, collector)
    entries = values.pop("parties")
    values["parties"] = tuple(p.party if isinstance(p, Acting) else p for p in entries)
    values["organs"] = MappingProxyType(
        {p.party: p.organ for p in entries if isinstance(p, Acting)}
    )
    return Agreement(slug=source.stem, body=source.body, origin=_origin(source), **values)


@functools.cache
def placeholders() -> tuple[str, ...]:
    """The template's words an editor must replace, in every language of the interface."""
    found: list[str] = []
    for language in interface.languages():
        strings = interface.load_strings(interface.TEMPLATES, language)
        found += strings.get("scaffold", {}).get("placeholders", [])
    return tuple(dict.fromkeys(found))


def _leaves(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every text value of a front matter, nested ones included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))


PLACEHOLDER_SENTENCE = 20
"""Length from which a placeholder is found inside a longer text, not only as a value."""


def _report_body(source: SourceFile, collector: Collector) -> None:
    """Problems of a body: nesting deeper than the converter takes (an error); the
    template's words left in it, forms that GitHub and the site render differently."""
    _report_placeholders(source, collector)
    if deep := too_deep(source.body):
        line = source.body_line + deep[0]
        collector.add("markdown-too-deep", "body", line=line, depth=deep[1], limit=MAX_NESTING)
    for offset, form, instead in different_forms(source.body):
        line = source.body_line + offset
        collector.add("markdown-differs", "body", line=line, form=form, instead=instead)


def _report_placeholders(source: SourceFile, collector: Collector) -> None:
    """Warn about the template's words left in the values or the body (`build` refuses them)."""
    words = placeholders()
    # A short placeholder ('Chức vụ') counts only as a whole value; a sentence anywhere.
    sentences = [word for word in words if len(word) >= PLACEHOLDER_SENTENCE]
    for path, text in _leaves(source.data, ""):
        found = text.strip() if text.strip() in words else None
        if found or (found := next((word for word in sentences if word in text), None)):
            collector.add("placeholder-text", path, value=found, severity=WARNING)
    for offset, line in enumerate(source.body.split("\n")):
        if found := next((word for word in sentences if word in line), None):
            line_number = source.body_line + offset
            collector.add("placeholder-text", "body", line=line_number, value=found)


EVENT_YEARS_AFTER = 2
"""Years after a period's end beyond which an event is most likely mistyped."""


def _check_event_dates(values: dict[str, Any], collector: Collector) -> None:
    """Warn about events that surely happened before the signing, or long after the term."""
    signed, period = values["signed"], values.get("period")
    end = period.end if period is not None else None
    for index, event in enumerate(values.get("events", ())):
        date = event.date
        if (
            date.latest is not None
            and signed.earliest is not None
            and date.latest < signed.earliest
        ):
            collector.add(
                "event-before-signing",
                f"events[{index}].date",
                date=date,
                signed=signed,
                severity=WARNING,
            )
        elif (
            end is not None
            and end.latest is not None
            and date.earliest is not None
            and date.earliest.year > end.latest.year + EVENT_YEARS_AFTER
        ):
            collector.add(
                "event-outside-period",
                f"events[{index}].date",
                date=date,
                end=end,
                years=EVENT_YEARS_AFTER,
                severity=WARNING,
            )


def party_from(source: SourceFile, collector: Collector) -> Party | None:
    """Check one party file; the record with references unresolved, or None."""
    values = _read(source, PARTY_FIELDS, phrase("schema.party"), f.PARTY_ID, collector)
    _report_body(source, collector)
    kind = source.data.get("kind")
    for key in ("members", "member_count", "members_kind"):
        known = isinstance(kind, str) and kind in _PARTY_KINDS  # a list is not hashable
        if source.data.get(key) and known and kind != PartyKind.GROUP:
            collector.add("members-not-group", key, kind=kind)
            return None
    if values is None:
        return None
    if isinstance(province := values.get("province"), InferredProvince):
        values["province"], values["province_reason"] = province.name, province.reason
    if values.get("member_count") is UNCOUNTED:
        values["member_count"], values["members_uncounted"] = None, True
    listed, count = len(values.get("members", ())), values.get("member_count")
    if count is not None and count < listed:
        collector.add("member-count-too-small", "member_count", count=count, listed=listed)
        return None
    founded, dissolved = values.get("founded"), values.get("dissolved")
    if founded and dissolved and founded.sort_key[0] == dissolved.sort_key[0] == 0:
        if dissolved.sort_key < founded.sort_key:
            collector.add("dissolved-before-founded", "dissolved", founded=founded, end=dissolved)
            return None
    return Party(id=source.stem, body=source.body, origin=_origin(source), **values)


def page_from(source: SourceFile, collector: Collector) -> Page | None:
    """Check one free page."""
    values = _read(source, PAGE_FIELDS, phrase("schema.page"), f.SLUG, collector)
    _report_body(source, collector)
    if source.stem in SECTIONS:
        collector.add(
            "reserved-slug", "file", line=1, name=source.stem, suggestion=f"trang-{source.stem}.md"
        )
        return None
    if values is None:
        return None
    return Page(slug=source.stem, body=source.body, origin=_origin(source), **values)
