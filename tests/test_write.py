"""The write stage: staged output, swapped in on success, previous site kept on failure."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import os
import select
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.publish import write
from generator.publish.write import Staging, UnsafeOutput, UnsafePath, safe_relative, stale_staging

REPO = Path(__file__).parent.parent


class Boom(Exception):
    """A failure raised on purpose inside a build."""


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder` but the build marker: a hash for files, 'dir' for folders."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if key == write.MARKER:
            continue
        found[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _old_site(tmp_path: Path) -> Path:
    """A previous output folder with a few files in it."""
    output = tmp_path / "site"
    (output / "agreements" / "old").mkdir(parents=True)
    (output / "index.html").write_text("<p>cũ</p>\n", encoding="utf-8")
    (output / "agreements" / "old" / "index.html").write_bytes(b"old page")
    (output / "robots.txt").write_bytes(b"User-agent: *\n")
    (output / write.MARKER).write_text("built earlier\n", encoding="utf-8")
    return output


@dataclass
class Swap:
    """Which swap a test runs with, and the renameat2 calls it made."""

    mode: str
    exchanges: list[tuple[object, ...]] = field(default_factory=list)


@pytest.fixture(params=["exchange", "fallback"])
def swap(request, monkeypatch) -> Swap:
    """Run the test once with the atomic renameat2 exchange and once with the rename fallback."""
    chosen = Swap(request.param)
    if request.param == "fallback":
        monkeypatch.setattr(write, "_renameat2", lambda: None)
        return chosen
    real = write._renameat2()
    if real is None:
        pytest.skip("renameat2 is not available on this system")

    def recording(*args: object) -> int:
        chosen.exchanges.append(args)
        return real(*args)

    monkeypatch.setattr(write, "_renameat2", lambda: recording)
    return chosen


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "agreements/quy-che-nghe-an/index.html",
        "data/agreements.json",
        ".well-known/security.txt",
        "files/biên-bản.pdf",
        "a..b/c.d",
    ],
)
def test_safe_relative_accepts_plain_relative_paths(path: str) -> None:
    """Ordinary '/'-separated relative paths come back unchanged as PurePosixPath."""
    assert str(safe_relative(path)) == path


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "empty"),
        ("/etc/passwd", "absolute"),
        ("/", "absolute"),
        ("//server/share/x", "absolute"),
        ("../outside.html", "'..'"),
        ("a/../../b", "'..'"),
        ("a/..", "'..'"),
        ("..", "'..'"),
        ("./index.html", "'.'"),
        ("a/./b", "'.'"),
        (".", "'.'"),
        ("a//b", "empty segment"),
        ("agreements/", "ends with '/'"),
        ("a\\b", "backslash"),
        ("..\\outside", "backslash"),
        ("a\x00b", "control character"),
        ("a\nb.html", "control character"),
        ("a\tb", "control character"),
        ("a\x7fb", "control character"),
        ("a\x85b", "control character"),
        ("C:/Windows/x", "drive letter"),
        ("c:x", "drive letter"),
        ("C:", "drive letter"),
    ],
)
def test_safe_relative_rejects_paths_that_could_escape(path: str, reason: str) -> None:
    """Each unsafe form is refused with a message naming the path and the reason."""
    with pytest.raises(UnsafePath) as caught:
        safe_relative(path)
    assert repr(path) in str(caught.value)
    assert reason in str(caught.value)


def test_success_replaces_the_previous_output_exactly(tmp_path: Path, swap: Swap) -> None:
    """After a successful build only the new files exist, the folder is 0o755, no leftovers."""
    output = _old_site(tmp_path)
    attachment = tmp_path / "scan.pdf"
    attachment.write_bytes(b"%PDF-1.4 scan")
    with Staging(output) as staging:
        staging.write_text("index.html", "<p>mới</p>\r\n")
        staging.write_bytes("data/agreements.json", b"[]")
        staging.copy_file("files/scan.pdf", attachment)
        assert staging.folder.parent == tmp_path
        assert staging.folder.name.startswith(".site-staging-")
    assert _snapshot(output) == {
        "data": "dir",
        "data/agreements.json": hashlib.sha256(b"[]").hexdigest(),
        "files": "dir",
        "files/scan.pdf": hashlib.sha256(b"%PDF-1.4 scan").hexdigest(),
        "index.html": hashlib.sha256("<p>mới</p>\r\n".encode()).hexdigest(),
    }
    assert output.stat().st_mode & 0o777 == 0o755
    assert stale_staging(output) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.pdf", "site"]
    assert len(swap.exchanges) == (1 if swap.mode == "exchange" else 0)


def test_the_previous_site_can_be_deleted_while_the_build_goes_on(
    tmp_path: Path, swap: Swap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `clear_later`, the new site is in place when the block ends, the previous one is
    deleted in the background, and gone once `finish()` returns."""
    output = _old_site(tmp_path)
    release = threading.Event()
    rmtree = write.shutil.rmtree

    def held(path: Path, **keywords: object) -> None:
        release.wait(10)
        rmtree(path, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(write.shutil, "rmtree", held)
    staging = Staging(output, clear_later=True)
    with staging:
        staging.write_text("index.html", "<p>mới</p>")
    assert (output / "index.html").read_text(encoding="utf-8") == "<p>mới</p>"
    assert len(stale_staging(output)) == 1  # the previous site, being deleted
    release.set()
    staging.finish()
    assert stale_staging(output) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_no_build_wrote_is_never_replaced(tmp_path: Path) -> None:
    """A non-empty folder without the marker (say, the user's home) is refused, untouched."""
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match=write.MARKER):
        with Staging(precious) as staging:
            staging.write_text("index.html", "<p>x</p>")
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents"]


