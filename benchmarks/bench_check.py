"""Time `load()` (what `agreements check` does) on the seed content and on large registers.

    python -m benchmarks.bench_check [--sizes 1000 10000] [--repeat 5]

The machine is small and noisy, so every figure is a median, and each register is
also timed with a reference in the same run: reading every file and parsing its
front matter with plain `yaml.safe_load`, the least any checker has to do. The
ratio to that reference is the figure to compare across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.synthetic import write_register
from generator.publish.build import load

REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 1, 1)


def median(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _reference(folder: Path) -> None:
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        yaml.safe_load(text.split("---\n", 2)[1])


def _row(name: str, folder: Path, repeat: int) -> None:
    files = sum(1 for _ in folder.rglob("*.md"))
    loaded = load(folder, today=TODAY)
    assert not loaded.errors, loaded.errors[:3]
    ours = median(lambda: load(folder, today=TODAY), repeat)
    reference = median(lambda: _reference(folder), repeat)
    print(
        f"{name:<22} {files:>7} files  check {ours:7.3f} s  "
        f"reference {reference:7.3f} s  ratio {ours / reference:5.2f}  "
        f"{1000 * ours / files:6.3f} ms/file"
    )


def main() -> None:
    """Print one line of medians per register size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"medians of {args.repeat} runs")
    _row("seed content", REPO / "content", args.repeat)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            _row(f"synthetic {size}", write_register(Path(folder), size), args.repeat)


if __name__ == "__main__":
    main()
