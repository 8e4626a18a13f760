"""The static search index: Pagefind run over documents made from the model.

Pagefind folds tones since 1.5 but keeps đ, and cannot rank an exact spelling above a
folded one, so each document carries two forms of its text (see `exports.searchable`):
folded, which the browser matches with a folded query, and spelled, which it matches to
put exact matches first. The page's script does the same to the query.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from pagefind.service import get_executable

from generator.exports import SearchDocument

BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
"""Pagefind's own files the search page needs (its UI kits are not used)."""
INDEX_PARTS = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
"""Suffixes of the index itself and of the WebAssembly search core."""


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


def _write_documents(documents: Iterable[SearchDocument], folder: Path) -> None:
    """One file per document at its URL's path, so Pagefind gives each its page's URL."""
    for document in documents:
        target = folder / document.url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_html(document), encoding="utf-8")


def language_options(documents: Sequence[SearchDocument]) -> list[str]:
    """Pagefind's language flag: the one language the records share (site.yaml's
    `content_language`), which names the index and picks its stemming. With no records
    there is nothing to name; records in several languages (no register has them) would
    each be indexed by their page's `lang`.
    """
    languages = sorted({document.language for document in documents})
    return ["--force-language", languages[0]] if len(languages) == 1 else []


class Indexing:
    """A Pagefind run over the documents, started at once in the background (it indexes
    while the build renders pages); `files()` waits for the bundle.

    Pagefind works in a temporary folder under `scratch` (the build's staging folder, so
    that a killed build leaves nothing elsewhere), removed when the run is over.
    """

    def __init__(self, documents: Iterable[SearchDocument], scratch: Path | None = None) -> None:
        records = list(documents)
        binary = get_executable()
        if binary is None:
            raise SearchIndexProblem("search index: the pagefind binary is missing (pagefind[bin])")
        self._temp = Path(tempfile.mkdtemp(prefix=".search-", dir=scratch))
        self._bundle = self._temp / "bundle"
        self._errors = tempfile.TemporaryFile(dir=self._temp)
        self._process: subprocess.Popen[bytes] | None = None
        try:
            pages = self._temp / "pages"
            _write_documents(records, pages)
            # The command line rather than pagefind's Python API: the API waits 0.1 s for
            # each reply, writes ./pagefind/ when its context closes, and hangs on replies
            # over 2 MiB.
            command = [str(binary), "--site", str(pages), "--output-path", str(self._bundle)]
            command += [*language_options(records), "--silent"]
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._errors
            )
        except OSError as error:
            self.stop()
            raise SearchIndexProblem(f"search index: pagefind failed: {error}") from error

    def files(self) -> dict[str, bytes]:
        """The search bundle: file name (relative to the bundle folder) → content."""
        assert self._process is not None, "a run that failed to start raised"
        try:
            code = self._process.wait(timeout=600)
        except subprocess.TimeoutExpired as error:
            self.stop()
            raise SearchIndexProblem("search index: pagefind took over 10 minutes") from error
        try:
            if code != 0:
                self._errors.seek(0)
                detail = self._errors.read().decode("utf-8", "replace")[-2000:]
                raise SearchIndexProblem(f"search index: pagefind failed: {detail}")
            return {
                path.relative_to(self._bundle).as_posix(): path.read_bytes()
                for path in sorted(self._bundle.rglob("*"))
                if path.is_file() and (path.name in BUNDLE_FILES or path.name.endswith(INDEX_PARTS))
            }
        finally:
            self.stop()

    def stop(self) -> None:
        """End the run (killing Pagefind if it still runs) and remove its folder."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._errors.close()
        shutil.rmtree(self._temp, ignore_errors=True)
