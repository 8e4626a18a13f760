"""The static search index: Pagefind run over documents made from the model.

Pagefind folds tones since 1.5 but keeps đ, and cannot rank an exact spelling above a
folded one, so each document carries two forms of its text (see `search_text.searchable`):
folded, which the browser matches with a folded query, and spelled, which it matches to
put exact matches first. The page's script does the same to the query.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

from generator.core import urls
from generator.core.vietnamese import fold
from generator.publish.write import UnsafePath, safe_relative
from generator.site.search_text import SearchDocument, facet_word

INDEX_FILES = ("pagefind-entry.json",)
INDEX_PARTS = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
"""The entry file and the suffixes of the index itself: all that a later part of a split
index keeps, merged into the first one's search."""
BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", *INDEX_FILES)
BUNDLE_PARTS = (*INDEX_PARTS, ".pagefind")
"""What the first part keeps besides: Pagefind's scripts and its WebAssembly search core
(its UI kits are not used)."""
TIMEOUT = 600
"""Seconds a run may take before the build gives up on it."""
VOCABULARY = "zzvocabulary"
"""The type and address of the vocabulary pages of a split index (`split`), which the
search page leaves out of every result (`Indexing.hidden` and `Indexing.words` name them)."""


class SearchIndexProblem(Exception):
    """Pagefind could not index the documents."""


def _html(document: SearchDocument) -> str:
    """A page for Pagefind alone: weighted text, then meta it must not index."""
    e = html.escape
    hidden = "".join(
        f'<span data-pagefind-meta="{e(key)}">{e(value)}</span>'
        for key, value in document.meta.items()
    )
    if document.signed:
        hidden += f'<span data-pagefind-sort="signed">{e(document.signed)}</span>'

    return (
        f'<!DOCTYPE html><html lang="{e(document.language)}"><head><title></title></head><body>'
        f"<h1>{e(document.title)}</h1><h2>{e(document.names)}</h2><p>{e(document.text)}</p>"
        f"<p>{e(document.facets)}</p>"
        f'<div data-pagefind-ignore="index">{hidden}</div></body></html>'
    )


def language_config(documents: Sequence[SearchDocument]) -> dict[str, str]:
    """Pagefind's language setting: the one language the records share (site.yaml's
    `content_language`), which names the index and picks its stemming. With no records
    there is nothing to name; records in several languages (no register has them) would
    each be indexed by their page's `lang`.
    """
    languages = sorted({document.language for document in documents})
    return {"force_language": languages[0]} if len(languages) == 1 else {}


def partition(
    documents: Sequence[SearchDocument], parts: int, size: int
) -> list[list[SearchDocument]]:
    """The documents in `parts` runs. The agreements, newest signing date first and the
    undated last, fill the runs from the last one, `size` to a run, and the first holds the
    rest: every agreement of a run is signed no earlier than any of the next (a filter-only
    search, sorted newest first, lists the runs one after another), and an agreement added
    with the newest date changes the first run alone. The parties and provinces (no date,
    never listed by a filter) are in the first run too: the pages of an agreement's parties
    change with it (each says how many agreements it signed)."""
    agreements = [d for d in documents if _agreement(d)]
    ordered = sorted(agreements, key=lambda document: document.signed, reverse=True)
    runs: list[list[SearchDocument]] = []
    end = len(ordered)
    for _ in range(parts - 1):
        start = max(0, end - size)
        runs.insert(0, ordered[start:end])
        end = start
    runs.insert(0, [*ordered[:end], *(d for d in documents if not _agreement(d))])
    return runs


def _agreement(document: SearchDocument) -> bool:
    """Whether a document is an agreement's (not a party's or a province's)."""
    return document.meta.get("type") == "agreement"


_WORD = re.compile(r"\w+")


class _Unmarks(dict[int, str]):
    """A `str.translate` table that drops combining marks, filled on first sight."""

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        found = "" if unicodedata.combining(ch) else ch
        self[point] = found
        return found


_UNMARKED = _Unmarks()


def _words(document: SearchDocument) -> set[str]:
    """The words Pagefind indexes for a document: its text (already folded or spelled, so
    split at spaces) and its meta, which it also searches (marks taken off, as it does)."""
    words = set(f"{document.title} {document.names} {document.text} {document.facets}".split())
    # The meta values at once: a line break ends a word for both (and for `lower`'s final
    # sigma), so this is the words of each value, in one pass instead of one per value.
    values = "\n".join(document.meta.values())
    words.update(_WORD.findall(unicodedata.normalize("NFD", values).translate(_UNMARKED).lower()))
    words.update(fold(values).split())
    return words


