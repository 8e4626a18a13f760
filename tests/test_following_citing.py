"""Following, citing, printing: feeds a person can read in a browser, a complete citation
with a copy button, and pages that print without their screen-only parts."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from generator.core.interface import TEMPLATES
from scripts.screenshots import serve
from tests.conftest import SHOWCASE, Site, assemble, build_site, write

BASE = "https://example.org/so/"
AGREEMENT = "/so/agreements/quy-che-ubnd-bac-ninh-ldld-bac-ninh-2024-2028/"
PARTY_FEED = "parties/ldld-bac-ninh/feed.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
STRINGS = yaml.safe_load((TEMPLATES / "strings" / "vi.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The showcase built for https://example.org/so/, into a folder named `so` so that a
    server of its parent serves it at its own base path."""
    output = tmp_path_factory.mktemp("following") / "so"
    build_site(SHOWCASE, output, "--base-url", BASE)
    return Site(output, "/so/")


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    """The built site on a free loopback port, under /so/."""
    with serve(site.root.parent) as address:
        yield address


def _feeds(site: Site) -> list[str]:
    return [
        "feed.xml",
        *sorted(p.relative_to(site.root).as_posix() for p in site.root.glob("parties/*/feed.xml")),
    ]


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _day(value: dt.date) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def _records(site: Site) -> list[dict]:
    return json.loads((site.root / "data/agreements.json").read_text(encoding="utf-8"))


# Feeds -----------------------------------------------------------------------


def test_no_feed_names_a_stylesheet(site: Site) -> None:
    """Browsers are dropping XSLT: no feed carries an xml-stylesheet instruction, and the
    build writes no stylesheet for them."""
    feeds = _feeds(site)
    assert len(feeds) > 2
    for relative in feeds:
        text = (site.root / relative).read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed '), relative
        assert "xml-stylesheet" not in text and "xsl" not in text, relative
        assert ElementTree.fromstring(text.encode()).tag == ATOM + "feed"
    assert not list(site.root.rglob("*.xsl"))


def test_feeds_still_parse_and_label_their_categories_in_vietnamese(site: Site) -> None:
    """feedparser reads every feed; each entry's first category is its kind, its code as
    term and its Vietnamese name as label; each topic has its key as term and its label."""
    records = {r["slug"]: r for r in _records(site)}
    for relative in _feeds(site):
        feed = feedparser.parse((site.root / relative).read_bytes())
        assert not feed.bozo, (relative, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        for entry in feed.entries:
            record = records[entry.link.rstrip("/").rsplit("/", 1)[1]]
            kind, *topics = entry.tags
            assert kind.term == record["kind"]
            assert kind.label == STRINGS["kinds"][record["kind"]]
            assert [(t.term, t.label) for t in topics] == [
                (t["key"], t["label"]) for t in record["topics"]
            ]
    labels = {
        t.label
        for e in feedparser.parse((site.root / "feed.xml").read_bytes()).entries
        for t in e.tags
    }
    assert "Quy chế phối hợp" in labels and "regulation" not in labels


def test_follow_copies_the_feed_address_with_javascript(served: str, browser: Browser) -> None:
    """On /follow/ the feed's and the calendar's addresses stand in read-only fields; with
    JavaScript "Chép địa chỉ" copies the field's address and says so."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + "/so/follow/")
    field = page.locator("#dia_chi_ban_tin")
    assert field.input_value() == BASE + "feed.xml"
    assert field.get_attribute("readonly") is not None
    box = page.locator(".copy-address").filter(has=field)
    box.get_by_role("button", name="Chép địa chỉ").click()
    status = box.locator("[role=status]")
    page.wait_for_function(
        "document.querySelector('.copy-address [role=status]').textContent !== ''"
    )
    assert page.evaluate("navigator.clipboard.readText()") == BASE + "feed.xml"
    assert status.inner_text() == STRINGS["follow"]["copied"]
    assert page.locator("#dia_chi_lich").input_value() == BASE + "calendar.ics"
    context.close()


def test_follow_without_javascript_offers_the_fields_and_no_button(
    served: str, browser: Browser
) -> None:
    """Without JavaScript the copy buttons stay hidden (they could not work) and the
    addresses are still there to select."""
    page = browser.new_page(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page.goto(served + "/so/follow/")
    buttons = page.get_by_role("button", name="Chép địa chỉ", include_hidden=True)
    assert buttons.count() == 2
    assert not any(button.is_visible() for button in buttons.all())
    assert page.locator("#dia_chi_ban_tin").is_visible()
    assert page.locator("#dia_chi_ban_tin").input_value() == BASE + "feed.xml"
    width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert width <= 390


def test_the_follow_page_passes_axe(served: str, browser: Browser) -> None:
    """/follow/, with its fields and buttons, has no accessibility violation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "/so/follow/")
    violations = Axe().run(page).response["violations"]
    page.close()
    assert [v["id"] for v in violations] == []


