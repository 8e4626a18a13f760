"""Templates compiled once per machine: Jinja's bytecode cache in the user's cache folder.

Compiling the templates costs about a third of a second, which is a tenth of a whole
build of a small register; a compiled template is kept, like Python's own `__pycache__`,
in `$XDG_CACHE_HOME/agreements/` (`~/.cache/agreements/` by default), a folder only this
user may read or write. Jinja checks each entry against its template's source, so an
edited template is compiled again; an entry of another Jinja, Python or environment
lives in another folder. The cache never decides a build's output, and never fails one:
a folder that cannot be made or trusted, or an entry that cannot be read or written, is
no cache. It is never the content's `.agreements-cache` folder, which is untrusted: an
entry is code.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, bc_magic

PRIVATE = stat.S_IRWXU
"""The mode of the cache folders: read, written and entered by their owner alone."""


def cache_home() -> Path | None:
    """The user's cache folder (XDG base directories), whether or not it exists; None when
    there is no home to have one in."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no HOME and no user entry
        return None


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for which no failure is an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a broken entry is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except Exception:  # noqa: BLE001 - not kept: compiled again next time
            return


def compiled_templates(options: dict[str, object]) -> CompiledTemplates | None:
    """The cache for an environment made with `options` (what the compiled code depends
    on, as plain values: they name its folder), or None when no private folder can be had
    (no home, a read-only one, another owner, a link, a system without users)."""
    home = cache_home()
    if home is None or not hasattr(os, "getuid"):
        return None
    tag = hashlib.blake2b(
        repr((jinja2.__version__, bc_magic, sorted(options.items()))).encode(), digest_size=8
    ).hexdigest()
    folder = home / "agreements" / f"templates-{tag}"
    try:
        folder.parent.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
        if not _private(folder.parent):  # nothing is made through a link or for others
            return None
        folder.mkdir(mode=PRIVATE, exist_ok=True)
    except OSError:
        return None
    return CompiledTemplates(str(folder)) if _private(folder) else None


def _private(folder: Path) -> bool:
    """Whether `folder` is a real folder (not a link) of this user that no one else may
    write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
