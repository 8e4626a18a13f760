"""Plan the site: the register → every page to render, each with its path and context.

All listing logic lives here, in Python, built from the register's indexes made
once; templates only lay the values out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from types import MappingProxyType
from typing import Any

from generator.content import fields as f
from generator.content.register import STATUS_LISTS, Register
from generator.content.schema import AGREEMENT_TABLE
from generator.content.timing import PlannedReview
from generator.content.topics import Topic
from generator.core import provinces
from generator.core.collation import OTHER_INITIAL, initial, sort_key
from generator.core.context import Context
from generator.core.dates import PartialDate
from generator.core.model import (
    Agreement,
    AgreementKind,
    Event,
    Page,
    Party,
    PartyKind,
    Revision,
    Status,
)
from generator.core.provinces import NATIONWIDE
from generator.core.slugs import key_for
from generator.core.taxonomies import TAXONOMIES, Taxonomy
from generator.core.urls import PAGE_SIZE, path_for, search_parts
from generator.site.guide import Guide, MessageDoc, guide


@dataclass(frozen=True)
class View:
    """What a template family receives: each family has a frozen dataclass of its own (so
    that mypy checks what every template is given), its fields the template's names."""

    def names(self) -> dict[str, Any]:
        """The fields by name, as the template reads them."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass(frozen=True)
class Blank(View):
    """A page that needs nothing but the globals (/follow/, the 404 page)."""


@dataclass(frozen=True)
class AgreementData(View):
    """An agreement's JSON file, made by the exporter rather than a template."""

    agreement: Agreement


AGREEMENT_DATA = "agreement.json"
"""The "template" of an agreement's JSON file (`AgreementData`): `build.render_page`
makes it with `Renderer.agreement_json`."""


@dataclass(frozen=True)
class Planned:
    """One file of the site: where it goes, which template draws it, with what."""

    path: str
    """Path relative to the site root, as made by `urls.path_for`."""
    template: str
    """Template name, e.g. `agreements/detail.html`."""
    context: View = field(default_factory=Blank)
    """Values the template lays out."""
    listed: bool = True
    """Whether the page belongs in the sitemap."""


@dataclass(frozen=True)
class Numbered(View):
    """A page of a list cut into numbered pages."""

    page: int
    pages: int
    pagination: tuple[PageLink, ...]
    """The pagination bar (empty when there is one page)."""
    route: str
    """The list's route, for the bar's links."""
    route_args: tuple[object, ...]


@dataclass(frozen=True)
class Paged(Numbered):
    """A page of an agreement list: its share of the rows the list surely holds, then of
    those it may hold (a date leaves it open)."""

    rows: tuple[Agreement, ...]
    maybe_rows: tuple[Agreement, ...]
    total: int
    maybe_total: int


@dataclass(frozen=True)
class HomeView(View):
    counts: Mapping[str, int]
    latest: tuple[Agreement, ...]
    chart: Chart | None
    undated: int


@dataclass(frozen=True)
class ListingView(Paged):
    tools: ListTools


@dataclass(frozen=True)
class AgreementView(View):
    agreement: Agreement
    related: list[tuple[str, Agreement | None, Any, Any]]
    """(relation as read from this page, the other record if the register has it, the
    reference as written when it names a document without a record, the link with its
    certainty and reason)."""
    facts: tuple[str, ...]
    """The fields of its facts table's rows, in order (`fields.Shown.facts`)."""
    filed_topics: list[tuple[str, str]]
    """(key, label) of each topic the register files it under."""
    events: tuple[tuple[Event, str | None], ...]
    """Its events and those shared from other records (with the record holding them)."""
    unreported: tuple[PlannedReview, ...]
    titles: Mapping[str, str]
    """The titles of the other records its events name or come from, by slug."""
    all_ceased: bool
    """Whether every party has ceased to exist."""
    revisions: tuple[Revision, ...] | None
    """Every commit that changed its file, newest first; None without git."""
    history_reaches: dt.date | None
    last_updated: PartialDate | None


@dataclass(frozen=True)
class RedirectView(View):
    name: str
    target: tuple[str, str]
    canonical_path: str


@dataclass(frozen=True)
class PartiesView(Numbered):
    count: int
    jumps: Jumps
    groups: tuple[KindGroup, ...]


