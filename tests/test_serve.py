"""`agreements serve`: a real preview process, fetched over HTTP while its files change."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

import pytest
from bs4 import BeautifulSoup

from generator.core.diagnostics import Diagnostic, Severity
from generator.editing.serve import RELOAD_PATH, Failure, Settings, error_page, inject_reload
from generator.editing.serve import Preview as ServePreview
from tests.conftest import MINIMAL, REPO, build_site

T = TypeVar("T")
AGREEMENT = Path("agreements") / "quy-che-nghe-an.md"
TITLE = "Quy chế phối hợp giữa UBND tỉnh Nghệ An và Liên đoàn Lao động tỉnh"
TIMEOUT = 20.0


def _poll(check: Callable[[], T | None], what: str, timeout: float = TIMEOUT) -> T:
    """Call `check` until it returns something true, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _fetch(url: str) -> tuple[int, str, str]:
    """Status, final URL and text of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.url, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, url, error.read().decode("utf-8")


@dataclass
class Preview:
    """A running `agreements serve` and what it printed so far."""

    process: subprocess.Popen[str]
    content: Path
    temp: Path
    """The TMPDIR the process builds in: its `agreements-serve-*` folder goes there."""
    address: str = ""
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def page(self, path: str = "") -> tuple[int, str]:
        """Status and text of a page under the site's address."""
        status, _, text = _fetch(self.address + path)
        return status, text

    def edit(self, relative: Path, old: str, new: str) -> None:
        """Replace text in a content file, as an editor saving it would."""
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def close(self) -> None:
        """Stop the process if it still runs (killed only if it hangs), then close its output."""
        if self.process.poll() is None:
            try:
                self.stop(signal.SIGTERM)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=TIMEOUT)
        for reader in self.readers:
            reader.join(timeout=TIMEOUT)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Press Ctrl-C (or send another signal) and wait for the exit status."""
        os.killpg(self.process.pid, signum)
        return self.process.wait(timeout=TIMEOUT)

    def socket_address(self) -> tuple[str, int]:
        """The host and port the preview listens on."""
        host, port = self.address.removeprefix("http://").split("/", 1)[0].split(":")
        return host, int(port)

    def path(self, relative: str = "") -> str:
        """The request path of `relative` under the site's base path."""
        return "/" + self.address.split("/", 3)[3] + relative

    def leftovers(self) -> list[Path]:
        """The temporary folders of `agreements serve` in the process's TMPDIR."""
        return sorted(self.temp.glob("agreements-serve-*"))


def _collect(stream: IO[str], lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def _start(tmp_path: Path, *extra: str) -> Preview:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    # Its own TMPDIR, so that a temporary folder left behind is seen, and never in /tmp.
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", "content", "--port", "0"]
        + ["--as-of", "2024-06-01", *extra],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temp)},
        start_new_session=True,
    )
    preview = Preview(process, content, temp)
    for stream, lines in ((process.stdout, preview.out), (process.stderr, preview.err)):
        reader = threading.Thread(target=_collect, args=(stream, lines), daemon=True)
        reader.start()
        preview.readers.append(reader)
    return preview


def _wait_for_address(preview: Preview) -> None:
    """Read the address the preview prints once its first build is served."""
    pattern = re.compile(r"serving 'content' at (http://127\.0\.0\.1:\d+/\S*)")

    def address() -> str | None:
        found = [m.group(1) for line in preview.out if (m := pattern.search(line))]
        assert preview.process.poll() is None, preview.err
        return found[0] if found else None

    preview.address = _poll(address, "the address")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Preview]]:
    """A factory of preview processes on a copy of the minimal content, stopped at the end."""
    started: list[Preview] = []

    def make(*extra: str) -> Preview:
        started.append(_start(tmp_path, *extra))
        _wait_for_address(started[-1])
        return started[-1]

    yield make
    for preview in started:
        preview.close()
    assert not [p for preview in started for p in preview.leftovers()]


def test_pages_are_served_with_the_reload_script(start: Callable[..., Preview]) -> None:
    """The home page and an agreement page are served, each with the live-reload script."""
    preview = start()
    status, home = preview.page()
    assert status == 200 and "<h1" in home
    status, text = preview.page("agreements/quy-che-nghe-an/")
    soup = BeautifulSoup(text, "html.parser")
    assert status == 200
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == TITLE
    scripts = [s.get_text() for s in soup.find_all("script")]
    assert any(RELOAD_PATH in s and "EventSource" in s for s in scripts)
    assert text.rstrip().endswith("</script>\n</body>\n</html>")


