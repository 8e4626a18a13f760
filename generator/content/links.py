"""Links between records in Markdown bodies, found for `check` and rewritten for the site.

Editors link a record the way Zola's `@/` internal links do: `[…](@/agreements/<slug>)`,
`[…](@/parties/<id>)`, `[…](@/pages/<slug>)`, a `#fragment` allowed after it. A link to
the register's own sections written from the site's root (`/agreements/<slug>/`,
`/years/2022/`) is accepted too. Both are checked (a record that does not exist is a
located error) and rewritten through the one URL module, so they hold under a base path
such as `https://owner.github.io/register/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.urls import SECTIONS, Urls

PREFIX = "@/"
"""How a link to a record begins."""

RECORDS = {"agreements": "agreement", "parties": "party", "pages": "page"}
"""The sections a record link may name, and the route of one record of each."""

# The destination of an inline link `[text](destination "title")`, and of a reference
# definition `[label]: destination`. Angle brackets allowed around it.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_RECORD = re.compile(r"(?:@/|/)(agreements|parties|pages)/(?:\d{4}/)?([^/#?]+?)(?:\.md)?/?(#.*)?")
_HREF = re.compile(r'href="(@/[^"]*|/(?!/)[^"]*)"')


@dataclass(frozen=True)
class BodyLink:
    """A link to the register written in a body."""

    offset: int
    """Line of the link within the body, from 0."""
    written: str
    """The destination as written."""
    section: str | None
    """`agreements`, `parties` or `pages` for a link to one record, else None."""
    slug: str | None
    """The record's slug or id, for a link to one record."""


def _destinations(body: str) -> Iterator[tuple[int, str]]:
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        for inline in _INLINE.finditer(line):
            yield offset, inline[1]
        if definition := _DEFINITION.match(line):
            yield offset, definition[1]


def body_links(body: str) -> list[BodyLink]:
    """Every link of a body to the register itself: `@/…`, or a root-relative path to one
    of the site's sections (outside code blocks)."""
    found = []
    for offset, destination in _destinations(body):
        own = destination.startswith(PREFIX) or (
            destination.startswith("/")
            and not destination.startswith("//")
            and destination[1:].split("/", 1)[0] in SECTIONS | {"pages"}
        )
        if not own:
            continue
        record = _RECORD.fullmatch(destination)
        if record is None:
            found.append(BodyLink(offset, destination, None, None))
        else:
            found.append(BodyLink(offset, destination, record[1], record[2]))
    return found


def resolve(destination: str, urls: Urls) -> str | None:
    """The site's link for a destination written in a body; None if it is not one."""
    record = _RECORD.fullmatch(destination)
    if record is not None:
        link = urls.url_for(RECORDS[record[1]], record[2])
        return link + (record[3] or "")
    if destination.startswith(PREFIX):
        return None
    return urls.prefix + destination.lstrip("/")


def rewrite(html: str, urls: Urls) -> str:
    """A rendered body with its links to the register under the site's base path."""

    def replace(match: re.Match[str]) -> str:
        link = resolve(match[1], urls)
        return match[0] if link is None else f'href="{link}"'

    return _HREF.sub(replace, html)
