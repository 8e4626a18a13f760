"""Screenshot built pages in headless Chromium at phone and desktop widths.

    python -m scripts.screenshots SITE_DIR OUT_DIR PATH [PATH ...]

Serves SITE_DIR on a free loopback port and saves OUT_DIR/<name>-<width>.png for each
path at 390 px and 1280 px wide (full page). Needs Debian's `chromium` and the
`browser` extra (playwright); nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDTHS = (390, 1280)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port; yields its address (no trailing '/')."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def shoot(site: Path, out: Path, paths: list[str]) -> list[Path]:
    """Save full-page screenshots of `paths` and return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                # Network idle: the search page has fetched its index and shown results. A
                # feed styled by XSLT never reports its stylesheet's request done: load then.
                url = f"{address}/{path.lstrip('/')}"
                try:
                    page.goto(url, wait_until="networkidle", timeout=15_000)
                except PlaywrightTimeout:
                    page.goto(url, wait_until="load")
                name = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "home"
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                saved.append(target)
            page.close()
        browser.close()
    return saved


if __name__ == "__main__":
    for file in shoot(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]):
        print(file)
