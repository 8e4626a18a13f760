"""A build after an edit reuses what did not change (issue "Fast builds"): every file the
previous site holds with the very bytes this build makes is linked, not written again, and
each part of the search index whose input did not change is taken as it is, not indexed
again. The site is the same, byte for byte, as a build into an empty folder."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from generator.core import urls
from generator.publish import build as build_module
from generator.publish import cache, search
from generator.publish.build import build
from generator.site import markup
from tests.conftest import FIXTURES, TODAY, Run, Site, build_site, tree_hashes
from tests.test_search_parts import PART_SIZE, PARTS, _content, _parts_of

SEARCH = FIXTURES / "search"


def _inodes(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _edit(content: Path, name: str, sentence: str) -> None:
    page = next((content / "agreements").rglob(f"{name}.md"))
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", "utf-8")


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of documents of each Pagefind run of the builds made meanwhile."""
    counted: list[int] = []
    index = search._Run.index

    def counting(self: search._Run, messages: list[dict[str, object]]) -> list[dict[str, str]]:
        counted.append(len(messages) - 2)  # NewIndex and GetFiles are not documents
        return index(self, messages)

    monkeypatch.setattr(search._Run, "index", counting)
    yield counted


def test_an_edit_links_what_did_not_change_and_writes_what_did(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    before = _inodes(site)
    page = next((content / "agreements").rglob("*.md"))
    _edit(content, page.stem, "Các bên thống nhất báo cáo kết quả hằng năm.")
    build_site(content, site)
    after = _inodes(site)
    # Pagefind names its files by their contents: the pages' files keep their names.
    assert {n for n in after if not n.startswith("search/")} == {
        n for n in before if not n.startswith("search/")
    }
    kept = {name for name in after if after[name] == before.get(name)}
    changed = set(after) - kept
    detail = f"agreements/{page.stem}/index.html"
    assert detail in changed and f"agreements/{page.stem}.json" in changed
    assert "hằng năm" in (site / detail).read_text(encoding="utf-8")
    assert len(kept) > len(changed)  # most of the site did not change
    assert all((site / name).stat().st_nlink == 1 for name in after)  # the old site is gone
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


def test_a_site_restored_elsewhere_as_ci_restores_it_lends_its_unchanged_pages(
    tmp_path: Path,
) -> None:
    """The publishing workflow restores `site/` and `.agreements-cache/` into a fresh clone
    from an archive (actions/cache): the same bytes and times, but new files, and maybe
    another folder. After an edit, the build renders there what it renders in the folder
    it built (the restored pages are read back, checked against their digests and
    linked), and the site is the same as a cold build's."""
    previous = tmp_path / "previous"
    shutil.copytree(SEARCH, previous / "content")
    first = build(previous / "content", previous / "site", today=TODAY)
    archive = shutil.make_archive(str(tmp_path / "saved"), "gztar", root_dir=previous)
    clone = tmp_path / "elsewhere" / "clone"
    shutil.unpack_archive(archive, clone, filter="tar")
    restored = _inodes(clone / "site")
    assert not set(restored.values()) & set(_inodes(previous / "site").values())
    sentence = "Các bên thống nhất báo cáo kết quả hằng năm."
    in_place = []
    for folder in (previous, clone):
        _edit(folder / "content", "quy-che-ubnd-ldld-nghe-an", sentence)
        in_place.append(build(folder / "content", folder / "site", today=TODAY).rendered)
    assert "agreements/quy-che-ubnd-ldld-nghe-an/index.html" in in_place[1]
    assert sorted(in_place[1]) == sorted(in_place[0])
    assert len(first.rendered) > 4 * len(in_place[1])
    after = _inodes(clone / "site")
    assert sum(after[name] == restored.get(name) for name in after) > 0.7 * len(after)
    cold = build(clone / "content", tmp_path / "cold", today=TODAY, reuse=False)
    assert cold.written
    assert tree_hashes(clone / "site") == tree_hashes(tmp_path / "cold")
    # No page shows where the content was read from (`Origin.path` is no page's input).
    assert tree_hashes(previous / "site") == tree_hashes(clone / "site")


def test_with_the_site_gone_no_page_is_checked_against_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache whose site is gone (deleted, or restored without it) lends no page: every
    page is rendered where pages are rendered (in the workers, for a large register), none
    is first found made from the same inputs and then rendered again, one by one, in the
    build's own process (that made such a build of 10,000 half as slow again as a cold one)."""
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    first = build(content, tmp_path / "site", today=TODAY)
    checked: list[str] = []
    same_inputs = build_module._same_inputs

    def counting(renderer: Any, everything: str, page: Any, kept: Any) -> bool:
        checked.append(page.path)
        return same_inputs(renderer, everything, page, kept)

    monkeypatch.setattr(build_module, "_same_inputs", counting)
    shutil.rmtree(tmp_path / "site")
    again = build(content, tmp_path / "site", today=TODAY)
    assert checked == []
    assert sorted(again.rendered) == sorted(first.rendered)
    assert build(content, tmp_path / "cold", today=TODAY, reuse=False).written
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "cold")
    _edit(content, "quy-che-ubnd-ldld-nghe-an", "Một câu mới.")
    build(content, tmp_path / "site", today=TODAY)
    assert checked  # with the site back, the pages are checked again