def part_word(part: int) -> str:
    """The word every page of one part of a split index carries, so that the search page
    can ask the parts one by one."""
    return facet_word("part", str(part))


def split(parts: Sequence[Sequence[SearchDocument]], language: str) -> list[list[SearchDocument]]:
    """The parts of a split index as Pagefind gets them, then one more index: the words.

    Each page carries its part's word (`part_word`), and each part holds one page more (at
    `/VOCABULARY/`, never shown) with every part's word. The index of the words holds a
    page for each part (at `/VOCABULARY/N/`) with every word the part holds.

    The search page merges them all (Pagefind's `mergeIndex`). Pagefind drops from a query
    a word an index does not hold, or shortens it until it matches: a part without
    "berlin" would answer "hai phong berlin" with every page about Hải Phòng. So the page
    asks which parts hold the query (the pages of the words' index it finds, which answers
    as one whole index would) and, when some do not, asks those that do one by one, with
    their part's word, which every part holds. A part thus depends on its own pages alone:
    a word new to the register indexes again its part and the words, not every part.
    """
    marked = [
        [replace(d, facets=f"{d.facets} {part_word(number)}".lstrip()) for d in part]
        for number, part in enumerate(parts)
    ]
    every_part = " ".join(part_word(number) for number in range(len(parts)))
    held = [[*part, _vocabulary(f"/{VOCABULARY}/", every_part, language)] for part in marked]
    words = [
        _vocabulary(
            f"/{VOCABULARY}/{number}/", " ".join(sorted(set().union(*map(_words, part)))), language
        )
        for number, part in enumerate(held)
    ]
    return [*held, words]


def _vocabulary(url: str, text: str, language: str) -> SearchDocument:
    """A page of words that the search page never shows (`Indexing.hidden`, `.words`)."""
    meta = {"type": VOCABULARY}
    return SearchDocument(url=url, title="", names="", text=text, meta=meta, language=language)


