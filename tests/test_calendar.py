"""The calendars (/calendar.ics, /parties/<id>/calendar.ics), parsed with icalendar and read
line by line: term ends known to the day and planned reviews' deadlines as all-day events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from tests.conftest import Site, assemble, build_site, write

BASE = "https://example.org/so/"

AGREEMENT = """---
title: {title}
kind: program
parties:
{parties}
signed: {signed}
period:
{period}
{extra}sources:
  - publisher: Báo thử nghiệm
---
Hai bên phối hợp.
"""

NGHE_AN = "  - UBND tỉnh Nghệ An\n  - LĐLĐ tỉnh Nghệ An"
RECORDS = {
    "het-han-ngay": (
        "Chương trình hết hạn ngày 30/6/2026",
        "2023-01-05",
        "  start: 2023-01-05\n  end: 2026-06-30",
        "",
    ),
    "het-han-nam": (
        "Chương trình chỉ biết năm hết hạn",
        "2022-02-01",
        "  start: 2022\n  end: 2027",
        "",
    ),
    "het-han-thang": (
        "Chương trình chỉ biết tháng hết hạn",
        "2021-03-01",
        "  start: 2021\n  end: 2025-06",
        "",
    ),
    "het-han-suy-luan": (
        "Chương trình có ngày hết hạn suy luận",
        "2021-04-01",
        "  start: 2021-04-01\n  end:\n    date: 2025-12-31\n    inferred: year\n"
        "    reason: Bài báo chỉ ghi hết hạn ngày 31-12; năm suy ra từ kế hoạch năm năm.",
        "",
    ),
    "het-han-tinh-ra": ("Chương trình năm năm kể từ ngày ký", "2020-05-27", "  years: 5", ""),
    "so-ket": (
        "Quy chế có sơ kết hằng năm, tổng kết",
        "2022-01-10",
        "  start: 2022-01-10\n  end: 2024-12-31",
        "reviews:\n  every: year\n  final: true\n"
        "events:\n  - date: 2022-12-20\n    kind: review\n    title: Sơ kết năm 2022\n",
    ),
}
HA_TINH = """---
name: Liên đoàn Lao động tỉnh Hà Tĩnh
short: LĐLĐ tỉnh Hà Tĩnh
kind: labour-federation
province: Hà Tĩnh
---
"""


def _content(root: Path) -> Path:
    content = assemble(root)
    write(content / "site.yaml", f"title: Sổ thử\nbase_url: {BASE}\n")
    write(content / "parties" / "ldld-ha-tinh.md", HA_TINH)
    (content / "agreements" / "quy-che-nghe-an.md").unlink()
    for slug, (title, signed, period, extra) in RECORDS.items():
        text = AGREEMENT.format(
            title=title, parties=NGHE_AN, signed=signed, period=period, extra=extra
        )
        write(content / "agreements" / f"{slug}.md", text)
    # A party whose only agreement ends in a year only: nothing to put in a calendar.
    text = AGREEMENT.format(
        title="Chương trình Hà Tĩnh",
        parties="  - LĐLĐ tỉnh Hà Tĩnh\n  - UBND tỉnh Nghệ An",
        signed="2023-01-01",
        period="  start: 2023\n  end: 2028",
        extra="",
    )
    write(content / "agreements" / "ha-tinh.md", text)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    root = tmp_path_factory.mktemp("calendar")
    content = _content(root)
    build_site(content, root / "so", "--as-of", "2024-06-01")
    return content, Site(root / "so", "/so/")


def _calendar(site: Site, relative: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site.root / relative).read_bytes())


def _events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _name(calendar: icalendar.Calendar) -> str:
    """The calendar's NAME (RFC 7986), which icalendar reads as an unknown property, its TEXT
    escapes left in."""
    return str(calendar["NAME"]).replace("\\,", ",").replace("\\;", ";")


def _uid(slug: str, part: str) -> str:
    return f"{BASE}agreements/{slug}/#{part}"


@pytest.mark.parametrize("relative", ["calendar.ics", "parties/ubnd-nghe-an/calendar.ics"])
def test_lines_are_crlf_and_folded_at_75_octets(built, relative: str) -> None:
    """RFC 5545 §3.1: every line ends in CRLF and holds at most 75 octets; the file opens
    with BEGIN:VCALENDAR and ends with END:VCALENDAR."""
    _, site = built
    raw = (site.root / relative).read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    lines = raw.removesuffix(b"\r\n").split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long Vietnamese lines were folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a character


def test_each_day_known_end_and_review_deadline_is_an_all_day_event(built) -> None:
    """The events, parsed by icalendar: ends known to the day (stated, inferred, worked out
    from a duration) and the deadline of each planned review not reported yet; an end known
    only to the year or the month gives none."""
    _, site = built
    calendar = _calendar(site, "calendar.ics")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert _name(calendar).startswith("Lịch hết thời hạn, sơ kết")
    events = _events(calendar)
    days = {uid: event.decoded("DTSTART") for uid, event in events.items()}
    assert days == {
        _uid("het-han-ngay", "het-han"): dt.date(2026, 6, 30),
        _uid("het-han-suy-luan", "het-han"): dt.date(2025, 12, 31),
        _uid("het-han-tinh-ra", "het-han"): dt.date(2025, 5, 26),
        _uid("so-ket", "het-han"): dt.date(2024, 12, 31),
        # The 2022 review was reported; 2023's is looked for until 30/6/2024; the final
        # review until six months after the end.
        _uid("so-ket", "so-ket-2023"): dt.date(2024, 6, 30),
        _uid("so-ket", "tong-ket"): dt.date(2025, 7, 2),
    }
    for uid, event in events.items():
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1), uid
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        slug = uid.split("/agreements/")[1].split("/")[0]
        assert str(event["URL"]) == f"{BASE}agreements/{slug}/"
        assert f"{BASE}agreements/{slug}/" in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]).endswith(RECORDS[slug][0])
        assert isinstance(event.decoded("DTSTAMP"), dt.datetime)
    assert str(events[_uid("het-han-ngay", "het-han")]["SUMMARY"]).startswith("Hết thời hạn: ")
    assert "Đây không phải ngày các bên họp sơ kết" in str(
        events[_uid("so-ket", "so-ket-2023")]["DESCRIPTION"]
    )


def test_an_uncertain_day_says_so_in_its_description(built) -> None:
    """An inferred end gives its reason; an end worked out from a duration says so; a
    stated one says neither."""
    _, site = built
    events = _events(_calendar(site, "calendar.ics"))
    inferred = str(events[_uid("het-han-suy-luan", "het-han")]["DESCRIPTION"])
    assert "ngày suy luận" in inferred and "năm suy ra từ kế hoạch năm năm" in inferred
    derived = str(events[_uid("het-han-tinh-ra", "het-han")]["DESCRIPTION"])
    assert "tính ra từ độ dài thời hạn" in derived
    stated = str(events[_uid("het-han-ngay", "het-han")]["DESCRIPTION"])
    assert "suy luận" not in stated and "tính ra" not in stated


def test_dtstamp_comes_from_the_content_so_builds_are_reproducible(built, tmp_path: Path) -> None:
    """DTSTAMP is the record's last change (here its newest event or signing day: no git),
    never the build's clock: built again on another day, the calendars are byte-identical."""
    content, site = built
    events = _events(_calendar(site, "calendar.ics"))
    stamp = events[_uid("so-ket", "tong-ket")].decoded("DTSTAMP")
    assert stamp == dt.datetime(2022, 12, 20, tzinfo=dt.UTC)
    stamp = events[_uid("het-han-ngay", "het-han")].decoded("DTSTAMP")
    assert stamp == dt.datetime(2023, 1, 5, tzinfo=dt.UTC)
    build_site(content, tmp_path / "again", "--as-of", "2024-06-01")
    for relative in ("calendar.ics", "parties/ldld-nghe-an/calendar.ics"):
        assert (tmp_path / "again" / relative).read_bytes() == (site.root / relative).read_bytes()