@dataclass(frozen=True)
class PartiesByNameView(Numbered):
    count: int
    groups: tuple[Initial, ...]
    letters: tuple[Initial, ...]


@dataclass(frozen=True)
class PartyView(Paged):
    party: Party
    partners: list[tuple[str, int]]
    per_year: list[tuple[int, int]]
    children: tuple[str, ...]
    member_of: tuple[str, ...]
    predecessors: tuple[str, ...]


@dataclass(frozen=True)
class ProvincesView(View):
    provinces: tuple[ProvincePage, ...]


@dataclass(frozen=True)
class ProvinceView(Paged):
    province: ProvincePage


@dataclass(frozen=True)
class YearsView(View):
    years: list[tuple[int, ...]]
    undated: int


@dataclass(frozen=True)
class UndatedView(View):
    signed: tuple[Agreement, ...]


@dataclass(frozen=True)
class YearView(Paged):
    year: int
    in_force: int = 0
    maybe_in_force: int = 0


@dataclass(frozen=True)
class TermsView(View):
    taxonomy: Taxonomy
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class TermView(Paged):
    taxonomy: Taxonomy
    term: Term


@dataclass(frozen=True)
class StatusesView(View):
    lists: list[tuple[str, int, int]]


@dataclass(frozen=True)
class StatusView(Paged):
    name: str


@dataclass(frozen=True)
class ReviewsView(Paged):
    planned: int
    unreported: Mapping[str, tuple[PlannedReview, ...]]


@dataclass(frozen=True)
class SearchView(View):
    kinds: list[AgreementKind]
    years: list[int]
    statuses: list[Status]
    topics: dict[str, str]
    parts: int
    hidden: Sequence[str] = ()
    """The ids of the parts' pages of part words (known once indexed) to leave out."""
    words: Sequence[str] = ()
    """The ids of the pages of the words' index, one per part (known once indexed)."""


@dataclass(frozen=True)
class FreePageView(View):
    page: Page


@dataclass(frozen=True)
class GuideView(View):
    guide: Guide


@dataclass(frozen=True)
class MessageView(View):
    message: MessageDoc


@dataclass(frozen=True)
class DataView(View):
    """/data/: the downloads with their sizes, the spreadsheet's columns, every field."""

    files: list[tuple[str, int]]
    spreadsheet: tuple[str, int]
    spreadsheet_columns: list[tuple[str, str, str, str]]
    example_path: str | None
    agreement_fields: list[tuple[str, str, str]]
    party_fields: list[tuple[str, str, str]]
    topic_fields: list[tuple[str, str, str]]
    csv_fields: list[tuple[str, str, str]]


@dataclass(frozen=True)
class PageLink:
    """One item of a pagination bar; `number` None is an ellipsis."""

    number: int | None
    current: bool = False


@dataclass(frozen=True)
class Bar:
    """One year's row of the home page chart: a bar for the agreements surely signed that
    year and a lighter one after it for those that may have been; widths in percent of the
    chart's width, `y` in pixels (the chart is drawn at its own size, never scaled, so that
    its text stays as large as the page's)."""

    year: int
    count: int
    maybe: int
    sure_width: float
    maybe_width: float
    label_x: float
    """Where the count is written, in percent of the width: just after the bars."""
    y: float
    linked: bool
    """Whether the year has a page (`/years/<yyyy>/`) for its row to link."""


@dataclass(frozen=True)
class Chart:
    """Agreements signed per year, one row a year, with the layout the SVG needs."""

    bars: tuple[Bar, ...]
    height: float
    row: float
    """Height of a row in pixels: a tap target of its own (WCAG 2.5.8 asks 24)."""
    start: float
    """Where the bars start, in percent of the width (the year's label before them)."""
    top: int
    any_maybe: bool


@dataclass(frozen=True)
class ProvinceGroup:
    """Parties of one kind in one province."""

    province: str | None
    parties: tuple[Party, ...]


@dataclass(frozen=True)
class KindGroup:
    """Parties of one kind, by province."""

    kind: PartyKind
    provinces: tuple[ProvinceGroup, ...]


