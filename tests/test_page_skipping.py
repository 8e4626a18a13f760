"""A build renders only the pages whose inputs changed (issue "Fast edits"): the others are
linked from the previous site. Which pages a build rendered is what it returns
(`Built.rendered`), never a timing; each test also holds that the site is the one a build
into an empty folder writes, byte for byte. The record of the pages' inputs is untrusted:
whatever it says, a page is at worst rendered again."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.core.interface import TEMPLATES
from generator.publish import build as build_module
from generator.publish import cache
from generator.publish.build import Built, build
from generator.site import calendars
from tests.conftest import FIXTURES, TODAY, tree_hashes

EDITED = "quy-che-ldld-quang-tri-so-ldtbxh-quang-tri"
"""A showcase record, signed by ldld-quang-tri and so-ldtbxh-quang-tri."""
UNRELATED_PARTY = "parties/ubnd-dak-lak/index.html"
UNRELATED_RECORD = "agreements/chuong-trinh-ubnd-dak-lak-ldld-dak-lak-2019-2023/index.html"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """The showcase register, built once into `site` beside it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "showcase", content)
    first = _build(content)
    assert len(first.rendered) > 50  # no record yet: every page rendered
    return content


def _build(content: Path, **options: object) -> Built:
    built = build(content, content.parent / "site", today=TODAY, **options)  # type: ignore[arg-type]
    assert built.written, built.loaded.errors[:3]
    return built


def _same_as_cold(content: Path, **options: object) -> None:
    cold = content.parent / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    built = build(content, cold, today=TODAY, reuse=False, **options)  # type: ignore[arg-type]
    assert built.written
    assert tree_hashes(content.parent / "site") == tree_hashes(cold)


def _record_file(content: Path) -> Path:
    return content / "agreements" / f"{EDITED}.md"


def _edit_body(content: Path) -> None:
    path = _record_file(content)
    path.write_text(path.read_text("utf-8") + "\nMột câu mới.\n", "utf-8")


def test_a_body_edit_renders_its_page_and_its_lists_not_an_unrelated_party(
    register: Path,
) -> None:
    _edit_body(register)
    built = _build(register)
    rendered = set(built.rendered)
    assert f"agreements/{EDITED}/index.html" in rendered
    assert "agreements/index.html" in rendered  # the full list shows it
    assert "parties/ldld-quang-tri/index.html" in rendered  # its parties list it
    assert UNRELATED_PARTY not in rendered
    assert UNRELATED_RECORD not in rendered
    assert len(rendered) < len([p for p in built.written if p.endswith(".html")]) / 2
    _same_as_cold(register)


def test_a_body_edit_makes_its_own_json_file_and_not_the_others(register: Path) -> None:
    """An agreement's JSON file is made as a page is: from its record and what it asks
    of the register; the open data's whole array is made from those files."""
    _edit_body(register)
    built = _build(register)
    assert f"agreements/{EDITED}.json" in built.rendered
    unrelated = UNRELATED_RECORD.removesuffix("/index.html") + ".json"
    assert unrelated not in built.rendered
    assert unrelated in built.written
    whole = json.loads((register.parent / "site" / "data" / "agreements.json").read_text("utf-8"))
    assert "Một câu mới." in next(r for r in whole if r["slug"] == EDITED)["body"]
    _same_as_cold(register)


def test_a_party_s_new_name_makes_the_json_files_that_name_it(register: Path) -> None:
    """A record's JSON names its parties in full: renaming one makes again the files of
    the agreements it signs (the look-up `export.party_name` answers otherwise), and only
    those."""
    party = register / "parties" / "ldld-quang-tri.md"
    text = party.read_text("utf-8")
    old = "name: Liên đoàn Lao động tỉnh Quảng Trị"
    party.write_text(text.replace(old, old + " (mới)"), "utf-8")
    built = _build(register)
    made = {path for path in built.rendered if path.endswith(".json")}
    assert f"agreements/{EDITED}.json" in made
    assert UNRELATED_RECORD.removesuffix("/index.html") + ".json" not in made
    whole = json.loads((register.parent / "site" / "data" / "agreements.json").read_text("utf-8"))
    signed = {r["slug"] for r in whole if "ldld-quang-tri" in [p["id"] for p in r["parties"]]}
    assert len(signed) > 1
    assert made == {f"agreements/{slug}.json" for slug in signed}
    _same_as_cold(register)


