"""The published register as of one date: statuses, two-way relations and indexes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from generator.collation import sort_key
from generator.diagnostics import Collector
from generator.model import (
    INVERSE_RELATION,
    Agreement,
    Event,
    EventKind,
    Page,
    PartialDate,
    Party,
    Relation,
    Status,
)
from generator.references import Entry, check_references
from generator.topics import Filing, Vocabulary, file_topics

T = TypeVar("T")


@dataclass(frozen=True)
class Backlink:
    """A relation seen from the agreement it points at."""

    rel: str
    """The inverse relation, e.g. `superseded-by`."""
    slug: str
    """The agreement the relation comes from."""


@dataclass(frozen=True)
class Register:
    """The whole published register as of one date, with its indexes; the settings it is
    rendered with are the build's, in `generator.context.Context`."""

    as_of: dt.date
    """The date statuses are computed against."""
    parties: Mapping[str, Party]
    """Every party by id, in id order."""
    agreements: Mapping[str, Agreement]
    """Published agreements by slug, newest signing first; party names resolved to ids."""
    drafts: tuple[Agreement, ...]
    """Agreements marked `draft`: checked, never published."""
    pages: Mapping[str, Page]
    """Free pages by slug."""
    files: frozenset[str]
    """Attachments, relative to content/files/."""
    statuses: Mapping[str, Status]
    """Status of each published agreement as of `as_of`."""
    backlinks: Mapping[str, tuple[Backlink, ...]]
    """Relations pointing at each published agreement from other published ones."""
    shared_events: Mapping[str, tuple[tuple[str, Event], ...]]
    """Slug → (slug of the record that holds it, event) of the events written on other
    published records that concern it too (`concerns`)."""
    redirects: Mapping[str, str]
    """Old slug → current slug."""
    by_party: Mapping[str, tuple[str, ...]]
    """Party id → slugs of the agreements it signed."""
    by_year: Mapping[int, tuple[str, ...]]
    """Signing year → slugs."""
    undated: tuple[str, ...]
    """Slugs whose signing year is not known (unknown, or only bounded), newest first."""
    in_force_by_year: Mapping[int, tuple[str, ...]]
    """Year → slugs of agreements whose period surely covers part of that year."""
    by_kind: Mapping[str, tuple[str, ...]]
    """Agreement kind → slugs."""
    by_topic: Mapping[str, tuple[str, ...]]
    """Topic key → slugs of the agreements filed under it."""
    topic_names: Mapping[str, str]
    """Topic key → its label (the vocabulary's, else the topic as first written)."""
    topics: Filing = field(default_factory=Filing)
    """How each record's topics are filed, and the vocabulary they are filed by."""
    topic_redirects: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Old topic key (a spelling the vocabulary absorbs, as it was addressed on its own)
    → the key of the topic that has a page now."""
    committed: Mapping[str, dt.date] = field(default_factory=lambda: MappingProxyType({}))
    """Slug → date of the last commit that changed the agreement's file (empty without git)."""

    def events_of(self, agreement: Agreement) -> tuple[tuple[Event, str | None], ...]:
        """The agreement's own events and those shared from other records (with the slug
        of the record holding them), in date order; unknown dates last."""
        own: list[tuple[Event, str | None]] = [(event, None) for event in agreement.events]
        shared: list[tuple[Event, str | None]] = [
            (event, slug) for slug, event in self.shared_events.get(agreement.slug, ())
        ]
        return tuple(sorted(own + shared, key=lambda item: item[0].date.sort_key))

    def ending_soon(self, agreement: Agreement) -> bool:
        """Whether an agreement in force surely ends within `ENDING_WINDOW` of the as-of date."""
        return (
            self.statuses[agreement.slug] is Status.IN_FORCE
            and _term_end(agreement) <= self.as_of + ENDING_WINDOW
        )

    def in_list(self, name: str) -> tuple[Agreement, ...]:
        """The agreements of one status list (`STATUS_LISTS`); those ending soon by their
        end, soonest first; the others in the register's order."""
        members = STATUS_LISTS[name]
        rows = [a for a in self.agreements.values() if self.statuses[a.slug] in members]
        if name != "ending-soon":
            return tuple(rows)
        soon = [a for a in rows if self.ending_soon(a)]
        return tuple(sorted(soon, key=_term_end))

    def ceased(self, agreement: Agreement) -> bool:
        """Whether every party of the agreement has ceased to exist (each is dissolved)."""
        return all(self.parties[p].dissolved is not None for p in agreement.parties)

    def last_updated(self, agreement: Agreement) -> PartialDate | None:
        """When the record last changed: its `updated` field, else its file's last commit,
        else its newest event or signing date that has a calendar date; None when none
        has one. Never the build's clock."""
        if agreement.updated is not None:
            return agreement.updated
        committed = self.committed.get(agreement.slug)
        if committed is not None:
            return PartialDate(committed.year, committed.month, committed.day)
        known = [
            date.date
            for date in (agreement.signed, *(event.date for event in agreement.events))
            if date.date is not None
        ]
        return max(known) if known else None


