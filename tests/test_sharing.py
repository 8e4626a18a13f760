"""Metadata for sharing and citing: JSON-LD, Open Graph, meta description, "cite this record"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SHOWCASE, Site, build_site

AGREEMENT = "/agreements/quy-che-ubnd-bac-ninh-ldld-bac-ninh-2024-2028/"


def _json_ld(page: BeautifulSoup) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def _meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def test_every_agreement_page_describes_itself_as_legislation(showcase: Site) -> None:
    """JSON-LD on each agreement page: schema.org Legislation with its title, date and parties."""
    records = json.loads((showcase.root / "data/agreements.json").read_text(encoding="utf-8"))
    for record in records:
        page = showcase.page(f"/agreements/{record['slug']}/")
        data = _json_ld(page)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Legislation"
        assert data["name"] == page.h1.get_text(strip=True) == record["title"]
        if record["signed"]["certainty"] == "stated":
            assert data["legislationDate"] == record["signed"]["edtf"]
        else:  # JSON-LD never claims a date the record only infers or estimates
            assert "legislationDate" not in data
        assert [p["name"] for p in data["legislationPassedBy"]] == [
            p["name"] for p in record["parties"]
        ]
        assert data["encoding"]["contentUrl"] == f"/agreements/{record['slug']}.json"
        force = data.get("legislationLegalForce")
        if record["status"] == "in-force":
            assert force == "InForce"
        elif record["status"] in ("expired", "terminated"):
            assert force == "NotInForce"
        else:
            assert force is None


def test_descriptions_carry_the_summary(showcase: Site) -> None:
    """The meta description and og:description are the agreement's summary."""
    records = json.loads((showcase.root / "data/agreements.json").read_text(encoding="utf-8"))
    for record in records:
        page = showcase.page(f"/agreements/{record['slug']}/")
        assert _meta(page, "description") == record["summary"]
        assert _meta(page, "og:description") == record["summary"]
        assert _meta(page, "og:title") == record["title"]
        assert _meta(page, "og:type") == "article"
        assert _meta(page, "og:locale") == "vi_VN"


def test_open_graph_url_needs_a_host(showcase: Site, tmp_path: Path) -> None:
    """og:url is given only when the site's full address is known, and is then absolute."""
    assert showcase.page(AGREEMENT).find("meta", property="og:url") is None
    build_site(SHOWCASE, tmp_path / "site", "--base-url", "https://example.org/register/")
    page = Site(tmp_path / "site", "/register/").page("/register" + AGREEMENT)
    assert _meta(page, "og:url") == "https://example.org/register" + AGREEMENT
    assert _json_ld(page)["url"] == "https://example.org/register" + AGREEMENT


def _version(page: BeautifulSoup) -> str:
    """The end of a citation: the publisher and the record's version, the day its
    "Cập nhật lần cuối" line gives."""
    meta = [" ".join(p.get_text(" ").split()) for p in page.select(".record__meta")]
    (line,) = [m for m in meta if m.startswith("Cập nhật lần cuối: ")]
    day = line.removeprefix("Cập nhật lần cuối: ").split(" (")[0]
    return f", Ban biên tập Sổ đăng ký (bản trình diễn), phiên bản ngày {day}."


def _citation(page: BeautifulSoup) -> str:
    cite = page.find(id="trich_dan").find_parent("section")
    return " ".join(cite.find(class_="cite__text").get_text(" ").split())


def _data_citation(page: BeautifulSoup) -> str:
    cite = page.find(id="giay_phep").find_parent("section")
    return " ".join(cite.find(class_="cite__text").get_text(" ").split())


def test_cite_this_record(showcase: Site) -> None:
    """Without a host the citation is complete as written (title, parties, signing date,
    register, its publisher and the record's version) and names no address."""
    page = showcase.page(AGREEMENT)
    text = _citation(page)
    title = page.h1.get_text(strip=True)
    assert text.startswith(f"{title}. Các bên: ")
    assert text.endswith(_version(page))
    assert AGREEMENT not in text and "http" not in text and "…" not in text and "[" not in text
    data = _data_citation(showcase.page("/data/"))
    assert "/data/" not in data and "http" not in data
    for shown in (page, showcase.page("/data/")):
        assert shown.find(attrs={"data-cite-url": True}) is None  # nothing for a script to fill


def test_cite_this_record_with_a_host(tmp_path: Path) -> None:
    """With a host in the base URL the citation carries the page's full address."""
    build_site(SHOWCASE, tmp_path / "site", "--base-url", "https://example.org/register/")
    site = Site(tmp_path / "site", "/register/")
    page = site.page("/register" + AGREEMENT)
    text = _citation(page)
    assert text.endswith(f"{_version(page)} https://example.org/register{AGREEMENT}")
    data = _data_citation(site.page("/register/data/"))
    assert data.endswith(" https://example.org/register/data/")


@pytest.mark.parametrize("path", ["/", "/parties/ldld-bac-ninh/", "/data/", "/search/"])
def test_other_pages_have_open_graph_too(showcase: Site, path: str) -> None:
    """Every page has a title, description and type for link previews."""
    page = showcase.page(path)
    assert _meta(page, "og:title")
    assert _meta(page, "og:description")
    assert _meta(page, "og:type") in {"website", "profile"}