def test_the_site_is_served_under_its_base_path(start: Callable[..., Preview]) -> None:
    """With --base-url /register/, '/' leads to /register/ and page links carry the prefix."""
    preview = start("--base-url", "/register/")
    assert preview.address.endswith("/register/")
    root = preview.address.removesuffix("register/")
    status, url, text = _fetch(root)
    assert (status, url) == (200, preview.address)
    links = [a["href"] for a in BeautifulSoup(text, "html.parser").find_all("a", href=True)]
    assert "/register/agreements/quy-che-nghe-an/" in links
    assert _fetch(root + "agreements/quy-che-nghe-an/")[0] == 404
    assert preview.page("agreements/quy-che-nghe-an/")[0] == 200


def test_edits_errors_and_fixes_reach_the_browser(start: Callable[..., Preview]) -> None:
    """An edit shows up, a broken file turns every page into the errors, a fix brings it back."""
    preview = start()
    page = "agreements/quy-che-nghe-an/"
    preview.edit(AGREEMENT, f"title: {TITLE}", "title: Quy chế đã sửa tên")
    _poll(lambda: "Quy chế đã sửa tên" in preview.page(page)[1], "the edited title")

    preview.edit(AGREEMENT, "kind: regulation", "kind: chương trình")
    where = "content/agreements/quy-che-nghe-an.md:3"
    status, text = _poll(
        lambda: (result := preview.page(page))[0] == 500 and result, "the error page"
    )
    soup = BeautifulSoup(text, "html.parser")
    assert soup.html is not None and soup.html["lang"] == "vi"
    assert (
        where in soup.get_text()
        and "'chương trình' không phải giá trị được phép" in soup.get_text()
    )
    assert "EventSource" in text  # the error page reloads itself after the fix
    assert preview.page()[0] == 500  # every page, not only the broken one
    _poll(lambda: any(line.startswith(f"{where}: kind: ") for line in preview.err), "stderr")

    preview.edit(AGREEMENT, "kind: chương trình", "kind: regulation")
    status, text = _poll(lambda: (result := preview.page(page))[0] == 200 and result, "the fix")
    assert "Quy chế đã sửa tên" in text


def test_a_rebuild_links_what_did_not_change(start: Callable[..., Preview]) -> None:
    """After an edit the preview is built whole, but a file it makes with the same bytes
    as before is the same file (linked from the previous preview), and the edit is in."""
    preview = start()
    [folder] = preview.leftovers()
    guide, edited = folder / "site" / "guide" / "index.html", "agreements/quy-che-nghe-an/"
    before = guide.stat().st_ino
    preview.edit(AGREEMENT, f"title: {TITLE}", "title: Quy chế đã sửa tên")
    _poll(lambda: "Quy chế đã sửa tên" in preview.page(edited)[1], "the edited title")
    _poll(lambda: sum(" built " in line for line in preview.out) == 2 or None, "the rebuild")
    assert guide.stat().st_ino == before
    assert guide.stat().st_nlink == 1
    # It keeps its conversions in memory: none are read from or written to disk (what each
    # page was made from is kept there, so that a rebuild renders only the pages it changes).
    kept = sorted(p.name.split("-")[0] for p in (folder / ".agreements-cache").iterdir())
    assert kept == ["build", "pages"]


def test_the_reload_stream_announces_each_build(start: Callable[..., Preview]) -> None:
    """/__reload sends the current build at once, then a new one after a change is built."""
    preview = start()
    origin = preview.address.removesuffix("/")
    with urllib.request.urlopen(origin + RELOAD_PATH, timeout=TIMEOUT) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        first = stream.readline().decode()
        assert first.startswith("data: ") and stream.readline() == b"\n"
        preview.edit(AGREEMENT, "Hai bên phối hợp", "Hai bên cùng phối hợp")
        second = stream.readline().decode()
    assert second.startswith("data: ") and second != first