def status_of(
    agreement: Agreement, as_of: dt.date, superseded: bool, renewed: bool = False
) -> Status:
    """Derive an agreement's status on `as_of`; `superseded` if another one replaces it,
    `renewed` if another one, signed by then, renews it for a new term.

    Uncertain dates decide only what they settle: a termination counts once it may have
    happened; a period is `upcoming` only if it surely starts later, `expired` only if it
    surely ended, and `in force` only if it surely began and surely has not ended. A
    period without a known end is never in force: its status is `unknown`.
    """
    if any(
        event.kind is EventKind.TERMINATION
        and (event.date.earliest is None or event.date.earliest <= as_of)
        for event in agreement.events
    ):
        return Status.TERMINATED
    if superseded:
        return Status.SUPERSEDED
    if renewed:
        return Status.RENEWED
    period = agreement.period
    if period is None or (period.start is None and period.end is None):
        return Status.UNKNOWN
    start, end = period.start, period.end
    if start is not None and start.earliest is not None and as_of < start.earliest:
        return Status.UPCOMING
    if end is not None and end.latest is not None and as_of > end.latest:
        return Status.EXPIRED
    if end is None or end.date is None and (end.earliest is None or as_of >= end.earliest):
        return Status.UNKNOWN
    began = (start or agreement.signed).latest or agreement.signed.latest
    if began is None or as_of < began:
        return Status.UNKNOWN
    return Status.IN_FORCE


def build_register(
    as_of: dt.date,
    parties: list[Entry[Party]],
    agreements: list[Entry[Agreement]],
    pages: list[Entry[Page]],
    files: frozenset[str],
    unreadable: Iterable[tuple[str, str]] = (),
    committed: Mapping[str, dt.date] | None = None,
    topics: Filing | None = None,
) -> Register:
    """Check references across files, then derive the published register.

    `committed` maps files (relative to the content folder) to their last commit date;
    `topics` says how the records' topics are filed (default: each under its spelling).
    """
    checked = check_references(parties, agreements, pages, files, unreadable)
    # Newest signing first; agreements signed the same day in Vietnamese alphabetical order
    # of their titles, then by slug (sorts are stable).
    by_title = sorted(
        (a for a in checked.agreements.values() if not a.draft),
        key=lambda a: (sort_key(a.title), a.slug),
    )
    # Those whose signing date is wholly unknown come last, in title order.
    dated = [a for a in by_title if a.signed.sort_key[0] == 0]
    published = sorted(dated, key=lambda a: a.signed.sort_key, reverse=True) + [
        a for a in by_title if a.signed.sort_key[0] != 0
    ]
    return _assemble(
        as_of,
        published,
        parties=checked.parties,
        drafts=tuple(a for a in checked.agreements.values() if a.draft),
        pages=checked.pages,
        files=files,
        redirects=checked.redirects,
        committed=committed or {},
        # Without a vocabulary each topic is filed under its own spelling.
        topics=topics or file_topics(Vocabulary(), agreements, Collector("")),
    )