@dataclass(frozen=True)
class Relatives:
    """Each party's place among the others, made once for all party pages."""

    children: Mapping[str, tuple[str, ...]]
    member_of: Mapping[str, tuple[str, ...]]
    predecessors: Mapping[str, tuple[str, ...]]


def plan(register: Register, context: Context) -> list[Planned]:
    """Every page of the site, in a stable order."""
    places = province_pages(register)
    return [
        *_home(register),
        *_listing(register, places),
        *_agreements(register),
        *_redirects(register),
        *_parties(register, places),
        *_provinces(places),
        *_years(register),
        *(page for taxonomy in TAXONOMIES for page in _taxonomy(register, taxonomy)),
        *_topic_redirects(register),
        *_statuses(register),
        *_reviews(register),
        *_free_pages(register),
        *_guide(register, context),
        _search(register),
        Planned(path_for("follow"), "follow/page.html"),
        Planned(path_for("not_found"), "404.html", listed=False),
    ]


def sitemap_paths(pages: list[Planned]) -> list[str]:
    """Paths of the pages a search engine should know, in plan order."""
    return [page.path for page in pages if page.listed]


def by_name(parties: Mapping[str, Party]) -> list[Party]:
    """Parties in Vietnamese alphabetical order of their full names."""
    return sorted(parties.values(), key=lambda party: sort_key(party.name))


def _agreements_of(register: Register, slugs: tuple[str, ...]) -> tuple[Agreement, ...]:
    return tuple(register.agreements[slug] for slug in slugs)


def _guide(register: Register, context: Context) -> Iterator[Planned]:
    """The guide, the index of its messages, and a page per message (so that each stays
    light, and a message's address stays the same as others are added)."""
    shown = guide(register, context)
    yield Planned(path_for("guide"), "guide/page.html", GuideView(shown))
    yield Planned(path_for("guide_fields"), "guide/fields.html", GuideView(shown))
    yield Planned(path_for("guide_messages"), "guide/messages.html", GuideView(shown))
    for message in shown.messages:
        yield Planned(
            path_for("guide_message", message.code), "guide/message.html", MessageView(message)
        )


def _home(register: Register) -> Iterator[Planned]:
    agreements = tuple(register.agreements.values())
    in_force, ending = register.listed("in-force"), register.listed("ending-soon")
    yield Planned(
        path_for("home"),
        "index.html",
        HomeView(
            counts={
                "agreements": len(agreements),
                "parties": len(register.parties),
                "in_force": len(in_force.sure),
                "maybe_in_force": len(in_force.maybe),
                "ending_soon": len(ending.sure),
                "maybe_ending_soon": len(ending.maybe),
            },
            latest=agreements[:5],
            chart=chart(register.by_year, register.maybe_by_year, _year_pages(register)),
            undated=len(register.undated),
        ),
    )


CHART_ROW = 30.0
"""Pixels per year of the home chart: taller than a 24 px tap target."""
CHART_START, CHART_SPAN = 16.0, 50.0
"""The bars start at 16% of the chart's width (after the year) and the longest takes 50%,
leaving the rest for its count ("12 + 3 có thể") on a 390 px phone."""


def chart(
    by_year: Mapping[int, tuple[str, ...]],
    maybe_by_year: Mapping[int, tuple[str, ...]] | None = None,
    linked: Iterable[int] = (),
) -> Chart | None:
    """A row for every year from the first to the last in which an agreement was or may
    have been signed, empty years included; a year in `linked` has a page to link."""
    maybe_by_year = maybe_by_year or {}
    years = set(by_year) | set(maybe_by_year)
    if not years:
        return None
    pages = set(linked)
    rows = [
        (year, len(by_year.get(year, ())), len(maybe_by_year.get(year, ())))
        for year in range(min(years), max(years) + 1)
    ]
    top = max(count + maybe for _, count, maybe in rows)
    bars = []
    for index, (year, count, maybe) in enumerate(rows):
        sure_width = round(CHART_SPAN * count / top, 2)
        maybe_width = round(CHART_SPAN * maybe / top, 2)
        bars.append(
            Bar(
                year=year,
                count=count,
                maybe=maybe,
                sure_width=sure_width,
                maybe_width=maybe_width,
                label_x=round(CHART_START + sure_width + maybe_width + 2, 2),
                y=index * CHART_ROW,
                linked=year in pages,
            )
        )
    return Chart(
        tuple(bars),
        height=len(rows) * CHART_ROW,
        row=CHART_ROW,
        start=CHART_START,
        top=top,
        any_maybe=any(maybe for _, _, maybe in rows),
    )


