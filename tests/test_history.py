"""Last-change dates from git history: real repositories built in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from generator.content.history import last_changed
from tests.conftest import write

JAN = "2024-01-02T10:00:00+07:00"
MAR = "2024-03-05T10:00:00+07:00"


def _git(repo: Path, *args: str, date: str = JAN, author_date: str | None = None) -> str:
    """Run git in `repo` with a fixed identity and dates, isolated from the user's config."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Biên tập viên",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Biên tập viên",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_DATE": author_date or date,
    }
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


def _commit(repo: Path, message: str, date: str, author_date: str | None = None) -> None:
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", message, date=date, author_date=author_date)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "--quiet", "--initial-branch=main")
    return repo


@pytest.fixture
def two_commits(tmp_path: Path) -> Path:
    """A repository whose content/ got three files in January and two changes in March."""
    repo = _repo(tmp_path)
    write(repo / "README.md", "Sổ đăng ký\n")
    write(repo / "content" / "agreements" / "a.md", "---\ntitle: A\n---\n")
    write(repo / "content" / "parties" / "p.md", "---\nname: P\n---\n")
    _commit(repo, "Thêm chương trình A", JAN)
    write(repo / "content" / "parties" / "p.md", "---\nname: P đã sửa\n---\n")
    write(repo / "content" / "agreements" / "b.md", "---\ntitle: B\n---\n")
    _commit(repo, "Thêm chương trình B", MAR)
    return repo


def test_each_file_has_the_day_of_its_last_commit(two_commits: Path) -> None:
    """Files take the day of the newest commit that touched them, relative to content/."""
    found = last_changed(two_commits / "content")
    assert found.available and not found.shallow
    assert dict(found.dates) == {
        "agreements/a.md": dt.date(2024, 1, 2),
        "agreements/b.md": dt.date(2024, 3, 5),
        "parties/p.md": dt.date(2024, 3, 5),
    }


def test_the_repository_root_sees_files_outside_content(two_commits: Path) -> None:
    """Given the repository root, paths carry their content/ prefix and README is dated."""
    dates = last_changed(two_commits).dates
    assert dates["README.md"] == dt.date(2024, 1, 2)
    assert dates["content/agreements/b.md"] == dt.date(2024, 3, 5)


def test_a_subfolder_only_reports_its_own_files(two_commits: Path) -> None:
    """A folder below content/ lists only its files, named relative to itself."""
    assert dict(last_changed(two_commits / "content" / "parties").dates) == {
        "p.md": dt.date(2024, 3, 5)
    }


def test_the_committer_day_on_the_committers_clock_counts(tmp_path: Path) -> None:
    """Committed at 06:00 in Vietnam (23:00 UTC the day before), written a year earlier."""
    repo = _repo(tmp_path)
    write(repo / "a.md", "a\n")
    _commit(repo, "a", "2024-03-05T06:00:00+07:00", author_date="2023-03-01T10:00:00+07:00")
    assert dict(last_changed(repo).dates) == {"a.md": dt.date(2024, 3, 5)}


def test_a_merge_dates_the_files_it_brings_by_the_merge_day(tmp_path: Path) -> None:
    """A branch written in January and merged in March dates its files by the merge only."""
    repo = _repo(tmp_path)
    write(repo / "base.md", "base\n")
    _commit(repo, "base", "2023-12-01T10:00:00+07:00")
    _git(repo, "switch", "--quiet", "-c", "draft")
    write(repo / "new.md", "new\n")
    _commit(repo, "new", JAN)
    _git(repo, "switch", "--quiet", "main")
    write(repo / "base.md", "base, sửa\n")
    _commit(repo, "base again", "2024-02-01T10:00:00+07:00")
    _git(repo, "merge", "--quiet", "--no-ff", "-m", "Merge draft", "draft", date=MAR)
    assert dict(last_changed(repo).dates) == {
        "base.md": dt.date(2024, 2, 1),
        "new.md": dt.date(2024, 3, 5),
    }