def test_ctrl_c_stops_cleanly(start: Callable[..., Preview]) -> None:
    """SIGINT, even with a page's reload stream open, exits 0 with one line and no traceback."""
    preview = start()
    origin = preview.address.removesuffix("/")
    with urllib.request.urlopen(origin + RELOAD_PATH, timeout=TIMEOUT) as stream:
        stream.readline()
        assert preview.stop() == 0
    _poll(lambda: preview.out and preview.out[-1] == "agreements serve: stopped\n", "stop line")
    assert "Traceback" not in "".join(preview.err)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopping_removes_the_temporary_folder(start: Callable[..., Preview], signum: int) -> None:
    """After Ctrl-C or SIGTERM the process exits 0 and its agreements-serve-* folder is gone."""
    preview = start()
    assert len(preview.leftovers()) == 1  # where the site is built while serving
    assert preview.stop(signum) == 0
    assert preview.leftovers() == []
    assert "Traceback" not in "".join(preview.err)


def test_signals_during_the_stop_still_remove_the_temporary_folder(
    start: Callable[..., Preview],
) -> None:
    """SIGTERM sent again and again while the preview stops cannot leave its folder behind."""
    preview = start()
    deadline = time.monotonic() + TIMEOUT
    while preview.process.poll() is None and time.monotonic() < deadline:
        os.killpg(preview.process.pid, signal.SIGTERM)
        time.sleep(0.002)
    preview.process.wait(timeout=TIMEOUT)
    assert preview.leftovers() == []


