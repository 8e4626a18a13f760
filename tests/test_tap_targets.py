"""At 390 px, every link a reader taps in navigation, breadcrumbs, the footer and lists is
at least 24 px high (WCAG 2.2, 2.5.8) and the main navigation 44 px; the search box's
placeholder fits in it. Measured in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from scripts.screenshots import serve
from tests.conftest import Site

# The list sorted by a script shows its form's selects and buttons too.
PAGES = [
    "/",
    "/agreements/",
    "/agreements/?sort=title",
    "/parties/",
    "/status/in-force/",
    "/provinces/",
]
TARGETS = (
    ".breadcrumbs a, .footer-links a, .browse-links a, .plain-list a, .inline-list a, "
    ".province-list a, .status-lists a, .list-tools select, .list-tools button"
)
SIZES = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null)
  .map(e => {
    const r = e.getBoundingClientRect();
    return [e.textContent.trim(), r.width, r.height];
  })"""


@pytest.fixture(scope="module")
def served(showcase: Site) -> Iterator[str]:
    with serve(showcase.root) as address:
        yield address


@pytest.mark.parametrize("path", PAGES)
def test_every_target_is_at_least_24_px_high(served: str, browser: Browser, path: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served + path, wait_until="networkidle")
    sizes = page.evaluate(SIZES, TARGETS)
    nav = page.evaluate(SIZES, ".site-nav a")
    page.close()
    assert sizes, path
    small = [(text, round(height)) for text, width, height in sizes if height < 24 or width < 24]
    assert small == [], path
    assert nav and all(height >= 44 for _, _, height in nav), nav


def test_the_search_placeholder_fits_its_box(served: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served + "/")
    fits = page.evaluate(
        """() => [...document.querySelectorAll('input[type=search]')].filter(i => i.offsetParent)
        .map(input => {
          // The placeholder typed in: the box scrolls when it does not fit.
          input.value = input.placeholder;
          const fits = input.scrollWidth <= input.clientWidth;
          input.value = "";
          return fits;
        })"""
    )
    page.close()
    assert fits and all(fits)
