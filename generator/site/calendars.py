"""The calendars (RFC 5545): each term's end and each planned review's deadline as an
all-day event, the register's and each party's, written with the `icalendar` library.

An event is made only for a day the record settles: a term's end known to the day (stated,
inferred or worked out from a duration: its description says which), never one known only
to the month or the year, which has no day to put in a calendar. A planned review has no
day of its own: its event is the last day of the window in which the register looks for a
report of it (`timing.review_deadlines`), and says so.

Nothing depends on the build's clock: an event's DTSTAMP is the record's last change (else
the event's own day), so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import icalendar

from generator.content.register import Register
from generator.content.timing import review_deadlines, term
from generator.core.context import Context
from generator.core.dates import Certainty
from generator.core.model import Agreement, EventKind
from generator.core.urls import path_for
from generator.site.exports import address
from generator.site.feeds import permanent_id

PRODUCT = "-//agreements-register//calendar//VI"
"""The calendar's PRODID."""


@dataclass(frozen=True)
class DayEvent:
    """One all-day event of a calendar."""

    uid: str
    day: dt.date
    stamp: dt.date
    """The record's last change (else the event's day): the event's DTSTAMP."""
    summary: str
    description: str
    url: str


def ordered(events: Iterable[DayEvent]) -> list[DayEvent]:
    """Events in a calendar's order: by day, then by uid."""
    return sorted(events, key=lambda event: (event.day, event.uid))


def events_of(
    register: Register, context: Context, agreement: Agreement, words: Mapping[str, Any]
) -> list[DayEvent]:
    """The events of one agreement: its term's end when known to the day, and the deadline
    of each planned review the register holds no report of."""
    url = address(context.urls, "agreement", agreement.slug)
    uid = permanent_id(context.urls, path_for("agreement", agreement.slug))
    changed = register.last_updated(agreement)
    title = agreement.title
    record = words["record"].format(url=url)
    found: list[DayEvent] = []

    def add(part: str, day: dt.date, summary: str, *lines: str) -> None:
        stamp = changed.first_day if changed is not None else day
        text = "\n\n".join((*lines, record))
        found.append(DayEvent(f"{uid}#{part}", day, stamp, summary, text, url))

    span = term(agreement)
    period = agreement.period
    if span is not None and span.end is not None and period is not None:
        first, last = span.end.first, span.end.last
        if first is not None and first == last:
            notes = [words["end_text"].format(title=title)]
            end = period.end
            if period.derived:
                notes.append(words["end_derived"])
            elif end is not None and end.certainty is Certainty.INFERRED:
                notes.append(words["end_inferred"].format(reason=end.reason or ""))
            add("het-han", first, words["end"].format(title=title), *notes)
    events = [event for event, _ in register.events_of(agreement)]
    for review, due in review_deadlines(agreement, events, register.as_of):
        if review.kind is EventKind.FINAL_REVIEW:
            add("tong-ket", due, words["final"].format(title=title), words["final_text"])
        else:
            year = review.year
            add(
                f"so-ket-{year}",
                due,
                words["review"].format(year=year, title=title),
                words["review_text"].format(year=year),
            )
    return found


def event_text(one: DayEvent) -> str:
    """One all-day event as an RFC 5545 VEVENT block (CRLF line ends, folded at 75 octets);
    a calendar and every party's calendar that hold it share this text."""
    event = icalendar.Event()
    event.add("uid", one.uid)
    event.add("dtstamp", dt.datetime.combine(one.stamp, dt.time(), dt.UTC))
    event.add("dtstart", one.day)
    event.add("dtend", one.day + dt.timedelta(days=1))
    event.add("summary", one.summary)
    event.add("description", one.description)
    if one.url.startswith(("https://", "http://")):  # a path alone is no URI
        event.add("url", one.url)
    event.add("transp", "TRANSPARENT")  # a date to know, not time taken
    return event.to_ical().decode("utf-8")


def calendar_text(name: str, description: str, events: Iterable[str]) -> str:
    """A calendar of events (each as `event_text` wrote it) as RFC 5545 text."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", icalendar.vText(description))
    calendar.add("x-wr-caldesc", icalendar.vText(description))
    # Apps look for new events about once a day.
    calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(dt.timedelta(days=1)))
    text = calendar.to_ical().decode("utf-8")
    end = "END:VCALENDAR\r\n"
    assert text.endswith(end)
    return text.removesuffix(end) + "".join(events) + end
