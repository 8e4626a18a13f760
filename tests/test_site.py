"""The built showcase site: every page of the contract, links, counts, structure."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.content.register import Register
from generator.publish.build import load
from tests.conftest import SHOWCASE, TODAY, Site

STATUS_TEXT = {
    "upcoming": "Chưa có hiệu lực",
    "in-force": "Đang hiệu lực",
    "expired": "Đã hết hạn",
    "terminated": "Đã chấm dứt",
    "superseded": "Đã được thay thế",
    "unknown": "Chưa rõ hiệu lực",
}
MAYBE_TEXT = {
    "in-force": "Có thể đang hiệu lực",
    "expired": "Có thể đã hết hạn",
    "terminated": "Có thể đã chấm dứt",
    "superseded": "Có thể đã được thay thế",
}


@pytest.fixture(scope="module")
def register() -> Register:
    """The showcase register as the checker reads it (the build's input, not its output)."""
    loaded = load(SHOWCASE, today=TODAY)
    assert not loaded.errors
    assert loaded.register is not None
    return loaded.register


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def test_every_page_of_the_contract_exists(showcase: Site, register: Register) -> None:
    """Each URL of SPEC's site contract has its file, for every record in the content."""
    expected = {
        "index.html",
        "agreements/index.html",
        "parties/index.html",
        "years/index.html",
        "kinds/index.html",
        "topics/index.html",
        "404.html",
        "robots.txt",
        "static/style.css",
    }
    expected |= {f"agreements/{slug}/index.html" for slug in register.agreements}
    expected |= {f"parties/{party_id}/index.html" for party_id in register.parties}
    expected |= {f"years/{a.signed.year}/index.html" for a in register.agreements.values()}
    expected |= {f"kinds/{a.kind.value}/index.html" for a in register.agreements.values()}
    expected |= {f"{slug}/index.html" for slug in register.pages}
    expected |= {f"agreements/{old}/index.html" for old in register.redirects}
    expected |= {f"files/{name}" for name in register.files}
    missing = sorted(name for name in expected if not (showcase.root / name).is_file())
    assert missing == []


def test_drafts_are_not_published(showcase: Site) -> None:
    """An agreement marked draft has no page and appears in no list."""
    drafts = [
        path.stem
        for path in (SHOWCASE / "agreements").rglob("*.md")
        if _front_matter(path).get("draft") is True
    ]
    assert drafts, "the showcase must hold a draft"
    for slug in drafts:
        assert not (showcase.root / "agreements" / slug).exists()
        for name in showcase.html_files():
            assert f"/agreements/{slug}/" not in (showcase.root / name).read_text("utf-8")


def _links(site: Site, relative: str) -> list[str]:
    soup = site.soup(relative)
    found = [tag["href"] for tag in soup.find_all(href=True)]
    found += [tag["src"] for tag in soup.find_all(src=True)]
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    if refresh:
        found.append(refresh["content"].split("url=", 1)[1])
    return found


def crawl(site: Site, start: list[str] | None = None) -> tuple[set[str], list[str]]:
    """Follow every internal link from `start` (default: home, 404 and every agreement
    folder, redirects included); return the pages reached and the broken links."""
    reached: set[str] = set()
    broken: list[str] = []
    queue = start or [
        "index.html",
        "404.html",
        *[n for n in site.html_files() if "agreements/" in n],
    ]
    while queue:
        relative = queue.pop()
        if relative in reached:
            continue
        reached.add(relative)
        for link in _links(site, relative):
            if re.match(r"^[a-z]+:", link):
                continue  # another site, or mailto:
            assert link.startswith("/") or link.startswith("#"), f"{relative}: relative {link}"
            if link.startswith("#"):
                target, fragment = site.root / relative, link[1:]
            else:
                resolved = site.file_for(link)
                if resolved is None or not resolved.is_file():
                    broken.append(f"{relative} → {link}")
                    continue
                target, fragment = resolved, link.partition("#")[2]
                if target.suffix == ".html":
                    queue.append(target.relative_to(site.root).as_posix())
            if fragment and target.suffix == ".html":
                if (
                    site.page(site.prefix + target.relative_to(site.root).as_posix()).find(
                        id=fragment
                    )
                    is None
                ):
                    broken.append(f"{relative} → {link} (no #{fragment})")
    return reached, broken


def test_every_internal_link_resolves(showcase: Site) -> None:
    """Every href, src and redirect target in every page points at a file the build wrote."""
    reached, broken = crawl(showcase)
    assert broken == []
    assert reached == set(showcase.html_files())


def test_every_page_is_reachable_from_the_home_page(showcase: Site, register: Register) -> None:
    """Browsing from `/` reaches every page except the 404 page and the alias redirects."""
    reached, _ = crawl(showcase, ["index.html"])
    redirects = {f"agreements/{old}/index.html" for old in register.redirects}
    assert set(showcase.html_files()) - reached == {"404.html"} | redirects


def _table_rows(site: Site, relative: str) -> list[str]:
    """Agreement links of every agreement table on a page, in order."""
    soup = site.soup(relative)
    return [
        row.find("a")["href"]
        for table in soup.select("table.agreements")
        for row in table.select("tbody tr")
    ]


def test_list_counts_match_the_content(showcase: Site) -> None:
    """The full table lists every published agreement file once, and the home counts agree."""
    published = {
        path.stem
        for path in (SHOWCASE / "agreements").rglob("*.md")
        if not _front_matter(path).get("draft")
    }
    listed = _table_rows(showcase, "agreements/index.html")
    assert sorted(listed) == sorted(f"/agreements/{slug}/" for slug in published)
    counts = [
        int(strong.get_text()) for strong in showcase.soup("index.html").select(".counts strong")
    ]
    parties = len(list((SHOWCASE / "parties").glob("*.md")))
    assert counts[:2] == [len(published), parties]


def test_year_and_kind_counts_match_the_files(showcase: Site) -> None:
    """The years and kinds indexes count the published files by signing year and by kind."""
    records = [
        _front_matter(path)
        for path in (SHOWCASE / "agreements").rglob("*.md")
        if not _front_matter(path).get("draft")
    ]
    by_year = Counter(str(record["signed"])[:4] for record in records)
    by_kind = Counter(record["kind"] for record in records)
    years = {
        row.find("a").get_text(): int(row.find("td").get_text())
        for row in showcase.soup("years/index.html").select("tbody tr")
    }
    assert {year: n for year, n in years.items() if n} == dict(by_year)
    kinds = {
        row.find("a")["href"].split("/")[2]: int(row.find("td").get_text())
        for row in showcase.soup("kinds/index.html").select("tbody tr")
    }
    assert kinds == dict(by_kind)


def test_party_pages_list_exactly_their_agreements(showcase: Site, register: Register) -> None:
    """Each party page lists the agreements naming it, and each of those links back."""
    for party_id in register.parties:
        listed = _table_rows(showcase, f"parties/{party_id}/index.html")
        expected = [
            f"/agreements/{a.slug}/" for a in register.agreements.values() if party_id in a.parties
        ]
        assert sorted(listed) == sorted(expected), party_id
        for link in listed:
            hrefs = {a["href"] for a in showcase.page(link).select("table.facts a")}
            assert f"/parties/{party_id}/" in hrefs


def test_parties_index_counts(showcase: Site, register: Register) -> None:
    """The parties index shows each party once with the number of agreements it signed."""
    seen = {}
    for row in showcase.soup("parties/index.html").select("table.parties tbody tr"):
        party_id = row.find("a")["href"].strip("/").split("/")[1]
        assert party_id not in seen
        seen[party_id] = int(row.find("td").get_text())
    expected = {
        party_id: sum(party_id in a.parties for a in register.agreements.values())
        for party_id in register.parties
    }
    assert seen == expected


def test_year_pages_link_both_ways(showcase: Site, register: Register) -> None:
    """Each agreement links to its signing year, whose page lists it among those signed."""
    for agreement in register.agreements.values():
        page = showcase.page(f"/agreements/{agreement.slug}/")
        year_link = f"/years/{agreement.signed.year}/"
        assert year_link in {a["href"] for a in page.select("table.facts a")}
        signed = showcase.page(year_link).find(id="ky_trong_nam").find_parent("section")
        assert f"/agreements/{agreement.slug}/" in {a["href"] for a in signed.find_all("a")}


def test_every_status_is_written_as_text(showcase: Site, register: Register) -> None:
    """Each agreement page names its status in words ("có thể …" when its dates leave
    others open), and the showcase has every status."""
    for slug, status in register.statuses.items():
        tag = showcase.page(f"/agreements/{slug}/").select_one(".record__status .tag")
        words = STATUS_TEXT if register.standings[slug].sure else MAYBE_TEXT
        assert tag.get_text(strip=True) == words[status], slug
    assert set(register.statuses.values()) == set(STATUS_TEXT)


def test_dates_keep_their_precision(showcase: Site, register: Register) -> None:
    """A date is shown as precisely as it was written: day, month or year."""
    forms = {
        3: r"^\d{1,2}/\d{1,2}/\d{4}$",
        2: r"^tháng \d{1,2}/\d{4}$",
        1: r"^năm \d{4}$",
    }
    seen = set()
    for agreement in register.agreements.values():
        time = showcase.page(f"/agreements/{agreement.slug}/").select_one("table.facts time")
        assert agreement.signed.date is not None
        precision = int(agreement.signed.date.precision)
        seen.add(precision)
        assert re.match(forms[precision], time.get_text()), time
        assert time["datetime"] == str(agreement.signed.date)
    assert seen == {1, 2, 3}


def test_relations_show_in_both_directions(showcase: Site, register: Register) -> None:
    """A relation written on one agreement appears, inverted, on the other one's page."""
    pairs = [(a.slug, r.slug) for a in register.agreements.values() for r in a.related]
    assert pairs
    for source, target in pairs:
        forward = showcase.page(f"/agreements/{source}/").select(".related a")
        backward = showcase.page(f"/agreements/{target}/").select(".related a")
        assert f"/agreements/{target}/" in {a["href"] for a in forward}
        assert f"/agreements/{source}/" in {a["href"] for a in backward}


def test_alias_redirect_pages(showcase: Site, register: Register) -> None:
    """An old slug's page refreshes to the new one, names it canonical and links to it."""
    assert register.redirects
    for old, new in register.redirects.items():
        page = showcase.page(f"/agreements/{old}/")
        target = f"/agreements/{new}/"
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == f"0; url={target}"
        assert page.find("link", rel="canonical")["href"].endswith(target)
        assert target in {a["href"] for a in page.select("main a")}


def test_agreement_page_sections(showcase: Site, register: Register) -> None:
    """The richest agreement page has every section of the contract."""
    agreement = next(
        a for a in register.agreements.values() if a.signatories and a.events and a.body
    )
    page = showcase.page(f"/agreements/{agreement.slug}/")
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    for section in ("Thông tin chính", "Người ký", "Nội dung cam kết", "Diễn biến sau khi ký"):
        assert section in headings
    assert "Nguồn tin" in headings and "Dành cho người biên tập" in headings
    assert page.select_one(".highlight").get_text().startswith("---")
    assert agreement.title in page.select_one(".highlight").get_text()
    edit = page.find("a", string=re.compile("Sửa bản ghi này trên GitHub"))
    assert edit["href"] == (
        "https://github.com/example/so-dang-ky/edit/main/content/" + agreement.origin.relative
    )
    assert len(page.select(".timeline > li")) == len(agreement.events)
    assert "Cập nhật lần cuối" in page.get_text()


def test_pages_are_semantic(showcase: Site) -> None:
    """Every page: lang vi, one h1, landmarks, a working skip link, captioned tables."""
    for relative in showcase.html_files():
        soup = showcase.soup(relative)
        assert soup.html["lang"] == "vi", relative
        assert len(soup.find_all("h1")) == 1, relative
        assert soup.find("main") is not None, relative
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), relative
        skip = soup.select_one("a.skip-link")
        assert soup.find(id=skip["href"][1:]) is not None, relative
        for element in soup.find_all(id=True):
            if not element.find_parent(class_="prose"):
                # Underscore ids (digits allowed: `not_utf8`): a body heading's slug id
                # (hyphens) can never take one.
                assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", element["id"]), element["id"]
        for table in soup.find_all("table"):
            if table.find_parent(class_="prose"):
                continue  # an editor's Markdown table has no caption syntax
            assert table.find("caption") is not None, relative
            assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))


