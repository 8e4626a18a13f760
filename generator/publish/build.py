"""Orchestration: the pipeline as a flat list of named steps.

`load()` reads, validates and registers the content; `check` is `load()` alone.
`build()` is `load()`, then plan, render and write — only when there is no error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import os
import shutil
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import BinaryIO, ParamSpec, TypeVar

import jinja2

from generator.content import schema, topics
from generator.content.config import site_config
from generator.content.history import UNAVAILABLE, Pair, last_changed, revisions
from generator.content.references import Entry
from generator.content.register import Register, build_register
from generator.content.sources import SourceFile, read_tree
from generator.core import diagnostics
from generator.core.context import Context
from generator.core.diagnostics import Collector, Diagnostic, Severity, display_path
from generator.core.interface import TEMPLATES, MissingStrings
from generator.core.messages import Phrase, phrase
from generator.core.model import Change, Revision, SiteConfig
from generator.core.urls import Urls, output_file, path_for, search_bundles
from generator.publish import cache, parallel, search
from generator.publish.write import Staging, link_file, remove_stale
from generator.site import exports, files, markup, search_text
from generator.site.inputs import Lookup, Untracked, page_inputs
from generator.site.pages import (
    AGREEMENT_DATA,
    AgreementData,
    Planned,
    SearchView,
    plan,
    province_pages,
)
from generator.site.render import Renderer

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading a content folder."""

    register: Register | None
    """The register, or None when site.yaml could not be read."""
    context: Context | None
    """The build's settings, as-of date and addresses, or None when site.yaml could not be
    read."""
    diagnostics: list[Diagnostic]
    """Every problem found, sorted by file and line."""
    notes: tuple[Phrase, ...] = ()
    """Remarks about the build's setting rather than the content (a shallow git clone, a
    base URL with no host for a sitemap, an as-of date before records' last updates)."""
    compared: Mapping[Pair, tuple[Change, ...]] = field(default_factory=dict)
    """What each pair of versions of a record's file changed (the build keeps it for the
    next one, which then reads no version again)."""

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that fail a build."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The problems that only fail a build under --strict."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def load(
    content_dir: Path,
    *,
    today: dt.date,
    as_of: dt.date | None = None,
    base_url: str | None = None,
    shown_as: PurePath | str | None = None,
    git_dates: bool = False,
    read: Callable[[str, SourceFile], None] | None = None,
    adding: Mapping[str, str] | None = None,
    compared: Mapping[Pair, tuple[Change, ...]] | None = None,
) -> Loaded:
    """Read, check and cross-reference a content folder.

    `today` is the caller's clock; the as-of date is `as_of`, else site.yaml's
    `as_of`, else `today`. `shown_as` is how paths appear in messages (default:
    `content_dir` as given). `git_dates` reads each file's last commit for "last
    updated" (a build needs it; a check does not). `read` is told of each Markdown file
    as soon as it is read (`read_tree`). `adding` holds files not written yet, checked as if
    they were (`read_tree`). `compared` holds what pairs of versions of a file changed, as
    an earlier build worked them out (each record's history is read from git with
    `git_dates`).
    """
    shown = content_dir if shown_as is None else shown_as
    tree = read_tree(content_dir, shown, read, adding)
    site = Collector(tree.site.path if tree.site else "")
    config = site_config(tree.site, site, as_of=as_of, base_url_override=base_url)
    vocabulary_file = Collector(display_path(shown, topics.FILE))
    vocabulary = topics.read_vocabulary(tree.topics, vocabulary_file)
    parties = [_entry(schema.party_from, source) for source in tree.parties]
    agreements = [_entry(schema.agreement_from, source) for source in tree.agreements]
    filing = topics.file_topics(vocabulary, agreements, vocabulary_file)
    pages = [_entry(schema.page_from, source) for source in tree.pages]
    effective = config or SiteConfig(title="")
    context = Context(effective, effective.as_of or today, Urls(effective.base_url))
    history = last_changed(content_dir) if git_dates else UNAVAILABLE
    touched = [
        (entry.record.slug, history.touches.get(entry.record.origin.relative, ()))
        for entry in agreements
        if entry.record is not None
    ]
    revised, answers = revisions(
        content_dir, [t for _, touches in touched for t in touches], compared or {}
    )
    by_record: dict[str, tuple[Revision, ...]] = {}
    position = 0
    for slug, touches in touched:
        by_record[slug] = revised[position : position + len(touches)]
        position += len(touches)
    register = build_register(
        context.as_of,
        parties,
        agreements,
        pages,
        tree.files,
        unreadable=tree.unreadable,
        committed=history.dates,
        topics=filing,
        revisions=by_record if history.available else None,
        history_reaches=history.reaches,
    )
    found = [*tree.diagnostics, *site.found, *vocabulary_file.found]
    for entry in (*parties, *agreements, *pages):
        found.extend(entry.collector.found)
    notes: tuple[Phrase, ...] = (SHALLOW_CLONE,) if history.shallow else ()
    notes += (NO_SITEMAP,) if config and not context.urls.origin else ()
    notes += _updated_after_as_of(register)
    if config is None:
        return Loaded(None, None, diagnostics.sort(found), notes, answers)
    return Loaded(register, context, diagnostics.sort(found), notes, answers)