def pagination(current: int, pages: int) -> tuple[PageLink, ...]:
    """GOV.UK-style page numbers: first, last, the current one and its neighbours."""
    shown = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    items: list[PageLink] = []
    for number in shown:
        if items and items[-1].number is not None and number - items[-1].number > 1:
            items.append(PageLink(None))
        items.append(PageLink(number, number == current))
    return tuple(items)


def paginated(
    route: str,
    args: tuple[object, ...],
    rows: tuple[Agreement, ...],
    template: str,
    maybe: tuple[Agreement, ...] = (),
    view: Callable[..., Paged] = Paged,
) -> Iterator[Planned]:
    """One page per PAGE_SIZE rows of a listing, each with its pagination bar; `maybe`
    are the rows the listing may hold (a date leaves it open), after the others, each
    page's share of them in `maybe_rows`. `view` makes each page's values from the
    list's (a family's view with its own values given: `functools.partial(YearView,
    year=2024)`)."""
    every = rows + maybe
    pages = max(1, math.ceil(len(every) / PAGE_SIZE))
    for page in range(1, pages + 1):
        shown = range((page - 1) * PAGE_SIZE, min(page * PAGE_SIZE, len(every)))
        yield Planned(
            path_for(route, *args, page),
            template,
            view(
                rows=tuple(every[i] for i in shown if i < len(rows)),
                maybe_rows=tuple(every[i] for i in shown if i >= len(rows)),
                total=len(rows),
                maybe_total=len(maybe),
                page=page,
                pages=pages,
                pagination=pagination(page, pages) if pages > 1 else (),
                route=route,
                route_args=args,
            ),
        )


LIST_SORTS = ("newest", "oldest", "end", "title", "status")
"""The orders the full list's script offers (`?sort=`), the default first: signing date
newest or oldest first, the term's end soonest first, title in Vietnamese order, status."""


@dataclass(frozen=True)
class ListTools:
    """The choices of the full list's sort and filter form; each filter is also a page."""

    sorts: tuple[str, ...]
    """The orders, the default first (`LIST_SORTS`)."""
    statuses: tuple[str, ...]
    """Every status list (`/status/<list>/`), in the order shown."""
    kinds: tuple[AgreementKind, ...]
    """The kinds the register has (`/kinds/<kind>/`)."""
    provinces: tuple[ProvincePage, ...]
    """The province pages that list agreements, in the order of `/provinces/`."""
    years: tuple[int, ...]
    """The years the register has agreements surely signed in (`/years/<yyyy>/`), newest
    first."""
    topics: tuple[tuple[str, str], ...] = ()
    """(key, label) of the topics the register has (`/topics/<key>/`), in label order."""


def topic_choices(register: Register) -> tuple[tuple[str, str], ...]:
    """(key, label) of every topic with agreements, in Vietnamese order of the labels: the
    choices of the list's and the search's topic filter."""
    return _by_label(register.topic_names)


def _by_label(labels: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(labels.items(), key=lambda item: (sort_key(item[1]), item[0])))


def list_tools(register: Register, places: tuple[ProvincePage, ...]) -> ListTools:
    """What the full list can be filtered by: the same views as the browse pages."""
    return ListTools(
        sorts=LIST_SORTS,
        statuses=tuple(STATUS_LISTS),
        kinds=tuple(kind for kind in AgreementKind if kind.value in register.by_kind),
        provinces=tuple(place for place in places if place.agreements),
        years=tuple(sorted(register.by_year, reverse=True)),
        topics=topic_choices(register),
    )


def _listing(register: Register, places: tuple[ProvincePage, ...]) -> Iterator[Planned]:
    yield from paginated(
        "agreements",
        (),
        tuple(register.agreements.values()),
        "agreements/list.html",
        view=partial(ListingView, tools=list_tools(register, places)),
    )