def test_an_empty_folder_is_replaced_and_marked(tmp_path: Path) -> None:
    """An empty folder may become the site; the site then carries the marker for next time."""
    output = tmp_path / "site"
    output.mkdir()
    with Staging(output) as staging:
        staging.write_text("index.html", "<p>x</p>")
    assert (output / write.MARKER).is_file()
    with Staging(output) as staging:
        staging.write_text("index.html", "<p>y</p>")
    assert (output / "index.html").read_text(encoding="utf-8") == "<p>y</p>"


def test_first_build_creates_the_output_and_its_parent(tmp_path: Path) -> None:
    """With no previous output, the staged folder (and missing parents) become the output."""
    output = tmp_path / "deep" / "er" / "site"
    with Staging(output) as staging:
        staging.write_text("index.html", "x")
    assert _snapshot(output) == {"index.html": hashlib.sha256(b"x").hexdigest()}
    assert output.stat().st_mode & 0o777 == 0o755
    assert os.listdir(output.parent) == ["site"]


def test_written_lists_relative_paths_sorted(tmp_path: Path) -> None:
    """The `written` property lists every staged path in sorted order."""
    with Staging(tmp_path / "site") as staging:
        staging.write_text("z.html", "")
        staging.write_text("a/b.html", "")
        staging.write_bytes("m.json", b"")
        assert staging.written == ["a/b.html", "m.json", "z.html"]


def test_text_is_written_as_utf8_with_newlines_untouched(tmp_path: Path) -> None:
    """write_text encodes UTF-8 and does no newline translation."""
    output = tmp_path / "site"
    with Staging(output) as staging:
        staging.write_text("a.txt", "Đà Nẵng\r\nHà Nội\n")
    assert (output / "a.txt").read_bytes() == "Đà Nẵng\r\nHà Nội\n".encode()


def test_an_exception_leaves_the_previous_output_untouched(tmp_path: Path, swap: Swap) -> None:
    """A failure inside the block propagates, removes the staging folder, keeps the old site."""
    output = _old_site(tmp_path)
    before = _snapshot(output)
    with pytest.raises(Boom):
        with Staging(output) as staging:
            staging.write_text("index.html", "new")
            staging.write_text("agreements/old/index.html", "new")
            raise Boom("render failed")
    assert _snapshot(output) == before
    assert not staging.folder.exists()
    assert stale_staging(output) == []


def test_writing_the_same_path_twice_is_refused(tmp_path: Path) -> None:
    """Two writes to one relative path raise instead of silently overwriting."""
    source = tmp_path / "source.txt"
    source.write_bytes(b"s")
    with pytest.raises(ValueError, match="'a/index.html' written twice"):
        with Staging(tmp_path / "site") as staging:
            staging.write_text("a/index.html", "first")
            try:
                staging.copy_file("a/index.html", source)
            finally:
                assert (staging.folder / "a" / "index.html").read_text() == "first"
    assert not (tmp_path / "site").exists()


def test_unsafe_paths_are_refused_by_every_writer(tmp_path: Path) -> None:
    """write_bytes, write_text and copy_file all validate the relative path."""
    source = tmp_path / "source.txt"
    source.write_bytes(b"s")
    with Staging(tmp_path / "site") as staging:
        with pytest.raises(UnsafePath):
            staging.write_bytes("../escape", b"x")
        with pytest.raises(UnsafePath):
            staging.write_text("/tmp/escape", "x")
        with pytest.raises(UnsafePath):
            staging.copy_file("a/../../escape", source)
        assert staging.written == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "source.txt"]


