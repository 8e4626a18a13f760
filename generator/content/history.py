"""When each content file last changed, and every commit that changed it, read from git
history in one `git log`; what each commit changed in a record, from one `git cat-file`.

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

A file's history follows its renames (`-M`) back to the commit that added it: the day the
record entered the register. Each commit's versions before and after are blobs named by
their hash, so what one pair of versions changed (fields added, changed or removed, the
body edited) is worked out once and can be kept between builds (`revisions`' `known`).
In a shallow clone the boundary commits are left out of every history, and `reaches` says
from which day it holds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.content.sources import read_markdown_text
from generator.core.diagnostics import Collector
from generator.core.model import Change, ChangeKind, Revision

# A commit line of the log below: full hash (SHA-1 or SHA-256), a space, the day.
_COMMIT = re.compile(r"([0-9a-f]{40}|[0-9a-f]{64}) (\d{4}-\d{2}-\d{2})")
# Variables that would point git at another repository than the folder's own.
_LOCATING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE")


@dataclass(frozen=True)
class Touch:
    """One commit on the first-parent line that changed one file, renames followed."""

    commit: str
    """The commit's full hash."""
    day: dt.date
    """The committer's day, on the committer's calendar."""
    status: str
    """`A` the file entered (added), `M` changed, `R` renamed (and perhaps changed too)."""
    before: str | None
    """The blob of the version before this commit; None when the file entered with it."""
    after: str
    """The blob of the version this commit made."""
    path: str
    """The file's path after this commit, relative to the folder."""
    renamed_from: str | None = None
    """For a rename, the path before it."""


