"""Time `agreements serve` from saving an edit of one agreement's body to the page served
with it, on a synthetic register; beside it, in the same run, the full rebuild that follows.

    python -m benchmarks.bench_serve [--size 1000] [--repeat 5]

Prints the median of `--repeat` edits (a different agreement each time): the seconds from
the save to the edited page served over HTTP, and the seconds until the rebuild of the
whole site is announced.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.synthetic import write_register

REPO = Path(__file__).parent.parent
_ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+/\S*)")


def _lines(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line)


def _wait(check: object, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.005)


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def main() -> None:
    """Start a preview, edit bodies one at a time, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        content = write_register(Path(folder) / "content", args.size)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", "0"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "AGREEMENTS_LANG": "en"},
        )
        out: list[str] = []
        threading.Thread(target=_lines, args=(process.stdout, out), daemon=True).start()
        try:
            _wait(lambda: any("serving" in line for line in out))
            address = next(m[1] for line in out if (m := _ADDRESS.search(line)))
            paths = sorted((content / "agreements").rglob("*.md"))
            page_times, rebuild_times = [], []
            for run in range(args.repeat):
                path = paths[(run * 7919) % len(paths)]
                url = f"{address}agreements/{path.stem}/"
                sentence = f"Câu sửa số {run} để đo thời gian."
                built = sum("built" in line for line in out)
                saved = time.perf_counter()
                with open(path, "a", encoding="utf-8") as file:
                    file.write(f"\n{sentence}\n")
                _wait(lambda: sentence in _page(url))  # noqa: B023
                page_times.append(time.perf_counter() - saved)
                _wait(lambda: sum("built" in line for line in out) > built)  # noqa: B023
                rebuild_times.append(time.perf_counter() - saved)
        finally:
            process.terminate()
            process.wait(timeout=60)
    page_times.sort()
    rebuild_times.sort()
    print(
        f"{args.size} agreements, median of {args.repeat} edits: edited page served "
        f"{page_times[len(page_times) // 2]:.3f} s after the save "
        f"(min {page_times[0]:.3f}, max {page_times[-1]:.3f}); "
        f"whole site rebuilt {rebuild_times[len(rebuild_times) // 2]:.2f} s after"
    )


if __name__ == "__main__":
    main()