UNPUBLISHABLE = frozenset({"placeholder-text"})
"""Warnings `check` gives that a publishing build treats as errors."""


SHALLOW_CLONE = phrase(
    "build.this_shallow_git_clone_so",
)


NO_SITEMAP = phrase(
    "build.base_url_has_no_host",
)


def _updated_after_as_of(register: Register) -> tuple[Phrase, ...]:
    """One note when records were last updated after the as-of date (their pages show
    that later date beside statuses computed as of the earlier one)."""
    later = [
        day
        for day in map(register.last_updated, register.agreements.values())
        if day is not None and day.first_day > register.as_of
    ]
    if not later:
        return ()
    return (
        phrase(
            "build.count_verb_last_updated_after",
            count=diagnostics.plural(len(later), "agreement"),
            verb="was" if len(later) == 1 else "were",
            number=len(later),
            as_of=register.as_of.isoformat(),
            latest=max(later),
        ),
    )


def _entry(check: Callable[[SourceFile, Collector], T | None], source: SourceFile) -> Entry[T]:
    """Check one file with its own collector."""
    collector = Collector(source.path)
    return Entry(check(source, collector), source, collector)


class TemplateProblem(Exception):
    """A template could not be read or rendered: a bug in the templates, not the content."""


@dataclass(frozen=True)
class Built:
    """The outcome of a build."""

    loaded: Loaded
    """What loading found; the site is written only when it holds no error."""
    written: tuple[str, ...] = ()
    """Files written, relative to the output folder; empty when nothing was written."""
    removed: tuple[Path, ...] = ()
    """Folders left beside the output by killed builds, removed by this one."""
    as_of: dt.date | None = None
    """The date the site's statuses were worked out for, when a site was written or kept."""
    kept: bool = False
    """Whether nothing had changed since the last build, whose site was kept as it was
    (`written` then lists what that build wrote)."""
    renderer: Renderer | None = None
    """What rendered the site just written (`serve` renders an edited page with it)."""
    rendered: tuple[str, ...] = ()
    """The pages rendered (files relative to the output folder), in plan order; the others
    were taken from the previous site, their inputs unchanged."""


P = ParamSpec("P")
R = TypeVar("R")