@dataclass(frozen=True)
class History:
    """What git knows about the files below one folder."""

    dates: Mapping[str, dt.date]
    """Path relative to the folder, '/'-separated → day of the last commit that changed it."""
    shallow: bool
    """The clone is shallow: files last changed at or before its boundary have no date."""
    available: bool
    """The folder is in a git work tree whose history could be read."""
    touches: Mapping[str, tuple[Touch, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Path of a file that exists now → every commit that changed it (under its earlier
    names too), newest first; a shallow clone's boundary commits are left out."""
    reaches: dt.date | None = None
    """In a shallow clone, the day of its oldest commit (its boundary): how far back the
    history reaches. None for a full history."""


UNAVAILABLE = History(dates=MappingProxyType({}), shallow=False, available=False)


def last_changed(folder: Path) -> History:
    """The last-commit day of every committed file below `folder`, and every commit that
    changed each file (renames followed), from one `git log`."""
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
        "-M",  # a renamed file is followed to its earlier name (and dated by the rename)
        "--raw",  # each file with the blobs before and after, and its status
        "--no-abbrev",
        "--relative",  # paths relative to the folder, nothing from outside it
        "--format=%H %cs",
        "--",
        ".",
    )
    if log is None:
        return UNAVAILABLE
    commits = _commits(log)
    days = [day for hash_, day, _ in commits if hash_ in boundary]
    return History(
        dates=MappingProxyType(_newest(commits, boundary)),
        shallow=shallow,
        available=True,
        touches=MappingProxyType(_follow(commits, boundary)),
        reaches=min(days) if days else None,
    )


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


_Entry = tuple[str, str | None, str, str, str | None]
"""One file of a commit: status letter, blob before (None if added), blob after, path, and
the earlier path of a rename."""

_NO_BLOB = re.compile(r"0+")


def _commits(log: bytes) -> list[tuple[str, dt.date, list[_Entry]]]:
    """The commits of `git log -z --raw --no-abbrev --format='%H %cs'` output, newest first.

    Each commit prints `<hash> <day>\\0`, then per file a newline (before the first only),
    `:<modes> <blob before> <blob after> <status>\\0<path>\\0`, with a second path after a
    rename's or a copy's first.
    """
    commits: list[tuple[str, dt.date, list[_Entry]]] = []
    tokens = log.split(b"\0")
    index = 0
    while index < len(tokens):
        text = tokens[index].removeprefix(b"\n").decode("ascii", "replace")
        index += 1
        commit = _COMMIT.fullmatch(text)
        if commit:
            commits.append((commit[1], dt.date.fromisoformat(commit[2]), []))
            continue
        if not text.startswith(":") or not commits:
            continue
        fields = text[1:].split(" ")
        if len(fields) != 5 or index >= len(tokens):
            continue
        before, after, status = fields[2], fields[3], fields[4][:1]
        path = os.fsdecode(tokens[index])
        index += 1
        earlier = None
        if status in ("R", "C") and index < len(tokens):
            earlier, path = path, os.fsdecode(tokens[index])
            index += 1
        entry = (
            status,
            None if _NO_BLOB.fullmatch(before) else before,
            after,
            path,
            earlier if status == "R" else None,
        )
        commits[-1][2].append(entry)
    return commits


def _newest(
    commits: list[tuple[str, dt.date, list[_Entry]]], boundary: frozenset[str]
) -> dict[str, dt.date]:
    """Newest day per path: the first commit (newest first) that names it. A deletion there,
    or the old name of a rename, means the file is gone; a boundary commit that its day is
    unknown."""
    newest: dict[str, dt.date | None] = {}
    for hash_, day, entries in commits:
        known = None if hash_ in boundary else day
        for status, _, _, path, earlier in entries:
            if earlier is not None:
                newest.setdefault(earlier, None)
            newest.setdefault(path, None if status == "D" else known)
    return {path: day for path, day in newest.items() if day is not None}


def _follow(
    commits: list[tuple[str, dt.date, list[_Entry]]], boundary: frozenset[str]
) -> dict[str, tuple[Touch, ...]]:
    """Every commit that changed each file that exists now, under its earlier names too,
    newest first. Walking back in time, `names` maps a path to the file it is now; a file's
    addition ends its history (an older file of the same name is another record)."""
    names: dict[str, str] = {}
    touched: dict[str, list[Touch]] = {}
    seen: set[str] = set()
    for hash_, day, entries in commits:
        for status, before, after, path, earlier in entries:
            if path not in seen:  # the newest mention of a path: the file there now, if any
                seen.add(path)
                if status != "D":
                    names[path] = path
                    touched[path] = []
            if earlier is not None:
                seen.add(earlier)
            now = names.get(path)
            if now is None or status == "D":
                continue
            if hash_ not in boundary:
                touched[now].append(Touch(hash_, day, status, before, after, path, earlier))
            del names[path]
            if status == "R" and earlier is not None:
                names[earlier] = now
            elif status != "A":
                names[path] = now
    return {path: tuple(found) for path, found in touched.items()}


Pair = tuple[str | None, str]
"""The blobs before and after one change of a file (None before: the file was added)."""


def revisions(
    folder: Path, touches: Iterable[Touch], known: Mapping[Pair, tuple[Change, ...]]
) -> tuple[tuple[Revision, ...], dict[Pair, tuple[Change, ...]]]:
    """Each of `touches` as a revision saying what it changed in the record, and what each
    pair of versions changed (`known`'s answers are used as they are; the others are worked
    out from the blobs, all read by one `git cat-file`)."""
    found = list(touches)
    pairs = {(t.before, t.after) for t in found}
    needed = {
        blob
        for before, after in pairs
        if before is not None and before != after and (before, after) not in known
        for blob in (before, after)
    }
    texts = _blobs(folder, needed) if needed else {}
    answers: dict[Pair, tuple[Change, ...]] = {}
    for pair in pairs:
        if pair in known:
            answers[pair] = tuple(known[pair])
        else:
            answers[pair] = _compare(pair, texts)
    made = []
    for touch in found:
        changes = answers[(touch.before, touch.after)]
        if touch.renamed_from is not None:
            changes = (Change(ChangeKind.RENAMED, touch.renamed_from), *changes)
        made.append(Revision(touch.day, touch.commit, changes))
    return tuple(made), answers


def _compare(pair: Pair, texts: Mapping[str, str | None]) -> tuple[Change, ...]:
    """What changed from one version of a record's file to the next."""
    before, after = pair
    if before is None:
        return (Change(ChangeKind.ENTERED),)
    if before == after:
        return ()
    old, new = _read(texts.get(before)), _read(texts.get(after))
    if old is None or new is None:
        return (Change(ChangeKind.EDITED),)
    (old_data, old_body), (new_data, new_body) = old, new
    changes = [Change(ChangeKind.ADDED, key) for key in new_data if key not in old_data]
    changes += [
        Change(ChangeKind.CHANGED, key)
        for key in new_data
        if key in old_data and new_data[key] != old_data[key]
    ]
    changes += [Change(ChangeKind.REMOVED, key) for key in old_data if key not in new_data]
    if old_body.strip() != new_body.strip():
        changes.append(Change(ChangeKind.BODY))
    return tuple(changes)  # empty: only comments or spacing changed


def _read(text: str | None) -> tuple[dict[str, Any], str] | None:
    """A version's front matter and body, or None when it cannot be read."""
    if text is None:
        return None
    source = read_markdown_text(text, "agreements", "", Collector(""))
    if source is None:
        return None
    return source.data, source.body


def _blobs(folder: Path, hashes: Iterable[str]) -> dict[str, str | None]:
    """The text of each blob (None when it is not UTF-8), from one `git cat-file --batch`."""
    wanted = sorted(hashes)
    env = {key: value for key, value in os.environ.items() if key not in _LOCATING}
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "cat-file", "--batch"],
            input="".join(f"{blob}\n" for blob in wanted).encode("ascii"),
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    out, position = result.stdout, 0
    texts: dict[str, str | None] = {}
    for blob in wanted:
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split(b" ")
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<hash> missing"
            continue
        size = int(header[2])
        raw = out[position : position + size]
        position += size + 1
        try:
            texts[blob] = raw.decode("utf-8")
        except UnicodeDecodeError:
            texts[blob] = None
    return texts
