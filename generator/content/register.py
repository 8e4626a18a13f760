"""The published register as of one date: statuses, two-way relations and indexes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TypeVar

from generator.content import timing
from generator.content.references import Entry, check_references
from generator.content.timing import (
    Answer,
    PlannedReview,
    Replacement,
    Standing,
    end_order,
    span,
    standing,
    years_in_force,
)
from generator.content.topics import Filing, Vocabulary, file_topics
from generator.core.collation import sort_key
from generator.core.diagnostics import Collector
from generator.core.model import (
    INVERSE_RELATION,
    Agreement,
    Change,
    ChangeKind,
    Confidence,
    Event,
    Page,
    PartialDate,
    Party,
    Relation,
    Revision,
    Status,
)
from generator.core.taxonomies import TAXONOMIES
from generator.core.vietnamese import fold

T = TypeVar("T")


@dataclass(frozen=True)
class Backlink:
    """A relation seen from the agreement it points at."""

    rel: str
    """The inverse relation, e.g. `superseded-by`."""
    slug: str
    """The agreement the relation comes from."""
    certainty: Confidence | None = None
    """`probable` when the relation is only thought probable."""
    reason: str | None = None
    """Why it is thought probable."""


@dataclass(frozen=True)
class Register:
    """The whole published register as of one date, with its indexes; the settings it is
    rendered with are the build's, in `generator.core.context.Context`."""

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
    """Status of each published agreement as of `as_of`: the one its pages name (when its
    dates leave several open, the furthest along its life, said as "có thể …")."""
    standings: Mapping[str, Standing]
    """Every status each published agreement's dates leave possible as of `as_of`."""
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
    """Year → slugs of the agreements every possible signing day of which lies in it."""
    maybe_by_year: Mapping[int, tuple[str, ...]]
    """Year → slugs of the agreements that may have been signed in it, their possible
    signing days lying in several years between two known bounds."""
    undated: tuple[str, ...]
    """Slugs whose signing year is not settled (unknown, or possible days in several
    years), newest first."""
    in_force_by_year: Mapping[int, tuple[str, ...]]
    """Year → slugs of agreements whose term surely covers part of that year."""
    maybe_in_force_by_year: Mapping[int, tuple[str, ...]]
    """Year → slugs of agreements whose term may cover part of that year, not surely."""
    terms: Mapping[str, Mapping[str, tuple[str, ...]]]
    """Taxonomy name (`taxonomies.TAXONOMIES`) → term key → slugs of the agreements filed
    under it."""
    topic_names: Mapping[str, str]
    """Topic key → its label (the vocabulary's, else the topic as first written)."""
    topics: Filing = field(default_factory=Filing)
    """How each record's topics are filed, and the vocabulary they are filed by."""
    topic_redirects: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Old topic key (a spelling the vocabulary absorbs, as it was addressed on its own)
    → the key of the topic that has a page now."""
    same_named: frozenset[str] = frozenset()
    """Ids of the parties whose name or short name is also another party's (told apart on
    the site by their time span or province)."""
    committed: Mapping[str, dt.date] = field(default_factory=lambda: MappingProxyType({}))
    """Slug → date of the last commit that changed the agreement's file (empty without git)."""
    revisions: Mapping[str, tuple[Revision, ...]] | None = None
    """Slug → every commit that changed the agreement's file (its earlier names too), newest
    first; None when the content is not in git (or its history was not read)."""
    history_reaches: dt.date | None = None
    """In a shallow clone, the day its history reaches back to; None for a full one."""

    @property
    def by_kind(self) -> Mapping[str, tuple[str, ...]]:
        """Agreement kind → slugs."""
        return self.terms["kinds"]

    @property
    def by_topic(self) -> Mapping[str, tuple[str, ...]]:
        """Topic key → slugs of the agreements filed under it."""
        return self.terms["topics"]

    def events_of(self, agreement: Agreement) -> tuple[tuple[Event, str | None], ...]:
        """The agreement's own events and those shared from other records (with the slug
        of the record holding them), in date order; unknown dates last."""
        own: list[tuple[Event, str | None]] = [(event, None) for event in agreement.events]
        shared: list[tuple[Event, str | None]] = [
            (event, slug) for slug, event in self.shared_events.get(agreement.slug, ())
        ]
        return tuple(sorted(own + shared, key=lambda item: item[0].date.sort_key))

    def ending_soon(self, agreement: Agreement) -> Answer:
        """Whether an agreement in force ends within `ENDING_WINDOW` of the as-of date,
        surely or possibly (`timing.ending_soon`)."""
        return timing.ending_soon(agreement, self.standings[agreement.slug], self.as_of)

    def unreported_reviews(self, agreement: Agreement) -> tuple[PlannedReview, ...]:
        """The agreement's planned reviews, now due, that the register holds no report of
        (its own events and those other records share with it)."""
        events = (event for event, _ in self.events_of(agreement))
        return timing.unreported_reviews(agreement, events, self.as_of)

    def listed(self, name: str) -> Listed:
        """The agreements of one status list (`STATUS_LISTS`), those it surely holds apart
        from those it may hold; ending soon by their end, soonest first; the others in the
        register's order."""
        sure: list[Agreement] = []
        maybe: list[Agreement] = []
        for a in self.agreements.values():
            if name == "ending-soon":
                answer = self.ending_soon(a)
            else:
                answer = self.standings[a.slug].member(STATUS_LISTS[name])
            if answer:
                (sure if answer is Answer.SURE else maybe).append(a)
        if name == "ending-soon":
            sure.sort(key=end_order)
            maybe.sort(key=end_order)
        return Listed(tuple(sure), tuple(maybe))

    def ceased(self, agreement: Agreement) -> bool:
        """Whether every party of the agreement has ceased to exist (each is dissolved)."""
        return all(self.parties[p].dissolved is not None for p in agreement.parties)

    def history(self, agreement: Agreement) -> tuple[Revision, ...] | None:
        """Every commit that changed the agreement's file, newest first; None without git."""
        if self.revisions is None:
            return None
        return self.revisions.get(agreement.slug, ())

    def entered(self, agreement: Agreement) -> dt.date | None:
        """The day the record entered the register: the commit that added its file (its
        earliest name), when the history reaches it."""
        found = self.history(agreement)
        if not found or found[-1].changes[:1] != (Change(ChangeKind.ENTERED),):
            return None
        return found[-1].day

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


