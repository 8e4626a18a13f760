"""The build's memory between runs: when nothing that shapes the site has changed since the
last build into the same folder, and that folder is as the build left it, the site is kept
as it is, and the build only reports again what it found then.

What shapes the site is fingerprinted: every file of the content folder (attachments
included), every template and string, the generator's own code and version, the settings
of the run (as-of date, today, base URL, strictness) and the content's git commit, whose
history dates each record. The record of the last build lives in `.agreements-cache/`
beside the output folder: never inside it (never published), safe to delete.

The cache is untrusted input: anyone who can write beside the output can put anything
there. Its folder is used only when it is a real folder (not a link) outside the output,
and every file in it is opened through that folder without following a link or blocking,
read only if it is a regular file no larger than `record_limit`, and parsed only if it
nests no deeper than `RECORD_DEPTH`; each value is checked before it is used. A record
that fails any of these is ignored with a warning (`CacheIgnored`), and the next build
that succeeds replaces it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.messages import LANGUAGES, Phrase, phrase, said, say
from generator.core.model import Change, ChangeKind
from generator.publish.write import checked_relative
from generator.site.inputs import PLAIN, Lookup
from generator.site.markup import Stored

FOLDER = ".agreements-cache"
"""Where the record of the last build is kept, beside the output folder."""
FORMAT = 2
"""The record's layout; a record of another layout is ignored."""
_CODE = Path(__file__).parent.parent  # the whole package, `generator/`
CONVERTER_LIBRARIES = ("markdown", "pymdown-extensions", "nh3", "pygments")
"""The libraries a Markdown conversion depends on, besides the generator's code."""
RECORD_FACTOR = 16
"""A record may be this many times the content's weight (`content_weight`), plus
`RECORD_MARGIN`: a build writes about one byte of record per byte of content."""
RECORD_MARGIN = 1024 * 1024
"""Bytes a record may hold whatever the content (the guide's pages, the site's own files)."""
FILE_WEIGHT = 256
"""What each file of the content folder weighs besides its text: the record names every
file the build makes of it (an attachment counts for this alone, whatever its size)."""
RECORD_DEPTH = 8
"""The deepest nesting of lists and objects a record may hold: its own layout needs six (a
phrase in each language, in a message's parameters, in a message, in the list of them)."""


class CacheIgnored(Exception):
    """A file of the cache (or its folder) that cannot be used: `path` and why (`reason`)."""

    def __init__(self, path: Path, reason: Phrase) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def said(self) -> Phrase:
        """The file and the reason, as a warning names them."""
        return phrase("cache.path_reason", path=str(self.path), reason=self.reason)


ANOTHER_VERSION = phrase("cache.written_another_version")
_LINK = phrase("cache.symbolic_link")
_NOT_FILE = phrase("cache.not_regular_file")
_NOT_FOLDER = phrase("cache.not_folder")
_INSIDE_OUTPUT = phrase(
    "cache.inside_output_folder_where_would",
)
_NOT_JSON = phrase("cache.not_valid_json")
_MALFORMED = phrase("cache.not_laid_out_record")


def _too_large(limit: int) -> Phrase:
    return phrase(
        "cache.larger_than_limit_bytes_most",
        limit=limit,
    )


_TOO_DEEP = phrase("cache.nested_deeper", depth=RECORD_DEPTH)


def _unreadable(error: OSError) -> Phrase:
    return phrase(
        "cache.cannot_read_error",
        error=error.strerror or type(error).__name__,
    )


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
    """The record of the last build into `output` (one per output folder), its kept
    conversions (`kind` "conversions") or what pairs of versions changed ("changes").

    The cache folder sits beside the output folder, so the output's own name tells the
    output folders it serves apart: the cache still holds when the project is moved or
    cloned elsewhere (the publishing workflow restores it, with the site, into each fresh
    clone), as everything it keeps is checked again, none of it by where it was made."""
    absolute = Path(os.path.abspath(output))
    name = hashlib.blake2b(absolute.name.encode(), digest_size=8).hexdigest()
    return absolute.parent / FOLDER / f"{kind}-{name}.json"


def content_weight(content_dir: Path) -> int:
    """What the records of a build of `content_dir` are measured against: the bytes of its
    Markdown and YAML files, and `FILE_WEIGHT` for every file (links are not followed)."""
    weight = 0
    for folder, _, files in os.walk(content_dir):
        for name in files:
            try:
                info = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                text = name.endswith((".md", ".yaml", ".yml"))
                weight += FILE_WEIGHT + (info.st_size if text else 0)
    return weight


