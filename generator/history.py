"""When each content file last changed, read from git history in one `git log`.

The date of a file is the **committer date of the last commit on the first-parent line
that changed it, on the committer's own calendar** (the day in the time zone recorded in
the commit). Committer rather than author: a change is published when it lands, and a
branch merged weeks after it was written lands on the merge day. The committer's calendar
rather than UTC: an editor in Vietnam (UTC+7) who commits at 06:00 sees that day, not the
day before.

Uncommitted edits do not count: a file keeps the date of its last commit. The build must
give the same site for the same commits and as-of date, and what is published (by CI, from
a clean checkout) is what was committed. Untracked files have no date.

In a shallow clone the oldest commits present (the "boundary") look as if they added every
file, so their dates are dropped: only files changed after the boundary keep a date (none
in a `--depth 1` clone), and `shallow` tells the caller to warn and fall back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

# A commit line of the log below: full hash (SHA-1 or SHA-256), a space, the day.
_COMMIT = re.compile(r"([0-9a-f]{40}|[0-9a-f]{64}) (\d{4}-\d{2}-\d{2})")
# Variables that would point git at another repository than the folder's own.
_LOCATING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE")


@dataclass(frozen=True)
class History:
    """What git knows about the files below one folder."""

    dates: Mapping[str, dt.date]
    """Path relative to the folder, '/'-separated → day of the last commit that changed it."""
    shallow: bool
    """The clone is shallow: files last changed at or before its boundary have no date."""
    available: bool
    """The folder is in a git work tree whose history could be read."""


UNAVAILABLE = History(dates=MappingProxyType({}), shallow=False, available=False)


def last_changed(folder: Path) -> History:
    """The last-commit day of every committed file below `folder`, from one `git log`."""
    state = _git(
        folder,
        "rev-parse",
        "--is-inside-work-tree",
        "--is-shallow-repository",
        "--git-path",
        "shallow",
    )
    answers = state.splitlines() if state is not None else []
    if len(answers) != 3 or answers[0] != b"true":  # not a repository, or inside .git
        return UNAVAILABLE
    shallow = answers[1] == b"true"
    boundary = _boundary(folder / os.fsdecode(answers[2])) if shallow else frozenset()
    log = _git(
        folder,
        "-c",
        "log.showSignature=false",
        "log",
        "-z",
        "--first-parent",
        "-m",  # a merge lists what it changed on the first-parent line (newer git implies it)
        "--no-renames",  # a renamed file counts as changed on the day of the rename
        "--relative",  # paths relative to the folder, nothing from outside it
        "--name-status",  # D marks a path whose newest change is its deletion
        "--format=%H %cs",
        "--",
        ".",
    )
    if log is None:
        return UNAVAILABLE
    return History(dates=MappingProxyType(_parse(log, boundary)), shallow=shallow, available=True)


def _git(folder: Path, *args: str) -> bytes | None:
    """Standard output of `git -C folder ARGS`, or None if git is missing or fails."""
    env = {key: value for key, value in os.environ.items() if key not in _LOCATING}
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, env=env, check=False
        )
    except OSError:  # no git on PATH, or the folder vanished
        return None
    return result.stdout if result.returncode == 0 else None


def _boundary(shallow_file: Path) -> frozenset[str]:
    """Hashes of a shallow clone's boundary commits, one per line of `$GIT_DIR/shallow`."""
    try:
        return frozenset(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def _parse(log: bytes, boundary: frozenset[str]) -> dict[str, dt.date]:
    """Newest day per path from `git log -z --name-status --format='%H %cs'` output.

    Each commit prints `<hash> <day>\\0`, a newline, then `<status>\\0<path>\\0` per file.
    Commits come newest first, so the first entry for a path is its last change: a deletion
    there means the file is gone, a boundary commit that its day is unknown.
    """
    newest: dict[str, dt.date | None] = {}
    day: dt.date | None = None
    status: str | None = None
    after_commit = False
    for token in log.split(b"\0"):
        if status is not None:
            path = os.fsdecode(token)
            newest.setdefault(path, None if status.startswith("D") else day)
            status = None
            continue
        if after_commit:
            token = token.removeprefix(b"\n")
        text = token.decode("ascii", "replace")
        commit = _COMMIT.fullmatch(text)
        after_commit = commit is not None
        if commit:
            hash_, date = commit.groups()
            day = None if hash_ in boundary else dt.date.fromisoformat(date)
        elif text:
            status = text
    return {path: day for path, day in newest.items() if day is not None}