class Indexing:
    """Pagefind runs over the documents, started at once in the background (they index
    while the build renders pages); `files()` waits for the bundles.

    A register of many agreements is indexed in parts (`bundles` names a folder for each,
    and one more, the last, for the index of their words; `partition` says which documents
    go where), one Pagefind after another, so that the memory one needs stays that of a
    part. The search page merges them (see `split`).

    Each run is Pagefind's service (`pagefind --service`: base64 JSON messages, each ended
    by a comma, on its standard input and output; it handles them one at a time, in order).
    Each document goes to it as HTML with its URL, so no page is written to disk for it to
    read, and each bundle comes back in its answers: the files the search page loads are
    written into the part's folder in `bundles` (the build gives the places the site has
    them, inside its staging folder), by default into one folder under `scratch`, which
    holds the error log and is removed when the runs are over.
    Pagefind's own Python API is not used: it reads one reply each 0.1 s, which is minutes
    for a large register.
    """

    def __init__(
        self,
        documents: Iterable[SearchDocument],
        scratch: Path | None = None,
        bundles: Sequence[Path] = (),
        reuse: Callable[[int, str, Path], bool] | None = None,
    ) -> None:
        binary = get_executable()
        if binary is None:
            raise SearchIndexProblem("search index: the pagefind binary is missing (pagefind[bin])")
        self._temp = Path(tempfile.mkdtemp(prefix=".search-", dir=scratch))
        self._bundles = list(bundles) or [self._temp / "bundle"]
        self._errors = tempfile.TemporaryFile(dir=self._temp)
        self._lock = threading.Lock()
        self._stopping = False
        self._run: _Run | None = None
        self._failure: BaseException | None = None
        self.hidden: list[str] = []
        """Pagefind's ids of the pages of part words, one per part of a split index, once
        `files()` has returned."""
        self.words: list[str] = []
        """Pagefind's ids of the pages of the words' index of a split index, in the order
        of the parts, once `files()` has returned."""
        self.digests: list[str] = []
        """What each part was made from (Pagefind's identity and every message it got), once
        `files()` has returned. `reuse(part, digest, bundle)` may put the bundle made from
        the same in place (an earlier build's), and says whether it did: Pagefind then
        skips that part."""
        self._reuse = reuse
        records = list(documents)
        config = language_config(records)
        parts = len(self._bundles) - 1 if len(self._bundles) > 1 else 1
        agreements = sum(map(_agreement, records))
        runs = partition(records, parts, urls.search_part_size(agreements))
        self._thread = threading.Thread(
            target=self._index,
            args=(str(binary), config, runs),
            name="pagefind",
            daemon=True,
        )
        self._thread.start()

    def _index(
        self, binary: str, config: dict[str, str], parts: list[list[SearchDocument]]
    ) -> None:
        """Index each part in turn (run in the background thread)."""
        try:
            if len(parts) > 1 and parts[0]:
                parts = split(parts, parts[0][0].language)
            for number, (documents, bundle) in enumerate(zip(parts, self._bundles, strict=True)):
                messages = _messages(config, documents)
                self.digests.append(_digest(binary, messages))
                if self._reuse is None or not self._reuse(number, self.digests[-1], bundle):
                    with self._lock:
                        if self._stopping:
                            return
                        run = self._run = _Run(binary, self._errors)
                    try:
                        files = run.index(messages)
                    finally:
                        run.stop()
                    _write(files, bundle, first=number == 0)
                if number == len(parts) - 1 and number:  # the words' index
                    urls = [f"/{VOCABULARY}/{part}/" for part in range(number)]
                    self.words = _vocabulary_pages(bundle, urls)
                elif len(parts) > 1:  # the same page in each part: the same id, often
                    (page,) = _vocabulary_pages(bundle, [f"/{VOCABULARY}/"])
                    self.hidden.extend([page] if page not in self.hidden else [])
        except BaseException as error:  # handed to the thread that waits in files()
            self._failure = error

    def files(self) -> list[dict[str, Path]]:
        """The search bundles, one per part: file name (relative to the part's folder) →
        where Pagefind wrote it. Their other files (the UI kits the site does not use, and
        in the parts after the first the scripts the first one holds) are removed."""
        try:
            self._thread.join(TIMEOUT)
            if self._thread.is_alive():
                raise SearchIndexProblem("search index: pagefind took over 10 minutes")
            if self._failure is not None:
                raise self._failure
            return [_kept(bundle, first=number == 0) for number, bundle in enumerate(self._bundles)]
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """End the runs (the running Pagefind is killed; no other starts) and remove the
        folder under `scratch`."""
        with self._lock:
            self._stopping = True
            if self._run is not None:
                self._run.kill()  # its thread sees the end of Pagefind's output, and leaves
        self._thread.join()
        self._errors.close()
        shutil.rmtree(self._temp, ignore_errors=True)


def _messages(
    config: dict[str, str], documents: Sequence[SearchDocument]
) -> list[dict[str, object]]:
    """What Pagefind's service is sent to index one part: its bundle comes back in the
    answer to the last (GetFiles), and this process writes it. Pagefind's own WriteFiles
    answers before its writes are done: a Pagefind ended at that answer left a file empty."""
    return [
        {"type": "NewIndex", "config": config},
        *(
            {"type": "AddFile", "index_id": 0, "url": d.url, "file_contents": _html(d)}
            for d in documents
        ),
        {"type": "GetFiles", "index_id": 0},
    ]


