"""What a visitor downloads for a first search, on the seed site and on large registers.

    python -m benchmarks.bench_search [--sizes 10000]

Builds each register, opens `/search/?q=…` in Debian's Chromium with an empty cache
and adds up every response until the results are shown: as served here (uncompressed)
and gzip-compressed (what GitHub Pages and most servers send). The search page's own
HTML, CSS and scripts are counted; the index files are split out. Also prints how long
the whole build took (one run, Pagefind indexing included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from benchmarks.synthetic import write_register
from generator.publish.build import build
from scripts.screenshots import CHROMIUM, FLAGS, serve

REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)
QUERY = "lien doan lao dong nghe an"


def _first_query(site: Path, query: str) -> tuple[list[tuple[str, int, int]], int]:
    """(path, bytes, gzip bytes) of every response for one search, and the result count."""
    responses: list[tuple[str, int, int]] = []
    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()

        def record(response) -> None:
            if response.ok:
                body = response.body()
                path = response.url.removeprefix(address)
                responses.append((path, len(body), len(gzip.compress(body, 6))))

        page.on("response", record)
        page.goto(f"{address}/search/?q={quote(query)}")
        page.wait_for_function(
            "document.querySelector('.search-results').dataset.done === location.search"
        )
        page.wait_for_load_state("networkidle")
        count = page.locator(".search-result").count()
        browser.close()
    return responses, count


def _report(name: str, site: Path, seconds: float) -> None:
    responses, count = _first_query(site, QUERY)
    total = sum(size for _, size, _ in responses)
    packed = sum(size for _, _, size in responses)
    index = [r for r in responses if r[0].startswith("/search/pagefind")]  # every part
    print(
        f"{name:<24} {count:>3} results shown  {len(responses):>3} requests  "
        f"{total / 1024:8.1f} KB ({packed / 1024:7.1f} KB gzip), of which search "
        f"{sum(r[1] for r in index) / 1024:7.1f} KB ({sum(r[2] for r in index) / 1024:6.1f} KB "
        f"gzip) in {len(index)} files; build {seconds:.1f} s"
    )


def _built(folder: Path, work: Path) -> tuple[Path, float]:
    site = work / "site"
    started = time.perf_counter()
    built = build(folder, site, today=TODAY)
    assert built.written, built.loaded.errors[:3]
    return site, time.perf_counter() - started


def main() -> None:
    """Print one line per register."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        site, seconds = _built(REPO / "content", work / "seed")
        _report("seed content", site, seconds)
        for size in args.sizes:
            folder = work / f"content-{size}"
            write_register(folder, size)
            site, seconds = _built(folder, work / f"built-{size}")
            _report(f"synthetic {size:,}", site, seconds)


if __name__ == "__main__":
    main()
