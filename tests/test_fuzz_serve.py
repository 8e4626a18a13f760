"""Fuzzing the paths requested from `agreements serve` (issue 28): any bytes in a request
line — traversals plain and encoded, backslashes, NUL, long segments, the base path or
not — are answered with a status, never a dropped connection or a file from outside the
preview's output folder, and the preview goes on answering."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import assume, event
from hypothesis import strategies as st

from generator.editing.serve import RELOAD_PATH, Preview, Settings, make_server
from tests.conftest import MINIMAL
from tests.fuzzing import fuzz

SECRET = b"SERVE-SECRET-51f0"
"""Written only outside the preview's output folder; no answer may hold it."""
BASE = "/register/"
ANSWERS = {200, 301, 302, 400, 404, 414}
"""What the preview may answer (301 adds the '/' of a folder; 302 sends '/' to the base)."""


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A preview of the minimal register under `BASE`, built once, with secrets beside its
    output folder, in its parent and in the content folder's parent."""
    root = tmp_path_factory.mktemp("serve")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    for place in (root, root / "preview"):
        place.mkdir(exist_ok=True)
        (place / "secret.txt").write_bytes(SECRET)
        (place / "secret.html").write_bytes(b"<p>" + SECRET)
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(content, dt.date(2024, 6, 1), None, f"https://e.org{BASE}", out, err)
    preview = Preview(settings, root / "preview" / "site")
    preview.rebuild()
    assert preview.failure_html is None, err.getvalue()
    with make_server(preview, 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.server_address[:2]
        server.shutdown()
    assert "Traceback" not in err.getvalue()


def _get(address: tuple[str, int], target: bytes) -> tuple[int | None, bytes]:
    """Send `GET target` as raw bytes; the status (None for an HTTP/0.9 answer, which has
    none) and the whole answer."""
    line = b"GET " + target + b" HTTP/1.1"
    with socket.create_connection(address, timeout=20) as connection:
        connection.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while piece := connection.recv(65536):
            answer += piece
    # Two words (`GET HTTP/1.1`): the standard library reads HTTP/0.9, whose answer has no
    # status line. It splits the line as Latin-1 text, where U+00A0 is a space too.
    if len(line.decode("latin-1").split()) == 2:
        return None, answer
    status = answer.split(b"\r\n", 1)[0].split(b" ")
    assert len(status) >= 2 and status[0].startswith(b"HTTP/"), answer[:100]
    return int(status[1]), answer


_SEGMENTS = st.one_of(
    st.sampled_from(
        [
            "..",
            ".",
            "",
            "%2e%2e",
            "%2E%2E",
            ".%2e",
            "%2e.",
            "%252e%252e",
            "..%2f",
            "..%5c",
            "..\\..",
            "%00",
            "%0a",
            "%",
            "%zz",
            "secret.txt",
            "secret.html",
            "site",
            "preview",
            "register",
            "agreements",
            "quy-che-nghe-an",
            "index.html",
            "404.html",
            "static",
            "style.css",
            "~",
            "*",
            "?",
            "#",
            ";",
            "a" * 300,
            "%c0%ae%c0%ae",
            "%ef%bc%8e",
        ]
    ),  # fmt: skip
    st.text(max_size=12).map(lambda text: text.replace("\r", "").replace("\n", "")),
)
PATHS = st.one_of(
    st.builds(
        lambda base, segments, tail: (base + "/".join(segments) + tail).encode("utf-8"),
        st.sampled_from([BASE, "/", "", "//", BASE + "/", "http://x" + BASE, "*"]),
        st.lists(_SEGMENTS, max_size=8),
        st.sampled_from(["", "/", "?q=..%2f", "#x", "?"]),
    ),
    st.binary(max_size=60).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b"")),
    st.integers(5_000, 100_000).map(lambda n: BASE.encode() + b"a" * n),
)


@fuzz(target=PATHS)
def test_any_requested_path_is_answered_and_never_leaves_the_site(
    address: tuple[str, int], target: bytes
) -> None:
    """Each request is answered with a status the preview gives on purpose, holding
    nothing from outside its output folder; the preview answers the next one."""
    assume(not target.split(b"?")[0].rstrip(b"/").endswith(RELOAD_PATH.rstrip("/").encode()))
    status, answer = _get(address, target)
    event(f"status {status}")
    assert status is None or status in ANSWERS, answer[:300]
    assert SECRET not in answer
    assert _get(address, BASE.encode())[0] == 200