def build_register(
    as_of: dt.date,
    parties: list[Entry[Party]],
    agreements: list[Entry[Agreement]],
    pages: list[Entry[Page]],
    files: frozenset[str],
    unreadable: Iterable[tuple[str, str]] = (),
    committed: Mapping[str, dt.date] | None = None,
    topics: Filing | None = None,
    revisions: Mapping[str, tuple[Revision, ...]] | None = None,
    history_reaches: dt.date | None = None,
) -> Register:
    """Check references across files, then derive the published register.

    `committed` maps files (relative to the content folder) to their last commit date;
    `topics` says how the records' topics are filed (default: each under its spelling);
    `revisions` maps slugs to the commits that changed their files (None without git), and
    `history_reaches` says how far a shallow clone's history goes back.
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
    assembled = _assemble(
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
    if revisions is None:
        return assembled
    return replace(
        assembled,
        revisions=MappingProxyType({a.slug: revisions.get(a.slug, ()) for a in published}),
        history_reaches=history_reaches,
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
    backlinks, shared = _links(published, agreements)
    by_year, maybe_by_year, undated = _signing_years(published)
    standings, in_force, maybe_in_force = _standings(published, as_of)
    by_party, terms = _terms(published, _Lookup(parties, topics))
    by_topic = terms["topics"]
    return Register(
        as_of=as_of,
        parties=MappingProxyType(parties),
        agreements=MappingProxyType(agreements),
        drafts=drafts,
        pages=MappingProxyType(pages),
        files=files,
        statuses=MappingProxyType({slug: one.status for slug, one in standings.items()}),
        standings=MappingProxyType(standings),
        backlinks=_frozen(backlinks),
        shared_events=_frozen(shared),
        redirects=MappingProxyType(
            {old: new for old, new in redirects.items() if new in agreements}
        ),
        by_party=_frozen(by_party),
        by_year=_frozen(by_year),
        maybe_by_year=_frozen(maybe_by_year),
        undated=tuple(undated),
        in_force_by_year=_frozen(in_force),
        maybe_in_force_by_year=_frozen(maybe_in_force),
        terms=MappingProxyType({name: _frozen(index) for name, index in terms.items()}),
        topic_names=MappingProxyType({key: topics.labels[key] for key in sorted(by_topic)}),
        topics=topics,
        topic_redirects=MappingProxyType(
            {
                old: key
                for old, key in topics.vocabulary.old_keys().items()
                if key in by_topic and old not in by_topic
            }
        ),
        same_named=_same_named(parties),
        committed=MappingProxyType(
            {
                a.slug: committed[a.origin.relative]
                for a in published
                if a.origin.relative in committed
            }
        ),
    )


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
`in-force` whose term ends within `timing.ENDING_WINDOW`."""


