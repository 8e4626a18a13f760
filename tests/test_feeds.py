"""Atom feeds of the register and of each party, read back with feedparser."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import feedparser
import pytest
import yaml

from tests.conftest import SHOWCASE, Site, assemble, build_site, published


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def _expected_updated(data: dict) -> str:
    """The record's own `updated`, else its newest event or signing date (no git here)."""
    if "updated" in data:
        return str(data["updated"])
    dates = [str(data["signed"]), *(str(e["date"]) for e in data.get("events", []))]
    return max(dates, key=_first_day)


def _first_day(text: str) -> tuple[dt.date, int]:
    parts = [int(p) for p in text.split("-")]
    return (dt.date(parts[0], *(parts[1:] + [1, 1])[:2]), len(parts))


def _day(text: str) -> str:
    parts = text.split("-")
    return "-".join((parts + ["01", "01"])[:3])


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """The showcase copied out of the repository (so no git dates) and built."""
    root = tmp_path_factory.mktemp("feeds")
    content = assemble(root, SHOWCASE)
    build_site(content, root / "site")
    return content, Site(root / "site")


def _parse(site: Site, relative: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site.root / relative).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def _key(name: str) -> str:
    """Names match whatever their Unicode form, case and spacing (SPEC)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _slug(entry: feedparser.FeedParserDict) -> str:
    return entry.link.rstrip("/").rsplit("/", 1)[1]


def test_the_site_feed_lists_every_agreement_newest_change_first(copy) -> None:
    """/feed.xml has one entry per published agreement, by `updated`, newest first."""
    content, site = copy
    files = published(content)
    feed = _parse(site, "feed.xml")
    assert sorted(_slug(e) for e in feed.entries) == sorted(files)
    stamps = [e.updated for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_entry_dates_come_from_the_record(copy) -> None:
    """An entry's updated is the record's `updated`, else its newest event or signing day;
    outside git nothing says when a record entered the register, so no entry is published
    (`test_follow_calendar` builds one in git)."""
    content, site = copy
    files = published(content)
    for entry in _parse(site, "feed.xml").entries:
        data = files[_slug(entry)]
        assert entry.updated == _day(_expected_updated(data)) + "T00:00:00Z", _slug(entry)
        assert "published" not in entry


def test_feed_dates_never_follow_the_build_clock(tmp_path: Path) -> None:
    """Built on two different as-of dates, the feeds are byte-identical."""
    content = assemble(tmp_path, SHOWCASE)
    build_site(content, tmp_path / "a", "--as-of", "2024-06-01")
    build_site(content, tmp_path / "b", "--as-of", "2031-01-01")
    assert (tmp_path / "a/feed.xml").read_bytes() == (tmp_path / "b/feed.xml").read_bytes()


def test_ids_are_unique_and_stable(copy, tmp_path: Path) -> None:
    """Entry ids are unique URNs, the same in another build of the same content."""
    content, site = copy
    first = [e.id for e in _parse(site, "feed.xml").entries]
    assert len(set(first)) == len(first)
    assert all(i.startswith("urn:uuid:") for i in first)
    build_site(content, tmp_path / "again")
    assert [e.id for e in _parse(Site(tmp_path / "again"), "feed.xml").entries] == first


def test_entry_links_open_the_agreement_pages(copy) -> None:
    """Every entry links to a built agreement page with the entry's title as its h1."""
    _, site = copy
    for entry in _parse(site, "feed.xml").entries:
        page = site.page(entry.link)
        assert page.h1.get_text(strip=True) == entry.title


def test_each_party_has_a_feed_of_its_agreements(copy) -> None:
    """/parties/<id>/feed.xml lists exactly the agreements that party signed."""
    content, site = copy
    files = published(content)
    parties = {p.stem: _front_matter(p) for p in (content / "parties").glob("*.md")}
    names = {
        _key(name): party_id
        for party_id, data in parties.items()
        for name in (party_id, data["name"], data.get("short"), *data.get("aliases", []))
        if name
    }
    for party_id in parties:
        feed = _parse(site, f"parties/{party_id}/feed.xml")
        signed = {
            slug
            for slug, data in files.items()
            if party_id in {names[_key(n)] for n in data["parties"]}
        }
        assert {_slug(e) for e in feed.entries} == signed, party_id


def test_pages_announce_their_feeds(copy) -> None:
    """Every page names the site feed; a party page also names its own."""
    _, site = copy
    home = site.page("/")
    assert home.find("link", rel="alternate", type="application/atom+xml")["href"] == "/feed.xml"
    party = site.page("/parties/ldld-bac-ninh/")
    feeds = [link["href"] for link in party.find_all("link", type="application/atom+xml")]
    assert feeds == ["/feed.xml", "/parties/ldld-bac-ninh/feed.xml"]
    field = party.find("main").find("input", id="ban_tin_ben_ky")
    assert field["value"] == "/parties/ldld-bac-ninh/feed.xml" and field.has_attr("readonly")


def test_feeds_under_a_base_path_use_full_addresses(tmp_path: Path) -> None:
    """Built for https://example.org/register/, ids, links and self links are absolute."""
    content = assemble(tmp_path, SHOWCASE)
    build_site(content, tmp_path / "site", "--base-url", "https://example.org/register/")
    site = Site(tmp_path / "site", "/register/")
    feed = _parse(site, "feed.xml")
    base = "https://example.org/register/"
    assert feed.feed.id == base + "feed.xml"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": base + "feed.xml",
        "alternate": base,
    }
    for entry in feed.entries:
        assert entry.id == entry.link
        assert entry.link.startswith(base + "agreements/")
        assert site.page(entry.link.removeprefix("https://example.org")).h1
    party = _parse(site, "parties/ldld-bac-ninh/feed.xml")
    assert party.feed.id == base + "parties/ldld-bac-ninh/feed.xml"
    assert party.feed.link == base + "parties/ldld-bac-ninh/"
