"""The built site in a real browser (Debian's Chromium): layout at phone width, axe audit."""

from __future__ import annotations

import re
import subprocess
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


def _covers(family: str, text: str) -> bool:
    """Whether fontconfig has a font of this family with every non-ASCII letter of text
    (letters: an arrow or a dash may come from a symbol font Chromium falls back to)."""
    letters = {c for c in text if ord(c) > 0x7F and c.isalpha()}
    wanted = " ".join(f"{ord(c):x}" for c in sorted(letters))
    name = re.sub(r"([-:,\\])", r"\\\1", family)
    found = subprocess.run(
        ["fc-list", f"{name}:charset={wanted}", "family"], capture_output=True, text=True
    )
    return bool(found.stdout.strip())


# Every element's own text (not its children's), in document order like querySelectorAll.
OWN_TEXT = """selector => [...document.querySelectorAll(selector)].map(element =>
  [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data).join(""))"""


def test_vietnamese_in_code_is_drawn_with_its_marks(served: str, browser: Browser) -> None:
    """Each font Chromium draws the guide's code with (e.g. `quy chế`) has every letter of it,
    on the guide, the index of its messages and a message's page."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    lacking, checked = [], []
    for path in ("/guide/", "/guide/messages/", "/guide/messages/unknown-value/"):
        page.goto(served + path)
        selector = "code, code *"
        texts = page.evaluate(OWN_TEXT, selector)
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        nodes = found["nodeIds"]
        assert len(nodes) == len(texts)
        for node, text in zip(nodes, texts, strict=True):
            if not re.search("[\u1ea0-\u1ef9]", text):  # letters with stacked or hooked marks
                continue
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            checked.append(text)
            lacking += [
                (f["familyName"], text) for f in fonts if not _covers(f["familyName"], text)
            ]
    page.close()
    assert "quy chế" in checked
    assert lacking == []


@pytest.mark.parametrize(
    "path", ["/agreements/quy-che-ubnd-bac-ninh-ldld-bac-ninh-2024-2028/", "/data/"]
)
def test_a_citation_never_shows_the_preview_address(
    served: str, browser: Browser, path: str
) -> None:
    """Served from 127.0.0.1 with a hostless base URL, the citation shown names no address."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served + path)
    shown = page.locator(".cite__text").inner_text()
    page.close()
    assert "127.0.0.1" not in shown and "localhost" not in shown and "http" not in shown