def _links(
    published: list[Agreement], agreements: dict[str, Agreement]
) -> tuple[dict[str, list[Backlink]], dict[str, list[tuple[str, Event]]]]:
    """Each agreement's relations as the other side reads them, and the events other
    records hold that concern it."""
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    shared: dict[str, list[tuple[str, Event]]] = defaultdict(list)
    for a in published:
        for related in a.related:
            if related.slug in agreements:
                backlinks[related.slug].append(
                    Backlink(
                        INVERSE_RELATION[related.rel], a.slug, related.certainty, related.reason
                    )
                )
        for event in a.events:
            for other in event.concerns:
                if other in agreements:
                    shared[other].append((a.slug, event))
    return backlinks, shared


def _signing_years(
    published: list[Agreement],
) -> tuple[dict[int, list[str]], dict[int, list[str]], list[str]]:
    """The agreements by the year they were surely signed; those whose year is not sure, by
    each year they may have been signed (when there are few), and listed as undated."""
    by_year: dict[int, list[str]] = defaultdict(list)
    maybe_by_year: dict[int, list[str]] = defaultdict(list)
    undated: list[str] = []
    for a in published:
        if a.signed.certain_year is None:
            undated.append(a.slug)
            possible = span(a.signed).years
            for year in possible if len(possible) <= MAX_SIGNING_YEARS else ():
                maybe_by_year[year].append(a.slug)
        else:
            by_year[a.signed.certain_year].append(a.slug)
    return by_year, maybe_by_year, undated


def _standings(
    published: list[Agreement], as_of: dt.date
) -> tuple[dict[str, Standing], dict[int, list[str]], dict[int, list[str]]]:
    """Each agreement's status as of the day, and the years it was surely, or possibly, in
    force."""
    replacers = _replacers(published)
    standings: dict[str, Standing] = {}
    in_force: dict[int, list[str]] = defaultdict(list)
    maybe_in_force: dict[int, list[str]] = defaultdict(list)
    for a in published:
        replaced = replacers.get(a.slug, ())
        standings[a.slug] = standing(a, as_of, replaced)
        for year, answer in years_in_force(a, as_of, [r.signed for r in replaced]).items():
            (in_force if answer is Answer.SURE else maybe_in_force)[year].append(a.slug)
    return standings, in_force, maybe_in_force


def _terms(
    published: list[Agreement], lookup: _Lookup
) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """The agreements of each party, and of each term of every taxonomy."""
    by_party: dict[str, list[str]] = defaultdict(list)
    terms: dict[str, dict[str, list[str]]] = {t.name: defaultdict(list) for t in TAXONOMIES}
    for a in published:
        for party_id in a.parties:
            by_party[party_id].append(a.slug)
        for taxonomy in TAXONOMIES:
            for key in taxonomy.terms_of(a, lookup):
                terms[taxonomy.name][key].append(a.slug)
    return by_party, terms


def status_list(status: Status) -> str:
    """The list a status is browsed under (its label links there)."""
    return next(name for name, members in STATUS_LISTS.items() if status in members)


MAX_SIGNING_YEARS = 5
"""Widest span of possible signing years listed year by year as "có thể ký trong năm"
(`after: 2011, before: 2016`); a wider one is only under the unknown years."""


@dataclass(frozen=True)
class Listed:
    """The agreements of one status list: those it surely holds, then those it may hold."""

    sure: tuple[Agreement, ...]
    maybe: tuple[Agreement, ...]


REPLACING: Mapping[Relation, Status] = MappingProxyType(
    {Relation.SUPERSEDES: Status.SUPERSEDED, Relation.RENEWS: Status.RENEWED}
)
"""The relations that end the other agreement's life, and the status they give it."""


def _same_named(parties: Mapping[str, Party]) -> frozenset[str]:
    """The parties that share a name or a short name (matched as the register matches
    names) with another party."""
    owners: dict[str, set[str]] = defaultdict(set)
    for party in parties.values():
        for name in filter(None, (party.name, party.short)):
            owners[fold(name)].add(party.id)
    return frozenset(pid for ids in owners.values() if len(ids) > 1 for pid in ids)


def _replacers(published: list[Agreement]) -> dict[str, list[Replacement]]:
    """Slug → how each published record that supersedes or renews it does so."""
    found: dict[str, list[Replacement]] = defaultdict(list)
    for a in published:
        for related in a.related:
            if related.slug is not None and related.rel in REPLACING:
                replacement = Replacement(
                    REPLACING[related.rel], span(a.signed), related.certainty is None
                )
                found[related.slug].append(replacement)
    return found


@dataclass(frozen=True)
class _Lookup:
    """What a taxonomy consults to find a record's terms (`taxonomies.Lookup`)."""

    parties: Mapping[str, Party]
    filing: Filing

    def topics_of(self, agreement: Agreement) -> Iterable[str]:
        # Two spellings of one topic list the agreement once.
        return self.filing.of(agreement)


def _frozen(index: Mapping[T, list]) -> Mapping[T, tuple]:
    return MappingProxyType({key: tuple(values) for key, values in sorted(index.items())})