def _agreements(register: Register) -> Iterator[Planned]:
    for agreement in register.agreements.values():
        yield agreement_page(register, agreement)


FACTS = f.shown_on(AGREEMENT_TABLE, "facts")
"""The entries of an agreement's facts table, in its order."""


def facts_of(agreement: Agreement) -> tuple[str, ...]:
    """The fields of an agreement's facts rows: those it has a value for, and those shown
    even without one (derived ones always have one)."""
    return tuple(
        entry.name
        for entry in FACTS
        if isinstance(entry, f.Derived) or entry.shown.when_empty or getattr(agreement, entry.name)
    )


def agreement_page(register: Register, agreement: Agreement) -> Planned:
    """An agreement's own page (`serve` renders it alone after an edit of its body)."""
    # (relation as read from this page, the other record if the register has it,
    # the reference as written when it names a document without a record)
    # and how sure the relation is (its `certainty` and `reason`).
    related: list[tuple[str, Agreement | None, Any, Any]] = [
        (str(link.rel), register.agreements.get(link.slug or ""), link, link)
        for link in agreement.related
    ]
    events = register.events_of(agreement)
    named = {holder for _, holder in events if holder is not None}
    named |= {slug for event, _ in events for slug in event.concerns if slug in register.agreements}
    backlinks: list[tuple[str, Agreement | None, Any, Any]] = [
        (link.rel, register.agreements[link.slug], None, link)
        for link in register.backlinks.get(agreement.slug, ())
    ]
    return Planned(
        path_for("agreement", agreement.slug),
        "agreements/detail.html",
        AgreementView(
            agreement=agreement,
            related=related + backlinks,
            facts=facts_of(agreement),
            filed_topics=[
                (key, register.topic_names[key]) for key in register.topics.of(agreement)
            ],
            events=events,
            unreported=register.unreported_reviews(agreement),
            titles={slug: register.agreements[slug].title for slug in named},
            all_ceased=register.ceased(agreement),
            revisions=register.history(agreement),
            history_reaches=register.history_reaches,
            last_updated=register.last_updated(agreement),
        ),
    )


def _redirects(register: Register) -> Iterator[Planned]:
    for old, new in sorted(register.redirects.items()):
        yield redirect("agreement", old, new, register.agreements[new].title)


def redirect(route: str, old: str, new: str, name: str) -> Planned:
    """The page at an old address (an agreement's old slug, a topic's old key) that sends
    readers on to the page now at `new`, named `name`; its words are those of `route`."""
    return Planned(
        path_for(route, old),
        "redirect.html",
        RedirectView(name=name, target=(route, new), canonical_path=path_for(route, new)),
        listed=False,
    )


def relatives(parties: Mapping[str, Party]) -> Relatives:
    """Children, groups and predecessors of every party, in one pass."""
    children: dict[str, list[str]] = defaultdict(list)
    member_of: dict[str, list[str]] = defaultdict(list)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for party in by_name(parties):
        if party.parent:
            children[party.parent].append(party.id)
        for member in party.members:
            member_of[member].append(party.id)
        if party.succeeded_by:
            predecessors[party.succeeded_by].append(party.id)
    return Relatives(
        *(
            MappingProxyType({key: tuple(ids) for key, ids in index.items()})
            for index in (children, member_of, predecessors)
        )
    )


def party_groups(register: Register) -> tuple[KindGroup, ...]:
    """Parties by kind (in the contract's order), then by province in alphabetical order."""
    grouped: dict[PartyKind, dict[str | None, list[Party]]] = defaultdict(lambda: defaultdict(list))
    for party in by_name(register.parties):
        grouped[party.kind][party.province].append(party)
    return tuple(
        KindGroup(
            kind,
            tuple(
                ProvinceGroup(province, tuple(members))
                for province, members in sorted(
                    grouped[kind].items(),
                    # National bodies first, parties with no province last.
                    key=lambda item: (
                        item[0] != NATIONWIDE,
                        item[0] is None,
                        sort_key(item[0] or ""),
                    ),
                )
            ),
        )
        for kind in PartyKind
        if kind in grouped
    )


PARTIES_PAGE = 120
"""Parties per page of `/parties/`: a row is a name, its short form and a count."""


