"""Atom feeds: the register's and each party's, their newest changes first."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.content.register import Register
from generator.core.context import Context
from generator.core.dates import PartialDate
from generator.core.model import Agreement
from generator.core.urls import Urls, path_for
from generator.site.exports import address
from generator.site.markup import summary

FEED_SIZE = 50
"""Entries in a feed: the most recently changed agreements."""


@dataclass(frozen=True)
class FeedCategory:
    """An entry's kind or topic: `term` for programs, `label` for people."""

    term: str
    """The kind's code (`program`), or the topic's key (`tuyen-truyen`)."""
    label: str
    """The words a reader sees: the kind's name in the interface's language, or the topic's
    label."""


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
    """RFC 3339 time the record entered the register (midnight UTC of the day of the commit
    that added its file), or empty when git does not say (no history, a shallow clone)."""
    summary: str
    categories: tuple[FeedCategory, ...]


def _timestamp(value: PartialDate) -> str:
    return _day_timestamp(value.first_day)


def _day_timestamp(day: dt.date) -> str:
    return day.isoformat() + "T00:00:00Z"


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
    record with no known date at all (Atom requires one); `published` is the day the record
    entered the register, given only when git says it (so that a reader sees an entry as new
    once, and no feed claims more than the history knows).
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
            link=address(urls, "agreement", a.slug),
            updated=_timestamp(changed(a)),
            published=_day_timestamp(entered) if (entered := register.entered(a)) else "",
            summary=summary(a),
            categories=(
                FeedCategory(a.kind.value, names.get(a.kind.value, a.kind.value)),
                *(FeedCategory(key, register.topic_names[key]) for key in register.topics.of(a)),
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
        alternate=address(urls, page, *page_args),
        updated=max((e.updated for e in entries), default=_timestamp(empty)),
        entries=entries,
    )
