"""Nothing injected: hostile text in every field renders inert in every built page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import HOSTILE, Site, assemble, build_site

DANGEROUS_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20]+")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The minimal register plus an agreement and a party made of injection payloads."""
    root = tmp_path_factory.mktemp("hostile")
    content = assemble(root, HOSTILE)
    output = root / "site"
    build_site(content, output)
    return Site(output)


def test_the_fixture_is_hostile() -> None:
    """The hostile files really carry the payloads the other tests look for."""
    text = "".join(p.read_text("utf-8") for p in HOSTILE.rglob("*.md"))
    for payload in ("<script>", "onerror=", "javascript:", '"><svg onload='):
        assert payload in text


OWN_SCRIPTS = {"/static/site.js", "/static/search.js", "/static/list.js"}
DATA_SCRIPTS = {"application/ld+json", "application/json"}


def _own_script(tag) -> bool:
    """The site's own files, or JSON data whose text cannot close the script element."""
    if tag.get("src"):
        return tag["src"].split("?")[0] in OWN_SCRIPTS and not tag.string
    text = tag.string or ""
    if tag.get("type") not in DATA_SCRIPTS or "<" in text:
        return False
    json.loads(text)
    return True


def _own_form(tag) -> bool:
    """The site's search forms: GET to /search/, nothing else; and the full list's sort and
    filter form, which goes nowhere (no action) and holds only selects and plain buttons."""
    if tag.get("id") == "sap_xep_loc":
        controls = tag.find_all(["input", "select", "button", "textarea"])
        plain = all(c.name == "select" or c.get("type") == "button" for c in controls)
        return "action" not in tag.attrs and plain
    return tag.get("role") == "search" and tag.get("action") == "/search/"


def test_no_script_or_active_element(hostile: Site) -> None:
    """No page holds a script, iframe, object, embed, form, style element or SVG from content."""
    for relative in hostile.html_files():
        soup = hostile.soup(relative)
        for name in ("iframe", "object", "embed", "style", "base"):
            assert soup.find(name) is None, (relative, name)
        assert all(_own_script(tag) for tag in soup.find_all("script")), relative
        assert all(_own_form(tag) for tag in soup.find_all("form")), relative
        for svg in soup.find_all("svg"):
            # The only SVG is the home page chart, which draws no content text but numbers.
            assert relative == "index.html", relative
            assert not any(k.startswith("on") for t in svg.find_all(True) for k in t.attrs)


def test_structured_data_keeps_payloads_as_data(hostile: Site) -> None:
    """The hostile title comes out of the page's JSON-LD exactly as the h1 shows it."""
    soup = hostile.soup("agreements/doc-hai/index.html")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["name"] == soup.find("h1").get_text()
    assert "<" in data["name"] or '"' in data["name"]


def test_no_event_handler_attribute(hostile: Site) -> None:
    """No element anywhere carries an on* attribute."""
    for relative in hostile.html_files():
        for tag in hostile.soup(relative).find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert handlers == [], (relative, tag.name, handlers)


def test_no_dangerous_url(hostile: Site) -> None:
    """No link or source uses a javascript:, data: or vbscript: URL, however it is spelled."""
    for relative in hostile.html_files():
        for tag in hostile.soup(relative).find_all(True):
            for name in URL_ATTRIBUTES:
                value = tag.get(name)
                if isinstance(value, str):
                    assert not DANGEROUS_SCHEME.match(CONTROL.sub("", value)), (relative, value)


def test_payloads_are_shown_as_text(hostile: Site) -> None:
    """The hostile agreement's title is shown literally, angle brackets and quotes included."""
    pages = [name for name in hostile.html_files() if "doc-hai" in name]
    assert pages
    soup = hostile.soup(pages[0])
    title = soup.find("h1").get_text()
    assert "<" in title or '"' in title or "'" in title
    source = (Path(hostile.root) / pages[0]).read_text("utf-8")
    assert "<script>alert" not in source
