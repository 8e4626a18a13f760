"""The build's memory between runs: when nothing that shapes the site has changed since the
last build into the same folder, and that folder is as the build left it, the site is kept
as it is, and the build only reports again what it found then.

What shapes the site is fingerprinted: every file of the content folder (attachments
included), every template and string, the generator's own code and version, the settings
of the run (as-of date, today, base URL, strictness) and the content's git commit, whose
history dates each record. The record of the last build lives in `.agreements-cache/`
beside the output folder: never inside it (never published), safe to delete, and ignored
with a warning when it cannot be read or was not written by this generator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator.diagnostics import Diagnostic, Severity
from generator.markup import Stored
from generator.messages import LANGUAGES, Phrase, say

FOLDER = ".agreements-cache"
"""Where the record of the last build is kept, beside the output folder."""
FORMAT = 1
"""The record's layout; a record of another layout is ignored."""
_CODE = Path(__file__).parent
CONVERTER_LIBRARIES = ("markdown", "pymdown-extensions", "nh3", "pygments")
"""The libraries a Markdown conversion depends on, besides the generator's code."""


class CacheIgnored(Exception):
    """The record of the last build could not be used (the message says why)."""


@dataclass(frozen=True)
class Previous:
    """What the last build into this folder wrote and reported."""

    written: tuple[str, ...]
    diagnostics: list[Diagnostic]
    notes: tuple[Phrase, ...]
    as_of: dt.date


def _version() -> str:
    try:
        return metadata.version("agreements-register")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _add_tree(digest: Any, root: Path, label: str, skip: frozenset[str] = frozenset()) -> None:
    """Every entry under `root` by path, and the bytes of every regular file; links and
    other entries by what they are (the loader refuses them; a change to one still counts).
    Folders named in `skip` are left out."""
    digest.update(f"\0tree\0{label}\0".encode())
    if not root.is_dir():
        digest.update(b"\0missing")
        return
    for folder, names, files in os.walk(root):
        names[:] = sorted(name for name in names if name not in skip)
        for name in sorted(files) + [n for n in names if os.path.islink(Path(folder, n))]:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            info = path.lstat()
            digest.update(f"\0{relative}\0{stat.S_IFMT(info.st_mode)}\0".encode())
            if stat.S_ISREG(info.st_mode):
                digest.update(f"{info.st_size}\0".encode())
                with open(path, "rb") as file:
                    digest.update(file.read())
            elif stat.S_ISLNK(info.st_mode):
                digest.update(os.readlink(path).encode("utf-8", "surrogateescape"))


