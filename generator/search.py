"""The static search index: Pagefind run over documents made from the model.

Pagefind folds tones since 1.5 but keeps đ, and cannot rank an exact spelling above a
folded one, so each document carries two forms of its text (see `exports.searchable`):
folded, which the browser matches with a folded query, and spelled, which it matches to
put exact matches first. The page's script does the same to the query.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from pagefind.service import get_executable

from generator.exports import SearchDocument

BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
"""Pagefind's own files the search page needs (its UI kits are not used)."""
INDEX_PARTS = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
"""Suffixes of the index itself and of the WebAssembly search core."""
TIMEOUT = 600
"""Seconds a run may take before the build gives up on it."""


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


class Indexing:
    """A Pagefind run over the documents, started at once in the background (it indexes
    while the build renders pages); `files()` waits for the bundle.

    Pagefind runs as a service (`pagefind --service`: base64 JSON messages, each ended by
    a comma, on its standard input and output; it handles them one at a time, in order).
    Each document goes to it as HTML with its URL, so no page is written to disk for it to
    read. It writes the bundle into `bundle` (the build gives the place the site has it,
    inside its staging folder), by default into its own folder under `scratch`, which
    holds its error log and is removed when the run is over; `files()` names the
    bundle's files.
    Pagefind's own Python API is not used: it reads one reply each 0.1 s, which is minutes
    for a large register.
    """

    def __init__(
        self,
        documents: Iterable[SearchDocument],
        scratch: Path | None = None,
        bundle: Path | None = None,
    ) -> None:
        records = list(documents)
        binary = get_executable()
        if binary is None:
            raise SearchIndexProblem("search index: the pagefind binary is missing (pagefind[bin])")
        self._temp = Path(tempfile.mkdtemp(prefix=".search-", dir=scratch))
        self._bundle = bundle or self._temp / "bundle"
        self._errors = tempfile.TemporaryFile(dir=self._temp)
        self._process: subprocess.Popen[bytes] | None = None
        self._last = len(records) + 1
        messages: list[dict[str, object]] = [
            {"type": "NewIndex", "config": language_config(records)},
            *(
                {"type": "AddFile", "index_id": 0, "url": d.url, "file_contents": _html(d)}
                for d in records
            ),
            {"type": "WriteFiles", "index_id": 0, "output_path": str(self._bundle)},
        ]
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
            )
            assert self._process.stdin is not None
            # Pagefind reads its input as it comes, whatever it has answered, so every
            # message can be sent now; the answers wait in its output until `files()`.
            for number, payload in enumerate(messages):
                self._process.stdin.write(_message(number, payload))
            self._process.stdin.flush()
        except OSError as error:
            detail = self._stopped_because() or str(error)
            self.stop()
            raise SearchIndexProblem(f"search index: pagefind failed: {detail}") from error

    def files(self) -> dict[str, Path]:
        """The search bundle: file name (relative to the bundle folder) → where Pagefind
        wrote it. Its other files (the UI kits the site does not use) are removed."""
        assert self._process is not None, "a run that failed to start raised"
        try:
            self._answers()
            kept = {}
            for path in sorted(self._bundle.rglob("*")):
                if path.is_symlink() or not path.is_file():
                    continue
                if path.name in BUNDLE_FILES or path.name.endswith(INDEX_PARTS):
                    kept[path.relative_to(self._bundle).as_posix()] = path
                else:
                    path.unlink()
            return kept
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> None:
        """Read Pagefind's answers up to the one that says the bundle is written; an
        error in any of them (or Pagefind ending first) is a `SearchIndexProblem`."""
        assert self._process is not None and self._process.stdout is not None
        pending = b""
        deadline = time.monotonic() + TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise SearchIndexProblem("search index: pagefind took over 10 minutes")
                chunk = os.read(self._process.stdout.fileno(), 1 << 16)
                if not chunk:
                    detail = self._stopped_because() or "it ended before writing the index"
                    raise SearchIndexProblem(f"search index: pagefind failed: {detail}")
                *answers, pending = (pending + chunk).split(b",")
                for answer in answers:
                    reply = json.loads(base64.b64decode(answer))
                    payload = reply.get("payload", {})
                    if payload.get("type") == "Error":
                        detail = str(payload.get("message", ""))[:500]
                        raise SearchIndexProblem(f"search index: pagefind failed: {detail}")
                    if reply.get("message_id") == self._last:
                        return

    def _stopped_because(self) -> str:
        """The end of what Pagefind wrote to its error stream, if anything."""
        self._errors.seek(0)
        return self._errors.read().decode("utf-8", "replace")[-2000:].strip()

    def stop(self) -> None:
        """End the run (Pagefind leaves when its input closes; killed if it does not) and
        remove its folder under `scratch`."""
        if self._process is not None:
            with contextlib.suppress(OSError):
                if self._process.stdin is not None:
                    self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        self._errors.close()
        shutil.rmtree(self._temp, ignore_errors=True)


def _message(number: int, payload: dict[str, object]) -> bytes:
    """One message for Pagefind's service: base64 of its JSON, then a comma."""
    text = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(text.encode("utf-8")) + b","