def test_a_build_with_nothing_new_for_the_pages_renders_none(register: Path) -> None:
    """A comment added to site.yaml: the build cannot keep the site whole (its input
    changed), but no page's input did."""
    settings = register / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "# Một ghi chú.\n", "utf-8")
    built = _build(register)
    assert not built.kept
    assert built.rendered == ()
    _same_as_cold(register)


def test_a_party_renamed_renders_every_page_that_names_it(register: Path) -> None:
    party = register / "parties" / "ldld-quang-tri.md"
    text = party.read_text("utf-8")
    assert "short: LĐLĐ tỉnh Quảng Trị" in text  # the name its rows show
    renamed = "short: LĐLĐ Quảng Trị (mới)\naliases:\n  - LĐLĐ tỉnh Quảng Trị"
    party.write_text(text.replace("short: LĐLĐ tỉnh Quảng Trị", renamed), "utf-8")
    built = _build(register)
    assert f"agreements/{EDITED}/index.html" in built.rendered  # its parties, by short name
    assert "agreements/index.html" in built.rendered  # a row names it
    assert UNRELATED_RECORD not in built.rendered
    _same_as_cold(register)


def test_a_template_change_renders_every_page(register: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    _build(register, templates=templates)  # the record of a build with these templates
    row = templates / "partials" / "_agreement_row.html"
    row.write_text(row.read_text("utf-8").replace("<tr>", '<tr class="row">', 1), "utf-8")
    built = _build(register, templates=templates)
    assert UNRELATED_PARTY in built.rendered and UNRELATED_RECORD in built.rendered
    _same_as_cold(register, templates=templates)


def test_another_as_of_date_renders_every_page(register: Path) -> None:
    later = dt.date(2027, 1, 1)
    built = _build(register, as_of=later)
    assert UNRELATED_RECORD in built.rendered and UNRELATED_PARTY in built.rendered
    _same_as_cold(register, as_of=later)


def _pages_record(content: Path) -> tuple[Path, dict]:
    path = cache.record_path(content.parent / "site", "pages")
    return path, json.loads(path.read_text("utf-8"))


def _entry(record: dict, relative: str) -> list:
    return next(entry for entry in record["pages"] if entry[0] == relative)


@pytest.mark.parametrize(
    "spoil",
    [
        "inputs",  # a digest of inputs that no page has
        "made",  # the bytes named are not the file's, nor is the file's signature
        "signature",  # a signature that is not a file's (four whole numbers expected)
        "lookup",  # a look-up that no longer answers (a party that is not there)
        "dropped",  # a look-up left out: the digest of the inputs no longer fits
        "index",  # a look-up named by an index past the table
    ],
)
def test_a_spoiled_page_record_renders_the_page_and_writes_the_right_bytes(
    register: Path, spoil: str
) -> None:
    _edit_body(register)  # the next build cannot keep the site whole
    path, record = _pages_record(register)
    entry = _entry(record, UNRELATED_PARTY)
    if spoil == "inputs":
        entry[1] = "0" * 32
    elif spoil == "made":
        entry[3] = "0" * 32
        entry[5] = [0, 0, 0, 0]
    elif spoil == "signature":
        entry[5] = [1, 2, -3, 4]
    elif spoil == "lookup":
        record["lookups"][entry[4][0]][1] = ["khong-co-ben-nay"]
    elif spoil == "dropped":
        entry[4] = entry[4][1:]
    elif spoil == "index":
        entry[4] = [*entry[4], 10**6]
    path.write_text(json.dumps(record), "utf-8")
    built = _build(register)
    if spoil in ("index", "signature"):  # not laid out as a record: every page is rendered
        assert any("pages' inputs was ignored" in note.say("en") for note in built.loaded.notes)
        assert UNRELATED_RECORD in built.rendered
    assert UNRELATED_PARTY in built.rendered
    _same_as_cold(register)
    assert UNRELATED_PARTY not in _build(register).rendered or spoil in ("index", "signature")


def test_a_page_changed_in_the_previous_site_is_rendered_again(register: Path) -> None:
    """The previous site's file is linked only when it holds the bytes its record names
    (same size, other bytes here)."""
    _edit_body(register)
    page = register.parent / "site" / UNRELATED_PARTY
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<html", b"<HTML", 1))
    built = _build(register)
    assert UNRELATED_PARTY in built.rendered
    _same_as_cold(register)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files of the previous site a build read back (by their digest)."""
    pages: list[str] = []
    original = build_module._holds

    def counted(data: bytes, info: os.stat_result, kept: cache.PageRecord) -> bool:
        pages.append(kept.made)
        return original(data, info, kept)

    monkeypatch.setattr(build_module, "_holds", counted)
    return pages


def test_an_unchanged_page_is_linked_without_being_read(register: Path, read: list[str]) -> None:
    """The record keeps each file's signature as the build left it: a page that still has
    it is linked, not read back (an agreement's JSON file is read: the open data is made
    from it); the record names the files of the new site."""
    _, before = _pages_record(register)
    pages = {entry[3] for entry in before["pages"] if entry[0].endswith(".html")}
    _edit_body(register)
    built = _build(register)
    assert UNRELATED_PARTY not in built.rendered
    assert read and not pages & set(read)
    _, record = _pages_record(register)
    site = register.parent / "site"
    for relative in (UNRELATED_PARTY, f"agreements/{EDITED}/index.html"):
        assert tuple(_entry(record, relative)[5]) == cache.signature(os.lstat(site / relative))
    _same_as_cold(register)


def test_a_page_copied_over_itself_is_read_then_linked(register: Path, read: list[str]) -> None:
    """Same bytes in a new file (another inode, another time): the signature no longer
    fits, so the file is read; its bytes are those of the record, so it is linked, not
    rendered, and the next record has the new file's signature."""
    _, before = _pages_record(register)
    page = register.parent / "site" / UNRELATED_PARTY
    copy = page.with_name("copy.html")
    shutil.copyfile(page, copy)
    os.replace(copy, page)
    _edit_body(register)
    built = _build(register)
    assert UNRELATED_PARTY not in built.rendered
    assert read.count(_entry(before, UNRELATED_PARTY)[3]) == 1
    _, record = _pages_record(register)
    assert tuple(_entry(record, UNRELATED_PARTY)[5]) == cache.signature(os.lstat(page))
    _same_as_cold(register)


def test_a_calendar_event_is_written_from_the_last_build_s_text(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each calendar event's text is kept by the digest of the event: a build after an
    edit makes again only the events that changed."""
    _, record = _pages_record(register)
    assert record["events"]
    made: list[str] = []
    original = calendars.event_text

    def counted(event: calendars.DayEvent) -> str:
        made.append(event.uid)
        return original(event)

    monkeypatch.setattr(calendars, "event_text", counted)
    _edit_body(register)
    _build(register)
    assert len(made) < len(record["events"]) or not made
    _same_as_cold(register)


def test_a_spoiled_event_text_is_not_used(register: Path) -> None:
    """An event's text changed in the record no longer fits its check: the record is
    ignored with a warning, and the calendars are made again."""
    _edit_body(register)
    path, record = _pages_record(register)
    record["events"][0][1] = record["events"][0][1].replace("SUMMARY:", "SUMMARY:X")
    path.write_text(json.dumps(record), "utf-8")
    built = _build(register)
    assert any("pages' inputs was ignored" in note.say("en") for note in built.loaded.notes)
    _same_as_cold(register)