def test_no_request_to_another_host(showcase: Site) -> None:
    """Stylesheets, images and any embedded resource come from the site itself."""
    for relative in showcase.html_files():
        soup = showcase.soup(relative)
        resources = [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
        resources += [tag["src"] for tag in soup.find_all(src=True)]
        for resource in resources:
            assert resource.startswith("/") and not resource.startswith("//"), resource
        for script in soup.find_all("script", src=False):
            # Inline scripts are data only (JSON-LD, the search page's strings).
            assert script.get("type") in ("application/ld+json", "application/json"), relative


def test_parties_are_in_vietnamese_alphabetical_order(showcase: Site) -> None:
    """Within each table of the parties index, no name beginning with Đ precedes one with D."""
    for table in showcase.soup("parties/index.html").select("table.parties"):
        initials = [row.find("a").get_text()[0] for row in table.select("tbody tr")]
        for earlier, later in zip(initials, initials[1:], strict=False):
            assert not (earlier == "Đ" and later == "D")
            assert not (earlier in "ĐEÊGHIKLMNOÔƠPQRSTUƯVXY" and later in "ABCD")


def test_lists_follow_icus_vietnamese_order(showcase: Site) -> None:
    """Party tables and the topic index are in the order ICU's `vi` collator gives."""
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    tables = showcase.soup("parties/index.html").select("table.parties")
    tables += showcase.soup("topics/index.html").select("table")
    compared = 0
    for table in tables:
        names = [row.find("a").get_text() for row in table.select("tbody tr")]
        assert names == sorted(names, key=collator.getSortKey)
        compared += len(names)
    assert compared >= 20


def test_sitemap_and_robots(showcase: Site) -> None:
    """Without a host (base_url '/') robots.txt allows crawling and names no sitemap, as
    none is written (a sitemap needs full addresses; test_build checks one with a host)."""
    assert not showcase.root.joinpath("sitemap.xml").exists()
    robots = showcase.root.joinpath("robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots and "Sitemap:" not in robots


def test_as_of_date_is_shown(showcase: Site) -> None:
    """Pages state the date statuses were computed against (site.yaml's as_of)."""
    as_of = dt.date(2024, 6, 1)
    assert f"{as_of.day}/{as_of.month}/{as_of.year}" in showcase.soup("index.html").get_text()


def test_the_document_number_is_shown_exported_and_searchable(
    showcase: Site, register: Register
) -> None:
    """A `number` shows in the facts table, in the JSON and the CSV, and is search text."""
    from generator.core.context import Context
    from generator.core.model import SiteConfig
    from generator.core.urls import Urls
    from generator.core.vietnamese import fold
    from generator.site.search_text import search_documents

    (agreement,) = [a for a in register.agreements.values() if a.number]
    page = showcase.page(f"/agreements/{agreement.slug}/")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select("table.facts tr")}
    assert rows["Số hiệu"] == agreement.number == "05/QC-LĐLĐ-SLĐTBXH"
    record = json.loads((showcase.root / f"agreements/{agreement.slug}.json").read_text())
    assert record["number"] == agreement.number
    others = json.loads((showcase.root / "data/agreements.json").read_text())
    assert {r["slug"]: r["number"] for r in others}[agreement.slug] == agreement.number
    assert sum(1 for r in others if r["number"] is None) == len(others) - 1
    csv_text = (showcase.root / "data/agreements.csv").read_text(encoding="utf-8")
    assert "05/QC-LĐLĐ-SLĐTBXH" in csv_text
    context = Context(SiteConfig(title=""), register.as_of, Urls("/"))
    documents = search_documents(register, context, describe=lambda a: {})
    (document,) = [d for d in documents if d.url.endswith(f"/{agreement.slug}/")]
    assert fold("05/QC-LDLD-SLDTBXH") in document.text  # found with or without marks
