"""Who keeps the register (`publisher` in site.yaml) is named in citations, JSON-LD and the
footer; a citation says which date it cites; one label per status on every surface."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import yaml

from generator.content.register import STATUS_LISTS
from tests.conftest import REPO, Site, assemble, build_site, run_cli

VI = yaml.safe_load((REPO / "templates/strings/vi.yaml").read_text(encoding="utf-8"))
PUBLISHER = "Ban biên tập Sổ đăng ký (bản trình diễn)"
SURE = VI["statuses"]
MAYBE = VI["statuses_maybe"]
EVERY_LABEL = set(SURE.values()) | set(MAYBE.values())


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _agreement_pages(site: Site) -> list[str]:
    """Each published agreement's folder, from the open data (not the redirect pages)."""
    records = json.loads((site.root / "data/agreements.json").read_text(encoding="utf-8"))
    return [f"agreements/{record['slug']}" for record in records]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Publisher --------------------------------------------------------------------


def test_the_footer_names_the_publisher_on_every_page(showcase: Site) -> None:
    """Every HTML page's footer says who keeps the register, in site.yaml's words."""
    pages = showcase.html_files()
    assert len(pages) > 50
    for relative in pages:
        footer = showcase.soup(relative).find("footer")
        if footer is None:  # redirect pages have no footer
            continue
        assert f"Sổ đăng ký do {PUBLISHER} giữ và cập nhật." in _text(footer), relative


def test_json_ld_names_the_publisher(showcase: Site) -> None:
    """Each agreement's JSON-LD has a schema.org publisher (an Organization named as in
    site.yaml), on the record and on the website it is part of."""
    for relative in _agreement_pages(showcase):
        page = showcase.soup(relative + "/index.html")
        data = json.loads(page.find("script", type="application/ld+json").string)
        expected = {"@type": "Organization", "name": PUBLISHER}
        assert data["publisher"] == expected, relative
        assert data["isPartOf"]["publisher"] == expected, relative


def test_the_citation_names_the_publisher_and_cites_the_version_shown(showcase: Site) -> None:
    """The citation names the register and its publisher, and the version it cites is the
    day the page's "Cập nhật lần cuối" line gives, which says it is the cited version."""
    pages = _agreement_pages(showcase)
    assert len(pages) > 10
    for relative in pages:
        page = showcase.soup(relative + "/index.html")
        cited = _text(page.select_one(".cite__text"))
        meta = [_text(p) for p in page.select(".record__meta")]
        (updated,) = [line for line in meta if line.startswith("Cập nhật lần cuối")]
        found = re.fullmatch(r"Cập nhật lần cuối: (.+) \(phiên bản được trích dẫn\)", updated)
        assert found, updated
        version = found[1] if found[1].startswith(("tháng", "năm")) else f"ngày {found[1]}"
        register = "Sổ đăng ký văn bản phối hợp (bản trình diễn)"
        assert f"{register}, {PUBLISHER}, phiên bản {version}." in cited, cited
        assert cited.count("phiên bản") == 1
        help_text = _text(page.select_one(".cite__help"))
        assert "truy cập ngày" in help_text and "Cập nhật lần cuối" in help_text
        button = page.select_one("[data-cite-copy]")
        assert button["data-cite-access"] == "(truy cập ngày {date})."


def test_the_data_package_names_the_publisher(showcase: Site) -> None:
    """datapackage.json names who keeps the register as its publisher, and validates."""
    package = json.loads((showcase.root / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["contributors"] == [{"title": PUBLISHER, "role": "publisher"}]


def test_the_data_page_citation_names_the_publisher(showcase: Site) -> None:
    """/data/'s citation of the open data names the publisher and its version date."""
    text = _text(showcase.page("/data/").select_one(".cite__text"))
    assert text.startswith(
        f"Sổ đăng ký văn bản phối hợp (bản trình diễn), {PUBLISHER}. Dữ liệu mở, phiên bản ngày "
        "1/6/2024."
    ), text


def test_without_a_publisher_nothing_stands_in_for_one(tmp_path: Path) -> None:
    """A register whose site.yaml names no publisher builds: no footer line, no JSON-LD
    publisher, and the citation names the register alone."""
    content = assemble(tmp_path)
    assert "publisher:" not in (content / "site.yaml").read_text(encoding="utf-8")
    build_site(content, tmp_path / "site")
    site = Site(tmp_path / "site")
    (relative, *_) = _agreement_pages(site)
    page = site.soup(relative + "/index.html")
    assert page.select_one(".site-footer__publisher") is None
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert "publisher" not in data and "publisher" not in data["isPartOf"]
    assert re.search(
        r"\. [^.,]+, phiên bản (ngày|tháng|năm) \S+\.$", _text(page.select_one(".cite__text"))
    )


def test_a_publisher_that_is_not_text_is_a_located_error(tmp_path: Path) -> None:
    """`publisher:` given as a list is reported with site.yaml's line and the field, exit 1."""
    content = assemble(tmp_path)
    site_yaml = content / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8").splitlines()
    site_yaml.write_text(
        "\n".join([*lines, "publisher:", "  - Ban A", "  - Ban B"]) + "\n", encoding="utf-8"
    )
    run = run_cli("check", "--content", str(content))
    assert run.code == 1
    line = len(lines) + 1
    assert any(
        re.match(rf".*site\.yaml:{line}: publisher: ", message) for message in run.err_lines
    ), run.err


def test_the_real_content_names_its_publisher() -> None:
    """content/site.yaml says who keeps the register."""
    settings = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))
    assert isinstance(settings.get("publisher"), str) and settings["publisher"].strip()