def test_a_symlinked_folder_cannot_be_written_through(tmp_path: Path) -> None:
    """A link inside the staging folder to an outside folder is refused, nothing lands outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(UnsafePath, match="outside the output folder"):
        with Staging(tmp_path / "site") as staging:
            (staging.folder / "agreements").symlink_to(outside, target_is_directory=True)
            staging.write_text("agreements/sub/index.html", "escaped")
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "site").exists()


def test_a_symlinked_file_cannot_be_written_through(tmp_path: Path) -> None:
    """A link inside the staging folder to an outside file is refused and the file is kept."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    with pytest.raises(UnsafePath):
        with Staging(tmp_path / "site") as staging:
            (staging.folder / "index.html").symlink_to(victim)
            staging.write_bytes("index.html", b"overwritten")
    assert victim.read_bytes() == b"precious"


def test_output_that_is_a_file_is_refused_and_untouched(tmp_path: Path) -> None:
    """An output path naming a file is refused before anything is written."""
    output = tmp_path / "site"
    output.write_bytes(b"not a folder")
    entered = False
    with pytest.raises(UnsafeOutput, match="not a folder"):
        with Staging(output):
            entered = True
    assert not entered
    assert output.read_bytes() == b"not a folder"
    assert os.listdir(tmp_path) == ["site"]


def test_output_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    """A symbolic link as output is refused so the swap cannot replace the link or its target."""
    real = _old_site(tmp_path)
    link = tmp_path / "public"
    link.symlink_to(real, target_is_directory=True)
    before = _snapshot(real)
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        with Staging(link):
            pass
    assert link.is_symlink()
    assert _snapshot(real) == before


def test_a_failed_fallback_rename_puts_the_previous_output_back(tmp_path, monkeypatch) -> None:
    """If moving the staged folder in fails, the previous output is renamed back into place."""
    output = _old_site(tmp_path)
    before = _snapshot(output)
    monkeypatch.setattr(write, "_renameat2", lambda: None)
    real_rename = os.rename
    calls = []

    def flaky_rename(source, target) -> None:
        calls.append(Path(source).name)
        if Path(source).name.startswith(".site-staging-"):
            raise OSError(errno.EIO, "simulated failure")
        real_rename(source, target)

    monkeypatch.setattr(write.os, "rename", flaky_rename)
    with pytest.raises(OSError, match="simulated failure"):
        with Staging(output) as staging:
            staging.write_text("index.html", "new")
    monkeypatch.undo()
    assert len(calls) == 3
    assert _snapshot(output) == before
    assert stale_staging(output) == []


def test_exchange_falls_back_when_the_file_system_says_einval(tmp_path, monkeypatch) -> None:
    """A renameat2 that fails with EINVAL (e.g. an unsupporting file system) uses the fallback."""
    output = _old_site(tmp_path)
    tried = []

    def unsupported(*args: object) -> int:
        tried.append(args)
        ctypes.set_errno(errno.EINVAL)
        return -1

    monkeypatch.setattr(write, "_renameat2", lambda: unsupported)
    with Staging(output) as staging:
        staging.write_text("index.html", "new")
    assert len(tried) == 1
    assert _snapshot(output) == {"index.html": hashlib.sha256(b"new").hexdigest()}
    assert stale_staging(output) == []


def test_other_exchange_errors_are_raised_and_the_output_kept(tmp_path, monkeypatch) -> None:
    """A renameat2 failure other than 'unsupported' is raised, not hidden by the fallback."""
    output = _old_site(tmp_path)
    before = _snapshot(output)

    def failing(*args: object) -> int:
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(write, "_renameat2", lambda: failing)
    with pytest.raises(OSError) as caught:
        with Staging(output) as staging:
            staging.write_text("index.html", "new")
    assert caught.value.errno == errno.EIO
    assert _snapshot(output) == before
    assert stale_staging(output) == []


def test_stale_staging_lists_only_leftovers_of_this_output(tmp_path: Path) -> None:
    """Leftover staging and previous folders are reported; other folders are not."""
    for name in [".site-staging-abc", ".site-previous-def", ".other-staging-x", "site"]:
        (tmp_path / name).mkdir()
    (tmp_path / ".site-staging-file").write_bytes(b"")
    assert stale_staging(tmp_path / "site") == [
        tmp_path / ".site-previous-def",
        tmp_path / ".site-staging-abc",
    ]
    assert stale_staging(tmp_path / "missing" / "site") == []


CHILD = """
import itertools, sys, time
from pathlib import Path
from generator.publish.write import Staging

with Staging(Path(sys.argv[1])) as staging:
    staging.write_text("index.html", "half-built")
    print(staging.folder, flush=True)
    for number in itertools.count():
        staging.write_text(f"agreements/{number}/index.html", "x" * 4096)
        time.sleep(0.005)
"""


