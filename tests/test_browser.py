"""The built site in a real browser (Debian's Chromium): layout at phone width, axe audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from scripts.screenshots import WIDTHS, serve
from tests.conftest import Site

PAGES = [
    "/",
    "/agreements/",
    "/agreements/thoa-thuan-ldld-bac-ninh-det-may-au-lac/",
    "/agreements/quy-che-ubnd-bac-ninh-ldld-bac-ninh-2024-2028/",
    "/parties/",
    "/parties/ldld-bac-ninh/",
    "/years/2024/",
    "/topics/",
    "/gioi-thieu/",
    "/404.html",
]


@pytest.fixture(scope="module")
def served(showcase: Site) -> Iterator[str]:
    """The showcase site on a free loopback port."""
    with serve(showcase.root) as address:
        yield address


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(served: str, browser: Browser, width: int) -> None:
    """At 390 and 1280 px wide no page is wider than the window."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    too_wide = {}
    for path in PAGES:
        page.goto(served + path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            too_wide[path] = scroll
    page.close()
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_accessibility_violation(served: str, browser: Browser, width: int) -> None:
    """axe-core reports no violation (contrast, names, landmarks, tables...) on any page."""
    axe = Axe()
    page = browser.new_page(viewport={"width": width, "height": 800})
    found = {}
    for path in PAGES:
        page.goto(served + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = sorted(f"{v['id']}: {v['nodes'][0]['target']}" for v in violations)
    page.close()
    assert found == {}


def test_skip_link_is_first_and_moves_focus(served: str, browser: Browser) -> None:
    """The first Tab shows the skip link; following it puts focus on the main content."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served + "/agreements/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi_dung"
    page.close()
