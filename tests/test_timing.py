"""Answers derived from dates are worked out over every day each date may be (`timing`)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content.timing import (
    Answer,
    Replacement,
    Span,
    Standing,
    ending_soon,
    span,
    standing,
    years_in_force,
)
from generator.core.dates import RecordDate, parse_mapping, parse_scalar
from generator.core.model import Agreement, AgreementKind, Event, EventKind, Period, Status

AS_OF = dt.date(2024, 6, 1)
IN_FORCE, EXPIRED, UPCOMING = Status.IN_FORCE, Status.EXPIRED, Status.UPCOMING
TERMINATED, SUPERSEDED, UNKNOWN = Status.TERMINATED, Status.SUPERSEDED, Status.UNKNOWN


def _date(written: str | dict) -> RecordDate:
    return parse_mapping(written) if isinstance(written, dict) else parse_scalar(written)


def _agreement(
    period: Period | None = None, events: tuple[Event, ...] = (), signed: str | dict = "2020"
) -> Agreement:
    return Agreement(
        slug="a",
        title="A",
        kind=AgreementKind.PROGRAM,
        parties=("x", "y"),
        signed=_date(signed),
        period=period,
        events=events,
    )


def _period(start: str | dict | None, end: str | dict | None) -> Period:
    return Period(_date(start) if start else None, _date(end) if end else None)


def _terminated(written: str | dict) -> tuple[Event, ...]:
    return (Event(_date(written), EventKind.TERMINATION, "Chấm dứt"),)


@pytest.mark.parametrize(
    ("agreement", "possible"),
    [
        (_agreement(_period("2024-07", "2026")), {UPCOMING}),
        (_agreement(_period("2022", "2025")), {IN_FORCE}),
        (_agreement(_period("2024-06-01", "2024-06-01")), {IN_FORCE}),
        (_agreement(_period("2020", "2024-05")), {EXPIRED}),
        (_agreement(_period("2022", "2027"), _terminated("2023-09")), {TERMINATED}),
        (_agreement(None), {UNKNOWN}),
        # An end known to the year: the as-of date inside that year may be after it or not.
        (_agreement(_period("2022", "2024")), {IN_FORCE, EXPIRED}),
        (_agreement(_period("2022", {"after": "2024-01"})), {IN_FORCE, EXPIRED}),
        (_agreement(_period("2022", {"after": "2024-12"})), {IN_FORCE}),
        # No end known, or only an upper bound not yet passed: nothing says it still runs.
        (_agreement(_period("2020", None)), {UNKNOWN}),
        (_agreement(_period("2020", "unknown")), {UNKNOWN}),
        (_agreement(_period("2022", {"before": "2025"})), {UNKNOWN}),
        (_agreement(_period("2022", {"before": "2024-03"})), {EXPIRED}),
        # A start that may be before or after the as-of date.
        (_agreement(_period({"before": "2024-12"}, "2027")), {UPCOMING, IN_FORCE}),
        (_agreement(_period("2024", "2027"), signed="2024"), {UPCOMING, IN_FORCE}),
        (_agreement(_period({"after": "2024-06"}, "2027")), {UPCOMING}),
        (_agreement(_period({"approximately": 2022}, "2027")), {IN_FORCE}),
        # A wholly unknown start falls back on the signing date.
        (_agreement(_period("XXXX-08-07", "2027")), {IN_FORCE}),
        (_agreement(_period(None, "2027"), signed="unknown"), {UNKNOWN}),
        (_agreement(_period(None, "2023"), signed="unknown"), {EXPIRED}),
        # A termination whose date may be after the as-of date only may have ended it.
        (_agreement(_period("2022", "2027"), _terminated("unknown")), {IN_FORCE, TERMINATED}),
        (_agreement(_period("2022", "2027"), _terminated("2024")), {IN_FORCE, TERMINATED}),
        (_agreement(_period("2022", "2027"), _terminated("2025-01-15")), {IN_FORCE}),
    ],
)
def test_the_status_holds_every_status_some_possible_day_gives(
    agreement: Agreement, possible: set[Status]
) -> None:
    """Each status arises from the period and events; an uncertain date leaves open every
    status some of its possible days give, and settles one only when all give it."""
    found = standing(agreement, AS_OF)
    assert found.possible == possible
    assert found.sure is (len(possible) == 1)


@pytest.mark.parametrize(
    ("possible", "named"),
    [
        ({IN_FORCE, EXPIRED}, EXPIRED),
        ({UPCOMING, IN_FORCE}, IN_FORCE),
        ({IN_FORCE, TERMINATED}, TERMINATED),
        ({UNKNOWN, SUPERSEDED}, SUPERSEDED),
    ],
)
def test_an_unsettled_status_is_named_by_what_may_have_come_about(
    possible: set[Status], named: Status
) -> None:
    """Pages say "có thể đã hết hạn" for a term that may have ended: the status furthest
    along the agreement's life names it."""
    assert Standing(frozenset(possible)).status is named


