"""Dates as reports give them: each written form, its EDTF form, its order and its errors."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.core.dates import (
    Certainty,
    DateFormError,
    DateShapeError,
    Inferred,
    MissingReason,
    PartialDate,
    RecordDate,
    as_mapping,
    one_line,
    parse_mapping,
    parse_scalar,
    shifted,
)


@pytest.mark.parametrize(
    ("written", "certainty", "edtf"),
    [
        ("2016-11-30", Certainty.STATED, "2016-11-30"),
        ("2016-11", Certainty.STATED, "2016-11"),
        ("2016", Certainty.STATED, "2016"),
        ("unknown", Certainty.UNKNOWN, "XXXX"),
        ("Chưa rõ", Certainty.UNKNOWN, "XXXX"),
        ("XXXX-08-07", Certainty.UNKNOWN, "XXXX-08-07"),
        ("xxxx-02-29", Certainty.UNKNOWN, "XXXX-02-29"),
        ("XXXX-08", Certainty.UNKNOWN, "XXXX-08"),
    ],
)
def test_scalar_forms(written: str, certainty: Certainty, edtf: str) -> None:
    date = parse_scalar(written)
    assert date.certainty is certainty
    assert date.edtf() == edtf


@pytest.mark.parametrize("written", ["30/11/2016", "2016?", "２０１６", "XXXX", "XX-08-07", ""])
def test_other_scalars_are_not_dates(written: str) -> None:
    with pytest.raises(DateFormError):
        parse_scalar(written)


@pytest.mark.parametrize("written", ["XXXX-13-01", "XXXX-02-30", "XXXX-04-31", "2023-02-29"])
def test_days_that_do_not_exist_are_refused(written: str) -> None:
    with pytest.raises(ValueError, match="day|month|days"):
        parse_scalar(written)


REASON = "năm suy ra từ thời hạn 2016–2020"


@pytest.mark.parametrize(
    ("written", "certainty", "edtf"),
    [
        ({"date": "2016-11-30", "inferred": "year", "reason": REASON}, "inferred", "2016?-11-30"),
        ({"date": 2011, "inferred": "date", "reason": REASON}, "inferred", "2011?"),
        ({"date": "2016-11-30", "inferred": "date", "reason": REASON}, "inferred", "2016-11-30?"),
        ({"approximately": 2013}, "approximate", "2013~"),
        ({"before": "2025-09-20", "reason": "ngày đăng bài"}, "bounded", "../2025-09-19"),
        ({"latest": "2025-09-20", "reason": "ngày đăng bài"}, "bounded", "../2025-09-20"),
        ({"after": "2015-06"}, "bounded", "2015-07/.."),
        ({"earliest": "2015-06"}, "bounded", "2015-06/.."),
        ({"after": "2015-06", "before": "2016-06"}, "bounded", "2015-07/2016-05"),
        ({"after": "2015", "latest": "2016-06"}, "bounded", "2016/2016-06"),
        ({"earliest": "2025-07-01", "before": "2026"}, "bounded", "2025-07-01/2025"),
        ({"date": "unknown", "reason": "bài báo không ghi ngày"}, "unknown", "XXXX"),
        ({"date": "2017-09-12", "reason": "ngày lấy từ báo Nhân Dân"}, "stated", "2017-09-12"),
    ],
)
def test_mapping_forms(written: dict, certainty: str, edtf: str) -> None:
    date = parse_mapping(written)
    assert date.certainty == certainty
    assert date.edtf() == edtf
    assert date.reason == written.get("reason")


def test_an_inferred_date_without_a_reason_is_its_own_error() -> None:
    with pytest.raises(MissingReason):
        parse_mapping({"date": "2016-11-30", "inferred": "year"})


def test_an_inferred_year_keeps_which_part_was_inferred() -> None:
    date = parse_mapping({"date": "2016-11-30", "inferred": "year", "reason": REASON})
    assert date.inferred is Inferred.YEAR
    assert date.year == 2016


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ({"date": "2016-11-30", "inferred": "year"}, "reason"),
        ({"date": "2016", "inferred": "month", "reason": REASON}, "inferred"),
        ({"date": "unknown", "inferred": "date", "reason": REASON}, "inferred"),
        ({"inferred": "year", "reason": REASON, "approximately": 2016}, "inferred"),
        ({"date": "2016", "approximately": 2016}, "approximately"),
        ({"date": "2016", "before": 2017}, "before"),
        ({"reason": REASON}, "date"),
        ({"before": "2016", "after": "2016-05"}, "before"),
        ({"before": "20/9/2025"}, "before"),
        ({"date": "2016-02-30"}, "date"),
        ({"date": ["2016"]}, "date"),
        ({"date": "2016", "reason": "  "}, "reason"),
    ],
)
def test_mappings_that_do_not_fit_together_name_the_key_at_fault(written: dict, key: str) -> None:
    with pytest.raises(DateShapeError) as caught:
        parse_mapping(written)
    assert caught.value.key == key


def test_unknown_dates_sort_last_and_bounds_sort_at_their_bound() -> None:
    dates = {
        "unknown": parse_scalar("unknown"),
        "yearless": parse_scalar("XXXX-08-07"),
        "2016": parse_scalar("2016"),
        "2016-11-30": parse_scalar("2016-11-30"),
        "before 2016-06": parse_mapping({"before": "2016-06"}),
        "about 2013": parse_mapping({"approximately": 2013}),
    }
    ordered = sorted(dates, key=lambda name: dates[name].sort_key)
    assert ordered[:4] == ["about 2013", "2016", "before 2016-06", "2016-11-30"]
    assert set(ordered[4:]) == {"unknown", "yearless"}


def test_bounds_give_the_range_of_possible_days() -> None:
    before = parse_mapping({"before": "2025-09-20"})
    assert before.earliest is None and before.latest == dt.date(2025, 9, 19)
    after = parse_mapping({"after": "2015-06"})
    assert after.earliest == dt.date(2015, 7, 1) and after.latest is None
    stated = RecordDate.stated(PartialDate(2016))
    assert (stated.earliest, stated.latest) == (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    assert parse_scalar("unknown").earliest is None


@pytest.mark.parametrize(
    ("written", "mapping"),
    [
        ("khoảng 2013", {"approximately": "2013"}),
        ("Khoảng 2013", {"approximately": "2013"}),
        ("khoang 2013", {"approximately": "2013"}),
        ("approximately 2013", {"approximately": "2013"}),
        ("trước 2016-12-09", {"before": "2016-12-09"}),
        ("TRƯỚC 2016-12-09", {"before": "2016-12-09"}),
        ("before 2016-12-09", {"before": "2016-12-09"}),
        ("sau 2025-06", {"after": "2025-06"}),
        ("không sớm hơn 2025-07-01", {"earliest": "2025-07-01"}),
        ("không muộn hơn 2025-09-20", {"latest": "2025-09-20"}),
        ("khong muon hon 2025-09-20", {"latest": "2025-09-20"}),
        ("latest 2025-09-20", {"latest": "2025-09-20"}),
        ("sau 2025-06, không muộn hơn 2025-09-20", {"after": "2025-06", "latest": "2025-09-20"}),
        ("trước 2016-07,sau 2015", {"after": "2015", "before": "2016-07"}),
    ],
)
def test_one_line_forms_read_as_their_mapping(written: str, mapping: dict) -> None:
    """Each one-line form, in Vietnamese or with the mapping's key, any case, with or without
    marks, means what its mapping means."""
    assert parse_scalar(written) == parse_mapping(mapping)


@pytest.mark.parametrize(
    "written",
    [
        "khoảng 2013, trước 2014",
        "trước 2016, trước 2017",
        "sau 2015, không sớm hơn 2015-06",
        "khoảng",
        "gần 2013",
        "trước 20/9/2025",
        "trước",
        "2013 khoảng",
        ", trước 2016",
    ],
)
def test_one_line_forms_that_do_not_fit_are_not_dates(written: str) -> None:
    """Two approximations, two bounds on one side, an unknown word or a day-first date are
    refused (as a form, or as bounds that do not fit together)."""
    with pytest.raises(ValueError):
        parse_scalar(written)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ({"after": 9999}, "after"),
        ({"before": "0001"}, "before"),
        ({"before": "0001-01-01"}, "before"),
        ({"earliest": "2025-09-21", "latest": "2025-09-20"}, "latest"),
        ({"after": "2025-09-20", "latest": "2025-09-20"}, "latest"),
        ({"after": "2015", "earliest": "2015-06"}, "earliest"),
        ({"before": "2016", "latest": "2016"}, "latest"),
        ({"approximately": "2013", "latest": "2016"}, "latest"),
        ({"date": "khoảng 2013", "inferred": "year", "reason": REASON}, "inferred"),
    ],
)
def test_bounds_that_leave_no_day_or_clash_name_the_key_at_fault(written: dict, key: str) -> None:
    """A bound past the calendar's ends, bounds that cross, two bounds on one side, or an
    inferred uncertain date are refused at the key at fault."""
    with pytest.raises(DateShapeError) as caught:
        parse_mapping(written)
    assert caught.value.key == key


def test_inclusive_bounds_include_their_day() -> None:
    """`earliest` and `latest` include the day they name; `after` and `before` exclude it."""
    latest = parse_mapping({"latest": "2025-09-20"})
    assert (latest.earliest, latest.latest) == (None, dt.date(2025, 9, 20))
    earliest = parse_mapping({"earliest": "2025-07"})
    assert earliest.earliest == dt.date(2025, 7, 1)
    assert parse_mapping({"before": "2025-09"}).latest == dt.date(2025, 8, 31)
    assert parse_mapping({"after": "2024"}).earliest == dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("2016-10-26", 2016),
        ("2016", 2016),
        ("sau 2025-06, không muộn hơn 2025-09-20", 2025),
        ("sau 2025-06, trước 2026", 2025),
        ("sau 2025-06", None),
        ("trước 2016-12-09", None),
        ("sau 2024-06, trước 2025-02", None),
        ("XXXX-10-26", None),
        ("chưa rõ", None),
    ],
)
def test_the_certain_year_is_the_one_every_possible_day_lies_in(written: str, year: int) -> None:
    """A date belongs to a year only when all the days it may be lie in that year."""
    assert parse_scalar(written).certain_year == year


@pytest.mark.parametrize(
    ("mapping", "line"),
    [
        ({"date": "2016-10-26"}, "2016-10-26"),
        ({"date": "XXXX-10-26"}, "XXXX-10-26"),
        ({"date": "unknown"}, "chưa rõ"),
        ({"approximately": 2013}, "khoảng 2013"),
        ({"before": "2016-12-09"}, "trước 2016-12-09"),
        ({"after": "2025-06", "latest": "2025-09-20"}, "sau 2025-06, không muộn hơn 2025-09-20"),
        ({"earliest": "2025-07-01"}, "không sớm hơn 2025-07-01"),
        ({"date": "2016-10-26", "inferred": "year", "reason": REASON}, None),
        ({"before": "2016-12-09", "reason": REASON}, None),
    ],
)
def test_one_line_writes_a_form_that_reads_back(mapping: dict, line: str | None) -> None:
    """The form a new file is written with reads back as the same date; a date with a reason
    or an inference needs its mapping, which reads back too."""
    date = parse_mapping(mapping)
    assert one_line(date) == line
    if line is not None:
        assert parse_scalar(line) == date
    assert parse_mapping(as_mapping(date)) == date


def test_a_term_that_would_end_past_the_calendar_has_no_known_end() -> None:
    """A start near year 9999 plus a term gives no end rather than a crash."""
    assert shifted(parse_scalar("9998-12-31"), 5) is None
    assert shifted(parse_scalar("sau 9998-12-31"), 5) is None
    assert shifted(parse_scalar("không muộn hơn 2020-05-28"), 5) == parse_scalar(
        "không muộn hơn 2025-05-27"
    )
