"""`agreements build`: determinism, base paths, pagination, and never losing the old site."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from benchmarks.synthetic import write_register
from generator.core.interface import TEMPLATES
from generator.core.urls import PAGE_SIZE
from generator.publish import build as build_module
from generator.publish.build import TemplateProblem, build
from tests.conftest import BROKEN, REPO, SHOWCASE, TODAY, Site, build_site, run_cli, tree_hashes

PREFIX_URL = "https://example.org/register/"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated register of 120 agreements: several pages of the full table."""
    return write_register(tmp_path_factory.mktemp("synthetic") / "content", 120)


@pytest.fixture(scope="module")
def synthetic_site(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The generated register, built once for this module."""
    output = tmp_path_factory.mktemp("synthetic-site") / "site"
    build_site(synthetic, output, "--as-of", "2024-06-01")
    return Site(output)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Same content and as-of date: every file of two builds hashes the same."""
    build_site(SHOWCASE, tmp_path / "one")
    build_site(SHOWCASE, tmp_path / "two")
    first, second = tree_hashes(tmp_path / "one"), tree_hashes(tmp_path / "two")
    assert len(first) > 30
    assert first == second


def test_base_path_build_resolves_every_link(tmp_path: Path) -> None:
    """Built for https://example.org/register/, every internal link stays under /register/."""
    from tests.test_site import crawl

    output = tmp_path / "site"
    build_site(SHOWCASE, output, "--base-url", PREFIX_URL)
    site = Site(output, prefix="/register/")
    reached, broken = crawl(site)
    assert broken == []
    assert reached == set(site.html_files())
    for relative in site.html_files():
        soup = site.soup(relative)
        for tag in soup.find_all(href=True):
            href = tag["href"]
            if href.startswith("/"):
                assert href.startswith("/register/"), (relative, href)
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.org/register/agreements/</loc>" in sitemap
    robots = (output / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://example.org/register/sitemap.xml" in robots
    canonical = site.soup("agreements/index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://example.org/register/agreements/"


def test_pagination_follows_the_pattern(synthetic_site: Site) -> None:
    """Pages of PAGE_SIZE: a labelled nav, the current page marked, no previous on page 1."""
    first = synthetic_site.page("/agreements/")
    nav = first.find("nav", class_="pagination")
    assert nav["aria-label"]
    assert nav.find("a", rel="prev") is None
    assert nav.find("a", rel="next")["href"] == "/agreements/page/2/"
    assert nav.find("a", attrs={"aria-current": "page"})["href"] == "/agreements/"
    total = 120  # the synthetic register's size
    pages = -(-total // PAGE_SIZE)
    last = synthetic_site.page(f"/agreements/page/{pages}/").find("nav", class_="pagination")
    assert last.find("a", rel="next") is None
    assert last.find("a", rel="prev")["href"] == f"/agreements/page/{pages - 1}/"
    links = ["/agreements/"] + [f"/agreements/page/{n}/" for n in range(2, pages + 1)]
    rows = [len(synthetic_site.page(link).select("table.agreements tbody tr")) for link in links]
    assert rows == [PAGE_SIZE] * (pages - 1) + [total - PAGE_SIZE * (pages - 1)]
    assert not (synthetic_site.root / f"agreements/page/{pages + 1}").exists()


def test_kind_and_topic_listings_are_paginated_too(synthetic_site: Site, synthetic: Path) -> None:
    """A kind or topic with more than a page of agreements is split into pages listing
    each once."""
    from generator.publish.build import load

    register = load(synthetic, today=TODAY).register
    assert register is not None
    listings = [(f"/kinds/{kind}/", slugs) for kind, slugs in register.by_kind.items()]
    listings += [(f"/topics/{key}/", slugs) for key, slugs in register.by_topic.items()]
    assert any(len(slugs) > PAGE_SIZE for _, slugs in listings)
    for first, slugs in listings:
        pages = -(-len(slugs) // PAGE_SIZE)
        links = [first] + [f"{first}page/{n}/" for n in range(2, pages + 1)]
        listed = [
            a.find("a")["href"]
            for link in links
            for a in synthetic_site.page(link).select("table.agreements tbody th")
        ]
        assert sorted(listed) == sorted(f"/agreements/{slug}/" for slug in slugs)
        assert not (synthetic_site.root / first.strip("/") / "page" / str(pages + 1)).exists()


def test_content_error_leaves_the_previous_site(tmp_path: Path) -> None:
    """A build of broken content exits 1, names the problem and changes nothing in site/."""
    output = tmp_path / "site"
    build_site(SHOWCASE, output)
    before = tree_hashes(output)
    run = run_cli("build", "--content", str(BROKEN / "bad-dates"), "--output", str(output))
    assert run.code == 1
    assert "signed" in run.err and "unchanged" in run.err
    assert tree_hashes(output) == before


def test_template_error_leaves_the_previous_site(tmp_path: Path) -> None:
    """A template that fails to render raises, names the template, and changes nothing."""
    output = tmp_path / "site"
    build_site(SHOWCASE, output)
    before = tree_hashes(output)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    detail = templates / "agreements" / "detail.html"
    detail.write_text(
        detail.read_text("utf-8").replace("{{ agreement.title }}", "{{ agreement.no_such }}", 1),
        "utf-8",
    )
    with pytest.raises(TemplateProblem, match=r"detail\.html:\d+: UndefinedError"):
        build(SHOWCASE, output, today=TODAY, templates=templates)
    assert tree_hashes(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert gc.isenabled()  # paused while building, resumed however the build ends


def test_the_cycle_collector_is_paused_while_building_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build runs with the cycle collector paused (it went through the build's millions
    of objects again and again), and resumes it after; one paused by the caller stays so."""
    seen: list[bool] = []
    original = build_module._load_converting

    def watched(*args: object, **keywords: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "_load_converting", watched)
    assert build(SHOWCASE, tmp_path / "site", today=TODAY).written
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        build(SHOWCASE, tmp_path / "site", today=TODAY, keep=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _build_of(big: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(big),
        "--output",
        str(output),
    ]


def _wait_until_staged(process: subprocess.Popen, folder: Path) -> int:
    """Wait until the build has staged over 100 pages beside `folder`'s output (or ended)."""
    deadline = time.monotonic() + 120
    staged = 0
    while time.monotonic() < deadline and process.poll() is None:
        stages = [p for p in folder.iterdir() if p.name.startswith(".site-staging-")]
        staged = sum(1 for stage in stages for _ in stage.rglob("*.html"))
        if staged > 100:
            break
        time.sleep(0.005)
    return staged


def test_sigkill_mid_write_leaves_the_previous_site(tmp_path: Path, synthetic: Path) -> None:
    """Killing the build process while it writes leaves site/ byte-identical."""
    big = write_register(tmp_path / "big", 1500)
    output = tmp_path / "site"
    build_site(synthetic, output)
    before = tree_hashes(output)
    process = subprocess.Popen(
        _build_of(big, output),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        staged = _wait_until_staged(process, tmp_path)
        assert process.poll() is None, "the build finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert staged > 100
    assert process.returncode == -signal.SIGKILL
    assert tree_hashes(output) == before
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.startswith(".site-staging-")]
    again = run_cli("build", "--content", str(synthetic), "--output", str(output))
    assert again.code == 0
    assert f"removed '{leftover}', left by an interrupted build" in again.err
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_sigterm_mid_build_removes_its_own_folders(tmp_path: Path, synthetic: Path) -> None:
    """SIGTERM (a cancelled CI job) stops the build the way Ctrl-C does: the previous site
    stays, and neither the staging folder nor a temporary folder is left anywhere."""
    big = write_register(tmp_path / "big", 1500)
    output = tmp_path / "site"
    build_site(synthetic, output)
    before = tree_hashes(output)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with subprocess.Popen(
        _build_of(big, output),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    ) as process:
        try:
            _wait_until_staged(process, tmp_path)
            assert process.poll() is None, "the build finished before it could be stopped"
            os.kill(process.pid, signal.SIGTERM)
            assert process.stderr is not None
            errors = process.stderr.read()
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert f"agreements build: stopped; '{output}' is unchanged" in errors
    assert "Traceback" not in errors
    assert tree_hashes(output) == before
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []
    assert list(temporary.iterdir()) == []


def test_build_reports_and_refuses_usage_mistakes(tmp_path: Path) -> None:
    """Writing over the content folder, or into a file, is a usage error (exit 2)."""
    content = tmp_path / "content"
    shutil.copytree(SHOWCASE, content)
    run = run_cli("build", "--content", str(content), "--output", str(content))
    assert run.code == 2 and "content folder" in run.err
    blocker = tmp_path / "file"
    blocker.write_text("keep me", "utf-8")
    run = run_cli("build", "--content", str(content), "--output", str(blocker))
    assert run.code == 2
    assert blocker.read_text("utf-8") == "keep me"
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me too", "utf-8")
    run = run_cli("build", "--content", str(content), "--output", str(precious))
    assert run.code == 2 and "no earlier build wrote" in run.err
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]


def test_a_language_without_strings_is_reported(tmp_path: Path) -> None:
    """A site.yaml language the interface has no strings for fails clearly, writing nothing."""
    content = tmp_path / "content"
    shutil.copytree(SHOWCASE, content)
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("language: vi", "language: fr"), "utf-8")
    run = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert run.code == 1
    assert "language" in run.err and "'fr'" in run.err and "en, vi" in run.err
    assert not (tmp_path / "site").exists()


def test_build_prints_what_it_wrote(tmp_path: Path) -> None:
    """A successful build says how many pages it wrote, where, and as of which date."""
    run = build_site(SHOWCASE, tmp_path / "site")
    pages = len(list((tmp_path / "site").rglob("*.html")))
    assert f"{pages} pages" in run.out
    assert "as of 2024-06-01" in run.out


def test_strict_build_fails_on_warnings(tmp_path: Path) -> None:
    """Under --strict a warning fails the build and nothing is written."""
    from tests.conftest import FIXTURES, assemble

    content = assemble(tmp_path, FIXTURES / "warnings")
    run = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert run.code == 0
    shutil.rmtree(tmp_path / "site")
    strict = ("--strict", "--output", str(tmp_path / "site"))
    run = run_cli("build", "--content", str(content), *strict)
    assert run.code == 1
    assert not (tmp_path / "site").exists()


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_without_a_host_no_sitemap_is_written(tmp_path: Path) -> None:
    """base_url '/' gives no sitemap.xml, no Sitemap line in robots.txt, and one warning why."""
    output = tmp_path / "site"
    run = build_site(SHOWCASE, output)
    assert not (output / "sitemap.xml").exists()
    robots = (output / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots and "Sitemap" not in robots
    warned = [line for line in run.err_lines if "sitemap" in line.lower()]
    assert len(warned) == 1, run.err
    assert warned[0].startswith("agreements build: warning: ")
    assert "base_url" in warned[0] and "--base-url" in warned[0] and "host" in warned[0]


def test_with_a_host_the_sitemap_holds_full_addresses(tmp_path: Path) -> None:
    """A base URL with a host gives a well-formed sitemap of absolute, resolving <loc>s."""
    output = tmp_path / "site"
    run = build_site(SHOWCASE, output, "--base-url", PREFIX_URL)
    assert "sitemap" not in run.err.lower()
    root = ElementTree.fromstring((output / "sitemap.xml").read_bytes())
    assert root.tag == SITEMAP_NS + "urlset"
    locations = [loc.text or "" for loc in root.iter(SITEMAP_NS + "loc")]
    assert len(locations) > 30 and len(locations) == len(set(locations))
    site = Site(output, prefix="/register/")
    for location in locations:
        parts = urlsplit(location)
        assert (parts.scheme, parts.netloc) == ("https", "example.org"), location
        target = site.file_for(parts.path)
        assert target is not None and target.is_file(), location
    assert "https://example.org/register/agreements/" in locations
    assert "https://example.org/register/404.html" not in locations
    robots = (output / "robots.txt").read_text("utf-8").splitlines()
    assert [line for line in robots if line.startswith("Sitemap")] == [
        "Sitemap: https://example.org/register/sitemap.xml"
    ]