def party_pages(
    groups: tuple[KindGroup, ...], size: int | None = None
) -> list[tuple[KindGroup, ...]]:
    """The groups cut into pages of at most `size` parties, in order; a kind or province
    cut by a page break goes on at the top of the next page under its own heading."""
    rows = [
        (group.kind, place.province, party)
        for group in groups
        for place in group.provinces
        for party in place.parties
    ]
    pages: list[tuple[KindGroup, ...]] = []
    size = size or PARTIES_PAGE
    for start in range(0, max(len(rows), 1), size):
        kinds: dict[PartyKind, dict[str | None, list[Party]]] = {}
        for kind, province, party in rows[start : start + size]:
            kinds.setdefault(kind, {}).setdefault(province, []).append(party)
        pages.append(
            tuple(
                KindGroup(kind, tuple(ProvinceGroup(p, tuple(m)) for p, m in places.items()))
                for kind, places in kinds.items()
            )
        )
    return pages


NAMES_PAGE = 200
"""Parties per page of `/parties-a-z/`: a row is a name and its short form."""

_TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}
"""Anchor ids of the letters that are not ASCII, as Vietnamese keyboards type them."""


@dataclass(frozen=True)
class Initial:
    """A letter of the A–Z index of parties: where its names start, and those on a page."""

    letter: str
    """The letter (`Đ`), or `#` for names that start with no letter."""
    anchor: str
    """Its fragment id on the index page (`chu_dd`)."""
    page: int
    """The page of `/parties-a-z/` its first name is on."""
    parties: tuple[Party, ...] = ()


@dataclass(frozen=True)
class Jumps:
    """The ways to a party in one tap from any page of `/parties/`: a letter of the A–Z
    index, or a province page (which lists the province's parties)."""

    letters: tuple[Initial, ...]
    provinces: tuple[ProvincePage, ...]


def _initial_anchor(letter: str) -> str:
    return "chu_" + ("khac" if letter == OTHER_INITIAL else _TELEX.get(letter, letter.lower()))


def _by_initial(parties: list[Party]) -> list[tuple[str, list[Party]]]:
    groups: list[tuple[str, list[Party]]] = []
    for party in parties:
        letter = initial(party.name)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(party)
    return groups


def _parties_by_name(register: Register) -> tuple[tuple[Initial, ...], list[Planned]]:
    """`/parties-a-z/`: every party in Vietnamese order of its name, under its initial,
    paginated; and each letter with the page it starts on."""
    ordered = by_name(register.parties)
    chunks = [ordered[i : i + NAMES_PAGE] for i in range(0, max(len(ordered), 1), NAMES_PAGE)]
    letters: dict[str, Initial] = {}
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        groups = tuple(
            Initial(letter, _initial_anchor(letter), number, tuple(members))
            for letter, members in _by_initial(chunk)
        )
        for group in groups:
            letters.setdefault(group.letter, Initial(group.letter, group.anchor, number))
        pages.append(groups)
    index = tuple(letters.values())
    planned = [
        Planned(
            path_for("parties_by_name", number),
            "parties/by_name.html",
            PartiesByNameView(
                count=len(register.parties),
                groups=groups,
                letters=index,
                page=number,
                pages=len(pages),
                pagination=pagination(number, len(pages)) if len(pages) > 1 else (),
                route="parties_by_name",
                route_args=(),
            ),
        )
        for number, groups in enumerate(pages, start=1)
    ]
    return index, planned


