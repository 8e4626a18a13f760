"""Time a one-record push as the publishing workflow builds it: a fresh clone (no `site/`)
with `.agreements-cache/` restored from the previous run, beside a fresh clone without
it (what every push cost before the workflow kept the cache).

    python -m benchmarks.bench_ci_cache [--sizes 1000] [--repeat 3]

Each run copies the register into an empty folder (the clone), edits one agreement's body,
copies the previous run's cache in (the restore) or not, and times `agreements build` as a
whole process. Medians of `--repeat` runs, the two kinds of run taking turns so that the
machine's noise falls on both.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_register

AS_OF = "2026-01-01"


def _agreements_command() -> list[str]:
    return [sys.executable, "-m", "generator"]


def _build(clone: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*_agreements_command(), "build", "--content", "content", "--as-of", AS_OF],
        cwd=clone,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _clone(register: Path, target: Path, cache: Path | None) -> Path:
    """An empty folder with the register's content, one agreement edited, and the restored
    cache if any."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(register, target / "content")
    first = sorted((target / "content" / "agreements").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    if cache is not None:
        shutil.copytree(cache, target / ".agreements-cache")
    return target


def _row(size: int, repeat: int, work: Path) -> None:
    register = write_register(work / f"register-{size}", size)
    previous = work / "previous-run"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    shutil.copytree(register, previous / "content")
    _build(previous)  # the run before the push: its cache is what actions/cache saved
    cache = previous / ".agreements-cache"
    restored, cold = [], []
    for _ in range(repeat):
        restored.append(_build(_clone(register, work / "clone", cache)))
        cold.append(_build(_clone(register, work / "clone", None)))
    with_cache, without = statistics.median(restored), statistics.median(cold)
    print(
        f"{size:>6} agreements  one-edit push, cache restored {with_cache:7.2f} s  "
        f"without cache (cold) {without:7.2f} s  ratio {with_cache / without:5.2f}"
    )


def main() -> None:
    """Print one row per register size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ci-cache-") as work:
        for size in options.sizes:
            _row(size, options.repeat, Path(work))


if __name__ == "__main__":
    main()