def test_sigkill_mid_write_leaves_the_previous_output_and_a_reported_leftover(
    tmp_path: Path,
) -> None:
    """A build killed with SIGKILL while writing cannot publish anything; its folder is reported."""
    output = _old_site(tmp_path)
    before = _snapshot(output)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(output)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([child.stdout], [], [], 30)
        assert ready, "the child process never reported its staging folder"
        folder = Path(child.stdout.readline().strip())
        assert folder.name.startswith(".site-staging-"), child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert _snapshot(output) == before
    assert stale_staging(output) == [folder]
    assert (folder / "index.html").read_text() == "half-built"
    # The next build removes it: the killed build no longer holds its lock.
    with Staging(output) as staging:
        staging.write_text("index.html", "new")
    assert staging.removed == [folder]
    assert stale_staging(output) == []


def _leftover(parent: Path, name: str, marker: str | None = "built\n") -> Path:
    folder = parent / name
    (folder / "agreements").mkdir(parents=True)
    (folder / "agreements" / "page.html").write_bytes(b"x" * 1000)
    if marker is not None:
        (folder / write.MARKER).write_text(marker, encoding="utf-8")
    return folder


def test_leftovers_of_killed_builds_are_removed_and_running_builds_are_left_alone(
    tmp_path: Path,
) -> None:
    """Marked folders whose lock is free go; a locked one, an unmarked one and a marker
    still being written stay."""
    output = _old_site(tmp_path)
    killed = _leftover(tmp_path, ".site-staging-killed")
    previous = _leftover(tmp_path, ".site-previous-killed")
    running = _leftover(tmp_path, ".site-staging-running")
    unmarked = _leftover(tmp_path, ".site-staging-unmarked", marker=None)
    starting = _leftover(tmp_path, ".site-staging-starting", marker="")
    other = _leftover(tmp_path, ".other-staging-killed")
    held = os.open(running / write.MARKER, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        with Staging(output) as staging:
            staging.write_text("index.html", "new")
    finally:
        os.close(held)
    assert sorted(staging.removed) == [previous, killed]
    assert stale_staging(output) == [running, starting, unmarked]
    assert other.is_dir()
    assert (output / "index.html").read_text(encoding="utf-8") == "new"


def test_a_previous_site_folder_is_kept_when_it_is_the_only_copy(tmp_path: Path) -> None:
    """Killed between the two renames of a swap, the old site exists only at its new name."""
    output = tmp_path / "site"
    previous = _leftover(tmp_path, ".site-previous-only")
    with Staging(output) as staging:
        staging.write_text("index.html", "new")
    assert staging.removed == []
    assert previous.is_dir()


def test_the_staging_folder_is_locked_while_the_build_runs(tmp_path: Path) -> None:
    """Another build cannot take the lock of a staging folder in use."""
    output = _old_site(tmp_path)
    with Staging(output) as staging:
        probe = os.open(staging.folder / write.MARKER, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(probe)
        assert write.remove_stale(output) == []
        staging.write_text("index.html", "new")


def test_a_file_a_tool_wrote_is_adopted_only_when_regular(tmp_path: Path) -> None:
    """`adopt` counts a file a tool wrote inside the staging folder (Pagefind's bundle), and
    refuses one that is a link, is missing, or is reached through a linked folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    with Staging(tmp_path / "site") as staging:
        bundle = staging.folder / "search" / "pagefind"
        bundle.mkdir(parents=True)
        (bundle / "pagefind.js").write_bytes(b"js")
        (bundle / "link.js").symlink_to(outside / "secret.txt")
        (staging.folder / "linked").symlink_to(outside, target_is_directory=True)
        staging.adopt("search/pagefind/pagefind.js")
        for refused in ("search/pagefind/link.js", "search/pagefind/none.js", "linked/secret.txt"):
            with pytest.raises(UnsafePath):
                staging.adopt(refused)
        with pytest.raises(ValueError, match="written twice"):
            staging.adopt("search/pagefind/pagefind.js")
        staging.write_text("search/index.html", "page")  # beside the tool's folder
        assert staging.written == ["search/index.html", "search/pagefind/pagefind.js"]
        (bundle / "link.js").unlink()
        (staging.folder / "linked").unlink()
    assert (tmp_path / "site" / "search" / "pagefind" / "pagefind.js").read_bytes() == b"js"


@given(
    st.lists(
        st.sampled_from(["a", "đ", "/", ".", "..", " ", "\\", "\t", "C:", "\x7f", "\u0085"]),
        max_size=8,
    ).map("".join)
)
def test_a_checked_path_is_the_path_a_pure_path_gives(path: str) -> None:
    """`checked_relative` refuses what `safe_relative` refuses, and gives back a path it
    accepts as it is: the same text `str(PurePosixPath(path))` gives."""
    try:
        expected = str(safe_relative(path))
    except UnsafePath:
        with pytest.raises(UnsafePath):
            write.checked_relative(path)
        return
    assert write.checked_relative(path) == expected == path
