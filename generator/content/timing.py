"""What a record's dates settle, worked out over every day each date may be.

A record date stands for a span of possible days (`span`): one day when stated to the day,
a whole year when only the year is known, the days between two bounds, or no bound at all
when unknown. An answer that depends on a date — the year a record was signed in, its
status on the as-of date, whether its term ends soon, whether it was in force in a year —
is `SURE` when every possible day gives it, `POSSIBLE` when only some do, and `NO` when
none does. The site says "có thể …" for a possible answer; it never picks one of the days.

This module is the one place these rules are written; `register` applies them to the
register, and the status help page states them in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.core.dates import RecordDate
from generator.core.model import Agreement, Event, EventKind, Period, ReviewEvery, Status


class Answer(enum.IntEnum):
    """How sure an answer is: false for `NO`, so that `if answer:` reads "at least possibly"."""

    NO = 0
    POSSIBLE = 1
    SURE = 2


@dataclass(frozen=True)
class Span:
    """The days a date may be: from `first` to `last`, both included; None where unbounded."""

    first: dt.date | None
    last: dt.date | None

    def before(self, day: dt.date) -> Answer:
        """Whether the date falls before `day`."""
        if self.last is not None and self.last < day:
            return Answer.SURE
        if self.first is not None and self.first >= day:
            return Answer.NO
        return Answer.POSSIBLE

    def by(self, day: dt.date) -> Answer:
        """Whether the date falls on or before `day`."""
        return self.before(day + dt.timedelta(days=1))

    @property
    def years(self) -> range:
        """Every year a possible day lies in; empty when the span is unbounded either way."""
        if self.first is None or self.last is None:
            return range(0)
        return range(self.first.year, self.last.year + 1)


UNBOUNDED = Span(None, None)


def span(date: RecordDate | None) -> Span:
    """The days `date` may be (unbounded when it is None or unknown)."""
    if date is None:
        return UNBOUNDED
    return Span(date.earliest, date.latest)


def earlier(spans: Iterable[Span]) -> Span:
    """The span of the earliest of several dates (each may be any day of its span)."""
    firsts, lasts = [], []
    for one in spans:
        firsts.append(one.first)
        lasts.append(one.last)
    if not firsts:
        return UNBOUNDED
    first = None if None in firsts else min(d for d in firsts if d is not None)
    known = [d for d in lasts if d is not None]
    return Span(first, min(known) if known else None)


LIFECYCLE: tuple[Status, ...] = (
    Status.TERMINATED,
    Status.SUPERSEDED,
    Status.RENEWED,
    Status.EXPIRED,
    Status.IN_FORCE,
    Status.UPCOMING,
    Status.UNKNOWN,
)
"""Statuses from the furthest along an agreement's life to the least; of the statuses the
possible days leave open, the first in this order is the one a page names ("có thể đã hết
hạn" for an agreement in force or expired)."""


@dataclass(frozen=True)
class Standing:
    """An agreement's status on the as-of date: every status its dates leave possible."""

    possible: frozenset[Status]
    """The statuses some possible days give; one when the dates settle it."""

    @property
    def status(self) -> Status:
        """The status a page names: the one furthest along the agreement's life."""
        return next(status for status in LIFECYCLE if status in self.possible)

    @property
    def sure(self) -> bool:
        """Whether every possible day gives the same status."""
        return len(self.possible) == 1

    def member(self, statuses: Iterable[Status]) -> Answer:
        """Whether the agreement belongs to a list of `statuses`."""
        listed = self.possible & frozenset(statuses)
        if not listed:
            return Answer.NO
        return Answer.SURE if listed == self.possible else Answer.POSSIBLE


def _sure(status: Status) -> Standing:
    return Standing(frozenset((status,)))


@dataclass(frozen=True)
class Term:
    """The days an agreement's term may begin and end; `end` None for a term without end
    (in force until an event ends or replaces it), `known_end` False when no end is known."""

    start: Span
    end: Span | None
    known_end: bool


def term(agreement: Agreement) -> Term | None:
    """The agreement's term as spans: its start (else, when the start is not given or
    wholly unknown, its signing) and its end; None without a period."""
    period: Period | None = agreement.period
    if period is None or (period.start is None and period.end is None and not period.indefinite):
        return None
    start = span(period.start)
    if start == UNBOUNDED:
        start = span(agreement.signed)
    if period.indefinite:
        return Term(start, None, True)
    end = span(period.end)
    return Term(start, end, end.first is not None)


def _period_standing(agreement: Agreement, as_of: dt.date) -> Standing:
    """The statuses the term alone leaves possible on `as_of`."""
    found = term(agreement)
    if found is None:
        return _sure(Status.UNKNOWN)
    if found.start == UNBOUNDED:
        # Neither the start nor the signing is known: only an end surely past says anything.
        if found.end is not None and found.end.before(as_of) is Answer.SURE:
            return _sure(Status.EXPIRED)
        return _sure(Status.UNKNOWN)
    started = found.start.by(as_of)
    if not started:
        return _sure(Status.UPCOMING)
    if found.end is None:
        ended = Answer.NO
    elif not found.known_end:
        # An end known only to be before some day has surely passed after that day;
        # otherwise nothing says whether the term still runs.
        if found.end.before(as_of) is Answer.SURE:
            return _sure(Status.EXPIRED)
        return _sure(Status.UNKNOWN)
    else:
        ended = found.end.before(as_of)
    if ended is Answer.SURE:
        return _sure(Status.EXPIRED)
    possible = {Status.IN_FORCE}
    if started is Answer.POSSIBLE:
        possible.add(Status.UPCOMING)
    if ended is Answer.POSSIBLE:
        possible.add(Status.EXPIRED)
    return Standing(frozenset(possible))


@dataclass(frozen=True)
class Replacement:
    """Another record of the register that supersedes or renews an agreement."""

    status: Status
    """The status it gives the agreement: `superseded` or `renewed`."""
    signed: Span
    """The days the replacing record may have been signed."""
    sure: bool = True
    """False when the relation is only probable: it then replaces at most possibly."""


def standing(
    agreement: Agreement, as_of: dt.date, replaced: Sequence[Replacement] = ()
) -> Standing:
    """The agreement's status on `as_of`, over every day its dates may be.

    `replaced` gives the records of the register that supersede or renew it. An ending (a
    termination event, a replacement) counts as sure once it surely happened by `as_of`
    (and, for a replacement, is not only probable), as possible while it may have; the
    first sure one decides.
    """
    endings = [
        (Status.TERMINATED, span(event.date).by(as_of))
        for event in agreement.events
        if event.kind is EventKind.TERMINATION
    ] + [
        (r.status, r.signed.by(as_of) if r.sure else min(r.signed.by(as_of), Answer.POSSIBLE))
        for r in replaced
    ]
    maybe: set[Status] = set()
    for status in (Status.TERMINATED, Status.SUPERSEDED, Status.RENEWED):
        answers = [answer for kind, answer in endings if kind is status]
        if Answer.SURE in answers:
            return _sure(status)
        if Answer.POSSIBLE in answers:
            maybe.add(status)
    return Standing(_period_standing(agreement, as_of).possible | maybe)


ENDING_WINDOW = dt.timedelta(days=183)
"""How soon a term must end for an agreement in force to be listed as ending soon (six
months; the pages state it)."""


def ending_soon(agreement: Agreement, standing: Standing, as_of: dt.date) -> Answer:
    """Whether an agreement in force ends within `ENDING_WINDOW` of `as_of`: sure when it is
    surely in force and its latest possible end falls in the window, possible when it may
    be in force and its earliest possible end falls in it."""
    found = term(agreement)
    if Status.IN_FORCE not in standing.possible or found is None or found.end is None:
        return Answer.NO
    if not found.known_end:
        return Answer.NO
    limit = as_of + ENDING_WINDOW
    if standing.sure and found.end.last is not None and found.end.last <= limit:
        return Answer.SURE
    assert found.end.first is not None
    return Answer.POSSIBLE if found.end.first <= limit else Answer.NO


def end_order(agreement: Agreement) -> tuple[dt.date, dt.date]:
    """How the ending-soon list orders terms: by the earliest possible end, then the latest;
    far in the future when not known."""
    found = term(agreement)
    end = found.end if found is not None and found.end is not None else UNBOUNDED
    return (end.first or dt.date.max, end.last or dt.date.max)


MAX_YEARS_IN_FORCE = 50
"""Longest term listed year by year; guards against a mistyped end such as 2222."""


def years_in_force(
    agreement: Agreement, as_of: dt.date, replaced: Sequence[Span] = ()
) -> dict[int, Answer]:
    """The years in part of which the agreement was in force, each sure or possible.

    A year is sure when the term surely began by its last day and surely ended (or was
    terminated or replaced) no earlier than its first day; possible when some possible
    days give that. A term without end runs to the as-of date. Years are listed only
    between bounds that are known.
    """
    found = term(agreement)
    if found is None or not found.known_end:
        return {}
    end = found.end if found.end is not None else Span(as_of, as_of)
    stops = [span(e.date) for e in agreement.events if e.kind is EventKind.TERMINATION]
    end = earlier([end, *stops, *replaced]) if stops or replaced else end
    first = found.start.first or found.start.last
    last = end.last if end.last is not None else end.first
    if first is None or last is None:
        return {}
    years: dict[int, Answer] = {}
    for year in range(first.year, min(last.year, first.year + MAX_YEARS_IN_FORCE) + 1):
        began = found.start.by(dt.date(year, 12, 31))
        running = Answer.SURE - end.before(dt.date(year, 1, 1))
        answer = Answer(min(began, running))
        if answer:
            years[year] = answer
    return years


@dataclass(frozen=True)
class PlannedReview:
    """A review the parties planned (`reviews`) that the register holds no report of."""

    kind: EventKind
    """`review` (sơ kết) or `final-review` (tổng kết)."""
    year: int | None
    """The year an annual review is for; None for the final review."""


_REVIEWS = (EventKind.REVIEW, EventKind.FINAL_REVIEW)

FINAL_REVIEW_GRACE = dt.timedelta(days=183)
"""How long after the term's last possible day a final review is still only expected."""


def _may_fall(days: Span, opens: dt.date, closes: dt.date) -> bool:
    """Whether a date may fall between `opens` and `closes` (both included)."""
    return (days.first is None or days.first <= closes) and (
        days.last is None or days.last >= opens
    )


def unreported_reviews(
    agreement: Agreement, events: Iterable[Event], as_of: dt.date
) -> tuple[PlannedReview, ...]:
    """The planned reviews whose time has passed by `as_of` and of which the register holds
    no report: a fact about the register, never a claim that a review did not happen.

    The annual review of year Y (sơ kết năm Y) is looked for from 1 July of Y to 30 June
    of Y+1, every year of the term from its start (the last year left to the final review
    when one is planned); any `review` or `final-review` event that may fall then counts.
    The final review (tổng kết) is looked for once six months have passed since the
    term's last possible day; any `final-review` event counts.
    """
    deadlines = review_deadlines(agreement, events, as_of)
    return tuple(review for review, closes in deadlines if closes < as_of)


def review_deadlines(
    agreement: Agreement, events: Iterable[Event], as_of: dt.date
) -> tuple[tuple[PlannedReview, dt.date], ...]:
    """Each planned review the register holds no report of yet, with the last day it looks
    for one (`unreported_reviews`' windows, whether that day has passed or not): 30 June
    after the year of an annual review, six months after the term's last possible day for
    the final review. A term without end has its annual reviews up to the as-of year."""
    planned, found = agreement.reviews, term(agreement)
    if planned is None or found is None or found.start == UNBOUNDED:
        return ()
    events = list(events)
    due: list[tuple[PlannedReview, dt.date]] = []
    if planned.every is ReviewEvery.YEAR:
        first = found.start.first or found.start.last
        assert first is not None
        end = found.end.last if found.end is not None else None
        last = end.year - (1 if planned.final else 0) if end is not None else as_of.year
        stops = [span(e.date).last for e in events if e.kind is EventKind.TERMINATION]
        last = min([last, *(stop.year for stop in stops if stop is not None)])
        reviews = [span(e.date) for e in events if e.kind in _REVIEWS]
        for year in range(first.year, min(last, first.year + MAX_YEARS_IN_FORCE) + 1):
            opens, closes = dt.date(year, 7, 1), dt.date(year + 1, 6, 30)
            if not any(_may_fall(days, opens, closes) for days in reviews):
                due.append((PlannedReview(EventKind.REVIEW, year), closes))
    if planned.final and found.end is not None and found.end.last is not None:
        if not any(e.kind is EventKind.FINAL_REVIEW for e in events):
            closes = found.end.last + FINAL_REVIEW_GRACE
            due.append((PlannedReview(EventKind.FINAL_REVIEW, None), closes))
    return tuple(due)