def _parties(register: Register, places: tuple[ProvincePage, ...]) -> Iterator[Planned]:
    letters, by_name_pages = _parties_by_name(register)
    jumps = Jumps(letters, tuple(place for place in places if place.groups))
    pages = party_pages(party_groups(register))
    for number, groups in enumerate(pages, start=1):
        yield Planned(
            path_for("parties", number),
            "parties/list.html",
            PartiesView(
                count=len(register.parties),
                jumps=jumps,
                groups=groups,
                page=number,
                pages=len(pages),
                pagination=pagination(number, len(pages)) if len(pages) > 1 else (),
                route="parties",
                route_args=(),
            ),
        )
    yield from by_name_pages
    family = relatives(register.parties)
    for party in register.parties.values():
        slugs = register.by_party.get(party.id, ())
        partners: Counter[str] = Counter()
        years: Counter[int] = Counter()
        for slug in slugs:
            agreement = register.agreements[slug]
            partners.update(other for other in agreement.parties if other != party.id)
            if (year := agreement.signed.certain_year) is not None:
                years[year] += 1
        yield from paginated(
            "party",
            (party.id,),
            _agreements_of(register, slugs),
            "parties/detail.html",
            view=partial(
                PartyView,
                party=party,
                partners=sorted(
                    partners.items(),
                    key=lambda item: (-item[1], sort_key(register.parties[item[0]].name)),
                ),
                per_year=sorted(years.items(), reverse=True),
                children=family.children.get(party.id, ()),
                member_of=family.member_of.get(party.id, ()),
                predecessors=family.predecessors.get(party.id, ()),
            ),
        )


def _year_indexes(register: Register) -> tuple[Mapping[int, tuple[str, ...]], ...]:
    """The indexes by year: signed, maybe signed, in force, maybe in force."""
    return (
        register.by_year,
        register.maybe_by_year,
        register.in_force_by_year,
        register.maybe_in_force_by_year,
    )


def _year_pages(register: Register) -> set[int]:
    """The years that have a page: any agreement signed, or in force, in them (surely or
    possibly)."""
    return set().union(*_year_indexes(register))


def _years(register: Register) -> Iterator[Planned]:
    indexes = _year_indexes(register)
    years = sorted(_year_pages(register), reverse=True)
    yield Planned(
        path_for("years"),
        "years/list.html",
        YearsView(
            years=[(year, *(len(index.get(year, ())) for index in indexes)) for year in years],
            undated=len(register.undated),
        ),
    )
    if register.undated:
        yield Planned(
            path_for("undated"),
            "years/undated.html",
            UndatedView(_agreements_of(register, register.undated)),
        )
    for year in years:
        sure, maybe = (_agreements_of(register, index.get(year, ())) for index in indexes[2:])
        yield from paginated(
            "year",
            (year,),
            _agreements_of(register, register.by_year.get(year, ())),
            "years/detail.html",
            _agreements_of(register, register.maybe_by_year.get(year, ())),
            view=partial(YearView, year=year, in_force=len(sure), maybe_in_force=len(maybe)),
        )
        if sure or maybe:
            yield from paginated(
                "year_in_force",
                (year,),
                sure,
                "years/in_force.html",
                maybe,
                view=partial(YearView, year=year),
            )


@dataclass(frozen=True)
class Term:
    """One term of a taxonomy: a kind, a topic, a kind of party."""

    key: str
    """Its URL key."""
    name: str | None
    """Its label when the content names it (a topic's), else None: the strings name it."""
    about: Topic | None
    """What the content says of it (a topic's explanation and other spellings), if anything."""
    count: int
    """How many agreements are filed under it."""


def terms(register: Register, taxonomy: Taxonomy) -> tuple[Term, ...]:
    """A taxonomy's terms that have agreements, in its order: an enum's, else Vietnamese
    order of the labels."""
    index = register.terms[taxonomy.name]
    described = register.topics.vocabulary.topics if taxonomy.labels is None else {}
    if taxonomy.order is not None:
        keys = [key for key in taxonomy.order if key in index]
    else:
        keys = [key for key, _ in _by_label(register.topic_names)]
    names = register.topic_names if taxonomy.labels is None else {}
    return tuple(Term(key, names.get(key), described.get(key), len(index[key])) for key in keys)


def _taxonomy(register: Register, taxonomy: Taxonomy) -> Iterator[Planned]:
    """A taxonomy's index of terms, and a paginated page per term."""
    listed = terms(register, taxonomy)
    yield Planned(path_for(taxonomy.name), taxonomy.template("list"), TermsView(taxonomy, listed))
    for term in listed:
        rows = _agreements_of(register, register.terms[taxonomy.name][term.key])
        yield from paginated(
            taxonomy.term_route,
            (term.key,),
            rows,
            taxonomy.template("detail"),
            view=partial(TermView, taxonomy=taxonomy, term=term),
        )


