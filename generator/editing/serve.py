"""`agreements serve`: a local preview that rebuilds when the content or templates change.

The site is built with `build()` into a temporary folder (never `site/`) and served on
127.0.0.1 under its own base path, so links behave exactly as they will when published.
A small script, added to HTML responses while serving and never written to the built
files, reloads the open page after each rebuild. When a build fails, every page shows
the problems instead of a stale site, and the next good save brings the site back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import io
import json
import os
import secrets
import signal
import socket
import socketserver
import stat
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit

import jinja2
import watchfiles
import yaml

from generator.content.sources import read_markdown_file
from generator.core import diagnostics
from generator.core.diagnostics import Collector, Diagnostic, Severity
from generator.core.interface import TEMPLATES, MissingStrings, load_strings
from generator.core.messages import Phrase, phrase
from generator.core.model import SiteConfig
from generator.core.urls import output_file
from generator.publish.build import Built, TemplateProblem, build, render_page
from generator.site.pages import agreement_page

HOST = "127.0.0.1"
"""Loopback only: the preview is for the person at this computer."""
RELOAD_PATH = "/__reload"
"""The Server-Sent Events stream that announces each finished build."""
_KEEPALIVE_SECONDS = 15.0
_FIRST_WAIT_MS = 100
_SCRIPT = """<script>
(() => {{
  const seen = {version};
  new EventSource({endpoint}).onmessage = (event) => {{
    if (event.data !== seen) location.reload();
  }};
}})();
</script>
"""


def reload_script(version: str) -> str:
    """The script that reloads a page served at build `version` once another build is done."""
    return _SCRIPT.format(version=json.dumps(version), endpoint=json.dumps(RELOAD_PATH))


def inject_reload(body: bytes, content_type: str, version: str) -> bytes:
    """Add the reload script before `</body>` of an HTML response; return anything else as is."""
    if content_type.split(";")[0].strip().lower() != "text/html":
        return body
    script = reload_script(version).encode("utf-8")
    end = body.lower().rfind(b"</body>")
    if end < 0:
        return body + script
    return body[:end] + script + body[end:]


@dataclass(frozen=True)
class Failure:
    """Why the last build wrote nothing: content problems, or a template or program error."""

    problems: list[Diagnostic] = field(default_factory=list)
    """Every diagnostic of the content, sorted by file and line."""
    other: str = ""
    """A template problem or an unexpected error, as one message."""
    kind: str = "template"
    """`template` or `internal`: which heading the error page gives `other`."""


def error_page(
    failure: Failure, templates: Path = TEMPLATES, language: str = SiteConfig.language
) -> str:
    """The HTML page that lists a failed build's problems, escaped, in the interface language
    (site.yaml's `language`; Vietnamese when site.yaml could not be read)."""
    try:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        strings = load_strings(templates, language)["preview"]
        return environment.get_template("preview/error.html").render(
            t=strings,
            language=language,
            failure=failure,
            problems=[_problem(d, language) for d in failure.problems],
        )
    except (
        jinja2.TemplateError,
        MissingStrings,
        OSError,
        yaml.YAMLError,
        KeyError,
        TypeError,
    ) as error:
        # The templates are being edited too: fall back to the bare facts.
        lines = [diagnostics.format_text(d, language) for d in failure.problems]
        lines += [failure.other, f"templates/preview/error.html: {error}"]
        text = escape("\n".join(line for line in lines if line))
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8">'
            f"<title>agreements serve</title></head>\n<body><pre>{text}</pre></body>\n</html>\n"
        )


def _problem(diagnostic: Diagnostic, language: str) -> dict[str, object]:
    location = (
        diagnostic.path if diagnostic.line is None else f"{diagnostic.path}:{diagnostic.line}"
    )
    message, expected = diagnostic.text(language)
    return {
        "location": location,
        "field": diagnostic.field,
        "message": message,
        "expected": expected,
        "warning": diagnostic.severity is Severity.WARNING,
    }


@dataclass(frozen=True)
class Settings:
    """What to build and where to report, fixed for the whole preview."""

    content: Path
    """The content folder watched and built."""
    today: dt.date
    """The caller's clock, read once when the preview starts."""
    as_of: dt.date | None
    """The as-of date given on the command line, if any."""
    base_url: str | None
    """The base URL given on the command line, if any."""
    out: TextIO
    """Where progress lines go."""
    err: TextIO
    """Where problems go."""
    templates: Path = TEMPLATES
    """The templates built with, watched like the content."""
    language: str = "vi"
    """The language of the terminal's messages (`--lang`)."""