def _tamper(site: Path) -> dict[str, Path]:
    """Three files of the site a build must not lend to the next: one edited by hand, one
    with a second name outside the site, one folder swapped for a link to another."""
    edited = site / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</body>", "<!-- x --></body>"))
    shared = site / "data" / "parties.json"
    outside = site.parent / "outside"
    outside.mkdir()
    os.link(shared, outside / "parties.json")
    moved = site / "kinds"
    shutil.move(moved, outside / "kinds")
    moved.symlink_to(outside / "kinds", target_is_directory=True)
    return {"edited": edited, "shared": shared, "linked": moved}


def test_a_file_changed_shared_or_reached_through_a_link_is_written_afresh(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    tampered = _tamper(site)
    outside = {p: p.stat().st_ino for p in sorted((tmp_path / "outside").rglob("*")) if p.is_file()}
    _edit(content, next((content / "agreements").rglob("*.md")).stem, "Một câu mới.")
    build_site(content, site)
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")
    assert "<!-- x -->" not in tampered["edited"].read_text(encoding="utf-8")
    assert tampered["shared"].stat().st_nlink == 1
    assert not tampered["linked"].is_symlink()
    inside = {p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    assert not inside & set(outside.values())  # nothing outside the site became part of it


def test_the_search_parts_whose_input_did_not_change_are_not_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[int]
) -> None:
    """An edit to one agreement, in words the register already holds, indexes its part
    alone; the other bundles are the previous ones, and all are as a cold build makes."""
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    content = _content(tmp_path)
    site = tmp_path / "site"
    build_site(content, site)
    assert len(runs) == PARTS + 1  # and the words' index
    bundles = sorted((site / "search").glob("pagefind*"))
    before = {folder.name: _inodes(folder) for folder in bundles}
    runs.clear()
    _edit(content, "van-ban-so-3", "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    build_site(content, site)
    assert len(runs) == 1
    after = {folder.name: _inodes(folder) for folder in bundles}
    assert sum(after[name] != before[name] for name in before) == 1
    runs.clear()
    build_site(content, tmp_path / "cold")
    assert len(runs) == PARTS + 1
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


def test_a_bundle_changed_since_it_was_written_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[int]
) -> None:
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    content = _content(tmp_path)
    site = tmp_path / "site"
    build_site(content, site)
    edited = _parts_of(Site(site))["/agreements/van-ban-so-3/"]
    changed = (edited + 1) % PARTS
    bundle = site / "search" / ("pagefind" if changed == 0 else f"pagefind-{changed}")
    entry = bundle / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8") + " ", "utf-8")
    runs.clear()
    _edit(content, "van-ban-so-3", "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    build_site(content, site)
    assert len(runs) == 2  # the edited agreement's part, and the one changed by hand
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


def test_a_new_word_indexes_its_part_and_the_words_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[int]
) -> None:
    """A part holds its own words only (`search.split`): a word new to the register
    changes its part and the index of the words, no other part; the bundles are those a
    cold build makes."""
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    content = _content(tmp_path)
    site = tmp_path / "site"
    build_site(content, site)
    runs.clear()
    _edit(content, "van-ban-so-3", "Xyzzyquux.")
    build_site(content, site)
    assert len(runs) == 2
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


def test_an_agreement_signed_last_indexes_the_newest_part_and_the_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[int]
) -> None:
    """The parts are counted from the oldest agreement (`search.partition`): one added with
    the newest signing date indexes the newest part and the words' index again, no other;
    the bundles are those a cold build makes."""
    monkeypatch.setattr(urls, "SEARCH_PART_SIZE", PART_SIZE)
    content = _content(tmp_path)
    site = tmp_path / "site"
    build_site(content, site)
    runs.clear()
    (content / "agreements" / "ke-hoach-moi.md").write_text(
        "---\ntitle: Kế hoạch phối hợp mới\nkind: plan\nparties: [ldld-ha-noi, mttq-ha-noi]\n"
        "signed: 2024-11-20\nsources: [{publisher: Báo thử nghiệm}]\n---\n"
        "Hai bên phối hợp tổ chức Tháng Công nhân.\n",
        "utf-8",
    )
    build_site(content, site)
    assert len(runs) == 2
    assert _parts_of(Site(site))["/agreements/ke-hoach-moi/"] == 0
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