def record_limit(content_dir: Path) -> int:
    """The most bytes a file of the cache may hold for a build of `content_dir`: larger
    ones are neither read nor written."""
    return RECORD_FACTOR * content_weight(content_dir) + RECORD_MARGIN


def check_folder(output: Path) -> None:
    """Raise CacheIgnored unless the cache folder beside `output` is absent or usable: a
    real folder (not a link) outside the output folder. A build whose cache folder is
    refused runs without a cache."""
    with _folder(output, make=False):
        pass


@contextlib.contextmanager
def _folder(output: Path, *, make: bool) -> Iterator[int | None]:
    """A descriptor of the cache folder beside `output`, opened without following a link
    (made first when `make`); None when there is none. Raises CacheIgnored when it is a
    link, not a folder, or inside the output folder."""
    folder = record_path(output).parent
    if make:
        try:
            os.mkdir(folder, 0o755)
        except FileExistsError:
            pass
        except OSError as error:
            raise CacheIgnored(folder, _unreadable(error)) from error
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        descriptor = os.open(folder, flags)
    except FileNotFoundError:
        yield None
        return
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(folder):
            raise CacheIgnored(folder, _LINK) from error
        if error.errno == errno.ENOTDIR:
            raise CacheIgnored(folder, _NOT_FOLDER) from error
        raise CacheIgnored(folder, _unreadable(error)) from error
    try:
        real, published = Path(os.path.realpath(folder)), Path(os.path.realpath(output))
        if real.is_relative_to(published):
            raise CacheIgnored(folder, _INSIDE_OUTPUT)
        yield descriptor
    finally:
        os.close(descriptor)


def _read_json(output: Path, kind: str, limit: int) -> Any:
    """The JSON value a file of the cache holds; None when there is no such file. Raises
    CacheIgnored when it is not a regular file, is larger than `limit` bytes, nests
    deeper than `RECORD_DEPTH` or is not JSON."""
    target = record_path(output, kind)
    with _folder(output, make=False) as folder:
        if folder is None:
            return None
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            descriptor = os.open(target.name, flags, dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError as error:
            why = _LINK if error.errno == errno.ELOOP else _unreadable(error)
            raise CacheIgnored(target, why) from error
        try:
            data = _regular_file(target, descriptor, limit)
        finally:
            os.close(descriptor)
    if len(data) > limit:
        raise CacheIgnored(target, _too_large(limit))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CacheIgnored(target, _NOT_JSON) from error
    try:
        value = json.loads(text)
    except RecursionError as error:  # the parser's own bound, far past a record's layout
        raise CacheIgnored(target, _TOO_DEEP) from error
    except ValueError as error:
        raise CacheIgnored(target, _NOT_JSON) from error
    if _deeper_than(value, RECORD_DEPTH):
        raise CacheIgnored(target, _TOO_DEEP)
    return value


def _regular_file(target: Path, descriptor: int, limit: int) -> bytes:
    """At most `limit` + 1 bytes of an open file of the cache (no further, should it grow
    meanwhile); CacheIgnored unless it is a regular file of at most `limit` bytes."""
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):  # a FIFO, a device, a folder
        raise CacheIgnored(target, _NOT_FILE)
    if info.st_size > limit:
        raise CacheIgnored(target, _too_large(limit))
    pieces, left = [], limit + 1
    try:
        while left > 0 and (piece := os.read(descriptor, min(left, 1 << 20))):
            pieces.append(piece)
            left -= len(piece)
    except OSError as error:
        raise CacheIgnored(target, _unreadable(error)) from error
    return b"".join(pieces)


def _deeper_than(value: Any, depth: int) -> bool:
    """Whether a JSON value nests lists and objects deeper than `depth`, found level by
    level (JSON nested deeper than the parser's own bound is refused while parsed: it
    raises RecursionError, and no record nests anywhere near it)."""
    level = [value]
    for _ in range(depth + 1):
        inner: list[Any] = []
        found = False
        for item in level:
            if type(item) is list:
                inner.extend(item)
                found = True
            elif type(item) is dict:
                inner.extend(item.values())
                found = True
        if not found:
            return False
        level = inner
    return True


