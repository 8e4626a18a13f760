"""Partial dates and periods keep their precision and compare sensibly."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.core.dates import DateFormError, PartialDate, Precision, parse_scalar
from generator.core.model import Period


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2022", Precision.YEAR, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", Precision.MONTH, dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2022-05-20", Precision.DAY, dt.date(2022, 5, 20), dt.date(2022, 5, 20)),
    ],
)
def test_partial_date_spans_what_its_precision_allows(text, precision, first, last) -> None:
    """A year covers the whole year, a month the whole month, a day itself."""
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.first_day, date.last_day) == (first, last)
    assert str(date) == text


@pytest.mark.parametrize(
    "text", ["20/5/2022", "2022/05/20", "22-05-20", "2022-5-20", "", "năm 2022"]
)
def test_other_forms_are_form_errors(text: str) -> None:
    """Only YYYY, YYYY-MM and YYYY-MM-DD are accepted."""
    with pytest.raises(DateFormError):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["2022-02-30", "2023-02-29", "2022-13", "2022-00", "2022-04-31"])
def test_days_that_do_not_exist_are_refused(text: str) -> None:
    """A well-formed date that is not on the calendar is a value error, not a form error."""
    with pytest.raises(ValueError) as caught:
        PartialDate.parse(text)
    assert not isinstance(caught.value, DateFormError)


def test_coarse_dates_sort_with_the_finer_dates_they_contain() -> None:
    """2022 sorts before 2022-05 before 2022-05-20, all before 2023."""
    texts = ["2023", "2022-05-20", "2022", "2022-05", "2021-12-31", "2022-06-01"]
    ordered = [str(d) for d in sorted(PartialDate.parse(t) for t in texts)]
    assert ordered == ["2021-12-31", "2022", "2022-05", "2022-05-20", "2022-06-01", "2023"]


def test_a_period_of_years_runs_to_the_end_of_its_last_year() -> None:
    """A period 2022–2027 lasts until 31 December 2027 and begins on 1 January 2022."""
    period = Period(parse_scalar("2022"), parse_scalar("2027"))
    assert period.start is not None and period.end is not None
    assert period.start.earliest == dt.date(2022, 1, 1)
    assert period.end.latest == dt.date(2027, 12, 31)
