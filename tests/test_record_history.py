"""Each record's change history, from a git repository made in the test: entered, corrected,
renamed; shown in "Lịch sử thay đổi" and in the record's JSON, and dating the feeds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.content import history
from generator.publish import cache
from tests.conftest import MINIMAL, Site, commit, git, run_cli, write

AGREEMENT = "agreements/quy-che-nghe-an.md"
SLUG = "quy-che-nghe-an"
BASE = "https://example.org/so/"


_git = git
_commit = commit


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A register whose agreement entered on 10/1/2024, was corrected on 5/3/2024 (its end
    changed, a place added, its sources removed, its body edited), then renamed into a
    year folder with its title corrected on 20/5/2024; the site settings came on 1/6/2024."""
    repo = tmp_path_factory.mktemp("history") / "register"
    content = repo / "content"
    shutil.copytree(MINIMAL, content)
    (content / "site.yaml").unlink()
    _git(repo, "init", "-q", "-b", "main")
    commits = {"entered": _commit(repo, "Thêm quy chế Nghệ An", "2024-01-10")}
    path = content / AGREEMENT
    _edit(path, "  end: 2027", "  end: 2028")
    _edit(path, "period:", "place: Vinh\nperiod:")
    _edit(path, "sources:\n  - publisher: Báo thử nghiệm\n", "")
    _edit(path, "chăm lo cho người lao động.", "chăm lo đời sống người lao động.")
    commits["corrected"] = _commit(repo, "Sửa thời hạn", "2024-03-05")
    moved = content / "agreements" / "2023" / "quy-che-nghe-an.md"
    moved.parent.mkdir()
    _git(repo, "mv", f"content/{AGREEMENT}", "content/agreements/2023/quy-che-nghe-an.md")
    _edit(moved, "UBND tỉnh Nghệ An và", "Ủy ban nhân dân tỉnh Nghệ An và")
    commits["renamed"] = _commit(repo, "Chuyển vào thư mục năm", "2024-05-20")
    write(
        content / "site.yaml",
        "title: Sổ đăng ký thử nghiệm\nrepository_url: https://github.com/example/so\n",
    )
    _commit(repo, "Cấu hình", "2024-06-01")
    return repo, commits


@pytest.fixture(scope="module")
def site(repo: tuple[Path, dict[str, str]]) -> Site:
    root, _ = repo
    output = root.parent / "site" / "so"
    run = run_cli(
        "build",
        "--content",
        str(root / "content"),
        "--output",
        str(output),
        "--as-of",
        "2024-06-01",
        "--base-url",
        BASE,
    )
    assert run.code == 0, run.err
    return Site(output, "/so/")