_CHUNK = 1024
"""Items of a record's list encoded at once (`_dump`)."""


def _dump(record: Mapping[str, object], file: TextIO) -> None:
    """Write `record` as JSON in pieces, never the whole text at once: its lists `_CHUNK`
    items at a time, each chunk encoded by `json.dumps` (the C encoder: `json.dump`
    encodes in Python, five times slower for the pages' record of a large register, a
    list of small lists)."""

    def encoded(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    file.write("{")
    for number, (key, member) in enumerate(record.items()):
        file.write(f"{',' if number else ''}{encoded(key)}:")
        if isinstance(member, list):
            chunks = (member[at : at + _CHUNK] for at in range(0, len(member), _CHUNK))
            file.write(f"[{','.join(encoded(chunk)[1:-1] for chunk in chunks)}]")
        else:  # a mapping's members are few, or long texts (the kept conversions)
            json.dump(member, file, ensure_ascii=False)
    file.write("}")


def _write_json(output: Path, kind: str, record: Mapping[str, object], limit: int) -> None:
    """Write a file of the cache: a new file in the cache folder (made if missing, refused
    if a link), renamed over the old one; not kept, and the old one removed, when larger
    than `limit` (a build would refuse to read it)."""
    target = record_path(output, kind)
    temporary = f"{target.stem}.{os.getpid()}.tmp"
    with _folder(output, make=True) as folder:
        assert folder is not None
        # A new file only: never through a link or a file left at that name.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(temporary, flags, 0o644, dir_fd=folder)
        with open(descriptor, "w", encoding="utf-8") as file:
            _dump(record, file)
            file.flush()
            size = os.fstat(descriptor).st_size
        if size > limit:
            os.unlink(temporary, dir_fd=folder)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target.name, dir_fd=folder)
            return
        try:
            os.replace(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        except IsADirectoryError:  # a folder planted at the record's name: ours to remove
            shutil.rmtree(target.name, dir_fd=folder)
            os.replace(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)


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


def _phrase_text(words: Any, language: str) -> str:
    """A phrase's words in one language as kept (braces doubled: nothing to fill in)."""
    text = words[language]
    if not isinstance(text, str) or re.search(r"[{}]", text.replace("{{", "").replace("}}", "")):
        raise TypeError(language)
    return text


def _parameter(value: object) -> object:
    if isinstance(value, dict):
        words = value["phrase"]
        return said({language: _phrase_text(words, language) for language in LANGUAGES})
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(type(value).__name__)


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
    """A kept diagnostic, each value checked, and said once in each language (a message
    whose parameters do not fit it raises here, not when it is printed)."""
    texts = [data[key] for key in ("path", "field", "message", "expected", "code")]
    if not all(isinstance(text, str) for text in texts) or not isinstance(data["params"], dict):
        raise TypeError("diagnostic")
    line = data["line"]
    if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
        raise TypeError("line")
    diagnostic = Diagnostic(
        path=data["path"],
        line=line,
        field=data["field"],
        message=data["message"],
        expected=data["expected"],
        severity=Severity(data["severity"]),
        code=data["code"],
        params=MappingProxyType(
            {str(key): _parameter(value) for key, value in data["params"].items()}
        ),
    )
    for language in LANGUAGES:
        diagnostic.text(language)
    return diagnostic


def remember(
    output: Path,
    key: str,
    written: Sequence[str],
    diagnostics: Sequence[Diagnostic],
    notes: Sequence[Phrase],
    as_of: dt.date,
    search: Sequence[str] = (),
    *,
    limit: int,
) -> None:
    """Keep the record of a build that wrote `output` (written last: a build killed before
    leaves the previous record, which no longer matches the folder). `search` is what each
    part of its search index was made from (`search.Indexing.digests`). A record larger
    than `limit` is not kept (nor is the previous one)."""
    record = {
        "format": FORMAT,
        "fingerprint": key,
        "as_of": as_of.isoformat(),
        "files": _files(output, written),
        "diagnostics": [_diagnostic_json(d) for d in diagnostics],
        "notes": [_value(note) for note in notes],
        "search": list(search),
    }
    _write_json(output, "build", record, limit)


@dataclass(frozen=True)
class Record:
    """The record of the last build into a folder, as read, every value checked."""

    fingerprint: str
    """The digest of what that build was made from (`fingerprint`)."""
    as_of: dt.date
    """The date its statuses were worked out for."""
    files: tuple[tuple[str, int, int, bool], ...]
    """Each file it wrote: path (a safe relative path), size, modification time, and
    whether it is a regular file."""
    diagnostics: tuple[Diagnostic, ...]
    """What it reported."""
    notes: tuple[Phrase, ...]
    """Its remarks on the setting."""
    search: tuple[str, ...]
    """What each part of its search index was made from, by part."""


def last_build(output: Path, limit: int) -> Record | None:
    """The record of the last build into `output`, None when there is none. Raises
    CacheIgnored when it cannot be used (the caller warns and builds everything)."""
    target = record_path(output)
    data = _read_json(output, "build", limit)
    if data is None:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CacheIgnored(target, ANOTHER_VERSION)
    try:
        files = tuple(_file_entry(entry) for entry in data["files"])
        notes = tuple(_parameter(note) for note in data["notes"])
        if not isinstance(data["fingerprint"], str) or not all(
            isinstance(note, Phrase) for note in notes
        ):
            raise TypeError("record")
        search = data["search"]
        if not isinstance(search, list) or not all(isinstance(part, str) for part in search):
            raise TypeError("search")
        return Record(
            fingerprint=data["fingerprint"],
            as_of=dt.date.fromisoformat(data["as_of"]),
            files=files,
            diagnostics=tuple(_diagnostic(d) for d in data["diagnostics"]),
            notes=notes,  # type: ignore[arg-type]
            search=tuple(search),
        )
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise CacheIgnored(target, _MALFORMED) from error


def _file_entry(entry: Any) -> tuple[str, int, int, bool]:
    """(path, size, modification time, regular) of a file a record lists, checked."""
    path, size, mtime, regular = entry
    numbers = (size, mtime)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        raise TypeError("file")
    if not isinstance(path, str) or not isinstance(regular, bool):
        raise TypeError("file")
    return checked_relative(path), size, mtime, regular


@dataclass(frozen=True)
class Previous:
    """What the last build into this folder wrote and reported."""

    written: tuple[str, ...]
    diagnostics: list[Diagnostic]
    notes: tuple[Phrase, ...]
    as_of: dt.date


def previous(record: Record, output: Path, key: str) -> Previous | None:
    """The last build into `output`, if it was made from exactly what `key` fingerprints and
    the folder still holds what it wrote; None when a build is needed."""
    if record.fingerprint != key:
        return None
    try:
        now = _files(output, (entry[0] for entry in record.files))
    except OSError:
        return None  # a file the last build wrote is gone: build again
    if [tuple(entry) for entry in now] != list(record.files):
        return None
    return Previous(
        written=tuple(entry[0] for entry in record.files),
        diagnostics=list(record.diagnostics),
        notes=record.notes,
        as_of=record.as_of,
    )


@dataclass(frozen=True)
class Earlier:
    """What the last build into a folder wrote, whatever it was built from."""

    search: tuple[str, ...]
    """What each part of its search index was made from, by part."""
    files: Mapping[str, tuple[int, int]]
    """Each regular file it wrote → (size, modification time) as it left them."""


def earlier(record: Record) -> Earlier:
    """What the last build wrote: a build from changed content reuses the search bundles
    whose input did not change."""
    files = {path: (size, mtime) for path, size, mtime, regular in record.files if regular}
    return Earlier(record.search, MappingProxyType(files))


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


def stored_conversions(output: Path, made_by: str, limit: int) -> dict[str, Stored]:
    """The Markdown conversions the last build into `output` kept (`store_conversions`),
    by key, when `made_by` the same converter; empty otherwise. Raises CacheIgnored when
    the file cannot be used (the caller warns and converts every body). Each entry is
    still checked before it is used (`markup.convert`)."""
    target = record_path(output, "conversions")
    record = _read_json(output, "conversions", limit)
    if record is None:
        return {}
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise CacheIgnored(target, ANOTHER_VERSION)
    try:
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
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheIgnored(target, _MALFORMED) from error


def store_conversions(
    output: Path, made_by: str, stored: Mapping[str, Stored], *, limit: int
) -> None:
    """Keep this build's conversions for the next build into `output` (not when larger
    than `limit`)."""
    record = {"format": FORMAT, "converter": made_by, "entries": stored}
    _write_json(output, "conversions", record, limit)


_BLOB = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

Compared = Mapping[tuple[str | None, str], tuple[Change, ...]]
"""What each pair of versions (blobs) of a record's file changed (`history.revisions`)."""


def stored_changes(
    output: Path, made_by: str, limit: int
) -> dict[tuple[str | None, str], tuple[Change, ...]]:
    """What pairs of versions of the records' files changed, as the last build into `output`
    worked it out (`store_changes`), when `made_by` the same code; empty otherwise. Raises
    CacheIgnored when the file cannot be used (the caller warns, and reads the versions from
    git again). Blobs are named by their hash, so a pair's answer never goes stale."""
    target = record_path(output, "changes")
    record = _read_json(output, "changes", limit)
    if record is None:
        return {}
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise CacheIgnored(target, ANOTHER_VERSION)
    try:
        if record["made_by"] != made_by:
            return {}
        stored: dict[tuple[str | None, str], tuple[Change, ...]] = {}
        for before, after, changes in record["pairs"]:
            if not (isinstance(before, str) and _BLOB.fullmatch(before)):
                raise TypeError(before)
            if not (isinstance(after, str) and _BLOB.fullmatch(after)):
                raise TypeError(after)
            made = []
            for kind, field in changes:
                if field is not None and not isinstance(field, str):
                    raise TypeError(field)
                made.append(Change(ChangeKind(kind), field))
            stored[(before, after)] = tuple(made)
        return stored
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheIgnored(target, _MALFORMED) from error


def store_changes(output: Path, made_by: str, compared: Compared, *, limit: int) -> None:
    """Keep what each pair of versions changed for the next build into `output` (only the
    pairs it had to read from git: an addition or a rename alone needs no reading)."""
    pairs = sorted(
        [before, after, [[c.kind.value, c.field] for c in changes]]
        for (before, after), changes in compared.items()
        if before is not None and before != after
    )
    record = {"format": FORMAT, "made_by": made_by, "pairs": pairs}
    _write_json(output, "changes", record, limit)


RENDER_LIBRARIES = (*CONVERTER_LIBRARIES, "jinja2", "markupsafe", "icalendar")
"""The libraries a page's rendering depends on, besides the generator's code."""


def renderer(templates: Path) -> str:
    """A digest of what renders every page, whatever the page: the generator's code and
    version, Python and the libraries it renders with, every template and string."""
    digest = hashlib.blake2b(digest_size=32)
    _add_code(digest)
    digest.update(f"\0python {sys.version}".encode())
    for library in RENDER_LIBRARIES:
        try:
            digest.update(f"\0{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{library} missing".encode())
    _add_tree(digest, templates, "templates")
    return digest.hexdigest()


_DIGEST = re.compile(r"[0-9a-f]{32}")
"""A page's digests as kept: `inputs.SIZE` bytes in hexadecimal."""


Signature = tuple[int, ...]
"""A file's device, inode, size and modification time in nanoseconds (`signature`)."""


@dataclass(frozen=True)
class PageRecord:
    """What the last build made one page from, and what it made."""

    inputs: str
    """The digest of everything the page was made from (`inputs.page_inputs`)."""
    size: int
    """The bytes of the file it wrote."""
    made: str
    """The digest of those bytes."""
    lookups: tuple[Lookup, ...]
    """The register's look-ups its templates made, in order, each with its arguments."""
    signature: Signature = ()
    """The file as the last build left it (`signature`): a file that still has it holds
    the bytes that build wrote, and is linked without being read again."""


def signature(info: os.stat_result) -> Signature:
    """What tells a file written by a build from any later change to it: writing to the
    file moves its modification time, replacing it changes its inode. (A change that puts
    back size and time on purpose, as `touch -r` does, is not seen; nor is a write within
    the file system's clock tick of the build's own, a few milliseconds.)"""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _signature(value: Any) -> Signature:
    """A signature as kept, checked: four whole numbers, none negative."""
    if not isinstance(value, list) or len(value) != 4:
        raise TypeError("signature")
    if not all(type(number) is int and number >= 0 for number in value):
        raise TypeError("signature")
    return tuple(value)


@dataclass(frozen=True)
class Pages:
    """What the last build made its pages from."""

    made_by: str = ""
    """The digest of the global inputs of every page (`build._everything`)."""
    pages: Mapping[str, PageRecord] = field(default_factory=dict)
    """Each page's record, by file."""
    derived: Mapping[Lookup, tuple[Lookup, ...]] = field(default_factory=dict)
    """The look-ups each derived look-up its pages made (`inputs.Lookups.derive`) made."""
    events: Mapping[str, str] = field(default_factory=dict)
    """Each calendar event's text (`calendars.event_text`), by the digest of the event."""


def _event_check(key: str, text: str) -> str:
    """What a kept event's text is checked with: a text or key spoiled in the record does
    not fit it (a record made to fit is the cache's own, as every kept conversion is)."""
    return hashlib.blake2b(f"{key}\0{text}".encode(), digest_size=16).hexdigest()


def stored_pages(output: Path, limit: int) -> Pages:
    """What the last build into `output` made each page from (`store_pages`); empty when
    there is no record. Raises CacheIgnored when the file cannot be used (the caller warns
    and renders every page). Each page's look-ups are answered again, and its file
    checked, before it is taken from the previous site (`build._reused`)."""
    target = record_path(output, "pages")
    record = _read_json(output, "pages", limit)
    if record is None:
        return Pages()
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise CacheIgnored(target, ANOTHER_VERSION)
    try:
        made_by = record["made_by"]
        if not isinstance(made_by, str):
            raise TypeError(made_by)
        table = [_lookup(entry) for entry in record["lookups"]]
        pages: dict[str, PageRecord] = {}
        for path, inputs, size, made, lookups, kept in record["pages"]:
            if not (isinstance(inputs, str) and _DIGEST.fullmatch(inputs)):
                raise TypeError(inputs)
            if not (isinstance(made, str) and _DIGEST.fullmatch(made)):
                raise TypeError(made)
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise TypeError(size)
            pages[checked_relative(path)] = PageRecord(
                inputs, size, made, _at(table, lookups), _signature(kept)
            )
        derived = {
            table[_index(which, table)]: _at(table, made) for which, made in record["derived"]
        }
        events: dict[str, str] = {}
        for key, text, check in record["events"]:
            if not (isinstance(key, str) and isinstance(text, str) and isinstance(check, str)):
                raise TypeError(key)
            if check != _event_check(key, text):
                raise ValueError(key)
            events[key] = text
        return Pages(made_by, pages, derived, events)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CacheIgnored(target, _MALFORMED) from error


def _index(value: Any, table: Sequence[object]) -> int:
    """An index into the record's table of look-ups, checked."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(table):
        raise TypeError("index")
    return value


def _at(table: Sequence[Lookup], indexes: Any) -> tuple[Lookup, ...]:
    """The look-ups a list of indexes names."""
    if not isinstance(indexes, list):
        raise TypeError("indexes")
    return tuple(table[_index(index, table)] for index in indexes)


def _lookup(entry: Any) -> Lookup:
    """A look-up as kept: its name, its positional arguments, its keyword arguments."""
    name, args, keywords = entry
    if not isinstance(name, str) or not isinstance(args, list) or not isinstance(keywords, list):
        raise TypeError("lookup")
    named = tuple((word, value) for word, value in keywords)
    if not all(isinstance(word, str) for word, _ in named):
        raise TypeError("lookup")
    if not all(type(value) in PLAIN for value in (*args, *(value for _, value in named))):
        raise TypeError("lookup")
    return name, (tuple(args), named)


def store_pages(output: Path, kept: Pages, *, limit: int) -> None:
    """Keep what this build made each page from for the next build into `output` (not
    when larger than `limit`); each look-up written once, named by its index."""
    table: dict[Lookup, int] = {}

    def indexes(lookups: Iterable[Lookup]) -> list[int]:
        return [table.setdefault(lookup, len(table)) for lookup in lookups]

    pages = [
        [path, page.inputs, page.size, page.made, indexes(page.lookups), list(page.signature)]
        for path, page in sorted(kept.pages.items())
    ]
    derived = [[indexes([lookup])[0], indexes(made)] for lookup, made in kept.derived.items()]
    record = {
        "format": FORMAT,
        "made_by": kept.made_by,
        "lookups": [
            [name, list(args), [list(pair) for pair in named]] for (name, (args, named)) in table
        ],
        "derived": derived,
        "pages": pages,
        "events": [
            [key, text, _event_check(key, text)] for key, text in sorted(kept.events.items())
        ],
    }
    _write_json(output, "pages", record, limit)