def _without_collection(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run with Python's cycle collector paused (and resumed however it ends,
    for `serve`, which builds again and again). A build makes millions of objects that live
    until it ends (the register, each page's record, the records of the cache), and the
    collector went through all of them again and again: a one-edit build of 10,000
    agreements spent 10 s of its 48 s there (38 s paused, the same peak memory). What it
    leaves in cycles is freed when the collector runs again."""

    @functools.wraps(function)
    def paused(*args: P.args, **keywords: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **keywords)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_collection
def build(
    content_dir: Path,
    output: Path,
    *,
    today: dt.date,
    as_of: dt.date | None = None,
    base_url: str | None = None,
    strict: bool = False,
    templates: Path = TEMPLATES,
    publishing: bool = True,
    reuse: bool = True,
    keep: bool = True,
) -> Built:
    """Load the content and, if it has no error, replace `output` with the whole site.

    The site is staged beside `output` and swapped in only when every file was
    written, so a failure of any kind leaves the previous site as it was. When
    `publishing` (every build but the preview's), the template's text left in a file is an
    error: a file committed as `agreements new` wrote it is never published. With
    `reuse`, a build from exactly what made the site in `output` keeps it (`cache`; not
    when `keep` is false: the preview renders every build), and any other takes from it
    the files and search parts that did not change.

    The steps, in order: the cache check (a build of exactly the last build's input keeps
    its site); loading, with the bodies converting meanwhile; rendering the pages and each
    record's JSON file in workers, while this process makes the search documents and
    Pagefind indexes them, then the open data made from those files; writing the open data
    and the feeds; the search index and the sitemap; remembering the build.
    """
    settings = {
        "today": today.isoformat(),
        "as_of": (as_of or today).isoformat(),
        "base_url": base_url,
        "strict": strict,
        "publishing": publishing,
    }
    cached = _open_cache(output, content_dir, templates, settings, reuse=reuse, keep=keep)
    if cached.kept is not None:
        return cached.kept
    loaded, found = _load_converting(
        content_dir, cached, today=today, as_of=as_of, base_url=base_url, publishing=publishing
    )
    register, context = loaded.register, loaded.context
    if loaded.errors or (strict and loaded.warnings) or register is None or context is None:
        return Built(loaded)
    renderer = _renderer(register, context, templates)
    everything = _everything(renderer, templates)
    earlier = cached.pages if cached.pages.made_by == everything else cache.Pages()
    try:
        with (
            Staging(output, reuse=reuse, clear_later=True) as staging,
            _searching(renderer, staging, cached) as searching,
        ):
            places, made = searching.places, _Made()

            def meanwhile() -> None:  # while the workers render
                searching.start()
                _write_feeds(staging, renderer, places, templates, earlier, made)

            pages, search_page, data = _render_pages(
                staging, renderer, places, everything, earlier, made, started=meanwhile
            )
            for path, text in data.items():  # the open data made from the JSON files
                staging.write_text(path, text)
            if cached.storing:  # while Pagefind finishes
                _keep_conversions(output, register, cached.converter, cached.stored, cached.limit)
                _keep_changes(
                    output, cached.converter, cached.compared, loaded.compared, cached.limit
                )
            indexing = searching.indexing
            _write_search_and_sitemap(staging, renderer, indexing, search_page, pages)
            for relative in sorted(register.files):
                staging.copy_file(path_for("file", relative), content_dir / "files" / relative)
            written = tuple(staging.written)
    except jinja2.TemplateError as error:
        raise TemplateProblem(_describe(error)) from error
    try:  # while the previous site is deleted
        _remember(output, cached, written, loaded, found, context.as_of, indexing.digests)
        _remember_pages(output, cached, everything, made)
    finally:
        staging.finish()
    markup.use_stored({})
    return Built(
        loaded,
        written,
        tuple(staging.removed),
        as_of=context.as_of,
        renderer=renderer,
        rendered=made.rendered,
    )


@dataclass
class _Cache:
    """What a build takes from the cache folder beside its output, and gives back."""

    caching: bool
    """Whether the cache folder may be used at all (`reuse`, and a real folder)."""
    limit: int = 0
    """The largest record the build reads (`cache.record_limit`)."""
    record: cache.Record | None = None
    """The last build's record, if it can be trusted."""
    key: str = ""
    """This build's input fingerprint (empty for the preview, which renders every build)."""
    storing: bool = False
    """Whether the bodies' conversions are kept for the next build."""
    converter: str = ""
    stored: dict[str, markup.Stored] | None = None
    """The conversions the last build kept, by body."""
    compared: dict[Pair, tuple[Change, ...]] | None = None
    """What each pair of versions of a record's file changed, as the last build kept it."""
    ignored: list[Phrase] = field(default_factory=list)
    """Why a cache folder or record was not used: notes of the build, never failures."""
    kept: Built | None = None
    """The last build's result, when this build's input is exactly its input."""
    pages: cache.Pages = field(default_factory=cache.Pages)
    """What the last build made each page from."""


def _open_cache(
    output: Path,
    content_dir: Path,
    templates: Path,
    settings: Mapping[str, object],
    *,
    reuse: bool,
    keep: bool,
) -> _Cache:
    """Step 1, the cache check: the cache is untrusted, a folder or record it cannot use is
    a note, never a failure. When the content, templates, code and settings are exactly
    those of the last build into an untouched `output`, that build is kept."""
    ignored: list[Phrase] = []
    caching = reuse and _cache_folder(output, ignored)
    limit = cache.record_limit(content_dir) if caching else 0
    record = _last_build(output, limit, ignored) if caching else None
    key = cache.fingerprint(content_dir, templates, settings) if caching and keep else ""
    if record is not None and keep:
        kept = cache.previous(record, output, key)
        if kept is not None:
            loaded = Loaded(None, None, kept.diagnostics, kept.notes)
            removed = tuple(remove_stale(output))
            built = Built(loaded, kept.written, removed, as_of=kept.as_of, kept=True)
            return _Cache(caching, limit, record, key, ignored=ignored, kept=built)
    # The preview (not `keep`) holds its conversions in memory from one build to the next.
    storing = caching and keep
    converter, stored = _stored_conversions(output, limit, ignored) if storing else ("", {})
    compared = _stored_changes(output, converter, limit, ignored) if storing else None
    pages = _stored_pages(output, limit, ignored) if caching else cache.Pages()
    return _Cache(
        caching,
        limit,
        record,
        key,
        storing,
        converter,
        stored,
        compared,
        ignored,
        pages=pages,
    )


def _load_converting(
    content_dir: Path,
    cached: _Cache,
    *,
    today: dt.date,
    as_of: dt.date | None,
    base_url: str | None,
    publishing: bool,
) -> tuple[Loaded, tuple[Phrase, ...]]:
    """Step 2, loading: the content read, checked and registered while worker processes
    convert the bodies; with what the build found itself (said again by a kept build)."""
    markup.use_stored(cached.stored or {})  # before the workers start: they see it too
    with parallel.Conversions() as bodies:

        def read(section: str, source: SourceFile) -> None:
            bodies.add(source.body)  # an agreement's, a party's or a free page's

        loaded = load(
            content_dir,
            today=today,
            as_of=as_of,
            base_url=base_url,
            git_dates=True,
            read=read,
            compared=cached.compared,
        )
        found = loaded.notes  # what a kept build says again (not that a record was ignored)
        loaded = replace(loaded, notes=(*loaded.notes, *cached.ignored))
        if publishing:
            loaded = replace(
                loaded,
                diagnostics=[
                    replace(d, severity=Severity.ERROR) if d.code in UNPUBLISHABLE else d
                    for d in loaded.diagnostics
                ],
            )
        if loaded.register is not None and not loaded.errors:
            # The bodies were converting while the rest was read and checked: every
            # conversion is here before the pages' workers fork.
            bodies.finish(_bodies(loaded.register))
    return loaded, found


def _renderer(register: Register, context: Context, templates: Path) -> Renderer:
    """The renderer of this build's pages, the stylesheet's link carrying its digest."""
    versions = {"static/style.css": _fingerprint(_stylesheet(templates))}
    context = replace(context, urls=Urls(context.config.base_url, versions))
    try:
        return Renderer(register, context, templates)
    except MissingStrings as error:
        raise TemplateProblem(str(error)) from error


def _everything(renderer: Renderer, templates: Path) -> str:
    """The digest of what every page is made from, besides its own path, view and
    look-ups: the generator, Python and the libraries, the templates and strings, the
    settings, the as-of date, the addresses, and the free pages (every footer lists them).
    A page of the last build is reused only when this is the same."""
    context = renderer.context
    return renderer.digests.of(
        (
            cache.renderer(templates),
            context.config,
            context.as_of,
            context.urls.settings(),
            tuple(renderer.register.pages.values()),
        )
    ).hex()


@dataclass
class _Made:
    """What step 3 did: what each page was made from, for the next build, and which
    pages it rendered (the others were linked from the previous site)."""

    pages: dict[str, cache.PageRecord] = field(default_factory=dict)
    derived: dict[Lookup, tuple[Lookup, ...]] = field(default_factory=dict)
    rendered: tuple[str, ...] = ()
    events: dict[str, str] = field(default_factory=dict)
    """Each calendar event's text, by the digest of the event."""

    def kept(self, everything: str) -> cache.Pages:
        """The record of the pages, for the next build: the derived look-ups the pages
        name, and no other."""
        named = {lookup for page in self.pages.values() for lookup in page.lookups}
        derived = {key: made for key, made in self.derived.items() if key in named}
        return cache.Pages(everything, self.pages, derived, self.events)


def _render_pages(
    staging: Staging,
    renderer: Renderer,
    places: Sequence[exports.Place],
    everything: str,
    earlier: cache.Pages,
    made: _Made,
    *,
    started: Callable[[], object] | None = None,
) -> tuple[list[Planned], Planned, dict[str, str]]:
    """Step 3, rendering: every page of the plan but the search page, which names the
    index's vocabulary (`_write_search_and_sitemap`), and each agreement's JSON file
    (`started()` is called once the workers render them: see `parallel.in_order`); then
    the open data made from those files, and the data page, which gives their sizes. In
    worker processes, in plan order, each page is either found made from the same inputs
    as the page the last build made (`earlier`: the same global inputs, view and answers to
    its look-ups), and then linked from the previous site, or rendered, recording its
    look-ups, and written; what each page was made from goes into `made`. Returns the pages,
    the search page and the open data's files."""
    register, context = renderer.register, renderer.context
    planned = plan(register, context)
    search_page = next(page for page in planned if page.path == path_for("search"))
    pieces = files.data_pieces(renderer)
    now = [*(page for page in planned if page is not search_page), *pieces]
    fresh: list[str] = []
    renderer.lookups.kept = earlier.derived
    renderer.load_templates()  # once, before the workers fork
    # With no site to lend its pages (deleted since, or a cache restored without it), a
    # page found made from the same inputs would be rendered again here, one by one.
    kept = earlier.pages if staging.lends else {}
    job = functools.partial(_made_again, renderer, everything, kept)
    whole, table, sheet = (path_for("data_file", name) for name in files.STREAMED)
    with staging.stream(whole) as array_file, staging.stream(table) as csv_file:
        array, rows = exports.JsonArray(array_file), exports.AgreementsCsv(csv_file)
        # An agreement's JSON file costs far less than a page: the pages decide whether
        # workers pay for themselves.
        rendered = parallel.render_pages(job, now, len(now) - len(pieces), started)
        for page, result in zip(now, rendered, strict=True):
            text = _placed(staging, renderer, everything, earlier, made, fresh, page, result)
            if page.template == AGREEMENT_DATA:
                array.add(text)
                rows.add(json.loads(text))
        array.close()
    with staging.stream(sheet) as sheet_file:
        first_row = exports.write_spreadsheet(sheet_file, register, context, renderer, places)
    sizes = {
        name: staging.stat(path).st_size
        for name, path in zip(files.STREAMED, (whole, table, sheet), strict=True)
    }
    data = files.data_files(renderer)
    data_page = files.data_page(renderer, data, sizes, first_row)
    done = _made_again(renderer, everything, kept, data_page)
    _placed(staging, renderer, everything, earlier, made, fresh, data_page, done)
    made.rendered = tuple(fresh)
    return [*planned, data_page], search_page, data


def _placed(
    staging: Staging,
    renderer: Renderer,
    everything: str,
    earlier: cache.Pages,
    made: _Made,
    fresh: list[str],
    page: Planned,
    result: _Rendered,
) -> str:
    """Put one page of step 3 in the staging folder: linked from the previous site when
    `result` says it is made from the same inputs (and the file there is the one its record
    names), else written (rendered now if it was not); what it was made from goes into
    `made`, its file into `fresh` when rendered. Returns its text."""
    relative = output_file(page.path)
    text, inputs, derived = result
    made.derived.update(derived)
    kept = earlier.pages.get(relative)
    if text is None and kept is not None:
        linked = _link_kept(staging, relative, kept, read=page.template == AGREEMENT_DATA)
        if linked is not None:
            made.pages[relative] = replace(kept, signature=linked[0])
            return linked[1]
        text, inputs, derived = _recorded(renderer, everything, page)  # the file changed
        made.derived.update(derived)
    assert text is not None
    fresh.append(relative)
    written = text.encode("utf-8")
    staging.write_bytes(relative, written)
    if inputs is not None:
        digest, lookups = inputs
        made.pages[relative] = cache.PageRecord(
            digest,
            len(written),
            _bytes(written),
            lookups,
            cache.signature(staging.stat(relative)),
        )
    return text


def _bytes(data: bytes) -> str:
    """The digest of a page's bytes, as its record keeps it."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _recorded(renderer: Renderer, everything: str, page: Planned) -> _Rendered:
    """A page rendered (in a worker), with the digest of what it was made from and the
    look-ups it made (None when one cannot be named again: every build renders it), and
    the look-ups of the derived look-ups this process made since its last page."""
    with renderer.lookups.recording() as recording:
        text = render_page(renderer, page)
    derived = renderer.lookups.take_used()
    if recording.made is None:
        return text, None, derived
    try:
        view = renderer.digests.of(page.context)
    except Untracked:
        return text, None, derived
    made = recording.made
    inputs = page_inputs(everything, page.path, page.template, view, made)
    return text, (inputs.hex(), tuple((name, key) for name, key, _ in made)), derived


_Rendered = tuple[
    str | None, tuple[str, tuple[Lookup, ...]] | None, dict[Lookup, tuple[Lookup, ...]]
]
"""A page's text (None when made from the same inputs as the previous site's), the digest
of its inputs with the look-ups it made, and the derived look-ups' own look-ups."""


def _made_again(
    renderer: Renderer, everything: str, earlier: Mapping[str, cache.PageRecord], page: Planned
) -> _Rendered:
    """In a worker: nothing when `page` is made from the same inputs as the page the last
    build made (the build links that), else the page rendered (`_recorded`)."""
    kept = earlier.get(output_file(page.path))
    if kept is not None and _same_inputs(renderer, everything, page, kept):
        return None, None, renderer.lookups.take_used()
    return _recorded(renderer, everything, page)


def _same_inputs(
    renderer: Renderer, everything: str, page: Planned, kept: cache.PageRecord
) -> bool:
    """Whether `page` is made from what its record (untrusted) says the last build made it
    from: the record names the look-ups it made, each is answered again now, and the digest
    of its global inputs, path, template, view and those answers is the one it keeps."""
    try:
        view = renderer.digests.of(page.context)
    except Untracked:
        return False
    made = []
    for name, key in kept.lookups:
        answer = renderer.lookups.answer(name, key)
        if answer is None:
            return False
        made.append((name, key, answer))
    return page_inputs(everything, page.path, page.template, view, made).hex() == kept.inputs


def _link_kept(
    staging: Staging, relative: str, kept: cache.PageRecord, *, read: bool = False
) -> tuple[cache.Signature, str] | None:
    """Link the previous site's file at `relative` if its bytes are those its record
    names, and return the signature of the file linked, with its text when `read` (an
    agreement's JSON file, which the open data is made from); None when it is not linked.
    A page that still has the signature its record keeps is the one the last build left,
    and is not read (reading back every page cost a large register most of a one-edit
    build); a file read is checked against the digest its record keeps."""
    linked: list[tuple[cache.Signature, str]] = []

    def same(info: os.stat_result, file: BinaryIO) -> bool:
        found = cache.signature(info)
        if found == kept.signature and not read:
            linked.append((found, ""))
            return True
        data = file.read(kept.size + 1)
        if not _holds(data, info, kept):
            return False
        try:
            linked.append((found, data.decode("utf-8")))
        except UnicodeDecodeError:  # bytes the record names, but not text: made again
            return False
        return True

    return linked[0] if staging.link_previous(relative, same) else None


def _holds(data: bytes, info: os.stat_result, kept: cache.PageRecord) -> bool:
    """Whether `data`, read from a file with the status `info`, are the bytes the page's
    record names."""
    return info.st_size == kept.size and _bytes(data) == kept.made


def _write_feeds(
    staging: Staging,
    renderer: Renderer,
    places: Sequence[exports.Place],
    templates: Path,
    earlier: cache.Pages,
    made: _Made,
) -> None:
    """Step 4, made while the workers render the pages: the full list's index, the static
    files, the feeds and the calendars, whose events the last build made are not made again
    (`earlier.events`, kept in `made.events`). (The files of /data/ made from each record's
    JSON file are written once the pages are.)"""
    staging.write_text(path_for("agreement_list"), files.agreement_list(renderer, places))
    staging.write_text("static/style.css", _stylesheet(templates))
    for asset in _assets(templates):
        staging.copy_file(path_for("static", asset.name), asset)
    calendars = files.calendar_files(renderer, earlier.events, made.events)
    for path, text in [*files.feed_files(renderer), *calendars]:
        staging.write_text(path, text)


def _write_search_and_sitemap(
    staging: Staging,
    renderer: Renderer,
    indexing: search.Indexing,
    search_page: Planned,
    pages: list[Planned],
) -> None:
    """Step 5, the search index once Pagefind is done (its bundles adopted into the site),
    the search page that names them, the sitemap and robots.txt."""
    for part, bundle in enumerate(_bundle(indexing)):
        for name in sorted(bundle):
            staging.adopt(path_for("search_bundle", name, part))
    searching = search_page.context
    assert isinstance(searching, SearchView)
    hiding = replace(searching, hidden=indexing.hidden, words=indexing.words)
    text = render_page(renderer, replace(search_page, context=hiding))
    staging.write_text(output_file(search_page.path), text)
    for path, text in files.sitemap_files(renderer, pages):
        staging.write_text(path, text)


def _remember(
    output: Path,
    cached: _Cache,
    written: tuple[str, ...],
    loaded: Loaded,
    found: tuple[Phrase, ...],
    as_of: dt.date,
    digests: Sequence[str],
) -> None:
    """Step 6, remembering: the build's record for the next build (which keeps this site
    when nothing changed). A build that cannot keep its record still built."""
    if not cached.caching:
        return
    with contextlib.suppress(OSError, cache.CacheIgnored):
        cache.remember(
            output,
            cached.key,
            written,
            loaded.diagnostics,
            found,
            as_of,
            digests,
            limit=cached.limit,
        )


def _remember_pages(output: Path, cached: _Cache, everything: str, made: _Made) -> None:
    """Keep what each page was made from for the next build (which renders only the pages
    whose inputs changed), unless it is what the last build kept."""
    if not cached.caching:
        return
    kept = made.kept(everything)
    if kept == cached.pages:
        return
    # A name the record cannot hold (ValueError) leaves the next build rendering everything.
    with contextlib.suppress(OSError, ValueError, cache.CacheIgnored):
        cache.store_pages(output, kept, limit=cached.limit)


def _untrusted(read: Callable[[], T], fallback: T, ignored: list[Phrase], key: str) -> T:
    """What `read` takes from the cache, or `fallback` when the cache cannot be trusted:
    why (`{reason}` in the phrase of `key`) is noted in `ignored`, and the build goes on
    without it, never fails."""
    try:
        return read()
    except cache.CacheIgnored as problem:
        ignored.append(phrase(key, reason=problem.said()))
        return fallback


def _cache_folder(output: Path, ignored: list[Phrase]) -> bool:
    """Whether the cache folder beside `output` may be used (absent, or a real folder
    outside the output); if not, the build runs without it."""

    def usable() -> bool:
        cache.check_folder(output)
        return True

    return _untrusted(
        usable,
        False,
        ignored,
        "build.cache_folder_was_not_used",
    )


def _last_build(output: Path, limit: int, ignored: list[Phrase]) -> cache.Record | None:
    """The record of the last build into `output`; without one the build does everything,
    and replaces it."""
    return _untrusted(
        lambda: cache.last_build(output, limit),
        None,
        ignored,
        "build.record_last_build_was_ignored",
    )


def _stored_conversions(
    output: Path, limit: int, ignored: list[Phrase]
) -> tuple[str, dict[str, markup.Stored] | None]:
    """The converter's digest and the conversions the last build into `output` kept with
    it; without them every body is converted, and the file replaced."""
    converter = cache.converter()
    return converter, _untrusted(
        lambda: cache.stored_conversions(output, converter, limit),
        None,
        ignored,
        "build.kept_conversions_bodies_were_ignored",
    )


def _stored_pages(output: Path, limit: int, ignored: list[Phrase]) -> cache.Pages:
    """What the last build into `output` made each page from; without it every page is
    rendered, and the file replaced."""
    return _untrusted(
        lambda: cache.stored_pages(output, limit),
        cache.Pages(),
        ignored,
        "build.record_pages_inputs_ignored",
    )


def _stored_changes(
    output: Path, converter: str, limit: int, ignored: list[Phrase]
) -> dict[Pair, tuple[Change, ...]] | None:
    """What pairs of versions of the records' files changed, as the last build into `output`
    kept it; without it the versions are read from git again, and the file replaced."""
    return _untrusted(
        lambda: cache.stored_changes(output, converter, limit),
        None,
        ignored,
        "build.kept_history_records_was_ignored",
    )


def _keep_changes(
    output: Path,
    converter: str,
    stored: Mapping[Pair, tuple[Change, ...]] | None,
    compared: Mapping[Pair, tuple[Change, ...]],
    limit: int,
) -> None:
    """Keep what pairs of versions changed for the next build, unless the last build kept
    the same."""
    read = {pair: changes for pair, changes in compared.items() if pair[0] not in (None, pair[1])}
    if read != stored:
        with contextlib.suppress(OSError, cache.CacheIgnored):  # the next build reads again
            cache.store_changes(output, converter, read, limit=limit)


def _bodies(register: Register) -> list[str]:
    """Every Markdown body of the register: its agreements', parties' and free pages'."""
    return [
        *(a.body for a in register.agreements.values()),
        *(p.body for p in register.parties.values()),
        *(p.body for p in register.pages.values()),
    ]


def _keep_conversions(
    output: Path,
    register: Register,
    converter: str,
    stored: Mapping[str, markup.Stored] | None,
    limit: int,
) -> None:
    """Keep the conversion of every body of the register for the next build, unless they
    are the ones the last build kept."""
    keeping = markup.to_store(_bodies(register))
    if keeping != stored:
        with contextlib.suppress(OSError, cache.CacheIgnored):  # the next build converts again
            cache.store_conversions(output, converter, keeping, limit=limit)


class _Searching:
    """The search index of the build: Pagefind indexing the register in the background,
    started (`start`) as soon as the page workers run, the longest job beside theirs. Its
    documents are made then, in this process, while they render (and never copied into
    them). It writes its bundles where the site has them, inside the staging folder, and
    its own files in a folder there that is removed however the build ends (`stop`). A
    part whose input the last build indexed is taken from the previous site."""

    def __init__(self, renderer: Renderer, staging: Staging, cached: _Cache) -> None:
        self._renderer, self._staging, self._cached = renderer, staging, cached
        self._indexing: search.Indexing | None = None
        self.places = province_pages(renderer.register)
        """The province pages (the index and the list's filter use them)."""

    def start(self) -> None:
        """Make the documents and start Pagefind on them (once)."""
        if self._indexing is not None:
            return
        renderer, staging, cached = self._renderer, self._staging, self._cached
        register, context = renderer.register, renderer.context
        documents = [
            *search_text.search_documents(register, context, describe=renderer.search_result),
            *search_text.party_documents(register, context, describe=renderer.party_result),
            *search_text.place_documents(self.places, context, describe=renderer.place_result),
        ]
        parts = search_bundles(len(register.agreements))
        scratch = staging.folder
        bundles = [
            scratch / Path(path_for("search_bundle", "-", part)).parent for part in range(parts)
        ]
        earlier = cache.earlier(cached.record) if cached.record is not None else None
        try:
            self._indexing = search.Indexing(
                documents, scratch, bundles, _bundles_of(staging, earlier)
            )
        except search.SearchIndexProblem as problem:
            raise TemplateProblem(str(problem)) from problem

    @property
    def indexing(self) -> search.Indexing:
        """The indexing, started if it was not."""
        self.start()
        assert self._indexing is not None
        return self._indexing

    def stop(self) -> None:
        """End Pagefind if it runs, and remove its own files."""
        if self._indexing is not None:
            self._indexing.stop()


@contextlib.contextmanager
def _searching(renderer: Renderer, staging: Staging, cached: _Cache) -> Iterator[_Searching]:
    """The build's search index (`_Searching`), stopped however the build ends."""
    searching = _Searching(renderer, staging, cached)
    try:
        yield searching
    finally:
        searching.stop()


def _bundles_of(
    staging: Staging, earlier: cache.Earlier | None
) -> Callable[[int, str, Path], bool] | None:
    """How a part of the search index is taken from the previous site when the last build
    made it from the same input: its files, as that build left them (same size and time,
    one link each, reached through real folders: `Staging.previous`), are linked into the
    new bundle."""
    if earlier is None:
        return None

    def reuse(part: int, digest: str, bundle: Path) -> bool:
        if part >= len(earlier.search) or earlier.search[part] != digest:
            return False
        prefix = Path(path_for("search_bundle", "-", part)).parent.as_posix() + "/"
        files = sorted(path for path in earlier.files if path.startswith(prefix))
        for relative in files:
            old, new = staging.previous(relative), bundle / relative.removeprefix(prefix)
            new.parent.mkdir(parents=True, exist_ok=True)
            kept = functools.partial(_as_left, earlier.files[relative])
            if old is None or not link_file(old, new, kept):
                shutil.rmtree(bundle, ignore_errors=True)  # Pagefind writes it afresh
                return False
        return bool(files)

    return reuse


def _as_left(kept: tuple[int, int], info: os.stat_result, _: object) -> bool:
    """Whether a file is as the last build left it: same size and modification time."""
    return (info.st_size, info.st_mtime_ns) == kept


def _bundle(indexing: search.Indexing) -> list[dict[str, Path]]:
    """The Pagefind bundles (/search/pagefind/, then any later parts), once indexed."""
    try:
        return indexing.files()
    except search.SearchIndexProblem as problem:
        raise TemplateProblem(str(problem)) from problem


def render_page(renderer: Renderer, page: Planned) -> str:
    """One page as a build renders it (an agreement's JSON file: as the exporter writes
    it)."""
    if page.template == AGREEMENT_DATA:
        assert isinstance(page.context, AgreementData)
        return renderer.agreement_json(page.context.agreement)
    return renderer.render(page.template, page.path, page.context.names())


def _stylesheet(templates: Path) -> str:
    """The site's one CSS file: the hand-written rules, then Pygments' token colours."""
    try:
        own = (templates / "static" / "style.css").read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateProblem(f"cannot read the stylesheet: {error}") from error
    return (
        own.rstrip("\n")
        + "\n\n/* Front matter highlighting (Pygments) */\n"
        + markup.pygments_css()
    )


def _assets(templates: Path) -> list[Path]:
    """Static files copied as they are (the stylesheet is assembled on its own)."""
    folder = templates / "static"
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "style.css")


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _describe(error: jinja2.TemplateError) -> str:
    """The template file and line a Jinja error comes from, with its message."""
    where = ""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = f"{error.filename or error.name}:{error.lineno}: "
    else:
        # Jinja rewrites tracebacks so that template frames carry the template's file.
        frames = traceback.extract_tb(error.__traceback__)
        inside = [f for f in frames if f.filename.endswith((".html", ".xml", ".txt"))]
        if inside:
            where = f"{inside[-1].filename}:{inside[-1].lineno}: "
    return f"{where}{type(error).__name__}: {error.message or error}"