# One label per status ---------------------------------------------------------


def test_a_possible_status_is_the_same_label_said_as_possible() -> None:
    """Each "có thể" label is `maybe_of` of the status's own label (unknown is never only
    possible), so the two tables cannot drift apart."""
    maybe_of = VI["status_pages"]["maybe_of"]
    assert set(MAYBE) == set(SURE)
    for code, label in SURE.items():
        if code != "unknown":
            assert MAYBE[code] == maybe_of.format(name=_lower_first(label)), code


def test_lists_are_named_by_their_statuses_labels(showcase: Site) -> None:
    """Each status list's heading is made of the labels of the statuses it holds, and the
    status index and the list filter use the same names."""
    either = VI["status_pages"]["either"]
    index = _text(showcase.page("/status/").select_one(".status-lists"))
    names = []
    for name, statuses in STATUS_LISTS.items():
        h1 = _text(showcase.page(f"/status/{name}/").find("h1"))
        if name == "ending-soon":
            expected = VI["status_pages"]["lists"][name]["name"]
        else:
            labels = [SURE[s] for s in statuses]
            expected = labels[0]
            for label in labels[1:]:
                expected = either.format(first=expected, second=_lower_first(label))
        assert h1 == expected, name
        assert expected.lower() in index
        names.append(expected)
    assert "Đã hết hạn hoặc đã chấm dứt" in names
    options = [
        _text(o)
        for o in showcase.page("/agreements/").select("#loc_tinh_trang option")
        if o.get("value")
    ]
    assert options == names


def test_every_tag_is_a_label_of_the_one_set_and_its_list_says_it(showcase: Site) -> None:
    """Every status tag on every page is one of vi.yaml's status labels (sure or possible),
    and the list a sure tag links to names that very label in its heading."""
    headings = {name: _text(showcase.page(f"/status/{name}/").find("h1")) for name in STATUS_LISTS}
    seen = set()
    for relative in showcase.html_files():
        for link in showcase.soup(relative).select("a.tag-link"):
            tag = link.find(class_="tag")
            label = _text(tag)
            name = link["href"].rstrip("/").rsplit("/", 1)[-1]
            if "tag--ending-soon" in tag["class"]:
                continue
            assert label in EVERY_LABEL, (relative, label)
            seen.add(label)
            if "tag--maybe" not in tag["class"]:
                assert label.lower() in headings[name].lower(), (label, headings[name])
    assert {"Đã hết hạn", "Đã chấm dứt", "Đã được thay thế"} <= seen


def test_search_filters_and_the_spreadsheet_use_the_same_labels(showcase: Site) -> None:
    """The search page's status filter and the spreadsheet's status cells are the labels."""
    search = showcase.page("/search/")
    options = [_text(o) for o in search.select("select[name=status] option") if o.get("value")]
    assert options and set(options) <= set(SURE.values())
    raw = (showcase.root / "data/van-ban.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert {row["Tình trạng"] for row in rows} <= EVERY_LABEL
    listed = showcase.page("/data/").select(".status-words li")
    assert [[_text(tag) for tag in item.select(".tag")] for item in listed] == [
        [SURE[code]] + ([MAYBE[code]] if MAYBE[code] != SURE[code] else []) for code in SURE
    ]


def test_no_page_uses_the_old_words(showcase: Site) -> None:
    """No page says the old tag "Hết hạn" alone or the old list names."""
    for relative in showcase.html_files():
        text = _text(showcase.soup(relative))
        assert not re.search(r"(?<![Đđ]ã )\bHết hạn\b", text), relative
        assert "Có thể đã có hiệu lực" not in text, relative