EDITED = "chuong-trinh-hai-lien-doan"


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Each Markdown text converted by the builds made meanwhile (from an empty memory: the
    tests build in this process, which otherwise keeps each conversion)."""
    counted: Counter[str] = Counter()
    convert = markdown.Markdown.convert

    def counting(self: markdown.Markdown, source: str) -> str:
        counted[source.strip()] += 1
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    markup.forget()
    yield counted
    markup.forget()


def _bodies(content: Path) -> dict[str, str]:
    """Each agreement's body as written, by file name."""
    return {
        path.stem: text.split("\n---\n", 1)[1].strip()
        for path in sorted((content / "agreements").rglob("*.md"))
        if (text := path.read_text(encoding="utf-8")).count("\n---\n")
    }


def _rebuild(content: Path, site: Path) -> Run:
    """A build in a fresh process's memory: what it does not convert, it took from the
    conversions the last build kept."""
    markup.forget()
    return build_site(content, site)


def test_an_edit_converts_the_edited_body_alone(tmp_path: Path, conversions: Counter[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    assert set(_bodies(content).values()) <= set(conversions)
    conversions.clear()
    _edit(content, EDITED, "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    _rebuild(content, site)
    bodies = _bodies(content)
    assert [name for name, body in bodies.items() if body in conversions] == [EDITED]
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")


def _stored(site: Path) -> tuple[Path, dict[str, Any]]:
    path = cache.record_path(site, "conversions")
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_a_kept_conversion_is_sanitised_again_before_it_is_used(
    tmp_path: Path, conversions: Counter[str]
) -> None:
    """The kept conversions are not trusted: an entry that the sanitiser would change is
    converted again, so nothing the file holds reaches a page unless the sanitiser lets it
    out."""
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    path, record = _stored(site)
    assert len(record["entries"]) >= len(_bodies(content))
    for entry in record["entries"].values():
        entry[0] += '<script>alert(1)</script><p onclick="steal()">x</p>'
    path.write_text(json.dumps(record), encoding="utf-8")
    conversions.clear()
    _edit(content, EDITED, "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    _rebuild(content, site)
    assert set(_bodies(content).values()) <= set(conversions)  # each converted again
    pages = [p.read_text(encoding="utf-8") for p in (site / "agreements").rglob("*.html")]
    assert pages and not any("alert(1)" in page or "steal()" in page for page in pages)
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")
    _, record = _stored(site)  # and the file now holds what this build made
    assert not any("alert(1)" in entry[0] for entry in record["entries"].values())


@pytest.mark.parametrize(
    "written",
    [
        "{not json",
        "[]",
        '{"format": 1, "converter": "CONVERTER", "entries": {"k": [1, null, "x"]}}',
        '{"format": 1, "converter": "CONVERTER", "entries": {"k": ["<p>x</p>"]}}',
    ],
)
def test_an_unreadable_conversions_file_is_ignored_with_a_warning(
    tmp_path: Path, conversions: Counter[str], written: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    path, _ = _stored(site)
    path.write_text(written.replace("CONVERTER", cache.converter()), encoding="utf-8")
    conversions.clear()
    _edit(content, EDITED, "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    run = _rebuild(content, site)
    assert "kept conversions of the bodies were ignored" in run.err
    assert written not in run.err  # named by what is wrong with it, never quoted
    assert set(_bodies(content).values()) <= set(conversions)
    build_site(content, tmp_path / "cold")
    assert tree_hashes(site) == tree_hashes(tmp_path / "cold")
    assert _stored(site)[1]["entries"]  # written afresh


def test_conversions_kept_by_another_converter_are_not_used(
    tmp_path: Path, conversions: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version of the generator or of a library it converts with converts again."""
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    monkeypatch.setattr(cache, "converter", lambda: "another")
    conversions.clear()
    _edit(content, EDITED, "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    run = _rebuild(content, site)
    assert "ignored" not in run.err  # not wrong, only made by another converter
    assert set(_bodies(content).values()) <= set(conversions)
    assert _stored(site)[1]["converter"] == "another"


def test_the_cache_is_never_written_through_a_link(tmp_path: Path) -> None:
    """A link planted at the name a cache file is first written under is not followed: the
    build still succeeds, and the file the link names is untouched."""
    content = tmp_path / "content"
    shutil.copytree(SEARCH, content)
    site = tmp_path / "site"
    build_site(content, site)
    outside = tmp_path / "outside.txt"
    outside.write_text("kept", encoding="utf-8")
    for kind in ("build", "conversions", "pages"):
        planted = cache.record_path(site, kind).with_suffix(f".{os.getpid()}.tmp")
        planted.symlink_to(outside)
    _edit(content, EDITED, "Các bên phối hợp chăm lo việc làm cho đoàn viên.")
    _rebuild(content, site)
    assert outside.read_text(encoding="utf-8") == "kept"
    assert "chăm lo việc làm" in (site / "agreements" / EDITED / "index.html").read_text("utf-8")
