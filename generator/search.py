"""The static search index: Pagefind run over documents made from the model.

Pagefind folds tones since 1.5 but keeps đ, and cannot rank an exact spelling above a
folded one, so each document carries two forms of its text (see `exports.searchable`):
folded, which the browser matches with a folded query, and spelled, which it matches to
put exact matches first. The page's script does the same to the query.
"""

from __future__ import annotations

import asyncio
import html
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

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
    hidden = (
        "".join(
            f'<span data-pagefind-meta="{e(key)}">{e(value)}</span>'
            for key, value in document.meta.items()
        )
        + f'<span data-pagefind-sort="signed">{e(document.signed)}</span>'
    )

    return (
        '<!DOCTYPE html><html lang="vi"><head><title></title></head><body>'
        f"<h1>{e(document.title)}</h1><h2>{e(document.names)}</h2><p>{e(document.text)}</p>"
        f"<p>{e(document.facets)}</p>"
        f'<div data-pagefind-ignore="index">{hidden}</div></body></html>'
    )


async def _index(folder: Path) -> dict[str, bytes]:
    # Not `async with PagefindIndex(...)`: leaving that block writes the bundle into
    # ./pagefind/, outside the output folder. The files are taken with get_files() instead.
    async with PagefindService() as service:
        index = await service.create_index(IndexConfig(force_language="vi"))
        await index.add_directory(str(folder))
        files = await index.get_files()
        await index.delete_index()
    return {
        file["path"]: file["content"]
        for file in files
        if file["path"] in BUNDLE_FILES or file["path"].endswith(INDEX_PARTS)
    }


def _write_documents(documents: Iterable[SearchDocument], folder: Path) -> None:
    """One file per document at its URL's path, so Pagefind gives each its page's URL.

    (One `add_directory` call rather than a call per record: the Python API waits 0.1 s
    for every reply, which would add 1,000 s to a 10,000-agreement build.)
    """
    for document in documents:
        target = folder / document.url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_html(document), encoding="utf-8")


def index_files(documents: Iterable[SearchDocument]) -> dict[str, bytes]:
    """The search bundle: file name (relative to the bundle folder) → content."""
    # Pagefind's API is asynchronous; a thread of its own keeps it clear of any event loop
    # the caller runs (Playwright's, in the tests).
    try:
        with tempfile.TemporaryDirectory(prefix="agreements-search-") as temp:
            _write_documents(documents, Path(temp))
            with ThreadPoolExecutor(max_workers=1) as pool:
                return pool.submit(asyncio.run, _index(Path(temp))).result()
    except Exception as error:  # the service reports its failures as bare exceptions
        raise SearchIndexProblem(f"search index: {error}") from error
