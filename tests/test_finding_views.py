"""Finding the views: the header reaches every way in on a phone without a horizontal scroll,
and no party is more than one tap and one scroll from `/parties/` (the A–Z index by letter,
the province pages by province)."""

from __future__ import annotations

import json

from playwright.sync_api import Browser

from generator.core.collation import initial, sort_key
from tests.conftest import Site


def _parties(site: Site) -> list[dict]:
    return json.loads((site.root / "data/parties.json").read_text(encoding="utf-8"))


def test_the_header_reaches_every_view_on_a_phone_without_scrolling_sideways(
    real_served: str, browser: Browser
) -> None:
    """At 390 px the header links lists, parties, years, provinces, statuses, topics, kinds
    and open data, every link inside the viewport, each at least 44 px high, and the page
    does not scroll sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(real_served + "/parties/")
    links = page.evaluate(
        """() => [...document.querySelectorAll('.site-nav a')].map(a => {
            const r = a.getBoundingClientRect();
            return [a.getAttribute('href'), r.left, r.right, r.height];
        })"""
    )
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    page.close()
    hrefs = [href for href, *_ in links]
    for view in ("/agreements/", "/parties/", "/provinces/", "/status/", "/data/", "/years/"):
        assert view in hrefs, view
    assert all(left >= 0 and right <= 390 and height >= 44 for _, left, right, height in links)
    assert scroll <= 390


def test_every_party_is_under_its_letter_where_the_jump_link_points(real_site: Site) -> None:
    """Each letter of `/parties/`'s jump box leads to the A–Z page and anchor where the names
    with that initial are; together they hold every party once, in Vietnamese order."""
    listing = real_site.page("/parties/")
    jumps = listing.select_one("nav.jumps")
    assert jumps is not None
    letters = {a.get_text(strip=True): a["href"] for a in jumps.select(".jumps__list--letters a")}
    found: dict[str, str] = {}
    for letter, href in letters.items():
        page_link, anchor = href.split("#")
        section = real_site.page(page_link).find(id=anchor)
        assert section is not None, href
        names = [a["href"] for a in section.find_parent("section").select("li > a")]
        for link in names:
            found[link.rstrip("/").rsplit("/", 1)[-1]] = letter
    parties = _parties(real_site)
    assert found == {party["id"]: initial(party["name"]) for party in parties}
    assert list(letters) == sorted(letters, key=sort_key)


def test_every_party_with_a_province_is_on_a_province_page_the_box_links(real_site: Site) -> None:
    """Each province link of the jump box leads to the province page's parties; every party
    that names a province is listed on one of them."""
    listing = real_site.page("/parties/")
    links = [
        a["href"] for a in listing.select("nav.jumps .jumps__list:not(.jumps__list--letters) a")
    ]
    assert links and all(link.endswith("#ben_ky") for link in links)
    reached: set[str] = set()
    for link in links:
        page = real_site.page(link.split("#")[0])
        section = page.find(id="ben_ky").find_parent("section")
        reached |= {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in section.select("tbody a")}
    placed = {party["id"] for party in _parties(real_site) if party["province"]}
    assert placed and placed <= reached
