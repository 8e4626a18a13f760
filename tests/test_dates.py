"""Dates as reports give them: each written form, its EDTF form, its order and its errors."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import (
    Certainty,
    DateFormError,
    DateShapeError,
    Inferred,
    MissingReason,
    PartialDate,
    RecordDate,
    parse_mapping,
    parse_scalar,
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
        ({"before": "2025-09-20", "reason": "ngày đăng bài"}, "approximate", "../2025-09-20"),
        ({"after": "2015-06"}, "approximate", "2015-06/.."),
        ({"after": "2015-06", "before": "2016-06"}, "approximate", "2015-06/2016-06"),
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