def _git_commit(content_dir: Path) -> str:
    """The commit checked out where the content lives ('' outside git): the records' dates
    come from its history."""
    try:
        done = subprocess.run(
            ["git", "-C", str(content_dir), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _add_code(digest: Any) -> None:
    digest.update(f"format {FORMAT}\0version {_version()}\0".encode())
    # Python's own caches are written as modules are first imported, maybe mid-build.
    _add_tree(digest, _CODE, "generator", skip=frozenset({"__pycache__"}))


def fingerprint(content_dir: Path, templates: Path, settings: Mapping[str, object]) -> str:
    """A digest of everything that shapes the site a build writes."""
    digest = hashlib.blake2b(digest_size=32)
    _add_code(digest)
    _add_tree(digest, templates, "templates")
    _add_tree(digest, content_dir, "content")
    run = {**settings, "git": _git_commit(content_dir)}
    digest.update(json.dumps(run, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def record_path(output: Path, kind: str = "build") -> Path:
    """The record of the last build into `output` (one per output folder), or its kept
    conversions (`kind` "conversions")."""
    absolute = Path(os.path.abspath(output))
    name = hashlib.blake2b(str(absolute).encode(), digest_size=8).hexdigest()
    return absolute.parent / FOLDER / f"{kind}-{name}.json"


def _write_json(target: Path, record: Mapping[str, object]) -> None:
    target.parent.mkdir(exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    # A new file only: never through a link or a file left at that name.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with open(descriptor, "w", encoding="utf-8") as file:
        json.dump(record, file, ensure_ascii=False)  # in pieces: never the whole text at once
    os.replace(temporary, target)


def _files(output: Path, written: Iterable[str]) -> list[list[Any]]:
    """(path, size, modification time) of each file written, as the folder holds it now."""
    files = []
    for relative in written:
        info = (output / relative).lstat()
        files.append([relative, info.st_size, info.st_mtime_ns, stat.S_ISREG(info.st_mode)])
    return files


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _value(value: object) -> object:
    """A message parameter kept as JSON: a phrase as its words in each language."""
    if isinstance(value, Phrase):
        return {"phrase": {language: _escaped(value.say(language)) for language in LANGUAGES}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"phrase": {language: _escaped(str(say(value, language))) for language in LANGUAGES}}


def _parameter(value: object) -> object:
    if isinstance(value, dict):
        words = value["phrase"]
        return Phrase(str(words["en"]), str(words["vi"]))
    return value


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, object]:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "field": diagnostic.field,
        "message": diagnostic.message,
        "expected": diagnostic.expected,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "params": {key: _value(value) for key, value in diagnostic.params.items()},
    }


def _diagnostic(data: Mapping[str, Any]) -> Diagnostic:
    return Diagnostic(
        path=str(data["path"]),
        line=data["line"] if isinstance(data["line"], int) else None,
        field=str(data["field"]),
        message=str(data["message"]),
        expected=str(data["expected"]),
        severity=Severity(data["severity"]),
        code=str(data["code"]),
        params=MappingProxyType(
            {str(key): _parameter(value) for key, value in data["params"].items()}
        ),
    )


def remember(
    output: Path,
    key: str,
    written: Sequence[str],
    diagnostics: Sequence[Diagnostic],
    notes: Sequence[Phrase],
    as_of: dt.date,
    search: Sequence[str] = (),
) -> None:
    """Keep the record of a build that wrote `output` (written last: a build killed before
    leaves the previous record, which no longer matches the folder). `search` is what each
    part of its search index was made from (`search.Indexing.digests`)."""
    record = {
        "format": FORMAT,
        "fingerprint": key,
        "as_of": as_of.isoformat(),
        "files": _files(output, written),
        "diagnostics": [_diagnostic_json(d) for d in diagnostics],
        "notes": [_value(note) for note in notes],
        "search": list(search),
    }
    _write_json(record_path(output), record)


def forget(output: Path) -> None:
    """Drop the record for `output` (a failed build: the next one starts afresh)."""
    record_path(output).unlink(missing_ok=True)


def previous(output: Path, key: str) -> Previous | None:
    """The last build into `output`, if it was made from exactly what `key` fingerprints and
    the folder still holds what it wrote; None when a build is needed. Raises CacheIgnored
    when the record is unreadable (the caller warns and builds)."""
    target = record_path(output)
    if not target.is_file():
        return None
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise CacheIgnored(f"{target}: written by another version")
        if record["fingerprint"] != key:
            return None
        files = record["files"]
        if [list(entry) for entry in _files(output, (f[0] for f in files))] != files:
            return None
        return Previous(
            written=tuple(str(entry[0]) for entry in files),
            diagnostics=[_diagnostic(d) for d in record["diagnostics"]],
            notes=tuple(_parameter(note) for note in record["notes"]),  # type: ignore[misc]
            as_of=dt.date.fromisoformat(record["as_of"]),
        )
    except FileNotFoundError:
        return None  # a file the last build wrote is gone: build again
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise CacheIgnored(f"{target}: {type(error).__name__}") from error


@dataclass(frozen=True)
class Earlier:
    """What the last build into a folder wrote, whatever it was built from."""

    search: tuple[str, ...]
    """What each part of its search index was made from, by part."""
    files: Mapping[str, tuple[int, int]]
    """Each regular file it wrote → (size, modification time) as it left them."""


def earlier(output: Path) -> Earlier | None:
    """The last build into `output` (None when there is no record this version can read):
    a build from changed content reuses the search bundles whose input did not change."""
    try:
        record = json.loads(record_path(output).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return None
        files = {
            str(path): (int(size), int(mtime))
            for path, size, mtime, regular in record["files"]
            if regular is True
        }
        search = tuple(str(digest) for digest in record.get("search", ()))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Earlier(search, MappingProxyType(files))


def converter() -> str:
    """A digest of what converts Markdown: the generator's code and the libraries it calls.
    Conversions kept by another converter are not used."""
    digest = hashlib.blake2b(digest_size=32)
    _add_code(digest)
    for library in CONVERTER_LIBRARIES:
        try:
            digest.update(f"\0{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{library} missing".encode())
    return digest.hexdigest()


def stored_conversions(output: Path, made_by: str) -> dict[str, Stored]:
    """The Markdown conversions the last build into `output` kept (`store_conversions`),
    by key, when `made_by` the same converter; empty otherwise. Raises CacheIgnored when
    the file is unreadable or malformed (the caller warns and converts every body). Each
    entry is still checked before it is used (`markup.convert`)."""
    target = record_path(output, "conversions")
    if not target.is_file():
        return {}
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise CacheIgnored(f"{target}: written by another version")
        if record["converter"] != made_by:
            return {}
        stored: dict[str, Stored] = {}
        for key, (made, first, folded) in record["entries"].items():
            if not (isinstance(made, str) and isinstance(folded, str)):
                raise TypeError(key)
            if first is not None and not isinstance(first, str):
                raise TypeError(key)
            stored[key] = (made, first, folded)
        return stored
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheIgnored(f"{target}: {type(error).__name__}") from error


def store_conversions(output: Path, made_by: str, stored: Mapping[str, Stored]) -> None:
    """Keep this build's conversions for the next build into `output`."""
    record = {"format": FORMAT, "converter": made_by, "entries": stored}
    _write_json(record_path(output, "conversions"), record)