def _digest(binary: str, messages: Sequence[dict[str, object]]) -> str:
    """What a bundle is made from: the Pagefind that makes it (its path, size and time)
    and every message it is sent."""
    info = os.stat(binary)
    digest = hashlib.blake2b(f"{binary}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    for message in messages:
        digest.update(json.dumps(message, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _write(files: Sequence[dict[str, str]], bundle: Path, *, first: bool) -> None:
    """Write the files of a bundle that the search page loads (see `_kept`) into `bundle`,
    from Pagefind's GetFiles answer (each a path and its bytes in base64)."""
    names, suffixes = (BUNDLE_FILES, BUNDLE_PARTS) if first else (INDEX_FILES, INDEX_PARTS)
    for file in files:
        try:
            relative = safe_relative(str(file["path"]))
        except UnsafePath as error:
            raise SearchIndexProblem(f"search index: pagefind gave a bad path: {error}") from None
        if relative.name in names or relative.name.endswith(suffixes):
            target = bundle.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                out.write(base64.b64decode(file["content"]))


def _vocabulary_pages(bundle: Path, urls: Sequence[str]) -> list[str]:
    """Pagefind's ids of the vocabulary pages at `urls` in a bundle: the names of their
    fragments (Pagefind names a page by a hash of it, so the fragments are read until each
    page's address is found)."""
    found: dict[str, str] = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        url = json.loads(data).get("url")
        if url in urls:
            found[url] = fragment.name.removesuffix(".pf_fragment")
            if len(found) == len(urls):
                return [found[url] for url in urls]
    raise SearchIndexProblem("search index: pagefind wrote no vocabulary page")


def _kept(bundle: Path, *, first: bool) -> dict[str, Path]:
    """The files of one bundle the search page loads, the others removed."""
    names, suffixes = (BUNDLE_FILES, BUNDLE_PARTS) if first else (INDEX_FILES, INDEX_PARTS)
    kept = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.name in names or path.name.endswith(suffixes):
            kept[path.relative_to(bundle).as_posix()] = path
        else:
            path.unlink()
    return kept


class _Run:
    """One Pagefind service indexing one part.

    It is started from the indexing thread while the build forks its render workers, and
    a process forked from this one keeps copies of every descriptor open at that moment.
    So it is spawned without a fork of its own (`close_fds=False` lets Python use
    posix_spawn: a plain fork would wait on a pipe that such a worker may hold open until
    it exits), and it is ended by a signal once its bundle is in hand rather than by the
    end of its input, which a worker may be holding open too (Pagefind leaves at the end
    of its input at once, its work done or not).
    """

    def __init__(self, binary: str, errors: IO[bytes]) -> None:
        self._errors = errors
        self._killed = threading.Event()
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [binary, "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                close_fds=False,  # nothing leaks: Python opens its files non-inheritable
            )
        except OSError as error:
            raise SearchIndexProblem(f"search index: pagefind failed: {error}") from error

    def index(self, messages: Sequence[dict[str, object]]) -> list[dict[str, str]]:
        """Send every message, then read the answers up to the last one's, which holds the
        bundle's files; an error in any of them (or Pagefind ending first) is a
        `SearchIndexProblem`."""
        process = self._process
        assert process is not None and process.stdin is not None
        try:
            # Pagefind reads its input as it comes, whatever it has answered, so every
            # message can be sent now; the answers wait in its output until read below.
            for number, payload in enumerate(messages):
                process.stdin.write(_message(number, payload))
            process.stdin.flush()
        except OSError as error:
            detail = self._stopped_because() or str(error)
            raise SearchIndexProblem(f"search index: pagefind failed: {detail}") from error
        return list(self._answers(len(messages) - 1).get("files", []))

    def _answers(self, last: int) -> dict[str, Any]:
        """Read Pagefind's answers until the one to message `last`, and return its payload."""
        process = self._process
        assert process is not None and process.stdout is not None
        pending = bytearray()  # an answer can be megabytes (GetFiles): grown, not copied
        deadline = time.monotonic() + TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SearchIndexProblem("search index: pagefind took over 10 minutes")
                if self._killed.is_set():
                    raise SearchIndexProblem("search index: stopped")
                if not selector.select(min(left, 0.5)):
                    continue
                chunk = os.read(process.stdout.fileno(), 1 << 20)
                if not chunk:
                    detail = self._stopped_because() or "it ended before writing the index"
                    raise SearchIndexProblem(f"search index: pagefind failed: {detail}")
                if b"," not in chunk:
                    pending += chunk
                    continue
                *answers, rest = (bytes(pending) + chunk).split(b",")
                pending = bytearray(rest)
                for answer in answers:
                    reply = json.loads(base64.b64decode(answer))
                    payload = reply.get("payload", {})
                    if payload.get("type") == "Error":
                        detail = str(payload.get("message", ""))[:500]
                        raise SearchIndexProblem(f"search index: pagefind failed: {detail}")
                    if reply.get("message_id") == last:
                        return dict(payload)

    def _stopped_because(self) -> str:
        """The end of what Pagefind wrote to its error stream, if anything."""
        self._errors.seek(0)
        return self._errors.read().decode("utf-8", "replace")[-2000:].strip()

    def kill(self) -> None:
        """End Pagefind at once (from another thread than the one reading its answers,
        which stops within half a second)."""
        self._killed.set()
        process = self._process
        if process is not None:
            process.kill()

    def stop(self) -> None:
        """End the run, its bundle written or not (see the class's note)."""
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _message(number: int, payload: dict[str, object]) -> bytes:
    """One message for Pagefind's service: base64 of its JSON, then a comma."""
    text = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(text.encode("utf-8")) + b","
