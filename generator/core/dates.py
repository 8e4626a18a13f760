"""Dates as a report gives them: stated, inferred, approximate or bounded, or unknown.

A record never holds an invented date. What the editor writes:

- `2016-11-30`, `2016-11`, `2016`: stated, to the day, month or year (30/11/2016);
- `{date: 2016-11-30, inferred: year, reason: …}`: day and month stated, year inferred
  (30/11/2016, năm suy luận); `inferred: date` when the whole date was inferred;
- `{approximately: 2013}`: about then (khoảng năm 2013);
- `{before: 2025-09-20}`, `{after: 2015-06}`: bounded, the bound excluded (trước
  20/9/2025); `{latest: 2025-09-20}`, `{earliest: 2025-07-01}`: bounded, the bound
  included (không muộn hơn 20/9/2025); one lower and one upper bound may go together;
- `XXXX-08-07`, `XXXX-08`: day and month stated, year unknown (7/8, chưa rõ năm);
- `unknown` (or `chưa rõ`): no source gives it.

Every form but `inferred` may also be written on one line, in Vietnamese or with the
mapping's key: `khoảng 2013`, `trước 2025-09-20`, `sau 2025-06`, `không sớm hơn
2025-07-01`, `không muộn hơn 2025-09-20`, two bounds joined by a comma (`sau 2025-06, không
muộn hơn 2025-09-20`); the words are matched as `fold` matches names (case and marks do
not matter). `reason` may accompany every mapping form (`date:` then takes any one-line
form) and is required with `inferred`.

The data carries each date in the Extended Date/Time Format (EDTF, ISO 8601-2) that the
Library of Congress publishes, with its certainty as a word (`stated`, `inferred`,
`approximate`, `bounded`, `unknown`): `2016?-11-30`, `2011?`, `2013~`, `XXXX-08-07`, `XXXX`,
and a bounded date as the interval of its possible days, whose ends EDTF includes: `before:
2025-09-20` is `../2025-09-19`, `latest: 2025-09-20` is `../2025-09-20`, `after: 2025-06` is
`2025-07/..`, each end as precise as the bound written.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.core.messages import Phrase, phrase
from generator.core.vietnamese import fold


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
                    "dates.year_year_not_between_0001",
                    year=self.year,
                )
            )
        if self.day is not None and self.month is None:
            raise ValueError(phrase("dates.day_needs_month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(_no_month(self.month))
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    phrase(
                        "dates.month_year_has_last_days",
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
MAPPING_KEYS = (
    "date",
    "inferred",
    "approximately",
    "before",
    "after",
    "earliest",
    "latest",
    "reason",
)
"""The keys of a date written as a mapping."""
LOWER_BOUNDS = ("after", "earliest")
"""The keys of a lower bound: exclusive, inclusive."""
UPPER_BOUNDS = ("before", "latest")
"""The keys of an upper bound: exclusive, inclusive."""

WORDS = {
    "approximately": ("khoảng", "approximately"),
    "before": ("trước", "before"),
    "after": ("sau", "after"),
    "earliest": ("không sớm hơn", "earliest"),
    "latest": ("không muộn hơn", "latest"),
}
"""The words of the one-line forms, by the mapping key each stands for; the first is the
one a new file is written with."""
_BY_WORD = {fold(word): key for key, words in WORDS.items() for word in words}
_WORDED = re.compile(r"(.*?)\s+([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)")


class Certainty(enum.StrEnum):
    """How a date is known; these words are the open data's."""

    STATED = "stated"
    INFERRED = "inferred"
    APPROXIMATE = "approximate"
    BOUNDED = "bounded"
    UNKNOWN = "unknown"


class Inferred(enum.StrEnum):
    """Which part of an inferred date the source does not state."""

    YEAR = "year"
    DATE = "date"


_NOT_A_DATE = phrase("dates.not_date")