# Names of real apps are the only words /follow/ may take from another language.
APPS = (
    "Feedly",
    "Inoreader",
    "NetNewsWire",
    "iPhone",
    "Android",
    "Google",
    "calendar.google.com",
    "URL",
    "Atom",
)
ENGLISH = re.compile(r"\b(?:RSS|reader|feed|add|subscribe|calendar|settings|account|other)\b", re.I)


def test_follow_speaks_vietnamese(site: Site) -> None:
    """/follow/'s text holds no English word ("RSS reader", "Add feed", "Subscribe" were
    there), only the names of real apps."""
    main = site.page("/so/follow/").find("main")
    text = _text(main)
    for app in APPS:
        text = text.replace(app, "")
    assert not ENGLISH.findall(text), ENGLISH.findall(text)
    for words in ("RSS reader", "Add feed", "Subscribe"):
        assert words not in _text(main)


def test_links_to_feeds_go_to_follow_and_call_them_ban_tin(site: Site) -> None:
    """No link a person follows opens a feed file: the footer and party pages link /follow/,
    which (like a party page) offers the feed's address to copy; both name a feed "bản tin
    theo dõi", never "nguồn tin" (the site's word for a record's sources) nor "Atom" alone."""
    home = site.page("/so/")
    assert home.find("footer").find("a", href="/so/feed.xml") is None
    follow = home.find("footer").find("a", href="/so/follow/")
    assert follow is not None and "theo dõi" in _text(follow).casefold()
    page = site.page("/so/follow/").find("main")
    assert page.find("a", href=re.compile(r"feed\.xml$")) is None
    assert page.find("input", id="dia_chi_ban_tin")["value"] == BASE + "feed.xml"
    assert page.find("a", href="/so/parties/") is not None
    party_page = site.page("/so/parties/ldld-bac-ninh/").find("main")
    assert party_page.find("a", href=re.compile(r"feed\.xml$")) is None
    assert party_page.find("a", href="/so/follow/") is not None
    section = party_page.find(id="theo_doi").find_parent("section")
    assert section.find("input", id="ban_tin_ben_ky")["value"] == BASE + PARTY_FEED
    assert "(Atom)" not in _text(party_page)
    for text in (_text(page), _text(section)):
        assert "bản tin theo dõi" in text.casefold()
        assert "nguồn tin" not in text


# Citation --------------------------------------------------------------------


def _citation(page: BeautifulSoup) -> str:
    return _text(page.find(id="trich_dan").find_parent("section").find(class_="cite__text"))


def _fact(page: BeautifulSoup, label: str):
    return next(th for th in page.select(".facts th") if _text(th) == label).find_next_sibling("td")


def _version(page: BeautifulSoup) -> str:
    """The version a record's citation cites: the day (or month) its "Cập nhật lần cuối"
    line gives, as "ngày 5/3/2024" or "tháng 3/2024"."""
    meta = [_text(p) for p in page.select(".record__meta")]
    (line,) = [m for m in meta if m.startswith("Cập nhật lần cuối: ")]
    shown = line.removeprefix("Cập nhật lần cuối: ").split(" (")[0]
    return shown if shown.startswith(("tháng", "năm")) else f"ngày {shown}"


def test_every_citation_is_complete_without_javascript(site: Site) -> None:
    """Each agreement's citation, as written in the page, names its title, every party,
    the signing date as the page shows it, the register, its publisher, the record's
    version (its last change) and the page's full address, and leaves nothing to fill in."""
    for record in _records(site):
        page = site.page(f"/so/agreements/{record['slug']}/")
        text = _citation(page)
        signed = _fact(page, "Ngày ký").find(["time", "span"])
        parties = [p["name"] for p in record["parties"]]
        assert text.startswith(record["title"] + ". ")
        assert f"Các bên: {'; '.join(parties)}." in text, text
        assert f"Ngày ký: {_text(signed)}." in text, text
        assert (
            "Sổ đăng ký văn bản phối hợp (bản trình diễn), Ban biên tập Sổ đăng ký (bản trình "
            f"diễn), phiên bản {_version(page)}." in text
        ), text
        assert text.endswith(f" {BASE}agreements/{record['slug']}/"), text
        assert "[" not in text and "…" not in text


UNCERTAIN = {
    "nam-suy-luan": (
        "\n  date: 2016-11-30\n  inferred: year\n  reason: Năm suy ra.",
        "30/11/2016 (năm suy luận)",
    ),
    "khoang-nam": ("\n  approximately: 2013", "khoảng năm 2013"),
    "truoc-ngay": ("\n  before: 2025-09-20\n  reason: Ngày đăng bài.", "trước 20/9/2025"),
    "chua-ro": ("unknown", "chưa rõ"),
    "thang": ("2022-08", "tháng 8/2022"),
}