class Preview:
    """The latest build, shared by the watcher (which rebuilds) and the server's threads."""

    def __init__(
        self, settings: Settings, output: Path, stopping: threading.Event | None = None
    ) -> None:
        """Prepare to build into `output`, until `stopping` is set; nothing is built yet."""
        self.settings = settings
        self.output = output
        self.prefix = "/"
        self.failure_html: bytes | None = None
        self.stopping = stopping or threading.Event()
        self._changed = threading.Condition()
        # A fresh token per process, so a page from an earlier run reloads too.
        self._token = secrets.token_hex(4)
        self._count = 0
        self._last: Built | None = None
        """The last build that wrote the site being served."""

    @property
    def version(self) -> str:
        """Which build the served pages come from."""
        return f"{self._token}-{self._count}"

    def rebuild(self) -> None:
        """Build the site; on failure, report in the terminal and make every page the errors."""
        started = time.perf_counter()
        built, failure = self._build()
        problems = built.loaded.diagnostics if built else []
        terminal = self.settings.language
        for diagnostic in problems:
            print(diagnostics.format_text(diagnostic, terminal), file=self.settings.err)
        if problems:
            summary = diagnostics.summary(problems, terminal)
            print(f"agreements serve: {summary}", file=self.settings.err)
        context = built.loaded.context if built is not None else None
        if built is not None and built.written:
            assert context is not None
            self._last = built
            self._publish(None, context.urls.prefix)
            pages = sum(1 for name in built.written if name.endswith(".html"))
            seconds = time.perf_counter() - started
            built_line = phrase(
                "serve.built_pages_seconds_s",
                pages=diagnostics.plural(pages, "page"),
                count=pages,
                seconds=f"{seconds:.2f}",
                comma=f"{seconds:.2f}".replace(".", ","),
            )
            self._say(built_line, self.settings.out)
            return
        failure = failure or Failure(problems)
        if failure.other:
            error = phrase("serve.error_other", other=failure.other)
            self._say(error, self.settings.err)
        self._say(
            phrase(
                "serve.site_was_not_rebuilt_browser",
            ),
            self.settings.err,
        )
        language = context.config.language if context is not None else SiteConfig.language
        self._publish(error_page(failure, self.settings.templates, language).encode("utf-8"))

    def quick(self, path: Path) -> bool:
        """Show an edit of one agreement's body at once: render its page alone, from the
        last build with the new body, and reload the browser; the whole site is built
        right after. False (nothing done) for anything else: a new, removed or unreadable
        file, a change to the front matter, or a site showing errors."""
        last = self._last
        if last is None or last.renderer is None or self.failure_html is not None:
            return False
        register = last.renderer.register
        old = register.agreements.get(path.stem)  # a slug is its file's name
        try:
            if old is None or Path(old.origin.path).resolve() != path.resolve():
                return False
        except (OSError, RuntimeError):
            return False
        collector = Collector(old.origin.path)
        source = read_markdown_file(path, "agreements", old.slug, collector)
        if source is None or collector.found or source.front_matter != old.origin.front_matter:
            return False
        edited = replace(old, body=source.body)
        renderer = last.renderer
        renderer.use_register(
            replace(register, agreements={**register.agreements, old.slug: edited})
        )
        page = agreement_page(renderer.register, edited)
        target = self.output / output_file(page.path)
        text = render_page(renderer, page)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
        self._publish(None)
        return True

    def _say(self, line: Phrase, stream: TextIO) -> None:
        """One line of the preview's own, in the language of the messages."""
        print(f"agreements serve: {line.say(self.settings.language)}", file=stream, flush=True)

    def _build(self) -> tuple[Built | None, Failure | None]:
        settings = self.settings
        try:
            built = build(
                settings.content,
                self.output,
                today=settings.today,
                as_of=settings.as_of,
                base_url=settings.base_url,
                templates=settings.templates,
                publishing=False,  # a preview shows a new file, template text and all
                # Each rebuild follows a change, and is rendered whole (the preview renders
                # an edited page with its renderer); it links what did not change from the
                # preview before it and keeps the search parts whose input is the same.
                keep=False,
            )
        except TemplateProblem as problem:
            return None, Failure(other=str(problem))
        except Exception as error:
            # A bug in the generator: keep previewing, and give the developer the traceback.
            traceback.print_exc(file=self.settings.err)
            return None, Failure(other=f"{type(error).__name__}: {error}", kind="internal")
        return built, None

    def _publish(self, failure_html: bytes | None, prefix: str | None = None) -> None:
        with self._changed:
            self.failure_html = failure_html
            self.prefix = prefix or self.prefix
            self._count += 1
            self._changed.notify_all()

    def snapshot(self) -> tuple[str, str, bytes | None]:
        """The version, base path and error page (None when the site is current), together."""
        with self._changed:
            return self.version, self.prefix, self.failure_html

    def wait_for_change(self, version: str | None, timeout: float) -> str:
        """The current version once it differs from `version`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.version != version or self.stopping.is_set(), timeout
            )
            return self.version

    def stop(self) -> None:
        """Tell the watcher and every open reload stream to finish."""
        with self._changed:
            self.stopping.set()
            self._changed.notify_all()


def _is_page(path: str) -> bool:
    """Whether a request path asks for an HTML page rather than a stylesheet or a file."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def _kind(path: Path) -> str | None:
    """`dir` or `file` for what `path` is now; None if it cannot be, whatever the reason."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        # Not only missing: a request can name a file the system cannot even look up
        # (a 256-byte segment, a NUL byte, a symlink loop); all of them are not found.
        return None
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else None


# What socketserver hands a handler: a TCP socket (or a datagram and its socket).
_Request = socket.socket | tuple[bytes, socket.socket]


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview's output folder under the site's base path, with live reload."""

    preview: Preview
    """Set on the subclass that `make_server` creates."""
    _version = ""

    def __init__(
        self, request: _Request, client_address: Any, server: socketserver.BaseServer
    ) -> None:
        """Serve files from the preview's output folder."""
        super().__init__(request, client_address, server, directory=str(self.preview.output))

    def do_GET(self) -> None:
        """A reload stream, or a page or file as `send_head` decides."""
        if urlsplit(self.path).path == RELOAD_PATH:
            self._events()
        else:
            super().do_GET()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Like the standard handler, but pages carry the reload script and failures win."""
        path = urlsplit(self.path).path
        # The version is read before any file: a page is never older than the build it
        # names, so the reload script cannot miss a newer build.
        self._version, prefix, failure = self.preview.snapshot()
        if not path.startswith(prefix):
            if path == "/":
                self._redirect(prefix)
                return None
            return self._not_found()
        if failure is not None and _is_page(path):
            # 500: the page asked for could not be produced; the body says why.
            return self._page(500, failure)
        local = Path(self.translate_path(self.path))
        kind = _kind(local)
        if kind == "dir":
            if not path.endswith("/"):
                return super().send_head()  # the standard redirect to the folder's 'x/'
            local = local / "index.html"
            kind = _kind(local)
        if kind != "file":
            return self._not_found()
        if local.suffix == ".html":
            try:
                html = local.read_bytes()
            except OSError:  # replaced by a build in between
                return self._not_found()
            return self._page(200, html)
        return super().send_head()  # opens the file, and answers 404 if it cannot

    def translate_path(self, path: str) -> str:
        """The file for a request path under the base path (the standard checks apply)."""
        prefix = self.preview.prefix
        inside = urlsplit(path).path
        if inside.startswith(prefix):
            inside = inside[len(prefix) - 1 :]
        return super().translate_path(inside)

    def end_headers(self) -> None:
        """Never let the browser keep a preview response: the next build replaces it."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build results, not one line per request."""

    def _page(self, status: int, html: bytes) -> io.BytesIO:
        body = inject_reload(html, "text/html", self._version)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_found(self) -> io.BytesIO:
        try:
            html = (Path(self.preview.output) / "404.html").read_bytes()
        except OSError:  # not built (yet), or being replaced
            html = b"<!DOCTYPE html><title>404</title>"
        return self._page(404, html)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self) -> None:
        """Server-Sent Events: the current version now, then each new one, until stopped."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        sent: str | None = None
        try:
            while not self.preview.stopping.is_set():
                version = self.preview.wait_for_change(sent, _KEEPALIVE_SECONDS)
                # A comment line keeps proxies from timing out and finds closed pages.
                line = ": keep-alive" if version == sent else f"data: {version}"
                self.wfile.write(f"{line}\n\n".encode())
                self.wfile.flush()
                sent = version
        except (BrokenPipeError, ConnectionResetError):
            pass


class PreviewServer(http.server.ThreadingHTTPServer):
    """One thread per request, a listen queue that takes a burst, and quiet client exits."""

    # socketserver's default of 5 drops connections when a page and its files (or a
    # link checker) arrive at once; the system caps this at its own limit anyway.
    request_queue_size = max(socket.SOMAXCONN, 128)

    def handle_error(self, request: _Request, client_address: Any) -> None:
        """Report an unexpected error, but not a client that closed or reset its connection."""
        if isinstance(sys.exception(), ConnectionError):  # BrokenPipe, ConnectionReset...
            return
        super().handle_error(request, client_address)


class PortUnavailable(Exception):
    """The port cannot be listened on (taken by another program, or reserved)."""


def make_server(preview: Preview, port: int) -> PreviewServer:
    """A server bound to 127.0.0.1:`port` (0 picks a free port)."""
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"preview": preview})
    try:
        return PreviewServer((HOST, port), handler)
    except OSError as error:
        raise PortUnavailable(
            f"cannot listen on {HOST}:{port}: {error.strerror or error}"
        ) from None


@contextlib.contextmanager
def _stop_on_signals(stopping: threading.Event) -> Iterator[None]:
    """Turn Ctrl-C (SIGINT) and SIGTERM into setting `stopping`, instead of an abrupt exit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _watch(preview: Preview, folders: list[Path], started: Callable[[], None]) -> None:
    """Build once the watcher runs, then after each batch of changes, until the preview stops."""
    first = True
    # Timeouts are yielded (as empty sets) so that the first build starts as soon as the
    # watcher does: a change saved during that build is then caught, not lost.
    for changes in watchfiles.watch(
        *folders, stop_event=preview.stopping, yield_on_timeout=True, rust_timeout=_FIRST_WAIT_MS
    ):
        if first:
            first = False
            preview.rebuild()
            started()
        elif changes:
            names = sorted({Path(path).name for _, path in changes})
            shown = ", ".join(names[:3])
            more = len(names) - 3
            changed = (
                phrase(
                    "serve.shown_more_more_changed_rebuilding",
                    shown=shown,
                    more=more,
                )
                if more > 0
                else phrase("serve.shown_changed_rebuilding", shown=shown)
            )
            preview._say(changed, preview.settings.out)
            edited = [Path(path) for kind, path in changes if kind == watchfiles.Change.modified]
            if len(changes) == 1 and len(edited) == 1 and preview.quick(edited[0]):
                preview._say(
                    phrase(
                        "serve.name_page_shows_edit_building",
                        name=edited[0].name,
                    ),
                    preview.settings.out,
                )
            preview.rebuild()


def serve(settings: Settings, port: int) -> None:
    """Build, serve and rebuild on change until Ctrl-C or SIGTERM."""
    stopping = threading.Event()
    # The signals are caught until the temporary folder is removed: a second Ctrl-C or
    # SIGTERM while stopping would otherwise leave it behind.
    with (
        _stop_on_signals(stopping),
        tempfile.TemporaryDirectory(prefix="agreements-serve-") as folder,
    ):
        preview = Preview(settings, Path(folder) / "site", stopping)
        with make_server(preview, port) as server:
            thread = threading.Thread(target=server.serve_forever, daemon=True)

            def started() -> None:
                thread.start()
                address = f"http://{HOST}:{server.server_address[1]}{preview.prefix}"
                preview._say(
                    phrase(
                        "serve.serving_content_address_ctrl_c",
                        content=settings.content,
                        address=address,
                    ),
                    settings.out,
                )

            try:
                _watch(preview, [settings.content, settings.templates], started)
            finally:
                preview.stop()
                if thread.is_alive():
                    server.shutdown()
    stopped = phrase("serve.stopped").say(settings.language)
    print(f"agreements serve: {stopped}", file=settings.out, flush=True)
