"""Dates as a report gives them: stated, inferred, approximate or bounded, or unknown.

A record never holds an invented date. What the editor writes:

- `2016-11-30`, `2016-11`, `2016`: stated, to the day, month or year (30/11/2016);
- `{date: 2016-11-30, inferred: year, reason: …}`: day and month stated, year inferred
  (30/11/2016, năm suy luận); `inferred: date` when the whole date was inferred;
- `{approximately: 2013}`: about then (khoảng năm 2013);
- `{before: 2025-09-20}`, `{after: 2015-06}`, or both: bounded (trước 20/9/2025);
- `XXXX-08-07`, `XXXX-08`: day and month stated, year unknown (7/8, chưa rõ năm);
- `unknown` (or `chưa rõ`): no source gives it.

`reason` may accompany every mapping form and is required with `inferred`. The data
carries each date in the Extended Date/Time Format (EDTF, ISO 8601-2) that the Library
of Congress publishes: `2016?-11-30`, `2011?`, `2013~`, `../2025-09-20`, `XXXX-08-07`,
`XXXX`, with its certainty as a word (`stated`, `inferred`, `approximate`, `unknown`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.messages import Phrase, phrase


class Precision(enum.IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


class DateFormError(ValueError):
    """A date written in none of the accepted forms (as opposed to a day that does not exist)."""


# ASCII digits only: `\d` would also take full-width and other scripts' digits.
_DATE_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day; the precision is kept."""

    year: int
    """Four-digit year."""
    month: int | None = None
    """Month 1–12, or None when only the year is known."""
    day: int | None = None
    """Day of the month, or None when not known."""

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(
                phrase(
                    "year {year} is not between 0001 and 9999",
                    "năm {year} không nằm trong khoảng 0001–9999",
                    year=self.year,
                )
            )
        if self.day is not None and self.month is None:
            raise ValueError(phrase("a day needs a month", "có ngày thì phải có tháng"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(_no_month(self.month))
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    phrase(
                        "{month} {year} has {last} days",
                        "tháng {number}/{year} chỉ có {last} ngày",
                        month=calendar.month_name[self.month],
                        number=self.month,
                        year=self.year,
                        last=last,
                    )
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

        Raises DateFormError for another form, ValueError for a day that does not exist.
        """
        match = _DATE_FORM.fullmatch(text.strip())
        if not match:
            raise DateFormError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """Year, month or day."""
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The earliest day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest day this date can mean (2027 covers all of 2027)."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological order; a coarser date sorts before finer ones that start with it."""
        return (self.first_day, int(self.precision))

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


UNKNOWN_WORDS = ("unknown", "chưa rõ", "không rõ")
"""What an editor may write for a date that no source gives."""

_YEARLESS = re.compile(r"[Xx]{4}-([0-9]{2})(?:-([0-9]{2}))?")
MAPPING_KEYS = ("date", "inferred", "approximately", "before", "after", "reason")
"""The keys of a date written as a mapping."""


class Certainty(enum.StrEnum):
    """How a date is known; these words are the open data's."""

    STATED = "stated"
    INFERRED = "inferred"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


class Inferred(enum.StrEnum):
    """Which part of an inferred date the source does not state."""

    YEAR = "year"
    DATE = "date"


_NOT_A_DATE = phrase("is not a date", "không phải một ngày")


def _no_month(month: int) -> Phrase:
    return phrase(
        "month {month} is not between 01 and 12",
        "tháng {month} không nằm trong khoảng 01–12",
        month=month,
    )


class DateShapeError(ValueError):
    """A date mapping whose keys do not fit together; `key` names the one at fault."""

    def __init__(self, key: str, problem: Phrase | str) -> None:
        super().__init__(problem)
        self.key = key


class MissingReason(DateShapeError):
    """An inferred date without the editor's reason: the reader could not check it."""


@dataclass(frozen=True)
class RecordDate:
    """A date in a record, with how it is known."""

    certainty: Certainty
    date: PartialDate | None = None
    """The date as given (stated, inferred or approximate); None when unknown or bounded."""
    after: PartialDate | None = None
    """Lower bound: the date is after this one."""
    before: PartialDate | None = None
    """Upper bound: the date is before this one."""
    inferred: Inferred | None = None
    """For an inferred date: whether only the year or the whole date was inferred."""
    month: int | None = None
    """With an unknown year: the stated month."""
    day: int | None = None
    """With an unknown year: the stated day."""
    reason: str | None = None
    """The editor's note on how the date is known."""

    @classmethod
    def stated(cls, date: PartialDate) -> RecordDate:
        """A date the source states as it is."""
        return cls(Certainty.STATED, date)

    @property
    def known(self) -> PartialDate | None:
        """The calendar date to place the record at (stated, inferred or approximate)."""
        return self.date

    @property
    def year(self) -> int | None:
        """The year the record is placed under, if any is given."""
        return self.date.year if self.date is not None else None

    @property
    def is_bounded(self) -> bool:
        """Whether the date is known only to lie before and/or after other dates."""
        return self.date is None and (self.after is not None or self.before is not None)

    @property
    def earliest(self) -> dt.date | None:
        """The earliest day the date can be, None when unbounded."""
        if self.date is not None:
            return self.date.first_day
        if self.after is not None:
            return self.after.last_day + dt.timedelta(days=1)
        return None

    @property
    def latest(self) -> dt.date | None:
        """The latest day the date can be, None when unbounded."""
        if self.date is not None:
            return self.date.last_day
        if self.before is not None:
            return self.before.first_day - dt.timedelta(days=1)
        return None

    @property
    def sort_key(self) -> tuple[int, dt.date, int]:
        """Chronological, by the date given or else by a bound; unknown dates come last.

        A date known only to be before another sorts at that other date; one known only
        to be after another, at that other date too.
        """
        anchor = self.date or self.before or self.after
        if anchor is None:
            return (1, dt.date.max, 0)
        return (0, anchor.first_day, int(anchor.precision))

    def edtf(self) -> str:
        """The date in EDTF (ISO 8601-2), the form the open data carries."""
        if self.date is not None:
            text = str(self.date)
            if self.certainty is Certainty.APPROXIMATE:
                return text + "~"
            if self.inferred is Inferred.YEAR and self.date.month is not None:
                return f"{text[:4]}?{text[4:]}"
            return text + "?" if self.certainty is Certainty.INFERRED else text
        if self.month is not None:
            return "XXXX" + f"-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        if self.is_bounded:
            start = str(self.after) if self.after else ".."
            end = str(self.before) if self.before else ".."
            return f"{start}/{end}"
        return "XXXX"

    def __str__(self) -> str:
        return self.edtf()


def parse_scalar(text: str) -> RecordDate:
    """Read a date written as one value: `2022-05-20`, `2022`, `XXXX-08-07`, `unknown`.

    Raises DateFormError for another form, ValueError for a day that does not exist.
    """
    written = text.strip()
    if written.casefold() in UNKNOWN_WORDS:
        return RecordDate(Certainty.UNKNOWN)
    if match := _YEARLESS.fullmatch(written):
        month = int(match[1])
        day = int(match[2]) if match[2] else None
        if not 1 <= month <= 12:
            raise ValueError(_no_month(month))
        # 2000 is a leap year: 29 February is a possible day when the year is unknown.
        if day is not None and not 1 <= day <= calendar.monthrange(2000, month)[1]:
            raise ValueError(
                phrase(
                    "{name} has no day {day}",
                    "tháng {month} không có ngày {day}",
                    name=calendar.month_name[month],
                    month=month,
                    day=day,
                )
            )
        return RecordDate(Certainty.UNKNOWN, month=month, day=day)
    return RecordDate.stated(PartialDate.parse(written))


def _calendar_date(value: Any, key: str) -> PartialDate:
    """A stated calendar date under `key` of a mapping (bounds, approximately)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateShapeError(key, _NOT_A_DATE)
    try:
        return PartialDate.parse(value)
    except (DateFormError, ValueError) as error:
        raise DateShapeError(key, error.args[0]) from error


def parse_mapping(value: Mapping[str, Any]) -> RecordDate:
    """Read a date written as a mapping (see the module's table); keys already checked
    to be among MAPPING_KEYS.

    Raises DateShapeError naming the key at fault.
    """
    reason = value.get("reason")
    if reason is not None and (not isinstance(reason, str) or not reason.strip()):
        raise DateShapeError("reason", phrase("is not a text", "không phải một đoạn chữ"))
    reason = reason.strip() if isinstance(reason, str) else None
    forms = [key for key in ("date", "approximately") if key in value]
    bounds = [key for key in ("after", "before") if key in value]
    chosen = forms + bounds[:1]
    if len(chosen) > 1:
        raise DateShapeError(
            chosen[1],
            phrase(
                "'{one}' and '{other}' cannot both be given",
                "không ghi cùng lúc '{one}' và '{other}'",
                one=chosen[0],
                other=chosen[1],
            ),
        )
    if not chosen:
        raise DateShapeError(
            "date",
            phrase(
                "needs 'date', 'approximately', 'before' or 'after'",
                "cần 'date', 'approximately', 'before' hoặc 'after'",
            ),
        )
    if "inferred" in value and "date" not in value:
        raise DateShapeError(
            "inferred", phrase("'inferred' goes with 'date'", "'inferred' đi cùng 'date'")
        )
    if "approximately" in value:
        date = _calendar_date(value["approximately"], "approximately")
        return RecordDate(Certainty.APPROXIMATE, date, reason=reason)
    if bounds:
        after = _calendar_date(value["after"], "after") if "after" in value else None
        before = _calendar_date(value["before"], "before") if "before" in value else None
        if after is not None and before is not None and after.last_day >= before.first_day:
            raise DateShapeError(
                "before",
                phrase(
                    "'before' ({before}) is not after 'after' ({after})",
                    "'before' ({before}) không sau 'after' ({after})",
                    before=before,
                    after=after,
                ),
            )
        return RecordDate(Certainty.APPROXIMATE, after=after, before=before, reason=reason)
    written = value["date"]
    if isinstance(written, int) and not isinstance(written, bool):
        written = str(written)
    if not isinstance(written, str):
        raise DateShapeError("date", _NOT_A_DATE)
    try:
        given = parse_scalar(written)
    except (DateFormError, ValueError) as error:
        raise DateShapeError("date", error.args[0]) from error
    if "inferred" not in value:
        return RecordDate(
            given.certainty, given.date, month=given.month, day=given.day, reason=reason
        )
    try:
        part = Inferred(value["inferred"])
    except ValueError:
        shown = str(value["inferred"])[:20]
        raise DateShapeError(
            "inferred",
            phrase(
                "'{shown}' is not 'year' or 'date'",
                "'{shown}' không phải 'year' hay 'date'",
                shown=shown,
            ),
        ) from None
    if given.date is None:
        raise DateShapeError(
            "inferred",
            phrase("an unknown date cannot be inferred", "ngày chưa rõ thì không suy luận được"),
        )
    if reason is None:
        raise MissingReason(
            "reason",
            phrase(
                "an inferred date needs the reason it was inferred",
                "ngày suy luận cần ghi căn cứ suy luận",
            ),
        )
    return RecordDate(Certainty.INFERRED, given.date, inferred=part, reason=reason)


def _add(date: PartialDate, years: int, months: int, *, last: bool) -> PartialDate:
    """`date` moved on by a term; a day-precise date gives the term's last day."""
    total = date.year * 12 + (date.month or 1) - 1 + years * 12 + months
    year, month = divmod(total, 12)
    if date.month is None:
        return PartialDate(year)
    if date.day is None:
        return PartialDate(year, month + 1)
    if date.day <= calendar.monthrange(year, month + 1)[1]:
        anniversary = dt.date(year, month + 1, date.day)
    else:  # 31/1 + 1 month: the anniversary is the day after the month's last
        anniversary = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    moved = anniversary - dt.timedelta(days=1 if last else 0)
    return PartialDate(moved.year, moved.month, moved.day)


def shifted(start: RecordDate, years: int, months: int = 0) -> RecordDate | None:
    """The end of a term of `years` and `months` that begins on `start`, known as well as
    `start` is: a stated day gives the day before the anniversary (28/5/2020 + 5 years →
    27/5/2025), a year gives a year; inferred, approximate and bounded starts stay so.
    None when `start` is unknown."""
    if start.date is None and not start.is_bounded:
        return None

    def move(date: PartialDate | None) -> PartialDate | None:
        return None if date is None else _add(date, years, months, last=True)

    return RecordDate(
        start.certainty,
        move(start.date),
        after=move(start.after),
        before=move(start.before),
        inferred=start.inferred,
        reason=start.reason,
    )
