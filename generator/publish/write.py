"""Writing the site: stage into a temporary folder, swap it in on success, refuse escapes.

The output folder is never emptied or edited in place. Everything is written into a
fresh folder beside it, `.{name}-staging-<random>`, and only when the build finished
without an exception is that folder swapped in (atomically on Linux). A failed or
killed build therefore leaves the previous site untouched.

While a build runs it holds an exclusive lock (flock) on the marker file of its staging
folder. The next build removes every marked staging folder whose lock is free: the
leftover of a build that was killed.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import io
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO, TextIO

# Linux constants for renameat2(2); stable kernel ABI.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# Errors meaning "this system or file system cannot exchange": use the fallback.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EPERM}
_DRIVE = re.compile(r"[A-Za-z]:")
_FOLDER_MODE = 0o755
# A new file, never one already there nor through a link.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
MARKER = ".agreements-site"
"""Written into every staged folder: only a folder holding it (or an empty one) is replaced."""
_MARKER_TEXT = "Built by `agreements build`; the next build replaces this folder whole.\n"


class UnsafePath(ValueError):
    """A relative output path that could escape the output folder."""


class UnsafeOutput(ValueError):
    """An output location that cannot be replaced safely (a file, a link, the root)."""


def safe_relative(path: str) -> PurePosixPath:
    """Check that `path` is a plain '/'-separated relative path and return it."""
    return PurePosixPath(checked_relative(path))


def checked_relative(path: str) -> str:
    """`path` itself, once checked as `safe_relative` checks it (a safe path is already
    the one a PurePosixPath would give back: making one costs a large register's cache
    a second on every build)."""
    problem = _path_problem(path)
    if problem:
        raise UnsafePath(f"unsafe output path {path!r}: {problem}")
    return path


def _path_problem(path: str) -> str | None:
    """What makes `path` unsafe as an output path, or None when it is safe."""
    if not path:
        return "it is empty"
    if _ASCII_CONTROL.search(path) if path.isascii() else _control(path):
        return "it contains a control character"
    if "\\" in path:
        return "it contains a backslash; separate folders with '/'"
    if path.startswith("/"):
        return "it is absolute; expected a path relative to the output folder"
    if path.endswith("/"):
        return "it ends with '/'; expected a file name"
    if _DRIVE.match(path):
        return "it starts with a Windows drive letter"
    segments = path.split("/")
    if "" in segments:
        return "it has an empty segment ('//')"
    if "." in segments or ".." in segments:
        return "it has a '.' or '..' segment"
    return None


_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""The control characters (Unicode's `Cc`) an ASCII path may hold."""


def _control(path: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in path)


def stale_staging(output: Path) -> list[Path]:
    """Leftover staging or previous-site folders beside `output`, e.g. from a killed build.

    A folder still in use by a build running at the same time is listed too.
    """
    output = _absolute(output)
    if not output.parent.is_dir():
        return []
    prefixes = (f".{output.name}-staging-", f".{output.name}-previous-")
    return sorted(
        entry
        for entry in output.parent.iterdir()
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink()
    )


def remove_stale(output: Path) -> list[Path]:
    """Remove the leftovers of killed builds beside `output`; return what was removed.

    A staging folder goes only when it carries the marker and no running build holds the
    marker's lock; a previous-site folder only when `output` exists (otherwise it may be
    the one copy of the site, after a crash between the two renames of a swap).
    """
    output = _absolute(output)
    removed = []
    for folder in stale_staging(output):
        if folder.name.startswith(f".{output.name}-previous-") and not output.is_dir():
            continue
        marker = folder / MARKER
        try:
            descriptor = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:  # no marker: not certainly ours, or killed before it was written
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # An empty marker is one that its build has created but not yet locked.
            if os.fstat(descriptor).st_size == 0:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except BlockingIOError:  # a build running now holds it
            continue
        finally:
            os.close(descriptor)
    return removed