def _no_month(month: int) -> Phrase:
    return phrase(
        "dates.month_month_not_between_01",
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
    """Lower bound, excluded: the date is after this one."""
    before: PartialDate | None = None
    """Upper bound, excluded: the date is before this one."""
    inferred: Inferred | None = None
    """For an inferred date: whether only the year or the whole date was inferred."""
    month: int | None = None
    """With an unknown year: the stated month."""
    day: int | None = None
    """With an unknown year: the stated day."""
    reason: str | None = None
    """The editor's note on how the date is known."""
    not_before: PartialDate | None = None
    """Lower bound, included (`earliest`): the date is this one or later."""
    not_after: PartialDate | None = None
    """Upper bound, included (`latest`): the date is this one or earlier."""

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
        return self.date is None and any(
            bound is not None
            for bound in (self.after, self.before, self.not_before, self.not_after)
        )

    @property
    def earliest(self) -> dt.date | None:
        """The earliest day the date can be, None when unbounded."""
        if self.date is not None:
            return self.date.first_day
        if self.after is not None:
            return _next(self.after).first_day
        return self.not_before.first_day if self.not_before is not None else None

    @property
    def latest(self) -> dt.date | None:
        """The latest day the date can be, None when unbounded."""
        if self.date is not None:
            return self.date.last_day
        if self.before is not None:
            return _previous(self.before).last_day
        return self.not_after.last_day if self.not_after is not None else None

    @property
    def certain_year(self) -> int | None:
        """The year every day the date can be lies in; None when they span several years
        or are not bounded on both sides (`sau 2025-06, trước 2025-09-20` → 2025)."""
        earliest, latest = self.earliest, self.latest
        if earliest is None or latest is None or earliest.year != latest.year:
            return None
        return earliest.year

    @property
    def sort_key(self) -> tuple[int, dt.date, int]:
        """Chronological, by the date given or else by a bound; unknown dates come last.

        A date known only to be before another sorts at that other date; one known only
        to be after another, at that other date too.
        """
        anchor = self.date or self.before or self.not_after or self.after or self.not_before
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
            # EDTF includes an interval's ends: an excluded bound moves on by one unit of
            # its own precision (before 2025-09-20 → ../2025-09-19, after 2025-06 → 2025-07/..).
            start = _next(self.after) if self.after else self.not_before
            end = _previous(self.before) if self.before else self.not_after
            return f"{start or '..'}/{end or '..'}"
        return "XXXX"

    def __str__(self) -> str:
        return self.edtf()


def parse_scalar(text: str) -> RecordDate:
    """Read a date written as one value: `2022-05-20`, `2022`, `XXXX-08-07`, `unknown`,
    `khoảng 2013`, `trước 2025-09-20`, `sau 2025-06, không muộn hơn 2025-09-20`.

    Raises DateFormError for another form, ValueError for a day that does not exist,
    DateShapeError for bounds that do not fit together.
    """
    written = text.strip()
    if fold(written) in _UNKNOWN:
        return RecordDate(Certainty.UNKNOWN)
    if match := _YEARLESS.fullmatch(written):
        return _yearless(int(match[1]), int(match[2]) if match[2] else None)
    if _DATE_FORM.fullmatch(written):
        return RecordDate.stated(PartialDate.parse(written))
    clauses = [_worded(clause) for clause in written.split(",")]
    if any(clause is None for clause in clauses):
        raise DateFormError(f"{text!r} is not a date")
    keys = [key for key, _ in clauses]  # type: ignore[misc]
    if len(set(keys)) < len(keys) or (len(keys) > 1 and "approximately" in keys):
        raise DateFormError(f"{text!r} is not a date")
    return parse_mapping(dict(clauses))  # type: ignore[arg-type]


_UNKNOWN = frozenset(fold(word) for word in UNKNOWN_WORDS)


def _worded(clause: str) -> tuple[str, str] | None:
    """(mapping key, date) of `khoảng 2013`, `trước 2025-09-20` ..., None for another form."""
    match = _WORDED.fullmatch(clause.strip())
    if match is None or (key := _BY_WORD.get(fold(match[1]))) is None:
        return None
    return key, match[2]


def _yearless(month: int, day: int | None) -> RecordDate:
    """A day and month stated without the year."""
    if not 1 <= month <= 12:
        raise ValueError(_no_month(month))
    # 2000 is a leap year: 29 February is a possible day when the year is unknown.
    if day is not None and not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ValueError(
            phrase(
                "dates.name_has_no_day_day",
                name=calendar.month_name[month],
                month=month,
                day=day,
            )
        )
    return RecordDate(Certainty.UNKNOWN, month=month, day=day)


def one_line(date: RecordDate) -> str | None:
    """The date as a one-line value of front matter, in Vietnamese words (`khoảng 2013`,
    `sau 2025-06, không muộn hơn 2025-09-20`); None when it needs a mapping (an inferred
    date, or one with a reason)."""
    if date.reason is not None or date.certainty is Certainty.INFERRED:
        return None
    written = as_mapping(date)
    if "date" in written:
        return str(written["date"])
    return ", ".join(f"{WORDS[key][0]} {value}" for key, value in written.items())


def as_mapping(date: RecordDate) -> dict[str, str]:
    """The date as the keys of its mapping form, in the order they are written."""
    bounds = {
        "after": date.after,
        "earliest": date.not_before,
        "before": date.before,
        "latest": date.not_after,
    }
    if date.certainty is Certainty.APPROXIMATE and date.date is not None:
        written = {"approximately": str(date.date)}
    elif date.is_bounded:
        written = {key: str(bound) for key, bound in bounds.items() if bound is not None}
    else:
        shown = date.edtf() if date.month is not None else UNKNOWN_WORDS[1]
        written = {"date": shown if date.date is None else str(date.date)}
        if date.inferred is not None:
            written["inferred"] = date.inferred.value
    if date.reason is not None:
        written["reason"] = date.reason
    return written


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


def _one_of(value: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    return [key for key in keys if key in value]


def parse_mapping(value: Mapping[str, Any]) -> RecordDate:
    """Read a date written as a mapping (see the module's table); keys already checked
    to be among MAPPING_KEYS.

    Raises DateShapeError naming the key at fault.
    """
    reason = value.get("reason")
    if reason is not None and (not isinstance(reason, str) or not reason.strip()):
        raise DateShapeError("reason", phrase("dates.not_text"))
    reason = reason.strip() if isinstance(reason, str) else None
    forms = _one_of(value, ("date", "approximately"))
    lower, upper = _one_of(value, LOWER_BOUNDS), _one_of(value, UPPER_BOUNDS)
    if forms and (lower or upper):
        _both([forms[0], *lower, *upper])
    for keys in (forms, lower, upper):
        if len(keys) > 1:
            _both(keys)
    if not forms and not lower and not upper:
        raise DateShapeError(
            "date",
            phrase(
                "dates.needs_date_approximately_bound_before",
            ),
        )
    if "inferred" in value and "date" not in value:
        raise DateShapeError("inferred", phrase("dates.inferred_goes_date"))
    if "approximately" in value:
        date = _calendar_date(value["approximately"], "approximately")
        return RecordDate(Certainty.APPROXIMATE, date, reason=reason)
    if lower or upper:
        return _bounded(value, reason)
    return _dated(value, reason)


def _both(keys: Sequence[str]) -> None:
    raise DateShapeError(
        keys[1],
        phrase(
            "dates.one_other_cannot_both_given",
            one=keys[0],
            other=keys[1],
        ),
    )


def _bounded(value: Mapping[str, Any], reason: str | None) -> RecordDate:
    """A date known to lie after and/or before other dates."""
    bounds = {
        key: _calendar_date(value[key], key)
        for key in (*LOWER_BOUNDS, *UPPER_BOUNDS)
        if key in value
    }
    date = RecordDate(
        Certainty.BOUNDED,
        after=bounds.get("after"),
        before=bounds.get("before"),
        not_before=bounds.get("earliest"),
        not_after=bounds.get("latest"),
        reason=reason,
    )
    upper = next(key for key in (*UPPER_BOUNDS, *LOWER_BOUNDS) if key in bounds)
    try:
        earliest, latest = date.earliest, date.latest
    except (ValueError, OverflowError):  # after 9999, before 0001
        raise DateShapeError(upper, phrase("dates.leaves_no_possible_day")) from None
    if earliest is not None and latest is not None and earliest > latest:
        lower = next(key for key in LOWER_BOUNDS if key in bounds)
        raise DateShapeError(
            upper,
            phrase(
                "dates.no_day_fits_both_lower",
                upper=upper,
                high=bounds[upper],
                lower=lower,
                low=bounds[lower],
            ),
        )
    return date


def _dated(value: Mapping[str, Any], reason: str | None) -> RecordDate:
    """A date written under `date`, stated or in any one-line form, perhaps inferred."""
    written = value["date"]
    if isinstance(written, int) and not isinstance(written, bool):
        written = str(written)
    if not isinstance(written, str):
        raise DateShapeError("date", _NOT_A_DATE)
    try:
        given = parse_scalar(written)
    except DateShapeError as error:
        raise DateShapeError("date", error.args[0]) from error
    except (DateFormError, ValueError) as error:
        raise DateShapeError("date", error.args[0]) from error
    if "inferred" not in value:
        return dataclasses.replace(given, reason=reason)
    try:
        part = Inferred(value["inferred"])
    except ValueError:
        shown = str(value["inferred"])[:20]
        raise DateShapeError(
            "inferred",
            phrase(
                "dates.shown_not_year_date",
                shown=shown,
            ),
        ) from None
    if given.date is None and not given.is_bounded:
        raise DateShapeError(
            "inferred",
            phrase("dates.unknown_date_cannot_inferred"),
        )
    if given.date is None or given.certainty is not Certainty.STATED:
        raise DateShapeError(
            "inferred",
            phrase(
                "dates.inferred_goes_date_such_2016",
            ),
        )
    if reason is None:
        raise MissingReason(
            "reason",
            phrase(
                "dates.inferred_date_needs_reason_was",
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


def _next(date: PartialDate) -> PartialDate:
    """The next day, month or year, as precise as `date` (2025-06 → 2025-07)."""
    return _step(date, 1)


def _previous(date: PartialDate) -> PartialDate:
    """The day, month or year before, as precise as `date` (2025-09-20 → 2025-09-19)."""
    return _step(date, -1)


def _step(date: PartialDate, by: int) -> PartialDate:
    """Raises ValueError or OverflowError past year 1 or 9999."""
    if date.day is not None:
        day = date.first_day + dt.timedelta(days=by)
        return PartialDate(day.year, day.month, day.day)
    if date.month is not None:
        year, month = divmod(date.year * 12 + date.month - 1 + by, 12)
        return PartialDate(year, month + 1)
    return PartialDate(date.year + by)


def shifted(start: RecordDate, years: int, months: int = 0) -> RecordDate | None:
    """The end of a term of `years` and `months` that begins on `start`, known as well as
    `start` is: a stated day gives the day before the anniversary (28/5/2020 + 5 years →
    27/5/2025), a year gives a year; inferred, approximate and bounded starts stay so.
    None when `start` is unknown, or when the end would fall after year 9999 (the calendar
    the register holds)."""
    if start.date is None and not start.is_bounded:
        return None

    def move(date: PartialDate | None) -> PartialDate | None:
        return None if date is None else _add(date, years, months, last=True)

    try:
        moved = [move(date) for date in (start.date, start.after, start.before)]
        ends = [move(date) for date in (start.not_before, start.not_after)]
    except ValueError:  # past 9999
        return None
    return RecordDate(
        start.certainty,
        moved[0],
        after=moved[1],
        before=moved[2],
        inferred=start.inferred,
        reason=start.reason,
        not_before=ends[0],
        not_after=ends[1],
    )


# Dates as Vietnamese papers write them: 20/5/2022, 20-5-2022, 20.5.2022, 5/2022, 26/10,
# "ngày 20 tháng 5 năm 2022", and the words before them ("khoảng năm 2013").
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})")
_IN_WORDS = re.compile(
    r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?|tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.IGNORECASE,
)
_FILLERS = ("ngày", "tháng", "năm", "sáng", "chiều", "tối", "trưa", "hôm")
_GUESSED = re.compile(r"[~?]?([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)[~?]?")


def suggestion(text: str, *, uncertain: bool = True) -> Phrase | None:
    """What a date written another way most likely means, in the forms a record takes:
    `20/5/2022` → 2022-05-20; `26/10` → XXXX-10-26, or the date with `inferred: year`;
    `khoảng năm 2013` → khoảng 2013; `2013?` → khoảng 2013, or `inferred: date`. Without
    `uncertain` (a field that takes only calendar dates) only a calendar date is offered.
    None when nothing fits."""
    words = _unfilled(text.split())
    for size in (3, 2, 1):
        key = _BY_WORD.get(fold(" ".join(words[:size])))
        if key is not None and uncertain and len(words) > size:
            inner = _calendar(" ".join(_unfilled(words[size:])))
            if isinstance(inner, str):
                return _here(f"{WORDS[key][0]} {inner}")
            return None
    written = " ".join(words)
    found = _calendar(written)
    if isinstance(found, str):
        return _here(found)
    if found is not None:
        month, day = found
        if uncertain:
            return phrase(
                "dates.here_xxxx_month_02d_day",
                month=month,
                day=day,
            )
        return phrase(
            "dates.year_too_yyyy_month_02d",
            month=month,
            day=day,
        )
    guessed = _GUESSED.fullmatch(written)
    if uncertain and guessed and guessed[0] != guessed[1] and _DATE_FORM.fullmatch(guessed[1]):
        return phrase(
            "dates.here_about_date_date_date",
            about=WORDS["approximately"][0],
            date=guessed[1],
        )
    return None


_FOLDED_FILLERS = frozenset(fold(word) for word in _FILLERS)


def _unfilled(words: list[str]) -> list[str]:
    """The words with the ones papers put before a date (ngày, sáng, tháng …) taken off."""
    while words and fold(words[0]) in _FOLDED_FILLERS and len(words) > 1:
        if fold(words[0]) == fold("tháng") and _IN_WORDS.fullmatch(" ".join(words)):
            break
        words = words[1:]
    return words


def _here(form: str) -> Phrase:
    return phrase("dates.here_form", form=form)


def _calendar(text: str) -> str | tuple[int, int] | None:
    """A date written day first as the calendar form (`20/5/2022` → `2022-05-20`), a day
    and month without a year as (month, day), else None (a day that does not exist too)."""
    written = text.strip()
    if _DATE_FORM.fullmatch(written):
        return written
    try:
        if found := _DAY_MONTH_YEAR.fullmatch(written):
            day, month, year = (int(part) for part in found.groups())
            return dt.date(year, month, day).isoformat()
        if found := _MONTH_YEAR.fullmatch(written):
            month, year = (int(part) for part in found.groups())
            return dt.date(year, month, 1).isoformat()[:7]
        if found := _IN_WORDS.fullmatch(written):
            day_, month_, year_, only_month, its_year = found.groups()
            if only_month:
                return dt.date(int(its_year), int(only_month), 1).isoformat()[:7]
            if year_:
                return dt.date(int(year_), int(month_), int(day_)).isoformat()
            return _day_and_month(int(day_), int(month_))
        if found := _DAY_MONTH.fullmatch(written):
            return _day_and_month(int(found[1]), int(found[2]))
    except ValueError:
        return None
    return None


def _day_and_month(day: int, month: int) -> tuple[int, int] | None:
    """(month, day) when the day exists in some year (29/2 does)."""
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]:
        return month, day
    return None