def test_a_signing_date_is_cited_as_known(tmp_path: Path) -> None:
    """An inferred, approximate, bounded, unknown or month-only signing date is cited in
    the site's words for it, never as a plain day."""
    content = assemble(tmp_path)
    for slug, (signed, _) in UNCERTAIN.items():
        write(
            content / "agreements" / f"{slug}.md",
            "---\ntitle: Chương trình thử\nkind: program\nparties:\n  - UBND tỉnh Nghệ An\n"
            f"  - LĐLĐ tỉnh Nghệ An\nsigned: {signed}\nsources:\n  - publisher: Báo thử\n"
            "---\nHai bên phối hợp.\n",
        )
    build_site(content, tmp_path / "site", "--base-url", BASE)
    built = Site(tmp_path / "site", "/so/")
    for slug, (_, shown) in UNCERTAIN.items():
        text = _citation(built.page(f"/so/agreements/{slug}/"))
        assert f". Ngày ký: {shown}. " in text, text


def test_a_citation_without_a_host_has_no_address(showcase: Site) -> None:
    """Built with a hostless base URL, the citation ends with the record's version: no
    relative path stands in for an address."""
    page = showcase.page("/agreements/quy-che-ubnd-bac-ninh-ldld-bac-ninh-2024-2028/")
    text = _citation(page)
    assert text.endswith(f"phiên bản {_version(page)}.")
    assert "/agreements/" not in text and "http" not in text


def test_copy_puts_the_citation_with_todays_access_date_on_the_clipboard(
    served: str, browser: Browser
) -> None:
    """Clicking "Chép trích dẫn" copies the citation as written, with the day of copying as
    the access date, and says so."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + AGREEMENT)
    written = " ".join(page.locator(".cite__text").inner_text().split())
    before = dt.date.today()
    page.get_by_role("button", name="Chép trích dẫn").click()
    page.wait_for_function("document.querySelector('.cite__status').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    status = page.locator(".cite__status").inner_text()
    context.close()
    days = {_day(before), _day(dt.date.today())}
    assert copied in {f"{written} (truy cập ngày {day})." for day in days}, copied
    assert written.startswith("Quy chế phối hợp giữa Ủy ban nhân dân tỉnh Bắc Ninh")
    assert any(status == f"Đã chép trích dẫn, kèm ngày truy cập {day}." for day in days)


def test_the_buttons_exist_only_with_javascript(served: str, browser: Browser) -> None:
    """Copy and print are hidden without JavaScript (they cannot work); with it they show,
    and the print button opens the browser's printing."""
    still = browser.new_page(java_script_enabled=False)
    still.goto(served + AGREEMENT)
    for name in ("Chép trích dẫn", "In trang này"):
        assert still.get_by_role("button", name=name, include_hidden=True).count() == 1
        assert not still.get_by_role("button", name=name, include_hidden=True).is_visible()
    still.close()
    page = browser.new_page()
    page.add_init_script("window.print = () => { window.printed = true; };")
    page.goto(served + AGREEMENT)
    assert page.get_by_role("button", name="Chép trích dẫn").is_visible()
    page.get_by_role("button", name="In trang này").click()
    assert page.evaluate("window.printed === true")
    page.close()


# Print -----------------------------------------------------------------------

SCREEN_ONLY = [
    ".site-header",
    ".site-nav",
    ".search-box",
    ".breadcrumbs",
    ".site-footer",
    ".record__source",
    ".cite__help",
    ".cite__actions",
]


def _displayed(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            if (!element) throw new Error(selector + " is not on the page");
            return element.checkVisibility();
        }""",
        selector,
    )


def test_printing_leaves_out_what_only_works_on_a_screen(served: str, browser: Browser) -> None:
    """Under print media the navigation, search, footer, record block and buttons are not
    displayed, the record and its citation are, and outside links write out their address."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + AGREEMENT)
    on_screen = {selector: _displayed(page, selector) for selector in SCREEN_ONLY}
    assert all(on_screen.values()), on_screen
    page.emulate_media(media="print")
    printed = {selector: _displayed(page, selector) for selector in SCREEN_ONLY}
    assert not any(printed.values()), printed
    for selector in ("main h1", ".facts", ".cite__text"):
        assert _displayed(page, selector), selector
    after = page.evaluate(
        """() => [...document.querySelectorAll('main a[href]')].map(a =>
            [a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
    )
    page.close()
    outside = [(href, content) for href, content in after if href.startswith("http")]
    inside = [(href, content) for href, content in after if href.startswith("/")]
    assert outside and inside
    assert all(content == f'" ({href})"' for href, content in outside), outside
    assert all(content in ("none", "normal") for _, content in inside), inside