def _assemble(
    as_of: dt.date,
    published: list[Agreement],
    *,
    parties: dict[str, Party],
    drafts: tuple[Agreement, ...],
    pages: dict[str, Page],
    files: frozenset[str],
    redirects: dict[str, str],
    committed: Mapping[str, dt.date],
    topics: Filing,
) -> Register:
    """Derive statuses, backlinks and indexes for the published agreements."""
    agreements = {a.slug: a for a in published}
    replaced: dict[Relation, set[str]] = defaultdict(set)
    for a in published:
        # A record whose signing may still be ahead replaces nothing yet.
        if a.signed.earliest is None or a.signed.earliest <= as_of:
            for related in a.related:
                if related.slug is not None:
                    replaced[related.rel].add(related.slug)
    shared: dict[str, list[tuple[str, Event]]] = defaultdict(list)
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    by_party: dict[str, list[str]] = defaultdict(list)
    by_year: dict[int, list[str]] = defaultdict(list)
    undated: list[str] = []
    in_force: dict[int, list[str]] = defaultdict(list)
    by_kind: dict[str, list[str]] = defaultdict(list)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for a in published:
        for related in a.related:
            if related.slug in agreements:
                backlinks[related.slug].append(Backlink(INVERSE_RELATION[related.rel], a.slug))
        for event in a.events:
            for other in event.concerns:
                if other in agreements:
                    shared[other].append((a.slug, event))
        for party_id in a.parties:
            by_party[party_id].append(a.slug)
        if a.signed.year is None:
            undated.append(a.slug)
        else:
            by_year[a.signed.year].append(a.slug)
        for year in _years_in_force(a):
            in_force[year].append(a.slug)
        by_kind[a.kind.value].append(a.slug)
        for key in topics.of(a):  # two spellings of one topic list the agreement once
            by_topic[key].append(a.slug)
    return Register(
        as_of=as_of,
        parties=MappingProxyType(parties),
        agreements=MappingProxyType(agreements),
        drafts=drafts,
        pages=MappingProxyType(pages),
        files=files,
        statuses=MappingProxyType(
            {
                a.slug: status_of(
                    a,
                    as_of,
                    a.slug in replaced[Relation.SUPERSEDES],
                    a.slug in replaced[Relation.RENEWS],
                )
                for a in published
            }
        ),
        backlinks=_frozen(backlinks),
        shared_events=_frozen(shared),
        redirects=MappingProxyType(
            {old: new for old, new in redirects.items() if new in agreements}
        ),
        by_party=_frozen(by_party),
        by_year=_frozen(by_year),
        undated=tuple(undated),
        in_force_by_year=_frozen(in_force),
        by_kind=_frozen(by_kind),
        by_topic=_frozen(by_topic),
        topic_names=MappingProxyType({key: topics.labels[key] for key in sorted(by_topic)}),
        topics=topics,
        topic_redirects=MappingProxyType(
            {
                old: key
                for old, key in topics.vocabulary.old_keys().items()
                if key in by_topic and old not in by_topic
            }
        ),
        committed=MappingProxyType(
            {
                a.slug: committed[a.origin.relative]
                for a in published
                if a.origin.relative in committed
            }
        ),
    )


ENDING_WINDOW = dt.timedelta(days=183)
"""How soon a term must end for an agreement in force to be listed as ending soon (six
months; the pages state it)."""

STATUS_LISTS: Mapping[str, tuple[Status, ...]] = MappingProxyType(
    {
        "in-force": (Status.IN_FORCE,),
        "ending-soon": (Status.IN_FORCE,),
        "upcoming": (Status.UPCOMING,),
        "ended": (Status.EXPIRED, Status.TERMINATED),
        "replaced": (Status.SUPERSEDED, Status.RENEWED),
        "unknown": (Status.UNKNOWN,),
    }
)
"""The browsable lists by status, in the order shown; `ending-soon` is the part of
`in-force` whose term ends within `ENDING_WINDOW`."""


def _term_end(agreement: Agreement) -> dt.date:
    """The last day the term may run to; far in the future when not known."""
    period = agreement.period
    end = period.end.latest if period is not None and period.end is not None else None
    return end or dt.date.max


def status_list(status: Status) -> str:
    """The list a status is browsed under (its label links there)."""
    return next(name for name, members in STATUS_LISTS.items() if status in members)


MAX_YEARS_IN_FORCE = 50
"""Longest term listed year by year; guards against a mistyped end such as 2222."""


def _years_in_force(agreement: Agreement) -> range:
    """The years any part of which the agreement's period surely covers: empty without a
    period, or when its start (and signing) year or its end is not known."""
    period = agreement.period
    if period is None or period.end is None or period.end.latest is None:
        return range(0)
    first = (period.start.year if period.start else None) or agreement.signed.year
    if first is None:
        return range(0)
    last = period.end.latest.year
    for event in agreement.events:
        if event.kind is EventKind.TERMINATION and event.date.year is not None:
            last = min(last, event.date.year)
    return range(first, min(last, first + MAX_YEARS_IN_FORCE) + 1)


def _frozen(index: Mapping[T, list]) -> Mapping[T, tuple]:
    return MappingProxyType({key: tuple(values) for key, values in sorted(index.items())})
