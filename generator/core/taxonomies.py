"""The ways the register is browsed, as one table: taxonomies (a record's terms → a page per
term, and an index of terms) and the site's navigation.

A taxonomy names how a record's terms are found, its routes, where its words are, how its
terms are ordered and which templates draw it; `register.py` builds every taxonomy's index
with one loop, `pages.py` plans every taxonomy's pages with one planner, and `urls.py` makes
its routes from this table. A new list page is a row here and its strings
(`<strings>.title`, `lead`, `caption`, `heading`, `caption_one` and `nav.<name>`).

Years, statuses and provinces keep what is special about them (years in force, derived
statuses, merged provinces) in their own planners, but appear in the same navigation list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from generator.core.model import Agreement, AgreementKind, Party, PartyKind


class Lookup(Protocol):
    """What a taxonomy may consult to find a record's terms besides the record."""

    @property
    def parties(self) -> Mapping[str, Party]:
        """Every party by id."""
        ...

    def topics_of(self, agreement: Agreement) -> Iterable[str]:
        """The keys of the topics the agreement is filed under."""
        ...


@dataclass(frozen=True)
class Taxonomy:
    """One way of grouping the agreements: a page listing its terms, a paginated page per
    term."""

    name: str
    """The index's route name (`kinds`), and its key in the navigation strings (`nav.kinds`)."""
    term_route: str
    """The route of one term's pages (`kind`)."""
    folder: str
    """The URL folder (`kinds` → `/kinds/`, `/kinds/<term>/`)."""
    terms_of: Callable[[Agreement, Lookup], Iterable[str]]
    """The keys of the terms a record is filed under (each listed once)."""
    strings: str
    """The strings block of its pages' words (title, lead, caption, heading, caption_one)."""
    labels: str | None = None
    """The strings block naming each term by key (`kinds`), or None when the content names
    them (topics: the vocabulary's labels)."""
    order: tuple[str, ...] | None = None
    """The order of the terms (an enum's), or None: in Vietnamese order of their labels."""
    lower: bool = False
    """Whether a term's label is lowercased inside a sentence (`chương trình phối hợp`; not
    `Cấp ủy Đảng`)."""
    list_filter: str | None = None
    """The full list's filter for one of its terms (`?kind=program`), if it has one."""
    templates: str = "taxonomy"
    """The folder of its `list.html` and `detail.html`: its own, or the generic one."""

    def template(self, which: str) -> str:
        """The template of the index (`list`) or of a term's page (`detail`)."""
        return f"{self.templates}/{which}.html"


def _kind(agreement: Agreement, _: Lookup) -> Iterable[str]:
    return (agreement.kind.value,)


def _topics(agreement: Agreement, lookup: Lookup) -> Iterable[str]:
    return lookup.topics_of(agreement)


def _party_kinds(agreement: Agreement, lookup: Lookup) -> Iterable[str]:
    kinds = {lookup.parties[p].kind.value for p in agreement.parties if p in lookup.parties}
    return [kind.value for kind in PartyKind if kind.value in kinds]


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        "kinds",
        "kind",
        "kinds",
        _kind,
        strings="kind_pages",
        labels="kinds",
        order=tuple(AgreementKind),
        lower=True,
        list_filter="kind",
    ),
    Taxonomy(
        "party_kinds",
        "party_kind",
        "party-kinds",
        _party_kinds,
        strings="party_kind_pages",
        labels="party_kinds",
        order=tuple(PartyKind),
    ),
    Taxonomy(
        "topics",
        "topic",
        "topics",
        _topics,
        strings="topics",
        list_filter="topic",
        templates="topics",
    ),
)
"""Every taxonomy, in the order its pages are planned."""

BY_NAME: Mapping[str, Taxonomy] = {taxonomy.name: taxonomy for taxonomy in TAXONOMIES}


@dataclass(frozen=True)
class Section:
    """One entry of the site's navigation."""

    route: str
    """The route of its first page; its label is `nav.<route>` (`nav_short.<route>` in the
    header), its line on the home page `home.browse_<route>`."""
    folder: str
    """The first segment of its pages' paths (marks the header's current section)."""
    header: bool
    """Whether the header's navigation shows it (the home page's browse list and the
    no-JavaScript browse box show every section)."""


NAVIGATION: tuple[Section, ...] = (
    Section("agreements", "agreements", header=True),
    Section("parties", "parties", header=True),
    Section("years", "years", header=True),
    Section("provinces", "provinces", header=True),
    Section("statuses", "status", header=True),
    Section("topics", "topics", header=True),
    Section("kinds", "kinds", header=True),
    Section("party_kinds", "party-kinds", header=False),
    Section("data", "data", header=True),
)
"""The ways into the register, in the order every navigation list shows them."""