def _raw_status(preview: Preview, path: str) -> int:
    """The status of a GET of `path` sent as is, without urllib quoting or normalising it."""
    connection = http.client.HTTPConnection(*preview.socket_address(), timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_impossible_file_name_is_not_found(start: Callable[..., Preview]) -> None:
    """A 256-byte path segment or a NUL byte is a 404 page, not a dropped connection."""
    preview = start()
    long = "a" * 256
    for path in (f"{long}/", long, f"agreements/{long}/", f"{long}.html", f"{long}.css"):
        assert _raw_status(preview, preview.path(path)) == 404, path
    assert _raw_status(preview, preview.path("%00/")) == 404
    assert preview.page()[0] == 200
    assert "Traceback" not in "".join(preview.err)


def test_a_burst_of_requests_is_answered(start: Callable[..., Preview]) -> None:
    """Bursts of 200 requests at once are all answered: the listen queue drops none."""
    preview = start()
    count = 200

    def fetch(ready: threading.Barrier) -> int | str:
        ready.wait(timeout=TIMEOUT)
        try:
            # The system retries a dropped connection 1 s later, then 2 s after that.
            with urllib.request.urlopen(preview.address, timeout=3) as response:
                response.read()
                return response.status
        except OSError as error:
            return repr(error)

    with ThreadPoolExecutor(count) as pool:
        for _ in range(3):  # how many connections a full queue drops varies: try a few times
            ready = threading.Barrier(count)
            statuses = list(pool.map(fetch, [ready] * count))
            failed = [s for s in statuses if s != 200]
            assert not failed, f"{len(failed)} of {count} failed, e.g. {failed[0]}"


def test_clients_that_go_away_are_not_errors(start: Callable[..., Preview]) -> None:
    """Clients closing or resetting mid-response print nothing, and the preview carries on."""
    preview = start()
    host, port = preview.socket_address()
    paths = [preview.path(p) for p in ("", "guide/", "search/pagefind/wasm.unknown.pagefind")]
    for attempt in range(150):
        with socket.create_connection((host, port), timeout=TIMEOUT) as client:
            path = paths[attempt % len(paths)]
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            if attempt % 2:
                # Closed with a reset (SO_LINGER 0), as a browser tab closing can do.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(1.0)  # the server's threads finish with the closed connections
    assert preview.page()[0] == 200
    err = "".join(preview.err)
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err


def test_a_taken_port_is_a_usage_error(tmp_path: Path) -> None:
    """A port another program listens on exits 2 naming the port, before building anything."""
    shutil.copytree(MINIMAL, tmp_path / "content")
    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--content", "content"]
            + ["--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temp)},
            timeout=TIMEOUT,
            check=False,
        )
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(temp.glob("agreements-serve-*"))


def test_the_script_goes_before_the_end_of_the_body() -> None:
    """HTML gets the script right before its last </body>, in any letter case."""
    page = b"<html><body><p>x</p></BODY></html>"
    injected = inject_reload(page, "text/html; charset=utf-8", "abc-1")
    before, after = injected.split(b"</BODY>")
    assert before.startswith(b"<html><body><p>x</p><script>") and before.endswith(b"</script>\n")
    assert b'const seen = "abc-1";' in before and after == b"</html>"


def test_other_responses_are_left_alone() -> None:
    """CSS, JSON and the like come back byte for byte; HTML without </body> gets it at the end."""
    css = b"body { color: red } </body>"
    assert inject_reload(css, "text/css", "abc-1") == css
    assert inject_reload(b"{}", "application/json", "abc-1") == b"{}"
    assert inject_reload(b"<p>x</p>", "text/html", "abc-1").startswith(b"<p>x</p><script>")


def test_built_files_have_no_reload_script(tmp_path: Path) -> None:
    """`build` writes no live-reload script: it is added while serving only."""
    build_site(MINIMAL, tmp_path / "site")
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    assert not [p for p in pages if RELOAD_PATH in p.read_text(encoding="utf-8")]


def test_the_error_page_escapes_what_the_content_says() -> None:
    """Markup in a diagnostic is shown as text, with Vietnamese labels for error and warning."""
    problems = [
        Diagnostic("content/a.md", 4, "title", "<script>alert(1)</script> is bad", "text"),
        Diagnostic("content/b.md", None, "sources", "no sources", "one", Severity.WARNING),
    ]
    html = error_page(Failure(problems))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and "&lt;script&gt;alert(1)" in html
    items = [li.get_text(" ", strip=True) for li in soup.find_all("li")]
    assert items[0].startswith("Lỗi: content/a.md:4: title:")
    assert items[1].startswith("Cảnh báo: content/b.md: sources:")


def test_a_body_edit_shows_its_page_before_the_rest_is_built(
    start: Callable[..., Preview],
) -> None:
    """An edit of a body takes the quick way (its page first, said on the terminal); an
    edit of the front matter builds the whole site, as before."""
    preview = start()
    page = "agreements/quy-che-nghe-an/"
    preview.edit(AGREEMENT, "Hai bên phối hợp", "Hai bên cùng phối hợp")
    _poll(lambda: "Hai bên cùng phối hợp" in preview.page(page)[1], "the edited body")
    quick = "quy-che-nghe-an.md: its page shows the edit; building the rest"
    _poll(lambda: any(quick in line for line in preview.out), "the quick line")
    preview.edit(AGREEMENT, f"title: {TITLE}", "title: Quy chế đã sửa tên")
    _poll(lambda: "Quy chế đã sửa tên" in preview.page(page)[1], "the edited title")
    _poll(lambda: sum("building the rest" in line for line in preview.out) == 1 or None, "once")


def test_the_quick_page_is_the_one_page_rendered(tmp_path: Path) -> None:
    """In-process: the quick way rewrites the edited agreement's page only (its open-data
    record waits for the full build) and announces a new version; it declines a front
    matter edit, another file and a site that shows errors."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(content, dt.date(2024, 6, 1), None, None, out, err)
    preview = ServePreview(settings, tmp_path / "site")
    preview.rebuild()
    site = tmp_path / "site"
    record = (site / "agreements" / "quy-che-nghe-an.json").read_text(encoding="utf-8")
    source = content / AGREEMENT
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Hai bên phối hợp", "Hai bên cùng phối hợp"), "utf-8")
    version = preview.version
    assert preview.quick(source)
    assert preview.version != version
    html = (site / "agreements" / "quy-che-nghe-an" / "index.html").read_text(encoding="utf-8")
    assert "Hai bên cùng phối hợp" in html
    assert (site / "agreements" / "quy-che-nghe-an.json").read_text(encoding="utf-8") == record
    # The same page from a full build is the same bytes.
    preview.rebuild()
    assert (site / "agreements" / "quy-che-nghe-an" / "index.html").read_text("utf-8") == html
    source.write_text(text.replace("kind: regulation", "kind: program"), encoding="utf-8")
    assert not preview.quick(source)
    assert not preview.quick(content / "parties" / sorted(os.listdir(content / "parties"))[0])
    assert not preview.quick(content / "agreements" / "khong-co.md")
    preview.failure_html = b"errors"
    assert not preview.quick(source)