def _items(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(datetime, commit link, text) of each entry of the page's history, in order."""
    section = page.find(id="lich_su").find_parent("section")
    found = []
    for item in section.select("ol.history__list > li"):
        link = item.find("a")
        text = " ".join(item.get_text(" ").split())
        found.append((item.find("time")["datetime"], link["href"] if link else "", text))
    return found


def test_the_page_lists_every_commit_newest_first_in_vietnamese(
    site: Site, repo: tuple[Path, dict[str, str]]
) -> None:
    """Three entries, newest first: the rename with its title corrected, the correction
    naming each field by its Vietnamese label, the day the record entered."""
    _, commits = repo
    page = site.page(f"/so/agreements/{SLUG}/")
    assert page.find(id="lich_su").get_text() == "Lịch sử thay đổi"
    items = _items(page)
    assert [day for day, _, _ in items] == ["2024-05-20", "2024-03-05", "2024-01-10"]
    links = [link for _, link, _ in items]
    assert links == [
        f"https://github.com/example/so/commit/{commits[name]}"
        for name in ("renamed", "corrected", "entered")
    ]
    renamed, corrected, entered = (text for _, _, text in items)
    assert renamed.startswith("20/5/2024 · lần lưu " + commits["renamed"][:7])
    assert "Đổi tên tệp (trước đây: agreements/quy-che-nghe-an.md)." in renamed
    assert "Sửa tên văn bản." in renamed
    assert "Thêm nơi ký." in corrected
    assert "Sửa thời hạn." in corrected
    assert "Bỏ nguồn tin." in corrected
    assert corrected.endswith("Sửa phần nội dung cam kết.")
    assert "Đưa vào sổ đăng ký." in entered and "10/1/2024" in entered
    # No field's English name leaks into the sentences.
    for english in ("period", "place", "sources", "title", "body"):
        assert english not in corrected + renamed


def test_the_record_json_holds_the_same_history(
    site: Site, repo: tuple[Path, dict[str, str]]
) -> None:
    """The record's JSON has `history`: {date, commit, changes} newest first."""
    _, commits = repo
    record = json.loads(site.file_for(f"/so/agreements/{SLUG}.json").read_text(encoding="utf-8"))
    assert record["history"] == [
        {
            "date": "2024-05-20",
            "commit": commits["renamed"],
            "changes": [
                {"change": "renamed", "field": "agreements/quy-che-nghe-an.md"},
                {"change": "changed", "field": "title"},
            ],
        },
        {
            "date": "2024-03-05",
            "commit": commits["corrected"],
            "changes": [
                {"change": "added", "field": "place"},
                {"change": "changed", "field": "period"},
                {"change": "removed", "field": "sources"},
                {"change": "body", "field": None},
            ],
        },
        {
            "date": "2024-01-10",
            "commit": commits["entered"],
            "changes": [{"change": "entered", "field": None}],
        },
    ]
    listed = json.loads((site.root / "data/agreements.json").read_text(encoding="utf-8"))
    assert listed[0]["history"] == record["history"]


def test_the_feed_is_published_when_the_record_entered_and_updated_when_it_changed(
    site: Site,
) -> None:
    """feedparser reads an entry published on the day its file was added (before the rename)
    and updated on the day of its last change; the feed names no stylesheet."""
    raw = (site.root / "feed.xml").read_bytes()
    assert b"xml-stylesheet" not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry.published == "2024-01-10T00:00:00Z"
    assert entry.updated == "2024-05-20T00:00:00Z"
    party = feedparser.parse((site.root / "parties/ldld-nghe-an/feed.xml").read_bytes())
    assert party.entries[0].published == "2024-01-10T00:00:00Z"


def test_outside_git_one_line_says_there_is_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Content that is not in git: the section says so in one line, the JSON has null."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    run = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert run.code == 0, run.err
    page = Site(tmp_path / "site").page(f"/agreements/{SLUG}/")
    section = page.find(id="lich_su").find_parent("section")
    assert [p.get_text(" ", strip=True) for p in section.find_all("p")] == [
        "Nội dung của sổ đăng ký này không nằm trong kho git, nên không có lịch sử thay đổi "
        "của bản ghi."
    ]
    assert section.find("ol") is None
    record = json.loads((tmp_path / "site" / "agreements" / f"{SLUG}.json").read_text())
    assert record["history"] is None


def test_a_shallow_clone_says_how_far_back_it_reaches(
    repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Cloned three commits deep (its boundary the correction of 5/3/2024, which a shallow
    clone shows as adding every file), the page lists only the rename after it and says from
    which day the history reaches."""
    root, commits = repo
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=3", root.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    output = tmp_path / "site"
    run = run_cli("build", "--content", str(clone / "content"), "--output", str(output))
    assert run.code == 0, run.err
    page = Site(output).page(f"/agreements/{SLUG}/")
    items = _items(page)
    assert [day for day, _, _ in items] == ["2024-05-20"]
    note = page.find(id="lich_su").find_parent("section").find(class_="note")
    assert " ".join(note.get_text().split()) == (
        "Bản sao kho git dùng để dựng trang chỉ giữ lịch sử từ ngày 5/3/2024; những thay "
        "đổi trước ngày đó không hiện ở đây."
    )
    record = json.loads((output / "agreements" / f"{SLUG}.json").read_text())
    assert [r["commit"] for r in record["history"]] == [commits["renamed"]]
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert "published" not in feed.entries[0]  # the day it entered is beyond the clone


def test_one_log_and_one_cat_file_for_every_record(
    repo: tuple[Path, dict[str, str]], git_calls: list[list[str]]
) -> None:
    """The whole history takes three git processes (rev-parse, log, cat-file), whatever the
    number of files, and none when every pair of versions is already known."""
    root, _ = repo
    git_calls.clear()  # what the test set up is not counted
    calls = git_calls
    found = history.last_changed(root / "content")
    touches = [t for file in found.touches.values() for t in file]
    revisions, known = history.revisions(root / "content", touches, {})
    assert [c[3] for c in calls] == ["rev-parse", "-c", "cat-file"]
    calls.clear()
    again, _ = history.revisions(root / "content", touches, known)
    assert calls == [] and again == revisions


def _build_into(repo: Path, output: Path) -> str:
    run = run_cli(
        "build", "--content", str(repo / "content"), "--output", str(output), "--lang", "en"
    )
    assert run.code == 0, run.err
    return run.err


def test_a_rebuild_reads_no_version_again(
    repo: tuple[Path, dict[str, str]], tmp_path: Path, git_calls: list[list[str]]
) -> None:
    """What each pair of versions changed is kept beside the output (keyed by the blobs'
    hashes): a build after an edit runs no `git cat-file`, and gives the same history."""
    root, _ = repo
    copy = tmp_path / "register"
    shutil.copytree(root, copy)
    output = tmp_path / "site"
    _build_into(copy, output)
    first = _items(Site(output).page(f"/agreements/{SLUG}/"))
    assert cache.record_path(output, "changes").is_file()
    write(copy / "content" / "pages" / "gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nSổ thử.\n")
    git_calls.clear()  # what the test set up is not counted
    calls = git_calls
    _build_into(copy, output)
    assert calls and not [c for c in calls if "cat-file" in c]
    assert _items(Site(output).page(f"/agreements/{SLUG}/")) == first


def test_a_kept_history_of_the_wrong_kind_is_ignored_and_replaced(
    repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The kept answers are untrusted input like the rest of the cache: a change of a kind
    that does not exist is one warning, the history is read from git again, the file is
    replaced and the next build is quiet."""
    root, _ = repo
    copy = tmp_path / "register"
    shutil.copytree(root, copy)
    output = tmp_path / "site"
    _build_into(copy, output)
    first = _items(Site(output).page(f"/agreements/{SLUG}/"))
    record = cache.record_path(output, "changes")
    kept = json.loads(record.read_text(encoding="utf-8"))
    kept["pairs"][0][2] = [["invented", "<script>"]]
    record.write_text(json.dumps(kept), encoding="utf-8")
    write(copy / "content" / "pages" / "gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nSổ thử.\n")
    err = _build_into(copy, output)
    assert err.count("ignored") == 1
    assert f"the kept history of the records was ignored ('{record}'" in err
    assert _items(Site(output).page(f"/agreements/{SLUG}/")) == first
    write(copy / "content" / "pages" / "gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nSổ.\n")
    assert "ignored" not in _build_into(copy, output)


def test_a_key_an_old_version_made_up_is_shown_escaped_and_cut(tmp_path: Path) -> None:
    """A key the field tables do not know, added and removed in old versions (markup, 500
    characters), is named as a short quoted excerpt, escaped, never as markup."""
    repo = tmp_path / "register"
    content = repo / "content"
    shutil.copytree(MINIMAL, content)
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "Thêm", "2024-01-10")
    key = "<img src=x onerror=alert(1)>" + "x" * 500
    _edit(content / AGREEMENT, "kind: regulation\n", f'kind: regulation\n"{key}": 1\n')
    _commit(repo, "Thêm một khóa lạ", "2024-02-01")
    _edit(content / AGREEMENT, f'"{key}": 1\n', "")
    _commit(repo, "Bỏ khóa lạ", "2024-03-01")
    output = tmp_path / "site"
    run = run_cli("build", "--content", str(content), "--output", str(output))
    assert run.code == 0, run.err
    page = Site(output).page("/agreements/quy-che-nghe-an/")
    assert page.find("img", src="x") is None
    lines = [text for _, _, text in _items(page)]
    assert any(line.startswith("1/3/2024 Bỏ '<img src=x onerror=alert(1)>xxx") for line in lines)
    assert all(len(line) < 150 for line in lines), lines