class Staging:
    """A temporary folder beside `output` that replaces it when the `with` block succeeds."""

    def __init__(self, output: Path, *, reuse: bool = False, clear_later: bool = False) -> None:
        """Prepare to stage a new version of `output`; nothing is touched yet. With `reuse`,
        a file whose bytes the site in `output` already holds is linked, not written. With
        `clear_later`, the previous site, once replaced, is deleted in the background until
        `finish()` (the caller's own last steps meanwhile), else before the block ends."""
        self._output = _absolute(output)
        self._clear_later = clear_later
        self._clearing: threading.Thread | None = None
        self._folder: Path | None = None
        self._lock: int | None = None
        self._written: set[str] = set()
        self._folders: set[Path] = set()
        self._reuse = reuse
        self._old_folders: dict[str, bool] = {}
        self.linked = 0
        """How many files were linked from the previous site rather than written."""
        self.removed: list[Path] = []
        """Leftovers of killed builds removed on entering."""

    def __enter__(self) -> Staging:
        """Check the output location and create the staging folder beside it."""
        if self._folder is not None:
            raise RuntimeError("a Staging can be entered only once")
        _check_output(self._output)
        self._output.parent.mkdir(parents=True, exist_ok=True)
        self.removed = remove_stale(self._output)
        # Only a site this tool built (it holds the marker, as a real file) lends its files.
        self._reuse = self._reuse and _regular(self._output / MARKER)
        prefix = f".{self._output.name}-staging-"
        self._folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self._output.parent))
        try:
            # Locked before it holds any text: a marker with text and a free lock is a
            # leftover that the next build may remove.
            self._lock = os.open(self._folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            fcntl.flock(self._lock, fcntl.LOCK_EX)
            os.write(self._lock, _MARKER_TEXT.encode("utf-8"))
        except BaseException:
            self._unlock()
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        return self

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Swap the staged folder in on success; otherwise discard it and let the error rise."""
        folder = self.folder
        try:
            if exc_type is not None:
                shutil.rmtree(folder, ignore_errors=True)
                return
            try:
                _check_output(self._output)
                os.chmod(folder, _FOLDER_MODE)
                previous = _swap(folder, self._output)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            if previous is not None:
                self._clear(previous)
        finally:
            self._unlock()

    def _clear(self, previous: Path) -> None:
        """Delete the site replaced (another build may be deleting it too: its marker is not
        locked), now or in the background (`clear_later`)."""
        if not self._clear_later:
            shutil.rmtree(previous, ignore_errors=True)
            return
        self._clearing = threading.Thread(
            target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True}
        )
        self._clearing.start()

    def finish(self) -> None:
        """Wait until the site replaced is deleted (`clear_later`)."""
        if self._clearing is not None:
            self._clearing.join()
            self._clearing = None

    @property
    def folder(self) -> Path:
        """The staging folder (only inside the `with` block)."""
        if self._folder is None:
            raise RuntimeError("use Staging in a 'with' block before writing")
        return self._folder

    @property
    def lends(self) -> bool:
        """Whether the previous site may lend its files (`reuse`, and a site this tool
        built is there), once the `with` block is entered."""
        return self._reuse

    @property
    def written(self) -> list[str]:
        """The relative paths written so far, sorted."""
        return sorted(self._written)

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Write `data` to a new file at `relative` (or link the previous site's file at
        `relative` when it holds exactly these bytes: creating a file costs far more)."""
        if self._reuse and self._link_same(relative, data):
            return
        with self._open(relative) as file:
            file.write(data)

    def stat(self, relative: str) -> os.stat_result:
        """The status of the file this staging wrote or linked at `relative` (not
        following a link)."""
        key = checked_relative(relative)
        if key not in self._written:
            raise ValueError(f"output path {key!r} was not written")
        return os.lstat(self.folder / key)

    def previous(self, relative: str) -> Path | None:
        """Where the previous site holds a file at `relative`, if this staging may lend its
        files (`reuse`, a site this tool built) and every folder on the way there is a real
        folder, not a link; None otherwise. The file itself is checked by `link_file`."""
        if not self._reuse:
            return None
        *folders, name = checked_relative(relative).split("/")
        if not self._old_folder("/".join(folders)):
            return None
        return self._output.joinpath(*folders, name)

    def link_previous(
        self, relative: str, same: Callable[[os.stat_result, BinaryIO], bool]
    ) -> bool:
        """Link the previous site's file at `relative` into the staging folder if `same`
        accepts it (its stat, it opened: `link_file`); False, with nothing done,
        otherwise (nothing to link: the caller writes the file)."""
        old = self.previous(relative)
        if old is None:
            return False
        key, target = self._place(relative)
        if not link_file(old, target, same):
            return False
        self._written.add(key)
        self.linked += 1
        return True

    def _link_same(self, relative: str, data: bytes) -> bool:
        """Link the previous site's file at `relative` into the staging folder if it holds
        exactly `data` (and `link_file` accepts it); False, with nothing done, otherwise."""
        return self.link_previous(
            relative, lambda info, file: info.st_size == len(data) and file.read() == data
        )

    def _old_folder(self, relative: str) -> bool:
        """Whether the previous site's folder at `relative` ('' for the top) and every
        folder above it are real folders, not links."""
        known = self._old_folders.get(relative)
        if known is None:
            parent, _, _ = relative.rpartition("/")
            known = (not relative or self._old_folder(parent)) and _real_folder(
                self._output / relative
            )
            self._old_folders[relative] = known
        return known

    def write_text(self, relative: str, text: str) -> None:
        """Write `text` as UTF-8 to a new file at `relative`, newlines exactly as given."""
        self.write_bytes(relative, text.encode("utf-8"))

    def stream(self, relative: str) -> TextIO:
        """A new file at `relative` to write UTF-8 text into as it is made (never held
        whole), newlines exactly as given; it is never linked from the previous site."""
        return io.TextIOWrapper(self._open(relative), encoding="utf-8", newline="")

    def copy_file(self, relative: str, source: Path) -> None:
        """Copy the bytes of `source` to a new file at `relative`."""
        if self._reuse:
            self.write_bytes(relative, source.read_bytes())
            return
        with open(source, "rb") as src, self._open(relative) as dst:
            shutil.copyfileobj(src, dst)

    def adopt(self, relative: str) -> None:
        """Count as written the file a tool wrote at `relative` inside the staging folder
        (Pagefind writes its bundle there): a regular file reached through real folders
        only, never through a link."""
        key, target = self._place(relative, make=False)
        if target.is_symlink() or not target.is_file():
            raise UnsafePath(f"output path {relative!r} is not a regular file the build wrote")
        self._written.add(key)

    def _open(self, relative: str) -> BinaryIO:
        """A new file at `relative` for writing, its parent folders created.

        No link is ever followed: each folder on the way is one this staging made itself
        (remembered) or, if something else is already there, one checked to be a real
        folder; the file is created exclusively and never through a link. Remembering
        the folders spares the thousands of pages a `resolve()` each.
        """
        key, target = self._place(relative)
        try:
            descriptor = os.open(target, _CREATE, 0o666)
        except FileExistsError:
            if target.is_symlink():
                raise self._unsafe(relative, target) from None
            raise
        self._written.add(key)
        return os.fdopen(descriptor, "wb")

    def _place(self, relative: str, *, make: bool = True) -> tuple[str, Path]:
        """The key and path of a new file at `relative`, its parent folders made (or, not
        `make`, found) and none of them a link; refused if this staging has it already."""
        key = checked_relative(relative)
        if key in self._written:
            raise ValueError(f"output path {key!r} written twice; two pages map to one file")
        *folders, name = key.split("/")
        parent = self.folder
        for folder in folders:
            parent = parent / folder
            if parent not in self._folders:
                self._make_folder(parent, relative, make)
        return key, parent / name

    def _make_folder(self, folder: Path, relative: str, make: bool) -> None:
        """Make `folder` (when `make`), or accept the real folder already there."""
        if make:
            try:
                folder.mkdir()
            except FileExistsError:
                pass  # something is there already: checked below
            else:
                self._folders.add(folder)
                return
        if folder.is_symlink() or not folder.is_dir():
            raise self._unsafe(relative, folder)
        self._folders.add(folder)

    def _unsafe(self, relative: str, found: Path) -> UnsafePath:
        return UnsafePath(
            f"unsafe output path {relative!r}: it leads outside the output folder "
            f"(to {found.resolve()}) through a symbolic link"
        )


def link_file(old: Path, new: Path, same: Callable[[os.stat_result, BinaryIO], bool]) -> bool:
    """Link the file at `old` as `new` if it is a regular file of one link (no other name
    shares it), `old` itself not a link, and `same(its stat, it opened)` says it is what
    `new` should hold; False, with nothing done, otherwise. The file checked is the file
    linked: by its descriptor, not by its name, which may lead elsewhere by then."""
    try:
        descriptor = os.open(old, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return False
        with os.fdopen(os.dup(descriptor), "rb") as file:
            if not same(info, file):
                return False
        # linkat(2) following /proc/self/fd/N (a directory descriptor makes Python call
        # linkat, not link, which would link the /proc entry itself).
        procs = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.link(str(descriptor), new, src_dir_fd=procs, follow_symlinks=True)
        finally:
            os.close(procs)
    except OSError:
        return False  # no /proc, another file system, links refused: write it instead
    finally:
        os.close(descriptor)
    return True


def _regular(path: Path) -> bool:
    """Whether `path` is a regular file, not a link to one."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _real_folder(path: Path) -> bool:
    """Whether `path` is a folder, not a link to one."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _absolute(output: Path) -> Path:
    """`output` made absolute without following links ('.' and '..' removed)."""
    return Path(os.path.abspath(output))


def _check_output(output: Path) -> None:
    """Refuse an output location that is not a folder that can be replaced whole."""
    if not output.name:
        raise UnsafeOutput(f"output {output} is the file-system root; choose a folder")
    if output.is_symlink():
        raise UnsafeOutput(
            f"output {output} is a symbolic link; pass the folder it points to instead"
        )
    if output.exists() and not output.is_dir():
        raise UnsafeOutput(f"output {output} exists and is not a folder; refusing to replace it")
    if output.is_dir() and not (output / MARKER).is_file() and any(output.iterdir()):
        # The swap deletes the old folder: never do that to one this tool did not build.
        raise UnsafeOutput(
            f"output {output} is a folder with files that no earlier build wrote "
            f"(no {MARKER} in it); refusing to replace it — choose a new or empty folder"
        )


def _swap(staging: Path, output: Path) -> Path | None:
    """Put `staging` where `output` is; return where the previous output now is, to be
    deleted (None when there was none)."""
    if not os.path.lexists(output):
        os.rename(staging, output)
        return None
    if _exchange(staging, output):
        return staging  # the previous site now sits at the staging name
    previous = output.parent / f".{output.name}-previous-{secrets.token_hex(6)}"
    os.rename(output, previous)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(previous, output)
        raise
    return previous


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths; False where the system cannot do it."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's renameat2 on Linux, or None where it is missing."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if not hasattr(libc, "renameat2"):
        return None
    function = libc.renameat2
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