def test_names_with_spaces_and_vietnamese_letters(tmp_path: Path) -> None:
    """File and folder names with spaces and diacritics come back exactly as on disk."""
    repo = _repo(tmp_path)
    files = [
        write(repo / "Hợp đồng 2024" / "Quy chế phối hợp.md", "x\n"),
        write(repo / "Hợp đồng 2024" / "Đà Nẵng, Hà Nội.md", "y\n"),
        write(repo / 'tab\tand quote".md', "z\n"),
    ]
    _commit(repo, "Tên tiếng Việt", JAN)
    expected = {path.relative_to(repo).as_posix(): dt.date(2024, 1, 2) for path in files}
    assert dict(last_changed(repo).dates) == expected


def test_uncommitted_edits_keep_the_commit_day_and_new_files_have_none(two_commits: Path) -> None:
    """A modified file keeps its last commit's day; an untracked file is absent."""
    write(two_commits / "content" / "agreements" / "a.md", "---\ntitle: A (chưa lưu)\n---\n")
    write(two_commits / "content" / "agreements" / "c.md", "---\ntitle: C\n---\n")
    dates = last_changed(two_commits / "content").dates
    assert dates["agreements/a.md"] == dt.date(2024, 1, 2)
    assert "agreements/c.md" not in dates


def test_renamed_and_deleted_files(two_commits: Path) -> None:
    """A renamed file is dated by the rename; neither its old name nor a deleted file remains."""
    content = two_commits / "content"
    _git(two_commits, "mv", "content/agreements/a.md", "content/agreements/a-moi.md")
    _git(two_commits, "rm", "--quiet", "content/parties/p.md")
    _commit(two_commits, "Đổi tên, xóa", "2024-05-20T09:00:00+07:00")
    assert dict(last_changed(content).dates) == {
        "agreements/a-moi.md": dt.date(2024, 5, 20),
        "agreements/b.md": dt.date(2024, 3, 5),
    }


def test_a_folder_outside_any_repository_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain folder gives no dates and no error."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "content"
    write(folder / "agreements" / "a.md", "a\n")
    found = last_changed(folder)
    assert (found.available, found.shallow, dict(found.dates)) == (False, False, {})


def test_without_git_the_history_is_unavailable(
    two_commits: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no git program on PATH the answer is 'unavailable', not an exception."""
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert not last_changed(two_commits / "content").available


def test_a_repository_with_no_commit_yet_has_no_dates(tmp_path: Path) -> None:
    """A fresh `git init` gives no dates and no error."""
    repo = _repo(tmp_path)
    write(repo / "a.md", "a\n")
    assert dict(last_changed(repo).dates) == {}


def _clone(source: Path, target: Path, depth: int) -> Path:
    subprocess.run(
        ["git", "clone", "--quiet", f"--depth={depth}", source.as_uri(), str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_a_depth_one_clone_is_shallow_and_dates_nothing(two_commits: Path, tmp_path: Path) -> None:
    """In a `--depth 1` clone every file seems added by one commit, so none is dated."""
    clone = _clone(two_commits, tmp_path / "clone", depth=1)
    found = last_changed(clone / "content")
    assert (found.available, found.shallow, dict(found.dates)) == (True, True, {})


def test_a_deeper_shallow_clone_keeps_the_dates_it_can_vouch_for(
    two_commits: Path, tmp_path: Path
) -> None:
    """With two commits of history, only files changed after the boundary commit are dated."""
    write(two_commits / "content" / "agreements" / "b.md", "---\ntitle: B sửa\n---\n")
    _commit(two_commits, "Sửa B", "2024-06-01T09:00:00+07:00")
    clone = _clone(two_commits, tmp_path / "clone", depth=2)
    found = last_changed(clone / "content")
    assert found.shallow
    assert dict(found.dates) == {"agreements/b.md": dt.date(2024, 6, 1)}


def test_one_git_log_for_any_number_of_files(tmp_path: Path, git_calls: list[list[str]]) -> None:
    """Two git processes in all (rev-parse and log), however many files there are."""
    repo = _repo(tmp_path)
    for number in range(300):
        write(repo / "agreements" / f"chuong-trinh-{number}.md", f"{number}\n")
    _commit(repo, "300 tệp", JAN)
    git_calls.clear()  # what the test set up is not counted
    calls = git_calls
    assert len(last_changed(repo).dates) == 300
    assert len(calls) == 2
    assert "rev-parse" in calls[0] and "log" in calls[1]