@dataclass(frozen=True)
class PlaceGroup:
    """The parties of one province as written (a former province, or the current one)."""

    name: str
    """The province as the parties write it."""
    key: str
    """Its anchor and URL key."""
    former: bool
    """Whether it was abolished on 1/7/2025 (and lies in the current province now)."""
    parties: tuple[Party, ...]


@dataclass(frozen=True)
class ProvincePage:
    """A current province (or 'toàn quốc'): its parties, by the province they name, and
    the agreements they sign."""

    name: str
    full: str
    """The name with its kind: `thành phố Hồ Chí Minh`, `tỉnh Gia Lai`, `toàn quốc`."""
    key: str
    merged_from: tuple[str, ...]
    groups: tuple[PlaceGroup, ...]
    agreements: tuple[Agreement, ...]


def province_pages(register: Register) -> tuple[ProvincePage, ...]:
    """Every province after 1/7/2025 (in Vietnamese order), then 'toàn quốc'; each with the
    parties of the province and of the former provinces merged into it."""
    written: dict[str, list[Party]] = defaultdict(list)
    for party in by_name(register.parties):
        if party.province:
            written[party.province].append(party)
    pages = []
    for province in (*provinces.after_2025(), None):
        name = province.name if province else provinces.NATIONWIDE
        names = (province.merged_from or (province.name,)) if province else (name,)
        groups = tuple(
            PlaceGroup(place, key_for(place), place != name, tuple(written[place]))
            for place in names
            if written.get(place)
        )
        ids = {party.id for group in groups for party in group.parties}
        rows = tuple(a for a in register.agreements.values() if ids & set(a.parties))
        merged = tuple(place for place in names if place != name)
        full = province.full if province else name
        pages.append(ProvincePage(name, full, key_for(name), merged, groups, rows))
    return tuple(pages)


def _provinces(pages: tuple[ProvincePage, ...]) -> Iterator[Planned]:
    yield Planned(path_for("provinces"), "provinces/list.html", ProvincesView(pages))
    for page in pages:
        yield from paginated(
            "province",
            (page.key,),
            page.agreements,
            "provinces/detail.html",
            view=partial(ProvinceView, province=page),
        )


def _statuses(register: Register) -> Iterator[Planned]:
    """`/status/`: each status list with its count; a paginated page per list."""
    lists = {name: register.listed(name) for name in STATUS_LISTS}
    yield Planned(
        path_for("statuses"),
        "statuses/list.html",
        StatusesView([(name, len(rows.sure), len(rows.maybe)) for name, rows in lists.items()]),
    )
    for name, rows in lists.items():
        yield from paginated(
            "status",
            (name,),
            rows.sure,
            "statuses/detail.html",
            rows.maybe,
            view=partial(StatusView, name=name),
        )


def _reviews(register: Register) -> Iterator[Planned]:
    """`/status/reviews/`: the agreements whose planned reviews, now due, the register holds
    no report of."""
    planned = [a for a in register.agreements.values() if a.reviews is not None]
    rows = tuple(a for a in planned if register.unreported_reviews(a))
    yield from paginated(
        "reviews",
        (),
        rows,
        "statuses/reviews.html",
        view=partial(
            ReviewsView,
            planned=len(planned),
            unreported={a.slug: register.unreported_reviews(a) for a in rows},
        ),
    )


def _topic_redirects(register: Register) -> Iterator[Planned]:
    """A redirect from the old address of each spelling the vocabulary merged into a
    topic."""
    for old, key in sorted(register.topic_redirects.items()):
        yield redirect("topic", old, key, register.topic_names[key])


def _search(register: Register) -> Planned:
    """The search page, with the filter values the register has."""
    statuses = set(register.statuses.values())
    return Planned(
        path_for("search"),
        "search/page.html",
        SearchView(
            kinds=[kind for kind in AgreementKind if kind.value in register.by_kind],
            years=sorted(register.by_year, reverse=True),
            statuses=[status for status in Status if status in statuses],
            topics=dict(topic_choices(register)),
            parts=search_parts(len(register.agreements)),
            # The build renders the page again once indexed, with the ids to hide.
        ),
    )


def _free_pages(register: Register) -> Iterator[Planned]:
    for page in register.pages.values():
        yield Planned(path_for("page", page.slug), "pages/page.html", FreePageView(page))
