"""No body hangs the build (issue 28): Python-Markdown looked for the end of a link from
every bracket to the end of the paragraph, again after each link, and its raw-HTML finder
ran from every unclosed `<a` over the rest of the body; a body of repeated links or of
unclosed tags, which `check` accepts, took hours to build. Links are now looked for within
`LINK_SCAN` characters, and a tag's attribute holds no `<` unless quoted."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.site import markup
from generator.site.gfm import LINK_SCAN
from tests.conftest import assemble, run_cli, run_limited


def _html(body: str) -> BeautifulSoup:
    markup.forget()
    return BeautifulSoup(markup.convert(body).html, "html.parser")


def test_a_link_is_found_within_the_scan_and_not_beyond() -> None:
    """A link whose text and address fit in `LINK_SCAN` characters is a link; one whose
    text runs past them is text, as a bracket never closed is."""
    near = _html("[" + "chữ " * (LINK_SCAN // 5) + "](muc-tieu) sau")
    assert [a["href"] for a in near.find_all("a")] == ["muc-tieu"]
    far = _html("[" + "chữ " * LINK_SCAN + "](muc-tieu) sau")
    assert far.find("a") is None and "](muc-tieu)" in far.get_text()
    nested = _html("[a [b] [c [d]]](x) và ![ảnh](y.png)")
    assert [a.get_text() for a in nested.find_all("a")] == ["a [b] [c [d]]"]
    assert nested.find("img")["src"] == "y.png"


def test_a_tag_holding_an_unquoted_angle_bracket_is_text() -> None:
    """`<` in an attribute's name or bare value ends the tag for the raw-HTML finder, as
    for Python-Markdown's inline pattern; a quoted `<` is kept in a tag."""
    page = _html('<div title="a<b">trong khối</div>\n\n<span x<y>chữ</span> và <http://e.org')
    assert page.find("div").get_text() == "trong khối"
    assert "<span x<y>" in page.get_text() or page.find("span") is None
    assert "<http://e.org" in page.get_text()


def test_a_body_of_repeated_links_and_unclosed_tags_builds_in_bounded_time(tmp_path) -> None:
    """The real command on a body of 40,000 links in one paragraph and 40,000 unclosed
    `<http://` (about 600 KB, under the 2 MB a file may hold): `check` accepts it, and
    `build` ends within its time (it took hours)."""
    content = assemble(tmp_path)
    page = content / "agreements" / "quy-che-nghe-an.md"
    body = "[a](b)(" * 40_000 + "\n\n" + "<http://" * 40_000 + "\n"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    assert run_cli("check", "--content", str(content)).code == 0
    site = tmp_path / "site"
    done = run_limited("build", "--content", str(content), "--output", str(site), timeout=300)
    assert done.code == 0, done.err