def test_each_party_with_events_has_its_calendar_beside_its_feed(built) -> None:
    """A party's calendar holds its agreements' events; a party with none gets no calendar
    (RFC 5545 wants an event) and its page offers none; a party page offers the address of
    the calendar it has to copy."""
    _, site = built
    both = _events(_calendar(site, "parties/ldld-nghe-an/calendar.ics"))
    assert set(both) == set(_events(_calendar(site, "calendar.ics")))
    assert _name(_calendar(site, "parties/ldld-nghe-an/calendar.ics")).startswith(
        "Lịch văn bản của Liên đoàn Lao động tỉnh Nghệ An"
    )
    assert (site.root / "parties/ldld-ha-tinh/feed.xml").is_file()
    assert not (site.root / "parties/ldld-ha-tinh/calendar.ics").exists()
    assert site.page("/so/parties/ldld-ha-tinh/").find("input", id="lich_ben_ky") is None
    field = site.page("/so/parties/ldld-nghe-an/").find("input", id="lich_ben_ky")
    assert field["value"] == BASE + "parties/ldld-nghe-an/calendar.ics"


def test_follow_offers_the_calendar_and_how_to_subscribe_on_a_phone(built) -> None:
    """/follow/ gives the calendar's address to copy, a webcal link that opens the
    subscription on an iPhone, and steps for iPhone and Android in Vietnamese."""
    _, site = built
    main = site.page("/so/follow/").find("main")
    assert main.find("input", id="dia_chi_lich")["value"] == BASE + "calendar.ics"
    link = main.find("a", href="webcal://example.org/so/calendar.ics")
    assert link is not None and link.get_text() == "Đăng ký lịch này"
    text = " ".join(main.find(id="lich").find_parent("section").get_text(" ").split())
    assert "Thêm lịch đã đăng ký" in text and "Từ URL" in text
    assert "chỉ biết đến tháng hoặc đến năm" in text