def test_a_term_without_end_is_in_force_until_an_event_ends_it() -> None:
    """`end: indefinite` is in force from its start, never expires, and a termination or a
    replacement ends it."""
    endless = _agreement(Period(_date("2019-05-01"), None, indefinite=True))
    assert standing(endless, AS_OF).possible == {IN_FORCE}
    assert standing(endless, dt.date(2019, 4, 30)).possible == {UPCOMING}
    assert standing(endless, dt.date(2090, 1, 1)).possible == {IN_FORCE}
    assert ending_soon(endless, standing(endless, AS_OF), AS_OF) is Answer.NO
    ended = _agreement(Period(_date("2019-05-01"), None, indefinite=True), _terminated("2023"))
    assert standing(ended, AS_OF).possible == {TERMINATED}
    replaced = [Replacement(SUPERSEDED, Span(dt.date(2024, 1, 1), dt.date(2024, 1, 1)))]
    assert standing(endless, AS_OF, replaced).possible == {SUPERSEDED}


def test_a_replacement_counts_once_the_replacing_record_surely_was_signed() -> None:
    """A record that supersedes this one but may have been signed after the as-of date, or
    only probably supersedes it, makes it "có thể đã được thay thế"; signed surely before
    and stated, "đã được thay thế"."""
    agreement = _agreement(_period("2022", "2027"))
    maybe = [Replacement(SUPERSEDED, span(_date("2024")))]
    surely = [Replacement(SUPERSEDED, span(_date("2024-05")))]
    later = [Replacement(SUPERSEDED, span(_date("2024-07")))]
    probable = [Replacement(SUPERSEDED, span(_date("2024-05")), sure=False)]
    assert standing(agreement, AS_OF, maybe).possible == {IN_FORCE, SUPERSEDED}
    assert standing(agreement, AS_OF, surely).possible == {SUPERSEDED}
    assert standing(agreement, AS_OF, later).possible == {IN_FORCE}
    assert standing(agreement, AS_OF, probable).possible == {IN_FORCE, SUPERSEDED}


@pytest.mark.parametrize(
    ("end", "as_of", "answer"),
    [
        # Hà Nội–Nghệ An 2022–2027, seen on 7/12/2026: 1/1/2027 is within six months,
        # 31/12/2027 is not.
        ("2027", dt.date(2026, 12, 7), Answer.POSSIBLE),
        ("2027-03", dt.date(2026, 12, 7), Answer.SURE),
        ("2027", dt.date(2026, 6, 1), Answer.NO),
        ("2027-12-31", dt.date(2027, 7, 1), Answer.SURE),
        # Inside the end's year: the term may have ended already, or end within the window.
        ("2027", dt.date(2027, 8, 1), Answer.POSSIBLE),
        ({"before": "2027-03"}, dt.date(2026, 12, 7), Answer.NO),
    ],
)
def test_ending_soon_is_sure_only_when_the_latest_possible_end_is_in_the_window(
    end: str | dict, as_of: dt.date, answer: Answer
) -> None:
    """A year-precision end is not counted to 31 December: the earliest possible end in
    the window makes the agreement "có thể sắp hết hạn"."""
    agreement = _agreement(_period("2022", end), signed="2022")
    assert ending_soon(agreement, standing(agreement, as_of), as_of) is answer


def test_a_signing_date_belongs_to_the_year_all_its_possible_days_lie_in() -> None:
    """Gia Lai's regulation, signed after June 2025 and no later than 20/9/2025, belongs
    to 2025; a span over two years belongs to neither, but may be either."""
    assert _date({"after": "2025-06", "before": "2025-09-20"}).certain_year == 2025
    assert _date({"after": "2025-06"}).certain_year is None
    assert _date("XXXX-10-26").certain_year is None
    assert _date({"date": "2016-11-30", "inferred": "year", "reason": "x"}).certain_year == 2016
    two = _date({"after": "2015-06", "before": "2016-07"})
    assert two.certain_year is None and list(span(two).years) == [2015, 2016]


def test_years_in_force_are_sure_or_possible_by_the_terms_possible_days() -> None:
    """A 2022–2025 term surely covers part of each year 2022–2025; one ending after
    2025 but not known when surely covers 2025 and only may cover later years."""
    plain = years_in_force(_agreement(_period("2022", "2025")), AS_OF)
    assert plain == {year: Answer.SURE for year in range(2022, 2026)}
    bounded = years_in_force(
        _agreement(_period("2022", {"after": "2025-06", "before": "2027-03"})), AS_OF
    )
    assert bounded[2025] is Answer.SURE
    assert bounded[2026] is Answer.POSSIBLE and bounded[2027] is Answer.POSSIBLE
    stopped = years_in_force(_agreement(_period("2022", "2027"), _terminated("2023-09")), AS_OF)
    assert sorted(stopped) == [2022, 2023]
    endless = years_in_force(_agreement(Period(_date("2022"), None, indefinite=True)), AS_OF)
    assert sorted(endless) == [2022, 2023, 2024]
