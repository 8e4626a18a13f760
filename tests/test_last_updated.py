"""'Last updated' from git history: the field wins, a shallow clone warns once and falls back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from tests.conftest import MINIMAL, Site, run_cli, write

AGREEMENT = "agreements/quy-che-nghe-an.md"
SECOND = "agreements/chuong-trinh-thu-hai.md"


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if day:
        env |= {
            "GIT_AUTHOR_DATE": f"{day}T10:00:00+07:00",
            "GIT_COMMITTER_DATE": f"{day}T10:00:00+07:00",
        }
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A register repository: two commits, on 2024-01-10 and 2024-03-05."""
    repo = tmp_path / "register"
    content = repo / "content"
    shutil.copytree(MINIMAL, content)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First", day="2024-01-10")
    path = content / AGREEMENT
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    text = (content / AGREEMENT).read_text(encoding="utf-8")
    write(content / SECOND, text.replace("Quy chế phối hợp", "Chương trình phối hợp", 1))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Second", day="2024-03-05")
    return repo


def _updated(site: Site, slug: str) -> str:
    meta = [
        p.get_text(" ", strip=True)
        for p in site.page(f"/agreements/{slug}/").select(".record__meta")
    ]
    return next(line for line in meta if line.startswith("Cập nhật lần cuối"))


def _build(content: Path, output: Path):
    run = run_cli(
        "build", "--content", str(content), "--output", str(output), "--as-of", "2024-06-01"
    )
    assert run.code == 0, run.err
    return run


def test_dates_come_from_the_last_commit_of_each_file(repo: Path, tmp_path: Path) -> None:
    """Each agreement shows the day its own file last changed, in its page and in the feed."""
    _build(repo / "content", tmp_path / "site")
    site = Site(tmp_path / "site")
    assert "5/3/2024" in _updated(site, "quy-che-nghe-an")
    feed = feedparser.parse((tmp_path / "site/feed.xml").read_bytes())
    assert {e.link: e.updated for e in feed.entries}["/agreements/quy-che-nghe-an/"] == (
        "2024-03-05T00:00:00Z"
    )


def test_an_explicit_updated_field_wins(repo: Path, tmp_path: Path) -> None:
    """`updated:` in the front matter beats the commit date."""
    path = repo / "content" / AGREEMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("kind: regulation", "kind: regulation\nupdated: 2024-02-01", 1), "utf-8"
    )
    _git(repo, "commit", "-q", "-am", "Third", day="2024-04-20")
    _build(repo / "content", tmp_path / "site")
    assert "1/2/2024" in _updated(Site(tmp_path / "site"), "quy-che-nghe-an")


def test_a_shallow_clone_warns_once_and_falls_back(repo: Path, tmp_path: Path) -> None:
    """In a --depth 1 clone the build warns once and uses the signing date, not today."""
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    run = _build(clone / "content", tmp_path / "site")
    assert run.err.count("shallow") == 1, run.err
    site = Site(tmp_path / "site")
    assert "15/3/2023" in _updated(site, "quy-che-nghe-an")  # its signing date


def test_outside_git_there_is_no_warning(tmp_path: Path) -> None:
    """A content folder that is not in a repository builds quietly from the record's dates."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    run = _build(content, tmp_path / "site")
    assert "shallow" not in run.err
    assert "15/3/2023" in _updated(Site(tmp_path / "site"), "quy-che-nghe-an")


def _updated_on(content: Path, relative: str, day: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("kind: regulation", f"kind: regulation\nupdated: {day}", 1), "utf-8"
    )


def test_an_as_of_before_the_last_update_warns_once(tmp_path: Path) -> None:
    """Records updated after --as-of give one warning naming how many, the latest date and why."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    write(content / SECOND, (content / AGREEMENT).read_text(encoding="utf-8"))
    _updated_on(content, AGREEMENT, "2025-09-01")
    _updated_on(content, SECOND, "2026-11-24")
    args = ("build", "--content", str(content), "--output", str(tmp_path / "site"))
    run = run_cli(*args, "--as-of", "2025-06-01")
    assert run.code == 0, run.err
    warned = [line for line in run.err_lines if "2026-11-24" in line]
    assert len(warned) == 1, run.err
    assert "2025-09-01" not in run.err
    line = warned[0]
    assert line.startswith("agreements build: warning: ")
    assert "2 agreements" in line and "2025-06-01" in line and "statuses" in line
    later = run_cli(*args, "--as-of", "2026-11-24")
    assert later.code == 0, later.err
    assert "2026-11-24" not in later.err and "as of" not in later.err
